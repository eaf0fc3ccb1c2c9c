//! The proposed sample and the samples taken: `…/sampling/proposal`, `…/samples`.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::rfc3339;
use crate::actions::iqa::sampling_proposal::{Accept, ProposalView};
use crate::actions::iqa::sampling_report::basis_code;
use crate::domain::iqa_check::SampleStatus;
use crate::domain::sampling::camera::{Decision, Dimension, value_label};
use crate::domain::sampling::proposal::{Pick, Reason};
use crate::domain::sampling::{PickedBy, Stage};
use crate::store::samples::Sample;

/// A decision's values in each CAMERA dimension ("none" when nothing is recorded).
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct SamplingCamera {
    /// The learner's id.
    pub candidates: Vec<String>,
    /// The assessor's id.
    pub assessors: Vec<String>,
    pub methods: Vec<String>,
    pub evidence: Vec<String>,
    pub records: Vec<String>,
    pub locations: Vec<String>,
}

impl SamplingCamera {
    fn of(d: &Decision) -> Self {
        let values = |dimension| d.values(dimension).into_iter().map(str::to_owned).collect();
        Self {
            candidates: values(Dimension::Candidate),
            assessors: values(Dimension::Assessor),
            methods: values(Dimension::Method),
            evidence: values(Dimension::Evidence),
            records: values(Dimension::Records),
            locations: values(Dimension::Location),
        }
    }
}

/// Why a decision is in the proposal.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum SamplingReason {
    /// It is the first pick carrying this CAMERA value.
    Covers {
        /// The CAMERA dimension (`candidates`, `assessors`, `methods`, `evidence`, `records`,
        /// `locations`).
        dimension: String,
        value: String,
        /// The value in words (people by name).
        label: String,
    },
    /// It is the first pick from this unit.
    Unit { unit_id: String },
    /// It tops its assessor up to their rate.
    Rate {
        rate: i32,
        /// The assessor's risk in the plan, or `not_in_plan`.
        basis: String,
    },
}

impl SamplingReason {
    pub fn new(names: &BTreeMap<String, String>, reason: &Reason) -> Self {
        match reason {
            Reason::Covers(dimension, value) => {
                let label = match dimension {
                    Dimension::Candidate | Dimension::Assessor => {
                        names.get(value).cloned().unwrap_or_else(|| value.clone())
                    }
                    other => value_label(*other, value),
                };
                Self::Covers {
                    dimension: dimension.code().to_owned(),
                    value: value.clone(),
                    label,
                }
            }
            Reason::Unit(unit) => Self::Unit {
                unit_id: unit.clone(),
            },
            Reason::Rate { rate, basis } => Self::Rate {
                rate: *rate,
                basis: basis_code(*basis).to_owned(),
            },
        }
    }
}

/// A decision the proposal picks.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ProposedDecision {
    pub judgement_id: String,
    pub registration_id: String,
    pub learner_id: String,
    pub assessor_id: String,
    pub unit_id: String,
    pub item_id: String,
    pub round: i32,
    /// `met` or `not_yet_met`.
    #[schema(example = "met")]
    pub outcome: String,
    /// RFC 3339.
    pub judged_at: String,
    /// `interim` or `summative`.
    #[schema(example = "interim")]
    pub stage: String,
    pub camera: SamplingCamera,
    /// Sampled on an earlier occasion.
    pub sampled_before: bool,
    pub reasons: Vec<SamplingReason>,
}

impl ProposedDecision {
    fn new(view: &ProposalView, pick: &Pick) -> Option<Self> {
        let d = view.period.decisions.get(pick.index)?;
        let info = view.period.infos.get(pick.index)?;
        Some(Self {
            judgement_id: d.judgement_id.clone(),
            registration_id: d.registration_id.clone(),
            learner_id: d.learner_id.clone(),
            assessor_id: d.assessor_id.clone(),
            unit_id: d.unit_id.clone(),
            item_id: d.item_id.clone(),
            round: info.round,
            outcome: info.outcome.clone(),
            judged_at: rfc3339(info.judged_at),
            stage: d.stage.as_str().to_owned(),
            camera: SamplingCamera::of(d),
            sampled_before: pick.sampled_before,
            reasons: pick
                .reasons
                .iter()
                .map(|r| SamplingReason::new(&view.period.names, r))
                .collect(),
        })
    }
}

/// A CAMERA value.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct SamplingCameraValue {
    pub dimension: String,
    pub value: String,
}

/// A reproducible proposed sample: the same seed gives the same picks.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct SamplingProposal {
    pub seed: u64,
    pub plan_id: String,
    /// `interim`, `summative`, or none for both.
    pub stage: Option<String>,
    pub decisions_considered: usize,
    /// How many of the IQA's own decisions were left out (C8).
    pub own_decisions_left_out: usize,
    /// CAMERA values carried only by the IQA's own decisions: another IQA must sample them (C8).
    pub left_to_another_iqa: Vec<SamplingCameraValue>,
    pub decisions: Vec<ProposedDecision>,
}

impl From<&ProposalView> for SamplingProposal {
    fn from(view: &ProposalView) -> Self {
        Self {
            seed: view.proposal.seed,
            plan_id: view.period.plan.plan.id.clone(),
            stage: view.stage.map(|s| s.as_str().to_owned()),
            decisions_considered: view.period.decisions.len(),
            own_decisions_left_out: view.proposal.own_decisions_left_out,
            left_to_another_iqa: view
                .proposal
                .left_to_another_iqa
                .iter()
                .map(|(d, v)| SamplingCameraValue {
                    dimension: d.code().to_owned(),
                    value: v.clone(),
                })
                .collect(),
            decisions: view
                .proposal
                .picks
                .iter()
                .filter_map(|pick| ProposedDecision::new(view, pick))
                .collect(),
        }
    }
}

/// Taking a sample: `POST /api/v1/centres/{centre_id}/samples`.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(default)]
pub struct SampleRequest {
    /// The decisions chosen.
    pub judgement_ids: Vec<String>,
    /// The seed of the proposal the choice started from.
    pub seed: Option<u64>,
    pub plan_id: String,
    /// `interim` or `summative`.
    #[schema(example = "interim")]
    pub stage: String,
    /// Why the choice differs from the proposal (needed when it does).
    pub adjustment_reason: String,
}

impl From<SampleRequest> for Accept {
    fn from(b: SampleRequest) -> Self {
        Self {
            judgement_ids: b.judgement_ids,
            seed: b.seed,
            plan_id: b.plan_id,
            stage: b.stage,
            adjustment_reason: b.adjustment_reason,
        }
    }
}

/// A sampled decision.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct SampleOut {
    pub id: String,
    pub centre_id: String,
    pub qualification_id: String,
    pub plan_id: Option<String>,
    pub registration_id: String,
    pub judgement_id: String,
    pub unit_id: String,
    pub item_id: String,
    pub assessor_id: String,
    pub iqa_id: String,
    /// `interim` or `summative`.
    #[schema(example = "interim")]
    pub stage: Stage,
    pub seed: Option<i64>,
    /// `proposal` (taken as proposed) or `iqa` (added by the IQA).
    #[schema(example = "proposal")]
    pub picked_by: PickedBy,
    pub adjustment_reason: Option<String>,
    /// `open`, `agreed`, `referred` or `resolved`.
    #[schema(example = "open")]
    pub status: SampleStatus,
    /// RFC 3339.
    pub created_at: String,
}

impl From<&Sample> for SampleOut {
    fn from(s: &Sample) -> Self {
        Self {
            id: s.id.clone(),
            centre_id: s.centre_id.clone(),
            qualification_id: s.qualification_id.clone(),
            plan_id: s.plan_id.clone(),
            registration_id: s.registration_id.clone(),
            judgement_id: s.judgement_id.clone(),
            unit_id: s.unit_id.clone(),
            item_id: s.item_id.clone(),
            assessor_id: s.assessor_id.clone(),
            iqa_id: s.iqa_id.clone(),
            stage: s.stage,
            seed: s.seed,
            picked_by: s.picked_by,
            adjustment_reason: s.adjustment_reason.clone(),
            status: s.status,
            created_at: rfc3339(s.created_at),
        }
    }
}

/// The samples just taken.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct SamplesTaken {
    pub ids: Vec<String>,
    pub samples: Vec<SampleOut>,
}

impl SamplesTaken {
    pub fn new(taken: &[Sample]) -> Self {
        Self {
            ids: taken.iter().map(|s| s.id.clone()).collect(),
            samples: taken.iter().map(SampleOut::from).collect(),
        }
    }
}

/// `GET /api/v1/centres/{centre_id}/samples`.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct SampleList {
    pub centre_id: String,
    pub samples: Vec<SampleOut>,
}
