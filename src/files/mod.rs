//! Evidence files. An upload is streamed through a [`FileWriter`], which checks the size limit,
//! computes the SHA-256 and sniffs the type as the bytes pass, and makes the file durable in a
//! [`FileStore`] before any database row may name it. [`FolderStore`] keeps files in a folder on
//! disk; [`ObjectFiles`] in an S3-compatible object store, chosen by [`open_store`].

mod filename;
mod folder;
mod local_copy;
mod media;
mod object;
mod sniff;
mod writer;

#[cfg(test)]
mod tests;

use std::future::Future;
use std::io;
use std::path::PathBuf;
use std::pin::Pin;

use bytes::Bytes;
use futures_util::Stream;

pub use filename::{MAX_FILENAME_CHARS, clean_filename};
pub use folder::FolderStore;
pub use local_copy::{LOCAL_COPY_LIMIT, LocalCopy, local_copy};
pub use media::{MediaType, Sniffed};
pub use object::{ObjectFiles, PART_SIZE};
pub use sniff::{SNIFF_LEN, sniff};
pub use writer::FileWriter;

/// The file store `spec` names: `s3://bucket/prefix` for an object store (endpoint, region and
/// credentials from the `AWS_*` variables), otherwise the folder `files` in the data folder.
pub fn open_store(
    spec: Option<&str>,
    data_dir: &std::path::Path,
    limit: u64,
) -> Result<std::sync::Arc<dyn FileStore>, FileError> {
    match spec.filter(|spec| !spec.trim().is_empty()) {
        Some(url) if url.starts_with("s3://") => Ok(std::sync::Arc::new(
            ObjectFiles::from_url(url)?.with_limit(limit),
        )),
        Some(other) => Err(FileError::Io(io::Error::new(
            io::ErrorKind::InvalidInput,
            format!("{other}: give s3://bucket/prefix, or leave it out for the data folder"),
        ))),
        None => Ok(std::sync::Arc::new(
            FolderStore::new(data_dir.join("files"))?.with_limit(limit),
        )),
    }
}

/// The largest upload accepted unless the store is configured otherwise: 512 MiB.
pub const DEFAULT_SIZE_LIMIT: u64 = 512 * 1024 * 1024;

pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// A stored file's bytes, in chunks of at most a few hundred KiB.
pub type ByteStream = Pin<Box<dyn Stream<Item = io::Result<Bytes>> + Send>>;

/// Where evidence files live. Object-safe, so the application holds an `Arc<dyn FileStore>`.
pub trait FileStore: Send + Sync {
    /// The largest file [`FileStore::begin`]'s writers accept, in bytes.
    fn limit(&self) -> u64;

    /// Starts an upload. Nothing is kept unless [`FileWriter::finish`] succeeds.
    fn begin(&self) -> BoxFuture<'_, Result<FileWriter, FileError>>;

    /// Opens a stored file to send it back in chunks.
    fn open<'a>(&'a self, key: &'a FileKey) -> BoxFuture<'a, Result<OpenedFile, FileError>>;

    /// A raw upload under a given key, for a restore putting back what a backup holds (the bytes
    /// were checked when first uploaded): nothing is kept unless [`ObjectSink::commit`] succeeds
    /// with that key.
    fn sink_for<'a>(
        &'a self,
        _key: &'a FileKey,
    ) -> BoxFuture<'a, Result<Box<dyn ObjectSink>, FileError>> {
        Box::pin(async {
            Err(FileError::Io(io::Error::new(
                io::ErrorKind::Unsupported,
                "this file store cannot take a file under a given key",
            )))
        })
    }

    /// Removes a stored file; removing one that is already gone succeeds.
    fn delete<'a>(&'a self, key: &'a FileKey) -> BoxFuture<'a, Result<(), FileError>>;

    /// Where the file lies on this machine, for readers that need a local, seekable file (the
    /// word counter in `files_text`); `None` from a store without local files. Never shown to
    /// anyone.
    fn local_path(&self, _key: &FileKey) -> Option<PathBuf> {
        None
    }

    /// Every stored object with when it was last written, for the sweep of objects nothing
    /// refers to. A store that cannot list answers none (and so nothing is swept).
    fn stored(&self) -> BoxFuture<'_, Result<Vec<(FileKey, std::time::SystemTime)>, FileError>> {
        Box::pin(async { Ok(Vec::new()) })
    }

    /// Whether the store can take a new file now (`/readyz` asks): the folder store writes and
    /// removes a few bytes. A store that cannot tell says yes.
    fn probe(&self) -> BoxFuture<'_, Result<(), FileError>> {
        Box::pin(async { Ok(()) })
    }
}

/// The storage side of one upload, driven by a [`FileWriter`] (which does the checking). A store
/// implements it once: a temporary file for the folder store, a multipart upload for an object
/// store.
///
/// Dropping a sink that has not committed must remove everything it wrote: that is what happens
/// to an upload cut off half-way.
pub trait ObjectSink: Send {
    /// Appends bytes.
    fn write<'a>(&'a mut self, chunk: &'a [u8]) -> BoxFuture<'a, io::Result<()>>;

    /// Makes everything written durable under `key`; after `Ok` the object outlives the sink.
    fn commit<'a>(&'a mut self, key: &'a FileKey) -> BoxFuture<'a, io::Result<()>>;

    /// Removes everything written, before returning.
    fn discard(&mut self) -> BoxFuture<'_, io::Result<()>>;
}

/// What a finished upload recorded. Store `key`, `sha256`, `size` and `media_type.mime()` in the
/// evidence row; the learner's own name goes through [`clean_filename`] first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredFile {
    pub key: FileKey,
    pub sha256: ContentHash,
    pub size: u64,
    pub media_type: MediaType,
    /// The usual extension of `media_type`, without the dot.
    pub extension: &'static str,
}

/// Opens bytes `first..=last` of a stored file on its own, for a store that can fetch a part
/// without the bytes before it (an object store's ranged GET).
pub type RangeOpener = Box<dyn FnOnce(u64, u64) -> ByteStream + Send>;

/// A stored file opened for sending.
pub struct OpenedFile {
    /// The length in bytes, for `Content-Length`.
    pub size: u64,
    pub chunks: ByteStream,
    /// How to fetch a part alone; `None` means [`OpenedFile::slice`] reads up to the part.
    pub ranged: Option<RangeOpener>,
}

impl OpenedFile {
    /// A file sent from `chunks`; a part of it is read through the chunks.
    pub fn new(size: u64, chunks: ByteStream) -> Self {
        Self {
            size,
            chunks,
            ranged: None,
        }
    }

    /// Bytes `first..=last` of the file, for a `Range` request (a recording sought half-way): the
    /// bytes before `first` are read and dropped as they pass, so any store can answer one.
    /// `first <= last < size` is the caller's to check. A store that can fetch the part alone
    /// (see [`OpenedFile::ranged`]) does so instead.
    pub fn slice(self, first: u64, last: u64) -> OpenedFile {
        let wanted = last.saturating_sub(first) + 1;
        if let Some(open_part) = self.ranged {
            return OpenedFile::new(wanted, open_part(first, last));
        }
        let chunks = futures_util::stream::unfold(
            (self.chunks, first, wanted),
            |(mut chunks, mut skip, left)| async move {
                use futures_util::StreamExt;
                loop {
                    if left == 0 {
                        return None;
                    }
                    let mut bytes = match chunks.next().await? {
                        Ok(bytes) => bytes,
                        Err(error) => return Some((Err(error), (chunks, 0, 0))),
                    };
                    let length = bytes.len() as u64;
                    if skip >= length {
                        skip -= length;
                        continue;
                    }
                    let mut part = bytes.split_off(skip as usize);
                    part.truncate(usize::try_from(left).unwrap_or(usize::MAX));
                    let left = left - part.len() as u64;
                    return Some((Ok(part), (chunks, 0, left)));
                }
            },
        );
        OpenedFile::new(wanted, Box::pin(chunks))
    }
}

impl std::fmt::Debug for OpenedFile {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("OpenedFile")
            .field("size", &self.size)
            .finish_non_exhaustive()
    }
}

/// A stored file on its way to whoever asked for it: the bytes, the name the person gave it and
/// its media type (sent as an attachment).
#[derive(Debug)]
pub struct NamedFile {
    pub opened: OpenedFile,
    pub filename: String,
    pub media_type: String,
}

/// The random name a file is stored under: `ab/cd/abcd…` (32 hex digits of a v4 UUID, fanned
/// out by its first two bytes so no folder grows past a few hundred entries). It says nothing
/// about the learner or the file, and a parsed key cannot step outside the store.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct FileKey(String);

impl FileKey {
    /// A fresh key.
    pub fn random() -> Self {
        let id = uuid::Uuid::new_v4().simple().to_string();
        Self(format!("{}/{}/{id}", &id[..2], &id[2..4]))
    }

    /// A key read back from the database.
    pub fn parse(raw: &str) -> Result<Self, FileError> {
        let bytes = raw.as_bytes();
        let shaped = bytes.len() == 38
            && bytes[2] == b'/'
            && bytes[5] == b'/'
            && bytes
                .iter()
                .enumerate()
                .all(|(i, b)| i == 2 || i == 5 || matches!(b, b'0'..=b'9' | b'a'..=b'f'))
            && bytes[..2] == bytes[6..8]
            && bytes[3..5] == bytes[8..10];
        if shaped {
            Ok(Self(raw.to_owned()))
        } else {
            Err(FileError::InvalidKey(raw.to_owned()))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for FileKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// A SHA-256 digest of a file's bytes; shown as 64 lower-case hex digits.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct ContentHash(pub [u8; 32]);

impl ContentHash {
    pub fn to_hex(&self) -> String {
        self.to_string()
    }

    /// Reads 64 hex digits back (from the database).
    pub fn from_hex(hex: &str) -> Option<Self> {
        if hex.len() != 64 || !hex.is_ascii() {
            return None;
        }
        let mut digest = [0u8; 32];
        for (byte, pair) in digest.iter_mut().zip(hex.as_bytes().chunks_exact(2)) {
            let pair = std::str::from_utf8(pair).ok()?;
            *byte = u8::from_str_radix(pair, 16).ok()?;
        }
        Some(Self(digest))
    }
}

impl std::fmt::Display for ContentHash {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.iter().try_for_each(|byte| write!(f, "{byte:02x}"))
    }
}

impl std::fmt::Debug for ContentHash {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "ContentHash({self})")
    }
}

/// Why a file was refused or could not be stored. The refusals' messages are written for the
/// learner; the others are for the log.
#[derive(Debug, thiserror::Error)]
pub enum FileError {
    #[error("The file is larger than the {} limit.", human_size(*limit))]
    TooLarge { limit: u64 },
    #[error("The file is empty.")]
    Empty,
    /// `found` says what the bytes (or the name) were, for the log.
    #[error(
        "Files of this type cannot be uploaded. Allowed: PDF, Word (DOCX, DOC), Excel (XLSX, \
         XLS), PowerPoint (PPTX, PPT), OpenDocument text (ODT), text, Markdown, JPEG, PNG, HEIC, \
         MP3, M4A, WAV, MP4, WebM."
    )]
    NotAllowed { found: String },
    #[error("This file's contents are not {}, although its name says so.", claimed.label())]
    TypeMismatch { claimed: MediaType, found: String },
    #[error("the stored file {0} does not exist")]
    NotFound(FileKey),
    #[error("{0:?} is not a file key")]
    InvalidKey(String),
    #[error("the upload was already refused or finished")]
    Closed,
    #[error("the file store failed: {0}")]
    Io(#[from] io::Error),
}

impl FileError {
    /// True when the store itself failed to keep a file (full, or not answering): the person is
    /// told nothing was saved (`storage_unavailable`), never a generic error.
    pub fn is_storage_failure(&self) -> bool {
        matches!(self, Self::Io(_))
    }

    /// True when the store failed because it is full (answered 507, not 503).
    pub fn is_full(&self) -> bool {
        matches!(self, Self::Io(e) if e.kind() == io::ErrorKind::StorageFull
            || e.kind() == io::ErrorKind::QuotaExceeded)
    }

    /// True when the learner's file was refused (answer 413 for [`FileError::TooLarge`], 415 or
    /// 422 for the others, with the message); false when the server failed.
    pub fn is_refusal(&self) -> bool {
        matches!(
            self,
            Self::TooLarge { .. }
                | Self::Empty
                | Self::NotAllowed { .. }
                | Self::TypeMismatch { .. }
        )
    }
}

/// "512 MiB", "1 GiB", "100 KiB", "1000 bytes".
pub fn human_size(bytes: u64) -> String {
    const KIB: u64 = 1024;
    const MIB: u64 = KIB * 1024;
    const GIB: u64 = MIB * 1024;
    match bytes {
        b if b >= GIB && b % GIB == 0 => format!("{} GiB", b / GIB),
        b if b >= MIB && b % MIB == 0 => format!("{} MiB", b / MIB),
        b if b >= KIB && b % KIB == 0 => format!("{} KiB", b / KIB),
        b if b >= MIB => format!("{:.1} MiB", b as f64 / MIB as f64),
        b => format!("{b} bytes"),
    }
}
