//! Knowledge checks: a tutor's questions on one outcome (single choice, multiple choice, short
//! answer), with feedback per option; marking a learner's answers, and the state of an attempt.
//!
//! Marking: a single-choice question is right when the one option chosen is the correct one; a
//! multiple-choice question is all-or-nothing (right only when exactly the correct options are
//! chosen, no more and no fewer). A short answer waits for the tutor. The score is the share of
//! questions right; the attempt passes when that share is at least the check's pass mark.

use serde::{Deserialize, Serialize};

mod authoring;
mod marking;

pub use authoring::{OptionInput, QuestionInput, parse_heading, parse_question, parse_questions};
pub use marking::{
    AnswerInput, AttemptState, MarkedAnswer, as_evidence_text, mark, mark_short_answer, score,
    state,
};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum QuestionKind {
    SingleChoice,
    MultipleChoice,
    ShortAnswer,
}

impl QuestionKind {
    pub const ALL: [QuestionKind; 3] =
        [Self::SingleChoice, Self::MultipleChoice, Self::ShortAnswer];

    pub fn code(self) -> &'static str {
        match self {
            Self::SingleChoice => "single_choice",
            Self::MultipleChoice => "multiple_choice",
            Self::ShortAnswer => "short_answer",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::SingleChoice => "Single choice",
            Self::MultipleChoice => "Multiple choice",
            Self::ShortAnswer => "Short answer",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.code() == code)
    }

    pub fn is_objective(self) -> bool {
        self != Self::ShortAnswer
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChoiceOption {
    pub text: String,
    pub correct: bool,
    pub feedback: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Question {
    pub kind: QuestionKind,
    pub prompt: String,
    #[serde(default)]
    pub options: Vec<ChoiceOption>,
    #[serde(default)]
    pub guidance: String,
}

pub const MAX_OPTIONS: usize = 8;
pub const MAX_QUESTIONS: usize = 50;

#[cfg(test)]
mod tests;
