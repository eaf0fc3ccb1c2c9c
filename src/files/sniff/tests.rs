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

fn compound_file(stream: &str) -> Vec<u8> {
    let mut bytes = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1".to_vec();
    bytes.resize(512, 0);
    bytes.extend(stream.encode_utf16().flat_map(u16::to_le_bytes));
    bytes.extend_from_slice(&[0, 0]);
    bytes
}

#[test]
fn old_office_files_are_told_apart_by_their_streams() {
    assert_eq!(
        sniff(&compound_file("WordDocument"), false),
        Sniffed::Allowed(MediaType::Doc)
    );
    assert_eq!(
        sniff(&compound_file("Workbook"), false),
        Sniffed::Allowed(MediaType::Xls)
    );
    assert_eq!(
        sniff(&compound_file("PowerPoint Document"), false),
        Sniffed::Allowed(MediaType::Ppt)
    );
    assert!(matches!(
        sniff(&compound_file("_VBA_PROJECT"), false),
        Sniffed::Refused(_)
    ));
}

fn zip_with(name: &str) -> Vec<u8> {
    let mut bytes = b"PK\x03\x04".to_vec();
    bytes.extend_from_slice(&[20, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
    bytes.extend_from_slice(&[0; 12]);
    bytes.extend_from_slice(&u16::try_from(name.len()).unwrap_or(0).to_le_bytes());
    bytes.extend_from_slice(&[0, 0]);
    bytes.extend_from_slice(name.as_bytes());
    bytes
}

#[test]
fn spreadsheets_and_presentations_are_allowed() {
    assert_eq!(
        sniff(&zip_with("xl/workbook.xml"), false),
        Sniffed::Allowed(MediaType::Xlsx)
    );
    assert_eq!(
        sniff(&zip_with("ppt/presentation.xml"), false),
        Sniffed::Allowed(MediaType::Pptx)
    );
    assert!(matches!(
        sniff(&zip_with("xl/vbaProject.bin"), false),
        Sniffed::Refused(_)
    ));
}
