//! Testimony requests (with their single-use links), the witnesses' signed answers, the assessor's
//! decisions, and the accepted observations of expert witnesses (for C5).

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;

use super::json::{Json, OptionalJson};
use super::schema::{testimony_requests, witness_testimonies};
use super::{DbConnection, StoreError};
use crate::domain::observation::ObserverKind;
use crate::domain::witness::RequestStatus;

#[derive(Debug, Clone, PartialEq, Eq, Queryable, Selectable, Insertable)]
#[diesel(table_name = testimony_requests)]
pub struct TestimonyRequest {
    pub id: String,
    pub registration_id: String,
    pub requested_by: String,
    pub witness_name: String,
    pub witness_email: String,
    pub witness_role: String,
    pub relationship: String,
    pub expert: bool,
    /// A JSON array of curriculum item ids.
    #[diesel(deserialize_as = String, serialize_as = String)]
    pub criteria: Json<Vec<String>>,
    pub activity: String,
    /// The `jti` of the one link that may answer this request.
    pub link_id: String,
    pub link_expires_at: NaiveDateTime,
    pub link_used_at: Option<NaiveDateTime>,
    #[diesel(deserialize_as = String, serialize_as = String)]
    pub status: RequestStatus,
    pub decided_by: Option<String>,
    pub decided_at: Option<NaiveDateTime>,
    pub decision_reason: Option<String>,
    pub evidence_id: Option<String>,
    pub created_at: NaiveDateTime,
}

#[derive(Debug, Clone, PartialEq, Eq, Queryable, Selectable, Insertable)]
#[diesel(table_name = witness_testimonies)]
pub struct WitnessTestimony {
    pub request_id: String,
    pub declared_role: String,
    pub testimony: String,
    pub expert_statement: String,
    pub working_knowledge_of_units: bool,
    pub occupationally_competent: bool,
    /// A JSON array of staff qualification ids.
    #[diesel(deserialize_as = String, serialize_as = String)]
    pub assessment_qualifications: Json<Vec<String>>,
    pub work_role_evaluates_practice: bool,
    pub observed_on: Option<NaiveDate>,
    pub observation_setting: Option<String>,
    pub observation_narrative: Option<String>,
    /// A JSON array of curriculum item ids.
    #[diesel(deserialize_as = Option<String>, serialize_as = Option<String>)]
    pub observation_criteria: OptionalJson<Vec<String>>,
    pub signed_name: String,
    pub signed_at: NaiveDateTime,
    pub client_address: String,
    pub content_sha256: String,
}

pub fn insert_request(conn: &mut DbConnection, row: &TestimonyRequest) -> Result<(), StoreError> {
    diesel::insert_into(testimony_requests::table)
        .values(row.clone())
        .execute(conn)?;
    Ok(())
}

pub fn find_request(
    conn: &mut DbConnection,
    id: &str,
) -> Result<Option<TestimonyRequest>, StoreError> {
    Ok(testimony_requests::table
        .find(id)
        .select(TestimonyRequest::as_select())
        .first(conn)
        .optional()?)
}

/// A registration's requests, newest first.
pub fn requests_of(
    conn: &mut DbConnection,
    registration_id: &str,
) -> Result<Vec<TestimonyRequest>, StoreError> {
    Ok(testimony_requests::table
        .filter(testimony_requests::registration_id.eq(registration_id))
        .order((
            testimony_requests::created_at.desc(),
            testimony_requests::id,
        ))
        .select(TestimonyRequest::as_select())
        .load(conn)?)
}

pub fn find_testimony(
    conn: &mut DbConnection,
    request_id: &str,
) -> Result<Option<WitnessTestimony>, StoreError> {
    Ok(witness_testimonies::table
        .find(request_id)
        .select(WitnessTestimony::as_select())
        .first(conn)
        .optional()?)
}

/// Use the link once and keep the signed answer. The request must still be waiting, answered by
/// this link (`link_id`), and the link unexpired at `now`; otherwise nothing changes and the
/// answer is false (two tabs submitting at once: one wins).
pub fn record_answer(
    conn: &mut DbConnection,
    link_id: &str,
    testimony: &WitnessTestimony,
    now: NaiveDateTime,
) -> Result<bool, StoreError> {
    let used = diesel::update(
        testimony_requests::table
            .find(&testimony.request_id)
            .filter(testimony_requests::link_id.eq(link_id))
            .filter(testimony_requests::link_used_at.is_null())
            .filter(testimony_requests::status.eq(RequestStatus::Requested.as_str()))
            .filter(testimony_requests::link_expires_at.gt(now)),
    )
    .set((
        testimony_requests::link_used_at.eq(now),
        testimony_requests::status.eq(RequestStatus::Signed.as_str()),
    ))
    .execute(conn)?;
    if used != 1 {
        return Ok(false);
    }
    diesel::insert_into(witness_testimonies::table)
        .values(testimony.clone())
        .execute(conn)?;
    Ok(true)
}

/// The assessor's decision on a signed testimony. False when it is no longer waiting (someone
/// decided first).
pub fn record_decision(
    conn: &mut DbConnection,
    request_id: &str,
    status: RequestStatus,
    by: &str,
    reason: &str,
    evidence_id: Option<&str>,
    now: NaiveDateTime,
) -> Result<bool, StoreError> {
    let changed = diesel::update(
        testimony_requests::table
            .find(request_id)
            .filter(testimony_requests::status.eq(RequestStatus::Signed.as_str())),
    )
    .set((
        testimony_requests::status.eq(status.as_str()),
        testimony_requests::decided_by.eq(by),
        testimony_requests::decided_at.eq(now),
        testimony_requests::decision_reason.eq(reason),
        testimony_requests::evidence_id.eq(evidence_id),
    ))
    .execute(conn)?;
    Ok(changed == 1)
}

/// An expert witness's observation of practice that the assessor accepted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExpertObservation {
    pub request_id: String,
    /// The evidence item the accepted testimony became.
    pub evidence_id: Option<String>,
    pub observer_kind: ObserverKind,
    pub observer_name: String,
    pub observed_on: NaiveDate,
    pub setting: String,
    pub narrative: String,
    pub criteria: Vec<String>,
}

/// The accepted observations by expert witnesses on a registration, oldest first: each counts as
/// an observation for C5 (`observer_kind` is `expert_witness`). One query.
pub fn accepted_expert_observations(
    conn: &mut DbConnection,
    registration_id: &str,
) -> Result<Vec<ExpertObservation>, StoreError> {
    let rows: Vec<(TestimonyRequest, WitnessTestimony)> = testimony_requests::table
        .inner_join(witness_testimonies::table)
        .filter(testimony_requests::registration_id.eq(registration_id))
        .filter(testimony_requests::expert.eq(true))
        .filter(testimony_requests::status.eq(RequestStatus::Accepted.as_str()))
        .filter(witness_testimonies::observed_on.is_not_null())
        .order((witness_testimonies::observed_on, testimony_requests::id))
        .select((TestimonyRequest::as_select(), WitnessTestimony::as_select()))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .filter_map(|(request, answer)| {
            Some(ExpertObservation {
                observed_on: answer.observed_on?,
                request_id: request.id,
                evidence_id: request.evidence_id,
                observer_kind: ObserverKind::ExpertWitness,
                observer_name: request.witness_name,
                setting: answer.observation_setting.unwrap_or_default(),
                narrative: answer.observation_narrative.unwrap_or_default(),
                criteria: answer.observation_criteria.0.unwrap_or_default(),
            })
        })
        .collect())
}
