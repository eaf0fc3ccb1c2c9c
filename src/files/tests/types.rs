//! Types told from the bytes, never the name: renamed programs and archives refused, DOCX, ODT,
//! text, Markdown and media accepted and checked against their names.

use super::*;

#[test]
fn elf_renamed_pdf_is_refused() -> TestResult {
    run(async {
        let test = TestStore::new()?;
        // Shorter than the sniffed window (refused at finish) and longer (refused while writing).
        for len in [200, 3 * SNIFF_LEN] {
            let result = test
                .upload(&elf_bytes(len), 4096, Some("invoice.pdf"))
                .await;
            let Err(error) = result else {
                return Err("an ELF program was stored".into());
            };
            assert!(matches!(error, FileError::NotAllowed { .. }), "{error:?}");
            assert_eq!(
                error.to_string(),
                "Files of this type cannot be uploaded. Allowed: PDF, Word (DOCX, DOC), Excel \
                 (XLSX, XLS), PowerPoint (PPTX, PPT), OpenDocument text (ODT), text, Markdown, \
                 JPEG, PNG, HEIC, MP3, M4A, WAV, MP4, WebM."
            );
            assert!(test.is_empty()?);
        }
        Ok(())
    })
}

#[test]
fn zip_renamed_pdf_is_refused() -> TestResult {
    run(async {
        let test = TestStore::new()?;
        let zip = zip_bytes(&[
            (
                "photos/one.jpg",
                CompressionMethod::Stored,
                b"\xff\xd8\xff\xe0",
            ),
            ("readme.txt", CompressionMethod::Deflated, b"hello"),
        ])?;
        let result = test.upload(&zip, 1024, Some("report.pdf")).await;
        assert!(
            matches!(&result, Err(FileError::NotAllowed { found }) if found == "a ZIP archive"),
            "{result:?}"
        );
        assert!(test.is_empty()?);
        Ok(())
    })
}

#[test]
fn png_renamed_pdf_is_a_mismatch() -> TestResult {
    run(async {
        let test = TestStore::new()?;
        let png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0";
        let result = test.upload(png, 5, Some("care plan.pdf")).await;
        let Err(error) = result else {
            return Err("a PNG named .pdf was stored".into());
        };
        assert_eq!(
            error.to_string(),
            "This file's contents are not a PDF, although its name says so."
        );
        assert!(test.is_empty()?);
        Ok(())
    })
}

#[test]
fn docx_built_by_a_zip_writer_is_accepted_and_checked_against_its_name() -> TestResult {
    run(async {
        let test = TestStore::new()?;
        let docx = docx_bytes()?;
        let stored = test
            .upload(&docx, 100, Some("Unit 3 reflection.docx"))
            .await?;
        assert_eq!(stored.media_type, MediaType::Docx);
        assert_eq!(stored.extension, "docx");

        let as_odt = test.upload(&docx, 100, Some("reflection.odt")).await;
        assert!(matches!(
            as_odt,
            Err(FileError::TypeMismatch {
                claimed: MediaType::Odt,
                ..
            })
        ));
        let as_pdf = test.upload(&docx, 100, Some("reflection.pdf")).await;
        assert!(matches!(
            as_pdf,
            Err(FileError::TypeMismatch {
                claimed: MediaType::Pdf,
                ..
            })
        ));
        assert_eq!(test.tmp_entries()?, 0);
        assert_eq!(test.object_files()?, 1);
        Ok(())
    })
}

#[test]
fn docx_is_known_by_its_content_types_when_word_entries_come_late() -> TestResult {
    run(async {
        let test = TestStore::new()?;
        let thumbnail = noise(4 * SNIFF_LEN, 7);
        let docx = zip_bytes(&[
            (
                "[Content_Types].xml",
                CompressionMethod::Deflated,
                DOCX_CONTENT_TYPES,
            ),
            (
                "docProps/thumbnail.jpeg",
                CompressionMethod::Stored,
                &thumbnail,
            ),
            (
                "word/document.xml",
                CompressionMethod::Deflated,
                b"<w:document/>",
            ),
        ])?;
        let stored = test.upload(&docx, 64 * 1024, Some("scan.docx")).await?;
        assert_eq!(stored.media_type, MediaType::Docx);
        Ok(())
    })
}

#[test]
fn macro_enabled_word_document_is_refused() -> TestResult {
    run(async {
        let test = TestStore::new()?;
        let docm = zip_bytes(&[
            (
                "word/document.xml",
                CompressionMethod::Deflated,
                b"<w:document/>",
            ),
            (
                "word/vbaProject.bin",
                CompressionMethod::Stored,
                b"\xd0\xcf\x11\xe0",
            ),
        ])?;
        let result = test.upload(&docm, 100, Some("reflection.docx")).await;
        assert!(matches!(result, Err(FileError::NotAllowed { .. })));
        assert!(test.is_empty()?);
        Ok(())
    })
}

#[test]
fn odt_built_by_a_zip_writer_is_accepted_and_checked_against_its_name() -> TestResult {
    run(async {
        let test = TestStore::new()?;
        let odt = odt_bytes()?;
        let stored = test
            .upload(&odt, 100, Some("Observation notes.odt"))
            .await?;
        assert_eq!(stored.media_type, MediaType::Odt);
        assert_eq!(stored.extension, "odt");
        let as_docx = test.upload(&odt, 100, Some("Observation notes.docx")).await;
        assert!(matches!(
            as_docx,
            Err(FileError::TypeMismatch {
                claimed: MediaType::Docx,
                ..
            })
        ));

        let spreadsheet = zip_bytes(&[(
            "mimetype",
            CompressionMethod::Stored,
            b"application/vnd.oasis.opendocument.spreadsheet",
        )])?;
        let result = test.upload(&spreadsheet, 100, Some("timesheet.odt")).await;
        assert!(matches!(result, Err(FileError::NotAllowed { .. })));
        Ok(())
    })
}

#[test]
fn text_is_markdown_when_named_so_and_must_stay_text() -> TestResult {
    run(async {
        let test = TestStore::new()?;
        let notes = "# Supervision\n\nDiscussed moving and handling 😊\n".repeat(500);
        let markdown = test
            .upload(notes.as_bytes(), 1000, Some("notes.md"))
            .await?;
        assert_eq!(markdown.media_type, MediaType::Markdown);
        assert_eq!(markdown.extension, "md");
        let plain = test
            .upload(notes.as_bytes(), 1000, Some("notes.txt"))
            .await?;
        assert_eq!(plain.media_type, MediaType::Text);
        let unnamed = test.upload(notes.as_bytes(), 1000, None).await?;
        assert_eq!(unnamed.media_type, MediaType::Text);

        // Text for the sniffed window, then a program.
        let mut disguised = notes.into_bytes();
        disguised.extend(elf_bytes(1000));
        let result = test.upload(&disguised, 1000, Some("notes.txt")).await;
        assert!(matches!(result, Err(FileError::NotAllowed { .. })));

        let notepad: Vec<u8> = [0xfeff_u16]
            .into_iter()
            .chain("Observation — résumé 😊\r\n".repeat(400).encode_utf16())
            .flat_map(u16::to_le_bytes)
            .collect();
        let unicode = test.upload(&notepad, 999, Some("notes.txt")).await?;
        assert_eq!(unicode.media_type, MediaType::Text);

        let html = test
            .upload(b"<script>alert(1)</script>", 10, Some("page.html"))
            .await;
        assert!(matches!(html, Err(FileError::NotAllowed { .. })));
        assert_eq!(test.tmp_entries()?, 0);
        assert_eq!(test.object_files()?, 4);
        Ok(())
    })
}

#[test]
fn media_files_are_stored_with_their_types() -> TestResult {
    run(async {
        let test = TestStore::new()?;
        let mut mp4 = b"\0\0\0\x18ftypisom\0\0\x02\0isomavc1".to_vec();
        mp4.extend(noise(20_000, 11));
        let video = test.upload(&mp4, 4096, Some("handwashing.mp4")).await?;
        assert_eq!(video.media_type, MediaType::Mp4);
        // A generic MP4 brand in a file named .m4a is audio.
        let audio = test.upload(&mp4, 4096, Some("voice note.m4a")).await?;
        assert_eq!(audio.media_type, MediaType::M4a);
        let as_mp3 = test.upload(&mp4, 4096, Some("voice note.mp3")).await;
        assert!(matches!(as_mp3, Err(FileError::TypeMismatch { .. })));

        let mut mov = b"\0\0\0\x14ftypqt  \0\0\x02\0qt  ".to_vec();
        mov.extend(noise(100, 5));
        let result = test.upload(&mov, 4096, Some("IMG_0001.mp4")).await;
        assert!(matches!(result, Err(FileError::NotAllowed { .. })));
        Ok(())
    })
}
