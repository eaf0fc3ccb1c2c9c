//! One upload in progress: every chunk is counted against the limit, hashed and (at the start)
//! sniffed before the store's [`ObjectSink`] sees it. Only the first [`SNIFF_LEN`] bytes are
//! held in memory; a refused upload is removed before the error is returned.

use sha2::{Digest, Sha256};

use super::media::{Claim, MediaType, Sniffed, resolve};
use super::sniff::{SNIFF_LEN, TextCheck, sniff};
use super::{ContentHash, FileError, FileKey, ObjectSink, StoredFile};

/// Feeds an upload to a store. Get one from [`super::FileStore::begin`], call
/// [`FileWriter::write`] for each chunk as it arrives, then [`FileWriter::finish`]. Dropping it
/// before `finish` succeeds (the client went away, the handler returned early) removes
/// everything written.
pub struct FileWriter {
    /// `None` once the upload was refused or finished.
    sink: Option<Box<dyn ObjectSink>>,
    limit: u64,
    size: u64,
    hasher: Sha256,
    /// The first bytes, until there are enough to sniff.
    head: Vec<u8>,
    sniffed: Option<Sniffed>,
    text: TextCheck,
    /// The key the file is kept under once finished.
    key: FileKey,
}

impl FileWriter {
    /// For [`super::FileStore`] implementations: checks and hashes what is written to `sink`.
    pub fn new(sink: Box<dyn ObjectSink>, limit: u64) -> Self {
        Self::with_key(sink, limit, FileKey::random())
    }

    /// As [`FileWriter::new`], for a store that must know the key before the first byte (an
    /// object store uploads straight to it): the finished file is kept under `key`.
    pub fn with_key(sink: Box<dyn ObjectSink>, limit: u64, key: FileKey) -> Self {
        Self {
            sink: Some(sink),
            limit,
            size: 0,
            hasher: Sha256::new(),
            head: Vec::with_capacity(SNIFF_LEN),
            sniffed: None,
            text: TextCheck::default(),
            key,
        }
    }

    /// Bytes written so far.
    pub fn size(&self) -> u64 {
        self.size
    }

    pub fn limit(&self) -> u64 {
        self.limit
    }

    /// Appends a chunk. Fails with [`FileError::TooLarge`] as soon as the limit is passed, and
    /// with [`FileError::NotAllowed`] as soon as the first bytes show a refused type; either way
    /// what was written is already gone and later calls fail with [`FileError::Closed`].
    pub async fn write(&mut self, chunk: &[u8]) -> Result<(), FileError> {
        if self.sink.is_none() {
            return Err(FileError::Closed);
        }
        if chunk.is_empty() {
            return Ok(());
        }
        let size = self.size.saturating_add(chunk.len() as u64);
        if size > self.limit {
            let limit = self.limit;
            return Err(self.refuse(FileError::TooLarge { limit }).await);
        }
        self.size = size;
        self.hasher.update(chunk);
        if self.may_be_text() {
            self.text.feed(chunk);
        }
        if self.sniffed.is_none() {
            let take = (SNIFF_LEN - self.head.len()).min(chunk.len());
            self.head.extend_from_slice(&chunk[..take]);
            if self.head.len() == SNIFF_LEN {
                let found = sniff(&self.head, false);
                self.sniffed = Some(found);
                self.head = Vec::new();
                if let Sniffed::Refused(what) = found {
                    let error = FileError::NotAllowed {
                        found: what.to_owned(),
                    };
                    return Err(self.refuse(error).await);
                }
            }
        }
        if self.sniffed == Some(Sniffed::Allowed(MediaType::Text)) && !self.text.is_text_so_far() {
            let error = FileError::NotAllowed {
                found: "a file that starts as text and goes on as binary data".to_owned(),
            };
            return Err(self.refuse(error).await);
        }
        let Some(sink) = self.sink.as_mut() else {
            return Err(FileError::Closed);
        };
        if let Err(error) = sink.write(chunk).await {
            return Err(self.refuse(FileError::Io(error)).await);
        }
        Ok(())
    }

    /// Ends the upload: checks the type the bytes show against the allow-list and against
    /// `claimed` (the client's filename, or else its content type), then makes the file durable
    /// under a new random key. Only after this returns may a database row name the key.
    pub async fn finish(mut self, claimed: Option<&str>) -> Result<StoredFile, FileError> {
        if self.sink.is_none() {
            return Err(FileError::Closed);
        }
        if self.size == 0 {
            return Err(self.refuse(FileError::Empty).await);
        }
        let found = match self.sniffed {
            Some(found) => found,
            None => sniff(&self.head, true),
        };
        let media_type = match resolve(found, &Claim::parse(claimed)) {
            Ok(media_type) => media_type,
            Err(error) => return Err(self.refuse(error).await),
        };
        let is_text = matches!(media_type, MediaType::Text | MediaType::Markdown);
        if is_text && !self.text.is_complete_text() {
            let error = FileError::NotAllowed {
                found: "a text file that is not UTF-8 throughout".to_owned(),
            };
            return Err(self.refuse(error).await);
        }
        let key = self.key.clone();
        let Some(sink) = self.sink.as_mut() else {
            return Err(FileError::Closed);
        };
        if let Err(error) = sink.commit(&key).await {
            return Err(self.refuse(FileError::Io(error)).await);
        }
        // Committed: dropping the sink now keeps the object.
        self.sink = None;
        let sha256 = ContentHash(std::mem::take(&mut self.hasher).finalize().into());
        Ok(StoredFile {
            key,
            sha256,
            size: self.size,
            media_type,
            extension: media_type.extension(),
        })
    }

    fn may_be_text(&self) -> bool {
        matches!(self.sniffed, None | Some(Sniffed::Allowed(MediaType::Text)))
    }

    /// Removes what was written and closes the upload; returns `error` for the caller.
    async fn refuse(&mut self, error: FileError) -> FileError {
        if let Some(mut sink) = self.sink.take() {
            if let Err(cleanup) = sink.discard().await {
                tracing::warn!(error = %cleanup, "a refused upload could not be removed");
            }
        }
        self.head = Vec::new();
        error
    }
}

impl std::fmt::Debug for FileWriter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FileWriter")
            .field("open", &self.sink.is_some())
            .field("size", &self.size)
            .field("limit", &self.limit)
            .field("sniffed", &self.sniffed)
            .finish_non_exhaustive()
    }
}
