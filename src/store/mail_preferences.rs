//! Each person's choice of how to be emailed about their work (`crate::domain::digest`), and the
//! daily digests: whose is due, what it lists, and moving a person's digest on once it is queued.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::schema::{mail_preferences, notifications, users};
use super::{DbConnection, StoreError};
use crate::domain::digest::{DigestLine, MailCadence};

#[derive(Debug, Clone, PartialEq, Eq, Queryable, Selectable, Insertable)]
#[diesel(table_name = mail_preferences)]
pub struct MailPreference {
    pub user_id: String,
    #[diesel(deserialize_as = String, serialize_as = String)]
    pub cadence: MailCadence,
    /// What the last digest (or the choice of the digest) covered up to.
    pub digest_through: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

/// The person's choice; `Each` when they never made one.
pub fn cadence_of(conn: &mut DbConnection, user_id: &str) -> Result<MailCadence, StoreError> {
    let found: Option<MailPreference> = mail_preferences::table
        .find(user_id)
        .select(MailPreference::as_select())
        .first(conn)
        .optional()?;
    Ok(found.map_or(MailCadence::Each, |p| p.cadence))
}

/// Record the person's choice. Choosing the digest starts it from `now`: messages emailed before
/// are not listed again. Returns the choice it replaced.
pub fn set(
    conn: &mut DbConnection,
    user_id: &str,
    cadence: MailCadence,
    now: NaiveDateTime,
) -> Result<MailCadence, StoreError> {
    let before = cadence_of(conn, user_id)?;
    let row = MailPreference {
        user_id: user_id.to_owned(),
        cadence,
        digest_through: now,
        updated_at: now,
    };
    diesel::delete(mail_preferences::table.find(user_id)).execute(conn)?;
    diesel::insert_into(mail_preferences::table)
        .values(row)
        .execute(conn)?;
    Ok(before)
}

/// A person whose digest may be due: who, where to write, and what the last digest covered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DigestReader {
    pub user_id: String,
    pub email: String,
    pub name: String,
    pub digest_through: NaiveDateTime,
}

/// People on the daily digest whose last digest covered less than `before` (at most `limit`).
pub fn digests_before(
    conn: &mut DbConnection,
    before: NaiveDateTime,
    limit: i64,
) -> Result<Vec<DigestReader>, StoreError> {
    let rows: Vec<(String, String, String, NaiveDateTime)> = mail_preferences::table
        .inner_join(users::table)
        .filter(mail_preferences::cadence.eq(MailCadence::Daily.as_str()))
        .filter(mail_preferences::digest_through.lt(before))
        .filter(users::disabled_at.is_null())
        .order(mail_preferences::user_id)
        .limit(limit)
        .select((
            users::id,
            users::email,
            users::name,
            mail_preferences::digest_through,
        ))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(|(user_id, email, name, digest_through)| DigestReader {
            user_id,
            email,
            name,
            digest_through,
        })
        .collect())
}

/// The person's notifications after `after`, up to and including `until`, oldest first.
pub fn lines_between(
    conn: &mut DbConnection,
    user_id: &str,
    after: NaiveDateTime,
    until: NaiveDateTime,
) -> Result<Vec<DigestLine>, StoreError> {
    let rows: Vec<(String, String, NaiveDateTime)> = notifications::table
        .filter(notifications::user_id.eq(user_id))
        .filter(notifications::created_at.gt(after))
        .filter(notifications::created_at.le(until))
        .order((notifications::created_at, notifications::id))
        .select((
            notifications::subject,
            notifications::link,
            notifications::created_at,
        ))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(|(subject, link, at)| DigestLine { subject, link, at })
        .collect())
}

/// Move the person's digest on from `from` to `to`; false when another node already did (so
/// it sends nothing twice).
pub fn advance(
    conn: &mut DbConnection,
    user_id: &str,
    from: NaiveDateTime,
    to: NaiveDateTime,
) -> Result<bool, StoreError> {
    let moved = diesel::update(
        mail_preferences::table
            .filter(mail_preferences::user_id.eq(user_id))
            .filter(mail_preferences::digest_through.eq(from)),
    )
    .set(mail_preferences::digest_through.eq(to))
    .execute(conn)?;
    Ok(moved == 1)
}
