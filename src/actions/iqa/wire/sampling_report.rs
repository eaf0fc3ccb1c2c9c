//! The sampling report: CAMERA coverage against the plan and each assessor's rate against target.

use serde::Serialize;
use utoipa::ToSchema;

use crate::actions::iqa::sampling_report::{SamplingReport, basis_code};
use crate::domain::ids::UserId;
use crate::domain::sampling::report::DimensionCoverage;

/// One CAMERA value: how many decisions carry it and how many of those are sampled.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CameraValueCoverage {
    pub value: String,
    /// The value in words (people by name).
    pub label: String,
    pub decisions: usize,
    pub sampled: usize,
    /// The plan asks for this value to be sampled.
    pub in_plan: bool,
}

/// One CAMERA dimension's coverage.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CameraCoverage {
    /// `candidates`, `assessors`, `methods`, `evidence`, `records` or `locations`.
    #[schema(example = "methods")]
    pub dimension: String,
    pub label: String,
    /// Values present.
    pub total: usize,
    /// Values with at least one sampled decision.
    pub sampled: usize,
    /// Values the plan asks for.
    pub planned: usize,
    /// Values the plan asks for that are sampled.
    pub planned_sampled: usize,
    pub values: Vec<CameraValueCoverage>,
}

impl CameraCoverage {
    fn new(report: &SamplingReport, c: &DimensionCoverage) -> Self {
        Self {
            dimension: c.dimension.code().to_owned(),
            label: c.dimension.label().to_owned(),
            total: c.total(),
            sampled: c.covered(),
            planned: c.planned(),
            planned_sampled: c.planned_covered(),
            values: c
                .values
                .iter()
                .map(|v| CameraValueCoverage {
                    value: v.value.clone(),
                    label: report.value_words(c.dimension, &v.value),
                    decisions: v.decisions,
                    sampled: v.sampled,
                    in_plan: v.in_plan,
                })
                .collect(),
        }
    }
}

/// An assessor's sampling rate against their target.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct AssessorSamplingRate {
    pub assessor_id: String,
    /// The assessor's name.
    pub assessor: String,
    /// The assessor's risk in the plan, or `not_in_plan`.
    #[schema(example = "experienced")]
    pub basis: String,
    pub decisions: usize,
    pub sampled: usize,
    pub percent: usize,
    pub target: i32,
    pub met: bool,
}

/// The plan a report is of.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct SamplingReportPlan {
    pub id: String,
    pub qualification_id: String,
    /// `YYYY-MM-DD`.
    pub period_start: String,
    /// `YYYY-MM-DD`.
    pub period_end: String,
}

/// `GET /api/v1/centres/{centre_id}/sampling/report`: empty, with no plan, before the first plan.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct SamplingReportOut {
    pub plan: Option<SamplingReportPlan>,
    pub camera: Vec<CameraCoverage>,
    pub rates: Vec<AssessorSamplingRate>,
}

impl From<&SamplingReport> for SamplingReportOut {
    fn from(r: &SamplingReport) -> Self {
        Self {
            plan: r.plan.as_ref().map(|p| SamplingReportPlan {
                id: p.plan.id.clone(),
                qualification_id: p.plan.qualification_id.clone(),
                period_start: p.plan.period_start.to_string(),
                period_end: p.plan.period_end.to_string(),
            }),
            camera: r
                .coverage
                .iter()
                .map(|c| CameraCoverage::new(r, c))
                .collect(),
            rates: r
                .rates
                .iter()
                .map(|a| AssessorSamplingRate {
                    assessor_id: a.assessor_id.clone(),
                    assessor: r.name(&UserId::from_stored(a.assessor_id.as_str())),
                    basis: basis_code(a.basis).to_owned(),
                    decisions: a.decisions,
                    sampled: a.sampled,
                    percent: a.percent(),
                    target: a.target,
                    met: a.met(),
                })
                .collect(),
        }
    }
}
