//! Two-step sign-in as stored: one authenticator secret a person (confirmed once they type a
//! code from it) and their recovery codes, kept as hashes.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::schema::{recovery_codes, two_step_factors};
use super::{DbConnection, StoreError};
use crate::auth::sealing::{Sealer, context};

/// The table whose `secret` is sealed (`auth::sealing`), keyed by user.
pub const SEALED: &str = "two_step_factors";

#[derive(Debug, Clone, PartialEq, Eq, Queryable, Selectable, Insertable)]
#[diesel(table_name = two_step_factors)]
pub struct Factor {
    pub user_id: String,
    /// Base32, as authenticator apps show it (sealed as stored; `find` opens it).
    pub secret: String,
    pub confirmed_at: Option<NaiveDateTime>,
    /// The time step of the last code accepted (0 before any).
    pub last_step: i64,
    pub created_at: NaiveDateTime,
}

/// The person's factor, its secret opened.
pub fn find(
    conn: &mut DbConnection,
    sealer: &Sealer,
    user_id: &str,
) -> Result<Option<Factor>, StoreError> {
    let stored: Option<Factor> = two_step_factors::table
        .find(user_id)
        .select(Factor::as_select())
        .first(conn)
        .optional()?;
    let Some(mut factor) = stored else {
        return Ok(None);
    };
    factor.secret = sealer.open(&factor.secret, &context(SEALED, user_id))?;
    Ok(Some(factor))
}

/// Whether the person has a confirmed factor (the secret is not opened).
pub fn is_on(conn: &mut DbConnection, user_id: &str) -> Result<bool, StoreError> {
    let confirmed: Option<Option<NaiveDateTime>> = two_step_factors::table
        .find(user_id)
        .select(two_step_factors::confirmed_at)
        .first(conn)
        .optional()?;
    Ok(confirmed.flatten().is_some())
}

/// Start (or start again) setting up: any earlier factor and recovery codes are replaced. The
/// secret is stored sealed.
pub fn begin(conn: &mut DbConnection, sealer: &Sealer, factor: &Factor) -> Result<(), StoreError> {
    remove(conn, &factor.user_id)?;
    let sealed = Factor {
        secret: sealer.seal(&factor.secret, &context(SEALED, &factor.user_id))?,
        ..factor.clone()
    };
    diesel::insert_into(two_step_factors::table)
        .values(&sealed)
        .execute(conn)?;
    Ok(())
}

/// Record the code accepted at `step`: true only when no code of that step or later was
/// accepted first (two requests with one code: one wins). Confirms a factor being set up.
pub fn use_step(
    conn: &mut DbConnection,
    user_id: &str,
    step: i64,
    now: NaiveDateTime,
) -> Result<bool, StoreError> {
    let updated = diesel::update(
        two_step_factors::table
            .filter(two_step_factors::user_id.eq(user_id))
            .filter(two_step_factors::last_step.lt(step)),
    )
    .set(two_step_factors::last_step.eq(step))
    .execute(conn)?;
    if updated == 1 {
        diesel::update(
            two_step_factors::table
                .filter(two_step_factors::user_id.eq(user_id))
                .filter(two_step_factors::confirmed_at.is_null()),
        )
        .set(two_step_factors::confirmed_at.eq(now))
        .execute(conn)?;
    }
    Ok(updated == 1)
}

/// Take away the factor and every recovery code (turned off, or reset by an administrator).
pub fn remove(conn: &mut DbConnection, user_id: &str) -> Result<bool, StoreError> {
    diesel::delete(recovery_codes::table.filter(recovery_codes::user_id.eq(user_id)))
        .execute(conn)?;
    let removed = diesel::delete(two_step_factors::table.find(user_id)).execute(conn)?;
    Ok(removed == 1)
}

/// Replace the person's recovery codes with these hashes.
pub fn replace_recovery_codes(
    conn: &mut DbConnection,
    user_id: &str,
    hashes: &[String],
) -> Result<(), StoreError> {
    diesel::delete(recovery_codes::table.filter(recovery_codes::user_id.eq(user_id)))
        .execute(conn)?;
    for hash in hashes {
        diesel::insert_into(recovery_codes::table)
            .values((
                recovery_codes::id.eq(uuid::Uuid::new_v4().to_string()),
                recovery_codes::user_id.eq(user_id),
                recovery_codes::code_hash.eq(hash),
            ))
            .execute(conn)?;
    }
    Ok(())
}

/// Spend the recovery code with this hash: true when it was theirs and not used before.
pub fn use_recovery_code(
    conn: &mut DbConnection,
    user_id: &str,
    hash: &str,
    now: NaiveDateTime,
) -> Result<bool, StoreError> {
    let updated = diesel::update(
        recovery_codes::table
            .filter(recovery_codes::user_id.eq(user_id))
            .filter(recovery_codes::code_hash.eq(hash))
            .filter(recovery_codes::used_at.is_null()),
    )
    .set(recovery_codes::used_at.eq(now))
    .execute(conn)?;
    Ok(updated == 1)
}

/// How many of the person's recovery codes are still unused.
pub fn recovery_codes_left(conn: &mut DbConnection, user_id: &str) -> Result<i64, StoreError> {
    Ok(recovery_codes::table
        .filter(recovery_codes::user_id.eq(user_id))
        .filter(recovery_codes::used_at.is_null())
        .count()
        .get_result(conn)?)
}
