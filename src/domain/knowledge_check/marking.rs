//! Marking a learner's answers, the tutor's marking of short answers, and the state of an attempt.

use serde::{Deserialize, Serialize};

use super::{Question, QuestionKind};
use crate::domain::people::FieldError;

/// A learner's answer to one question: the options chosen (by position), or the text written.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AnswerInput {
    #[serde(default)]
    pub choices: Vec<usize>,
    #[serde(default)]
    pub text: String,
}

/// An answer as marked. `correct` is `None` while a short answer waits for the tutor.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MarkedAnswer {
    pub choices: Vec<usize>,
    pub text: String,
    pub correct: Option<bool>,
    /// The feedback of each option chosen, or the tutor's feedback on a short answer.
    pub feedback: Vec<String>,
}

/// Mark the answers (one per question, in order). Objective questions are marked at once.
pub fn mark(
    questions: &[Question],
    answers: &[AnswerInput],
) -> Result<Vec<MarkedAnswer>, Vec<FieldError>> {
    if answers.len() != questions.len() {
        return Err(vec![FieldError::new(
            "answers",
            &format!(
                "Answer every question: {} asked, {} answered",
                questions.len(),
                answers.len()
            ),
        )]);
    }
    let mut errors = Vec::new();
    let mut marked = Vec::new();
    for (i, (q, a)) in questions.iter().zip(answers).enumerate() {
        let mut choices = a.choices.clone();
        choices.sort_unstable();
        choices.dedup();
        if let Some(message) = answer_problem(q, a, &choices) {
            errors.push(FieldError::new(
                &format!("answers[{i}]"),
                &format!("Question {}: {message}", i + 1),
            ));
            continue;
        }
        marked.push(mark_answer(q, a, choices));
    }
    if errors.is_empty() {
        Ok(marked)
    } else {
        Err(errors)
    }
}

/// What is wrong with an answer as given (`choices` sorted, without repeats), if anything.
fn answer_problem(q: &Question, a: &AnswerInput, choices: &[usize]) -> Option<&'static str> {
    match q.kind {
        QuestionKind::ShortAnswer if a.text.trim().is_empty() => Some("Write an answer"),
        QuestionKind::ShortAnswer if a.text.chars().count() > 5000 => {
            Some("Use at most 5,000 characters")
        }
        QuestionKind::ShortAnswer => None,
        _ if choices.iter().any(|c| *c >= q.options.len()) => {
            Some("Choose one of the options given")
        }
        QuestionKind::SingleChoice if choices.len() != 1 => Some("Choose one option"),
        QuestionKind::MultipleChoice if choices.is_empty() => Some("Choose at least one option"),
        _ => None,
    }
}

/// A short answer waits for the tutor; a choice is right when exactly the correct options are
/// chosen, with the feedback of each option chosen.
fn mark_answer(q: &Question, a: &AnswerInput, choices: Vec<usize>) -> MarkedAnswer {
    if q.kind == QuestionKind::ShortAnswer {
        return MarkedAnswer {
            choices: Vec::new(),
            text: a.text.trim().to_owned(),
            correct: None,
            feedback: Vec::new(),
        };
    }
    let right: Vec<usize> = (0..q.options.len())
        .filter(|i| q.options[*i].correct)
        .collect();
    MarkedAnswer {
        correct: Some(choices == right),
        feedback: choices
            .iter()
            .filter_map(|c| q.options.get(*c))
            .map(|o| o.feedback.clone())
            .filter(|f| !f.is_empty())
            .collect(),
        choices,
        text: String::new(),
    }
}

crate::codes! {
    /// Where an attempt stands (`check_attempts.state`): open while the learner answers, then
    /// as marked.
    pub enum AttemptState {
        Open = "open",
        AwaitingTutor = "awaiting_tutor",
        Passed = "passed",
        NotPassed = "not_passed",
    }
}

impl AttemptState {
    pub fn label(self) -> &'static str {
        match self {
            Self::Open => "In progress",
            Self::AwaitingTutor => "Awaiting the tutor's marking",
            Self::Passed => "Passed",
            Self::NotPassed => "Not passed yet",
        }
    }
}

/// Questions right and questions asked.
pub fn score(marked: &[MarkedAnswer]) -> (usize, usize) {
    let right = marked.iter().filter(|m| m.correct == Some(true)).count();
    (right, marked.len())
}

/// Awaiting the tutor while any short answer is unmarked; then passed when the share right is
/// at least `pass_mark` percent.
pub fn state(marked: &[MarkedAnswer], pass_mark: i32) -> AttemptState {
    if marked.iter().any(|m| m.correct.is_none()) {
        return AttemptState::AwaitingTutor;
    }
    let (right, total) = score(marked);
    let (right, total) = (
        i64::try_from(right).unwrap_or(0),
        i64::try_from(total).unwrap_or(0),
    );
    if total > 0 && right * 100 >= i64::from(pass_mark) * total {
        AttemptState::Passed
    } else {
        AttemptState::NotPassed
    }
}

/// The tutor marks a short answer right or not, with feedback. Only an unmarked short answer.
pub fn mark_short_answer(
    questions: &[Question],
    marked: &mut [MarkedAnswer],
    question: usize,
    correct: bool,
    feedback: &str,
) -> Result<(), FieldError> {
    let is_short = questions
        .get(question)
        .is_some_and(|q| q.kind == QuestionKind::ShortAnswer);
    let Some(answer) = marked.get_mut(question).filter(|_| is_short) else {
        return Err(FieldError::new(
            "question",
            "Choose a short-answer question of this attempt",
        ));
    };
    if answer.correct.is_some() {
        return Err(FieldError::new(
            "question",
            "This answer has already been marked",
        ));
    }
    if feedback.trim().is_empty() || feedback.chars().count() > 4000 {
        return Err(FieldError::new(
            "feedback",
            "Write feedback for the learner (at most 4,000 characters)",
        ));
    }
    answer.correct = Some(correct);
    answer.feedback = vec![feedback.trim().to_owned()];
    Ok(())
}

/// The questions and answers as the text of an evidence item (Markdown).
pub fn as_evidence_text(title: &str, questions: &[Question], marked: &[MarkedAnswer]) -> String {
    let (right, total) = score(marked);
    let mut out =
        format!("Knowledge check: {title}\n\nScore: {right} of {total} questions right.\n");
    for (i, (q, a)) in questions.iter().zip(marked).enumerate() {
        out.push_str(&format!("\n## Question {}\n\n{}\n\n", i + 1, q.prompt));
        let answer = if q.kind == QuestionKind::ShortAnswer {
            a.text.clone()
        } else {
            a.choices
                .iter()
                .filter_map(|c| q.options.get(*c))
                .map(|o| o.text.clone())
                .collect::<Vec<_>>()
                .join("; ")
        };
        let verdict = match a.correct {
            Some(true) => "right",
            Some(false) => "not right",
            None => "not marked",
        };
        out.push_str(&format!("Answer ({verdict}): {answer}\n"));
        for f in &a.feedback {
            out.push_str(&format!("\nFeedback: {f}\n"));
        }
    }
    out
}
