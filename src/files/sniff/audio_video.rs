//! Audio and video containers: ISO base media (MP4, M4A, HEIC), EBML (WebM, Matroska) and MPEG
//! audio frames.

use crate::files::media::{MediaType, Sniffed};

/// ISO base media files (MP4, M4A, HEIC, MOV, AVIF, 3GP) carry brands in their `ftyp` box.
pub(super) fn iso_media(head: &[u8]) -> Sniffed {
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
pub(super) fn ebml(head: &[u8]) -> Sniffed {
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
pub(super) fn mpeg_audio_frame(bytes: &[u8]) -> Option<usize> {
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
