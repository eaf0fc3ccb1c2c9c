//! Issue 18 (item 4): nothing left behind. A stored file no record refers to (an upload whose
//! record never committed: a stop or `kill -9` between the two) is removed by the sweep once it
//! is older than the grace period, and reported; files records refer to are never touched.

use std::time::{Duration, SystemTime};

use eportfolio::files::{FileError, FileKey};
use eportfolio::records::sweep;

use crate::support::TestResult;
use crate::world::World;

/// A file kept by the store whose record was never written; its key.
async fn orphan(w: &World) -> Result<FileKey, Box<dyn std::error::Error>> {
    let files = &w.app.state().files;
    let mut writer = files.begin().await?;
    writer
        .write(b"Notes from a visit that was never saved.")
        .await?;
    Ok(writer.finish(Some("visit.txt")).await?.key)
}

#[actix_web::test]
async fn an_upload_whose_record_never_committed_is_swept_after_the_grace_period() -> TestResult {
    let w = World::new().await?;
    let state = w.app.state();
    let left = orphan(&w).await?;
    let hour = Duration::from_secs(3600);

    let early = sweep::run(
        &state.db,
        state.files.as_ref(),
        SystemTime::now(),
        hour,
        false,
    )
    .await?;
    assert!(early.removed.is_empty(), "{early}");
    assert_eq!(early.young, 1, "{early}");

    let later = SystemTime::now() + 2 * hour;
    let dry = sweep::run(&state.db, state.files.as_ref(), later, hour, true).await?;
    assert_eq!(dry.removed, std::slice::from_ref(&left), "{dry}");
    assert!(
        dry.to_string().contains("would remove stored file"),
        "{dry}"
    );
    assert!(
        state.files.open(&left).await.is_ok(),
        "a dry run removes nothing"
    );

    let swept = sweep::run(&state.db, state.files.as_ref(), later, hour, false).await?;
    assert_eq!(swept.removed, std::slice::from_ref(&left), "{swept}");
    assert!(swept.to_string().contains("sweep: 1 removed"), "{swept}");
    assert!(matches!(
        state.files.open(&left).await,
        Err(FileError::NotFound(_))
    ));

    // The world's evidence file is referred to, and stays.
    let again = sweep::run(&state.db, state.files.as_ref(), later, hour, false).await?;
    assert!(again.removed.is_empty(), "{again}");
    let evidence = w
        .app
        .send(
            crate::support::Req::get(&format!("/api/v1/evidence/{}/files/{}", w.evidence, w.file))
                .bearer(&w.learner.token),
        )
        .await;
    assert_eq!(evidence.status, 200, "{}", evidence.body);
    Ok(())
}
