//! Documents built here by hand (minimal DOCX, ODT and PDF), written to temp files.

use std::error::Error;
use std::fs::File;
use std::io::Write;
use std::path::{Path, PathBuf};

use zip::CompressionMethod;
use zip::write::{SimpleFileOptions, ZipWriter};

use super::*;

type TestResult = Result<(), Box<dyn Error>>;

/// A file under the temp dir, removed when dropped (even when an assertion fails).
struct TempFile(PathBuf);

impl TempFile {
    fn new(extension: &str) -> Self {
        let name = format!("eportfolio-words-{}.{extension}", uuid::Uuid::new_v4());
        TempFile(std::env::temp_dir().join(name))
    }

    fn with_bytes(extension: &str, bytes: &[u8]) -> Result<Self, Box<dyn Error>> {
        let file = TempFile::new(extension);
        std::fs::write(&file.0, bytes)?;
        Ok(file)
    }

    fn with_zip(extension: &str, entries: &[(&str, &str)]) -> Result<Self, Box<dyn Error>> {
        let file = TempFile::new(extension);
        let mut zip = ZipWriter::new(File::create(&file.0)?);
        for (name, content) in entries {
            let method = if *name == "mimetype" {
                CompressionMethod::Stored
            } else {
                CompressionMethod::Deflated
            };
            zip.start_file(
                *name,
                SimpleFileOptions::default().compression_method(method),
            )?;
            zip.write_all(content.as_bytes())?;
        }
        zip.finish()?;
        Ok(file)
    }

    fn path(&self) -> &Path {
        &self.0
    }
}

impl Drop for TempFile {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

const DOCX_BODY: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006">
  <w:body>
    <w:p><w:r><w:t>Person-centred care</w:t></w:r><w:r><w:t xml:space="preserve"> for Mòrag</w:t></w:r></w:p>
    <w:p><w:r><w:t>care</w:t></w:r><w:r><w:t>giver</w:t></w:r><w:r><w:tab/><w:t>3,500</w:t></w:r></w:p>
    <w:p><w:r><w:t>A &amp; E</w:t></w:r><w:del><w:r><w:delText>deleted words</w:delText></w:r></w:del>
      <w:r><w:instrText> PAGE </w:instrText></w:r></w:p>
    <w:p><w:r><w:t>end</w:t></w:r></w:p><w:p><w:r><w:t>next&#x20;para</w:t></w:r></w:p>
    <w:p><w:r><mc:AlternateContent>
      <mc:Choice Requires="wps"><w:txbxContent><w:p><w:r><w:t>text box words</w:t></w:r></w:p></w:txbxContent></mc:Choice>
      <mc:Fallback><w:txbxContent><w:p><w:r><w:t>text box words</w:t></w:r></w:p></w:txbxContent></mc:Fallback>
    </mc:AlternateContent></w:r></w:p>
    <w:sectPr/>
  </w:body>
</w:document>"#;

const CONTENT_TYPES: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>"#;

const ODT_CONTENT: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
    xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.3">
  <office:body><office:text>
    <text:tracked-changes><text:changed-region text:id="c1"><text:deletion>
      <text:p>removed words here</text:p></text:deletion></text:changed-region></text:tracked-changes>
    <text:h text:outline-level="1">Care plan</text:h>
    <text:p>Mòrag's <text:span>àite</text:span><text:s/>is<text:tab/>person-centred<text:line-break/>support</text:p>
    <text:p>care<text:span>giver</text:span> notes<text:note text:note-class="footnote"><text:note-citation>1</text:note-citation><text:note-body><text:p>A footnote</text:p></text:note-body></text:note></text:p>
    <office:annotation><text:p>a comment</text:p></office:annotation>
    <text:p/>
  </office:text></office:body>
</office:document-content>"#;

fn docx(document: &str) -> Result<TempFile, Box<dyn Error>> {
    TempFile::with_zip(
        "docx",
        &[
            ("[Content_Types].xml", CONTENT_TYPES),
            ("word/document.xml", document),
        ],
    )
}

/// A one-page PDF with the given content stream, offsets in the cross-reference table computed.
fn pdf(content: &str) -> Vec<u8> {
    let objects = [
        "<< /Type /Catalog /Pages 2 0 R >>".to_owned(),
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_owned(),
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R \
         /Resources << /Font << /F1 5 0 R >> >> >>"
            .to_owned(),
        format!(
            "<< /Length {} >>\nstream\n{content}\nendstream",
            content.len()
        ),
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>".to_owned(),
    ];
    let mut out = String::from("%PDF-1.4\n");
    let mut offsets = Vec::new();
    for (i, object) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.push_str(&format!("{} 0 obj\n{object}\nendobj\n", i + 1));
    }
    let xref = out.len();
    out.push_str(&format!(
        "xref\n0 {}\n0000000000 65535 f \n",
        objects.len() + 1
    ));
    for offset in offsets {
        out.push_str(&format!("{offset:010} 00000 n \n"));
    }
    out.push_str(&format!(
        "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
        objects.len() + 1
    ));
    out.into_bytes()
}

#[test]
fn docx_counts_the_text_runs_once_each() -> TestResult {
    let file = docx(DOCX_BODY)?;
    // 4 + caregiver 3,500 (2) + A E (2) + end (1) + next para (2) + text box words once (3)
    assert_eq!(words_in_file(file.path(), MEDIA_DOCX)?, Some(14));
    Ok(())
}

#[test]
fn odt_counts_paragraphs_and_headings_without_deletions_or_comments() -> TestResult {
    let file = TempFile::with_zip(
        "odt",
        &[("mimetype", MEDIA_ODT), ("content.xml", ODT_CONTENT)],
    )?;
    // Care plan (2) + Mòrag's àite is person-centred support (5) + caregiver notes A footnote (4)
    assert_eq!(words_in_file(file.path(), MEDIA_ODT)?, Some(11));
    Ok(())
}

#[test]
fn pdf_text_is_extracted_and_counted() -> TestResult {
    let file = TempFile::with_bytes(
        "pdf",
        &pdf("BT /F1 12 Tf 72 720 Td (Hello care world) Tj ET"),
    )?;
    assert_eq!(words_in_file(file.path(), MEDIA_PDF)?, Some(3));
    Ok(())
}

#[test]
fn pdf_without_text_is_not_countable() -> TestResult {
    let file = TempFile::with_bytes("pdf", &pdf("0 0 1 rg 72 72 200 200 re f"))?;
    assert_eq!(words_in_file(file.path(), MEDIA_PDF)?, None);
    Ok(())
}

#[test]
fn malformed_pdf_is_an_error() -> TestResult {
    let file = TempFile::with_bytes("pdf", b"%PDF-1.4\nthis is not a PDF at all\n")?;
    let result = words_in_file(file.path(), MEDIA_PDF);
    assert!(
        matches!(result, Err(TextError::Unreadable { .. })),
        "{result:?}"
    );
    Ok(())
}

#[test]
fn plain_text_counts_words_and_ignores_the_charset_parameter() -> TestResult {
    let file = TempFile::with_bytes(
        "txt",
        "Person-centred care, 3,500 words — Mòrag's àite.\n".as_bytes(),
    )?;
    assert_eq!(
        words_in_file(file.path(), "Text/Plain; charset=utf-8")?,
        Some(6)
    );
    Ok(())
}

#[test]
fn plain_text_is_streamed_across_chunks() -> TestResult {
    // 13 bytes a repeat, so chunk ends fall inside words and inside two-byte letters.
    let text = "Mòrag àite ".repeat(12_000);
    let file = TempFile::with_bytes("txt", text.as_bytes())?;
    assert_eq!(words_in_file(file.path(), MEDIA_TXT)?, Some(24_000));
    Ok(())
}

#[test]
fn plain_text_in_utf16_with_a_byte_order_mark() -> TestResult {
    let mut bytes = vec![0xFF, 0xFE];
    bytes.extend(
        "Mòrag's care plan"
            .encode_utf16()
            .flat_map(u16::to_le_bytes),
    );
    let file = TempFile::with_bytes("txt", &bytes)?;
    assert_eq!(words_in_file(file.path(), MEDIA_TXT)?, Some(3));
    Ok(())
}

#[test]
fn markdown_counts_what_a_reader_sees() -> TestResult {
    let markdown = "# Title\n\n- Some [linked text](https://example.org/a-b) here.\n";
    let file = TempFile::with_bytes("md", markdown.as_bytes())?;
    assert_eq!(words_in_file(file.path(), MEDIA_MARKDOWN)?, Some(5));
    Ok(())
}

#[test]
fn media_without_words_is_not_countable() -> TestResult {
    let file = TempFile::with_bytes("jpg", &[0xFF, 0xD8, 0xFF, 0xE0])?;
    assert_eq!(words_in_file(file.path(), "image/jpeg")?, None);
    assert_eq!(words_in_file(file.path(), "video/mp4")?, None);
    Ok(())
}

#[test]
fn malformed_zip_is_an_error_with_a_plain_message() -> TestResult {
    let file = TempFile::with_bytes("docx", b"PK\x03\x04 this is not really a zip")?;
    let result = words_in_file(file.path(), MEDIA_DOCX);
    assert!(
        matches!(result, Err(TextError::Unreadable { .. })),
        "{result:?}"
    );
    let message = result.err().map(|e| e.to_string());
    assert_eq!(
        message.as_deref(),
        Some("The document could not be read to count its words.")
    );
    assert!(matches!(
        words_in_file(file.path(), MEDIA_ODT),
        Err(TextError::Unreadable { .. })
    ));
    Ok(())
}

#[test]
fn docx_without_a_body_or_with_broken_xml_is_an_error() -> TestResult {
    let no_body = TempFile::with_zip("docx", &[("[Content_Types].xml", CONTENT_TYPES)])?;
    assert!(matches!(
        words_in_file(no_body.path(), MEDIA_DOCX),
        Err(TextError::Unreadable { .. })
    ));
    let broken = docx("<w:document xmlns:w=\"x\"><w:body><w:p></w:body></w:document>")?;
    assert!(matches!(
        words_in_file(broken.path(), MEDIA_DOCX),
        Err(TextError::Unreadable { .. })
    ));
    let cut_off = docx(
        DOCX_BODY
            .get(..DOCX_BODY.len() / 2)
            .ok_or("not a char boundary")?,
    )?;
    assert!(matches!(
        words_in_file(cut_off.path(), MEDIA_DOCX),
        Err(TextError::Unreadable { .. })
    ));
    Ok(())
}

#[test]
fn docx_body_over_the_cap_is_too_large() -> TestResult {
    let body = DOCX_BODY.replace("<w:sectPr/>", &" ".repeat(4096));
    let file = docx(&body)?;
    let result = office::docx_words(File::open(file.path())?, 1024);
    assert!(matches!(result, Err(TextError::TooLarge)), "{result:?}");
    Ok(())
}

#[test]
fn capped_reader_stops_after_the_cap() -> TestResult {
    let mut capped = Capped::new(&b"0123456789"[..], 4);
    let mut out = Vec::new();
    let result = capped.read_to_end(&mut out);
    assert_eq!(out, b"0123");
    assert!(matches!(result, Err(e) if e.kind() == io::ErrorKind::FileTooLarge));
    let mut exact = Capped::new(&b"0123"[..], 4);
    let mut out = Vec::new();
    assert_eq!(exact.read_to_end(&mut out)?, 4);
    Ok(())
}

#[test]
fn a_missing_file_is_an_io_error() {
    let missing = TempFile::new("txt");
    assert!(matches!(
        words_in_file(missing.path(), MEDIA_TXT),
        Err(TextError::Io(_))
    ));
}

#[test]
fn pptx_words_are_the_text_of_every_slide() -> TestResult {
    let slide = |text: &str| {
        format!(
            r#"<p:sld xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main" xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"><p:cSld><p:spTree><p:sp><p:txBody><a:p><a:r><a:t>{text}</a:t></a:r></a:p><a:p><a:r><a:t>Next</a:t></a:r></a:p></p:txBody></p:sp></p:spTree></p:cSld></p:sld>"#
        )
    };
    let (one, two) = (slide("Person centred planning"), slide("Outcomes"));
    let file = TempFile::with_zip(
        "pptx",
        &[
            ("[Content_Types].xml", "<Types/>"),
            ("ppt/presentation.xml", "<p/>"),
            ("ppt/slides/slide1.xml", &one),
            ("ppt/slides/slide2.xml", &two),
        ],
    )?;
    assert_eq!(words_in_file(file.path(), MEDIA_PPTX)?, Some(6));
    Ok(())
}

#[test]
fn xlsx_words_are_its_shared_strings() -> TestResult {
    let strings = r#"<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>Fluid chart</t></si><si><r><t>Mrs</t></r><r><t xml:space="preserve"> B</t></r></si></sst>"#;
    let file = TempFile::with_zip(
        "xlsx",
        &[
            ("xl/workbook.xml", "<w/>"),
            ("xl/sharedStrings.xml", strings),
        ],
    )?;
    assert_eq!(words_in_file(file.path(), MEDIA_XLSX)?, Some(4));
    let empty = TempFile::with_zip("xlsx", &[("xl/workbook.xml", "<w/>")])?;
    assert_eq!(words_in_file(empty.path(), MEDIA_XLSX)?, Some(0));
    Ok(())
}

#[test]
fn old_binary_office_files_are_not_counted() -> TestResult {
    let file = TempFile::with_bytes("doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1 rest")?;
    assert_eq!(words_in_file(file.path(), "application/msword")?, None);
    Ok(())
}

#[test]
fn the_text_of_a_docx_reads_paragraph_by_paragraph_and_stops_at_the_limit() -> TestResult {
    let body = r#"<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>Mr B chose</w:t></w:r><w:r><w:tab/><w:t>first.</w:t></w:r></w:p><w:p><w:r><w:t>Then his sister came.</w:t></w:r></w:p></w:body></w:document>"#;
    let file = docx(body)?;
    let (text, cut) = text_of_file(file.path(), MEDIA_DOCX, 1000)?.ok_or("no text")?;
    assert_eq!(text, "Mr B chose first.\nThen his sister came.");
    assert!(!cut);
    let (short, cut) = text_of_file(file.path(), MEDIA_DOCX, 10)?.ok_or("no text")?;
    assert_eq!(short, "Mr B chose");
    assert!(cut, "what is cut off is said");
    Ok(())
}

#[test]
fn pdfs_images_and_old_binary_office_files_have_no_text_to_show() -> TestResult {
    let file = docx(DOCX_BODY)?;
    assert_eq!(text_of_file(file.path(), "application/pdf", 100)?, None);
    assert_eq!(text_of_file(file.path(), "image/png", 100)?, None);
    assert_eq!(text_of_file(file.path(), "application/msword", 100)?, None);
    Ok(())
}
