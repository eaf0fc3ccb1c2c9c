//! Records retention (Q3): each centre's retention period, and the facts the purge decides on
//! (live claims and their certification dates, registrations already purged).

use std::collections::BTreeMap;

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;

use super::schema::{centre_retention, claim_learners, registration_purges, registrations, users};
use super::{DbConnection, StoreError};
use crate::domain::retention::{RecordFacts, RetentionYears};

/// The centre's retention period (the default when it has not set one).
pub fn years_for(conn: &mut DbConnection, centre_id: &str) -> Result<RetentionYears, StoreError> {
    let years: Option<i32> = centre_retention::table
        .find(centre_id)
        .select(centre_retention::years)
        .first(conn)
        .optional()?;
    Ok(years.map(RetentionYears::stored).unwrap_or_default())
}

/// Sets the centre's retention period; returns the one it replaces.
pub fn set_years(
    conn: &mut DbConnection,
    centre_id: &str,
    years: RetentionYears,
    by: &str,
    now: NaiveDateTime,
) -> Result<RetentionYears, StoreError> {
    let before = years_for(conn, centre_id)?;
    let value = i32::try_from(years.get()).unwrap_or(i32::MAX);
    let updated = diesel::update(centre_retention::table.find(centre_id))
        .set((
            centre_retention::years.eq(value),
            centre_retention::updated_by.eq(by),
            centre_retention::updated_at.eq(now),
        ))
        .execute(conn)?;
    if updated == 0 {
        diesel::insert_into(centre_retention::table)
            .values((
                centre_retention::centre_id.eq(centre_id),
                centre_retention::years.eq(value),
                centre_retention::updated_by.eq(by),
                centre_retention::updated_at.eq(now),
            ))
            .execute(conn)?;
    }
    Ok(before)
}

/// A registration with claims, and what its records stand on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Candidate {
    pub registration_id: String,
    pub centre_id: String,
    pub learner_name: String,
    pub qualification_id: String,
    pub years: RetentionYears,
    pub facts: RecordFacts,
}

/// Every registration that stands in a live claim, with its facts (one registration, or all).
pub fn candidates(
    conn: &mut DbConnection,
    only: Option<&str>,
) -> Result<Vec<Candidate>, StoreError> {
    let mut query = claim_learners::table
        .inner_join(registrations::table.on(registrations::id.eq(claim_learners::registration_id)))
        .inner_join(users::table.on(users::id.eq(registrations::learner_id)))
        .filter(claim_learners::live.eq(true))
        .select((
            registrations::id,
            registrations::centre_id,
            users::name,
            registrations::qualification_id,
            claim_learners::certificated_on,
        ))
        .into_boxed();
    if let Some(id) = only {
        query = query.filter(registrations::id.eq(id.to_owned()));
    }
    type Row = (String, String, String, String, Option<NaiveDate>);
    let rows: Vec<Row> = query.load(conn)?;
    let purged: Vec<String> = registration_purges::table
        .select(registration_purges::registration_id)
        .load(conn)?;
    let mut years: BTreeMap<String, RetentionYears> = BTreeMap::new();
    let mut by_id: BTreeMap<String, Candidate> = BTreeMap::new();
    for (id, centre_id, name, qualification_id, certificated_on) in rows {
        if !years.contains_key(&centre_id) {
            let y = years_for(conn, &centre_id)?;
            years.insert(centre_id.clone(), y);
        }
        let centre_years = years.get(&centre_id).copied().unwrap_or_default();
        let entry = by_id.entry(id.clone()).or_insert_with(|| Candidate {
            registration_id: id.clone(),
            centre_id: centre_id.clone(),
            learner_name: name,
            qualification_id,
            years: centre_years,
            facts: RecordFacts::default(),
        });
        match certificated_on {
            Some(day) => entry.facts.certificated_on.push(day),
            None => entry.facts.claim_in_progress = true,
        }
        entry.facts.purged = purged.contains(&id);
    }
    Ok(by_id.into_values().collect())
}
