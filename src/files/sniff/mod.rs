//! Telling a file's type from its first bytes, never from its name. Only [`SNIFF_LEN`] bytes are
//! looked at (and buffered); text is then followed to the end by [`TextCheck`].

mod audio_video;
mod office;
mod text;

use audio_video::{ebml, iso_media, mpeg_audio_frame};
use office::{COMPOUND_MAGIC, compound, zip};
pub use text::TextCheck;
use text::looks_like_text;

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
    if head.starts_with(COMPOUND_MAGIC) {
        return compound(head);
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
    const KNOWN: [(&[u8], &str); 11] = [
        (b"MZ", "a Windows program"),
        (b"\xcf\xfa\xed\xfe", "a program (Mach-O)"),
        (b"\xca\xfe\xba\xbe", "a program (Mach-O or Java)"),
        (b"GIF8", "a GIF image"),
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

#[cfg(test)]
mod tests;
