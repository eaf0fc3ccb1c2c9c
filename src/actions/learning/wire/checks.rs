//! Knowledge checks and attempts: what writing a check, answering and marking take, and a check
//! and an attempt as they are answered. Learners never see the answer key (the correct flags,
//! the options' feedback, the tutor's guidance) of a check.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::rfc3339;
use crate::actions::learning::check_attempts::AttemptView;
use crate::actions::learning::knowledge_checks::CheckInput;
use crate::domain::knowledge_check::AttemptState;
use crate::domain::knowledge_check::{
    AnswerInput, MarkedAnswer, OptionInput, Question, QuestionInput,
};
use crate::store::evidence::EvidenceItem;
use crate::store::knowledge_checks::{Attempt, KnowledgeCheck};

/// A pass mark as typed: a number, or the number as text.
#[derive(Debug, Clone, Deserialize, Serialize, ToSchema)]
#[serde(untagged)]
pub enum CheckPassMark {
    Number(f64),
    Text(String),
}

/// A check as the tutor writes it: `POST /api/v1/programmes/{programme_id}/checks`.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(default)]
pub struct KnowledgeCheckRequest {
    pub title: String,
    /// An outcome of the programme's qualification.
    pub outcome_id: String,
    /// Percent of questions right needed to pass (1 to 100).
    #[schema(example = 80)]
    pub pass_mark: Option<CheckPassMark>,
    pub questions: Vec<CheckQuestionRequest>,
}

impl From<KnowledgeCheckRequest> for CheckInput {
    fn from(r: KnowledgeCheckRequest) -> Self {
        let pass_mark = match r.pass_mark {
            Some(CheckPassMark::Text(s)) => s,
            Some(CheckPassMark::Number(n)) => n.to_string(),
            None => String::new(),
        };
        Self {
            title: r.title,
            outcome_id: r.outcome_id,
            pass_mark,
            questions: r.questions.into_iter().map(QuestionInput::from).collect(),
        }
    }
}

/// One option of a choice question, as the tutor writes it.
#[derive(Debug, Clone, Default, Deserialize, Serialize, ToSchema)]
#[serde(default)]
pub struct CheckOptionRequest {
    pub text: String,
    pub correct: bool,
    /// Shown to a learner who chose it, once they have submitted.
    pub feedback: String,
}

/// One question as the tutor writes it (also `POST /api/v1/checks/{check_id}/questions`).
#[derive(Debug, Clone, Default, Deserialize, Serialize, ToSchema)]
#[serde(default)]
pub struct CheckQuestionRequest {
    /// `single_choice`, `multiple_choice` or `short_answer`.
    #[schema(example = "single_choice")]
    pub kind: String,
    pub prompt: String,
    /// The choices (none for a short answer).
    pub options: Vec<CheckOptionRequest>,
    /// For a short answer: what the tutor looks for (never shown to learners).
    pub guidance: String,
}

impl From<CheckQuestionRequest> for QuestionInput {
    fn from(r: CheckQuestionRequest) -> Self {
        Self {
            kind: r.kind,
            prompt: r.prompt,
            options: r
                .options
                .into_iter()
                .map(|o| OptionInput {
                    text: o.text,
                    correct: o.correct,
                    feedback: o.feedback,
                })
                .collect(),
            guidance: r.guidance,
        }
    }
}

/// A learner's answer to one question: the options chosen (by position, from 0), or the text.
#[derive(Debug, Clone, Default, Deserialize, Serialize, ToSchema)]
#[serde(default)]
pub struct CheckAnswerRequest {
    pub choices: Vec<usize>,
    pub text: String,
}

/// The answers of an attempt, one per question in order.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(default)]
pub struct CheckSubmitRequest {
    pub answers: Vec<CheckAnswerRequest>,
}

impl CheckSubmitRequest {
    pub fn answers(self) -> Vec<AnswerInput> {
        self.answers
            .into_iter()
            .map(|a| AnswerInput {
                choices: a.choices,
                text: a.text,
            })
            .collect()
    }
}

/// The tutor's mark on a short answer.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(default)]
pub struct CheckMarkRequest {
    /// The question's position in the check, from 0.
    pub question: usize,
    /// `correct` or `incorrect`.
    #[schema(example = "correct")]
    pub outcome: String,
    pub feedback: String,
}

/// The criteria of the check's outcome a passed attempt is offered as evidence for.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(default)]
pub struct CheckEvidenceRequest {
    pub criteria: Vec<String>,
}

/// An option of a question (`correct` and `feedback` only for the centre's staff).
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CheckOption {
    pub text: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub correct: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub feedback: Option<String>,
}

/// A question of a check (`guidance` only for the centre's staff).
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CheckQuestion {
    /// `single_choice`, `multiple_choice` or `short_answer`.
    #[schema(example = "single_choice")]
    pub kind: String,
    pub prompt: String,
    pub options: Vec<CheckOption>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub guidance: Option<String>,
}

impl CheckQuestion {
    /// A question; the answer key only for staff.
    pub fn new(q: &Question, staff: bool) -> Self {
        let options = q
            .options
            .iter()
            .map(|o| CheckOption {
                text: o.text.clone(),
                correct: staff.then_some(o.correct),
                feedback: staff.then(|| o.feedback.clone()),
            })
            .collect();
        Self {
            kind: q.kind.code().to_owned(),
            prompt: q.prompt.clone(),
            options,
            guidance: staff.then(|| q.guidance.clone()),
        }
    }
}

/// A knowledge check on one outcome of a programme's qualification.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct KnowledgeCheckOut {
    pub id: String,
    pub programme_id: String,
    pub outcome_id: String,
    pub title: String,
    /// Percent of questions right needed to pass.
    pub pass_mark: i32,
    pub questions: Vec<CheckQuestion>,
}

impl KnowledgeCheckOut {
    pub fn new(c: &KnowledgeCheck, questions: &[Question], staff: bool) -> Self {
        Self {
            id: c.id.clone(),
            programme_id: c.programme_id.clone(),
            outcome_id: c.outcome_id.clone(),
            title: c.title.clone(),
            pass_mark: c.pass_mark,
            questions: questions
                .iter()
                .map(|q| CheckQuestion::new(q, staff))
                .collect(),
        }
    }
}

/// A programme's knowledge checks.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct KnowledgeCheckList {
    pub programme_id: String,
    pub checks: Vec<KnowledgeCheckOut>,
}

/// An attempt at a check, in brief.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CheckAttemptSummary {
    pub id: String,
    pub check_id: String,
    pub registration_id: String,
    /// `open`, then `awaiting_tutor`, `passed` or `not_passed`.
    #[schema(example = "open")]
    pub state: AttemptState,
    /// Null until submitted (and marked).
    pub questions_right: Option<i32>,
    /// RFC 3339.
    pub started_at: String,
    /// RFC 3339; null while open.
    pub submitted_at: Option<String>,
    /// The questioning record made of it, once offered as evidence.
    pub evidence_id: Option<String>,
}

impl From<&Attempt> for CheckAttemptSummary {
    fn from(a: &Attempt) -> Self {
        Self {
            id: a.id.clone(),
            check_id: a.check_id.clone(),
            registration_id: a.registration_id.clone(),
            state: a.state,
            questions_right: a.questions_right,
            started_at: rfc3339(a.started_at),
            submitted_at: a.submitted_at.map(rfc3339),
            evidence_id: a.evidence_id.clone(),
        }
    }
}

/// A check with the caller's attempts at it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct KnowledgeCheckDetail {
    #[serde(flatten)]
    pub check: KnowledgeCheckOut,
    pub attempts: Vec<CheckAttemptSummary>,
}

/// An answer as marked.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CheckMarkedAnswer {
    pub choices: Vec<usize>,
    pub text: String,
    /// Null while a short answer waits for the tutor.
    pub correct: Option<bool>,
    /// The feedback of each option chosen, or the tutor's feedback on a short answer.
    pub feedback: Vec<String>,
}

impl From<&MarkedAnswer> for CheckMarkedAnswer {
    fn from(a: &MarkedAnswer) -> Self {
        Self {
            choices: a.choices.clone(),
            text: a.text.clone(),
            correct: a.correct,
            feedback: a.feedback.clone(),
        }
    }
}

/// An attempt with its check, marked answers and feedback.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CheckAttempt {
    #[serde(flatten)]
    pub summary: CheckAttemptSummary,
    pub learner_name: String,
    pub check: KnowledgeCheckOut,
    pub questions_asked: usize,
    pub answers: Vec<CheckMarkedAnswer>,
}

impl From<&AttemptView> for CheckAttempt {
    fn from(v: &AttemptView) -> Self {
        Self {
            summary: CheckAttemptSummary::from(&v.attempt),
            learner_name: v.learner_name.clone(),
            check: KnowledgeCheckOut::new(&v.check, &v.questions, v.is_staff),
            questions_asked: v.questions.len(),
            answers: v.answers.iter().map(CheckMarkedAnswer::from).collect(),
        }
    }
}

/// The draft questioning record made of a passed attempt.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CheckEvidenceOut {
    pub evidence_id: String,
    pub title: String,
    /// The evidence item's status (`draft`).
    #[schema(example = "draft")]
    pub status: String,
}

impl From<&EvidenceItem> for CheckEvidenceOut {
    fn from(e: &EvidenceItem) -> Self {
        Self {
            evidence_id: e.id.clone(),
            title: e.title.clone(),
            status: e.status.into(),
        }
    }
}
