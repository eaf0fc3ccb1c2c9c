//! What waits for each person, for their home page: each a fixed number of statements, whatever
//! the size of the centre.

use chrono::NaiveDateTime;
use diesel::dsl::{exists, not};
use diesel::prelude::*;

use super::schema::{
    evidence_items, iqa_actions, judgement_evidence, registrations, samples, signatures,
    unit_sign_offs,
};
use super::signatures::UNIT_SIGN_OFF;
use super::{DbConnection, StoreError};
use crate::domain::evidence::EvidenceStatus;
use crate::domain::iqa_check::SampleStatus;
use crate::domain::registration::RegistrationStatus;

/// Submitted evidence of the assessor's active learners that no judgement relies on in its
/// current version: (evidence id, submitted at), oldest first.
pub fn awaiting_judgement(
    conn: &mut DbConnection,
    assessor_id: &str,
) -> Result<Vec<(String, NaiveDateTime)>, StoreError> {
    let judged = judgement_evidence::table
        .filter(judgement_evidence::evidence_id.eq(evidence_items::id))
        .filter(judgement_evidence::evidence_version.eq(evidence_items::current_version));
    Ok(evidence_items::table
        .inner_join(registrations::table.on(registrations::id.eq(evidence_items::registration_id)))
        .filter(registrations::assessor_id.eq(assessor_id))
        .filter(registrations::status.eq(RegistrationStatus::Active.as_str()))
        .filter(evidence_items::status.eq(EvidenceStatus::Submitted.as_str()))
        .filter(not(exists(judged)))
        .order((evidence_items::updated_at, evidence_items::id))
        .select((evidence_items::id, evidence_items::updated_at))
        .load(conn)?)
}

/// Actions from IQA referrals the assessor has not closed.
pub fn open_iqa_actions(conn: &mut DbConnection, assessor_id: &str) -> Result<i64, StoreError> {
    Ok(iqa_actions::table
        .filter(iqa_actions::assessor_id.eq(assessor_id))
        .filter(iqa_actions::closed_at.is_null())
        .count()
        .get_result(conn)?)
}

/// Samples the IQA took that wait for their check: not checked yet, or referred with every
/// action closed. (centre id, count) per centre.
pub fn samples_to_check(
    conn: &mut DbConnection,
    iqa_id: &str,
) -> Result<Vec<(String, i64)>, StoreError> {
    let open_actions = iqa_actions::table
        .filter(iqa_actions::sample_id.eq(samples::id))
        .filter(iqa_actions::closed_at.is_null());
    let rows: Vec<String> = samples::table
        .filter(samples::iqa_id.eq(iqa_id))
        .filter(
            samples::status
                .eq(SampleStatus::Open.as_str())
                .or(samples::status
                    .eq(SampleStatus::Referred.as_str())
                    .and(not(exists(open_actions)))),
        )
        .select(samples::centre_id)
        .load(conn)?;
    let mut counted: Vec<(String, i64)> = Vec::new();
    for centre in rows {
        match counted.iter_mut().find(|(c, _)| *c == centre) {
            Some((_, n)) => *n += 1,
            None => counted.push((centre, 1)),
        }
    }
    Ok(counted)
}

/// The learner's own evidence still in draft, per registration: (registration id, count).
pub fn drafts_of_learner(
    conn: &mut DbConnection,
    learner_id: &str,
) -> Result<Vec<(String, i64)>, StoreError> {
    Ok(evidence_items::table
        .inner_join(registrations::table.on(registrations::id.eq(evidence_items::registration_id)))
        .filter(registrations::learner_id.eq(learner_id))
        .filter(registrations::status.eq(RegistrationStatus::Active.as_str()))
        .filter(evidence_items::created_by.eq(learner_id))
        .filter(evidence_items::status.eq(EvidenceStatus::Draft.as_str()))
        .group_by(evidence_items::registration_id)
        .select((evidence_items::registration_id, diesel::dsl::count_star()))
        .load(conn)?)
}

/// Units signed off for the learner that they have not countersigned: (registration id, unit id).
pub fn awaiting_countersignature(
    conn: &mut DbConnection,
    learner_id: &str,
) -> Result<Vec<(String, String)>, StoreError> {
    let countersigned = signatures::table
        .filter(signatures::record_type.eq(UNIT_SIGN_OFF))
        .filter(signatures::record_id.eq(unit_sign_offs::id))
        .filter(signatures::signer_role.eq("learner"));
    Ok(unit_sign_offs::table
        .inner_join(registrations::table.on(registrations::id.eq(unit_sign_offs::registration_id)))
        .filter(registrations::learner_id.eq(learner_id))
        .filter(unit_sign_offs::unlocked_at.is_null())
        .filter(not(exists(countersigned)))
        .order((unit_sign_offs::signed_off_at, unit_sign_offs::id))
        .select((unit_sign_offs::registration_id, unit_sign_offs::unit_id))
        .load(conn)?)
}

/// Active registrations of the centres with no awarding-body reference yet (a claim needs it):
/// (centre id, registration id), oldest first.
pub fn missing_references(
    conn: &mut DbConnection,
    centre_ids: &[String],
) -> Result<Vec<(String, String)>, StoreError> {
    Ok(registrations::table
        .filter(registrations::centre_id.eq_any(centre_ids))
        .filter(registrations::status.eq(RegistrationStatus::Active.as_str()))
        .filter(registrations::awarding_body_ref.is_null())
        .order((registrations::created_at, registrations::id))
        .select((registrations::centre_id, registrations::id))
        .load(conn)?)
}
