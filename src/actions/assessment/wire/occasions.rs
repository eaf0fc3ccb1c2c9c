//! SQA assessment occasions as JSON: the question bank, a registration's occasions with their
//! sampled items, and what the candidate's answers and the assessor's marks take and give.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::rfc3339;
use crate::actions::assessment::occasion_answers::{
    AnswerInput, MarkInput, OccasionView, OccasionsView,
};
use crate::actions::assessment::occasions::{OccasionInput, QuestionInput};
use crate::store::occasions::{BankQuestion, Occasion, OccasionItem};

/// A question for the bank: `POST /api/v1/centres/{centre_id}/question-bank`.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
pub struct BankQuestionRequest {
    /// A Knowledge/Skills item of FX35 35.
    #[serde(default)]
    #[schema(example = "sqa-fx35-35/o1/ks1")]
    pub item_id: String,
    #[serde(default)]
    pub text: String,
}

impl From<BankQuestionRequest> for QuestionInput {
    fn from(r: BankQuestionRequest) -> Self {
        Self {
            item_id: r.item_id,
            text: r.text,
        }
    }
}

/// A question in the centre's bank.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct BankQuestionOut {
    pub id: String,
    pub item_id: String,
    pub text: String,
    pub author_id: String,
    /// RFC 3339.
    pub created_at: String,
}

impl From<&BankQuestion> for BankQuestionOut {
    fn from(q: &BankQuestion) -> Self {
        Self {
            id: q.id.clone(),
            item_id: q.item_id.clone(),
            text: q.text.clone(),
            author_id: q.author_id.clone(),
            created_at: rfc3339(q.created_at),
        }
    }
}

/// The centre's question bank.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct QuestionBank {
    pub questions: Vec<BankQuestionOut>,
}

/// An occasion to schedule: `POST /api/v1/registrations/{registration_id}/occasions`.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
pub struct OccasionRequest {
    /// The Knowledge/Skills items to sample (a sample is drawn when empty).
    #[serde(default)]
    pub items: Vec<String>,
    /// When it opens to the candidate: RFC 3339, or `YYYY-MM-DDTHH:MM`.
    #[serde(default)]
    #[schema(example = "2027-03-01T09:00")]
    pub opens_at: String,
    #[serde(default)]
    pub method: String,
    /// Seed of the draw (reproducible); random when absent.
    #[serde(default)]
    pub seed: Option<i64>,
    /// S5: extra time the candidate is allowed, in whole minutes (0 to 240; absent: none).
    #[serde(default)]
    pub extra_time_minutes: Option<i64>,
    /// S5: any other adjustment the occasion is run with (format, reader, scribe), in words.
    #[serde(default)]
    #[schema(example = "Questions in large print; a reader")]
    pub adjustments: String,
}

impl From<OccasionRequest> for OccasionInput {
    fn from(r: OccasionRequest) -> Self {
        Self {
            items: r.items,
            opens_at: r.opens_at,
            method: r.method,
            seed: r.seed,
            extra_time_minutes: r
                .extra_time_minutes
                .map(|m| m.to_string())
                .unwrap_or_default(),
            adjustments: r.adjustments,
        }
    }
}

/// The candidate's answer to a sampled item: `POST /api/v1/occasions/{occasion_id}/answers`.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
pub struct OccasionAnswerRequest {
    #[serde(default)]
    pub item_id: String,
    #[serde(default)]
    pub answer: String,
}

impl From<OccasionAnswerRequest> for AnswerInput {
    fn from(r: OccasionAnswerRequest) -> Self {
        Self {
            item_id: r.item_id,
            answer: r.answer,
        }
    }
}

/// The assessor's mark of an answer: `POST /api/v1/occasions/{occasion_id}/marks`.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
pub struct OccasionMarkRequest {
    #[serde(default)]
    pub item_id: String,
    /// `satisfied` or `not_satisfied`.
    #[serde(default)]
    #[schema(example = "satisfied")]
    pub outcome: String,
    #[serde(default)]
    pub feedback: String,
}

impl From<OccasionMarkRequest> for MarkInput {
    fn from(r: OccasionMarkRequest) -> Self {
        Self {
            item_id: r.item_id,
            outcome: r.outcome,
            feedback: r.feedback,
        }
    }
}

/// A sampled item of an occasion: its question, the answer and the mark.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct OccasionItemOut {
    pub item_id: String,
    pub question_id: String,
    /// The question's text (in the occasion's view; absent from answer and mark replies).
    pub question: Option<String>,
    pub answer: Option<String>,
    pub answered_at: Option<String>,
    /// `satisfied` or `not_satisfied` once marked.
    pub outcome: Option<String>,
    pub feedback: Option<String>,
    pub marked_by: Option<String>,
    pub marked_at: Option<String>,
}

impl OccasionItemOut {
    pub fn new(i: &OccasionItem, question: Option<&BankQuestion>) -> Self {
        Self {
            item_id: i.item_id.clone(),
            question_id: i.question_id.clone(),
            question: question.map(|q| q.text.clone()),
            answer: i.answer.clone(),
            answered_at: i.answered_at.map(rfc3339),
            outcome: i.outcome.map(String::from),
            feedback: i.feedback.clone(),
            marked_by: i.marked_by.clone(),
            marked_at: i.marked_at.map(rfc3339),
        }
    }
}

/// An assessment occasion; its items are hidden from the candidate until it opens.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct OccasionOut {
    pub id: String,
    pub registration_id: String,
    pub unit_id: String,
    pub method: String,
    /// RFC 3339.
    pub opens_at: String,
    pub open: bool,
    /// `open` or `scheduled`.
    #[schema(example = "open")]
    pub status: String,
    pub seed: i64,
    pub scheduled_by: String,
    /// RFC 3339.
    pub created_at: String,
    pub items_hidden: bool,
    /// The sampled items; null while hidden.
    pub items: Option<Vec<OccasionItemOut>>,
    /// S5: extra time the candidate is allowed, in minutes (0: none).
    pub extra_time_minutes: i32,
    /// S5: any other adjustment the occasion is run with, in words (empty: none).
    pub adjustments: String,
}

impl OccasionOut {
    /// An occasion as the caller may see it: its items when shown.
    pub fn new(o: &Occasion, open: bool, items: Option<Vec<OccasionItemOut>>) -> Self {
        Self {
            id: o.id.clone(),
            registration_id: o.registration_id.clone(),
            unit_id: o.unit_id.clone(),
            method: o.method.clone(),
            opens_at: rfc3339(o.opens_at),
            open,
            status: if open { "open" } else { "scheduled" }.to_owned(),
            seed: o.seed,
            scheduled_by: o.scheduled_by.clone(),
            created_at: rfc3339(o.created_at),
            items_hidden: items.is_none(),
            items,
            extra_time_minutes: o.extra_time_minutes,
            adjustments: o.adjustments.clone(),
        }
    }
}

impl From<&OccasionView> for OccasionOut {
    fn from(v: &OccasionView) -> Self {
        let items = v.items.as_ref().map(|items| {
            items
                .iter()
                .map(|(i, q)| OccasionItemOut::new(i, Some(q)))
                .collect()
        });
        Self::new(&v.occasion, v.open, items)
    }
}

/// A registration's occasions.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct OccasionList {
    pub registration_id: String,
    pub occasions: Vec<OccasionOut>,
}

impl From<&OccasionsView> for OccasionList {
    fn from(v: &OccasionsView) -> Self {
        Self {
            registration_id: v.registration.id.clone(),
            occasions: v.occasions.iter().map(OccasionOut::from).collect(),
        }
    }
}
