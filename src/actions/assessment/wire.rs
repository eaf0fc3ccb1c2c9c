//! The JSON the assessment API takes and gives: one struct per shape, named as the OpenAPI
//! document names it. Field names are the API's contract (API.md); add, never rename.

pub mod authentication;
pub mod occasions;
pub mod record;
pub mod signing;
pub mod witness;

use chrono::NaiveDateTime;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::caseload::{CaseloadPage, CaseloadQuery, CaseloadRow, PER_PAGE};
use crate::actions::ActionError;
use crate::domain::ids::RegistrationId;
use crate::store::judgements::{Judgement, JudgementEvidence};

/// A stored time as the API writes it: RFC 3339, UTC.
pub(crate) fn rfc3339(t: NaiveDateTime) -> String {
    t.and_utc().to_rfc3339()
}

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
    /// Evidence relied on (ids among `evidence_ids`) that the assessor maps to the criterion
    /// judged in the same submission: stored as the assessor's mapping and audited. A met needs
    /// every item relied on mapped to the criterion (`evidence_not_mapped`).
    #[serde(default)]
    pub map_evidence_ids: Vec<String>,
}

impl DecisionRequest {
    /// The judgement the actions take.
    pub fn into_request(self) -> super::judgements::JudgementRequest {
        super::judgements::JudgementRequest {
            input: crate::domain::judgement::JudgementInput {
                item_id: self.criterion_id,
                outcome: self.outcome,
                evidence_ids: self.evidence_ids,
                feedback: self.feedback,
            },
            seen_round: self.replaces_round,
            map_evidence_ids: self.map_evidence_ids,
        }
    }
}

/// Judgements made together: `POST /api/v1/registrations/{registration_id}/judgements`. All are
/// recorded or none (422 `batch_refused`, naming each item refused in `items`).
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
pub struct BatchDecisionRequest {
    /// Each as `POST …/decisions` takes it; each criterion at most once.
    #[serde(default)]
    pub judgements: Vec<DecisionRequest>,
    /// Feedback on the work as a whole, sent to the learner with the judgements.
    #[serde(default)]
    pub overall_feedback: String,
}

/// The judgements recorded together, in the order sent.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct JudgementsOut {
    pub judgements: Vec<JudgementOut>,
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
            outcome: j.outcome.into(),
            feedback: j.feedback.clone(),
            assessor_id: j.assessor_id.clone(),
            assessor,
            judged_at: rfc3339(j.judged_at),
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

/// A learner in the caller's caseload, with progress and what waits.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CaseloadLearner {
    pub registration_id: String,
    pub learner_name: String,
    pub qualification_id: String,
    pub percent_evidenced: u8,
    /// When their evidence last changed, `YYYY-MM-DD HH:MM` (UTC); null without evidence.
    pub last_activity: Option<String>,
    /// Submitted evidence waiting for the assessor's judgement.
    pub awaiting_assessment: usize,
    pub drafts: usize,
}

impl From<CaseloadRow> for CaseloadLearner {
    fn from(r: CaseloadRow) -> Self {
        Self {
            registration_id: r.registration_id,
            learner_name: r.learner_name,
            qualification_id: r.qualification_id,
            percent_evidenced: r.percent_evidenced,
            last_activity: r.last_activity,
            awaiting_assessment: r.awaiting_assessment,
            drafts: r.drafts,
        }
    }
}

/// `GET /api/v1/caseload`: a page of the learners the caller works with, in name order.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Caseload {
    pub learners: Vec<CaseloadLearner>,
    /// How many learners the whole caseload holds (with the search and filter asked for).
    pub total: i64,
    /// Give this as `after` for the next page; null on the last page.
    pub next: Option<String>,
}

impl From<CaseloadPage> for Caseload {
    fn from(page: CaseloadPage) -> Self {
        Self {
            learners: page.rows.into_iter().map(CaseloadLearner::from).collect(),
            total: page.total,
            next: page.next,
        }
    }
}

/// The caseload's query string, as the page's search form and the API send it.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct CaseloadParams {
    /// Words in the learner's name, or the qualification's title or number.
    #[serde(default)]
    pub q: Option<String>,
    /// `true` (or the page's checkbox): only learners with evidence waiting for assessment.
    #[serde(default)]
    pub waiting: Option<String>,
    /// The `next` of the page before.
    #[serde(default)]
    pub after: Option<String>,
    /// Learners a page, 1 to 200 (default 50).
    #[serde(default)]
    pub per_page: Option<String>,
}

impl CaseloadParams {
    /// The query these ask for; a page size or a place in the list that cannot be read is said
    /// in words.
    pub fn query(&self) -> Result<CaseloadQuery, ActionError> {
        let (per_page, after) = page_place(self.per_page.as_deref(), self.after.as_deref())?;
        Ok(CaseloadQuery {
            search: self.q.clone().filter(|q| !q.trim().is_empty()),
            waiting_only: matches!(self.waiting.as_deref(), Some("true" | "1" | "on" | "yes")),
            after,
            per_page,
        })
    }
}

/// How many learners a page (default [`PER_PAGE`]) and after which registration a list of
/// learners continues, as a query string gives them; either unreadable is said in words.
pub fn page_place(
    per_page: Option<&str>,
    after: Option<&str>,
) -> Result<(i64, Option<RegistrationId>), ActionError> {
    let bad = |field: &str, message: &str| {
        ActionError::Invalid(vec![crate::domain::people::FieldError::new(field, message)])
    };
    let per_page = match per_page.map(str::trim) {
        None | Some("") => PER_PAGE,
        Some(text) => text
            .parse()
            .map_err(|_| bad("per_page", "Show from 1 to 200 learners a page."))?,
    };
    let after = match after.map(str::trim) {
        None | Some("") => None,
        Some(text) => Some(RegistrationId::parse(text).map_err(|_| {
            bad(
                "after",
                "That place in the list cannot be found; start from the first page.",
            )
        })?),
    };
    Ok((per_page, after))
}
