//! The assessment record of a registration (every judgement round, observations, unit sign-offs
//! and their signatures) that pages and the API show, and the pieces the assessment actions
//! share: the registration as the caller may see it, the caller's staff record, audit entries
//! and the lock on signed-off units.

use crate::actions::access::visible_registration;
use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

use crate::actions::ActionError;
use crate::actions::Actor;
use crate::actions::AppState;
use crate::curriculum::Curriculum;
use crate::domain::ids::{CriterionId, JudgementId, RecordId, RegistrationId, UnitId, UserId};
use crate::domain::judgement::{JudgementOutcome, latest_decisions};
use crate::domain::sign_off::{items_required, sign_off_record};
use crate::domain::signature::SignatureState;
use crate::store::evidence::{self as evidence_store, EvidenceItem, EvidenceVersion};
use crate::store::judgements::{self, Judgement, JudgementEvidence};
use crate::store::observations::{self, Observation};
use crate::store::registrations::Registration;
use crate::store::sign_offs::{self, UnitSignOff};
use crate::store::signatures::{self, OBSERVATION, Signature, UNIT_SIGN_OFF};
use crate::store::{DbConnection, StoreError, people};

/// The latest decision per judged item (true: met), from every round.
pub fn latest_decisions_of(rounds: &[Judgement]) -> BTreeMap<String, bool> {
    latest_decisions(rounds.iter().map(|j| {
        (
            j.item_id.as_str(),
            j.round,
            j.outcome == JudgementOutcome::Met,
        )
    }))
}

/// What a unit sign-off's signatures commit to, from the judgements as they are now.
pub fn sign_off_content(
    curriculum: &Curriculum,
    sign_off: &UnitSignOff,
    judgements: &[Judgement],
) -> Value {
    let required = curriculum
        .unit(&sign_off.unit_id)
        .map(|(_, u)| items_required(u))
        .unwrap_or_default();
    let latest: Vec<(String, String, i32, String)> = required
        .iter()
        .filter_map(|item| {
            judgements
                .iter()
                .filter(|j| &j.item_id == item)
                .max_by_key(|j| j.round)
                .map(|j| {
                    (
                        j.item_id.clone(),
                        j.id.clone(),
                        j.round,
                        j.outcome.as_str().to_owned(),
                    )
                })
        })
        .collect();
    sign_off_record(&sign_off.registration_id, &sign_off.unit_id, &latest)
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
    /// The evidence's mappings: (evidence id, curriculum item id).
    pub mappings: Vec<(String, String)>,
    /// Names of the people who judged, signed off and unlocked, by user id.
    pub names: BTreeMap<String, String>,
}

impl AssessmentRecord {
    /// Every round of an item, oldest first.
    pub fn rounds(&self, item_id: &CriterionId) -> Vec<&Judgement> {
        self.judgements
            .iter()
            .filter(|j| j.item_id == *item_id)
            .collect()
    }

    pub fn latest(&self, item_id: &CriterionId) -> Option<&Judgement> {
        self.rounds(item_id).into_iter().max_by_key(|j| j.round)
    }

    pub fn decisions(&self) -> BTreeMap<String, bool> {
        latest_decisions_of(&self.judgements)
    }

    pub fn evidence_of(&self, judgement_id: &JudgementId) -> Vec<&JudgementEvidence> {
        self.judgement_evidence
            .iter()
            .filter(|e| e.judgement_id == *judgement_id)
            .collect()
    }

    pub fn standing(&self, unit_id: &UnitId) -> Option<&UnitSignOff> {
        self.sign_offs
            .iter()
            .find(|s| s.unit_id == *unit_id && s.stands())
    }

    pub fn name(&self, user_id: &UserId) -> &str {
        self.names
            .get(user_id.as_str())
            .map_or("a former assessor", String::as_str)
    }

    /// The latest signature on a record in a capacity.
    pub fn signature(
        &self,
        record_type: &str,
        record_id: &impl RecordId,
        role: &str,
    ) -> Option<&Signature> {
        signatures::latest(&self.signatures, record_type, record_id.as_ref(), role)
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
                .map(|s| sign_off_content(curriculum, s, &self.judgements)),
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
    actor: &Actor,
    registration_id: &RegistrationId,
) -> Result<AssessmentRecord, ActionError> {
    let registration = visible_registration(state, actor, registration_id).await?;
    let reg = registration.clone();
    state
        .db
        .run(move |conn| load_record(conn, reg))
        .await
        .map_err(ActionError::from)
}

pub(crate) fn load_record(
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
        mappings: evidence_store::mappings_of_registration(conn, &id)?,
        judgements,
        names,
        registration,
    })
}
