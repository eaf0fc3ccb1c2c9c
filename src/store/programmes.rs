//! Learning programmes: a tutor's sessions in order for a qualification at a centre, the learners
//! who are members (one row per registration) and the sessions each has marked done. A session's
//! outcomes and criteria are JSON arrays of curriculum ids.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;

use super::json::Json;
use super::schema::{programme_members, programme_progress, programme_sessions, programmes, users};
use super::{DbConnection, StoreError};

pub const SCHEDULED: &str = "scheduled";
pub const SELF_PACED: &str = "self_paced";

#[derive(Debug, Clone, PartialEq, Eq, Queryable, Selectable, Insertable)]
#[diesel(table_name = programmes)]
pub struct Programme {
    pub id: String,
    pub centre_id: String,
    pub qualification_id: String,
    pub title: String,
    pub description: String,
    /// `scheduled` or `self_paced`.
    pub pacing: String,
    pub created_by: String,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

#[derive(Debug, Clone, PartialEq, Eq, Queryable, Selectable, Insertable)]
#[diesel(table_name = programme_sessions)]
pub struct Session {
    pub id: String,
    pub programme_id: String,
    pub position: i32,
    pub title: String,
    pub summary: String,
    /// JSON: `[outcome_id]`.
    #[diesel(deserialize_as = String, serialize_as = String)]
    pub outcome_ids: Json<Vec<String>>,
    /// JSON: `[criterion_id]`.
    #[diesel(deserialize_as = String, serialize_as = String)]
    pub criterion_ids: Json<Vec<String>>,
    pub starts_on: Option<NaiveDate>,
    pub created_at: NaiveDateTime,
}

#[derive(Debug, Clone, PartialEq, Eq, Queryable, Selectable, Insertable)]
#[diesel(table_name = programme_members)]
pub struct Member {
    pub id: String,
    pub programme_id: String,
    pub registration_id: String,
    pub learner_id: String,
    pub joined_at: NaiveDateTime,
}

#[derive(Debug, Clone, PartialEq, Eq, Queryable, Selectable, Insertable)]
#[diesel(table_name = programme_progress)]
pub struct Progress {
    pub id: String,
    pub programme_id: String,
    pub session_id: String,
    pub registration_id: String,
    pub completed_at: NaiveDateTime,
}

pub fn insert(conn: &mut DbConnection, programme: &Programme) -> Result<(), StoreError> {
    diesel::insert_into(programmes::table)
        .values(programme)
        .execute(conn)?;
    Ok(())
}

pub fn get(conn: &mut DbConnection, id: &str) -> Result<Option<Programme>, StoreError> {
    Ok(programmes::table
        .find(id)
        .select(Programme::as_select())
        .first(conn)
        .optional()?)
}

/// A centre's programmes, newest first.
pub fn of_centre(conn: &mut DbConnection, centre_id: &str) -> Result<Vec<Programme>, StoreError> {
    Ok(programmes::table
        .filter(programmes::centre_id.eq(centre_id))
        .order((programmes::created_at.desc(), programmes::id))
        .select(Programme::as_select())
        .load(conn)?)
}

/// The programmes a learner is a member of, with the registration they are on it by.
pub fn of_learner(
    conn: &mut DbConnection,
    learner_id: &str,
) -> Result<Vec<(Programme, String)>, StoreError> {
    Ok(programmes::table
        .inner_join(programme_members::table.on(programme_members::programme_id.eq(programmes::id)))
        .filter(programme_members::learner_id.eq(learner_id))
        .order((programmes::created_at, programmes::id))
        .select((Programme::as_select(), programme_members::registration_id))
        .load(conn)?)
}

/// The programmes a registration is on.
pub fn of_registration(
    conn: &mut DbConnection,
    registration_id: &str,
) -> Result<Vec<Programme>, StoreError> {
    Ok(programmes::table
        .inner_join(programme_members::table.on(programme_members::programme_id.eq(programmes::id)))
        .filter(programme_members::registration_id.eq(registration_id))
        .order((programmes::created_at, programmes::id))
        .select(Programme::as_select())
        .load(conn)?)
}

/// Change the title, description and pacing; touches `updated_at`.
pub fn update(conn: &mut DbConnection, programme: &Programme) -> Result<(), StoreError> {
    diesel::update(programmes::table.find(&programme.id))
        .set((
            programmes::title.eq(&programme.title),
            programmes::description.eq(&programme.description),
            programmes::pacing.eq(&programme.pacing),
            programmes::updated_at.eq(programme.updated_at),
        ))
        .execute(conn)?;
    Ok(())
}

/// The sessions of a programme in order.
pub fn sessions_of(
    conn: &mut DbConnection,
    programme_id: &str,
) -> Result<Vec<Session>, StoreError> {
    Ok(programme_sessions::table
        .filter(programme_sessions::programme_id.eq(programme_id))
        .order((programme_sessions::position, programme_sessions::id))
        .select(Session::as_select())
        .load(conn)?)
}

pub fn insert_session(conn: &mut DbConnection, session: &Session) -> Result<(), StoreError> {
    diesel::insert_into(programme_sessions::table)
        .values(session.clone())
        .execute(conn)?;
    Ok(())
}

/// Rewrite a session's content and position.
pub fn update_session(conn: &mut DbConnection, session: &Session) -> Result<(), StoreError> {
    diesel::update(programme_sessions::table.find(&session.id))
        .set((
            programme_sessions::position.eq(session.position),
            programme_sessions::title.eq(&session.title),
            programme_sessions::summary.eq(&session.summary),
            programme_sessions::outcome_ids.eq(session.outcome_ids.to_text()),
            programme_sessions::criterion_ids.eq(session.criterion_ids.to_text()),
            programme_sessions::starts_on.eq(session.starts_on),
        ))
        .execute(conn)?;
    Ok(())
}

/// The members of a programme with each learner's name, by name.
pub fn members_of(
    conn: &mut DbConnection,
    programme_id: &str,
) -> Result<Vec<(Member, String)>, StoreError> {
    Ok(programme_members::table
        .inner_join(users::table.on(users::id.eq(programme_members::learner_id)))
        .filter(programme_members::programme_id.eq(programme_id))
        .order((users::name, programme_members::id))
        .select((Member::as_select(), users::name))
        .load(conn)?)
}

/// True when the learner is a member of the programme (by any registration).
pub fn is_member(
    conn: &mut DbConnection,
    programme_id: &str,
    learner_id: &str,
) -> Result<bool, StoreError> {
    Ok(member_of(conn, programme_id, learner_id)?.is_some())
}

/// The learner's membership of the programme, if any.
pub fn member_of(
    conn: &mut DbConnection,
    programme_id: &str,
    learner_id: &str,
) -> Result<Option<Member>, StoreError> {
    Ok(programme_members::table
        .filter(programme_members::programme_id.eq(programme_id))
        .filter(programme_members::learner_id.eq(learner_id))
        .select(Member::as_select())
        .first(conn)
        .optional()?)
}

/// Add a member; false when the registration is already on the programme.
pub fn insert_member(conn: &mut DbConnection, member: &Member) -> Result<bool, StoreError> {
    let exists = programme_members::table
        .filter(programme_members::programme_id.eq(&member.programme_id))
        .filter(programme_members::registration_id.eq(&member.registration_id))
        .count()
        .get_result::<i64>(conn)?;
    if exists > 0 {
        return Ok(false);
    }
    diesel::insert_into(programme_members::table)
        .values(member)
        .execute(conn)?;
    Ok(true)
}

/// Every session marked done on the programme, by anyone.
pub fn progress_of(
    conn: &mut DbConnection,
    programme_id: &str,
) -> Result<Vec<Progress>, StoreError> {
    Ok(programme_progress::table
        .filter(programme_progress::programme_id.eq(programme_id))
        .order((programme_progress::completed_at, programme_progress::id))
        .select(Progress::as_select())
        .load(conn)?)
}

/// Mark a session done for a registration; false when it already was.
pub fn insert_progress(conn: &mut DbConnection, progress: &Progress) -> Result<bool, StoreError> {
    let exists = programme_progress::table
        .filter(programme_progress::session_id.eq(&progress.session_id))
        .filter(programme_progress::registration_id.eq(&progress.registration_id))
        .count()
        .get_result::<i64>(conn)?;
    if exists > 0 {
        return Ok(false);
    }
    diesel::insert_into(programme_progress::table)
        .values(progress)
        .execute(conn)?;
    Ok(true)
}
