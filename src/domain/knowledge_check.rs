//! Knowledge checks: a tutor's questions on one outcome (single choice, multiple choice, short
//! answer), with feedback per option; marking a learner's answers, and the state of an attempt.
//!
//! Marking: a single-choice question is right when the one option chosen is the correct one; a
//! multiple-choice question is all-or-nothing (right only when exactly the correct options are
//! chosen, no more and no fewer). A short answer waits for the tutor. The score is the share of
//! questions right; the attempt passes when that share is at least the check's pass mark.

use serde::{Deserialize, Serialize};

use super::people::FieldError;

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

/// One option as sent by the tutor.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct OptionInput {
    #[serde(default)]
    pub text: String,
    #[serde(default)]
    pub correct: bool,
    #[serde(default)]
    pub feedback: String,
}

/// One question as sent by the tutor.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct QuestionInput {
    #[serde(default)]
    pub kind: String,
    #[serde(default)]
    pub prompt: String,
    #[serde(default)]
    pub options: Vec<OptionInput>,
    /// For a short answer: what the tutor looks for (never shown to learners).
    #[serde(default)]
    pub guidance: String,
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

fn text_error(field: &str, value: &str, what: &str, max: usize) -> Option<FieldError> {
    let n = value.trim().chars().count();
    (n == 0 || n > max)
        .then(|| FieldError::new(field, &format!("{what} (at most {max} characters)")))
}

/// Check one question. `field` prefixes the field names of the errors (`questions[2]`, or
/// nothing for a single question sent alone).
pub fn parse_question(field: &str, input: &QuestionInput) -> Result<Question, Vec<FieldError>> {
    let name = |f: &str| {
        if field.is_empty() {
            f.to_owned()
        } else {
            format!("{field}.{f}")
        }
    };
    let mut errors = Vec::new();
    let kind = QuestionKind::parse(input.kind.trim());
    if kind.is_none() {
        errors.push(FieldError::new(
            &name("kind"),
            "Choose single choice, multiple choice or short answer",
        ));
    }
    errors.extend(text_error(
        &name("prompt"),
        &input.prompt,
        "Write the question",
        2000,
    ));
    // Options left wholly blank (empty slots of a form) are not options.
    let given: Vec<&OptionInput> = input
        .options
        .iter()
        .filter(|o| !(o.text.trim().is_empty() && o.feedback.trim().is_empty() && !o.correct))
        .collect();
    let mut options = Vec::new();
    if kind.is_some_and(QuestionKind::is_objective) {
        for (i, option) in given.iter().enumerate() {
            let at = name(&format!("options[{i}]"));
            errors.extend(text_error(
                &format!("{at}.text"),
                &option.text,
                "Write the option's text",
                500,
            ));
            if option.feedback.chars().count() > 2000 {
                errors.push(FieldError::new(
                    &format!("{at}.feedback"),
                    "Use at most 2,000 characters of feedback",
                ));
            }
            options.push(ChoiceOption {
                text: option.text.trim().to_owned(),
                correct: option.correct,
                feedback: option.feedback.trim().to_owned(),
            });
        }
        errors.extend(options_rule(&name("options"), kind, &options));
    } else if !given.is_empty() {
        errors.push(FieldError::new(
            &name("options"),
            "A short-answer question has no options: the tutor marks the answer",
        ));
    }
    if input.guidance.chars().count() > 2000 {
        errors.push(FieldError::new(
            &name("guidance"),
            "Use at most 2,000 characters of guidance",
        ));
    }
    match (kind, errors.is_empty()) {
        (Some(kind), true) => Ok(Question {
            kind,
            prompt: input.prompt.trim().to_owned(),
            options,
            guidance: input.guidance.trim().to_owned(),
        }),
        _ => Err(errors),
    }
}

/// At least two options; at least one correct; a single-choice question exactly one.
fn options_rule(
    field: &str,
    kind: Option<QuestionKind>,
    options: &[ChoiceOption],
) -> Option<FieldError> {
    let correct = options.iter().filter(|o| o.correct).count();
    let message = if options.len() < 2 {
        "Give at least two options".to_owned()
    } else if options.len() > MAX_OPTIONS {
        format!("Give at most {MAX_OPTIONS} options")
    } else if correct == 0 {
        "Mark at least one option as correct: a question with no correct option cannot be answered right".to_owned()
    } else if kind == Some(QuestionKind::SingleChoice) && correct > 1 {
        "A single-choice question has exactly one correct option: make it multiple choice, or mark only one".to_owned()
    } else {
        return None;
    };
    Some(FieldError::new(field, &message))
}

/// Check every question of a check (errors named `questions[i].…`).
pub fn parse_questions(inputs: &[QuestionInput]) -> Result<Vec<Question>, Vec<FieldError>> {
    if inputs.len() > MAX_QUESTIONS {
        return Err(vec![FieldError::new(
            "questions",
            &format!("A check has at most {MAX_QUESTIONS} questions"),
        )]);
    }
    let mut errors = Vec::new();
    let mut questions = Vec::new();
    for (i, input) in inputs.iter().enumerate() {
        match parse_question(&format!("questions[{i}]"), input) {
            Ok(q) => questions.push(q),
            Err(e) => errors.extend(e),
        }
    }
    if errors.is_empty() {
        Ok(questions)
    } else {
        Err(errors)
    }
}

/// The title and pass mark (percent, 1–100) of a check.
pub fn parse_heading(title: &str, pass_mark: &str) -> Result<(String, i32), Vec<FieldError>> {
    let mut errors = Vec::new();
    errors.extend(text_error("title", title, "Give the check a title", 200));
    let mark = pass_mark
        .trim()
        .parse::<i32>()
        .ok()
        .filter(|m| (1..=100).contains(m));
    if mark.is_none() {
        errors.push(FieldError::new(
            "pass_mark",
            "Give the pass mark as a whole percentage from 1 to 100",
        ));
    }
    match (mark, errors.is_empty()) {
        (Some(mark), true) => Ok((title.trim().to_owned(), mark)),
        _ => Err(errors),
    }
}

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
        let field = format!("answers[{i}]");
        let mut choices = a.choices.clone();
        choices.sort_unstable();
        choices.dedup();
        let problem = match q.kind {
            QuestionKind::ShortAnswer if a.text.trim().is_empty() => Some("Write an answer"),
            QuestionKind::ShortAnswer if a.text.chars().count() > 5000 => {
                Some("Use at most 5,000 characters")
            }
            QuestionKind::ShortAnswer => None,
            _ if choices.iter().any(|c| *c >= q.options.len()) => {
                Some("Choose one of the options given")
            }
            QuestionKind::SingleChoice if choices.len() != 1 => Some("Choose one option"),
            QuestionKind::MultipleChoice if choices.is_empty() => {
                Some("Choose at least one option")
            }
            _ => None,
        };
        if let Some(message) = problem {
            errors.push(FieldError::new(
                &field,
                &format!("Question {}: {message}", i + 1),
            ));
            continue;
        }
        marked.push(match q.kind {
            QuestionKind::ShortAnswer => MarkedAnswer {
                choices: Vec::new(),
                text: a.text.trim().to_owned(),
                correct: None,
                feedback: Vec::new(),
            },
            _ => {
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
        });
    }
    if errors.is_empty() {
        Ok(marked)
    } else {
        Err(errors)
    }
}

/// Where a submitted attempt stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AttemptState {
    AwaitingTutor,
    Passed,
    NotPassed,
}

impl AttemptState {
    pub fn code(self) -> &'static str {
        match self {
            Self::AwaitingTutor => "awaiting_tutor",
            Self::Passed => "passed",
            Self::NotPassed => "not_passed",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::AwaitingTutor => "Awaiting the tutor's marking",
            Self::Passed => "Passed",
            Self::NotPassed => "Not passed yet",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        [Self::AwaitingTutor, Self::Passed, Self::NotPassed]
            .into_iter()
            .find(|s| s.code() == code)
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

#[cfg(test)]
#[path = "knowledge_check_tests.rs"]
mod tests;
