//! The sweep of stored files nothing refers to: an upload cut off after its object was kept but
//! before its row committed (a stop, a `kill -9`) leaves an object no record names, which the
//! retention purge would never reach. Objects younger than the grace period are left alone, so
//! an upload whose row is about to commit is never taken. Run by `eportfolio files sweep` and
//! daily by `serve`.

use std::time::{Duration, SystemTime};

use crate::files::{FileError, FileKey, FileStore};
use crate::store::{Db, StoreError, file_references};

/// How long an object nothing refers to is left before the scheduled sweep removes it.
pub const GRACE: Duration = Duration::from_secs(24 * 60 * 60);

/// Why a sweep could not run (nothing is removed then).
#[derive(Debug, thiserror::Error)]
pub enum SweepError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("the file store cannot be listed: {0}")]
    Files(#[from] FileError),
}

/// What a sweep found and did.
#[derive(Debug, Default)]
pub struct SweepReport {
    pub dry_run: bool,
    /// Objects nothing refers to, older than the grace period: removed (or, in a dry run, would be).
    pub removed: Vec<FileKey>,
    /// Objects nothing refers to yet, within the grace period: left for a later sweep.
    pub young: usize,
    /// Objects that could not be removed, with why.
    pub failures: Vec<(FileKey, String)>,
}

impl std::fmt::Display for SweepReport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let verb = if self.dry_run {
            "would remove"
        } else {
            "removed"
        };
        for key in &self.removed {
            writeln!(
                f,
                "{verb} stored file {} (nothing refers to it)",
                key.as_str()
            )?;
        }
        for (key, why) in &self.failures {
            writeln!(f, "could not remove stored file {}: {why}", key.as_str())?;
        }
        write!(
            f,
            "sweep: {} {verb}, {} not referred to yet but within the grace period, {} failed",
            self.removed.len(),
            self.young,
            self.failures.len()
        )
    }
}

/// Remove the objects no record refers to that were last written before `now - grace`. The
/// references are read after the listing, so an upload that commits in between is kept.
pub async fn run(
    db: &Db,
    files: &dyn FileStore,
    now: SystemTime,
    grace: Duration,
    dry_run: bool,
) -> Result<SweepReport, SweepError> {
    let stored = files.stored().await?;
    let referenced = db.run(file_references::referenced_keys).await?;
    let cutoff = now.checked_sub(grace).unwrap_or(SystemTime::UNIX_EPOCH);
    let mut report = SweepReport {
        dry_run,
        ..SweepReport::default()
    };
    for (key, written) in stored {
        if referenced.contains(key.as_str()) {
            continue;
        }
        if written > cutoff {
            report.young += 1;
            continue;
        }
        if !dry_run {
            if let Err(error) = files.delete(&key).await {
                report.failures.push((key, error.to_string()));
                continue;
            }
        }
        report.removed.push(key);
    }
    Ok(report)
}

/// Sweep with the grace period once a day, the first a day after start (so starting a node,
/// or many at once, never lists the whole store), until aborted.
pub fn spawn_sweep_loop(
    db: Db,
    files: std::sync::Arc<dyn FileStore>,
) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let mut ticks = tokio::time::interval_at(tokio::time::Instant::now() + GRACE, GRACE);
        ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            ticks.tick().await;
            match run(&db, files.as_ref(), SystemTime::now(), GRACE, false).await {
                Ok(report) if report.removed.is_empty() && report.failures.is_empty() => {}
                Ok(report) => tracing::info!(
                    removed = report.removed.len(),
                    failed = report.failures.len(),
                    "swept stored files nothing refers to"
                ),
                Err(error) => tracing::warn!(error = %error, "the stored-file sweep failed"),
            }
        }
    })
}
