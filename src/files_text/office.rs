//! DOCX and ODT: the body is one XML entry of a ZIP archive (`word/document.xml`,
//! `content.xml`). Only that entry is inflated, streamed through `quick-xml` with namespaces
//! resolved, and cut off after a cap; images and other entries are never read. PPTX: the text of
//! every slide (`ppt/slides/slideN.xml`); XLSX: the shared strings (`xl/sharedStrings.xml`, the
//! text typed into cells; numbers are not words). The old binary DOC, XLS and PPT are not read:
//! their words are not counted.

use std::fs::File;
use std::io::{self, BufRead, BufReader};

use quick_xml::NsReader;
use quick_xml::errors::IllFormedError;
use quick_xml::escape::resolve_xml_entity;
use quick_xml::events::Event;
use quick_xml::name::{Namespace, QName, ResolveResult};
use zip::ZipArchive;

use super::{Capped, TextError};
use crate::domain::word_count::WordCounter;

/// WordprocessingML, transitional and strict.
const W_NS: [&str; 2] = [
    "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
    "http://purl.oclc.org/ooxml/wordprocessingml/main",
];
/// Markup compatibility: `mc:Fallback` repeats a text box already given in `mc:Choice`.
const MC_NS: &str = "http://schemas.openxmlformats.org/markup-compatibility/2006";
const TEXT_NS: &str = "urn:oasis:names:tc:opendocument:xmlns:text:1.0";
const OFFICE_NS: &str = "urn:oasis:names:tc:opendocument:xmlns:office:1.0";
/// DrawingML (the text of slides), transitional and strict.
const A_NS: [&str; 2] = [
    "http://schemas.openxmlformats.org/drawingml/2006/main",
    "http://purl.oclc.org/ooxml/drawingml/main",
];
/// SpreadsheetML (shared strings), transitional and strict.
const S_NS: [&str; 2] = [
    "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
    "http://purl.oclc.org/ooxml/spreadsheetml/main",
];

/// What an element means for counting.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    /// Its text is the document's text; `separates` when it is a paragraph (ends a word).
    Text {
        separates: bool,
    },
    /// Ends a word: a paragraph (or a spreadsheet cell's text), tab, line break or space.
    Break {
        paragraph: bool,
    },
    /// Not the document's text (deleted text, comments, repeated fallbacks): skipped whole.
    Skip,
    Other,
}

type Roles = fn(&str, &str) -> Role;

/// DOCX: text of `w:t`; `w:p`, `w:tab`, `w:br` and `w:cr` end words. Deleted text (`w:delText`)
/// and field codes (`w:instrText`) are not `w:t`, so they are not counted.
fn docx_role(namespace: &str, local: &str) -> Role {
    if W_NS.contains(&namespace) {
        match local {
            "t" => Role::Text { separates: false },
            "p" => Role::Break { paragraph: true },
            "tab" | "br" | "cr" => Role::Break { paragraph: false },
            _ => Role::Other,
        }
    } else if namespace == MC_NS && local == "Fallback" {
        Role::Skip
    } else {
        Role::Other
    }
}

/// ODT: text of `text:p` and `text:h` (spans, links and the like inside them included);
/// `text:s`, `text:tab` and `text:line-break` end words. Tracked deletions, footnote citation
/// numbers and comments are skipped.
fn odt_role(namespace: &str, local: &str) -> Role {
    match (namespace, local) {
        (TEXT_NS, "p" | "h") => Role::Text { separates: true },
        (TEXT_NS, "s" | "tab" | "line-break") => Role::Break { paragraph: false },
        (TEXT_NS, "tracked-changes" | "note-citation") | (OFFICE_NS, "annotation") => Role::Skip,
        _ => Role::Other,
    }
}

/// PPTX slides: text of `a:t`; `a:p`, `a:br` and `a:tab` end words.
fn pptx_role(namespace: &str, local: &str) -> Role {
    if A_NS.contains(&namespace) {
        match local {
            "t" => Role::Text { separates: false },
            "p" => Role::Break { paragraph: true },
            "br" | "tab" => Role::Break { paragraph: false },
            _ => Role::Other,
        }
    } else {
        Role::Other
    }
}

/// XLSX shared strings: text of `t`; each string (`si`) ends words; phonetic guides (`rPh`)
/// repeat the text and are skipped.
fn xlsx_role(namespace: &str, local: &str) -> Role {
    if S_NS.contains(&namespace) {
        match local {
            "t" => Role::Text { separates: false },
            "si" => Role::Break { paragraph: true },
            "rPh" => Role::Skip,
            _ => Role::Other,
        }
    } else {
        Role::Other
    }
}

/// The office formats whose text is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Office {
    Docx,
    Odt,
    Pptx,
    Xlsx,
}

/// What a walk through a document's XML feeds: the word counter, or the text itself.
pub(super) trait Sink {
    /// Ends a word: `paragraph` for a paragraph's end, otherwise a tab or line break.
    fn separate(&mut self, paragraph: bool);
    fn push_str(&mut self, text: &str);
    fn push_char(&mut self, c: char);
}

impl Sink for WordCounter {
    fn separate(&mut self, _paragraph: bool) {
        WordCounter::separate(self);
    }

    fn push_str(&mut self, text: &str) {
        WordCounter::push_str(self, text);
    }

    fn push_char(&mut self, c: char) {
        WordCounter::push_char(self, c);
    }
}

/// The document's text, paragraphs on lines of their own, up to `limit` characters.
pub(super) struct TextSink {
    pub(super) text: String,
    chars: usize,
    limit: usize,
    /// More text than the limit was found.
    pub(super) cut: bool,
}

impl TextSink {
    pub(super) fn new(limit: usize) -> Self {
        Self {
            text: String::new(),
            chars: 0,
            limit,
            cut: false,
        }
    }
}

impl Sink for TextSink {
    fn separate(&mut self, paragraph: bool) {
        let mark = if paragraph { '\n' } else { ' ' };
        if !self.text.is_empty() && !self.text.ends_with(['\n', ' ']) {
            self.push_char(mark);
        } else if paragraph && self.text.ends_with(' ') {
            self.text.pop();
            self.text.push('\n');
        }
    }

    fn push_str(&mut self, text: &str) {
        for c in text.chars() {
            self.push_char(c);
        }
    }

    fn push_char(&mut self, c: char) {
        if self.chars >= self.limit {
            self.cut = true;
            return;
        }
        self.chars += 1;
        self.text.push(c);
    }
}

/// Reads the text of an office document of `kind` through `sink`: only the entries holding its
/// text are inflated, at most `cap` bytes of them.
pub(super) fn walk_office<S: Sink>(
    kind: Office,
    file: File,
    cap: u64,
    sink: S,
) -> Result<S, TextError> {
    let mut archive = ZipArchive::new(BufReader::new(file)).map_err(TextError::unreadable)?;
    let (entries, roles): (Vec<String>, Roles) = match kind {
        Office::Docx => (vec!["word/document.xml".to_owned()], docx_role),
        Office::Odt => (vec!["content.xml".to_owned()], odt_role),
        Office::Pptx => {
            let mut slides: Vec<String> = archive
                .file_names()
                .filter(|n| n.starts_with("ppt/slides/slide") && n.ends_with(".xml"))
                .map(str::to_owned)
                .collect();
            slides.sort_by_key(|n| slide_number(n));
            (slides, pptx_role)
        }
        // A spreadsheet without shared strings holds no text.
        Office::Xlsx if archive.by_name("xl/sharedStrings.xml").is_err() => return Ok(sink),
        Office::Xlsx => (vec!["xl/sharedStrings.xml".to_owned()], xlsx_role),
    };
    let (mut sink, mut read) = (sink, 0u64);
    for name in entries {
        let entry = archive.by_name(&name).map_err(TextError::unreadable)?;
        read = read.saturating_add(entry.size());
        if read > cap {
            return Err(TextError::TooLarge);
        }
        sink = entry_walk(entry, roles, cap, sink)?;
        sink.separate(true);
    }
    Ok(sink)
}

/// `ppt/slides/slide12.xml` → 12, so slides are read in their order.
fn slide_number(name: &str) -> u32 {
    name.trim_start_matches("ppt/slides/slide")
        .trim_end_matches(".xml")
        .parse()
        .unwrap_or(u32::MAX)
}

#[cfg(test)]
pub(super) fn docx_words(file: File, cap: u64) -> Result<usize, TextError> {
    walk_office(Office::Docx, file, cap, WordCounter::new()).map(|c| c.words())
}

fn entry_walk<R: io::Read, S: Sink>(
    entry: R,
    roles: Roles,
    cap: u64,
    sink: S,
) -> Result<S, TextError> {
    let mut reader = NsReader::from_reader(BufReader::new(Capped::new(entry, cap)));
    walk_xml(&mut reader, roles, sink).map_err(|e| match e {
        quick_xml::Error::Io(io) if io.kind() == io::ErrorKind::FileTooLarge => TextError::TooLarge,
        other => TextError::unreadable(other),
    })
}

fn namespace<'a>(resolved: &ResolveResult<'a>) -> &'a str {
    match resolved {
        ResolveResult::Bound(Namespace(uri)) => uri,
        _ => "",
    }
}

/// Where a walk through the XML is: the words so far, and how many text elements and how many
/// elements enclose the current position.
struct Walk<S> {
    sink: S,
    in_text: usize,
    open: usize,
}

impl<S: Sink> Walk<S> {
    /// A start tag; true when the element is to be skipped whole.
    fn start(&mut self, role: Role) -> bool {
        self.open += 1;
        match role {
            Role::Text { separates } => {
                self.in_text += 1;
                if separates {
                    self.sink.separate(true);
                }
            }
            Role::Break { paragraph } => self.sink.separate(paragraph),
            Role::Skip => return true,
            Role::Other => {}
        }
        false
    }

    /// An element skipped whole has been read to its end tag.
    fn skipped(&mut self) {
        self.open = self.open.saturating_sub(1);
    }

    fn end(&mut self, role: Role) {
        self.open = self.open.saturating_sub(1);
        match role {
            Role::Text { separates } => {
                self.in_text = self.in_text.saturating_sub(1);
                if separates {
                    self.sink.separate(true);
                }
            }
            Role::Break { paragraph } => self.sink.separate(paragraph),
            Role::Skip | Role::Other => {}
        }
    }

    fn empty(&mut self, role: Role) {
        match role {
            Role::Text { separates: true } => self.sink.separate(true),
            Role::Break { paragraph } => self.sink.separate(paragraph),
            Role::Text { separates: false } | Role::Skip | Role::Other => {}
        }
    }
}

fn walk_xml<R: BufRead, S: Sink>(
    reader: &mut NsReader<R>,
    roles: Roles,
    sink: S,
) -> quick_xml::Result<S> {
    let mut walk = Walk {
        sink,
        in_text: 0,
        open: 0,
    };
    let mut buf = Vec::new();
    let mut skipped = Vec::new();
    loop {
        buf.clear();
        let (resolved, event) = reader.read_resolved_event_into(&mut buf)?;
        let ns = namespace(&resolved);
        match event {
            Event::Start(start) => {
                let skip_whole = walk.start(roles(ns, start.local_name().as_ref()));
                if skip_whole {
                    let end = start.name().as_ref().to_owned();
                    skipped.clear();
                    reader.read_to_end_into(QName(&end), &mut skipped)?;
                    walk.skipped();
                }
            }
            Event::End(end) => walk.end(roles(ns, end.local_name().as_ref())),
            Event::Empty(empty) => walk.empty(roles(ns, empty.local_name().as_ref())),
            Event::Text(text) if walk.in_text > 0 => walk.sink.push_str(&text.xml10_content()),
            Event::CData(text) if walk.in_text > 0 => {
                walk.sink.push_str(&text.xml10_content());
            }
            Event::GeneralRef(reference) if walk.in_text > 0 => {
                if let Some(c) = reference.resolve_char_ref()? {
                    walk.sink.push_char(c);
                } else if let Some(text) = resolve_xml_entity(&reference) {
                    walk.sink.push_str(text);
                }
            }
            // quick-xml does not report elements left open at the end: a cut-off body.
            Event::Eof if walk.open > 0 => {
                return Err(IllFormedError::MissingEndTag(String::new()).into());
            }
            Event::Eof => return Ok(walk.sink),
            _ => {}
        }
    }
}
