//! Writing the sample pack as one ZIP without holding it in memory: the pages and each evidence
//! file (read from the file store in chunks) pass through a small channel to a blocking thread
//! that writes the ZIP into a scratch file beside the file store, unlinked at once so nothing is
//! left behind; the response then streams that file. A failure before the first byte is sent
//! answers as an error, never as a broken ZIP.

use std::fs::{File, OpenOptions};
use std::io::{self, Read, Seek, SeekFrom, Write};
use std::path::PathBuf;

use bytes::Bytes;
use chrono::{Datelike, Timelike};
use futures_util::StreamExt;
use tokio::sync::mpsc;
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipWriter};

use crate::actions::ActionError;
use crate::actions::AppState;
use crate::actions::eqa::sample_pack::Pack;
use crate::files::{ByteStream, FileKey};

/// How many parts may wait between the reader and the ZIP writer.
const IN_FLIGHT: usize = 8;
/// How much of the finished ZIP is sent at a time.
const CHUNK: usize = 256 * 1024;

enum Part {
    Entry { name: String, deflate: bool },
    Bytes(Bytes),
}

/// A finished ZIP, ready to stream.
pub struct Zipped {
    pub size: u64,
    pub chunks: ByteStream,
}

/// The pack's offline pages, rendered by the caller: the index, and one per learner (in the
/// order of `pack.learners`).
pub struct PackPages {
    pub index: String,
    pub learners: Vec<String>,
}

/// Write the whole pack.
pub async fn write(state: &AppState, pack: &Pack, pages: PackPages) -> Result<Zipped, ActionError> {
    let path = scratch_path(state);
    let modified = zip_time(pack.generated_at);
    let (tx, rx) = mpsc::channel(IN_FLIGHT);
    let writer = tokio::task::spawn_blocking(move || write_parts(&path, modified, rx));
    let fed = feed(state, pack, pages, &tx).await;
    drop(tx);
    let written = writer
        .await
        .map_err(|_| ActionError::Internal("the sample pack writer stopped".to_owned()))?
        .map_err(|e| ActionError::Internal(format!("writing the sample pack: {e}")))?;
    fed?;
    let (file, size) = written;
    Ok(Zipped {
        size,
        chunks: stream_file(file),
    })
}

/// Beside the file store (the data folder) when it is a folder; the system's temporary folder
/// otherwise.
fn scratch_path(state: &AppState) -> PathBuf {
    let name = format!("sample-pack-{}.zip.part", uuid::Uuid::new_v4().simple());
    // A stored file's local path is `<root>/ab/cd/<key>`; the store keeps its scratch in `<root>/tmp`.
    let dir = state
        .files
        .local_path(&FileKey::random())
        .and_then(|p| p.ancestors().nth(3).map(|root| root.join("tmp")))
        .filter(|dir| dir.is_dir())
        .unwrap_or_else(std::env::temp_dir);
    dir.join(name)
}

fn zip_time(at: chrono::NaiveDateTime) -> zip::DateTime {
    let parts = (
        u16::try_from(at.year()).unwrap_or(1980),
        u8::try_from(at.month()).unwrap_or(1),
        u8::try_from(at.day()).unwrap_or(1),
        u8::try_from(at.hour()).unwrap_or(0),
        u8::try_from(at.minute()).unwrap_or(0),
        u8::try_from(at.second()).unwrap_or(0),
    );
    zip::DateTime::from_date_and_time(parts.0, parts.1, parts.2, parts.3, parts.4, parts.5)
        .unwrap_or_default()
}

async fn send(tx: &mpsc::Sender<Part>, part: Part) -> Result<(), ActionError> {
    tx.send(part)
        .await
        .map_err(|_| ActionError::Internal("the sample pack writer stopped".to_owned()))
}

async fn page(tx: &mpsc::Sender<Part>, name: String, html: String) -> Result<(), ActionError> {
    send(
        tx,
        Part::Entry {
            name,
            deflate: true,
        },
    )
    .await?;
    send(tx, Part::Bytes(Bytes::from(html))).await
}

/// The pages, then each learner's files, streamed from the store.
async fn feed(
    state: &AppState,
    pack: &Pack,
    pages: PackPages,
    tx: &mpsc::Sender<Part>,
) -> Result<(), ActionError> {
    page(tx, "index.html".to_owned(), pages.index).await?;
    if let Some(checkpoint) = &pack.checkpoint {
        for (name, text) in crate::ledger::pack::files(checkpoint) {
            page(tx, name, text).await?;
        }
    }
    for (learner, html) in pack.learners.iter().zip(pages.learners) {
        page(tx, format!("{}/index.html", learner.folder), html).await?;
        for evidence in &learner.evidence {
            for (file, entry) in &evidence.files {
                let key = FileKey::parse(&file.store_key)?;
                let mut opened = state.files.open(&key).await?;
                // Media files are compressed already; text is worth deflating.
                let deflate = file.media_type.starts_with("text/")
                    || file.media_type.contains("opendocument")
                    || file.media_type.contains("officedocument");
                let name = format!("{}/{entry}", learner.folder);
                send(tx, Part::Entry { name, deflate }).await?;
                while let Some(chunk) = opened.chunks.next().await {
                    let chunk =
                        chunk.map_err(|e| ActionError::Internal(format!("reading {key}: {e}")))?;
                    send(tx, Part::Bytes(chunk)).await?;
                }
            }
        }
    }
    Ok(())
}

fn write_parts(
    path: &PathBuf,
    modified: zip::DateTime,
    mut rx: mpsc::Receiver<Part>,
) -> io::Result<(File, u64)> {
    let file = OpenOptions::new()
        .read(true)
        .write(true)
        .create_new(true)
        .open(path)?;
    // Unlinked at once: the open handle keeps the bytes until the response is sent.
    let _ = std::fs::remove_file(path);
    let mut zip = ZipWriter::new(file);
    while let Some(part) = rx.blocking_recv() {
        match part {
            Part::Entry { name, deflate } => {
                let method = if deflate {
                    CompressionMethod::Deflated
                } else {
                    CompressionMethod::Stored
                };
                let options = SimpleFileOptions::default()
                    .compression_method(method)
                    .last_modified_time(modified)
                    .large_file(true);
                zip.start_file(name, options).map_err(io::Error::other)?;
            }
            Part::Bytes(bytes) => zip.write_all(&bytes)?,
        }
    }
    let mut file = zip.finish().map_err(io::Error::other)?;
    let size = file.seek(SeekFrom::End(0))?;
    file.seek(SeekFrom::Start(0))?;
    Ok((file, size))
}

/// The finished ZIP in chunks, each read on the blocking pool.
fn stream_file(file: File) -> ByteStream {
    let stream = futures_util::stream::unfold(Some(file), |file| async move {
        let mut file = file?;
        let read = tokio::task::spawn_blocking(move || {
            let mut buffer = vec![0; CHUNK];
            let n = file.read(&mut buffer)?;
            buffer.truncate(n);
            Ok::<_, io::Error>((file, buffer))
        })
        .await
        .map_err(io::Error::other)
        .and_then(|r| r);
        match read {
            Ok((_, buffer)) if buffer.is_empty() => None,
            Ok((file, buffer)) => Some((Ok(Bytes::from(buffer)), Some(file))),
            Err(error) => Some((Err(error), None)),
        }
    });
    Box::pin(stream)
}
