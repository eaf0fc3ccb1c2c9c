//! Scheduled work that every node runs (the audit checkpoint): each round is claimed inside its
//! transaction so that one node does it and the others skip.
//! PostgreSQL: a transaction-scoped advisory lock, tried without waiting (as `SKIP LOCKED` skips
//! a claimed row); it is let go when the transaction ends. SQLite: one writer at a time already
//! (`BEGIN IMMEDIATE`), so a claim always succeeds.

use diesel::sql_types::{BigInt, Bool};
use diesel::{QueryableByName, RunQueryDsl};

use super::{DbConnection, StoreError};

/// A kind of scheduled work.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Job {
    Checkpoint,
}

impl Job {
    /// The advisory lock's key: "eportjob" and the job's number.
    fn key(self) -> i64 {
        const BASE: i64 = 0x6570_6f72_746a_0000;
        BASE + match self {
            Self::Checkpoint => 1,
        }
    }
}

#[derive(QueryableByName)]
struct Claimed {
    #[diesel(sql_type = Bool)]
    claimed: bool,
}

/// Claim `job` for the current transaction: false when another node holds it now (skip this
/// round). Call inside a write transaction.
pub fn claim(conn: &mut DbConnection, job: Job) -> Result<bool, StoreError> {
    match conn {
        DbConnection::Sqlite(_) => Ok(true),
        DbConnection::Postgresql(c) => {
            let row: Claimed = diesel::sql_query("SELECT pg_try_advisory_xact_lock($1) AS claimed")
                .bind::<BigInt, _>(job.key())
                .get_result(c)?;
            Ok(row.claimed)
        }
    }
}
