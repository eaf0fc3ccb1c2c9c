//! Checkpoints on a schedule: the server signs one when the last is older than the interval
//! and the chain has grown since. Time is passed in, so tests need no sleeping.

use std::time::Duration;

use chrono::NaiveDateTime;

use std::sync::Arc;

use super::CheckpointFile;
use crate::auth::sealing::Sealer;
use crate::store::{Db, DbConnection, StoreError, checkpoints};

/// How often the server signs a checkpoint of the chain's head.
pub const EVERY: Duration = Duration::from_secs(60 * 60);

/// Sign a checkpoint when none was taken within `every` of `now` and entries were added since
/// the last. Call inside a write transaction.
pub fn checkpoint_if_due(
    conn: &mut DbConnection,
    sealer: &Sealer,
    now: NaiveDateTime,
    every: Duration,
) -> Result<Option<CheckpointFile>, StoreError> {
    let every = chrono::Duration::from_std(every).unwrap_or(chrono::Duration::hours(1));
    // Every node runs this loop; one takes each round, the others skip it.
    if !crate::store::jobs::claim(conn, crate::store::jobs::Job::Checkpoint)? {
        return Ok(None);
    }
    if let Some(latest) = checkpoints::latest(conn)? {
        let recent = checkpoints::latest_at(conn)?.is_some_and(|at| at + every > now);
        let grown = crate::store::audit::list(conn, &Default::default(), 1)?
            .first()
            .is_some_and(|head| head.seq > latest.entry_count);
        if recent || !grown {
            return Ok(None);
        }
    }
    checkpoints::record(conn, sealer, now).map(Some)
}

/// Run [`checkpoint_if_due`] every few minutes with the real clock, until aborted.
pub fn spawn_checkpoint_loop(
    db: Db,
    sealer: Arc<Sealer>,
    every: Duration,
) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let mut ticks = tokio::time::interval((every / 12).max(Duration::from_secs(1)));
        ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            ticks.tick().await;
            let now = chrono::Utc::now().naive_utc();
            let sealer = sealer.clone();
            match db
                .write(move |conn| checkpoint_if_due(conn, &sealer, now, every))
                .await
            {
                Ok(Some(file)) => tracing::info!(
                    audit.entries = file.entry_count,
                    audit.head = %file.head_hash,
                    "audit checkpoint signed"
                ),
                Ok(None) => {}
                Err(error) => tracing::warn!(error = %error, "audit checkpoint failed"),
            }
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::audit::{NewAuditEntry, append};
    use crate::store::testing::TestDb;
    use crate::store::write_transaction;

    fn at(minutes: i64) -> NaiveDateTime {
        chrono::DateTime::from_timestamp(1_800_000_000 + minutes * 60, 0)
            .map(|t| t.naive_utc())
            .unwrap_or_default()
    }

    fn add(conn: &mut DbConnection, minutes: i64) -> Result<(), StoreError> {
        let entry = NewAuditEntry {
            actor_name: "system".into(),
            action: "x".into(),
            record_type: "user".into(),
            record_id: "u1".into(),
            ..NewAuditEntry::default()
        };
        write_transaction(conn, |c| append(c, entry, at(minutes))).map(|_| ())
    }

    #[test]
    fn q4_a_checkpoint_is_signed_when_due_and_the_chain_has_grown() -> Result<(), StoreError> {
        let db = TestDb::new()?;
        let mut conn = db.db().get()?;
        let sealer = Sealer::new(b"a key-encryption key of 32 characters", &[]);
        add(&mut conn, 0)?;
        let first = write_transaction(&mut conn, |c| checkpoint_if_due(c, &sealer, at(1), EVERY))?;
        assert_eq!(first.map(|f| f.entry_count), Some(1));
        add(&mut conn, 2)?;
        // Within the hour: not yet.
        let early = write_transaction(&mut conn, |c| checkpoint_if_due(c, &sealer, at(30), EVERY))?;
        assert_eq!(early, None);
        let due = write_transaction(&mut conn, |c| checkpoint_if_due(c, &sealer, at(62), EVERY))?;
        assert_eq!(due.map(|f| f.entry_count), Some(2));
        // Nothing added since: no new checkpoint however late.
        let idle = write_transaction(&mut conn, |c| checkpoint_if_due(c, &sealer, at(600), EVERY))?;
        assert_eq!(idle, None);
        Ok(())
    }
}
