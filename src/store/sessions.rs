//! Sessions (one row per sign-in, revocable at once), single-use tokens (password set/reset links)
//! and the record of failed sign-ins that throttling counts.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::schema::{sessions, sign_in_failures, single_use_tokens};
use super::{DbConnection, StoreError};

#[derive(Debug, Clone, PartialEq, Eq, Queryable, Selectable, Insertable)]
#[diesel(table_name = sessions)]
pub struct Session {
    pub id: String,
    pub user_id: String,
    pub purpose: String,
    pub csrf_token: String,
    pub created_at: NaiveDateTime,
    pub last_seen_at: NaiveDateTime,
    pub expires_at: NaiveDateTime,
    pub revoked_at: Option<NaiveDateTime>,
    pub client_address: String,
    pub user_agent: String,
    /// Opened by someone who must use two-step sign-in and has not set it up: it reaches only
    /// the setting-up pages until they have.
    pub two_step_setup: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Queryable, Selectable, Insertable)]
#[diesel(table_name = single_use_tokens, treat_none_as_default_value = false)]
pub struct SingleUseToken {
    pub id: String,
    pub user_id: String,
    pub purpose: String,
    pub expires_at: NaiveDateTime,
    pub used_at: Option<NaiveDateTime>,
    pub created_at: NaiveDateTime,
}

pub fn insert_session(conn: &mut DbConnection, session: &Session) -> Result<(), StoreError> {
    diesel::insert_into(sessions::table)
        .values(session)
        .execute(conn)?;
    Ok(())
}

/// What resuming a session reads, in one statement: the session (when it is `user_id`'s), its
/// person, whether they hold an EQA grant still running at `now`, and their unread
/// notifications.
pub struct ResumeRow {
    pub session: Session,
    pub user: super::people::User,
    pub holds_eqa_grant: bool,
    pub unread: i64,
}

pub fn resume_row(
    conn: &mut DbConnection,
    session_id: &str,
    user_id: &str,
    now: NaiveDateTime,
) -> Result<Option<ResumeRow>, StoreError> {
    use super::schema::{eqa_grants, notifications, users};
    let grant = diesel::dsl::exists(
        eqa_grants::table
            .filter(eqa_grants::user_id.eq(user_id))
            .filter(eqa_grants::revoked_at.is_null())
            .filter(eqa_grants::expires_at.gt(now)),
    );
    let unread = notifications::table
        .filter(notifications::user_id.eq(user_id))
        .filter(notifications::read_at.is_null())
        .count()
        .single_value();
    let row: Option<(Session, super::people::User, bool, Option<i64>)> = sessions::table
        .inner_join(users::table)
        .filter(sessions::id.eq(session_id))
        .filter(sessions::user_id.eq(user_id))
        .select((
            Session::as_select(),
            super::people::User::as_select(),
            grant,
            unread,
        ))
        .first(conn)
        .optional()?;
    Ok(
        row.map(|(session, user, holds_eqa_grant, unread)| ResumeRow {
            session,
            user,
            holds_eqa_grant,
            unread: unread.unwrap_or(0),
        }),
    )
}

/// The person has set up two-step sign-in: their sessions reach everything again.
pub fn end_two_step_setup(conn: &mut DbConnection, user_id: &str) -> Result<(), StoreError> {
    diesel::update(
        sessions::table
            .filter(sessions::user_id.eq(user_id))
            .filter(sessions::two_step_setup.eq(true)),
    )
    .set(sessions::two_step_setup.eq(false))
    .execute(conn)?;
    Ok(())
}

/// Slide the idle timeout forward.
pub fn touch_session(
    conn: &mut DbConnection,
    id: &str,
    now: NaiveDateTime,
) -> Result<(), StoreError> {
    diesel::update(sessions::table.find(id))
        .set(sessions::last_seen_at.eq(now))
        .execute(conn)?;
    Ok(())
}

pub fn revoke_session(
    conn: &mut DbConnection,
    id: &str,
    now: NaiveDateTime,
) -> Result<(), StoreError> {
    diesel::update(
        sessions::table
            .find(id)
            .filter(sessions::revoked_at.is_null()),
    )
    .set(sessions::revoked_at.eq(now))
    .execute(conn)?;
    Ok(())
}

/// The person's sessions still open at `now` (not ended, not past their lifetime, used since
/// `idle_since`), most recently used first.
pub fn live_of(
    conn: &mut DbConnection,
    user_id: &str,
    idle_since: NaiveDateTime,
    now: NaiveDateTime,
) -> Result<Vec<Session>, StoreError> {
    Ok(sessions::table
        .filter(sessions::user_id.eq(user_id))
        .filter(sessions::revoked_at.is_null())
        .filter(sessions::expires_at.gt(now))
        .filter(sessions::last_seen_at.ge(idle_since))
        .order((sessions::last_seen_at.desc(), sessions::id))
        .select(Session::as_select())
        .load(conn)?)
}

/// End every session of a user (password change, role removal, account disabled).
pub fn revoke_sessions_of(
    conn: &mut DbConnection,
    user_id: &str,
    now: NaiveDateTime,
) -> Result<usize, StoreError> {
    Ok(diesel::update(
        sessions::table
            .filter(sessions::user_id.eq(user_id))
            .filter(sessions::revoked_at.is_null()),
    )
    .set(sessions::revoked_at.eq(now))
    .execute(conn)?)
}

pub fn insert_token(conn: &mut DbConnection, token: &SingleUseToken) -> Result<(), StoreError> {
    diesel::insert_into(single_use_tokens::table)
        .values(token)
        .execute(conn)?;
    Ok(())
}

/// Insert set-password links in multi-row statements (a bulk import's new accounts).
pub fn insert_tokens(conn: &mut DbConnection, rows: &[SingleUseToken]) -> Result<(), StoreError> {
    insert_batched!(conn, single_use_tokens::table, rows);
    Ok(())
}

pub fn find_token(conn: &mut DbConnection, id: &str) -> Result<Option<SingleUseToken>, StoreError> {
    Ok(single_use_tokens::table
        .find(id)
        .select(SingleUseToken::as_select())
        .first(conn)
        .optional()?)
}

/// Mark a token used if it is still unused and unexpired; true when this call used it.
/// One UPDATE, so two concurrent uses cannot both succeed.
pub fn consume_token(
    conn: &mut DbConnection,
    id: &str,
    purpose: &str,
    now: NaiveDateTime,
) -> Result<bool, StoreError> {
    let updated = diesel::update(
        single_use_tokens::table
            .find(id)
            .filter(single_use_tokens::purpose.eq(purpose))
            .filter(single_use_tokens::used_at.is_null())
            .filter(single_use_tokens::expires_at.gt(now)),
    )
    .set(single_use_tokens::used_at.eq(now))
    .execute(conn)?;
    Ok(updated == 1)
}

pub fn record_failure(
    conn: &mut DbConnection,
    key: &str,
    now: NaiveDateTime,
) -> Result<(), StoreError> {
    diesel::insert_into(sign_in_failures::table)
        .values((
            sign_in_failures::id.eq(uuid::Uuid::new_v4().to_string()),
            sign_in_failures::throttle_key.eq(key),
            sign_in_failures::failed_at.eq(now),
        ))
        .execute(conn)?;
    Ok(())
}

/// Failures for `key` at or after `since`, oldest first (their times decide the wait).
pub fn failures_since(
    conn: &mut DbConnection,
    key: &str,
    since: NaiveDateTime,
) -> Result<Vec<NaiveDateTime>, StoreError> {
    Ok(sign_in_failures::table
        .filter(sign_in_failures::throttle_key.eq(key))
        .filter(sign_in_failures::failed_at.ge(since))
        .order(sign_in_failures::failed_at)
        .select(sign_in_failures::failed_at)
        .load(conn)?)
}

pub fn clear_failures(conn: &mut DbConnection, key: &str) -> Result<(), StoreError> {
    diesel::delete(sign_in_failures::table.filter(sign_in_failures::throttle_key.eq(key)))
        .execute(conn)?;
    Ok(())
}
