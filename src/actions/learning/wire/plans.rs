//! Assessment plans and progress reviews: what writing, changing, signing and reviewing a plan
//! take, and a plan with its signatures (void once the content changed) and reviews.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::rfc3339;
use crate::actions::assessment::plans::{PlanView, record_of};
use crate::domain::plan::{ActivityInput, PlanInput, PlannedActivity, ReviewInput};
use crate::domain::signature::{SignerRole, VOID_MESSAGE, content_hash};
use crate::store::plans::{Plan, Review};
use crate::store::registrations::Registration;
use crate::store::signatures::Signature;

/// One planned activity as sent.
#[derive(Debug, Clone, Default, Deserialize, Serialize, ToSchema)]
#[serde(default)]
pub struct AssessmentPlanActivityRequest {
    pub activity: String,
    /// An assessment method of the qualification (for example `observation`).
    #[schema(example = "observation")]
    pub method: String,
    /// `YYYY-MM-DD`.
    #[schema(example = "2025-10-01")]
    pub target_date: String,
}

/// A plan as the assessor writes or changes it.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(default)]
pub struct AssessmentPlanRequest {
    pub activities: Vec<AssessmentPlanActivityRequest>,
    /// The criteria the plan covers.
    pub criteria: Vec<String>,
    /// When changing: the version the change was made against; a different current version
    /// answers 409.
    pub version: Option<i32>,
}

impl From<AssessmentPlanRequest> for PlanInput {
    fn from(r: AssessmentPlanRequest) -> Self {
        Self {
            activities: r
                .activities
                .into_iter()
                .map(|a| ActivityInput {
                    activity: a.activity,
                    method: a.method,
                    target_date: a.target_date,
                })
                .collect(),
            criteria: r.criteria,
        }
    }
}

/// Signing a plan takes no fields; an empty object (or no body) will do.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
pub struct AssessmentPlanSignRequest {}

/// A progress review as sent.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(default)]
pub struct AssessmentPlanReviewRequest {
    /// `YYYY-MM-DD`.
    #[schema(example = "2025-10-01")]
    pub reviewed_on: String,
    pub progress: String,
    pub next_steps: String,
    /// `YYYY-MM-DD`, after `reviewed_on`.
    #[schema(example = "2025-11-01")]
    pub next_review_on: String,
}

impl From<AssessmentPlanReviewRequest> for ReviewInput {
    fn from(r: AssessmentPlanReviewRequest) -> Self {
        Self {
            reviewed_on: r.reviewed_on,
            progress: r.progress,
            next_steps: r.next_steps,
            next_review_on: r.next_review_on,
        }
    }
}

/// One planned activity.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct AssessmentPlanActivity {
    pub activity: String,
    pub method: String,
    pub target_date: NaiveDate,
}

impl From<&PlannedActivity> for AssessmentPlanActivity {
    fn from(a: &PlannedActivity) -> Self {
        Self {
            activity: a.activity.clone(),
            method: a.method.clone(),
            target_date: a.target_date,
        }
    }
}

/// A signature on a plan, and whether it still holds.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct AssessmentPlanSignature {
    /// `assessor` or `learner`.
    #[schema(example = "learner")]
    pub role: String,
    pub signer_id: Option<String>,
    pub name: String,
    /// RFC 3339.
    pub signed_at: String,
    pub client_address: String,
    pub content_sha256: String,
    /// False once the plan changed after signing.
    pub valid: bool,
    /// `valid`, or why not.
    #[schema(example = "valid")]
    pub status: String,
}

impl AssessmentPlanSignature {
    pub fn new(s: &Signature, valid: bool) -> Self {
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

/// A progress review of a plan.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct AssessmentPlanReview {
    pub id: String,
    pub plan_id: String,
    pub reviewed_on: NaiveDate,
    pub progress: String,
    pub next_steps: String,
    pub next_review_on: NaiveDate,
    pub recorded_by: String,
    /// RFC 3339.
    pub recorded_at: String,
}

impl From<&Review> for AssessmentPlanReview {
    fn from(r: &Review) -> Self {
        Self {
            id: r.id.clone(),
            plan_id: r.plan_id.clone(),
            reviewed_on: r.reviewed_on,
            progress: r.progress.clone(),
            next_steps: r.next_steps.clone(),
            next_review_on: r.next_review_on,
            recorded_by: r.recorded_by.clone(),
            recorded_at: rfc3339(r.recorded_at),
        }
    }
}

/// An assessment plan with its signatures and reviews.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct AssessmentPlan {
    pub id: String,
    pub registration_id: String,
    pub version: i32,
    pub activities: Vec<AssessmentPlanActivity>,
    pub criteria: Vec<String>,
    pub created_by: String,
    /// RFC 3339.
    pub created_at: String,
    /// RFC 3339.
    pub updated_at: String,
    /// Signed by the assessor and the learner over the plan as it is now.
    pub agreed: bool,
    pub signatures: Vec<AssessmentPlanSignature>,
    pub reviews: Vec<AssessmentPlanReview>,
}

impl From<&PlanView> for AssessmentPlan {
    fn from(v: &PlanView) -> Self {
        Self {
            id: v.plan.id.clone(),
            registration_id: v.plan.registration_id.clone(),
            version: v.plan.version,
            activities: v
                .content
                .activities
                .iter()
                .map(AssessmentPlanActivity::from)
                .collect(),
            criteria: v.content.criteria.clone(),
            created_by: v.plan.created_by.clone(),
            created_at: rfc3339(v.plan.created_at),
            updated_at: rfc3339(v.plan.updated_at),
            agreed: v.signed_by(SignerRole::Assessor) && v.signed_by(SignerRole::Learner),
            signatures: v
                .signatures
                .iter()
                .map(|(s, valid)| AssessmentPlanSignature::new(s, *valid))
                .collect(),
            reviews: v.reviews.iter().map(AssessmentPlanReview::from).collect(),
        }
    }
}

/// A registration's assessment plans.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct AssessmentPlanList {
    pub registration_id: String,
    pub plans: Vec<AssessmentPlan>,
}

impl AssessmentPlanList {
    pub fn new(registration: &Registration, plans: &[PlanView]) -> Self {
        Self {
            registration_id: registration.id.clone(),
            plans: plans.iter().map(AssessmentPlan::from).collect(),
        }
    }
}

/// A plan as saved: its version and the hash of the content the assessor signed.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct AssessmentPlanSaved {
    pub id: String,
    pub version: i32,
    pub content_sha256: String,
}

impl From<&Plan> for AssessmentPlanSaved {
    fn from(p: &Plan) -> Self {
        Self {
            id: p.id.clone(),
            version: p.version,
            content_sha256: content_hash(&record_of(p)),
        }
    }
}

/// The learner's signature on a plan.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct AssessmentPlanSigned {
    /// `learner`.
    #[schema(example = "learner")]
    pub role: String,
    /// RFC 3339.
    pub signed_at: String,
    pub content_sha256: String,
}

impl From<&Signature> for AssessmentPlanSigned {
    fn from(s: &Signature) -> Self {
        Self {
            role: s.signer_role.clone(),
            signed_at: rfc3339(s.signed_at),
            content_sha256: s.content_sha256.clone(),
        }
    }
}
