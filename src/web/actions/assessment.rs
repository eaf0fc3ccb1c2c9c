//! The assessment record of a registration (every judgement round, observations, unit sign-offs
//! and their signatures) that pages and the API show, and the pieces the assessment actions
//! share: the registration as the caller may see it, the caller's staff record, audit entries
//! and the lock on signed-off units.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

use crate::curriculum::Curriculum;
use crate::domain::credentials::staff_record;
use crate::domain::eligibility::StaffRecord;
use crate::domain::judgement::{JudgeRefused, latest_decisions};
use crate::domain::sign_off::{
    items_required, locked_message, locked_units_touched, sign_off_record,
};
use crate::domain::signature::SignatureState;
use crate::store::audit::NewAuditEntry;
use crate::store::evidence::{self as evidence_store, EvidenceItem, EvidenceVersion};
use crate::store::judgements::{self, Judgement, JudgementEvidence};
use crate::store::observations::{self, Observation};
use crate::store::registrations::{self, Registration};
use crate::store::sign_offs::{self, UnitSignOff};
use crate::store::signatures::{self, OBSERVATION, Signature, UNIT_SIGN_OFF};
use crate::store::{DbConnection, StoreError, people};
use crate::web::AppState;
use crate::web::auth::CurrentUser;
use crate::web::auth::access::require_registration_visible;
use crate::web::error::AppError;

/// The registration, if the caller may see it (404 otherwise).
pub async fn visible_registration(
    state: &AppState,
    current: &CurrentUser,
    id: &str,
) -> Result<Registration, AppError> {
    let key = id.to_owned();
    let found = state
        .db
        .run(move |conn| registrations::find(conn, &key))
        .await?
        .ok_or_else(|| AppError::NotFound(format!("registration {id}")))?;
    require_registration_visible(current, &found)?;
    Ok(found)
}

/// What the centre has on record about a member of staff (for C6).
pub fn staff_record_of(conn: &mut DbConnection, user_id: &str) -> Result<StaffRecord, StoreError> {
    let credentials = people::credentials_of(conn, user_id)?;
    Ok(staff_record(
        credentials
            .iter()
            .map(|c| (c.kind.as_str(), c.code.as_str())),
    ))
}

/// An audit entry by the caller about a record of the registration.
pub fn entry(
    current: &CurrentUser,
    registration: &Registration,
    action: &str,
    record: (&str, &str),
    reason: Option<String>,
    details: Value,
) -> NewAuditEntry {
    NewAuditEntry {
        actor_id: Some(current.user.id.clone()),
        actor_name: current.user.name.clone(),
        centre_id: Some(registration.centre_id.clone()),
        action: action.to_owned(),
        record_type: record.0.to_owned(),
        record_id: record.1.to_owned(),
        reason,
        details,
    }
}

/// A refusal to let someone judge, as the web answers it.
pub fn refusal(refused: JudgeRefused) -> AppError {
    match refused {
        JudgeRefused::OwnWork | JudgeRefused::NotAllocated => AppError::Forbidden,
        JudgeRefused::NotEligible(rule) => AppError::Rule(rule),
    }
}

/// 409 when any of `items` belongs to a unit that is signed off and locked.
pub fn locked_conflict(
    conn: &mut DbConnection,
    curriculum: &Curriculum,
    registration_id: &str,
    items: &[String],
) -> Result<Option<AppError>, StoreError> {
    if let Some(status) = crate::store::claims::locking_claim(conn, registration_id)? {
        return Ok(Some(AppError::Conflict(format!(
            "This learner is in a {status} certification claim, so their records are locked and cannot change."
        ))));
    }
    let locked = sign_offs::locked_units(conn, registration_id)?;
    let touched = locked_units_touched(curriculum, &locked, items);
    Ok((!touched.is_empty()).then(|| AppError::Conflict(locked_message(&touched))))
}

/// Inside the write transaction that changes an evidence item: hold the registration (a sign-off
/// holds it too), then the 409 when the item as mapped now, or `also` (mappings about to be
/// made), touches a locked unit. A check made before the transaction could be overtaken.
pub fn evidence_locked(
    conn: &mut DbConnection,
    curriculum: &Curriculum,
    registration_id: &str,
    evidence_id: &str,
    also: &[String],
) -> Result<Option<AppError>, StoreError> {
    registrations::hold(conn, registration_id)?;
    let mut items = evidence_store::mappings_of(conn, evidence_id)?;
    items.extend(also.iter().cloned());
    locked_conflict(conn, curriculum, registration_id, &items)
}

/// Refuse a change to evidence mapped to (or being mapped to) a locked unit, before the work
/// starts (an upload); the write transaction checks again with [`evidence_locked`].
pub async fn refuse_if_locked(
    state: &AppState,
    registration_id: &str,
    items: Vec<String>,
) -> Result<(), AppError> {
    let (curriculum, id) = (state.curriculum.clone(), registration_id.to_owned());
    let refused = state
        .db
        .run(move |conn| locked_conflict(conn, &curriculum, &id, &items))
        .await?;
    refused.map_or(Ok(()), Err)
}

/// What a unit's signatures commit to, from the judgements as they are now.
pub fn sign_off_content(
    curriculum: &Curriculum,
    registration_id: &str,
    unit_id: &str,
    judgements: &[Judgement],
) -> Value {
    let required = curriculum
        .unit(unit_id)
        .map(|(_, u)| items_required(u))
        .unwrap_or_default();
    let latest: Vec<(String, String, i32, String)> = required
        .iter()
        .filter_map(|item| {
            judgements
                .iter()
                .filter(|j| &j.item_id == item)
                .max_by_key(|j| j.round)
                .map(|j| (j.item_id.clone(), j.id.clone(), j.round, j.outcome.clone()))
        })
        .collect();
    sign_off_record(registration_id, unit_id, &latest)
}

/// Everything about a registration's assessment, loaded in a fixed number of queries.
pub struct AssessmentRecord {
    pub registration: Registration,
    pub learner_name: String,
    pub judgements: Vec<Judgement>,
    pub judgement_evidence: Vec<JudgementEvidence>,
    pub observations: Vec<Observation>,
    pub sign_offs: Vec<UnitSignOff>,
    pub signatures: Vec<Signature>,
    pub evidence: Vec<(EvidenceItem, EvidenceVersion)>,
    /// Names of the people who judged, signed off and unlocked, by user id.
    pub names: BTreeMap<String, String>,
}

impl AssessmentRecord {
    /// Every round of an item, oldest first.
    pub fn rounds(&self, item_id: &str) -> Vec<&Judgement> {
        self.judgements
            .iter()
            .filter(|j| j.item_id == item_id)
            .collect()
    }

    pub fn latest(&self, item_id: &str) -> Option<&Judgement> {
        self.rounds(item_id).into_iter().max_by_key(|j| j.round)
    }

    pub fn decisions(&self) -> BTreeMap<String, bool> {
        latest_decisions(
            self.judgements
                .iter()
                .map(|j| (j.item_id.as_str(), j.round, j.outcome == "met")),
        )
    }

    pub fn evidence_of(&self, judgement_id: &str) -> Vec<&JudgementEvidence> {
        self.judgement_evidence
            .iter()
            .filter(|e| e.judgement_id == judgement_id)
            .collect()
    }

    pub fn standing(&self, unit_id: &str) -> Option<&UnitSignOff> {
        self.sign_offs
            .iter()
            .find(|s| s.unit_id == unit_id && s.stands())
    }

    pub fn name(&self, user_id: &str) -> &str {
        self.names
            .get(user_id)
            .map_or("a former assessor", String::as_str)
    }

    /// The latest signature on a record in a capacity.
    pub fn signature(&self, record_type: &str, record_id: &str, role: &str) -> Option<&Signature> {
        signatures::latest(&self.signatures, record_type, record_id, role)
    }

    /// Whether a signature still holds for its record as it is now.
    pub fn state_of(&self, curriculum: &Curriculum, signature: &Signature) -> SignatureState {
        let record = match signature.record_type.as_str() {
            OBSERVATION => self
                .observations
                .iter()
                .find(|o| o.id == signature.record_id)
                .map(Observation::record),
            UNIT_SIGN_OFF => self
                .sign_offs
                .iter()
                .find(|s| s.id == signature.record_id)
                .map(|s| {
                    sign_off_content(curriculum, &s.registration_id, &s.unit_id, &self.judgements)
                }),
            _ => None,
        };
        record.map_or(SignatureState::Void, |r| {
            SignatureState::of(&signature.content_sha256, &r)
        })
    }
}

/// Anyone who may see the registration.
pub async fn record(
    state: &AppState,
    current: &CurrentUser,
    registration_id: &str,
) -> Result<AssessmentRecord, AppError> {
    let registration = visible_registration(state, current, registration_id).await?;
    let reg = registration.clone();
    state
        .db
        .run(move |conn| load_record(conn, reg))
        .await
        .map_err(AppError::from)
}

fn load_record(
    conn: &mut DbConnection,
    registration: Registration,
) -> Result<AssessmentRecord, StoreError> {
    let id = registration.id.clone();
    let judgements = judgements::of_registration(conn, &id)?;
    let sign_offs = sign_offs::of_registration(conn, &id)?;
    let mut people_ids: BTreeSet<String> =
        judgements.iter().map(|j| j.assessor_id.clone()).collect();
    people_ids.insert(registration.learner_id.clone());
    for s in &sign_offs {
        people_ids.insert(s.signed_off_by.clone());
        people_ids.extend(s.unlocked_by.clone());
    }
    let mut names = BTreeMap::new();
    for user_id in people_ids {
        if let Some(user) = people::find_user(conn, &user_id)? {
            names.insert(user_id, user.name);
        }
    }
    Ok(AssessmentRecord {
        learner_name: names
            .get(&registration.learner_id)
            .cloned()
            .unwrap_or_default(),
        judgement_evidence: judgements::evidence_of_registration(conn, &id)?,
        observations: observations::observations_of(conn, &id)?,
        sign_offs,
        signatures: signatures::of_registration(conn, &id)?,
        evidence: evidence_store::items_of(conn, &id)?,
        judgements,
        names,
        registration,
    })
}
