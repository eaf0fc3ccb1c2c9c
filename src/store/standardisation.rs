//! Standardisation records: activities (with attendees, the assessors they concern and their
//! actions), blind double-marking exercises (the anonymised copy, the invited markers, their
//! judgements) and the decision log of agreed outcomes.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;

use super::json::Json;
use super::schema::{
    double_marking_exercises, double_marking_judgements, double_marking_markers,
    standardisation_actions, standardisation_activities, standardisation_decisions,
    standardisation_people,
};
use super::{DbConnection, StoreError};

use crate::domain::standardisation::anonymise::NeutralFile;
use crate::domain::standardisation::{ActivityRelation, ExerciseStatus, Verdict};

#[derive(Debug, Clone, PartialEq, Eq, Queryable, Selectable, Insertable)]
#[diesel(table_name = standardisation_activities)]
pub struct Activity {
    pub id: String,
    pub centre_id: String,
    pub qualification_id: String,
    pub held_on: NaiveDate,
    pub title: String,
    /// JSON: `[unit_id]`.
    #[diesel(deserialize_as = String, serialize_as = String)]
    pub units: Json<Vec<String>>,
    pub agreed: String,
    pub recorded_by: String,
    pub created_at: NaiveDateTime,
}

#[derive(Debug, Clone, PartialEq, Eq, Queryable, Selectable, Insertable)]
#[diesel(table_name = standardisation_people)]
pub struct ActivityPerson {
    pub activity_id: String,
    pub user_id: String,
    #[diesel(deserialize_as = String, serialize_as = String)]
    pub relation: ActivityRelation,
}

#[derive(Debug, Clone, PartialEq, Eq, Queryable, Selectable, Insertable)]
#[diesel(table_name = standardisation_actions)]
pub struct ActivityAction {
    pub id: String,
    pub activity_id: String,
    pub description: String,
    pub due_on: NaiveDate,
    pub owner_id: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Queryable, Selectable, Insertable)]
#[diesel(table_name = double_marking_exercises)]
pub struct Exercise {
    pub id: String,
    pub centre_id: String,
    pub qualification_id: String,
    pub evidence_id: String,
    pub iqa_id: String,
    pub anonymised_title: String,
    pub anonymised_text: String,
    /// JSON: `[{name, media_type, size_bytes}]`.
    #[diesel(deserialize_as = String, serialize_as = String)]
    pub anonymised_files: Json<Vec<NeutralFile>>,
    /// JSON: `[criterion_id]`, in the IQA's order.
    #[diesel(deserialize_as = String, serialize_as = String)]
    pub criteria: Json<Vec<String>>,
    #[diesel(deserialize_as = String, serialize_as = String)]
    pub status: ExerciseStatus,
    pub created_at: NaiveDateTime,
    pub closed_at: Option<NaiveDateTime>,
}

#[derive(Debug, Clone, PartialEq, Eq, Queryable, Selectable, Insertable)]
#[diesel(table_name = double_marking_markers)]
pub struct Marker {
    pub exercise_id: String,
    pub marker_id: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Queryable, Selectable, Insertable)]
#[diesel(table_name = double_marking_judgements)]
pub struct MarkerJudgement {
    pub id: String,
    pub exercise_id: String,
    pub marker_id: String,
    pub criterion_id: String,
    #[diesel(deserialize_as = String, serialize_as = String)]
    pub outcome: Verdict,
    pub comment: String,
    pub judged_at: NaiveDateTime,
}

#[derive(Debug, Clone, PartialEq, Eq, Queryable, Selectable, Insertable)]
#[diesel(table_name = standardisation_decisions)]
pub struct Decision {
    pub id: String,
    pub exercise_id: String,
    pub centre_id: String,
    pub qualification_id: String,
    pub criterion_id: String,
    #[diesel(deserialize_as = String, serialize_as = String)]
    pub outcome: Verdict,
    pub rationale: String,
    pub agreement_percent: Option<i32>,
    pub recorded_by: String,
    pub recorded_at: NaiveDateTime,
}

/// An activity with its people and actions.
#[derive(Debug, Clone)]
pub struct ActivityRecord {
    pub activity: Activity,
    pub people: Vec<ActivityPerson>,
    pub actions: Vec<ActivityAction>,
}

pub fn insert_activity(conn: &mut DbConnection, record: &ActivityRecord) -> Result<(), StoreError> {
    diesel::insert_into(standardisation_activities::table)
        .values(record.activity.clone())
        .execute(conn)?;
    for person in &record.people {
        diesel::insert_into(standardisation_people::table)
            .values(person.clone())
            .execute(conn)?;
    }
    for action in &record.actions {
        diesel::insert_into(standardisation_actions::table)
            .values(action)
            .execute(conn)?;
    }
    Ok(())
}

/// A centre's activities, newest first, with their people and actions (three queries).
pub fn activities_of_centre(
    conn: &mut DbConnection,
    centre_id: &str,
) -> Result<Vec<ActivityRecord>, StoreError> {
    let activities: Vec<Activity> = standardisation_activities::table
        .filter(standardisation_activities::centre_id.eq(centre_id))
        .order((
            standardisation_activities::held_on.desc(),
            standardisation_activities::created_at.desc(),
        ))
        .select(Activity::as_select())
        .load(conn)?;
    let ids: Vec<&str> = activities.iter().map(|a| a.id.as_str()).collect();
    let people: Vec<ActivityPerson> = standardisation_people::table
        .filter(standardisation_people::activity_id.eq_any(&ids))
        .order((
            standardisation_people::relation,
            standardisation_people::user_id,
        ))
        .select(ActivityPerson::as_select())
        .load(conn)?;
    let actions: Vec<ActivityAction> = standardisation_actions::table
        .filter(standardisation_actions::activity_id.eq_any(&ids))
        .order((standardisation_actions::due_on, standardisation_actions::id))
        .select(ActivityAction::as_select())
        .load(conn)?;
    Ok(activities
        .into_iter()
        .map(|activity| ActivityRecord {
            people: people
                .iter()
                .filter(|p| p.activity_id == activity.id)
                .cloned()
                .collect(),
            actions: actions
                .iter()
                .filter(|a| a.activity_id == activity.id)
                .cloned()
                .collect(),
            activity,
        })
        .collect())
}

pub fn insert_exercise(
    conn: &mut DbConnection,
    exercise: &Exercise,
    markers: &[Marker],
) -> Result<(), StoreError> {
    diesel::insert_into(double_marking_exercises::table)
        .values(exercise.clone())
        .execute(conn)?;
    for marker in markers {
        diesel::insert_into(double_marking_markers::table)
            .values(marker)
            .execute(conn)?;
    }
    Ok(())
}

pub fn find_exercise(conn: &mut DbConnection, id: &str) -> Result<Option<Exercise>, StoreError> {
    Ok(double_marking_exercises::table
        .find(id)
        .select(Exercise::as_select())
        .first(conn)
        .optional()?)
}

/// The exercise as stored now, held until the transaction ends (PostgreSQL: FOR UPDATE;
/// SQLite writes are serial), so a judgement cannot slip in after it closes.
pub fn hold_exercise(conn: &mut DbConnection, id: &str) -> Result<Option<Exercise>, StoreError> {
    if let DbConnection::Postgresql(pg) = conn {
        double_marking_exercises::table
            .find(id)
            .select(double_marking_exercises::id)
            .for_update()
            .first::<String>(pg)
            .optional()?;
    }
    find_exercise(conn, id)
}

pub fn exercises_of_centre(
    conn: &mut DbConnection,
    centre_id: &str,
) -> Result<Vec<Exercise>, StoreError> {
    Ok(double_marking_exercises::table
        .filter(double_marking_exercises::centre_id.eq(centre_id))
        .order((
            double_marking_exercises::created_at.desc(),
            double_marking_exercises::id,
        ))
        .select(Exercise::as_select())
        .load(conn)?)
}

/// Open exercises `marker_id` is invited to, newest first.
pub fn open_for_marker(
    conn: &mut DbConnection,
    marker_id: &str,
) -> Result<Vec<Exercise>, StoreError> {
    let ids: Vec<String> = double_marking_markers::table
        .filter(double_marking_markers::marker_id.eq(marker_id))
        .select(double_marking_markers::exercise_id)
        .load(conn)?;
    Ok(double_marking_exercises::table
        .filter(double_marking_exercises::id.eq_any(&ids))
        .filter(double_marking_exercises::status.eq(ExerciseStatus::Open.as_str()))
        .order(double_marking_exercises::created_at.desc())
        .select(Exercise::as_select())
        .load(conn)?)
}

pub fn markers_of(conn: &mut DbConnection, exercise_id: &str) -> Result<Vec<String>, StoreError> {
    Ok(double_marking_markers::table
        .filter(double_marking_markers::exercise_id.eq(exercise_id))
        .order(double_marking_markers::marker_id)
        .select(double_marking_markers::marker_id)
        .load(conn)?)
}

pub fn judgements_of(
    conn: &mut DbConnection,
    exercise_id: &str,
) -> Result<Vec<MarkerJudgement>, StoreError> {
    Ok(double_marking_judgements::table
        .filter(double_marking_judgements::exercise_id.eq(exercise_id))
        .order((
            double_marking_judgements::judged_at,
            double_marking_judgements::id,
        ))
        .select(MarkerJudgement::as_select())
        .load(conn)?)
}

pub fn insert_judgements(
    conn: &mut DbConnection,
    judgements: &[MarkerJudgement],
) -> Result<(), StoreError> {
    for judgement in judgements {
        diesel::insert_into(double_marking_judgements::table)
            .values(judgement.clone())
            .execute(conn)?;
    }
    Ok(())
}

/// Close an open exercise; false when it was not open.
pub fn close_exercise(
    conn: &mut DbConnection,
    id: &str,
    now: NaiveDateTime,
) -> Result<bool, StoreError> {
    let changed = diesel::update(double_marking_exercises::table.find(id))
        .filter(double_marking_exercises::status.eq(ExerciseStatus::Open.as_str()))
        .set((
            double_marking_exercises::status.eq(ExerciseStatus::Closed.as_str()),
            double_marking_exercises::closed_at.eq(Some(now)),
        ))
        .execute(conn)?;
    Ok(changed == 1)
}

pub fn insert_decisions(conn: &mut DbConnection, decisions: &[Decision]) -> Result<(), StoreError> {
    for decision in decisions {
        diesel::insert_into(standardisation_decisions::table)
            .values(decision.clone())
            .execute(conn)?;
    }
    Ok(())
}

pub fn decisions_of_exercise(
    conn: &mut DbConnection,
    exercise_id: &str,
) -> Result<Vec<Decision>, StoreError> {
    Ok(standardisation_decisions::table
        .filter(standardisation_decisions::exercise_id.eq(exercise_id))
        .order(standardisation_decisions::criterion_id)
        .select(Decision::as_select())
        .load(conn)?)
}

/// The centre's decision log, newest first (the search filters it in the domain).
pub fn decisions_of_centre(
    conn: &mut DbConnection,
    centre_id: &str,
) -> Result<Vec<Decision>, StoreError> {
    Ok(standardisation_decisions::table
        .filter(standardisation_decisions::centre_id.eq(centre_id))
        .order((
            standardisation_decisions::recorded_at.desc(),
            standardisation_decisions::criterion_id,
        ))
        .select(Decision::as_select())
        .load(conn)?)
}
