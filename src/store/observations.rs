//! Observations of practice by an assessor or an expert witness (`observer_kind`), with their
//! people present, criteria and range kept as JSON text. An observation is recorded once and
//! signed; it is never edited in place.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;

use super::json::Json;
use super::schema::observations;
use super::signatures::{self, Signature};
use super::{DbConnection, StoreError};
use crate::domain::observation::{ObservationContent, ObserverKind, PersonPresent};

#[derive(Debug, Clone, PartialEq, Eq, Queryable, Selectable, Insertable)]
#[diesel(table_name = observations)]
pub struct Observation {
    pub id: String,
    pub registration_id: String,
    #[diesel(deserialize_as = String, serialize_as = String)]
    pub observer_kind: ObserverKind,
    /// The observer's account, if they have one (an expert witness may not).
    pub observer_id: Option<String>,
    pub observer_name: String,
    pub planned: bool,
    pub observed_on: NaiveDate,
    pub setting: String,
    /// JSON list of `{name, role, consent}`.
    #[diesel(deserialize_as = String, serialize_as = String)]
    pub people_present: Json<Vec<PersonPresent>>,
    pub narrative: String,
    /// JSON list of criterion ids.
    #[diesel(deserialize_as = String, serialize_as = String)]
    pub criteria: Json<Vec<String>>,
    /// JSON list of range item ids.
    #[diesel(deserialize_as = String, serialize_as = String)]
    pub range_items: Json<Vec<String>>,
    pub recorded_at: NaiveDateTime,
}

impl Observation {
    pub fn people(&self) -> &[PersonPresent] {
        &self.people_present
    }

    pub fn criteria_ids(&self) -> &[String] {
        &self.criteria
    }

    pub fn range_ids(&self) -> &[String] {
        &self.range_items
    }

    /// The record its signatures commit to, as it is now.
    pub fn record(&self) -> serde_json::Value {
        ObservationContent {
            id: &self.id,
            registration_id: &self.registration_id,
            observer_kind: self.observer_kind.as_str(),
            observer_name: &self.observer_name,
            planned: self.planned,
            observed_on: self.observed_on,
            setting: &self.setting,
            people_present: self.people(),
            narrative: &self.narrative,
            criteria: self.criteria_ids(),
            range_items: self.range_ids(),
        }
        .record()
    }
}

/// Record an observation with its observer's signature, in the caller's transaction. The
/// signature's `content_sha256` must be `signature::content_hash(&observation.record())`.
/// Witness work calls this with `ObserverKind::ExpertWitness` and a signature whose
/// `signer_role` is `expert_witness` and `signer_id` is None.
pub fn insert(
    conn: &mut DbConnection,
    observation: &Observation,
    observer_signature: &Signature,
) -> Result<(), StoreError> {
    diesel::insert_into(observations::table)
        .values(observation.clone())
        .execute(conn)?;
    signatures::insert(conn, observer_signature)
}

pub fn find(conn: &mut DbConnection, id: &str) -> Result<Option<Observation>, StoreError> {
    Ok(observations::table
        .find(id)
        .select(Observation::as_select())
        .first(conn)
        .optional()?)
}

/// A registration's observations, oldest first.
pub fn observations_of(
    conn: &mut DbConnection,
    registration_id: &str,
) -> Result<Vec<Observation>, StoreError> {
    Ok(observations::table
        .filter(observations::registration_id.eq(registration_id))
        .order((
            observations::observed_on,
            observations::recorded_at,
            observations::id,
        ))
        .select(Observation::as_select())
        .load(conn)?)
}
