//! Plain text: UTF-8, or UTF-16 after a byte order mark, in the sniffed window
//! ([`looks_like_text`]) and then to the end of the file ([`TextCheck`]).

/// UTF-8, or UTF-16 after a byte order mark (as older Windows Notepad saves "Unicode"); no NUL,
/// and at most one control character (other than tab, line breaks and form feed) per hundred.
/// A character cut by the end of the window is allowed.
pub(super) fn looks_like_text(head: &[u8], whole_file: bool) -> bool {
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
