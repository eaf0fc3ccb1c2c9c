//! The assessment record as JSON (`GET /api/v1/registrations/{registration_id}/assessment`):
//! every judgement round, the decisions, observations and sign-offs with their signatures.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::Serialize;
use utoipa::ToSchema;

use super::{JudgementOut, rfc3339};
use crate::actions::assessment::record::AssessmentRecord;
use crate::curriculum::Curriculum;
use crate::domain::ids::{JudgementId, ObservationId, RecordId, SignOffId, UserId};
use crate::domain::judgement::JudgementOutcome;
use crate::domain::observation::PersonPresent;
use crate::domain::signature::VOID_MESSAGE;
use crate::store::observations::Observation;
use crate::store::sign_offs::UnitSignOff;
use crate::store::signatures::{OBSERVATION, Signature, UNIT_SIGN_OFF};

/// A signature on an observation or a sign-off, and whether it still holds for the record as
/// it is now.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct AssessmentSignature {
    /// The capacity signed in: `assessor`, `expert_witness`, `learner`.
    #[schema(example = "assessor")]
    pub role: String,
    /// None for someone without an account.
    pub signer_id: Option<String>,
    pub name: String,
    /// RFC 3339.
    pub signed_at: String,
    pub client_address: String,
    pub content_sha256: String,
    pub valid: bool,
    /// `valid`, or why not.
    #[schema(example = "valid")]
    pub status: String,
}

impl AssessmentSignature {
    fn new(s: &Signature, valid: bool) -> Self {
        Self {
            role: s.signer_role.clone(),
            signer_id: s.signer_id.clone(),
            name: s.signer_name.clone(),
            signed_at: rfc3339(s.signed_at),
            client_address: s.client_address.clone(),
            content_sha256: s.content_sha256.clone(),
            valid,
            status: if valid { "valid" } else { VOID_MESSAGE }.to_owned(),
        }
    }
}

/// Someone present during an observation and whether they consented.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct PersonPresentOut {
    pub name: String,
    pub role: String,
    pub consent: bool,
}

impl From<PersonPresent> for PersonPresentOut {
    fn from(p: PersonPresent) -> Self {
        Self {
            name: p.name,
            role: p.role,
            consent: p.consent,
        }
    }
}

/// An observation of practice in the assessment record.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ObservationOut {
    pub id: String,
    #[schema(example = "assessor")]
    pub observer_kind: String,
    pub observer_id: Option<String>,
    pub observer_name: String,
    pub planned: bool,
    pub observed_on: NaiveDate,
    pub setting: String,
    pub people_present: Vec<PersonPresentOut>,
    pub narrative: String,
    pub criteria: Vec<String>,
    pub range_items: Vec<String>,
    /// RFC 3339.
    pub recorded_at: String,
    pub signatures: Vec<AssessmentSignature>,
}

/// A unit sign-off in the assessment record: standing (locked) or unlocked.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct UnitSignOffOut {
    pub id: String,
    pub unit_id: String,
    pub locked: bool,
    pub signed_off_by: String,
    /// RFC 3339.
    pub signed_off_at: String,
    pub unlocked_at: Option<String>,
    pub unlocked_by: Option<String>,
    /// How it was unlocked: by a centre administrator or an IQA referral.
    pub unlock_kind: Option<String>,
    pub unlock_reason: Option<String>,
    pub signatures: Vec<AssessmentSignature>,
}

/// A registration's whole assessment record.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct AssessmentRecordOut {
    pub registration_id: String,
    pub qualification_id: String,
    /// The latest outcome of each judged item: `met` or `not_yet_met`, by item id.
    pub decisions: BTreeMap<String, String>,
    /// Every round of every item.
    pub judgements: Vec<JudgementOut>,
    pub observations: Vec<ObservationOut>,
    pub sign_offs: Vec<UnitSignOffOut>,
    /// The units whose sign-off stands.
    pub locked_units: Vec<String>,
}

fn signatures_of(
    curriculum: &Curriculum,
    record: &AssessmentRecord,
    kind: &str,
    id: &impl RecordId,
) -> Vec<AssessmentSignature> {
    record
        .signatures
        .iter()
        .filter(|s| s.record_type == kind && s.record_id == id.as_ref())
        .map(|s| AssessmentSignature::new(s, record.state_of(curriculum, s).is_valid()))
        .collect()
}

fn observation(
    curriculum: &Curriculum,
    record: &AssessmentRecord,
    o: &Observation,
) -> ObservationOut {
    ObservationOut {
        id: o.id.clone(),
        observer_kind: o.observer_kind.into(),
        observer_id: o.observer_id.clone(),
        observer_name: o.observer_name.clone(),
        planned: o.planned,
        observed_on: o.observed_on,
        setting: o.setting.clone(),
        people_present: o
            .people()
            .iter()
            .cloned()
            .map(PersonPresentOut::from)
            .collect(),
        narrative: o.narrative.clone(),
        criteria: o.criteria_ids().to_vec(),
        range_items: o.range_ids().to_vec(),
        recorded_at: rfc3339(o.recorded_at),
        signatures: signatures_of(
            curriculum,
            record,
            OBSERVATION,
            &ObservationId::from_stored(o.id.as_str()),
        ),
    }
}

fn sign_off(curriculum: &Curriculum, record: &AssessmentRecord, s: &UnitSignOff) -> UnitSignOffOut {
    UnitSignOffOut {
        id: s.id.clone(),
        unit_id: s.unit_id.clone(),
        locked: s.stands(),
        signed_off_by: s.signed_off_by.clone(),
        signed_off_at: rfc3339(s.signed_off_at),
        unlocked_at: s.unlocked_at.map(rfc3339),
        unlocked_by: s.unlocked_by.clone(),
        unlock_kind: s.unlock_kind.map(String::from),
        unlock_reason: s.unlock_reason.clone(),
        signatures: signatures_of(
            curriculum,
            record,
            UNIT_SIGN_OFF,
            &SignOffId::from_stored(s.id.as_str()),
        ),
    }
}

impl AssessmentRecordOut {
    pub fn new(curriculum: &Curriculum, record: &AssessmentRecord) -> Self {
        let judgements = record
            .judgements
            .iter()
            .map(|j| {
                let evidence = record.evidence_of(&JudgementId::from_stored(j.id.as_str()));
                JudgementOut::new(
                    j,
                    &evidence,
                    Some(
                        record
                            .name(&UserId::from_stored(j.assessor_id.as_str()))
                            .to_owned(),
                    ),
                )
            })
            .collect();
        let outcome = |met: bool| {
            if met {
                JudgementOutcome::Met
            } else {
                JudgementOutcome::NotYetMet
            }
            .as_str()
            .to_owned()
        };
        Self {
            registration_id: record.registration.id.clone(),
            qualification_id: record.registration.qualification_id.clone(),
            decisions: record
                .decisions()
                .into_iter()
                .map(|(item, met)| (item, outcome(met)))
                .collect(),
            judgements,
            observations: record
                .observations
                .iter()
                .map(|o| observation(curriculum, record, o))
                .collect(),
            sign_offs: record
                .sign_offs
                .iter()
                .map(|s| sign_off(curriculum, record, s))
                .collect(),
            locked_units: record
                .sign_offs
                .iter()
                .filter(|s| s.stands())
                .map(|s| s.unit_id.clone())
                .collect(),
        }
    }
}
