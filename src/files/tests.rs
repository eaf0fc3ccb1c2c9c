//! The folder store driven as a handler would drive it, one refusal per test, each in its own
//! temporary folder.

use std::future::Future;
use std::io::{Cursor, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use futures_util::StreamExt;
use sha2::{Digest, Sha256};
use zip::CompressionMethod;
use zip::write::SimpleFileOptions;

use super::*;

type TestResult = Result<(), Box<dyn std::error::Error>>;

/// A store in a fresh folder under the system's temporary folder, removed when dropped.
struct TestStore {
    root: PathBuf,
    store: FolderStore,
}

impl TestStore {
    fn new() -> Result<Self, FileError> {
        Self::with_limit(DEFAULT_SIZE_LIMIT)
    }

    fn with_limit(limit: u64) -> Result<Self, FileError> {
        let root = std::env::temp_dir().join(format!("eportfolio-files-{}", uuid::Uuid::new_v4()));
        let store = FolderStore::new(root.clone())?.with_limit(limit);
        Ok(Self { root, store })
    }

    fn tmp_entries(&self) -> std::io::Result<usize> {
        Ok(std::fs::read_dir(self.root.join("tmp"))?.count())
    }

    fn object_files(&self) -> std::io::Result<usize> {
        count_files(&self.root.join("objects"))
    }

    /// Nothing in `tmp/` or `objects/`.
    fn is_empty(&self) -> std::io::Result<bool> {
        Ok(self.tmp_entries()? == 0 && self.object_files()? == 0)
    }

    async fn upload(
        &self,
        bytes: &[u8],
        chunk: usize,
        claimed: Option<&str>,
    ) -> Result<StoredFile, FileError> {
        let mut writer = self.store.begin().await?;
        for piece in bytes.chunks(chunk) {
            writer.write(piece).await?;
        }
        writer.finish(claimed).await
    }
}

impl Drop for TestStore {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.root);
    }
}

fn count_files(folder: &Path) -> std::io::Result<usize> {
    let mut count = 0;
    for entry in std::fs::read_dir(folder)? {
        let entry = entry?;
        if entry.file_type()?.is_dir() {
            count += count_files(&entry.path())?;
        } else {
            count += 1;
        }
    }
    Ok(count)
}

/// Runs a test on a current-thread runtime, like an actix worker.
fn run<F: Future<Output = TestResult>>(test: F) -> TestResult {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?
        .block_on(test)
}

fn pdf_bytes() -> Vec<u8> {
    let mut pdf = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n".to_vec();
    pdf.extend_from_slice(b"trailer\n<< /Root 1 0 R >>\n%%EOF\n");
    pdf
}

fn elf_bytes(len: usize) -> Vec<u8> {
    let mut elf = vec![0u8; len];
    elf[..16].copy_from_slice(b"\x7fELF\x02\x01\x01\0\0\0\0\0\0\0\0\0");
    elf
}

fn zip_bytes(
    entries: &[(&str, CompressionMethod, &[u8])],
) -> Result<Vec<u8>, zip::result::ZipError> {
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    for (name, method, data) in entries {
        zip.start_file(
            *name,
            SimpleFileOptions::default().compression_method(*method),
        )?;
        zip.write_all(data)?;
    }
    Ok(zip.finish()?.into_inner())
}

const DOCX_CONTENT_TYPES: &[u8] = br#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>"#;

fn docx_bytes() -> Result<Vec<u8>, zip::result::ZipError> {
    zip_bytes(&[
        (
            "[Content_Types].xml",
            CompressionMethod::Deflated,
            DOCX_CONTENT_TYPES,
        ),
        (
            "_rels/.rels",
            CompressionMethod::Deflated,
            b"<Relationships/>",
        ),
        (
            "word/document.xml",
            CompressionMethod::Deflated,
            b"<w:document><w:body><w:p/></w:body></w:document>",
        ),
    ])
}

fn odt_bytes() -> Result<Vec<u8>, zip::result::ZipError> {
    zip_bytes(&[
        (
            "mimetype",
            CompressionMethod::Stored,
            b"application/vnd.oasis.opendocument.text",
        ),
        (
            "content.xml",
            CompressionMethod::Deflated,
            b"<office:document-content/>",
        ),
        (
            "META-INF/manifest.xml",
            CompressionMethod::Deflated,
            b"<manifest:manifest/>",
        ),
    ])
}

/// Bytes that are neither text nor anything on the allow-list's magic, for padding.
fn noise(len: usize, seed: u64) -> Vec<u8> {
    let mut state = seed | 1;
    (0..len)
        .map(|_| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state.to_le_bytes()[0]
        })
        .collect()
}

#[test]
fn accepted_pdf_is_hashed_and_stored_under_a_random_key() -> TestResult {
    run(async {
        let test = TestStore::new()?;
        let pdf = pdf_bytes();
        let stored = test.upload(&pdf, 7, Some("Reflective account.pdf")).await?;
        assert_eq!(stored.media_type, MediaType::Pdf);
        assert_eq!(stored.extension, "pdf");
        assert_eq!(stored.size, pdf.len() as u64);
        assert_eq!(stored.sha256.0, <[u8; 32]>::from(Sha256::digest(&pdf)));
        assert_eq!(FileKey::parse(stored.key.as_str())?, stored.key);
        assert!(!stored.key.as_str().contains("Reflective"));
        assert_eq!(test.tmp_entries()?, 0);
        assert_eq!(test.object_files()?, 1);

        let mut opened = test.store.open(&stored.key).await?;
        assert_eq!(opened.size, pdf.len() as u64);
        let mut read_back = Vec::new();
        while let Some(chunk) = opened.chunks.next().await {
            read_back.extend_from_slice(&chunk?);
        }
        assert_eq!(read_back, pdf);
        let on_disk = test.store.local_path(&stored.key).ok_or("no local path")?;
        assert!(on_disk.starts_with(test.root.join("objects")));
        assert_eq!(std::fs::read(&on_disk)?, pdf);

        test.store.delete(&stored.key).await?;
        assert!(matches!(
            test.store.open(&stored.key).await,
            Err(FileError::NotFound(_))
        ));
        // Deleting twice is not an error.
        test.store.delete(&stored.key).await?;
        Ok(())
    })
}

#[test]
fn zero_byte_file_is_refused_and_leaves_nothing() -> TestResult {
    run(async {
        let test = TestStore::new()?;
        let result = test.upload(b"", 1, Some("empty.pdf")).await;
        let Err(error) = result else {
            return Err("an empty file was stored".into());
        };
        assert!(matches!(error, FileError::Empty));
        assert_eq!(error.to_string(), "The file is empty.");
        assert!(error.is_refusal());
        assert!(test.is_empty()?);
        Ok(())
    })
}

#[test]
fn one_byte_over_the_limit_is_refused_and_leaves_nothing() -> TestResult {
    run(async {
        let test = TestStore::with_limit(16 * 1024)?;
        let at_limit = vec![b'a'; 16 * 1024];
        let stored = test.upload(&at_limit, 1000, Some("notes.txt")).await?;
        assert_eq!(stored.size, 16 * 1024);
        test.store.delete(&stored.key).await?;

        let mut writer = test.store.begin().await?;
        writer.write(&at_limit).await?;
        let error = writer.write(b"a").await;
        assert!(matches!(error, Err(FileError::TooLarge { limit: 16384 })));
        // Removed at once, before the handler answers 413, not when the writer is dropped.
        assert!(test.is_empty()?);
        // The writer is closed for good.
        assert!(matches!(writer.write(b"a").await, Err(FileError::Closed)));
        assert!(matches!(writer.finish(None).await, Err(FileError::Closed)));
        assert!(test.is_empty()?);
        Ok(())
    })
}

#[test]
fn too_large_names_the_limit_in_words() {
    let error = FileError::TooLarge {
        limit: DEFAULT_SIZE_LIMIT,
    };
    assert_eq!(
        error.to_string(),
        "The file is larger than the 512 MiB limit."
    );
    assert_eq!(human_size(1024 * 1024 * 1024), "1 GiB");
    assert_eq!(human_size(100 * 1024), "100 KiB");
    assert_eq!(human_size(1000), "1000 bytes");
}

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
                "Files of this type cannot be uploaded. Allowed: PDF, Word (DOCX), OpenDocument \
                 text (ODT), text, Markdown, JPEG, PNG, HEIC, MP3, M4A, WAV, MP4, WebM."
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
fn cut_off_upload_leaves_nothing() -> TestResult {
    run(async {
        let test = TestStore::new()?;
        let mut pdf = pdf_bytes();
        pdf.extend(noise(300 * 1024, 3));
        let mut writer = test.store.begin().await?;
        for piece in pdf.chunks(16 * 1024).take(10) {
            writer.write(piece).await?;
        }
        assert_eq!(test.tmp_entries()?, 1);
        // The client went away: the handler's future, and the writer with it, is dropped.
        drop(writer);
        // The removal runs on the blocking pool; give it a moment.
        let deadline = Instant::now() + Duration::from_secs(10);
        while !test.is_empty()? && Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(10));
        }
        assert!(test.is_empty()?);
        Ok(())
    })
}

#[test]
fn cut_off_upload_outside_a_runtime_leaves_nothing() -> TestResult {
    let test = TestStore::new()?;
    let writer = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?
        .block_on(async {
            let mut writer = test.store.begin().await?;
            writer.write(&pdf_bytes()).await?;
            Ok::<_, FileError>(writer)
        })?;
    assert_eq!(test.tmp_entries()?, 1);
    drop(writer);
    assert!(test.is_empty()?);
    Ok(())
}

#[test]
fn the_same_file_twice_gets_two_keys_and_one_hash() -> TestResult {
    run(async {
        let test = TestStore::new()?;
        let pdf = pdf_bytes();
        let first = test.upload(&pdf, 10, Some("a.pdf")).await?;
        let second = test.upload(&pdf, 33, Some("a.pdf")).await?;
        assert_ne!(first.key, second.key);
        assert_eq!(first.sha256, second.sha256);
        assert_eq!(first.sha256.to_hex().len(), 64);
        assert_eq!(
            ContentHash::from_hex(&first.sha256.to_hex()),
            Some(first.sha256)
        );
        assert_eq!(test.object_files()?, 2);
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

#[test]
fn file_keys_cannot_step_outside_the_store() {
    let key = FileKey::random();
    assert!(FileKey::parse(key.as_str()).is_ok());
    for bad in [
        "../../etc/passwd",
        "ab/cd/../../../../etc/passwd",
        "/etc/passwd",
        "AB/CD/ABCDEF0123456789ABCDEF0123456789",
        "ab/cd/0123456789abcdef0123456789abcdef",
        "",
    ] {
        assert!(
            matches!(FileKey::parse(bad), Err(FileError::InvalidKey(_))),
            "{bad}"
        );
    }
}

#[test]
fn opening_a_missing_file_is_not_found() -> TestResult {
    run(async {
        let test = TestStore::new()?;
        let result = test.store.open(&FileKey::random()).await;
        assert!(matches!(result, Err(FileError::NotFound(_))));
        Ok(())
    })
}

#[test]
fn abandoned_uploads_are_swept_when_the_store_opens() -> TestResult {
    let test = TestStore::new()?;
    std::fs::write(test.root.join("tmp").join("left-by-a-crash.part"), b"%PDF-")?;
    assert_eq!(
        test.store
            .remove_abandoned_uploads(Duration::from_secs(3600))?,
        0
    );
    assert_eq!(test.store.remove_abandoned_uploads(Duration::ZERO)?, 1);
    assert_eq!(test.tmp_entries()?, 0);
    Ok(())
}

#[test]
fn streams_64_mib_in_64_kib_chunks() -> TestResult {
    const CHUNK: usize = 64 * 1024;
    const TOTAL: usize = 64 * 1024 * 1024;
    run(async {
        let test = TestStore::new()?;
        let mut writer = test.store.begin().await?;
        let mut expected = Sha256::new();
        // One chunk buffer reused throughout: the test holds 64 KiB, never the file.
        let mut chunk = noise(CHUNK, 42);
        chunk[..32].copy_from_slice(b"\0\0\0\x20ftypmp42\0\0\0\0mp42isomavc1iso2");
        for index in 0..TOTAL / CHUNK {
            if index == 1 {
                chunk[..32].copy_from_slice(&noise(32, 9));
            }
            chunk[32..40].copy_from_slice(&(index as u64).to_le_bytes());
            expected.update(&chunk);
            writer.write(&chunk).await?;
        }
        let stored = writer.finish(Some("observation.mp4")).await?;
        assert_eq!(stored.size, TOTAL as u64);
        assert_eq!(stored.media_type, MediaType::Mp4);
        let expected = ContentHash(expected.finalize().into());
        assert_eq!(stored.sha256, expected);

        let mut opened = test.store.open(&stored.key).await?;
        assert_eq!(opened.size, TOTAL as u64);
        let mut read_back = Sha256::new();
        let mut largest_chunk = 0;
        while let Some(piece) = opened.chunks.next().await {
            let piece = piece?;
            largest_chunk = largest_chunk.max(piece.len());
            read_back.update(&piece);
        }
        assert_eq!(ContentHash(read_back.finalize().into()), expected);
        assert!(largest_chunk <= 1024 * 1024);
        Ok(())
    })
}

#[test]
fn uploads_can_move_between_threads() -> TestResult {
    fn assert_send<T: Send>(_: &T) {}
    let test = TestStore::new()?;
    let store: std::sync::Arc<dyn FileStore> = std::sync::Arc::new(test.store.clone());
    run(async move {
        let begin = store.begin();
        assert_send(&begin);
        let mut writer = begin.await?;
        let write = writer.write(b"%PDF-1.4\n");
        assert_send(&write);
        write.await?;
        let finish = writer.finish(Some("a.pdf"));
        assert_send(&finish);
        let stored = finish.await?;
        let opened = store.open(&stored.key).await?;
        assert_send(&opened.chunks);
        Ok(())
    })
}
