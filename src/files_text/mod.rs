//! Words in uploaded documents, for the word count the page shows and the SQA S1 length check
//! ([`crate::domain::word_count`]). Reads a stored file by path, in a bounded way: plain text is
//! streamed; for DOCX and ODT only the one ZIP entry holding the body is inflated, streamed
//! through the XML reader and stopped after [`MAX_TEXT_BYTES`]; Markdown (parsed whole) is capped
//! at the same size and PDF (parsed whole by `pdf-extract`) at [`MAX_PDF_BYTES`].
//!
//! Blocking: call it from a blocking task (`actix_web::web::block`), not on the async runtime.

mod office;
#[cfg(test)]
mod tests;

use std::fs::File;
use std::io::{self, BufReader, Read};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::Path;

use crate::domain::word_count::{WordCounter, count_markdown_words};

pub const MEDIA_TXT: &str = "text/plain";
pub const MEDIA_MARKDOWN: &str = "text/markdown";
pub const MEDIA_DOCX: &str =
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
pub const MEDIA_ODT: &str = "application/vnd.oasis.opendocument.text";
pub const MEDIA_PDF: &str = "application/pdf";
pub const MEDIA_XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
pub const MEDIA_PPTX: &str =
    "application/vnd.openxmlformats-officedocument.presentationml.presentation";

/// The most text read from one document: the body XML of a DOCX or ODT after inflating, or a
/// Markdown file. A 3,500-word project is well under 1 MiB of it.
pub const MAX_TEXT_BYTES: u64 = 50 * 1024 * 1024;
/// The largest PDF whose text is extracted (the whole file is parsed in memory).
pub const MAX_PDF_BYTES: u64 = 64 * 1024 * 1024;

/// Why a document's words could not be counted. The messages are for the person who uploaded it;
/// `detail` is for the log.
#[derive(Debug, thiserror::Error)]
pub enum TextError {
    #[error("The document could not be opened to count its words.")]
    Io(#[from] io::Error),
    #[error("The document could not be read to count its words.")]
    Unreadable { detail: String },
    #[error("The document is too large to count its words.")]
    TooLarge,
}

impl TextError {
    fn unreadable(detail: impl std::fmt::Display) -> Self {
        TextError::Unreadable {
            detail: detail.to_string(),
        }
    }
}

/// The number of words in the file at `path`, read as `media_type` (parameters such as
/// `; charset=utf-8` are ignored). `Ok(None)` means not countable: a type without words (an
/// image, audio, video) or a PDF whose text cannot be extracted (a scanned page).
pub fn words_in_file(path: &Path, media_type: &str) -> Result<Option<usize>, TextError> {
    let essence = essence(media_type);
    match essence.as_str() {
        MEDIA_TXT => plain_text_words(File::open(path)?).map(Some),
        MEDIA_MARKDOWN | "text/x-markdown" => markdown_words(File::open(path)?).map(Some),
        MEDIA_PDF => pdf_words(File::open(path)?),
        other => match office_kind(other) {
            Some(kind) => {
                office::walk_office(kind, File::open(path)?, MAX_TEXT_BYTES, WordCounter::new())
                    .map(|c| Some(c.words()))
            }
            // The old binary DOC, XLS and PPT are kept and shown but their words are not counted.
            None => Ok(None),
        },
    }
}

/// `text/plain` of `Text/Plain; charset=utf-8`.
fn essence(media_type: &str) -> String {
    media_type
        .split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase()
}

fn office_kind(essence: &str) -> Option<office::Office> {
    match essence {
        MEDIA_DOCX => Some(office::Office::Docx),
        MEDIA_ODT => Some(office::Office::Odt),
        MEDIA_PPTX => Some(office::Office::Pptx),
        MEDIA_XLSX => Some(office::Office::Xlsx),
        _ => None,
    }
}

/// The text of an office document (DOCX, ODT, PPTX, XLSX) or a plain-text or Markdown file, for
/// reading in the page: paragraphs on lines of their own, at most `limit` characters, and
/// whether more was cut off. `Ok(None)` for any other type (PDFs, images and recordings are shown
/// as they are; the old binary office formats are not read).
pub fn text_of_file(
    path: &Path,
    media_type: &str,
    limit: usize,
) -> Result<Option<(String, bool)>, TextError> {
    let essence = essence(media_type);
    if let Some(kind) = office_kind(&essence) {
        let sink = office::walk_office(
            kind,
            File::open(path)?,
            MAX_TEXT_BYTES,
            office::TextSink::new(limit),
        )?;
        return Ok(Some((sink.text.trim().to_owned(), sink.cut)));
    }
    match essence.as_str() {
        MEDIA_TXT | MEDIA_MARKDOWN | "text/x-markdown" => {
            let bytes = read_capped(File::open(path)?, MAX_TEXT_BYTES)?;
            let (text, _, _) = encoding_rs::UTF_8.decode(&bytes);
            let cut = text.chars().count() > limit;
            Ok(Some((text.chars().take(limit).collect(), cut)))
        }
        _ => Ok(None),
    }
}

/// Streams text through the counter in chunks: UTF-8, or UTF-16 when it starts with a byte order
/// mark (as Windows Notepad saves "Unicode"); invalid bytes are replaced, never an error.
fn plain_text_words(file: File) -> Result<usize, TextError> {
    const CHUNK: usize = 64 * 1024;
    let mut reader = BufReader::new(file);
    let mut decoder = encoding_rs::UTF_8.new_decoder();
    let mut bytes = vec![0u8; CHUNK];
    let capacity = decoder
        .max_utf8_buffer_length(CHUNK)
        .ok_or_else(|| TextError::unreadable("decode buffer size overflows"))?;
    let mut text = String::with_capacity(capacity);
    let mut counter = WordCounter::new();
    loop {
        let read = match reader.read(&mut bytes) {
            Ok(read) => read,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e.into()),
        };
        let last = read == 0;
        let mut input = &bytes[..read];
        loop {
            text.clear();
            let (result, consumed, _) = decoder.decode_to_string(input, &mut text, last);
            counter.push_str(&text);
            input = &input[consumed..];
            if result == encoding_rs::CoderResult::InputEmpty {
                break;
            }
        }
        if last {
            return Ok(counter.words());
        }
    }
}

fn markdown_words(file: File) -> Result<usize, TextError> {
    let bytes = read_capped(file, MAX_TEXT_BYTES)?;
    let (text, _, _) = encoding_rs::UTF_8.decode(&bytes);
    Ok(count_markdown_words(&text))
}

/// Reads a whole (small) file, or `TooLarge` past `cap` bytes.
fn read_capped(file: File, cap: u64) -> Result<Vec<u8>, TextError> {
    let mut bytes = Vec::new();
    file.take(cap.saturating_add(1)).read_to_end(&mut bytes)?;
    if u64::try_from(bytes.len()).unwrap_or(u64::MAX) > cap {
        return Err(TextError::TooLarge);
    }
    Ok(bytes)
}

/// PDF text through `pdf-extract` (pure Rust, over `lopdf`). A PDF that parses but yields no
/// words is a scan or a picture: not countable. `pdf-extract` panics on some unusual fonts and
/// structures; a panic is caught and reported as an unreadable document.
fn pdf_words(file: File) -> Result<Option<usize>, TextError> {
    if file.metadata()?.len() > MAX_PDF_BYTES {
        return Err(TextError::TooLarge);
    }
    let bytes = read_capped(file, MAX_PDF_BYTES)?;
    let extracted = catch_unwind(AssertUnwindSafe(|| {
        pdf_extract::extract_text_from_mem(&bytes)
    }));
    let text = match extracted {
        Ok(Ok(text)) => text,
        Ok(Err(e)) => return Err(TextError::unreadable(e)),
        Err(_) => return Err(TextError::unreadable("pdf-extract panicked")),
    };
    match crate::domain::word_count::count_words(&text) {
        0 => Ok(None),
        words => Ok(Some(words)),
    }
}

/// A reader that gives at most `remaining` bytes and then fails with `FileTooLarge` if there is
/// more, so a ZIP entry that inflates to gigabytes stops early.
struct Capped<R> {
    inner: R,
    remaining: u64,
}

impl<R: Read> Capped<R> {
    fn new(inner: R, cap: u64) -> Self {
        Capped {
            inner,
            remaining: cap,
        }
    }
}

impl<R: Read> Read for Capped<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if self.remaining == 0 {
            let mut probe = [0u8; 1];
            return match self.inner.read(&mut probe)? {
                0 => Ok(0),
                _ => Err(io::Error::new(
                    io::ErrorKind::FileTooLarge,
                    "document text is over the cap",
                )),
            };
        }
        let max = usize::try_from(self.remaining)
            .unwrap_or(usize::MAX)
            .min(buf.len());
        let read = self.inner.read(&mut buf[..max])?;
        self.remaining = self
            .remaining
            .saturating_sub(u64::try_from(read).unwrap_or(u64::MAX));
        Ok(read)
    }
}
