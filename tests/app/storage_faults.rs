//! Issue 18 (item 5): faults said plainly. A file store that is full answers 507 and one that
//! does not answer 503, both with code `storage_unavailable` and a message in words; nothing is
//! saved (the evidence item lists no file), the page says so too, and `/readyz` answers 503 while
//! the store cannot take a file.

use std::io;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use eportfolio::files::{
    BoxFuture, FileError, FileKey, FileStore, FileWriter, FolderStore, ObjectSink, OpenedFile,
};

use crate::support::{Req, TestApp, TestResult, upload};
use crate::world::{World, show};

/// A folder store that, once broken, fails every write with `kind` (a full disk:
/// `StorageFull`); the world's own files are made before it breaks.
struct FailingStore {
    inner: FolderStore,
    kind: io::ErrorKind,
    broken: AtomicBool,
}

struct FailingSink(io::ErrorKind);

impl ObjectSink for FailingSink {
    fn write<'a>(&'a mut self, _chunk: &'a [u8]) -> BoxFuture<'a, io::Result<()>> {
        let kind = self.0;
        Box::pin(async move { Err(io::Error::from(kind)) })
    }

    fn commit<'a>(&'a mut self, _key: &'a FileKey) -> BoxFuture<'a, io::Result<()>> {
        let kind = self.0;
        Box::pin(async move { Err(io::Error::from(kind)) })
    }

    fn discard(&mut self) -> BoxFuture<'_, io::Result<()>> {
        Box::pin(async { Ok(()) })
    }
}

impl FailingStore {
    fn is_broken(&self) -> bool {
        self.broken.load(Ordering::SeqCst)
    }
}

impl FileStore for FailingStore {
    fn limit(&self) -> u64 {
        self.inner.limit()
    }

    fn begin(&self) -> BoxFuture<'_, Result<FileWriter, FileError>> {
        if !self.is_broken() {
            return self.inner.begin();
        }
        let (kind, limit) = (self.kind, self.inner.limit());
        Box::pin(async move { Ok(FileWriter::new(Box::new(FailingSink(kind)), limit)) })
    }

    fn open<'a>(&'a self, key: &'a FileKey) -> BoxFuture<'a, Result<OpenedFile, FileError>> {
        self.inner.open(key)
    }

    fn delete<'a>(&'a self, key: &'a FileKey) -> BoxFuture<'a, Result<(), FileError>> {
        self.inner.delete(key)
    }

    fn probe(&self) -> BoxFuture<'_, Result<(), FileError>> {
        if !self.is_broken() {
            return self.inner.probe();
        }
        let kind = self.kind;
        Box::pin(async move { Err(FileError::Io(io::Error::from(kind))) })
    }
}

/// The usual world, whose file store then breaks with `kind`.
async fn world_with(kind: io::ErrorKind) -> Result<World, Box<dyn std::error::Error>> {
    let folder = std::env::temp_dir().join(format!("faults-{}", uuid::Uuid::new_v4().simple()));
    let store = Arc::new(FailingStore {
        inner: FolderStore::new(folder)?,
        kind,
        broken: AtomicBool::new(false),
    });
    let w = World::on(TestApp::with_file_store(store.clone())?).await?;
    store.broken.store(true, Ordering::SeqCst);
    Ok(w)
}

async fn send_file(w: &World) -> crate::support::Reply {
    let e = &w.evidence;
    w.app
        .send(upload(
            &format!("/api/v1/evidence/{e}/files"),
            &w.learner.token,
            "visit.txt",
            b"Mr B chose where we went and who came with him.",
        ))
        .await
}

#[actix_web::test]
async fn a_full_store_answers_507_in_words_and_keeps_nothing() -> TestResult {
    let w = world_with(io::ErrorKind::StorageFull).await?;
    let sent = send_file(&w).await;
    assert_eq!(sent.status, 507, "{}", show(&sent));
    assert_eq!(
        sent.json()["code"],
        "storage_unavailable",
        "{}",
        show(&sent)
    );
    assert_eq!(
        sent.json()["detail"],
        "Nothing was saved: the file store is full. Try again later; if it keeps happening, tell your centre administrator."
    );
    let item = w
        .app
        .send(Req::get(&format!("/api/v1/evidence/{}", w.evidence)).bearer(&w.learner.token))
        .await;
    assert_eq!(item.status, 200, "{}", show(&item));
    let names: Vec<String> = item.json()["files"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|f| f["filename"].as_str().map(str::to_owned))
        .collect();
    assert_eq!(
        names,
        ["notes.txt"],
        "only the file kept before: {}",
        show(&item)
    );

    let ready = w.app.get("/readyz").await;
    assert_eq!(ready.status, 503, "{}", show(&ready));
    assert!(
        ready.body.contains("the file store cannot take a file"),
        "{}",
        show(&ready)
    );
    Ok(())
}

#[actix_web::test]
async fn a_store_that_does_not_answer_is_503_and_the_page_says_nothing_was_saved() -> TestResult {
    let w = world_with(io::ErrorKind::ConnectionRefused).await?;
    let sent = send_file(&w).await;
    assert_eq!(sent.status, 503, "{}", show(&sent));
    assert_eq!(
        sent.json()["code"],
        "storage_unavailable",
        "{}",
        show(&sent)
    );

    let page = w.page_session(&w.learner).await?;
    let boundary = "fault-boundary";
    let body = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"csrf_token\"\r\n\r\n{}\r\n--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"visit.txt\"\r\nContent-Type: text/plain\r\n\r\nMr B chose where we went.\r\n--{boundary}--\r\n",
        page.csrf
    );
    let posted = w
        .app
        .send(
            Req::post(&format!("/evidence/{}/files", w.evidence))
                .session(&page.cookie)
                .same_origin()
                .header(
                    "content-type",
                    &format!("multipart/form-data; boundary={boundary}"),
                )
                .body(body.into_bytes()),
        )
        .await;
    assert_eq!(posted.status, 503, "{}", show(&posted));
    assert!(
        posted.body.contains("Nothing was saved"),
        "{}",
        show(&posted)
    );
    Ok(())
}
