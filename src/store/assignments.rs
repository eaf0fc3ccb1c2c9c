//! Assignments set by an awarding body (C4): the versions a centre records with their files and
//! tasks, each learner's one submission, the marks task by task, and the external verification
//! of a learner's unit.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::json::Json;
use super::schema::{
    assignment_submissions, assignment_task_marks, assignment_tasks, assignments,
    unit_verifications,
};
use super::{DbConnection, StoreError};
use crate::domain::assignment::VerificationStatus;
use crate::domain::judgement::JudgementOutcome;

#[derive(Debug, Clone, PartialEq, Eq, Queryable, Selectable, Insertable)]
#[diesel(table_name = assignments)]
pub struct Assignment {
    pub id: String,
    pub centre_id: String,
    pub unit_id: String,
    pub version_label: String,
    pub in_force: bool,
    pub brief_key: String,
    pub brief_filename: String,
    pub brief_media_type: String,
    pub brief_sha256: String,
    pub guidance_key: String,
    pub guidance_filename: String,
    pub guidance_media_type: String,
    pub guidance_sha256: String,
    pub recorded_by: String,
    pub recorded_at: NaiveDateTime,
}

#[derive(Debug, Clone, PartialEq, Eq, Queryable, Selectable, Insertable)]
#[diesel(table_name = assignment_tasks)]
pub struct AssignmentTask {
    pub id: String,
    pub assignment_id: String,
    pub number: i32,
    pub title: String,
    /// A JSON array of criterion ids.
    #[diesel(deserialize_as = String, serialize_as = String)]
    pub criterion_ids: Json<Vec<String>>,
}

impl AssignmentTask {
    pub fn criteria(&self) -> Vec<String> {
        self.criterion_ids.0.clone()
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Queryable, Selectable, Insertable)]
#[diesel(table_name = assignment_submissions)]
pub struct Submission {
    pub id: String,
    pub assignment_id: String,
    pub registration_id: String,
    pub evidence_id: String,
    pub created_at: NaiveDateTime,
}

#[derive(Debug, Clone, PartialEq, Eq, Queryable, Selectable, Insertable)]
#[diesel(table_name = assignment_task_marks)]
pub struct TaskMark {
    pub id: String,
    pub submission_id: String,
    /// Each marking of the submission is a round; the latest round is its mark.
    pub round: i32,
    pub evidence_version: i32,
    pub task_number: i32,
    #[diesel(deserialize_as = String, serialize_as = String)]
    pub outcome: JudgementOutcome,
    pub feedback: String,
    pub assessor_id: String,
    pub marked_at: NaiveDateTime,
}

#[derive(Debug, Clone, PartialEq, Eq, Queryable, Selectable, Insertable)]
#[diesel(table_name = unit_verifications)]
pub struct Verification {
    pub id: String,
    pub registration_id: String,
    pub unit_id: String,
    #[diesel(deserialize_as = String, serialize_as = String)]
    pub status: VerificationStatus,
    pub note: String,
    pub recorded_by: String,
    pub recorded_at: NaiveDateTime,
}

/// Record an assignment with its tasks; when it is in force, the centre's other versions for
/// the unit stop being in force.
pub fn insert(
    conn: &mut DbConnection,
    assignment: &Assignment,
    tasks: &[AssignmentTask],
) -> Result<(), StoreError> {
    if assignment.in_force {
        diesel::update(
            assignments::table
                .filter(assignments::centre_id.eq(&assignment.centre_id))
                .filter(assignments::unit_id.eq(&assignment.unit_id)),
        )
        .set(assignments::in_force.eq(false))
        .execute(conn)?;
    }
    diesel::insert_into(assignments::table)
        .values(assignment)
        .execute(conn)?;
    for task in tasks {
        diesel::insert_into(assignment_tasks::table)
            .values(task.clone())
            .execute(conn)?;
    }
    Ok(())
}

/// Is this version label already recorded for the centre's unit?
pub fn label_taken(
    conn: &mut DbConnection,
    centre_id: &str,
    unit_id: &str,
    label: &str,
) -> Result<bool, StoreError> {
    let n: i64 = assignments::table
        .filter(assignments::centre_id.eq(centre_id))
        .filter(assignments::unit_id.eq(unit_id))
        .filter(assignments::version_label.eq(label))
        .count()
        .get_result(conn)?;
    Ok(n > 0)
}

/// The centre's assignments, newest first.
pub fn of_centre(conn: &mut DbConnection, centre_id: &str) -> Result<Vec<Assignment>, StoreError> {
    Ok(assignments::table
        .filter(assignments::centre_id.eq(centre_id))
        .order(assignments::recorded_at.desc())
        .select(Assignment::as_select())
        .load(conn)?)
}

/// The version of the centre's unit in force, if any.
pub fn in_force(
    conn: &mut DbConnection,
    centre_id: &str,
    unit_id: &str,
) -> Result<Option<Assignment>, StoreError> {
    Ok(assignments::table
        .filter(assignments::centre_id.eq(centre_id))
        .filter(assignments::unit_id.eq(unit_id))
        .filter(assignments::in_force.eq(true))
        .order(assignments::recorded_at.desc())
        .select(Assignment::as_select())
        .first(conn)
        .optional()?)
}

pub fn tasks_of(
    conn: &mut DbConnection,
    assignment_id: &str,
) -> Result<Vec<AssignmentTask>, StoreError> {
    Ok(assignment_tasks::table
        .filter(assignment_tasks::assignment_id.eq(assignment_id))
        .order(assignment_tasks::number.asc())
        .select(AssignmentTask::as_select())
        .load(conn)?)
}

pub fn insert_submission(conn: &mut DbConnection, row: &Submission) -> Result<(), StoreError> {
    diesel::insert_into(assignment_submissions::table)
        .values(row)
        .execute(conn)?;
    Ok(())
}

/// The learner's submission of this assignment, if any.
pub fn submission_of(
    conn: &mut DbConnection,
    assignment_id: &str,
    registration_id: &str,
) -> Result<Option<Submission>, StoreError> {
    Ok(assignment_submissions::table
        .filter(assignment_submissions::assignment_id.eq(assignment_id))
        .filter(assignment_submissions::registration_id.eq(registration_id))
        .select(Submission::as_select())
        .first(conn)
        .optional()?)
}

pub fn insert_marks(conn: &mut DbConnection, rows: &[TaskMark]) -> Result<(), StoreError> {
    for row in rows {
        diesel::insert_into(assignment_task_marks::table)
            .values(row.clone())
            .execute(conn)?;
    }
    Ok(())
}

/// Every mark of a submission, oldest first.
pub fn marks_of(conn: &mut DbConnection, submission_id: &str) -> Result<Vec<TaskMark>, StoreError> {
    Ok(assignment_task_marks::table
        .filter(assignment_task_marks::submission_id.eq(submission_id))
        .order((
            assignment_task_marks::round.asc(),
            assignment_task_marks::task_number.asc(),
        ))
        .select(TaskMark::as_select())
        .load(conn)?)
}

/// Record where the learner's unit stands with the external verifier (one row per unit; the
/// audit trail keeps what it said before).
pub fn set_verification(conn: &mut DbConnection, row: &Verification) -> Result<(), StoreError> {
    diesel::delete(
        unit_verifications::table
            .filter(unit_verifications::registration_id.eq(&row.registration_id))
            .filter(unit_verifications::unit_id.eq(&row.unit_id)),
    )
    .execute(conn)?;
    diesel::insert_into(unit_verifications::table)
        .values(row.clone())
        .execute(conn)?;
    Ok(())
}

/// The external verification recorded for the learner's unit.
pub fn verification_of(
    conn: &mut DbConnection,
    registration_id: &str,
    unit_id: &str,
) -> Result<Option<Verification>, StoreError> {
    Ok(unit_verifications::table
        .filter(unit_verifications::registration_id.eq(registration_id))
        .filter(unit_verifications::unit_id.eq(unit_id))
        .select(Verification::as_select())
        .first(conn)
        .optional()?)
}
