//! A stored file as a local, seekable file, for the readers that need one (the word counter and
//! the marking workspace's text, in `files_text`): the file itself when the store keeps it on
//! this machine's disk, otherwise a temporary copy of bounded size, removed when dropped.

use std::io;
use std::path::{Path, PathBuf};

use futures_util::StreamExt;
use tokio::io::AsyncWriteExt;

use super::{FileError, FileKey, FileStore};

/// The largest file copied to local disk for reading.
pub const LOCAL_COPY_LIMIT: u64 = 100 * 1024 * 1024;

/// A stored file readable at [`LocalCopy::path`].
#[derive(Debug)]
pub enum LocalCopy {
    /// The store's own file: left alone.
    InPlace(PathBuf),
    /// A copy made for this reader: removed when dropped.
    Temporary(PathBuf),
}

impl LocalCopy {
    pub fn path(&self) -> &Path {
        match self {
            Self::InPlace(path) | Self::Temporary(path) => path,
        }
    }
}

impl Drop for LocalCopy {
    fn drop(&mut self) {
        if let Self::Temporary(path) = self {
            if let Err(error) = std::fs::remove_file(&*path) {
                if error.kind() != io::ErrorKind::NotFound {
                    tracing::warn!(%error, "a temporary copy of a stored file could not be removed");
                }
            }
        }
    }
}

/// The file `key` as a local file; `None` when it must be copied and is larger than `max` bytes.
pub async fn local_copy(
    store: &dyn FileStore,
    key: &FileKey,
    max: u64,
) -> Result<Option<LocalCopy>, FileError> {
    if let Some(path) = store.local_path(key) {
        return Ok(Some(LocalCopy::InPlace(path)));
    }
    let mut opened = store.open(key).await?;
    if opened.size > max {
        return Ok(None);
    }
    let path =
        std::env::temp_dir().join(format!("eportfolio-copy-{}", uuid::Uuid::new_v4().simple()));
    let mut options = tokio::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    options.mode(0o600);
    let mut file = options.open(&path).await?;
    // From here the copy is removed whatever happens.
    let copy = LocalCopy::Temporary(path);
    let mut written = 0u64;
    while let Some(chunk) = opened.chunks.next().await {
        let chunk = chunk?;
        written += chunk.len() as u64;
        if written > max {
            return Ok(None);
        }
        file.write_all(&chunk).await?;
    }
    file.flush().await?;
    Ok(Some(copy))
}
