//! Empty, oversized and cut-off uploads: each refused or dropped with nothing left behind.

use super::*;

#[test]
fn zero_byte_file_is_refused_and_leaves_nothing() -> TestResult {
    run(async {
        let test = TestStore::new()?;
        let result = test.upload(b"", 1, Some("empty.pdf")).await;
        let Err(error) = result else {
            return Err("an empty file was stored".into());
        };
        assert!(matches!(error, FileError::Empty));
        assert_eq!(error.to_string(), "The file is empty.");
        assert!(error.is_refusal());
        assert!(test.is_empty()?);
        Ok(())
    })
}

#[test]
fn one_byte_over_the_limit_is_refused_and_leaves_nothing() -> TestResult {
    run(async {
        let test = TestStore::with_limit(16 * 1024)?;
        let at_limit = vec![b'a'; 16 * 1024];
        let stored = test.upload(&at_limit, 1000, Some("notes.txt")).await?;
        assert_eq!(stored.size, 16 * 1024);
        test.store.delete(&stored.key).await?;

        let mut writer = test.store.begin().await?;
        writer.write(&at_limit).await?;
        let error = writer.write(b"a").await;
        assert!(matches!(error, Err(FileError::TooLarge { limit: 16384 })));
        // Removed at once, before the handler answers 413, not when the writer is dropped.
        assert!(test.is_empty()?);
        // The writer is closed for good.
        assert!(matches!(writer.write(b"a").await, Err(FileError::Closed)));
        assert!(matches!(writer.finish(None).await, Err(FileError::Closed)));
        assert!(test.is_empty()?);
        Ok(())
    })
}

#[test]
fn too_large_names_the_limit_in_words() {
    let error = FileError::TooLarge {
        limit: DEFAULT_SIZE_LIMIT,
    };
    assert_eq!(
        error.to_string(),
        "The file is larger than the 512 MiB limit."
    );
    assert_eq!(human_size(1024 * 1024 * 1024), "1 GiB");
    assert_eq!(human_size(100 * 1024), "100 KiB");
    assert_eq!(human_size(1000), "1000 bytes");
}

#[test]
fn cut_off_upload_leaves_nothing() -> TestResult {
    run(async {
        let test = TestStore::new()?;
        let mut pdf = pdf_bytes();
        pdf.extend(noise(300 * 1024, 3));
        let mut writer = test.store.begin().await?;
        for piece in pdf.chunks(16 * 1024).take(10) {
            writer.write(piece).await?;
        }
        assert_eq!(test.tmp_entries()?, 1);
        // The client went away: the handler's future, and the writer with it, is dropped.
        drop(writer);
        // The removal runs on the blocking pool; give it a moment.
        let deadline = Instant::now() + Duration::from_secs(10);
        while !test.is_empty()? && Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(10));
        }
        assert!(test.is_empty()?);
        Ok(())
    })
}

#[test]
fn cut_off_upload_outside_a_runtime_leaves_nothing() -> TestResult {
    let test = TestStore::new()?;
    let writer = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?
        .block_on(async {
            let mut writer = test.store.begin().await?;
            writer.write(&pdf_bytes()).await?;
            Ok::<_, FileError>(writer)
        })?;
    assert_eq!(test.tmp_entries()?, 1);
    drop(writer);
    assert!(test.is_empty()?);
    Ok(())
}
