//! Where a backup reads the stored files from and a restore puts them back: the data folder's
//! objects (read and written directly, no server needed) or any [`FileStore`] (an S3-compatible
//! object store), driven from the backup's blocking code through a runtime handle.

use std::fs::File;
use std::io::Read;
use std::path::{Path, PathBuf};

use futures_util::StreamExt;

use super::RecordsError;
use crate::files::{FileError, FileKey, FileStore};

/// Runs `work` over the stored files `file_store` names (see [`crate::files::open_store`]): the
/// data folder's objects directly, or an object store driven from a blocking thread beside a
/// runtime (as the `backup` and `restore` commands need).
pub fn with_objects<T: Send + 'static>(
    file_store: Option<&str>,
    data_dir: &Path,
    work: impl FnOnce(&dyn ObjectCopy) -> Result<T, RecordsError> + Send + 'static,
) -> Result<T, RecordsError> {
    let folder = data_dir.join("files").join("objects");
    let Some(spec) = file_store.filter(|spec| !spec.trim().is_empty()) else {
        return work(&FolderObjects(&folder));
    };
    let store = crate::files::open_store(Some(spec), data_dir, crate::files::DEFAULT_SIZE_LIMIT)
        .map_err(|e| RecordsError::Refused(format!("the file store cannot be used: {e}")))?;
    actix_web::rt::System::new().block_on(async move {
        let runtime = tokio::runtime::Handle::current();
        tokio::task::spawn_blocking(move || {
            work(&StoreObjects {
                store: store.as_ref(),
                runtime,
            })
        })
        .await
        .map_err(|e| RecordsError::Refused(format!("the copy stopped: {e}")))?
    })
}

/// The stored files, as a backup and a restore see them.
pub trait ObjectCopy {
    /// Every stored object's key (`ab/cd/<key>`), sorted.
    fn keys(&self) -> Result<Vec<String>, RecordsError>;

    /// The object's bytes; `None` when it was removed since it was listed (a purge running
    /// meanwhile), so it is not part of the copy.
    fn open(&self, key: &str) -> Result<Option<Box<dyn Read + '_>>, RecordsError>;

    /// Stores `input` whole under `key` (replacing any object there).
    fn write_from(&self, key: &FileKey, input: &mut dyn Read) -> Result<(), RecordsError>;
}

/// The folder store's objects (`<data-dir>/files/objects`), read and written directly.
pub struct FolderObjects<'a>(pub &'a Path);

impl ObjectCopy for FolderObjects<'_> {
    fn keys(&self) -> Result<Vec<String>, RecordsError> {
        let mut found = Vec::new();
        collect(self.0, self.0, &mut found)?;
        found.sort();
        Ok(found)
    }

    fn open(&self, key: &str) -> Result<Option<Box<dyn Read + '_>>, RecordsError> {
        Ok(File::open(self.0.join(key))
            .ok()
            .map(|file| Box::new(file) as Box<dyn Read>))
    }

    fn write_from(&self, key: &FileKey, input: &mut dyn Read) -> Result<(), RecordsError> {
        let destination = self.0.join(key.as_str());
        if let Some(parent) = destination.parent() {
            std::fs::create_dir_all(parent).map_err(RecordsError::io(parent))?;
        }
        let partial = destination.with_extension("restoring");
        let mut out = File::create(&partial).map_err(RecordsError::io(&partial))?;
        std::io::copy(input, &mut out).map_err(RecordsError::io(&partial))?;
        out.sync_all().map_err(RecordsError::io(&partial))?;
        std::fs::rename(&partial, &destination).map_err(RecordsError::io(&destination))
    }
}

fn collect(root: &Path, dir: &Path, found: &mut Vec<String>) -> Result<(), RecordsError> {
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(e) => return Err(RecordsError::io(dir)(e)),
    };
    for entry in entries {
        let entry = entry.map_err(RecordsError::io(dir))?;
        let path = entry.path();
        if path.is_dir() {
            collect(root, &path, found)?;
        } else if let Ok(relative) = path.strip_prefix(root) {
            found.push(relative.to_string_lossy().replace('\\', "/"));
        }
    }
    Ok(())
}

/// Any file store (the object store), from blocking code: every call waits on `runtime`. Call
/// from a thread outside the runtime (the command's own, or `spawn_blocking`).
pub struct StoreObjects<'a> {
    pub store: &'a dyn FileStore,
    pub runtime: tokio::runtime::Handle,
}

/// How much of a restored object is read from the archive at a time.
const RESTORE_CHUNK: usize = 256 * 1024;

impl StoreObjects<'_> {
    fn failed(&self, what: &str, error: &FileError) -> RecordsError {
        let path = PathBuf::from(format!("the file store ({what})"));
        RecordsError::io(&path)(std::io::Error::other(error.to_string()))
    }
}

impl ObjectCopy for StoreObjects<'_> {
    fn keys(&self) -> Result<Vec<String>, RecordsError> {
        let stored = self
            .runtime
            .block_on(self.store.stored())
            .map_err(|e| self.failed("listing", &e))?;
        let mut keys: Vec<String> = stored.into_iter().map(|(k, _)| k.to_string()).collect();
        keys.sort();
        Ok(keys)
    }

    fn open(&self, key: &str) -> Result<Option<Box<dyn Read + '_>>, RecordsError> {
        let key = FileKey::parse(key).map_err(|e| self.failed(key, &e))?;
        match self.runtime.block_on(self.store.open(&key)) {
            Ok(opened) => Ok(Some(Box::new(ChunkReader {
                runtime: &self.runtime,
                chunks: opened.chunks,
                current: bytes::Bytes::new(),
            }))),
            Err(FileError::NotFound(_)) => Ok(None),
            Err(error) => Err(self.failed(key.as_str(), &error)),
        }
    }

    fn write_from(&self, key: &FileKey, input: &mut dyn Read) -> Result<(), RecordsError> {
        let label = PathBuf::from(key.as_str());
        let mut sink = self
            .runtime
            .block_on(self.store.sink_for(key))
            .map_err(|e| self.failed(key.as_str(), &e))?;
        let mut buffer = vec![0; RESTORE_CHUNK];
        loop {
            let read = input.read(&mut buffer).map_err(RecordsError::io(&label))?;
            if read == 0 {
                break;
            }
            self.runtime
                .block_on(sink.write(&buffer[..read]))
                .map_err(RecordsError::io(&label))?;
        }
        self.runtime
            .block_on(sink.commit(key))
            .map_err(RecordsError::io(&label))
    }
}

/// A stored file's chunks read as a [`Read`], each fetched when the last is used up.
struct ChunkReader<'a> {
    runtime: &'a tokio::runtime::Handle,
    chunks: crate::files::ByteStream,
    current: bytes::Bytes,
}

impl Read for ChunkReader<'_> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        while self.current.is_empty() {
            match self.runtime.block_on(self.chunks.next()) {
                Some(chunk) => self.current = chunk?,
                None => return Ok(0),
            }
        }
        let n = buf.len().min(self.current.len());
        buf[..n].copy_from_slice(&self.current.split_to(n));
        Ok(n)
    }
}
