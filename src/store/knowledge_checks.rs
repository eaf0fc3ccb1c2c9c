//! Knowledge checks (a tutor's questions on one outcome of a programme, kept as JSON) and
//! learners' attempts at them. Changes of an attempt's state are conditional updates, so two
//! submissions or two markings at once cannot both succeed.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::schema::{check_attempts, knowledge_checks, users};
use super::{DbConnection, StoreError};
use crate::domain::knowledge_check::AttemptState;

#[derive(Debug, Clone, PartialEq, Eq, Queryable, Selectable, Insertable)]
#[diesel(table_name = knowledge_checks)]
pub struct KnowledgeCheck {
    pub id: String,
    pub programme_id: String,
    pub outcome_id: String,
    pub title: String,
    /// Percent of questions right needed to pass.
    pub pass_mark: i32,
    /// JSON: `[domain::knowledge_check::Question]`.
    pub questions: String,
    pub created_by: String,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

#[derive(Debug, Clone, PartialEq, Eq, Queryable, Selectable, Insertable)]
#[diesel(table_name = check_attempts)]
pub struct Attempt {
    pub id: String,
    pub check_id: String,
    pub programme_id: String,
    pub registration_id: String,
    pub learner_id: String,
    #[diesel(deserialize_as = String, serialize_as = String)]
    pub state: AttemptState,
    /// JSON: `[domain::knowledge_check::MarkedAnswer]` (empty while open).
    pub answers: String,
    pub questions_right: Option<i32>,
    pub started_at: NaiveDateTime,
    pub submitted_at: Option<NaiveDateTime>,
    pub marked_by: Option<String>,
    pub marked_at: Option<NaiveDateTime>,
    pub evidence_id: Option<String>,
}

pub fn insert_check(conn: &mut DbConnection, check: &KnowledgeCheck) -> Result<(), StoreError> {
    diesel::insert_into(knowledge_checks::table)
        .values(check)
        .execute(conn)?;
    Ok(())
}

pub fn get_check(conn: &mut DbConnection, id: &str) -> Result<Option<KnowledgeCheck>, StoreError> {
    Ok(knowledge_checks::table
        .find(id)
        .select(KnowledgeCheck::as_select())
        .first(conn)
        .optional()?)
}

/// A programme's checks, by outcome then title.
pub fn checks_of(
    conn: &mut DbConnection,
    programme_id: &str,
) -> Result<Vec<KnowledgeCheck>, StoreError> {
    Ok(knowledge_checks::table
        .filter(knowledge_checks::programme_id.eq(programme_id))
        .order((
            knowledge_checks::outcome_id,
            knowledge_checks::title,
            knowledge_checks::id,
        ))
        .select(KnowledgeCheck::as_select())
        .load(conn)?)
}

/// Replace the questions; false when someone took the check in between (it is then fixed).
pub fn set_questions(
    conn: &mut DbConnection,
    check_id: &str,
    questions: &str,
    now: NaiveDateTime,
) -> Result<bool, StoreError> {
    if attempts_at(conn, check_id)? > 0 {
        return Ok(false);
    }
    diesel::update(knowledge_checks::table.find(check_id))
        .set((
            knowledge_checks::questions.eq(questions),
            knowledge_checks::updated_at.eq(now),
        ))
        .execute(conn)?;
    Ok(true)
}

/// How many attempts the check has had (started or submitted).
pub fn attempts_at(conn: &mut DbConnection, check_id: &str) -> Result<i64, StoreError> {
    Ok(check_attempts::table
        .filter(check_attempts::check_id.eq(check_id))
        .count()
        .get_result(conn)?)
}

pub fn insert_attempt(conn: &mut DbConnection, attempt: &Attempt) -> Result<(), StoreError> {
    diesel::insert_into(check_attempts::table)
        .values(attempt.clone())
        .execute(conn)?;
    Ok(())
}

pub fn get_attempt(conn: &mut DbConnection, id: &str) -> Result<Option<Attempt>, StoreError> {
    Ok(check_attempts::table
        .find(id)
        .select(Attempt::as_select())
        .first(conn)
        .optional()?)
}

/// A learner's attempts at a check, oldest first.
pub fn attempts_of(
    conn: &mut DbConnection,
    check_id: &str,
    learner_id: &str,
) -> Result<Vec<Attempt>, StoreError> {
    Ok(check_attempts::table
        .filter(check_attempts::check_id.eq(check_id))
        .filter(check_attempts::learner_id.eq(learner_id))
        .order((check_attempts::started_at, check_attempts::id))
        .select(Attempt::as_select())
        .load(conn)?)
}

/// Every submitted attempt on a programme, oldest first, with the learner's name.
pub fn submitted_on(
    conn: &mut DbConnection,
    programme_id: &str,
) -> Result<Vec<(Attempt, String)>, StoreError> {
    Ok(check_attempts::table
        .inner_join(users::table.on(users::id.eq(check_attempts::learner_id)))
        .filter(check_attempts::programme_id.eq(programme_id))
        .filter(check_attempts::state.ne(AttemptState::Open.as_str()))
        .order((check_attempts::submitted_at, check_attempts::id))
        .select((Attempt::as_select(), users::name))
        .load(conn)?)
}

/// Record the marked answers of an open attempt; false when it was already submitted.
pub fn submit(
    conn: &mut DbConnection,
    attempt_id: &str,
    state: AttemptState,
    answers: &str,
    right: i32,
    now: NaiveDateTime,
) -> Result<bool, StoreError> {
    let changed = diesel::update(
        check_attempts::table
            .find(attempt_id)
            .filter(check_attempts::state.eq(AttemptState::Open.as_str())),
    )
    .set((
        check_attempts::state.eq(state.as_str()),
        check_attempts::answers.eq(answers),
        check_attempts::questions_right.eq(right),
        check_attempts::submitted_at.eq(now),
    ))
    .execute(conn)?;
    Ok(changed == 1)
}

/// The tutor's marking of an attempt that waits; false when its answers changed in between.
pub fn record_marks(
    conn: &mut DbConnection,
    attempt: &Attempt,
    state: AttemptState,
    answers: &str,
    right: i32,
    by: &str,
    now: NaiveDateTime,
) -> Result<bool, StoreError> {
    let changed = diesel::update(
        check_attempts::table
            .find(&attempt.id)
            .filter(check_attempts::state.eq(attempt.state.as_str()))
            .filter(check_attempts::answers.eq(&attempt.answers)),
    )
    .set((
        check_attempts::state.eq(state.as_str()),
        check_attempts::answers.eq(answers),
        check_attempts::questions_right.eq(right),
        check_attempts::marked_by.eq(by),
        check_attempts::marked_at.eq(now),
    ))
    .execute(conn)?;
    Ok(changed == 1)
}

/// Note the evidence item a passed attempt became; false when it already was offered.
pub fn set_evidence(
    conn: &mut DbConnection,
    attempt_id: &str,
    evidence_id: &str,
) -> Result<bool, StoreError> {
    let changed = diesel::update(
        check_attempts::table
            .find(attempt_id)
            .filter(check_attempts::evidence_id.is_null()),
    )
    .set(check_attempts::evidence_id.eq(evidence_id))
    .execute(conn)?;
    Ok(changed == 1)
}
