//! What every file store must do, run on the folder and on the S3-compatible server alike: keep
//! a file whole (one part or many), send it back whole or a part, keep nothing of an upload that
//! was refused or cut off, delete, list what it holds, and give a readable local copy.

use futures_util::StreamExt;
use sha2::{Digest, Sha256};

use eportfolio::files::{
    FileError, FileKey, FileStore, LOCAL_COPY_LIMIT, LocalCopy, OpenedFile, PART_SIZE, StoredFile,
    local_copy,
};

type Failure = Box<dyn std::error::Error>;

/// Every case in turn; a failure names its case.
pub async fn holds(store: &dyn FileStore) -> Result<(), Failure> {
    named(
        "a small file is kept whole",
        a_small_file_is_kept_whole(store).await,
    )?;
    named(
        "a large file goes up in parts",
        a_large_file_goes_up_in_parts(store).await,
    )?;
    named("a part is sent alone", a_part_is_sent_alone(store).await)?;
    named(
        "a refused upload leaves nothing",
        a_refused_upload_leaves_nothing(store).await,
    )?;
    named(
        "a cut-off upload leaves nothing",
        a_cut_off_upload_leaves_nothing(store).await,
    )?;
    named(
        "a deleted file is gone",
        a_deleted_file_is_gone(store).await,
    )?;
    named(
        "a local copy reads the same",
        a_local_copy_reads_the_same(store).await,
    )?;
    named(
        "the store answers its probe",
        store.probe().await.map_err(Into::into),
    )
}

fn named(case: &str, result: Result<(), Failure>) -> Result<(), Failure> {
    result.map_err(|e| format!("{case}: {e}").into())
}

/// Text of exactly `len` bytes (the upload checks allow text).
fn text(len: usize) -> Vec<u8> {
    b"Mr B chose where we went and who came with him. "
        .iter()
        .copied()
        .cycle()
        .take(len)
        .collect()
}

async fn upload(store: &dyn FileStore, bytes: &[u8]) -> Result<StoredFile, FileError> {
    let mut writer = store.begin().await?;
    for piece in bytes.chunks(64 * 1024) {
        writer.write(piece).await?;
    }
    writer.finish(Some("visit.txt")).await
}

async fn read_all(mut opened: OpenedFile) -> Result<Vec<u8>, Failure> {
    let mut out = Vec::new();
    while let Some(chunk) = opened.chunks.next().await {
        out.extend_from_slice(&chunk?);
    }
    if out.len() as u64 != opened.size {
        return Err(format!("said {} bytes, sent {}", opened.size, out.len()).into());
    }
    Ok(out)
}

async fn count(store: &dyn FileStore) -> Result<usize, Failure> {
    Ok(store.stored().await?.len())
}

async fn kept_whole(store: &dyn FileStore, len: usize) -> Result<(), Failure> {
    let bytes = text(len);
    let before = count(store).await?;
    let stored = upload(store, &bytes).await?;
    assert_eq!(stored.size, len as u64);
    assert_eq!(stored.sha256.0, <[u8; 32]>::from(Sha256::digest(&bytes)));
    assert!(stored.media_type.mime().starts_with("text/plain"));
    let listed = store.stored().await?;
    assert_eq!(listed.len(), before + 1, "one more object is listed");
    assert!(listed.iter().any(|(key, _)| key == &stored.key));
    let back = read_all(store.open(&stored.key).await?).await?;
    assert!(back == bytes, "the bytes read back differ");
    Ok(())
}

async fn a_small_file_is_kept_whole(store: &dyn FileStore) -> Result<(), Failure> {
    kept_whole(store, 1_000).await
}

async fn a_large_file_goes_up_in_parts(store: &dyn FileStore) -> Result<(), Failure> {
    kept_whole(store, 2 * PART_SIZE + 1_234).await
}

async fn a_part_is_sent_alone(store: &dyn FileStore) -> Result<(), Failure> {
    let bytes = text(PART_SIZE + 100);
    let stored = upload(store, &bytes).await?;
    for (first, last) in [
        (0, 9),
        (5, 5),
        (PART_SIZE - 3, PART_SIZE + 3),
        (PART_SIZE + 90, PART_SIZE + 99),
    ] {
        let part = store
            .open(&stored.key)
            .await?
            .slice(first as u64, last as u64);
        assert_eq!(part.size, (last - first + 1) as u64);
        let got = read_all(part).await?;
        assert!(got == bytes[first..=last], "bytes {first}-{last} differ");
    }
    Ok(())
}

async fn a_refused_upload_leaves_nothing(store: &dyn FileStore) -> Result<(), Failure> {
    let before = count(store).await?;
    // Text for more than a part (so an object store has begun a multipart upload), then binary.
    let mut writer = store.begin().await?;
    let mut refused = None;
    for piece in text(PART_SIZE + 10)
        .chunks(64 * 1024)
        .chain([&[0u8, 1, 2, 0xff][..]])
    {
        if let Err(error) = writer.write(piece).await {
            refused = Some(error);
            break;
        }
    }
    let refused = match refused {
        Some(error) => error,
        None => match writer.finish(Some("visit.txt")).await {
            Err(error) => error,
            Ok(stored) => return Err(format!("binary text was kept as {}", stored.key).into()),
        },
    };
    assert!(refused.is_refusal(), "{refused}");
    assert_eq!(
        count(store).await?,
        before,
        "the refused upload left an object"
    );
    Ok(())
}

async fn a_cut_off_upload_leaves_nothing(store: &dyn FileStore) -> Result<(), Failure> {
    let before = count(store).await?;
    let mut writer = store.begin().await?;
    for piece in text(PART_SIZE * 2).chunks(64 * 1024) {
        writer.write(piece).await?;
    }
    drop(writer);
    // The clean-up of a dropped upload runs in the background; it has a moment.
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    assert_eq!(
        count(store).await?,
        before,
        "the cut-off upload left an object"
    );
    Ok(())
}

async fn a_deleted_file_is_gone(store: &dyn FileStore) -> Result<(), Failure> {
    let stored = upload(store, &text(500)).await?;
    store.delete(&stored.key).await?;
    match store.open(&stored.key).await {
        Err(FileError::NotFound(key)) => assert_eq!(key, stored.key),
        Err(other) => return Err(format!("opening a deleted file: {other}").into()),
        Ok(_) => return Err("a deleted file still opens".into()),
    }
    store.delete(&stored.key).await?;
    match store.open(&FileKey::random()).await {
        Err(FileError::NotFound(_)) => Ok(()),
        Err(other) => Err(format!("opening a key never stored: {other}").into()),
        Ok(_) => Err("a key never stored opens".into()),
    }
}

async fn a_local_copy_reads_the_same(store: &dyn FileStore) -> Result<(), Failure> {
    let bytes = text(70_000);
    let stored = upload(store, &bytes).await?;
    let copy = local_copy(store, &stored.key, LOCAL_COPY_LIMIT)
        .await?
        .ok_or("no local copy")?;
    assert!(
        std::fs::read(copy.path())? == bytes,
        "the local copy differs"
    );
    let path = copy.path().to_path_buf();
    let temporary = matches!(copy, LocalCopy::Temporary(_));
    drop(copy);
    assert_eq!(
        path.exists(),
        !temporary,
        "a temporary copy is removed, the store's file kept"
    );
    assert!(local_copy(store, &stored.key, 1_000).await?.is_none() || !temporary);
    Ok(())
}
