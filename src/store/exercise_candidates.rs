//! The evidence an IQA can choose for a blind double-marking exercise: the centre's submitted
//! items that are mapped to at least one criterion, newest first, each with its mappings. Two
//! statements, whatever the size of the centre.

use chrono::NaiveDateTime;
use diesel::dsl::exists;
use diesel::prelude::*;

use super::schema::{evidence_items, evidence_mappings, registrations, users};
use super::{DbConnection, StoreError};
use crate::domain::evidence::EvidenceStatus;

/// How many items the chooser lists: the newest, which is what a standardisation meeting uses.
pub const LISTED: i64 = 60;

/// One item an exercise may be set up on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Candidate {
    pub evidence_id: String,
    pub title: String,
    pub learner: String,
    pub qualification_id: String,
    pub updated_at: NaiveDateTime,
    /// The items it is mapped to, sorted.
    pub mapped: Vec<String>,
}

/// The newest `LISTED` submitted, mapped items of the centre's learners.
pub fn of_centre(conn: &mut DbConnection, centre_id: &str) -> Result<Vec<Candidate>, StoreError> {
    let mapped =
        evidence_mappings::table.filter(evidence_mappings::evidence_id.eq(evidence_items::id));
    let rows: Vec<(String, String, String, String, NaiveDateTime)> = evidence_items::table
        .inner_join(registrations::table.on(registrations::id.eq(evidence_items::registration_id)))
        .inner_join(users::table.on(users::id.eq(registrations::learner_id)))
        .filter(registrations::centre_id.eq(centre_id))
        .filter(evidence_items::status.eq(EvidenceStatus::Submitted.as_str()))
        .filter(exists(mapped))
        .order((evidence_items::updated_at.desc(), evidence_items::id))
        .limit(LISTED)
        .select((
            evidence_items::id,
            evidence_items::title,
            users::name,
            registrations::qualification_id,
            evidence_items::updated_at,
        ))
        .load(conn)?;
    let ids: Vec<&String> = rows.iter().map(|r| &r.0).collect();
    let mut pairs: Vec<(String, String)> = evidence_mappings::table
        .filter(evidence_mappings::evidence_id.eq_any(ids))
        .select((evidence_mappings::evidence_id, evidence_mappings::item_id))
        .load(conn)?;
    pairs.sort_unstable();
    Ok(rows
        .into_iter()
        .map(
            |(evidence_id, title, learner, qualification_id, updated_at)| {
                let mapped = pairs
                    .iter()
                    .filter(|(e, _)| *e == evidence_id)
                    .map(|(_, item)| item.clone())
                    .collect();
                Candidate {
                    evidence_id,
                    title,
                    learner,
                    qualification_id,
                    updated_at,
                    mapped,
                }
            },
        )
        .collect())
}
