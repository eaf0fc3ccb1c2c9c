//! Office documents. ZIP-based: DOCX, XLSX, PPTX and ODT allowed; macro-enabled Office files,
//! other OpenDocument files, e-books and plain archives named and refused. OLE compound files:
//! the old DOC, XLS and PPT allowed, told apart by their stream names when the window holds them.

use crate::files::media::{MediaType, Sniffed};

/// DOCX and ODT are both ZIP files; the entry names (stored uncompressed in each local header),
/// an ODT's leading `mimetype` entry and a DOCX's `[Content_Types].xml` tell them apart.
pub(super) fn zip(head: &[u8]) -> Sniffed {
    let leading_mimetype = LocalEntry::at(head, 0)
        .filter(|first| first.name == b"mimetype" && first.method == 0)
        .map(|first| first.data);
    if let Some(mimetype) = leading_mimetype {
        if mimetype == b"application/vnd.oasis.opendocument.text" {
            return Sniffed::Allowed(MediaType::Odt);
        }
        if mimetype.starts_with(b"application/vnd.oasis.opendocument") {
            return Sniffed::Refused("an OpenDocument file that is not a text document");
        }
        if mimetype == b"application/epub+zip" {
            return Sniffed::Refused("an e-book (EPUB)");
        }
    }

    let (mut word, mut macros, mut spreadsheet, mut presentation) = (false, false, false, false);
    let entries = memmem_all(head, b"PK\x03\x04").filter_map(|at| LocalEntry::at(head, at));
    for entry in entries {
        if entry.name == b"[Content_Types].xml" {
            let mut inflated = [0u8; 16 * 1024];
            let types = match entry.method {
                0 => entry.data,
                8 => inflate_prefix(entry.data, &mut inflated),
                _ => &[],
            };
            word |= contains(types, b"wordprocessingml.document.main+xml");
            macros |= contains(types, b"macroEnabled");
            spreadsheet |= contains(types, b"spreadsheetml");
            presentation |= contains(types, b"presentationml");
        }
        word |= entry.name.starts_with(b"word/");
        macros |= entry.name.ends_with(b"vbaProject.bin");
        spreadsheet |= entry.name.starts_with(b"xl/");
        presentation |= entry.name.starts_with(b"ppt/");
    }
    if macros {
        Sniffed::Refused("a macro-enabled Office document")
    } else if word {
        Sniffed::Allowed(MediaType::Docx)
    } else if spreadsheet {
        Sniffed::Allowed(MediaType::Xlsx)
    } else if presentation {
        Sniffed::Allowed(MediaType::Pptx)
    } else {
        Sniffed::Refused("a ZIP archive")
    }
}

/// The magic number of an OLE compound file (DOC, XLS, PPT and others).
pub(super) const COMPOUND_MAGIC: &[u8] = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1";

/// An OLE compound file. Its directory names its streams in UTF-16: `WordDocument`, `Workbook`
/// (or `Book`), `PowerPoint Document`; VBA macros live in `_VBA_PROJECT` or `Macros`. The
/// directory is usually in the first sectors; when the window does not show it the file is taken
/// as a DOC and its name decides between the three (`media::resolve`).
pub(super) fn compound(head: &[u8]) -> Sniffed {
    let has = |name: &str| {
        let utf16: Vec<u8> = name.encode_utf16().flat_map(u16::to_le_bytes).collect();
        contains(head, &utf16)
    };
    if has("_VBA_PROJECT") || has("Macros") {
        Sniffed::Refused("a macro-enabled Office document")
    } else if has("PowerPoint Document") {
        Sniffed::Allowed(MediaType::Ppt)
    } else if has("Workbook") || has("Book\0") {
        Sniffed::Allowed(MediaType::Xls)
    } else {
        Sniffed::Allowed(MediaType::Doc)
    }
}

/// One ZIP local file header found in the sniffed window, with as much of its data as the window
/// holds.
struct LocalEntry<'a> {
    name: &'a [u8],
    method: u16,
    data: &'a [u8],
}

impl<'a> LocalEntry<'a> {
    fn at(head: &'a [u8], at: usize) -> Option<Self> {
        let header = head.get(at..at.checked_add(30)?)?;
        let u16_at = |i: usize| u16::from_le_bytes([header[i], header[i + 1]]);
        let u32_at =
            |i: usize| u32::from_le_bytes([header[i], header[i + 1], header[i + 2], header[i + 3]]);
        if &header[..4] != b"PK\x03\x04" {
            return None;
        }
        let method = u16_at(8);
        let compressed = usize::try_from(u32_at(18)).ok()?;
        let name_len = usize::from(u16_at(26));
        let extra_len = usize::from(u16_at(28));
        let name = head.get(at + 30..at + 30 + name_len)?;
        let data_start = (at + 30 + name_len + extra_len).min(head.len());
        // Zero means the size follows the data (a data descriptor): take what the window has.
        let data_end = if compressed == 0 {
            head.len()
        } else {
            data_start.saturating_add(compressed).min(head.len())
        };
        Some(Self {
            name,
            method,
            data: &head[data_start..data_end],
        })
    }
}

/// Inflates as much of a raw deflate stream as `input` holds (it may be cut short).
fn inflate_prefix<'o>(input: &[u8], output: &'o mut [u8]) -> &'o [u8] {
    let mut inflater = flate2::Decompress::new(false);
    match inflater.decompress(input, output, flate2::FlushDecompress::None) {
        Ok(_) => {
            let written = usize::try_from(inflater.total_out()).unwrap_or(0);
            &output[..written.min(output.len())]
        }
        Err(_) => &[],
    }
}

fn memmem_all<'h>(haystack: &'h [u8], needle: &'h [u8]) -> impl Iterator<Item = usize> + 'h {
    haystack
        .windows(needle.len())
        .enumerate()
        .filter(move |(_, window)| *window == needle)
        .map(|(at, _)| at)
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    memmem_all(haystack, needle).next().is_some()
}
