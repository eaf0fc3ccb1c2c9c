//! Certification claims and the learners in them. A learner stands in at most one live claim per
//! claim key (the qualification, or a unit for a unit certificate); the partial unique index
//! `claim_learners_once` holds that even for two administrators claiming at the same moment.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;

use super::json::Json;
use super::schema::{claim_learners, claims};
use super::{DbConnection, StoreError};
use crate::domain::claims::{ClaimKind, ClaimStatus};

#[derive(Debug, Clone, PartialEq, Eq, Queryable, Selectable, Insertable)]
#[diesel(table_name = claims)]
pub struct Claim {
    pub id: String,
    pub centre_id: String,
    pub qualification_id: String,
    pub awarding_body: String,
    #[diesel(deserialize_as = String, serialize_as = String)]
    pub status: ClaimStatus,
    pub created_by: String,
    pub created_at: NaiveDateTime,
    pub submitted_at: Option<NaiveDateTime>,
    pub submitted_by: Option<String>,
    pub certificated_at: Option<NaiveDateTime>,
    pub returned_at: Option<NaiveDateTime>,
    pub return_reason: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Queryable, Selectable, Insertable)]
#[diesel(table_name = claim_learners)]
pub struct ClaimLearner {
    pub id: String,
    pub claim_id: String,
    pub registration_id: String,
    #[diesel(deserialize_as = String, serialize_as = String)]
    pub claim_kind: ClaimKind,
    /// The qualification id, or the unit id of a unit certificate.
    pub claim_key: String,
    /// The units claimed (JSON array of unit ids).
    #[diesel(deserialize_as = String, serialize_as = String)]
    pub units: Json<Vec<String>>,
    pub live: bool,
    pub certificate_number: Option<String>,
    pub certificated_on: Option<NaiveDate>,
    pub created_at: NaiveDateTime,
}

impl ClaimLearner {
    pub fn unit_ids(&self) -> &[String] {
        &self.units
    }
}

pub fn insert(
    conn: &mut DbConnection,
    claim: &Claim,
    learners: &[ClaimLearner],
) -> Result<(), StoreError> {
    diesel::insert_into(claims::table)
        .values(claim.clone())
        .execute(conn)?;
    for learner in learners {
        diesel::insert_into(claim_learners::table)
            .values(learner.clone())
            .execute(conn)?;
    }
    Ok(())
}

pub fn find(conn: &mut DbConnection, id: &str) -> Result<Option<Claim>, StoreError> {
    Ok(claims::table
        .find(id)
        .select(Claim::as_select())
        .first(conn)
        .optional()?)
}

/// A centre's claims, newest first.
pub fn of_centre(conn: &mut DbConnection, centre_id: &str) -> Result<Vec<Claim>, StoreError> {
    Ok(claims::table
        .filter(claims::centre_id.eq(centre_id))
        .order((claims::created_at.desc(), claims::id))
        .select(Claim::as_select())
        .load(conn)?)
}

pub fn learners_of(
    conn: &mut DbConnection,
    claim_id: &str,
) -> Result<Vec<ClaimLearner>, StoreError> {
    Ok(claim_learners::table
        .filter(claim_learners::claim_id.eq(claim_id))
        .order((claim_learners::created_at, claim_learners::id))
        .select(ClaimLearner::as_select())
        .load(conn)?)
}

/// Every live claim entry of these registrations.
pub fn live_of(
    conn: &mut DbConnection,
    registration_ids: &[String],
) -> Result<Vec<ClaimLearner>, StoreError> {
    Ok(claim_learners::table
        .filter(claim_learners::registration_id.eq_any(registration_ids))
        .filter(claim_learners::live.eq(true))
        .select(ClaimLearner::as_select())
        .load(conn)?)
}

/// The status of the live claim holding a registration that locks its records, if any
/// (submitted or certificated).
pub fn locking_claim(
    conn: &mut DbConnection,
    registration_id: &str,
) -> Result<Option<ClaimStatus>, StoreError> {
    let locking = [ClaimStatus::Submitted, ClaimStatus::Certificated].map(ClaimStatus::as_str);
    let claim: Option<Claim> = claim_learners::table
        .inner_join(claims::table.on(claims::id.eq(claim_learners::claim_id)))
        .filter(claim_learners::registration_id.eq(registration_id))
        .filter(claim_learners::live.eq(true))
        .filter(claims::status.eq_any(locking))
        .select(Claim::as_select())
        .first(conn)
        .optional()?;
    Ok(claim.map(|c| c.status))
}

/// Move a claim on. `at` is when; the reason is kept for a return.
pub fn set_status(
    conn: &mut DbConnection,
    id: &str,
    status: ClaimStatus,
    by: &str,
    at: NaiveDateTime,
    reason: Option<&str>,
) -> Result<(), StoreError> {
    let target = claims::table.find(id);
    let code = status.as_str();
    match status {
        ClaimStatus::Submitted => diesel::update(target)
            .set((
                claims::status.eq(code),
                claims::submitted_at.eq(at),
                claims::submitted_by.eq(by),
            ))
            .execute(conn)?,
        ClaimStatus::Certificated => diesel::update(target)
            .set((claims::status.eq(code), claims::certificated_at.eq(at)))
            .execute(conn)?,
        ClaimStatus::Returned => {
            diesel::update(claim_learners::table.filter(claim_learners::claim_id.eq(id)))
                .set(claim_learners::live.eq(false))
                .execute(conn)?;
            diesel::update(target)
                .set((
                    claims::status.eq(code),
                    claims::returned_at.eq(at),
                    claims::return_reason.eq(reason),
                ))
                .execute(conn)?
        }
        ClaimStatus::Draft => diesel::update(target)
            .set(claims::status.eq(code))
            .execute(conn)?,
    };
    Ok(())
}

/// Record a learner's certificate number and date.
pub fn certificate(
    conn: &mut DbConnection,
    claim_learner_id: &str,
    number: &str,
    on: NaiveDate,
) -> Result<(), StoreError> {
    diesel::update(claim_learners::table.find(claim_learner_id))
        .set((
            claim_learners::certificate_number.eq(number),
            claim_learners::certificated_on.eq(on),
        ))
        .execute(conn)?;
    Ok(())
}
