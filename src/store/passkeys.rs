//! Passkeys as stored: the ones each person added (the relying party's record of each, as JSON),
//! and the ceremonies under way (the challenge a browser was given, kept until its answer comes
//! back, used once).

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::schema::{passkey_ceremonies, passkeys};
use super::{DbConnection, StoreError};

#[derive(Debug, Clone, PartialEq, Eq, Queryable, Selectable, Insertable)]
#[diesel(table_name = passkeys)]
pub struct StoredPasskey {
    /// The credential's id, as the browser names it (base64url).
    pub id: String,
    pub user_id: String,
    /// The person's name for it ("Work laptop").
    pub name: String,
    /// The relying party's record (`webauthn_rs::prelude::Passkey` as JSON).
    pub credential: String,
    pub created_at: NaiveDateTime,
    pub last_used_at: Option<NaiveDateTime>,
}

#[derive(Debug, Clone, PartialEq, Eq, Queryable, Selectable, Insertable)]
#[diesel(table_name = passkey_ceremonies)]
pub struct Ceremony {
    pub id: String,
    pub user_id: String,
    /// `add` or `sign_in`.
    pub purpose: String,
    /// The ceremony's state as the relying party serialised it.
    pub state: String,
    pub expires_at: NaiveDateTime,
}

/// The person's passkeys, oldest first.
pub fn of_user(conn: &mut DbConnection, user_id: &str) -> Result<Vec<StoredPasskey>, StoreError> {
    Ok(passkeys::table
        .filter(passkeys::user_id.eq(user_id))
        .order((passkeys::created_at.asc(), passkeys::id.asc()))
        .select(StoredPasskey::as_select())
        .load(conn)?)
}

/// How many passkeys the person has.
pub fn count_of(conn: &mut DbConnection, user_id: &str) -> Result<i64, StoreError> {
    Ok(passkeys::table
        .filter(passkeys::user_id.eq(user_id))
        .count()
        .get_result(conn)?)
}

/// Add one; false when a passkey with that credential id is already stored (for anyone).
pub fn insert(conn: &mut DbConnection, passkey: &StoredPasskey) -> Result<bool, StoreError> {
    use diesel::result::{DatabaseErrorKind, Error};
    // One statement, so two registrations of the same credential at once cannot both pass a
    // check: the unique key decides. (On PostgreSQL the refusal ends the transaction; callers
    // return an error on `false`, which rolls it back.)
    match diesel::insert_into(passkeys::table)
        .values(passkey)
        .execute(conn)
    {
        Ok(_) => Ok(true),
        Err(Error::DatabaseError(DatabaseErrorKind::UniqueViolation, _)) => Ok(false),
        Err(other) => Err(other.into()),
    }
}

/// After a sign-in: its record (the counter moved) and when it was last used.
pub fn record_use(
    conn: &mut DbConnection,
    id: &str,
    credential: &str,
    now: NaiveDateTime,
) -> Result<(), StoreError> {
    diesel::update(passkeys::table.find(id))
        .set((
            passkeys::credential.eq(credential),
            passkeys::last_used_at.eq(Some(now)),
        ))
        .execute(conn)?;
    Ok(())
}

/// Remove one of the person's passkeys: false when they have none of that id.
pub fn remove(conn: &mut DbConnection, user_id: &str, id: &str) -> Result<bool, StoreError> {
    let removed = diesel::delete(
        passkeys::table
            .filter(passkeys::user_id.eq(user_id))
            .filter(passkeys::id.eq(id)),
    )
    .execute(conn)?;
    Ok(removed == 1)
}

/// Remove all of them, and any ceremony under way (an administrator's reset).
pub fn remove_all_of(conn: &mut DbConnection, user_id: &str) -> Result<usize, StoreError> {
    diesel::delete(passkey_ceremonies::table.filter(passkey_ceremonies::user_id.eq(user_id)))
        .execute(conn)?;
    Ok(diesel::delete(passkeys::table.filter(passkeys::user_id.eq(user_id))).execute(conn)?)
}

/// Keep a ceremony's state until its answer comes back; clears expired ones as it goes.
pub fn begin_ceremony(
    conn: &mut DbConnection,
    ceremony: &Ceremony,
    now: NaiveDateTime,
) -> Result<(), StoreError> {
    diesel::delete(passkey_ceremonies::table.filter(passkey_ceremonies::expires_at.lt(now)))
        .execute(conn)?;
    diesel::insert_into(passkey_ceremonies::table)
        .values(ceremony)
        .execute(conn)?;
    Ok(())
}

/// Take (and so end) the person's ceremony of this purpose: its state, unless it has expired or
/// was taken already.
pub fn take_ceremony(
    conn: &mut DbConnection,
    id: &str,
    user_id: &str,
    purpose: &str,
    now: NaiveDateTime,
) -> Result<Option<String>, StoreError> {
    let found: Option<Ceremony> = passkey_ceremonies::table
        .find(id)
        .select(Ceremony::as_select())
        .first(conn)
        .optional()?;
    diesel::delete(passkey_ceremonies::table.find(id)).execute(conn)?;
    Ok(found
        .filter(|c| c.user_id == user_id && c.purpose == purpose && c.expires_at >= now)
        .map(|c| c.state))
}
