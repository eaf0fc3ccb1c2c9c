//! Evidence files in an S3-compatible object store (issue 18): the same file-store suite on the
//! folder and on a real S3-compatible server (moto's server mode, started by the test), and the
//! application keeping, counting and sending files there.

mod moto;
mod suite;

use std::sync::Arc;

use crate::support::{Req, TestApp, TestResult, upload};
use crate::world::World;

#[actix_web::test]
async fn the_file_store_suite_holds_on_the_folder() -> TestResult {
    let root = tempfile::tempdir()?;
    let store = eportfolio::files::FolderStore::new(root.path().join("files"))?;
    suite::holds(&store).await
}

#[actix_web::test]
async fn the_file_store_suite_holds_on_an_s3_compatible_server() -> TestResult {
    let moto = moto::Moto::start()?;
    let store = moto.store("evidence", "centre-a")?;
    suite::holds(&store).await?;
    // Nothing was written outside the prefix, and a second store under another prefix sees none
    // of the first's files.
    let other = moto.store("evidence-b", "centre-b")?;
    assert!(
        eportfolio::files::FileStore::stored(&other)
            .await?
            .is_empty()
    );
    Ok(())
}

#[actix_web::test]
async fn evidence_in_the_object_store_is_kept_counted_and_sent_in_parts() -> TestResult {
    let moto = moto::Moto::start()?;
    let store = Arc::new(moto.store("college", "evidence")?);
    let w = World::on(TestApp::with_file_store(store.clone())?).await?;
    let before = words_of(&w).await?;
    let objects = eportfolio::files::FileStore::stored(store.as_ref())
        .await?
        .len();
    let text = "Mr B chose where we went and who came with him, and we went to the park.";
    let sent = send_file(&w, "visit.txt", text.as_bytes()).await;
    assert_eq!(sent.status, 201, "{}", sent.body);
    let file = sent.json()["file_id"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    let now_stored = eportfolio::files::FileStore::stored(store.as_ref()).await?;
    assert_eq!(
        now_stored.len(),
        objects + 1,
        "the file is in the object store"
    );

    let path = format!("/api/v1/evidence/{}/files/{file}", w.evidence);
    let whole = w.app.send(Req::get(&path).bearer(&w.assessor.token)).await;
    assert_eq!(whole.status, 200, "{}", whole.body);
    assert_eq!(whole.body, text);
    let part = w
        .app
        .send(
            Req::get(&path)
                .bearer(&w.assessor.token)
                .header("range", "bytes=3-8"),
        )
        .await;
    assert_eq!(part.status, 206, "{}", part.body);
    assert_eq!(part.body, &text[3..=8]);

    // The file's words were counted from a local copy (the tracker adds them to the item's).
    let after = words_of(&w).await?;
    let expected = before + text.split_whitespace().count() as i64;
    assert_eq!(after, expected, "the file's words are counted");
    Ok(())
}

/// The words the tracker counts for the world's evidence item (none yet is 0).
async fn words_of(w: &World) -> Result<i64, Box<dyn std::error::Error>> {
    let reply = w
        .app
        .send(
            Req::get(&format!("/api/v1/registrations/{}/tracker", w.registration))
                .bearer(&w.assessor.token),
        )
        .await;
    assert_eq!(reply.status, 200, "{}", reply.body);
    let tracker = reply.json();
    let item = tracker["evidence"]
        .as_array()
        .and_then(|items| items.iter().find(|e| e["id"] == w.evidence.as_str()))
        .ok_or("the evidence item is not on the tracker")?;
    Ok(item["word_count"].as_i64().unwrap_or(0))
}

/// `backup` and `restore` with the files in the object store: the archive holds the object, and
/// a restore into an empty database and an empty bucket brings the file back byte for byte.
#[actix_web::test]
async fn a_backup_holds_the_object_stores_files_and_a_restore_puts_them_back() -> TestResult {
    use eportfolio::files::FileStore;
    use eportfolio::records::objects::StoreObjects;
    use eportfolio::records::{backup, restore};
    let moto = moto::Moto::start()?;
    let store = Arc::new(moto.store("backed-up", "evidence")?);
    let w = World::on(TestApp::with_file_store(store.clone())?).await?;
    let text = b"Notes from Mr B's review: he chose who took part.".to_vec();
    let sent = send_file(&w, "review.txt", &text).await;
    assert_eq!(sent.status, 201, "{}", sent.body);
    let kept = store.stored().await?;
    let archive = w.app.db.folder().join("backup.zip");
    let (db, from, runtime) = (
        w.app.db.db().clone(),
        store.clone(),
        tokio::runtime::Handle::current(),
    );
    let written = archive.clone();
    let summary = tokio::task::spawn_blocking(move || {
        let objects = StoreObjects {
            store: from.as_ref(),
            runtime,
        };
        backup::write(&mut *db.get()?, &objects, &written, "2027-01-15T08:00:00Z")
    })
    .await??;
    assert_eq!(
        summary.files,
        kept.len(),
        "every stored object is in the backup"
    );

    // Into an empty database and an empty bucket.
    let fresh = eportfolio::store::testing::TestDb::new()?;
    let empty = Arc::new(moto.store("restored", "evidence")?);
    let (db, into, runtime) = (
        fresh.db().clone(),
        empty.clone(),
        tokio::runtime::Handle::current(),
    );
    let restored = tokio::task::spawn_blocking(move || {
        let objects = StoreObjects {
            store: into.as_ref(),
            runtime,
        };
        restore::restore(&mut *db.get()?, &objects, &archive, false)
    })
    .await??;
    assert_eq!(restored.files, kept.len());
    let mut back = empty.stored().await?;
    let mut original = kept;
    back.sort_by(|a, b| a.0.as_str().cmp(b.0.as_str()));
    original.sort_by(|a, b| a.0.as_str().cmp(b.0.as_str()));
    let keys = |v: &[(eportfolio::files::FileKey, std::time::SystemTime)]| {
        v.iter().map(|(k, _)| k.to_string()).collect::<Vec<_>>()
    };
    assert_eq!(keys(&back), keys(&original), "the same keys are back");
    let mut found = false;
    for (key, _) in &back {
        let mut opened = empty.open(key).await?;
        let mut bytes = Vec::new();
        while let Some(chunk) = futures_util::StreamExt::next(&mut opened.chunks).await {
            bytes.extend_from_slice(&chunk?);
        }
        found |= bytes == text;
    }
    assert!(found, "the uploaded file is back byte for byte");
    Ok(())
}

/// The object store stops answering: an upload is refused with 503 `storage_unavailable` in
/// words (within seconds, not after minutes of retries), and `/readyz` says the node cannot take
/// files, so a load balancer sends work elsewhere.
#[actix_web::test]
async fn an_object_store_that_stops_answering_is_503_in_words_and_readyz_says_so() -> TestResult {
    let mut moto = moto::Moto::start()?;
    let store = Arc::new(moto.store("going-away", "evidence")?);
    let w = World::on(TestApp::with_file_store(store)?).await?;
    let ready = w.app.get("/readyz").await;
    assert_eq!(ready.status, 200, "{}", ready.body);
    moto.stop();
    let started = std::time::Instant::now();
    let sent = send_file(&w, "visit.txt", b"Mr B chose where we went.").await;
    assert_eq!(sent.status, 503, "{}", sent.body);
    assert_eq!(sent.json()["code"], "storage_unavailable", "{}", sent.body);
    assert!(
        sent.json()["detail"]
            .as_str()
            .unwrap_or_default()
            .starts_with("Nothing was saved"),
        "{}",
        sent.body
    );
    assert!(
        started.elapsed() < std::time::Duration::from_secs(30),
        "refused after {:?}",
        started.elapsed()
    );
    let ready = w.app.get("/readyz").await;
    assert_eq!(ready.status, 503, "{}", ready.body);
    assert!(
        ready.body.contains("the file store cannot take a file"),
        "{}",
        ready.body
    );
    Ok(())
}

/// The learner attaches `bytes` as `name` to the world's evidence item.
async fn send_file(w: &World, name: &str, bytes: &[u8]) -> crate::support::Reply {
    w.app
        .send(upload(
            &format!("/api/v1/evidence/{}/files", w.evidence),
            &w.learner.token,
            name,
            bytes,
        ))
        .await
}
