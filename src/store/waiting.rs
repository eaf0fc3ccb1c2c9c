//! What waits for each person, for their home page: each a fixed number of statements, whatever
//! the size of the centre.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::dsl::{exists, not};
use diesel::prelude::*;

use super::schema::{
    centres, claims, double_marking_judgements, evidence_items, evidence_mappings, iqa_actions,
    judgement_evidence, judgements, memberships, programme_members, programme_progress,
    programme_sessions, programmes, registrations, samples, signatures, testimony_requests,
    unit_sign_offs,
};
use super::signatures::UNIT_SIGN_OFF;
use super::{DbConnection, StoreError};
use crate::domain::claims::ClaimStatus;
use crate::domain::evidence::EvidenceStatus;
use crate::domain::iqa_check::SampleStatus;
use crate::domain::judgement::JudgementOutcome;
use crate::domain::registration::RegistrationStatus;
use crate::domain::roles::Role;
use crate::domain::witness::RequestStatus;

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
        .filter(
            registrations::assessor_id
                .eq(assessor_id)
                .or(holds_a_unit!(assessor_id, assessor_id)),
        )
        .filter(holds_role_at_its_centre!(assessor_id, Role::Assessor))
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

/// The learner's criteria whose latest judgement is "not yet met", so the feedback waits for
/// them: (registration id, qualification id, how many) per active registration.
pub fn not_yet_met_of_learner(
    conn: &mut DbConnection,
    learner_id: &str,
) -> Result<Vec<(String, String, i64)>, StoreError> {
    let later = diesel::alias!(judgements as later);
    let superseded = later
        .filter(
            later
                .field(judgements::registration_id)
                .eq(judgements::registration_id),
        )
        .filter(later.field(judgements::item_id).eq(judgements::item_id))
        .filter(later.field(judgements::round).gt(judgements::round));
    Ok(judgements::table
        .inner_join(registrations::table.on(registrations::id.eq(judgements::registration_id)))
        .filter(registrations::learner_id.eq(learner_id))
        .filter(registrations::status.eq(RegistrationStatus::Active.as_str()))
        .filter(judgements::outcome.eq(JudgementOutcome::NotYetMet.as_str()))
        .filter(not(exists(superseded)))
        .group_by(registrations::id)
        .select((
            registrations::id,
            registrations::qualification_id,
            diesel::dsl::count_star(),
        ))
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

/// The learner's active registrations, each with its qualification and the items its evidence
/// is mapped to: (registration id, qualification id, item ids). Two statements.
pub fn mapped_items_of_learner(
    conn: &mut DbConnection,
    learner_id: &str,
) -> Result<Vec<(String, String, Vec<String>)>, StoreError> {
    let own: Vec<(String, String)> = registrations::table
        .filter(registrations::learner_id.eq(learner_id))
        .filter(registrations::status.eq(RegistrationStatus::Active.as_str()))
        .order((registrations::created_at, registrations::id))
        .select((registrations::id, registrations::qualification_id))
        .load(conn)?;
    let ids: Vec<&String> = own.iter().map(|(id, _)| id).collect();
    let mapped: Vec<(String, String)> = evidence_mappings::table
        .inner_join(evidence_items::table.on(evidence_items::id.eq(evidence_mappings::evidence_id)))
        .filter(evidence_items::registration_id.eq_any(ids))
        .select((evidence_items::registration_id, evidence_mappings::item_id))
        .distinct()
        .load(conn)?;
    Ok(own
        .into_iter()
        .map(|(id, qualification)| {
            let items = mapped
                .iter()
                .filter(|(r, _)| *r == id)
                .map(|(_, i)| i.clone())
                .collect();
            (id, qualification, items)
        })
        .collect())
}

/// Testimony witnesses have signed for the assessor's active learners that waits for their
/// decision: (request id), oldest first.
pub fn testimony_to_decide(
    conn: &mut DbConnection,
    assessor_id: &str,
) -> Result<Vec<String>, StoreError> {
    Ok(testimony_requests::table
        .inner_join(
            registrations::table.on(registrations::id.eq(testimony_requests::registration_id)),
        )
        .filter(
            registrations::assessor_id
                .eq(assessor_id)
                .or(holds_a_unit!(assessor_id, assessor_id)),
        )
        .filter(holds_role_at_its_centre!(assessor_id, Role::Assessor))
        .filter(registrations::status.eq(RegistrationStatus::Active.as_str()))
        .filter(testimony_requests::status.eq(RequestStatus::Signed.as_str()))
        .order((testimony_requests::created_at, testimony_requests::id))
        .select(testimony_requests::id)
        .load(conn)?)
}

/// Centres nobody administers yet (no centre administrator), for the platform administrator.
pub fn centres_without_admin(conn: &mut DbConnection) -> Result<i64, StoreError> {
    let administered = memberships::table
        .filter(memberships::centre_id.eq(centres::id))
        .filter(memberships::role.eq(Role::CentreAdmin.code()));
    Ok(centres::table
        .filter(not(exists(administered)))
        .count()
        .get_result(conn)?)
}

/// Claims of the centres submitted to the awarding body and not yet certificated or returned:
/// (centre id, claim id), oldest first.
pub fn submitted_claims(
    conn: &mut DbConnection,
    centre_ids: &[String],
) -> Result<Vec<(String, String)>, StoreError> {
    Ok(claims::table
        .filter(claims::centre_id.eq_any(centre_ids))
        .filter(claims::status.eq(ClaimStatus::Submitted.as_str()))
        .order((claims::created_at, claims::id))
        .select((claims::centre_id, claims::id))
        .load(conn)?)
}

/// Sessions of the tutor's own programmes that start between `from` and `to` (inclusive):
/// (programme id, count) per programme.
pub fn sessions_of_tutor(
    conn: &mut DbConnection,
    tutor_id: &str,
    (from, to): (NaiveDate, NaiveDate),
) -> Result<Vec<(String, i64)>, StoreError> {
    Ok(programme_sessions::table
        .inner_join(programmes::table.on(programmes::id.eq(programme_sessions::programme_id)))
        .filter(programmes::created_by.eq(tutor_id))
        .filter(programme_sessions::starts_on.between(from, to))
        .group_by(programme_sessions::programme_id)
        .select((programme_sessions::programme_id, diesel::dsl::count_star()))
        .load(conn)?)
}

/// Sessions between `from` and `to` (inclusive) of the programmes the learner is on, that they
/// have not marked done: (programme id, count) per programme.
pub fn sessions_of_learner(
    conn: &mut DbConnection,
    learner_id: &str,
    (from, to): (NaiveDate, NaiveDate),
) -> Result<Vec<(String, i64)>, StoreError> {
    let done = programme_progress::table
        .filter(programme_progress::session_id.eq(programme_sessions::id))
        .filter(programme_progress::registration_id.eq(programme_members::registration_id));
    Ok(programme_sessions::table
        .inner_join(
            programme_members::table
                .on(programme_members::programme_id.eq(programme_sessions::programme_id)),
        )
        .filter(programme_members::learner_id.eq(learner_id))
        .filter(programme_sessions::starts_on.between(from, to))
        .filter(not(exists(done)))
        .group_by(programme_sessions::programme_id)
        .select((programme_sessions::programme_id, diesel::dsl::count_star()))
        .load(conn)?)
}

/// Open double-marking exercises `marker_id` is invited to, with how many of their criteria the
/// marker has not judged yet: (exercise id, criteria left), newest first; exercises fully
/// judged are left out. Two statements.
pub fn exercises_to_mark(
    conn: &mut DbConnection,
    marker_id: &str,
) -> Result<Vec<(String, usize)>, StoreError> {
    let open = super::standardisation::open_for_marker(conn, marker_id)?;
    let ids: Vec<&str> = open.iter().map(|e| e.id.as_str()).collect();
    let judged: Vec<(String, String)> = double_marking_judgements::table
        .filter(double_marking_judgements::marker_id.eq(marker_id))
        .filter(double_marking_judgements::exercise_id.eq_any(&ids))
        .select((
            double_marking_judgements::exercise_id,
            double_marking_judgements::criterion_id,
        ))
        .load(conn)?;
    Ok(open
        .iter()
        .filter_map(|exercise| {
            let left = exercise
                .criteria
                .iter()
                .filter(|c| !judged.iter().any(|(e, j)| *e == exercise.id && j == *c))
                .count();
            (left > 0).then(|| (exercise.id.clone(), left))
        })
        .collect())
}
