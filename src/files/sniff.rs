//! Telling a file's type from its first bytes, never from its name. Only [`SNIFF_LEN`] bytes are
//! looked at (and buffered); text is then followed to the end by [`TextCheck`].

use super::media::{MediaType, Sniffed};

/// How much of the start of a file is kept for sniffing.
pub const SNIFF_LEN: usize = 8 * 1024;

/// The type the bytes show. `whole_file` says that `head` is the entire file rather than its
/// first [`SNIFF_LEN`] bytes (a character cut in two at the end of the window is then an error).
pub fn sniff(head: &[u8], whole_file: bool) -> Sniffed {
    use MediaType::*;
    use Sniffed::{Allowed, Refused};

    if head.starts_with(b"%PDF-") {
        return Allowed(Pdf);
    }
    if head.starts_with(b"\x89PNG\r\n\x1a\n") {
        return Allowed(Png);
    }
    if head.starts_with(b"\xff\xd8\xff") {
        return Allowed(Jpeg);
    }
    if head.starts_with(b"\x7fELF") {
        return Refused("a program (ELF)");
    }
    if (head.starts_with(b"RIFF") || head.starts_with(b"RF64")) && head.len() >= 12 {
        return match &head[8..12] {
            b"WAVE" => Allowed(Wav),
            b"AVI " => Refused("an AVI video"),
            b"WEBP" => Refused("a WebP image"),
            _ => Refused("an unrecognised RIFF file"),
        };
    }
    if head.len() >= 16 && &head[4..8] == b"ftyp" {
        return iso_media(head);
    }
    if head.starts_with(b"\x1a\x45\xdf\xa3") {
        return ebml(head);
    }
    if head.starts_with(b"PK\x03\x04") {
        return zip(head);
    }
    if head.len() >= 10 && head.starts_with(b"ID3") && (2..=4).contains(&head[3]) {
        return Allowed(Mp3);
    }
    if let Some(length) = mpeg_audio_frame(head) {
        // A second frame where the first one says it ends makes a chance match unlikely.
        let second_fits = head.len() >= length + 4;
        if !second_fits || head.get(length..).and_then(mpeg_audio_frame).is_some() {
            return Allowed(Mp3);
        }
    }
    if looks_like_text(head, whole_file) {
        return Allowed(Text);
    }
    refused_by_magic(head)
}

/// Formats recognised only to name them in the log.
fn refused_by_magic(head: &[u8]) -> Sniffed {
    const KNOWN: [(&[u8], &str); 12] = [
        (b"MZ", "a Windows program"),
        (b"\xcf\xfa\xed\xfe", "a program (Mach-O)"),
        (b"\xca\xfe\xba\xbe", "a program (Mach-O or Java)"),
        (b"GIF8", "a GIF image"),
        (
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",
            "an old Office document (DOC, XLS or PPT)",
        ),
        (b"{\\rtf", "a rich-text document (RTF)"),
        (b"Rar!", "a RAR archive"),
        (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
        (b"\x1f\x8b", "a gzip archive"),
        (b"OggS", "an Ogg file"),
        (b"fLaC", "a FLAC audio file"),
        (b"PK\x05\x06", "an empty ZIP archive"),
    ];
    KNOWN
        .iter()
        .find(|(magic, _)| head.starts_with(magic))
        .map_or(Sniffed::Refused("an unrecognised file"), |(_, what)| {
            Sniffed::Refused(what)
        })
}

/// ISO base media files (MP4, M4A, HEIC, MOV, AVIF, 3GP) carry brands in their `ftyp` box.
fn iso_media(head: &[u8]) -> Sniffed {
    use MediaType::*;
    use Sniffed::{Allowed, Refused};
    const HEIC: [&[u8]; 6] = [b"heic", b"heix", b"heim", b"heis", b"hevc", b"hevx"];
    const HEIF_GENERIC: [&[u8]; 2] = [b"mif1", b"msf1"];
    const AVIF: [&[u8]; 2] = [b"avif", b"avis"];
    const M4A: [&[u8]; 3] = [b"M4A ", b"M4B ", b"M4P "];
    const MP4: [&[u8]; 18] = [
        b"isom", b"iso2", b"iso3", b"iso4", b"iso5", b"iso6", b"iso7", b"iso8", b"iso9", b"mp41",
        b"mp42", b"mp71", b"avc1", b"M4V ", b"M4VH", b"M4VP", b"dash", b"MSNV",
    ];

    let box_size = u32::from_be_bytes([head[0], head[1], head[2], head[3]]) as usize;
    let box_end = box_size.clamp(16, head.len());
    let major = &head[8..12];
    let compatible: Vec<&[u8]> = head[16..box_end].chunks_exact(4).collect();
    let has = |set: &[&[u8]]| compatible.iter().any(|brand| set.contains(brand));

    if HEIC.contains(&major) {
        Allowed(Heic)
    } else if AVIF.contains(&major) || (HEIF_GENERIC.contains(&major) && has(&AVIF)) {
        Refused("an AVIF image")
    } else if HEIF_GENERIC.contains(&major) {
        Allowed(Heic)
    } else if M4A.contains(&major) {
        Allowed(M4a)
    } else if MP4.contains(&major) {
        Allowed(Mp4)
    } else if major == b"qt  " {
        Refused("a QuickTime video (MOV)")
    } else if major.starts_with(b"3g") {
        Refused("a 3GP video")
    } else if has(&HEIC) {
        Allowed(Heic)
    } else if has(&M4A) {
        Allowed(M4a)
    } else if has(&MP4) {
        Allowed(Mp4)
    } else {
        Refused("an unrecognised ISO media file")
    }
}

/// WebM and Matroska share the EBML header; its DocType element tells them apart.
fn ebml(head: &[u8]) -> Sniffed {
    const DOC_TYPE: u64 = 0x4282;
    let Some((header_size, size_len)) = vint(&head[4..], false) else {
        return Sniffed::Refused("a damaged EBML file");
    };
    let start = 4 + size_len;
    let end = usize::try_from(header_size)
        .ok()
        .and_then(|size| start.checked_add(size))
        .map_or(head.len(), |end| end.min(head.len()));
    let mut at = start;
    while at < end {
        let Some((id, id_len)) = vint(&head[at..end], true) else {
            break;
        };
        let Some((size, size_len)) = vint(&head[at + id_len..end], false) else {
            break;
        };
        let data_start = at + id_len + size_len;
        let Some(data_end) = usize::try_from(size)
            .ok()
            .and_then(|size| data_start.checked_add(size))
            .filter(|data_end| *data_end <= end)
        else {
            break;
        };
        if id == DOC_TYPE {
            let doc_type = head[data_start..data_end]
                .strip_suffix(b"\0")
                .unwrap_or(&head[data_start..data_end]);
            return match doc_type {
                b"webm" => Sniffed::Allowed(MediaType::Webm),
                b"matroska" => Sniffed::Refused("a Matroska video (MKV)"),
                _ => Sniffed::Refused("an unrecognised EBML file"),
            };
        }
        at = data_end;
    }
    Sniffed::Refused("an EBML file without a document type")
}

/// An EBML variable-length integer: its value (with the length marker kept for element ids) and
/// its length in bytes.
fn vint(bytes: &[u8], keep_marker: bool) -> Option<(u64, usize)> {
    let first = *bytes.first()?;
    let length = first.leading_zeros() as usize + 1;
    if length > 8 || bytes.len() < length {
        return None;
    }
    let first = if keep_marker {
        first
    } else {
        first & (0xff >> length)
    };
    let value = bytes[1..length]
        .iter()
        .fold(u64::from(first), |value, byte| {
            (value << 8) | u64::from(*byte)
        });
    Some((value, length))
}

/// The length of the MPEG-1/2/2.5 Layer III frame whose header starts `bytes`, if it is one.
fn mpeg_audio_frame(bytes: &[u8]) -> Option<usize> {
    const BITRATES_V1: [u32; 15] = [
        0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320,
    ];
    const BITRATES_V2: [u32; 15] = [0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160];
    let [sync, flags, rates, ..] = *bytes else {
        return None;
    };
    if sync != 0xff || flags & 0xe0 != 0xe0 {
        return None;
    }
    let version = (flags >> 3) & 0b11; // 0: 2.5, 1: reserved, 2: MPEG-2, 3: MPEG-1
    let layer = (flags >> 1) & 0b11; // 1: Layer III
    if version == 1 || layer != 1 {
        return None;
    }
    let bitrate_index = usize::from(rates >> 4);
    let rate_index = usize::from((rates >> 2) & 0b11);
    if bitrate_index == 0 || bitrate_index == 15 || rate_index == 3 {
        return None;
    }
    let padding = u32::from((rates >> 1) & 1);
    let (kbps, sample_rate, factor) = match version {
        3 => (
            BITRATES_V1[bitrate_index],
            [44_100, 48_000, 32_000][rate_index],
            144,
        ),
        2 => (
            BITRATES_V2[bitrate_index],
            [22_050, 24_000, 16_000][rate_index],
            72,
        ),
        _ => (
            BITRATES_V2[bitrate_index],
            [11_025, 12_000, 8_000][rate_index],
            72,
        ),
    };
    usize::try_from(factor * kbps * 1000 / sample_rate + padding).ok()
}

/// DOCX and ODT are both ZIP files; the entry names (stored uncompressed in each local header),
/// an ODT's leading `mimetype` entry and a DOCX's `[Content_Types].xml` tell them apart.
fn zip(head: &[u8]) -> Sniffed {
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
        Sniffed::Refused("a spreadsheet (XLSX)")
    } else if presentation {
        Sniffed::Refused("a presentation (PPTX)")
    } else {
        Sniffed::Refused("a ZIP archive")
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

/// UTF-8, or UTF-16 after a byte order mark (as older Windows Notepad saves "Unicode"); no NUL,
/// and at most one control character (other than tab, line breaks and form feed) per hundred.
/// A character cut by the end of the window is allowed.
fn looks_like_text(head: &[u8], whole_file: bool) -> bool {
    match utf16_byte_order(head) {
        Some(little_endian) => looks_like_utf16(&head[2..], little_endian, whole_file),
        None => looks_like_utf8(head, whole_file),
    }
}

/// `Some(little_endian)` when `bytes` start with a UTF-16 byte order mark.
fn utf16_byte_order(bytes: &[u8]) -> Option<bool> {
    match bytes {
        [0xff, 0xfe, ..] => Some(true),
        [0xfe, 0xff, ..] => Some(false),
        _ => None,
    }
}

fn looks_like_utf8(head: &[u8], whole_file: bool) -> bool {
    let bytes = head.strip_prefix(b"\xef\xbb\xbf").unwrap_or(head);
    if bytes.contains(&0) {
        return false;
    }
    if let Err(error) = std::str::from_utf8(bytes) {
        // Only a character cut by the end of the window may be incomplete.
        if whole_file || error.error_len().is_some() {
            return false;
        }
    }
    let controls = bytes
        .iter()
        .filter(|&&b| (b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0c)) || b == 0x7f)
        .count();
    controls * 100 <= bytes.len()
}

fn looks_like_utf16(bytes: &[u8], little_endian: bool, whole_file: bool) -> bool {
    let pairs = bytes.chunks_exact(2);
    if whole_file && !pairs.remainder().is_empty() {
        return false;
    }
    let mut units: Vec<u16> = pairs
        .map(|pair| utf16_unit([pair[0], pair[1]], little_endian))
        .collect();
    if !whole_file && units.last().is_some_and(|unit| is_high_surrogate(*unit)) {
        units.pop();
    }
    let mut controls = 0;
    for decoded in char::decode_utf16(units.iter().copied()) {
        match decoded {
            Ok('\0') | Err(_) => return false,
            Ok(c) if c.is_control() && !matches!(c, '\t' | '\n' | '\r' | '\x0c') => controls += 1,
            Ok(_) => {}
        }
    }
    controls * 100 <= units.len()
}

fn utf16_unit(pair: [u8; 2], little_endian: bool) -> u16 {
    if little_endian {
        u16::from_le_bytes(pair)
    } else {
        u16::from_be_bytes(pair)
    }
}

fn is_high_surrogate(unit: u16) -> bool {
    (0xd800..0xdc00).contains(&unit)
}

fn is_low_surrogate(unit: u16) -> bool {
    (0xdc00..0xe000).contains(&unit)
}

/// Follows a file that began as text to its end: every byte must stay valid text in the encoding
/// it started with (UTF-8, or UTF-16 after a byte order mark) and NUL-free, so a text file cannot
/// carry binary data past the sniffed window.
#[derive(Debug, Default)]
pub struct TextCheck {
    encoding: Encoding,
    /// The first two bytes, until they show whether there is a UTF-16 byte order mark.
    start: [u8; 2],
    start_len: usize,
    /// UTF-8: the start of a character cut by the end of the last chunk.
    pending: [u8; 4],
    pending_len: usize,
    /// UTF-16: half a code unit, or a high surrogate waiting for its low half.
    odd_byte: Option<u8>,
    high_surrogate: bool,
    broken: bool,
}

#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
enum Encoding {
    #[default]
    Undecided,
    Utf8,
    Utf16 {
        little_endian: bool,
    },
}

impl TextCheck {
    pub fn feed(&mut self, mut chunk: &[u8]) {
        if self.broken || chunk.is_empty() {
            return;
        }
        if self.encoding == Encoding::Undecided {
            let take = (2 - self.start_len).min(chunk.len());
            self.start[self.start_len..self.start_len + take].copy_from_slice(&chunk[..take]);
            self.start_len += take;
            chunk = &chunk[take..];
            if self.start_len < 2 {
                return;
            }
            match utf16_byte_order(&self.start) {
                Some(little_endian) => self.encoding = Encoding::Utf16 { little_endian },
                None => {
                    self.encoding = Encoding::Utf8;
                    let start = self.start;
                    self.feed_utf8(&start);
                }
            }
        }
        match self.encoding {
            Encoding::Utf16 { little_endian } => self.feed_utf16(chunk, little_endian),
            _ => self.feed_utf8(chunk),
        }
    }

    fn feed_utf8(&mut self, mut chunk: &[u8]) {
        if self.broken || chunk.is_empty() {
            return;
        }
        if chunk.contains(&0) {
            self.broken = true;
            return;
        }
        if self.pending_len > 0 {
            // A character was cut at the end of the previous chunk: complete it first.
            let width = utf8_width(self.pending[0]);
            let take = (width - self.pending_len).min(chunk.len());
            self.pending[self.pending_len..self.pending_len + take].copy_from_slice(&chunk[..take]);
            self.pending_len += take;
            chunk = &chunk[take..];
            if self.pending_len < width {
                return;
            }
            if std::str::from_utf8(&self.pending[..width]).is_err() {
                self.broken = true;
                return;
            }
            self.pending_len = 0;
        }
        if let Err(error) = std::str::from_utf8(chunk) {
            let rest = &chunk[error.valid_up_to()..];
            if error.error_len().is_some() || rest.len() > self.pending.len() {
                self.broken = true;
            } else {
                self.pending[..rest.len()].copy_from_slice(rest);
                self.pending_len = rest.len();
            }
        }
    }

    fn feed_utf16(&mut self, chunk: &[u8], little_endian: bool) {
        for &byte in chunk {
            let Some(first) = self.odd_byte.take() else {
                self.odd_byte = Some(byte);
                continue;
            };
            let unit = utf16_unit([first, byte], little_endian);
            // After a high surrogate only a low one may come, and a low one only after a high.
            let paired = self.high_surrogate;
            self.high_surrogate = is_high_surrogate(unit);
            if unit == 0 || paired != is_low_surrogate(unit) {
                self.broken = true;
                return;
            }
        }
    }

    /// Still text so far (a character may be waiting for its last bytes).
    pub fn is_text_so_far(&self) -> bool {
        !self.broken
    }

    /// The whole file was text.
    pub fn is_complete_text(&self) -> bool {
        match self.encoding {
            _ if self.broken => false,
            // Fewer than two bytes in all.
            Encoding::Undecided => self.start[..self.start_len]
                .iter()
                .all(|b| (1..0x80).contains(b)),
            Encoding::Utf8 => self.pending_len == 0,
            Encoding::Utf16 { .. } => self.odd_byte.is_none() && !self.high_surrogate,
        }
    }
}

/// The length of the UTF-8 sequence a valid lead byte starts.
fn utf8_width(lead: u8) -> usize {
    match lead {
        0xc2..=0xdf => 2,
        0xe0..=0xef => 3,
        0xf0..=0xf4 => 4,
        _ => 1,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    type TestResult = Result<(), Box<dyn std::error::Error>>;

    fn ftyp(major: &[u8; 4], compatible: &[&[u8; 4]]) -> Vec<u8> {
        let size = 16 + 4 * compatible.len();
        let mut bytes = Vec::new();
        bytes.extend_from_slice(&u32::try_from(size).unwrap_or(16).to_be_bytes());
        bytes.extend_from_slice(b"ftyp");
        bytes.extend_from_slice(major);
        bytes.extend_from_slice(&[0, 0, 2, 0]);
        for brand in compatible {
            bytes.extend_from_slice(*brand);
        }
        bytes.extend_from_slice(&[0, 0, 0, 8, b'f', b'r', b'e', b'e']);
        bytes
    }

    #[test]
    fn documents_and_images_are_known_by_their_magic() {
        assert_eq!(
            sniff(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", true),
            Sniffed::Allowed(MediaType::Pdf)
        );
        assert_eq!(
            sniff(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR", true),
            Sniffed::Allowed(MediaType::Png)
        );
        assert_eq!(
            sniff(b"\xff\xd8\xff\xe0\0\x10JFIF\0", true),
            Sniffed::Allowed(MediaType::Jpeg)
        );
    }

    #[test]
    fn iso_media_brands_tell_heic_m4a_and_mp4_apart() {
        let cases: [(Vec<u8>, Sniffed); 7] = [
            (
                ftyp(b"heic", &[b"mif1", b"heic"]),
                Sniffed::Allowed(MediaType::Heic),
            ),
            (ftyp(b"mif1", &[b"heic"]), Sniffed::Allowed(MediaType::Heic)),
            (
                ftyp(b"mif1", &[b"avif", b"miaf"]),
                Sniffed::Refused("an AVIF image"),
            ),
            (
                ftyp(b"M4A ", &[b"M4A ", b"mp42", b"isom"]),
                Sniffed::Allowed(MediaType::M4a),
            ),
            (
                ftyp(b"isom", &[b"isom", b"iso2", b"avc1", b"mp41"]),
                Sniffed::Allowed(MediaType::Mp4),
            ),
            (
                ftyp(b"qt  ", &[b"qt  "]),
                Sniffed::Refused("a QuickTime video (MOV)"),
            ),
            (
                ftyp(b"XAVC", &[b"XAVC", b"mp42", b"iso2"]),
                Sniffed::Allowed(MediaType::Mp4),
            ),
        ];
        for (bytes, expected) in cases {
            assert_eq!(sniff(&bytes, true), expected);
        }
    }

    #[test]
    fn webm_is_told_from_matroska_by_doc_type() {
        // EBML header: EBMLVersion 1, DocType "webm".
        let webm = b"\x1a\x45\xdf\xa3\x8b\x42\x86\x81\x01\x42\x82\x84webm\x18\x53\x80\x67";
        assert_eq!(sniff(webm, true), Sniffed::Allowed(MediaType::Webm));
        let mkv = b"\x1a\x45\xdf\xa3\x8f\x42\x86\x81\x01\x42\x82\x88matroska\x18\x53\x80\x67";
        assert_eq!(sniff(mkv, true), Sniffed::Refused("a Matroska video (MKV)"));
    }

    #[test]
    fn wav_and_mp3_are_known_by_their_headers() {
        assert_eq!(
            sniff(b"RIFF\x24\0\0\0WAVEfmt \x10\0\0\0", true),
            Sniffed::Allowed(MediaType::Wav)
        );
        assert_eq!(
            sniff(b"ID3\x04\0\0\0\0\0\x21TIT2", true),
            Sniffed::Allowed(MediaType::Mp3)
        );
        // Two MPEG-1 Layer III frames, 128 kbit/s at 44.1 kHz: 417 bytes each.
        let mut frames = vec![0u8; 417 * 2];
        frames[..4].copy_from_slice(&[0xff, 0xfb, 0x90, 0x64]);
        frames[417..421].copy_from_slice(&[0xff, 0xfb, 0x90, 0x64]);
        assert_eq!(sniff(&frames, true), Sniffed::Allowed(MediaType::Mp3));
        // A frame header whose next frame is missing is a chance match, not audio.
        frames[417] = 0;
        assert_ne!(sniff(&frames, true), Sniffed::Allowed(MediaType::Mp3));
    }

    #[test]
    fn programs_are_refused() {
        assert_eq!(
            sniff(b"\x7fELF\x02\x01\x01\0\0\0\0\0\0\0\0\0", true),
            Sniffed::Refused("a program (ELF)")
        );
        assert_eq!(
            sniff(b"MZ\x90\0\x03\0\0\0\x04\0\0\0\xff\xff", true),
            Sniffed::Refused("a Windows program")
        );
    }

    #[test]
    fn text_is_utf8_without_nul_or_many_controls() {
        assert_eq!(
            sniff(
                "# Reflective account\n\nI supported Mrs B. ✓ 😊".as_bytes(),
                true
            ),
            Sniffed::Allowed(MediaType::Text)
        );
        assert_eq!(
            sniff(b"plain\0text", true),
            Sniffed::Refused("an unrecognised file")
        );
        assert_eq!(
            sniff(b"caf\xe9 latin-1", true),
            Sniffed::Refused("an unrecognised file")
        );
        assert_eq!(
            sniff(b"\x01\x02\x03\x04 abc", true),
            Sniffed::Refused("an unrecognised file")
        );
        let utf16: Vec<u8> = [0xfeff_u16]
            .into_iter()
            .chain("Notes 😊".encode_utf16())
            .flat_map(u16::to_be_bytes)
            .collect();
        assert_eq!(sniff(&utf16, true), Sniffed::Allowed(MediaType::Text));
        // Cut inside the emoji's surrogate pair, as the end of a window may cut it.
        assert_eq!(
            sniff(&utf16[..utf16.len() - 2], false),
            Sniffed::Allowed(MediaType::Text)
        );
        assert_ne!(
            sniff(&utf16[..utf16.len() - 2], true),
            Sniffed::Allowed(MediaType::Text)
        );
        // A character cut by the end of the window is fine; at the end of the file it is not.
        let cut = "x😊".as_bytes();
        let cut = &cut[..cut.len() - 1];
        assert_eq!(sniff(cut, false), Sniffed::Allowed(MediaType::Text));
        assert_ne!(sniff(cut, true), Sniffed::Allowed(MediaType::Text));
    }

    #[test]
    fn text_check_follows_characters_across_chunks() -> TestResult {
        let text = "añ😊 end".as_bytes();
        for split in 0..text.len() {
            let mut check = TextCheck::default();
            check.feed(&text[..split]);
            check.feed(&text[split..]);
            if !check.is_complete_text() {
                return Err(format!("split at {split} was not text").into());
            }
        }
        let notepad: Vec<u8> = [0xfeff_u16]
            .into_iter()
            .chain("Shift handover 😊\r\n".encode_utf16())
            .flat_map(u16::to_le_bytes)
            .collect();
        for split in 0..notepad.len() {
            let mut check = TextCheck::default();
            check.feed(&notepad[..split]);
            check.feed(&notepad[split..]);
            if !check.is_complete_text() {
                return Err(format!("UTF-16 split at {split} was not text").into());
            }
        }
        let mut check = TextCheck::default();
        // Cut inside the emoji's surrogate pair: text so far, but not a whole text.
        check.feed(&notepad[..notepad.len() - 5]);
        assert!(check.is_text_so_far());
        assert!(!check.is_complete_text());
        let mut check = TextCheck::default();
        check.feed(&notepad);
        check.feed(b"\0\0");
        assert!(!check.is_text_so_far());

        let mut check = TextCheck::default();
        check.feed(&text[..2]);
        assert!(check.is_text_so_far());
        assert!(!check.is_complete_text());
        check.feed(b"\xffmore");
        assert!(!check.is_text_so_far());
        Ok(())
    }
}
