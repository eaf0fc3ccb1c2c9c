//! The allow-list and how a claimed type is reconciled with the bytes.

use super::*;

#[test]
fn claim_reads_filenames_with_client_directories() {
    assert_eq!(
        Claim::parse(Some("C:\\Users\\me\\Report.PDF")),
        Claim::Kind(MediaType::Pdf)
    );
    assert_eq!(
        Claim::parse(Some("../notes.md")),
        Claim::Kind(MediaType::Markdown)
    );
    assert_eq!(Claim::parse(Some("IMG_1234")), Claim::Nothing);
    assert_eq!(Claim::parse(Some(".bashrc")), Claim::Nothing);
    assert_eq!(Claim::parse(None), Claim::Nothing);
    assert_eq!(
        Claim::parse(Some("setup.exe")),
        Claim::Unlisted(".exe".to_owned())
    );
}

#[test]
fn claim_reads_content_types() {
    assert_eq!(
        Claim::parse(Some("Application/PDF; name=x")),
        Claim::Kind(MediaType::Pdf)
    );
    assert_eq!(
        Claim::parse(Some("application/octet-stream")),
        Claim::Nothing
    );
    assert_eq!(
        Claim::parse(Some("text/html")),
        Claim::Unlisted("text/html".to_owned())
    );
    // A filename in a folder is not a content type.
    assert_eq!(
        Claim::parse(Some("evidence/report.pdf")),
        Claim::Kind(MediaType::Pdf)
    );
}

#[test]
fn markdown_is_text_named_md() {
    let found = Sniffed::Allowed(MediaType::Text);
    assert!(matches!(
        resolve(found, &Claim::Kind(MediaType::Markdown)),
        Ok(MediaType::Markdown)
    ));
    assert!(matches!(
        resolve(found, &Claim::Nothing),
        Ok(MediaType::Text)
    ));
}

#[test]
fn png_named_pdf_is_a_mismatch() {
    let result = resolve(
        Sniffed::Allowed(MediaType::Png),
        &Claim::Kind(MediaType::Pdf),
    );
    assert!(matches!(
        result,
        Err(FileError::TypeMismatch {
            claimed: MediaType::Pdf,
            ..
        })
    ));
}

#[test]
fn allowed_bytes_under_an_unlisted_name_are_refused() {
    let result = resolve(
        Sniffed::Allowed(MediaType::Pdf),
        &Claim::Unlisted(".exe".to_owned()),
    );
    assert!(matches!(result, Err(FileError::NotAllowed { .. })));
}

#[test]
fn every_type_round_trips_through_its_mime_and_extension() {
    for kind in MediaType::ALL {
        assert_eq!(MediaType::from_mime(kind.mime()), Some(kind));
        assert_eq!(MediaType::from_extension(kind.extension()), Some(kind));
    }
}
