//! Stored files: hashed under a random key, read back, deleted; keys that cannot leave the store;
//! abandoned uploads swept; a large file streamed in chunks; futures that move between threads.

use super::*;

#[test]
fn accepted_pdf_is_hashed_and_stored_under_a_random_key() -> TestResult {
    run(async {
        let test = TestStore::new()?;
        let pdf = pdf_bytes();
        let stored = test.upload(&pdf, 7, Some("Reflective account.pdf")).await?;
        assert_eq!(stored.media_type, MediaType::Pdf);
        assert_eq!(stored.extension, "pdf");
        assert_eq!(stored.size, pdf.len() as u64);
        assert_eq!(stored.sha256.0, <[u8; 32]>::from(Sha256::digest(&pdf)));
        assert_eq!(FileKey::parse(stored.key.as_str())?, stored.key);
        assert!(!stored.key.as_str().contains("Reflective"));
        assert_eq!(test.tmp_entries()?, 0);
        assert_eq!(test.object_files()?, 1);

        let mut opened = test.store.open(&stored.key).await?;
        assert_eq!(opened.size, pdf.len() as u64);
        let mut read_back = Vec::new();
        while let Some(chunk) = opened.chunks.next().await {
            read_back.extend_from_slice(&chunk?);
        }
        assert_eq!(read_back, pdf);
        let on_disk = test.store.local_path(&stored.key).ok_or("no local path")?;
        assert!(on_disk.starts_with(test.root.join("objects")));
        assert_eq!(std::fs::read(&on_disk)?, pdf);

        test.store.delete(&stored.key).await?;
        assert!(matches!(
            test.store.open(&stored.key).await,
            Err(FileError::NotFound(_))
        ));
        // Deleting twice is not an error.
        test.store.delete(&stored.key).await?;
        Ok(())
    })
}

#[test]
fn the_same_file_twice_gets_two_keys_and_one_hash() -> TestResult {
    run(async {
        let test = TestStore::new()?;
        let pdf = pdf_bytes();
        let first = test.upload(&pdf, 10, Some("a.pdf")).await?;
        let second = test.upload(&pdf, 33, Some("a.pdf")).await?;
        assert_ne!(first.key, second.key);
        assert_eq!(first.sha256, second.sha256);
        assert_eq!(first.sha256.to_hex().len(), 64);
        assert_eq!(
            ContentHash::from_hex(&first.sha256.to_hex()),
            Some(first.sha256)
        );
        assert_eq!(test.object_files()?, 2);
        Ok(())
    })
}

#[test]
fn file_keys_cannot_step_outside_the_store() {
    let key = FileKey::random();
    assert!(FileKey::parse(key.as_str()).is_ok());
    for bad in [
        "../../etc/passwd",
        "ab/cd/../../../../etc/passwd",
        "/etc/passwd",
        "AB/CD/ABCDEF0123456789ABCDEF0123456789",
        "ab/cd/0123456789abcdef0123456789abcdef",
        "",
    ] {
        assert!(
            matches!(FileKey::parse(bad), Err(FileError::InvalidKey(_))),
            "{bad}"
        );
    }
}

#[test]
fn opening_a_missing_file_is_not_found() -> TestResult {
    run(async {
        let test = TestStore::new()?;
        let result = test.store.open(&FileKey::random()).await;
        assert!(matches!(result, Err(FileError::NotFound(_))));
        Ok(())
    })
}

#[test]
fn abandoned_uploads_are_swept_when_the_store_opens() -> TestResult {
    let test = TestStore::new()?;
    std::fs::write(test.root.join("tmp").join("left-by-a-crash.part"), b"%PDF-")?;
    assert_eq!(
        test.store
            .remove_abandoned_uploads(Duration::from_secs(3600))?,
        0
    );
    assert_eq!(test.store.remove_abandoned_uploads(Duration::ZERO)?, 1);
    assert_eq!(test.tmp_entries()?, 0);
    Ok(())
}

#[test]
fn streams_64_mib_in_64_kib_chunks() -> TestResult {
    const CHUNK: usize = 64 * 1024;
    const TOTAL: usize = 64 * 1024 * 1024;
    run(async {
        let test = TestStore::new()?;
        let mut writer = test.store.begin().await?;
        let mut expected = Sha256::new();
        // One chunk buffer reused throughout: the test holds 64 KiB, never the file.
        let mut chunk = noise(CHUNK, 42);
        chunk[..32].copy_from_slice(b"\0\0\0\x20ftypmp42\0\0\0\0mp42isomavc1iso2");
        for index in 0..TOTAL / CHUNK {
            if index == 1 {
                chunk[..32].copy_from_slice(&noise(32, 9));
            }
            chunk[32..40].copy_from_slice(&(index as u64).to_le_bytes());
            expected.update(&chunk);
            writer.write(&chunk).await?;
        }
        let stored = writer.finish(Some("observation.mp4")).await?;
        assert_eq!(stored.size, TOTAL as u64);
        assert_eq!(stored.media_type, MediaType::Mp4);
        let expected = ContentHash(expected.finalize().into());
        assert_eq!(stored.sha256, expected);

        let mut opened = test.store.open(&stored.key).await?;
        assert_eq!(opened.size, TOTAL as u64);
        let mut read_back = Sha256::new();
        let mut largest_chunk = 0;
        while let Some(piece) = opened.chunks.next().await {
            let piece = piece?;
            largest_chunk = largest_chunk.max(piece.len());
            read_back.update(&piece);
        }
        assert_eq!(ContentHash(read_back.finalize().into()), expected);
        assert!(largest_chunk <= 1024 * 1024);
        Ok(())
    })
}

#[test]
fn uploads_can_move_between_threads() -> TestResult {
    fn assert_send<T: Send>(_: &T) {}
    let test = TestStore::new()?;
    let store: std::sync::Arc<dyn FileStore> = std::sync::Arc::new(test.store.clone());
    run(async move {
        let begin = store.begin();
        assert_send(&begin);
        let mut writer = begin.await?;
        let write = writer.write(b"%PDF-1.4\n");
        assert_send(&write);
        write.await?;
        let finish = writer.finish(Some("a.pdf"));
        assert_send(&finish);
        let stored = finish.await?;
        let opened = store.open(&stored.key).await?;
        assert_send(&opened.chunks);
        Ok(())
    })
}

#[test]
fn a_slice_sends_just_the_bytes_asked_for_across_chunks() -> TestResult {
    run(async {
        let read = |first, last| {
            let pieces = [&b"abcd"[..], b"efgh", b"ijkl"]
                .map(|p| Ok::<_, std::io::Error>(bytes::Bytes::copy_from_slice(p)));
            let whole = OpenedFile::new(12, Box::pin(futures_util::stream::iter(pieces)));
            async move {
                let mut part = whole.slice(first, last);
                let size = part.size;
                let mut out = Vec::new();
                while let Some(chunk) = part.chunks.next().await {
                    out.extend_from_slice(&chunk?);
                }
                Ok::<_, std::io::Error>((size, out))
            }
        };
        assert_eq!(read(2, 9).await?, (8, b"cdefghij".to_vec()));
        assert_eq!(read(4, 7).await?, (4, b"efgh".to_vec()));
        assert_eq!(read(11, 11).await?, (1, b"l".to_vec()));
        assert_eq!(read(0, 11).await?, (12, b"abcdefghijkl".to_vec()));
        Ok(())
    })
}
