//! Unit sign-offs. A sign-off that stands (not unlocked) locks its unit; a partial unique index
//! keeps at most one standing per unit of a registration. Unlocking keeps the row and records
//! who, when, how (centre administrator or IQA referral) and why.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::codes::NullableCode;
use crate::domain::sign_off::UnlockKind;

use super::schema::unit_sign_offs;
use super::{DbConnection, StoreError};

#[derive(Debug, Clone, PartialEq, Eq, Queryable, Selectable, Insertable)]
#[diesel(table_name = unit_sign_offs)]
pub struct UnitSignOff {
    pub id: String,
    pub registration_id: String,
    pub unit_id: String,
    pub signed_off_by: String,
    pub signed_off_at: NaiveDateTime,
    pub unlocked_at: Option<NaiveDateTime>,
    pub unlocked_by: Option<String>,
    /// Set only by [`unlock`]: a sign-off is inserted locked.
    #[diesel(deserialize_as = NullableCode, skip_insertion)]
    pub unlock_kind: Option<UnlockKind>,
    pub unlock_reason: Option<String>,
}

impl UnitSignOff {
    pub fn stands(&self) -> bool {
        self.unlocked_at.is_none()
    }
}

pub fn insert(conn: &mut DbConnection, sign_off: &UnitSignOff) -> Result<(), StoreError> {
    diesel::insert_into(unit_sign_offs::table)
        .values(sign_off)
        .execute(conn)?;
    Ok(())
}

/// One sign-off by its id.
pub fn find(conn: &mut DbConnection, id: &str) -> Result<Option<UnitSignOff>, StoreError> {
    Ok(unit_sign_offs::table
        .find(id)
        .select(UnitSignOff::as_select())
        .first(conn)
        .optional()?)
}

/// Every sign-off of a registration, standing or unlocked, oldest first.
pub fn of_registration(
    conn: &mut DbConnection,
    registration_id: &str,
) -> Result<Vec<UnitSignOff>, StoreError> {
    Ok(unit_sign_offs::table
        .filter(unit_sign_offs::registration_id.eq(registration_id))
        .order((unit_sign_offs::signed_off_at, unit_sign_offs::id))
        .select(UnitSignOff::as_select())
        .load(conn)?)
}

/// The sign-offs of every registration named, oldest first (one statement).
pub fn of_registrations(
    conn: &mut DbConnection,
    registration_ids: &[String],
) -> Result<Vec<UnitSignOff>, StoreError> {
    Ok(unit_sign_offs::table
        .filter(unit_sign_offs::registration_id.eq_any(registration_ids))
        .order((unit_sign_offs::signed_off_at, unit_sign_offs::id))
        .select(UnitSignOff::as_select())
        .load(conn)?)
}

/// The units of a registration that are signed off and locked now.
pub fn locked_units(
    conn: &mut DbConnection,
    registration_id: &str,
) -> Result<Vec<String>, StoreError> {
    Ok(unit_sign_offs::table
        .filter(unit_sign_offs::registration_id.eq(registration_id))
        .filter(unit_sign_offs::unlocked_at.is_null())
        .order(unit_sign_offs::unit_id)
        .select(unit_sign_offs::unit_id)
        .load(conn)?)
}

/// The standing sign-off of a unit, if it is locked.
pub fn standing(
    conn: &mut DbConnection,
    registration_id: &str,
    unit_id: &str,
) -> Result<Option<UnitSignOff>, StoreError> {
    Ok(unit_sign_offs::table
        .filter(unit_sign_offs::registration_id.eq(registration_id))
        .filter(unit_sign_offs::unit_id.eq(unit_id))
        .filter(unit_sign_offs::unlocked_at.is_null())
        .select(UnitSignOff::as_select())
        .first(conn)
        .optional()?)
}

/// Who unlocks a unit, how and why.
#[derive(Debug, Clone)]
pub struct Unlock<'a> {
    pub by: &'a str,
    pub kind: UnlockKind,
    pub reason: &'a str,
}

/// Unlock a unit of a registration, in the caller's transaction (which also appends the audit
/// entry). The sign-off it ends, or None when the unit was not locked. An IQA referral (issue 6)
/// calls this with `UnlockKind::IqaReferral`.
pub fn unlock(
    conn: &mut DbConnection,
    registration_id: &str,
    unit_id: &str,
    unlock: &Unlock<'_>,
    now: NaiveDateTime,
) -> Result<Option<UnitSignOff>, StoreError> {
    let Some(mut standing) = standing(conn, registration_id, unit_id)? else {
        return Ok(None);
    };
    diesel::update(unit_sign_offs::table.find(&standing.id))
        .filter(unit_sign_offs::unlocked_at.is_null())
        .set((
            unit_sign_offs::unlocked_at.eq(now),
            unit_sign_offs::unlocked_by.eq(unlock.by),
            unit_sign_offs::unlock_kind.eq(unlock.kind.as_str()),
            unit_sign_offs::unlock_reason.eq(unlock.reason),
        ))
        .execute(conn)?;
    standing.unlocked_at = Some(now);
    standing.unlocked_by = Some(unlock.by.to_owned());
    standing.unlock_kind = Some(unlock.kind);
    standing.unlock_reason = Some(unlock.reason.to_owned());
    Ok(Some(standing))
}
