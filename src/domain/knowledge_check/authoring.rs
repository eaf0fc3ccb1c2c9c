//! What a tutor sends to write a check (its title, pass mark and questions), and the checks on it.

use serde::Deserialize;

use super::{ChoiceOption, MAX_OPTIONS, MAX_QUESTIONS, Question, QuestionKind};
use crate::domain::people::FieldError;

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
    let options = check_options(&name, kind, &input.options, &mut errors);
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

/// The options of an objective question, each with text and short enough feedback; a
/// short-answer question has none.
fn check_options(
    name: &dyn Fn(&str) -> String,
    kind: Option<QuestionKind>,
    inputs: &[OptionInput],
    errors: &mut Vec<FieldError>,
) -> Vec<ChoiceOption> {
    // Options left wholly blank (empty slots of a form) are not options.
    let given: Vec<&OptionInput> = inputs
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
    options
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
