//! Signed checkpoints of the audit chain's head (Q4), and the platform key that signs them
//! (made on first use).

use chrono::{NaiveDateTime, Timelike};
use diesel::prelude::*;

use super::schema::{audit_checkpoints, audit_entries, audit_signing_keys};
use super::{DbConnection, StoreError};
use crate::auth::sealing::{Sealer, context};
use crate::ledger::checkpoint::PublicKey;

/// The table whose `seed` is sealed (`auth::sealing`), keyed by key id.
pub const SEALED: &str = "audit_signing_keys";
use crate::ledger::{CheckpointFile, PlatformKey};

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = audit_signing_keys)]
struct StoredKey {
    key_id: String,
    seed: String,
    public_x: String,
    created_at: NaiveDateTime,
}

#[derive(Debug, Clone, PartialEq, Eq, Queryable, Selectable, Insertable)]
#[diesel(table_name = audit_checkpoints)]
pub struct Checkpoint {
    pub id: String,
    pub entry_count: i64,
    pub head_hash: String,
    pub recorded_at: NaiveDateTime,
    pub key_id: String,
    pub signature: String,
}

fn key_error(e: impl std::fmt::Display) -> StoreError {
    StoreError::Migration(format!("the audit checkpoint key cannot be used: {e}"))
}

/// The platform's key, made and stored (sealed) when there is none.
pub fn platform_key(
    conn: &mut DbConnection,
    sealer: &Sealer,
    now: NaiveDateTime,
) -> Result<PlatformKey, StoreError> {
    let stored: Option<StoredKey> = audit_signing_keys::table
        .order(audit_signing_keys::created_at)
        .select(StoredKey::as_select())
        .first(conn)
        .optional()?;
    if let Some(stored) = stored {
        let seed = sealer.open(&stored.seed, &context(SEALED, &stored.key_id))?;
        return PlatformKey::from_stored(&seed).map_err(key_error);
    }
    let key = PlatformKey::generate().map_err(key_error)?;
    diesel::insert_into(audit_signing_keys::table)
        .values(StoredKey {
            key_id: key.key_id(),
            seed: sealer.seal(&key.stored(), &context(SEALED, &key.key_id()))?,
            public_x: key.public_x(),
            created_at: now,
        })
        .execute(conn)?;
    Ok(key)
}

/// Sign and store a checkpoint of the chain as it is now. Call inside a write transaction.
pub fn record(
    conn: &mut DbConnection,
    sealer: &Sealer,
    now: NaiveDateTime,
) -> Result<CheckpointFile, StoreError> {
    // Both databases keep microseconds: sign exactly what is stored.
    let now = now
        .with_nanosecond(now.nanosecond() / 1000 * 1000)
        .unwrap_or(now);
    let key = platform_key(conn, sealer, now)?;
    let head: Option<(i64, String)> = audit_entries::table
        .order(audit_entries::seq.desc())
        .select((audit_entries::seq, audit_entries::hash))
        .first(conn)
        .optional()?;
    let (count, hash) = head.unwrap_or((0, crate::store::audit::GENESIS.to_owned()));
    let file = key.sign(count, &hash, now);
    diesel::insert_into(audit_checkpoints::table)
        .values(Checkpoint {
            id: uuid::Uuid::new_v4().to_string(),
            entry_count: count,
            head_hash: hash,
            recorded_at: now,
            key_id: file.key_id.clone(),
            signature: file.signature.clone(),
        })
        .execute(conn)?;
    Ok(file)
}

/// The latest checkpoint as a file, with its key's public half.
pub fn latest(conn: &mut DbConnection) -> Result<Option<CheckpointFile>, StoreError> {
    let found: Option<(Checkpoint, String)> = audit_checkpoints::table
        .inner_join(audit_signing_keys::table)
        .order((
            audit_checkpoints::recorded_at.desc(),
            audit_checkpoints::entry_count.desc(),
        ))
        .select((Checkpoint::as_select(), audit_signing_keys::public_x))
        .first(conn)
        .optional()?;
    Ok(found.map(|(checkpoint, public_x)| as_file(&checkpoint, &public_x)))
}

/// When the latest checkpoint was taken.
pub fn latest_at(conn: &mut DbConnection) -> Result<Option<NaiveDateTime>, StoreError> {
    Ok(audit_checkpoints::table
        .select(diesel::dsl::max(audit_checkpoints::recorded_at))
        .first(conn)?)
}

fn as_file(checkpoint: &Checkpoint, public_x: &str) -> CheckpointFile {
    CheckpointFile {
        format: crate::ledger::checkpoint::FORMAT.to_owned(),
        signed_by: "the eportfolio platform's audit checkpoint key".to_owned(),
        entry_count: checkpoint.entry_count,
        head_hash: checkpoint.head_hash.clone(),
        recorded_at: checkpoint
            .recorded_at
            .format("%Y-%m-%dT%H:%M:%S%.6fZ")
            .to_string(),
        key_id: checkpoint.key_id.clone(),
        public_key: PublicKey::ed25519(public_x),
        signature: checkpoint.signature.clone(),
    }
}
