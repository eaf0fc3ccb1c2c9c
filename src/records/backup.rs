//! `eportfolio backup --to FILE`: one ZIP archive holding every table's rows (read in one
//! snapshot while the server keeps running), the file store's objects, and `manifest.json` last,
//! with the size and SHA-256 of every other member, so a restore can refuse a truncated or
//! altered backup before it touches anything.

use std::io::Write;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use zip::ZipWriter;
use zip::write::SimpleFileOptions;

use super::RecordsError;
use super::objects::ObjectCopy;
use crate::store::{DbConnection, snapshot};

pub const FORMAT: &str = "eportfolio-backup";
pub const FORMAT_VERSION: u32 = 1;
pub const MANIFEST: &str = "manifest.json";
/// Members holding file store objects: `files/ab/cd/<key>`.
pub const FILES_PREFIX: &str = "files/";

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Manifest {
    pub format: String,
    pub version: u32,
    pub created_at: String,
    /// `sqlite` or `postgres`: a backup restores into the same kind of database.
    pub backend: String,
    /// The migrations the database had run.
    pub migrations: Vec<String>,
    pub tables: Vec<TableEntry>,
    pub members: Vec<Member>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TableEntry {
    pub name: String,
    pub columns: Vec<String>,
    pub rows: u64,
    /// The member with one JSON object per line.
    pub member: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Member {
    pub name: String,
    pub size: u64,
    pub sha256: String,
}

/// What a backup holds, for the command's report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BackupSummary {
    pub tables: usize,
    pub rows: u64,
    pub files: usize,
    pub bytes: u64,
}

/// Counts and hashes what passes through to the archive.
struct Hashing<'a, W: Write> {
    inner: &'a mut W,
    hasher: Sha256,
    size: u64,
}

impl<W: Write> Write for Hashing<'_, W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.hasher.update(&buf[..n]);
        self.size += n as u64;
        Ok(n)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}

pub(crate) fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

type Archive = ZipWriter<std::fs::File>;

fn options() -> SimpleFileOptions {
    SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .large_file(true)
}

fn zip_error(path: &Path) -> impl Fn(zip::result::ZipError) -> RecordsError + '_ {
    move |e| RecordsError::Io {
        path: path.display().to_string(),
        source: std::io::Error::other(e.to_string()),
    }
}

/// Writes the backup of the database behind `conn` and of the file store's `objects` to `to`
/// (through a `.partial` file renamed at the end, so `to` is whole or absent).
pub fn write(
    conn: &mut DbConnection,
    objects: &dyn ObjectCopy,
    to: &Path,
    created_at: &str,
) -> Result<BackupSummary, RecordsError> {
    let partial = PathBuf::from(format!("{}.partial", to.display()));
    let file = std::fs::File::create(&partial).map_err(RecordsError::io(&partial))?;
    let mut zip = ZipWriter::new(file);
    let backend = match conn {
        DbConnection::Sqlite(_) => "sqlite",
        DbConnection::Postgresql(_) => "postgres",
    };
    let outcome = (|| {
        let (migrations, tables, mut members) =
            snapshot::in_transaction(conn, false, |conn| write_tables(conn, &mut zip, &partial))?;
        let files = write_files(objects, &mut zip, &partial, &mut members)?;
        let summary = BackupSummary {
            tables: tables.len(),
            rows: tables.iter().map(|t| t.rows).sum(),
            files,
            bytes: members.iter().map(|m| m.size).sum(),
        };
        let manifest = Manifest {
            format: FORMAT.to_owned(),
            version: FORMAT_VERSION,
            created_at: created_at.to_owned(),
            backend: backend.to_owned(),
            migrations,
            tables,
            members,
        };
        let text = serde_json::to_vec_pretty(&manifest)
            .map_err(|e| RecordsError::Refused(e.to_string()))?;
        zip.start_file(MANIFEST, options())
            .map_err(zip_error(&partial))?;
        zip.write_all(&text).map_err(RecordsError::io(&partial))?;
        let file = zip.finish().map_err(zip_error(&partial))?;
        file.sync_all().map_err(RecordsError::io(&partial))?;
        Ok(summary)
    })();
    match outcome {
        Ok(summary) => {
            std::fs::rename(&partial, to).map_err(RecordsError::io(to))?;
            Ok(summary)
        }
        Err(e) => {
            let _ = std::fs::remove_file(&partial);
            Err(e)
        }
    }
}

type Tables = (Vec<String>, Vec<TableEntry>, Vec<Member>);

fn write_tables(
    conn: &mut DbConnection,
    zip: &mut Archive,
    path: &Path,
) -> Result<Tables, RecordsError> {
    let migrations = snapshot::migrations(conn)?;
    let mut tables = Vec::new();
    let mut members = Vec::new();
    for name in snapshot::tables_in_order(conn)? {
        let columns = snapshot::columns(conn, &name)?;
        let member = format!("tables/{name}.jsonl");
        zip.start_file(member.as_str(), options())
            .map_err(zip_error(path))?;
        let mut out = Hashing {
            inner: zip,
            hasher: Sha256::new(),
            size: 0,
        };
        let rows = snapshot::each_row(conn, &name, &mut |line: &str| {
            out.write_all(line.as_bytes())
                .and_then(|()| out.write_all(b"\n"))
                .map_err(RecordsError::io(path))
        })?;
        members.push(Member {
            name: member.clone(),
            size: out.size,
            sha256: hex(&out.hasher.finalize()),
        });
        tables.push(TableEntry {
            name,
            columns,
            rows,
            member,
        });
    }
    Ok((migrations, tables, members))
}

/// Every stored object, streamed into the archive; returns how many.
fn write_files(
    objects: &dyn ObjectCopy,
    zip: &mut Archive,
    path: &Path,
    members: &mut Vec<Member>,
) -> Result<usize, RecordsError> {
    let mut copied = 0;
    for key in objects.keys()? {
        let Some(mut source) = objects.open(&key)? else {
            // Removed since it was listed (a purge running meanwhile): not part of the copy.
            continue;
        };
        let name = format!("{FILES_PREFIX}{key}");
        zip.start_file(name.as_str(), options())
            .map_err(zip_error(path))?;
        let mut out = Hashing {
            inner: zip,
            hasher: Sha256::new(),
            size: 0,
        };
        std::io::copy(&mut source, &mut out).map_err(RecordsError::io(Path::new(&name)))?;
        members.push(Member {
            name,
            size: out.size,
            sha256: hex(&out.hasher.finalize()),
        });
        copied += 1;
    }
    Ok(copied)
}
