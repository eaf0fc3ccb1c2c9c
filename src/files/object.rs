//! Evidence files in an S3-compatible object store (`--file-store s3://bucket/prefix`), through
//! Apache Arrow's `object_store`. A file of one part or less goes up in one PUT; a larger one as
//! a multipart upload, each part sent before the next is filled, so memory stays within one part
//! (5 MiB) whatever the file's size (a 1 GiB upload: about 13 MiB above idle in `eportfolio bench`). An object is visible only once its upload completes, so nothing
//! half-written can be read; an upload dropped before it completes is aborted.

use std::io;
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use futures_util::{StreamExt, TryStreamExt};
use object_store::aws::{AmazonS3Builder, AmazonS3ConfigKey};
use object_store::path::Path as ObjectPath;
use object_store::prefix::PrefixStore;
use object_store::{
    ClientConfigKey, GetOptions, GetRange, MultipartUpload, ObjectStore, ObjectStoreExt,
    PutPayload, RetryConfig,
};

use super::{
    BoxFuture, ByteStream, DEFAULT_SIZE_LIMIT, FileError, FileKey, FileStore, FileWriter,
    ObjectSink, OpenedFile,
};

/// The size of each part of a multipart upload (S3's smallest).
pub const PART_SIZE: usize = 5 * 1024 * 1024;

/// Files in an object store, under random keys (`ab/cd/abcd…`) below the configured prefix.
#[derive(Debug, Clone)]
pub struct ObjectFiles {
    store: Arc<dyn ObjectStore>,
    limit: u64,
}

impl ObjectFiles {
    /// From `s3://bucket/prefix`, with the endpoint, region and credentials from the usual
    /// variables (`AWS_ENDPOINT`, `AWS_REGION`, `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`,
    /// `AWS_ALLOW_HTTP` for an endpoint without TLS).
    pub fn from_url(url: &str) -> Result<Self, FileError> {
        let parsed = url::Url::parse(url).map_err(|e| setup(format!("{url}: {e}")))?;
        if parsed.scheme() != "s3" {
            return Err(setup(format!(
                "{url}: only s3://bucket/prefix is understood"
            )));
        }
        let bucket = parsed
            .host_str()
            .filter(|bucket| !bucket.is_empty())
            .ok_or_else(|| setup(format!("{url}: no bucket named")))?;
        let builder = AmazonS3Builder::from_env().with_bucket_name(bucket);
        Self::s3(builder, parsed.path())
    }

    /// From a configured S3 builder (endpoint, bucket, credentials), with this store's timeouts
    /// and retries, under `prefix`. A store that does not connect within 5 s has failed (and
    /// `/readyz` says so soon); a request may otherwise take up to an hour, as a large recording
    /// sent to a slow connection streams at that connection's pace.
    pub fn s3(builder: AmazonS3Builder, prefix: &str) -> Result<Self, FileError> {
        let timeouts = [
            (ClientConfigKey::ConnectTimeout, "5s"),
            (ClientConfigKey::Timeout, "1h"),
        ];
        let s3 = timeouts
            .into_iter()
            .fold(builder, |b, (key, value)| {
                b.with_config(AmazonS3ConfigKey::Client(key), value)
            })
            .with_retry(retries())
            .build()
            .map_err(|e| setup(e.to_string()))?;
        let prefix = prefix.trim_matches('/');
        let store: Arc<dyn ObjectStore> = if prefix.is_empty() {
            Arc::new(s3)
        } else {
            Arc::new(PrefixStore::new(s3, prefix))
        };
        Ok(Self::new(store))
    }

    /// Over any `object_store` implementation (an in-memory one in tests).
    pub fn new(store: Arc<dyn ObjectStore>) -> Self {
        Self {
            store,
            limit: DEFAULT_SIZE_LIMIT,
        }
    }

    pub fn with_limit(mut self, limit: u64) -> Self {
        self.limit = limit;
        self
    }

    /// An upload straight to `key` (visible only once it completes).
    fn sink(&self, key: &FileKey) -> UploadSink {
        UploadSink {
            store: self.store.clone(),
            path: path_of(key),
            buffer: Vec::new(),
            upload: None,
            committing: false,
            settled: false,
        }
    }

    async fn open_object(&self, key: &FileKey) -> Result<OpenedFile, FileError> {
        let path = path_of(key);
        let size = self
            .store
            .head(&path)
            .await
            .map_err(|e| failure(e, key))?
            .size;
        let whole = fetch(self.store.clone(), path.clone(), None);
        let store = self.store.clone();
        let mut opened = OpenedFile::new(size, whole);
        opened.ranged = Some(Box::new(move |first, last| {
            fetch(store, path, Some(GetRange::Bounded(first..last + 1)))
        }));
        Ok(opened)
    }

    async fn delete_object(&self, key: &FileKey) -> Result<(), FileError> {
        match self.store.delete(&path_of(key)).await {
            Ok(()) | Err(object_store::Error::NotFound { .. }) => Ok(()),
            Err(error) => Err(failure(error, key)),
        }
    }

    async fn list_objects(&self) -> Result<Vec<(FileKey, SystemTime)>, FileError> {
        let metas: Vec<object_store::ObjectMeta> = self
            .store
            .list(None)
            .try_collect()
            .await
            .map_err(|e| FileError::Io(io::Error::other(e)))?;
        Ok(metas
            .into_iter()
            .filter_map(|meta| {
                let key = FileKey::parse(meta.location.as_ref()).ok()?;
                Some((key, SystemTime::from(meta.last_modified)))
            })
            .collect())
    }

    async fn probe_store(&self) -> Result<(), FileError> {
        let path = ObjectPath::from(format!("probe/{}", uuid::Uuid::new_v4().simple()));
        let probe = async {
            let written = self
                .store
                .put(&path, PutPayload::from_static(b"ready?"))
                .await;
            let _ = self.store.delete(&path).await;
            written
        };
        match tokio::time::timeout(PROBE_WITHIN, probe).await {
            Ok(Ok(_)) => Ok(()),
            Ok(Err(error)) => Err(FileError::Io(io::Error::other(error))),
            Err(_) => Err(FileError::Io(io::Error::new(
                io::ErrorKind::TimedOut,
                "the object store did not answer within 5 s",
            ))),
        }
    }
}

impl FileStore for ObjectFiles {
    fn limit(&self) -> u64 {
        self.limit
    }

    fn begin(&self) -> BoxFuture<'_, Result<FileWriter, FileError>> {
        let key = FileKey::random();
        let sink = self.sink(&key);
        let limit = self.limit;
        Box::pin(async move { Ok(FileWriter::with_key(Box::new(sink), limit, key)) })
    }

    fn sink_for<'a>(
        &'a self,
        key: &'a FileKey,
    ) -> BoxFuture<'a, Result<Box<dyn ObjectSink>, FileError>> {
        let sink: Box<dyn ObjectSink> = Box::new(self.sink(key));
        Box::pin(async move { Ok(sink) })
    }

    fn open<'a>(&'a self, key: &'a FileKey) -> BoxFuture<'a, Result<OpenedFile, FileError>> {
        Box::pin(self.open_object(key))
    }

    fn delete<'a>(&'a self, key: &'a FileKey) -> BoxFuture<'a, Result<(), FileError>> {
        Box::pin(self.delete_object(key))
    }

    fn stored(&self) -> BoxFuture<'_, Result<Vec<(FileKey, SystemTime)>, FileError>> {
        Box::pin(self.list_objects())
    }

    fn probe(&self) -> BoxFuture<'_, Result<(), FileError>> {
        Box::pin(self.probe_store())
    }
}

/// A failing request is tried again a few times within 20 s, then the person is told the store
/// is unavailable (`storage_unavailable`), rather than waiting minutes.
fn retries() -> RetryConfig {
    RetryConfig {
        max_retries: 3,
        retry_timeout: Duration::from_secs(20),
        ..RetryConfig::default()
    }
}

/// How long `/readyz`'s probe waits for the store.
const PROBE_WITHIN: Duration = Duration::from_secs(5);

fn path_of(key: &FileKey) -> ObjectPath {
    ObjectPath::from(key.as_str())
}

fn setup(message: String) -> FileError {
    FileError::Io(io::Error::new(io::ErrorKind::InvalidInput, message))
}

fn failure(error: object_store::Error, key: &FileKey) -> FileError {
    match error {
        object_store::Error::NotFound { .. } => FileError::NotFound(key.clone()),
        other => FileError::Io(io::Error::other(other)),
    }
}

/// The object's bytes (or a part), fetched when first polled.
fn fetch(store: Arc<dyn ObjectStore>, path: ObjectPath, range: Option<GetRange>) -> ByteStream {
    let options = GetOptions {
        range,
        ..GetOptions::default()
    };
    let started = async move { store.get_opts(&path, options).await };
    let chunks = futures_util::stream::once(started)
        .map(|got| match got {
            Ok(got) => got.into_stream().map_err(io::Error::other).boxed(),
            Err(error) => {
                futures_util::stream::once(async { Err(io::Error::other(error)) }).boxed()
            }
        })
        .flatten();
    Box::pin(chunks)
}

/// One upload: the bytes of the part being filled, and the multipart upload once the file
/// outgrows one part.
struct UploadSink {
    store: Arc<dyn ObjectStore>,
    path: ObjectPath,
    buffer: Vec<u8>,
    upload: Option<Box<dyn MultipartUpload>>,
    /// The object may exist: a commit began.
    committing: bool,
    settled: bool,
}

impl UploadSink {
    async fn write_chunk(&mut self, mut chunk: &[u8]) -> io::Result<()> {
        while !chunk.is_empty() {
            if self.buffer.capacity() == 0 {
                self.buffer.reserve_exact(PART_SIZE);
            }
            let take = (PART_SIZE - self.buffer.len()).min(chunk.len());
            self.buffer.extend_from_slice(&chunk[..take]);
            chunk = &chunk[take..];
            if self.buffer.len() == PART_SIZE {
                let part = std::mem::take(&mut self.buffer);
                self.send_part(part).await?;
            }
        }
        Ok(())
    }

    /// Sends one part and waits for the store to take it (one part in memory at a time).
    async fn send_part(&mut self, part: Vec<u8>) -> io::Result<()> {
        if self.upload.is_none() {
            let upload = self
                .store
                .put_multipart(&self.path)
                .await
                .map_err(io::Error::other)?;
            self.upload = Some(upload);
        }
        let Some(upload) = self.upload.as_mut() else {
            return Err(io::Error::other("the upload is closed"));
        };
        upload
            .put_part(PutPayload::from(part))
            .await
            .map_err(io::Error::other)
    }

    async fn commit_as(&mut self, key: &FileKey) -> io::Result<()> {
        if path_of(key) != self.path {
            return Err(io::Error::other(
                "an object upload committed under another key",
            ));
        }
        let rest = std::mem::take(&mut self.buffer);
        self.committing = true;
        if self.upload.is_none() {
            self.store
                .put(&self.path, PutPayload::from(rest))
                .await
                .map_err(io::Error::other)?;
        } else {
            if !rest.is_empty() {
                self.send_part(rest).await?;
            }
            if let Some(upload) = self.upload.as_mut() {
                upload.complete().await.map_err(io::Error::other)?;
            }
            self.upload = None;
        }
        self.settled = true;
        Ok(())
    }

    async fn discard_now(&mut self) -> io::Result<()> {
        self.settled = true;
        self.buffer = Vec::new();
        if let Some(mut upload) = self.upload.take() {
            if let Err(error) = upload.abort().await {
                tracing::warn!(%error, "an abandoned multipart upload could not be aborted");
            }
        }
        if !self.committing {
            return Ok(());
        }
        // A commit whose answer was lost may have kept the object after all.
        match self.store.delete(&self.path).await {
            Ok(()) | Err(object_store::Error::NotFound { .. }) => Ok(()),
            Err(error) => Err(io::Error::other(error)),
        }
    }
}

impl ObjectSink for UploadSink {
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

impl Drop for UploadSink {
    /// An upload cut off: abort the multipart upload so its parts do not linger (and cost).
    fn drop(&mut self) {
        if self.settled {
            return;
        }
        let upload = self.upload.take();
        let store = self.store.clone();
        let path = self.path.clone();
        let committing = self.committing;
        let clean_up = async move {
            if let Some(mut upload) = upload {
                if let Err(error) = upload.abort().await {
                    tracing::warn!(%error, "an abandoned multipart upload could not be aborted");
                }
            }
            if committing {
                let _ = store.delete(&path).await;
            }
        };
        if let Ok(runtime) = tokio::runtime::Handle::try_current() {
            drop(runtime.spawn(clean_up));
        }
    }
}
