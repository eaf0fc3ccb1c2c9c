//! The JSON the EQA API takes and gives: the overview of a centre for a qualification's EQA (or
//! the centre's own staff) and the EQA's own sample. Field names are the API's contract
//! (API.md); add, never rename.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::actions::eqa::overview::{Overview, PickInput, QualificationRecords};
use crate::actions::iqa::wire::sampling_plans::SamplingFocus;
use crate::store::audit::AuditEntry;
use crate::store::eqa::{Decision, EqaSample};
use crate::store::registrations::Registration;
use crate::store::sample_checks::{Action, Check};
use crate::store::samples::Sample;
use crate::store::sampling_plans::SamplingPlan;

fn rfc3339(t: chrono::NaiveDateTime) -> String {
    t.and_utc().to_rfc3339()
}

/// A decision the EQA picked for their own sample.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct EqaSampleOut {
    pub id: String,
    pub qualification_id: String,
    pub eqa_id: String,
    pub judgement_id: String,
    pub registration_id: String,
    pub note: String,
    /// RFC 3339.
    pub picked_at: String,
}

impl From<&EqaSample> for EqaSampleOut {
    fn from(s: &EqaSample) -> Self {
        Self {
            id: s.id.clone(),
            qualification_id: s.qualification_id.clone(),
            eqa_id: s.eqa_id.clone(),
            judgement_id: s.judgement_id.clone(),
            registration_id: s.registration_id.clone(),
            note: s.note.clone(),
            picked_at: rfc3339(s.created_at),
        }
    }
}

/// The EQA picks decisions: `POST /api/v1/centres/{centre_id}/eqa-samples`.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(default)]
pub struct EqaPickRequest {
    /// Decisions (judgement ids) of the EQA's qualifications at the centre.
    pub judgement_ids: Vec<String>,
    /// At most 2000 characters.
    pub note: String,
}

impl From<EqaPickRequest> for PickInput {
    fn from(b: EqaPickRequest) -> Self {
        Self {
            judgement_ids: b.judgement_ids,
            note: b.note,
        }
    }
}

/// The picks saved.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct EqaSampleList {
    pub eqa_samples: Vec<EqaSampleOut>,
}

/// A sampling plan of the qualification, as the EQA reads it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct EqaSamplingPlan {
    pub id: String,
    pub iqa_id: String,
    /// `YYYY-MM-DD`.
    pub period_start: String,
    /// `YYYY-MM-DD`.
    pub period_end: String,
    pub experienced_rate: i32,
    /// `YYYY-MM-DD`.
    pub interim_on: String,
    /// `YYYY-MM-DD`.
    pub summative_on: String,
    pub focus: SamplingFocus,
    pub notes: String,
    pub version: i32,
    /// RFC 3339.
    pub updated_at: String,
}

impl From<&SamplingPlan> for EqaSamplingPlan {
    fn from(p: &SamplingPlan) -> Self {
        Self {
            id: p.id.clone(),
            iqa_id: p.iqa_id.clone(),
            period_start: p.period_start.to_string(),
            period_end: p.period_end.to_string(),
            experienced_rate: p.experienced_rate,
            interim_on: p.interim_on.to_string(),
            summative_on: p.summative_on.to_string(),
            focus: SamplingFocus::from(p.focus.0.clone()),
            notes: p.notes.clone(),
            version: p.version,
            updated_at: rfc3339(p.updated_at),
        }
    }
}

/// An IQA check of a sample.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct EqaIqaCheck {
    pub check_no: i32,
    /// `agree` or `refer`.
    #[schema(example = "agree")]
    pub outcome: String,
    pub feedback: String,
    pub iqa_id: String,
    /// RFC 3339.
    pub recorded_at: String,
}

/// An action an IQA referral set.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct EqaIqaAction {
    pub id: String,
    pub description: String,
    /// `YYYY-MM-DD`.
    pub due_on: String,
    pub assessor_id: String,
    /// RFC 3339.
    pub closed_at: Option<String>,
    pub closing_note: Option<String>,
}

/// An IQA sample with its checks and actions.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct EqaIqaSample {
    pub id: String,
    pub registration_id: String,
    pub judgement_id: String,
    pub unit_id: String,
    pub item_id: String,
    pub assessor_id: String,
    pub iqa_id: String,
    /// `interim` or `summative`.
    #[schema(example = "interim")]
    pub stage: String,
    /// `open`, `agreed`, `referred` or `resolved`.
    #[schema(example = "open")]
    pub status: String,
    /// `proposal` or `iqa`.
    #[schema(example = "proposal")]
    pub picked_by: String,
    pub adjustment_reason: Option<String>,
    /// RFC 3339.
    pub created_at: String,
    pub checks: Vec<EqaIqaCheck>,
    pub actions: Vec<EqaIqaAction>,
}

impl EqaIqaSample {
    fn new(s: &Sample, checks: &[Check], actions: &[Action]) -> Self {
        Self {
            id: s.id.clone(),
            registration_id: s.registration_id.clone(),
            judgement_id: s.judgement_id.clone(),
            unit_id: s.unit_id.clone(),
            item_id: s.item_id.clone(),
            assessor_id: s.assessor_id.clone(),
            iqa_id: s.iqa_id.clone(),
            stage: s.stage.to_string(),
            status: s.status.to_string(),
            picked_by: s.picked_by.to_string(),
            adjustment_reason: s.adjustment_reason.clone(),
            created_at: rfc3339(s.created_at),
            checks: checks
                .iter()
                .map(|c| EqaIqaCheck {
                    check_no: c.check_no,
                    outcome: c.outcome.to_string(),
                    feedback: c.feedback.clone(),
                    iqa_id: c.iqa_id.clone(),
                    recorded_at: rfc3339(c.recorded_at),
                })
                .collect(),
            actions: actions
                .iter()
                .map(|a| EqaIqaAction {
                    id: a.id.clone(),
                    description: a.description.clone(),
                    due_on: a.due_on.to_string(),
                    assessor_id: a.assessor_id.clone(),
                    closed_at: a.closed_at.map(rfc3339),
                    closing_note: a.closing_note.clone(),
                })
                .collect(),
        }
    }
}

/// Where to read a learner's records through the API.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct EqaLearnerLinks {
    pub registration: String,
    pub tracker: String,
    pub assessment: String,
}

/// A learner on the qualification.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct EqaLearner {
    pub registration_id: String,
    pub learner_id: String,
    pub learner_name: String,
    pub assessor_id: String,
    pub assessor_name: String,
    pub status: String,
    pub links: EqaLearnerLinks,
}

impl EqaLearner {
    fn new(r: &Registration, learner: &str, assessor_name: String) -> Self {
        Self {
            registration_id: r.id.clone(),
            learner_id: r.learner_id.clone(),
            learner_name: learner.to_owned(),
            assessor_id: r.assessor_id.clone(),
            assessor_name,
            status: r.status.into(),
            links: EqaLearnerLinks {
                registration: format!("/api/v1/registrations/{}", r.id),
                tracker: format!("/api/v1/registrations/{}/tracker", r.id),
                assessment: format!("/api/v1/registrations/{}/assessment", r.id),
            },
        }
    }
}

/// A decision the EQA may pick.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct EqaPickableDecision {
    pub judgement_id: String,
    pub registration_id: String,
    pub learner_name: String,
    pub item_id: String,
    pub unit_id: String,
    pub round: i32,
    /// `met` or `not_yet_met`.
    #[schema(example = "met")]
    pub outcome: String,
    pub assessor_id: String,
    /// RFC 3339.
    pub judged_at: String,
}

impl EqaPickableDecision {
    fn new(d: &Decision, learner_name: String) -> Self {
        let j = &d.judgement;
        Self {
            judgement_id: j.id.clone(),
            registration_id: j.registration_id.clone(),
            learner_name,
            item_id: j.item_id.clone(),
            unit_id: j.unit_id.clone(),
            round: j.round,
            outcome: j.outcome.into(),
            assessor_id: j.assessor_id.clone(),
            judged_at: rfc3339(j.judged_at),
        }
    }
}

/// One qualification's quality-assurance records at the centre.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct EqaQualification {
    pub id: String,
    pub title: String,
    pub sampling_plans: Vec<EqaSamplingPlan>,
    pub samples: Vec<EqaIqaSample>,
    pub learners: Vec<EqaLearner>,
    pub eqa_samples: Vec<EqaSampleOut>,
    /// For an EQA: the decisions they may pick (newest first), without the ones picked.
    pub pickable_decisions: Vec<EqaPickableDecision>,
}

impl EqaQualification {
    fn new(o: &Overview, q: &QualificationRecords) -> Self {
        let name = |id: &str| o.names.get(id).cloned().unwrap_or_default();
        Self {
            id: q.id.clone(),
            title: q.title.clone(),
            sampling_plans: q.plans.iter().map(EqaSamplingPlan::from).collect(),
            samples: q
                .samples
                .iter()
                .map(|s| match q.checks.get(&s.id) {
                    Some((checks, actions)) => EqaIqaSample::new(s, checks, actions),
                    None => EqaIqaSample::new(s, &[], &[]),
                })
                .collect(),
            learners: q
                .registrations
                .iter()
                .map(|(r, learner)| EqaLearner::new(r, learner, name(&r.assessor_id)))
                .collect(),
            eqa_samples: q.eqa_samples.iter().map(EqaSampleOut::from).collect(),
            pickable_decisions: q
                .pickable
                .iter()
                .map(|d| EqaPickableDecision::new(d, name(&d.learner_id)))
                .collect(),
        }
    }
}

/// An EQA's opening of a record at the centre.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct EqaAccess {
    pub seq: i64,
    /// RFC 3339.
    pub at: String,
    pub eqa_id: Option<String>,
    pub eqa_name: String,
    pub record_type: String,
    pub record_id: String,
}

impl From<&AuditEntry> for EqaAccess {
    fn from(e: &AuditEntry) -> Self {
        Self {
            seq: e.seq,
            at: rfc3339(e.recorded_at),
            eqa_id: e.actor_id.clone(),
            eqa_name: e.actor_name.clone(),
            record_type: e.record_type.clone(),
            record_id: e.record_id.clone(),
        }
    }
}

/// `GET /api/v1/centres/{centre_id}/eqa`.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct EqaOverview {
    pub centre_id: String,
    pub centre_name: String,
    /// `eqa` or `centre`.
    #[schema(example = "eqa")]
    pub viewer: String,
    pub qualifications: Vec<EqaQualification>,
    /// What EQAs opened (centre administrators only; none for anyone else).
    pub eqa_access_log: Option<Vec<EqaAccess>>,
}

impl From<&Overview> for EqaOverview {
    fn from(o: &Overview) -> Self {
        Self {
            centre_id: o.scope.centre_id.clone(),
            centre_name: o.centre_name.clone(),
            viewer: if o.scope.eqa { "eqa" } else { "centre" }.to_owned(),
            qualifications: o
                .qualifications
                .iter()
                .map(|q| EqaQualification::new(o, q))
                .collect(),
            eqa_access_log: o
                .log
                .as_ref()
                .map(|log| log.iter().map(EqaAccess::from).collect()),
        }
    }
}
