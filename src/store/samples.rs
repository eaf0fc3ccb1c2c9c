//! Samples: the decisions (judgements) an IQA has taken into a sample, interim or summative, with
//! the seed of the proposal they came from and, when the IQA changed the proposal, why.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::schema::samples;
use super::{DbConnection, StoreError};
use crate::domain::iqa_check::SampleStatus;
use crate::domain::sampling::{PickedBy, Stage};

#[derive(Debug, Clone, PartialEq, Eq, Queryable, Selectable, Insertable)]
#[diesel(table_name = samples)]
pub struct Sample {
    pub id: String,
    pub centre_id: String,
    pub qualification_id: String,
    pub plan_id: Option<String>,
    pub registration_id: String,
    pub judgement_id: String,
    pub unit_id: String,
    pub item_id: String,
    pub assessor_id: String,
    pub iqa_id: String,
    #[diesel(deserialize_as = String, serialize_as = String)]
    pub stage: Stage,
    pub seed: Option<i64>,
    #[diesel(deserialize_as = String, serialize_as = String)]
    pub picked_by: PickedBy,
    pub adjustment_reason: Option<String>,
    #[diesel(deserialize_as = String, serialize_as = String)]
    pub status: SampleStatus,
    pub created_at: NaiveDateTime,
}

pub fn insert(conn: &mut DbConnection, sample: &Sample) -> Result<(), StoreError> {
    diesel::insert_into(samples::table)
        .values(sample.clone())
        .execute(conn)?;
    Ok(())
}

pub fn insert_all(conn: &mut DbConnection, rows: &[Sample]) -> Result<(), StoreError> {
    for sample in rows {
        insert(conn, sample)?;
    }
    Ok(())
}

pub fn get(conn: &mut DbConnection, id: &str) -> Result<Option<Sample>, StoreError> {
    Ok(samples::table
        .find(id)
        .select(Sample::as_select())
        .first(conn)
        .optional()?)
}

/// A centre's samples, newest first.
pub fn of_centre(conn: &mut DbConnection, centre_id: &str) -> Result<Vec<Sample>, StoreError> {
    Ok(samples::table
        .filter(samples::centre_id.eq(centre_id))
        .order((samples::created_at.desc(), samples::id))
        .select(Sample::as_select())
        .load(conn)?)
}

/// A centre's samples for one qualification, newest first.
pub fn of_centre_qualification(
    conn: &mut DbConnection,
    centre_id: &str,
    qualification_id: &str,
) -> Result<Vec<Sample>, StoreError> {
    Ok(samples::table
        .filter(samples::centre_id.eq(centre_id))
        .filter(samples::qualification_id.eq(qualification_id))
        .order((samples::created_at.desc(), samples::id))
        .select(Sample::as_select())
        .load(conn)?)
}

/// The samples of one unit of one registration (a learner's unit), oldest first.
pub fn of_registration_unit(
    conn: &mut DbConnection,
    registration_id: &str,
    unit_id: &str,
) -> Result<Vec<Sample>, StoreError> {
    Ok(samples::table
        .filter(samples::registration_id.eq(registration_id))
        .filter(samples::unit_id.eq(unit_id))
        .order((samples::created_at, samples::item_id, samples::id))
        .select(Sample::as_select())
        .load(conn)?)
}

/// Set a sample's status; false when there is no such sample.
pub fn update_status(
    conn: &mut DbConnection,
    id: &str,
    status: SampleStatus,
) -> Result<bool, StoreError> {
    let changed = diesel::update(samples::table.find(id))
        .set(samples::status.eq(status.as_str()))
        .execute(conn)?;
    Ok(changed == 1)
}
