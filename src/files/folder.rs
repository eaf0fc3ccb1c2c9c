//! The default [`FileStore`]: files in `root/objects/ab/cd/<key>`, uploads in progress in
//! `root/tmp` (the same filesystem, so the final rename is atomic). The root must not be inside
//! any folder the web server serves; files go out only through a handler that checks access.

use std::io;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use bytes::Bytes;
use tokio::io::{AsyncReadExt, AsyncWriteExt, BufWriter};

use super::{
    BoxFuture, DEFAULT_SIZE_LIMIT, FileError, FileKey, FileStore, FileWriter, ObjectSink,
    OpenedFile,
};

/// Writes are gathered to this size before each trip to the blocking pool, so small multipart
/// chunks do not each cost a thread hand-off; one such write is in flight while the next fills.
const WRITE_BUFFER: usize = 256 * 1024;

/// The size of the chunks a stored file is sent back in.
const READ_CHUNK: usize = 128 * 1024;

/// Temporary files older than this when the store opens were left by a crash or a power cut.
const ABANDONED_AFTER: Duration = Duration::from_secs(24 * 60 * 60);

const TMP_SUFFIX: &str = ".part";

#[derive(Debug, Clone)]
pub struct FolderStore {
    root: PathBuf,
    objects: PathBuf,
    tmp: PathBuf,
    limit: u64,
}

impl FolderStore {
    /// Opens (creating if needed) a store under `root`, with the default 512 MiB limit, and
    /// removes uploads a crash left behind in `root/tmp`. Blocking: call it at start-up.
    pub fn new(root: PathBuf) -> Result<Self, FileError> {
        let objects = root.join("objects");
        let tmp = root.join("tmp");
        std::fs::create_dir_all(&objects)?;
        std::fs::create_dir_all(&tmp)?;
        let store = Self {
            root,
            objects,
            tmp,
            limit: DEFAULT_SIZE_LIMIT,
        };
        let removed = store.remove_abandoned_uploads(ABANDONED_AFTER)?;
        if removed > 0 {
            tracing::info!(removed, "removed abandoned uploads from the file store");
        }
        Ok(store)
    }

    /// Sets the largest file accepted, in bytes.
    pub fn with_limit(mut self, limit: u64) -> Self {
        self.limit = limit;
        self
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    /// Removes temporary files not touched for `older_than`; returns how many. Blocking.
    pub fn remove_abandoned_uploads(&self, older_than: Duration) -> Result<usize, FileError> {
        let cutoff = SystemTime::now()
            .checked_sub(older_than)
            .unwrap_or(SystemTime::UNIX_EPOCH);
        let mut removed = 0;
        for entry in std::fs::read_dir(&self.tmp)? {
            let entry = entry?;
            let is_upload = entry.file_name().to_string_lossy().ends_with(TMP_SUFFIX);
            // An upload that finished or was removed meanwhile has no metadata left: skip it.
            let Ok(modified) = entry.metadata().and_then(|metadata| metadata.modified()) else {
                continue;
            };
            if is_upload && modified < cutoff {
                remove_if_present(&entry.path())?;
                removed += 1;
            }
        }
        Ok(removed)
    }

    fn path_of(&self, key: &FileKey) -> PathBuf {
        self.objects.join(key.as_str())
    }

    async fn begin_upload(&self) -> Result<FileWriter, FileError> {
        let sink = self.new_sink().await?;
        Ok(FileWriter::new(Box::new(sink), self.limit))
    }

    /// An upload into a new temporary file, renamed into place on commit.
    async fn new_sink(&self) -> Result<FolderSink, FileError> {
        let tmp_path = self
            .tmp
            .join(format!("{}{TMP_SUFFIX}", uuid::Uuid::new_v4().simple()));
        let mut options = tokio::fs::OpenOptions::new();
        options.write(true).create_new(true);
        #[cfg(unix)]
        options.mode(0o600);
        let file = options.open(&tmp_path).await?;
        Ok(FolderSink {
            file: Some(BufWriter::with_capacity(WRITE_BUFFER, file)),
            tmp_path,
            objects: self.objects.clone(),
            destination: None,
            settled: false,
        })
    }

    async fn open_file(&self, key: &FileKey) -> Result<OpenedFile, FileError> {
        let file = match tokio::fs::File::open(self.path_of(key)).await {
            Ok(file) => file,
            Err(error) if error.kind() == io::ErrorKind::NotFound => {
                return Err(FileError::NotFound(key.clone()));
            }
            Err(error) => return Err(error.into()),
        };
        let size = file.metadata().await?.len();
        let chunks = futures_util::stream::unfold(Some(file), |file| async move {
            let mut file = file?;
            let mut buffer = vec![0; READ_CHUNK];
            match file.read(&mut buffer).await {
                Ok(0) => None,
                Ok(read) => {
                    buffer.truncate(read);
                    Some((Ok(Bytes::from(buffer)), Some(file)))
                }
                Err(error) => Some((Err(error), None)),
            }
        });
        Ok(OpenedFile::new(size, Box::pin(chunks)))
    }

    async fn delete_file(&self, key: &FileKey) -> Result<(), FileError> {
        match tokio::fs::remove_file(self.path_of(key)).await {
            Err(error) if error.kind() != io::ErrorKind::NotFound => Err(error.into()),
            _ => Ok(()),
        }
    }
}

impl FileStore for FolderStore {
    fn limit(&self) -> u64 {
        self.limit
    }

    fn begin(&self) -> BoxFuture<'_, Result<FileWriter, FileError>> {
        Box::pin(self.begin_upload())
    }

    fn open<'a>(&'a self, key: &'a FileKey) -> BoxFuture<'a, Result<OpenedFile, FileError>> {
        Box::pin(self.open_file(key))
    }

    fn sink_for<'a>(
        &'a self,
        _key: &'a FileKey,
    ) -> BoxFuture<'a, Result<Box<dyn ObjectSink>, FileError>> {
        Box::pin(async { Ok(Box::new(self.new_sink().await?) as Box<dyn ObjectSink>) })
    }

    fn delete<'a>(&'a self, key: &'a FileKey) -> BoxFuture<'a, Result<(), FileError>> {
        Box::pin(self.delete_file(key))
    }

    fn local_path(&self, key: &FileKey) -> Option<PathBuf> {
        Some(self.path_of(key))
    }

    fn stored(&self) -> BoxFuture<'_, Result<Vec<(FileKey, SystemTime)>, FileError>> {
        let objects = self.objects.clone();
        Box::pin(async move {
            tokio::task::spawn_blocking(move || list_objects(&objects))
                .await
                .map_err(|e| FileError::Io(io::Error::other(e.to_string())))?
        })
    }

    fn probe(&self) -> BoxFuture<'_, Result<(), FileError>> {
        let path = self
            .tmp
            .join(format!("probe-{}", uuid::Uuid::new_v4().simple()));
        Box::pin(async move {
            let written = tokio::fs::write(&path, b"ready?").await;
            let _ = tokio::fs::remove_file(&path).await;
            Ok(written?)
        })
    }
}

/// Every object under `objects/ab/cd/`, with its modification time. Blocking. Entries that are
/// not keys (nothing we wrote) are left out, and so never removed.
fn list_objects(objects: &Path) -> Result<Vec<(FileKey, SystemTime)>, FileError> {
    let mut found = Vec::new();
    for first in std::fs::read_dir(objects)? {
        let first = first?;
        if !first.file_type()?.is_dir() {
            continue;
        }
        for second in std::fs::read_dir(first.path())? {
            let second = second?;
            if !second.file_type()?.is_dir() {
                continue;
            }
            for object in std::fs::read_dir(second.path())? {
                let object = object?;
                let raw = format!(
                    "{}/{}/{}",
                    first.file_name().to_string_lossy(),
                    second.file_name().to_string_lossy(),
                    object.file_name().to_string_lossy()
                );
                let (Ok(key), Ok(modified)) = (
                    FileKey::parse(&raw),
                    object.metadata().and_then(|m| m.modified()),
                ) else {
                    continue;
                };
                found.push((key, modified));
            }
        }
    }
    Ok(found)
}

/// One upload's temporary file.
struct FolderSink {
    /// `None` once handed to the commit or discarded.
    file: Option<BufWriter<tokio::fs::File>>,
    tmp_path: PathBuf,
    objects: PathBuf,
    /// Where a commit in progress renames the file to, so a drop mid-commit can undo it.
    destination: Option<PathBuf>,
    /// Committed or discarded: nothing left for `Drop` to do.
    settled: bool,
}

impl FolderSink {
    async fn write_chunk(&mut self, chunk: &[u8]) -> io::Result<()> {
        match self.file.as_mut() {
            Some(file) => file.write_all(chunk).await,
            None => Err(io::Error::other("the upload is closed")),
        }
    }

    async fn commit_as(&mut self, key: &FileKey) -> io::Result<()> {
        let mut file = self
            .file
            .take()
            .ok_or_else(|| io::Error::other("the upload is closed"))?;
        file.flush().await?;
        let file = file.into_inner().into_std().await;
        let destination = self.objects.join(key.as_str());
        self.destination = Some(destination.clone());
        let tmp_path = self.tmp_path.clone();
        let objects = self.objects.clone();
        tokio::task::spawn_blocking(move || place(file, &tmp_path, &destination, &objects))
            .await
            .map_err(io::Error::other)??;
        self.settled = true;
        Ok(())
    }

    async fn discard_now(&mut self) -> io::Result<()> {
        self.settled = true;
        let file = self.file.take();
        let tmp_path = self.tmp_path.clone();
        // A commit that failed after its rename leaves the file at its destination.
        let destination = self.destination.take();
        tokio::task::spawn_blocking(move || {
            drop(file);
            remove_if_present(&tmp_path)?;
            destination.map_or(Ok(()), |path| remove_if_present(&path))
        })
        .await
        .map_err(io::Error::other)?
    }
}

impl ObjectSink for FolderSink {
    fn write<'a>(&'a mut self, chunk: &'a [u8]) -> BoxFuture<'a, io::Result<()>> {
        Box::pin(self.write_chunk(chunk))
    }

    fn commit<'a>(&'a mut self, key: &'a FileKey) -> BoxFuture<'a, io::Result<()>> {
        Box::pin(self.commit_as(key))
    }

    fn discard(&mut self) -> BoxFuture<'_, io::Result<()>> {
        Box::pin(self.discard_now())
    }
}

impl Drop for FolderSink {
    /// An upload cut off (or a commit abandoned half-way): remove the temporary file and, if a
    /// rename may have happened, its destination. The temporary file goes first, so a rename
    /// still running on the blocking pool either finds nothing to move or is undone.
    fn drop(&mut self) {
        if self.settled {
            return;
        }
        let file = self.file.take();
        let tmp_path = std::mem::take(&mut self.tmp_path);
        let destination = self.destination.take();
        let clean_up = move || {
            drop(file);
            for path in std::iter::once(tmp_path).chain(destination) {
                if let Err(error) = remove_if_present(&path) {
                    tracing::warn!(%error, "an abandoned upload could not be removed");
                }
            }
        };
        // Unlinking a large file can take a while: keep it off the async worker when there is one.
        match tokio::runtime::Handle::try_current() {
            Ok(runtime) => drop(runtime.spawn_blocking(clean_up)),
            Err(_) => clean_up(),
        }
    }
}

/// Makes the upload durable under its final name: data synced, renamed into place, and the
/// folders holding the new name synced, in that order. Blocking.
fn place(
    file: std::fs::File,
    tmp_path: &Path,
    destination: &Path,
    objects: &Path,
) -> io::Result<()> {
    file.sync_all()?;
    drop(file);
    let leaf = destination
        .parent()
        .ok_or_else(|| io::Error::other("a file key without folders"))?;
    std::fs::create_dir_all(leaf)?;
    std::fs::rename(tmp_path, destination)?;
    // The leaf holds the new name; its parent and `objects` hold the fan-out folders, which may
    // have just been created (by this upload or a concurrent one).
    let mut folder = Some(leaf);
    while let Some(current) = folder {
        sync_folder(current)?;
        folder = current.parent().filter(|_| current != objects);
    }
    Ok(())
}

#[cfg(unix)]
fn sync_folder(folder: &Path) -> io::Result<()> {
    std::fs::File::open(folder)?.sync_all()
}

#[cfg(not(unix))]
fn sync_folder(_folder: &Path) -> io::Result<()> {
    // Folders cannot be opened as files here; the rename is as durable as the platform makes it.
    Ok(())
}

fn remove_if_present(path: &Path) -> io::Result<()> {
    match std::fs::remove_file(path) {
        Err(error) if error.kind() != io::ErrorKind::NotFound => Err(error),
        _ => Ok(()),
    }
}
