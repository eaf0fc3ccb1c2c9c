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

mod limits;
mod storage;
mod types;

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
