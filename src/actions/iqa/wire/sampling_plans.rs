//! Sampling plans as sent and answered: `…/sampling/plans`, `PUT /api/v1/sampling-plans/{plan_id}`.

use serde::{Deserialize, Serialize};
use utoipa::openapi::RefOr;
use utoipa::openapi::schema::{ObjectBuilder, OneOfBuilder, Schema, Type};
use utoipa::{PartialSchema, ToSchema};

use super::rfc3339;
use crate::actions::iqa::sampling::PlanWithRates;
use crate::domain::sampling::plan::{Focus, PlanInput, RateInput};

/// A percentage as sent: a number (`25`) or the same as text (`"25"`).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(untagged)]
pub enum SamplingPercent {
    Number(serde_json::Number),
    Text(String),
}

impl SamplingPercent {
    /// As text, the way the plan's rules read it (a number as JSON writes it).
    fn text(value: Option<Self>) -> String {
        match value {
            None => String::new(),
            Some(Self::Number(n)) => n.to_string(),
            Some(Self::Text(s)) => s,
        }
    }
}

impl PartialSchema for SamplingPercent {
    fn schema() -> RefOr<Schema> {
        OneOfBuilder::new()
            .item(ObjectBuilder::new().schema_type(Type::Number))
            .item(ObjectBuilder::new().schema_type(Type::String))
            .description(Some(
                "A percentage, 0 to 100: a number, or the same as text.",
            ))
            .into()
    }
}

impl ToSchema for SamplingPercent {}

/// What the plan says must be sampled; an empty list means "every one present".
#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema)]
#[serde(default)]
pub struct SamplingFocus {
    /// Learner ids.
    pub learners: Vec<String>,
    /// Unit ids.
    pub units: Vec<String>,
    /// Assessment methods (`observation`, `questioning`, …).
    pub methods: Vec<String>,
    /// Evidence types (`document`, `image`, `written_in_platform`, …).
    pub evidence_types: Vec<String>,
    /// Assessment locations.
    pub locations: Vec<String>,
}

impl From<SamplingFocus> for Focus {
    fn from(f: SamplingFocus) -> Self {
        Self {
            learners: f.learners,
            units: f.units,
            methods: f.methods,
            evidence_types: f.evidence_types,
            locations: f.locations,
        }
    }
}

impl From<Focus> for SamplingFocus {
    fn from(f: Focus) -> Self {
        Self {
            learners: f.learners,
            units: f.units,
            methods: f.methods,
            evidence_types: f.evidence_types,
            locations: f.locations,
        }
    }
}

/// One assessor's rate in a plan, as sent.
#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema)]
#[serde(default)]
pub struct SamplingRateRequest {
    pub assessor_id: String,
    /// `new`, `unqualified`, `referred` or `experienced`.
    #[schema(example = "new")]
    pub risk: String,
    /// The percentage of the assessor's decisions to sample.
    pub rate: Option<SamplingPercent>,
    /// The IQA signs the rate off.
    pub signed_off: bool,
}

/// A sampling plan as sent (written or changed).
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(default)]
pub struct SamplingPlanRequest {
    pub qualification_id: String,
    /// `YYYY-MM-DD`.
    pub period_start: String,
    /// `YYYY-MM-DD`.
    pub period_end: String,
    /// `YYYY-MM-DD`: when the interim sample is taken.
    pub interim_on: String,
    /// `YYYY-MM-DD`: when the summative sample is taken.
    pub summative_on: String,
    /// The percentage of an experienced assessor's decisions to sample.
    pub experienced_rate: Option<SamplingPercent>,
    pub rates: Vec<SamplingRateRequest>,
    pub focus: SamplingFocus,
    pub notes: String,
    /// When changing: the version read (a stale one answers 409).
    pub version: Option<i32>,
}

impl SamplingPlanRequest {
    /// The plan for the rules, and the version the caller read.
    pub fn into_input(self) -> (PlanInput, Option<i32>) {
        let rates = self
            .rates
            .into_iter()
            .map(|r| RateInput {
                assessor_id: r.assessor_id,
                risk: r.risk,
                rate: SamplingPercent::text(r.rate),
                signed_off: r.signed_off,
            })
            .collect();
        let input = PlanInput {
            qualification_id: self.qualification_id,
            period_start: self.period_start,
            period_end: self.period_end,
            interim_on: self.interim_on,
            summative_on: self.summative_on,
            experienced_rate: SamplingPercent::text(self.experienced_rate),
            rates,
            focus: self.focus.into(),
            notes: self.notes,
        };
        (input, self.version)
    }
}

/// One assessor's rate in a plan.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct SamplingRateOut {
    pub assessor_id: String,
    /// `new`, `unqualified`, `referred` or `experienced`.
    #[schema(example = "new")]
    pub risk: String,
    /// Percent, 0 to 100.
    pub rate: i32,
    /// RFC 3339; none until the IQA signs the rate off.
    pub signed_off_at: Option<String>,
    pub signed_off_by: Option<String>,
}

/// A sampling plan with its rates.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct SamplingPlanOut {
    pub id: String,
    pub centre_id: String,
    pub qualification_id: String,
    /// The IQA who wrote the plan.
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
    /// Send it back when changing the plan.
    pub version: i32,
    /// RFC 3339.
    pub created_at: String,
    /// RFC 3339.
    pub updated_at: String,
    pub rates: Vec<SamplingRateOut>,
}

impl From<&PlanWithRates> for SamplingPlanOut {
    fn from(p: &PlanWithRates) -> Self {
        let plan = &p.plan;
        Self {
            id: plan.id.clone(),
            centre_id: plan.centre_id.clone(),
            qualification_id: plan.qualification_id.clone(),
            iqa_id: plan.iqa_id.clone(),
            period_start: plan.period_start.to_string(),
            period_end: plan.period_end.to_string(),
            experienced_rate: plan.experienced_rate,
            interim_on: plan.interim_on.to_string(),
            summative_on: plan.summative_on.to_string(),
            focus: p.focus().into(),
            notes: plan.notes.clone(),
            version: plan.version,
            created_at: rfc3339(plan.created_at),
            updated_at: rfc3339(plan.updated_at),
            rates: p
                .rates
                .iter()
                .map(|r| SamplingRateOut {
                    assessor_id: r.assessor_id.clone(),
                    risk: r.risk.clone(),
                    rate: r.rate,
                    signed_off_at: r.signed_off_at.map(rfc3339),
                    signed_off_by: r.signed_off_by.clone(),
                })
                .collect(),
        }
    }
}

/// `GET /api/v1/centres/{centre_id}/sampling/plans`.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct SamplingPlanList {
    pub centre_id: String,
    pub plans: Vec<SamplingPlanOut>,
}
