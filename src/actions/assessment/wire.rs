//! The JSON the assessment API takes and gives: one struct per shape, named as the OpenAPI
//! document names it. Field names are the API's contract (API.md); add, never rename.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::store::judgements::{Judgement, JudgementEvidence};

/// A judgement as sent: `POST /api/v1/registrations/{registration_id}/decisions`.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
pub struct DecisionRequest {
    /// The criterion, Evidence Requirement or Knowledge/Skills item judged (`item_id` is
    /// accepted too).
    #[serde(default, alias = "item_id")]
    pub criterion_id: String,
    /// `met` or `not_yet_met`.
    #[serde(default)]
    #[schema(example = "met")]
    pub outcome: String,
    /// The evidence items relied on, of this registration.
    #[serde(default)]
    pub evidence_ids: Vec<String>,
    #[serde(default)]
    pub feedback: String,
    /// The round this judgement replaces (0 for the first); when someone judged the item since,
    /// the answer is 409.
    #[serde(default)]
    pub replaces_round: Option<i32>,
}

/// An evidence item a judgement relied on, in the version it was judged.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct EvidenceRelied {
    pub id: String,
    pub version: i32,
}

/// One round of judgement on one item.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct JudgementOut {
    pub id: String,
    pub item_id: String,
    pub unit_id: String,
    pub round: i32,
    /// `met` or `not_yet_met`.
    pub outcome: String,
    pub feedback: String,
    pub assessor_id: String,
    /// The assessor's name, where the record was read with names.
    pub assessor: Option<String>,
    /// RFC 3339.
    pub judged_at: String,
    pub evidence: Vec<EvidenceRelied>,
}

impl JudgementOut {
    pub fn new(j: &Judgement, evidence: &[&JudgementEvidence], assessor: Option<String>) -> Self {
        Self {
            id: j.id.clone(),
            item_id: j.item_id.clone(),
            unit_id: j.unit_id.clone(),
            round: j.round,
            outcome: j.outcome.clone(),
            feedback: j.feedback.clone(),
            assessor_id: j.assessor_id.clone(),
            assessor,
            judged_at: j.judged_at.and_utc().to_rfc3339(),
            evidence: evidence
                .iter()
                .map(|e| EvidenceRelied {
                    id: e.evidence_id.clone(),
                    version: e.evidence_version,
                })
                .collect(),
        }
    }
}
