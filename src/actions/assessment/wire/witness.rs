//! Witness testimony as JSON: requests for testimony, what the witness signed, the assessor's
//! decision, and the witness's own link.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::rfc3339;
use crate::actions::assessment::witness::{DecisionFields, TestimonyView};
use crate::actions::assessment::witness_link::LinkView;
use crate::curriculum::Curriculum;
use crate::domain::witness::{AnswerFields, LinkState, RequestFields};
use crate::store::witness::{TestimonyRequest, WitnessTestimony};

/// A request for testimony: `POST /api/v1/registrations/{registration_id}/testimony-requests`.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(default)]
pub struct TestimonyRequestRequest {
    pub witness_name: String,
    pub witness_email: String,
    pub witness_role: String,
    pub relationship: String,
    /// An expert witness (C7 is checked when they answer).
    pub expert: bool,
    /// The criteria the witness is asked about.
    pub criteria: Vec<String>,
    pub activity: String,
}

impl From<TestimonyRequestRequest> for RequestFields {
    fn from(r: TestimonyRequestRequest) -> Self {
        Self {
            witness_name: r.witness_name,
            witness_email: r.witness_email,
            witness_role: r.witness_role,
            relationship: r.relationship,
            expert: r.expert,
            criteria: r.criteria,
            activity: r.activity,
        }
    }
}

/// The assessor's decision on testimony: `POST /api/v1/testimony-requests/{request_id}/decision`.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(default)]
pub struct TestimonyDecisionRequest {
    /// `accept` or `reject`.
    #[schema(example = "accept")]
    pub decision: String,
    pub reason: String,
    /// On accepting: the criteria to map the evidence to (the criteria in view when absent).
    pub criteria: Option<Vec<String>>,
}

impl From<TestimonyDecisionRequest> for DecisionFields {
    fn from(r: TestimonyDecisionRequest) -> Self {
        Self {
            decision: r.decision,
            reason: r.reason,
            criteria: r.criteria,
        }
    }
}

/// What a witness fills in and signs through their link: `POST /api/v1/witness/{token}`.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(default)]
pub struct WitnessAnswerRequest {
    pub confirm_name: String,
    pub confirm_email: String,
    pub declared_role: String,
    pub testimony: String,
    /// The name typed to sign.
    pub signature: String,
    pub expert_statement: String,
    pub working_knowledge_of_units: bool,
    pub occupationally_competent: bool,
    pub assessment_qualifications: Vec<String>,
    pub work_role_evaluates_practice: bool,
    /// `YYYY-MM-DD`, for an expert witness's observation.
    pub observed_on: String,
    pub observation_setting: String,
    pub observation_narrative: String,
    pub observation_criteria: Vec<String>,
}

impl From<WitnessAnswerRequest> for AnswerFields {
    fn from(r: WitnessAnswerRequest) -> Self {
        Self {
            confirm_name: r.confirm_name,
            confirm_email: r.confirm_email,
            declared_role: r.declared_role,
            testimony: r.testimony,
            signature: r.signature,
            expert_statement: r.expert_statement,
            working_knowledge_of_units: r.working_knowledge_of_units,
            occupationally_competent: r.occupationally_competent,
            assessment_qualifications: r.assessment_qualifications,
            work_role_evaluates_practice: r.work_role_evaluates_practice,
            observed_on: r.observed_on,
            observation_setting: r.observation_setting,
            observation_narrative: r.observation_narrative,
            observation_criteria: r.observation_criteria,
        }
    }
}

/// Who the witness is, as the request names them.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct WitnessNamed {
    pub name: String,
    pub email: String,
    pub role: String,
    pub relationship: String,
}

/// A request for testimony.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct TestimonyRequestOut {
    pub id: String,
    pub registration_id: String,
    pub requested_by: String,
    pub witness: WitnessNamed,
    pub expert: bool,
    pub criteria: Vec<String>,
    pub activity: String,
    #[schema(example = "requested")]
    pub status: String,
    /// RFC 3339.
    pub link_expires_at: String,
    pub link_used_at: Option<String>,
    pub decided_by: Option<String>,
    pub decided_at: Option<String>,
    pub decision_reason: Option<String>,
    /// The evidence item accepted testimony became.
    pub evidence_id: Option<String>,
    /// RFC 3339.
    pub created_at: String,
}

impl From<&TestimonyRequest> for TestimonyRequestOut {
    fn from(q: &TestimonyRequest) -> Self {
        Self {
            id: q.id.clone(),
            registration_id: q.registration_id.clone(),
            requested_by: q.requested_by.clone(),
            witness: WitnessNamed {
                name: q.witness_name.clone(),
                email: q.witness_email.clone(),
                role: q.witness_role.clone(),
                relationship: q.relationship.clone(),
            },
            expert: q.expert,
            criteria: q.criteria.0.clone(),
            activity: q.activity.clone(),
            status: q.status.into(),
            link_expires_at: rfc3339(q.link_expires_at),
            link_used_at: q.link_used_at.map(rfc3339),
            decided_by: q.decided_by.clone(),
            decided_at: q.decided_at.map(rfc3339),
            decision_reason: q.decision_reason.clone(),
            evidence_id: q.evidence_id.clone(),
            created_at: rfc3339(q.created_at),
        }
    }
}

/// A registration's testimony requests.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct TestimonyRequestList {
    pub testimony_requests: Vec<TestimonyRequestOut>,
}

/// How an expert witness said they meet C7.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ExpertWitnessStanding {
    pub statement: String,
    pub working_knowledge_of_units: bool,
    pub occupationally_competent: bool,
    pub assessment_qualifications: Vec<String>,
    pub work_role_evaluates_practice: bool,
}

/// An expert witness's observation of practice.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct WitnessObservationOut {
    pub observed_on: NaiveDate,
    pub setting: Option<String>,
    pub narrative: Option<String>,
    pub criteria: Vec<String>,
}

/// The witness's signature.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct WitnessSignature {
    pub name: String,
    /// RFC 3339.
    pub signed_at: String,
    pub client_address: String,
    pub content_sha256: String,
}

/// What the witness wrote and signed.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct TestimonyOut {
    pub declared_role: String,
    pub testimony: String,
    /// An expert witness's standing; null for a witness.
    pub expert_witness: Option<ExpertWitnessStanding>,
    /// An expert witness's observation; null when none.
    pub observation: Option<WitnessObservationOut>,
    pub signature: WitnessSignature,
}

impl From<&WitnessTestimony> for TestimonyOut {
    fn from(t: &WitnessTestimony) -> Self {
        let observation = t.observed_on.map(|on| WitnessObservationOut {
            observed_on: on,
            setting: t.observation_setting.clone(),
            narrative: t.observation_narrative.clone(),
            criteria: t.observation_criteria.0.clone().unwrap_or_default(),
        });
        let expert_witness = (!t.expert_statement.is_empty()).then(|| ExpertWitnessStanding {
            statement: t.expert_statement.clone(),
            working_knowledge_of_units: t.working_knowledge_of_units,
            occupationally_competent: t.occupationally_competent,
            assessment_qualifications: t.assessment_qualifications.0.clone(),
            work_role_evaluates_practice: t.work_role_evaluates_practice,
        });
        Self {
            declared_role: t.declared_role.clone(),
            testimony: t.testimony.clone(),
            expert_witness,
            observation,
            signature: WitnessSignature {
                name: t.signed_name.clone(),
                signed_at: rfc3339(t.signed_at),
                client_address: t.client_address.clone(),
                content_sha256: t.content_sha256.clone(),
            },
        }
    }
}

/// A testimony request with the learner's name and what the witness signed.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct TestimonyRequestDetail {
    #[serde(flatten)]
    pub request: TestimonyRequestOut,
    pub learner_name: String,
    /// Null until the witness has signed.
    pub testimony: Option<TestimonyOut>,
}

impl From<&TestimonyView> for TestimonyRequestDetail {
    fn from(v: &TestimonyView) -> Self {
        Self {
            request: TestimonyRequestOut::from(&v.request),
            learner_name: v.learner_name.clone(),
            testimony: v.testimony.as_ref().map(TestimonyOut::from),
        }
    }
}

/// The qualification a witness link is about.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct WitnessLinkQualification {
    pub id: String,
    pub title: String,
}

/// What a witness link asks about; once used, what was signed.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct WitnessLinkOut {
    /// `open`, `used` or `expired`.
    #[schema(example = "open")]
    pub status: String,
    pub learner_name: String,
    pub qualification: WitnessLinkQualification,
    pub expert: bool,
    pub criteria: Vec<String>,
    pub activity: String,
    /// RFC 3339.
    pub link_expires_at: String,
    /// Null until the witness has signed.
    pub testimony: Option<TestimonyOut>,
}

impl WitnessLinkOut {
    pub fn new(curriculum: &Curriculum, v: &LinkView) -> Self {
        let status = match v.link {
            LinkState::Open => "open",
            LinkState::Used(_) => "used",
            LinkState::Expired => "expired",
        };
        Self {
            status: status.to_owned(),
            learner_name: v.learner_name.clone(),
            qualification: WitnessLinkQualification {
                id: v.registration.qualification_id.clone(),
                title: v.qualification_title(curriculum).to_owned(),
            },
            expert: v.request.expert,
            criteria: v.criteria(),
            activity: v.request.activity.clone(),
            link_expires_at: rfc3339(v.request.link_expires_at),
            testimony: v.testimony.as_ref().map(TestimonyOut::from),
        }
    }
}
