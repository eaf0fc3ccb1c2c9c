//! Each centre's Open Badges signing key (made on first use).

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::schema::centre_signing_keys;
use super::{DbConnection, StoreError};
use crate::auth::sealing::{Sealer, context};

/// The table whose `seed` is sealed (`auth::sealing`), keyed by centre.
pub const SEALED: &str = "centre_signing_keys";

/// A centre's key: the seed (base64url; sealed as stored, opened as read here) and its public
/// key's `x`.
#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = centre_signing_keys)]
pub struct StoredKey {
    pub centre_id: String,
    pub seed: String,
    pub public_x: String,
    pub created_at: NaiveDateTime,
}

pub fn find(
    conn: &mut DbConnection,
    sealer: &Sealer,
    centre_id: &str,
) -> Result<Option<StoredKey>, StoreError> {
    let stored: Option<StoredKey> = centre_signing_keys::table
        .find(centre_id)
        .select(StoredKey::as_select())
        .first(conn)
        .optional()?;
    let Some(mut key) = stored else {
        return Ok(None);
    };
    key.seed = sealer.open(&key.seed, &context(SEALED, centre_id))?;
    Ok(Some(key))
}

/// The centre's key, storing `fresh` when it has none yet. Two first uses at once both read
/// the one that was stored first: the insert runs in a savepoint, so the loser's unique
/// violation is rolled back alone and its transaction (aborted on PostgreSQL otherwise) reads
/// the winner's key.
pub fn find_or_insert(
    conn: &mut DbConnection,
    sealer: &Sealer,
    fresh: &StoredKey,
) -> Result<StoredKey, StoreError> {
    if let Some(key) = find(conn, sealer, &fresh.centre_id)? {
        return Ok(key);
    }
    let sealed = StoredKey {
        seed: sealer.seal(&fresh.seed, &context(SEALED, &fresh.centre_id))?,
        ..fresh.clone()
    };
    let inserted = conn.transaction(|conn| {
        diesel::insert_into(centre_signing_keys::table)
            .values(&sealed)
            .execute(conn)
    });
    match inserted {
        Ok(_) => Ok(fresh.clone()),
        Err(diesel::result::Error::DatabaseError(
            diesel::result::DatabaseErrorKind::UniqueViolation,
            _,
        )) => find(conn, sealer, &fresh.centre_id)?
            .ok_or(StoreError::Query(diesel::result::Error::NotFound)),
        Err(e) => Err(e.into()),
    }
}
