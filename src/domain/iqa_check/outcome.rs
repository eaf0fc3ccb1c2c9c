//! What the IQA sends to record a check (agree, or refer with feedback and actions), and the
//! checks on it.

use chrono::NaiveDate;
use serde::Deserialize;

use super::{CheckOutcome, MAX_ACTIONS};
use crate::domain::people::FieldError;

const MAX_TEXT: usize = 5000;

/// One action row as sent.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct ActionInput {
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub due_on: String,
}

/// An outcome as the IQA sends it.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct OutcomeInput {
    #[serde(default)]
    pub outcome: String,
    #[serde(default)]
    pub feedback: String,
    #[serde(default)]
    pub actions: Vec<ActionInput>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlannedAction {
    pub description: String,
    pub due_on: NaiveDate,
}

/// An outcome, checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckedOutcome {
    pub outcome: CheckOutcome,
    pub feedback: String,
    pub actions: Vec<PlannedAction>,
}

fn check_action(
    n: usize,
    a: &ActionInput,
    today: NaiveDate,
    errors: &mut Vec<FieldError>,
) -> Option<PlannedAction> {
    let field = |name: &str| format!("actions[{n}].{name}");
    let description = a.description.trim();
    if description.is_empty() || description.chars().count() > 2000 {
        errors.push(FieldError::new(
            &field("description"),
            &format!(
                "Say what action {} asks the assessor to do (at most 2,000 characters)",
                n + 1
            ),
        ));
    }
    let due_on = NaiveDate::parse_from_str(a.due_on.trim(), "%Y-%m-%d").ok();
    match due_on {
        None => errors.push(FieldError::new(
            &field("due_on"),
            &format!(
                "Give a due date for action {} (for example 2027-03-31)",
                n + 1
            ),
        )),
        Some(day) if day < today => errors.push(FieldError::new(
            &field("due_on"),
            &format!(
                "The due date of action {} is in the past: give today ({today}) or a later date",
                n + 1
            ),
        )),
        Some(_) => {}
    }
    (!description.is_empty()).then_some(())?;
    Some(PlannedAction {
        description: description.to_owned(),
        due_on: due_on?,
    })
}

/// Check an outcome on `today`: agree or refer; a referral needs feedback and at least one action,
/// each with a description and a due date not in the past. An agreement carries no actions.
/// Rows left wholly blank (a form's spare rows) are ignored.
pub fn check_outcome(
    input: &OutcomeInput,
    today: NaiveDate,
) -> Result<CheckedOutcome, Vec<FieldError>> {
    let mut errors = Vec::new();
    let outcome = CheckOutcome::parse(input.outcome.trim());
    if outcome.is_none() {
        errors.push(FieldError::new(
            "outcome",
            "Choose agree or refer back to the assessor",
        ));
    }
    let feedback = input.feedback.trim();
    if feedback.chars().count() > MAX_TEXT {
        errors.push(FieldError::new(
            "feedback",
            "Keep the feedback to at most 5,000 characters",
        ));
    }
    let rows: Vec<&ActionInput> = input
        .actions
        .iter()
        .filter(|a| !(a.description.trim().is_empty() && a.due_on.trim().is_empty()))
        .collect();
    if rows.len() > MAX_ACTIONS {
        errors.push(FieldError::new("actions", "Set at most 20 actions"));
    }
    let actions: Vec<PlannedAction> = rows
        .iter()
        .enumerate()
        .filter_map(|(n, a)| check_action(n, a, today, &mut errors))
        .collect();
    check_referral(outcome, feedback, rows.is_empty(), &mut errors);
    match outcome {
        Some(outcome) if errors.is_empty() => Ok(CheckedOutcome {
            outcome,
            feedback: feedback.to_owned(),
            actions,
        }),
        _ => Err(errors),
    }
}

/// A referral needs feedback and at least one action; an agreement has no actions.
fn check_referral(
    outcome: Option<CheckOutcome>,
    feedback: &str,
    no_actions: bool,
    errors: &mut Vec<FieldError>,
) {
    match outcome {
        Some(CheckOutcome::Refer) => {
            if feedback.is_empty() {
                errors.push(FieldError::new(
                    "feedback",
                    "Give the assessor feedback: say why the decision is referred back",
                ));
            }
            if no_actions {
                errors.push(FieldError::new(
                    "actions",
                    "A referral needs at least one action for the assessor, with a due date",
                ));
            }
        }
        Some(CheckOutcome::Agree) if !no_actions => errors.push(FieldError::new(
            "actions",
            "An agreed decision has no actions: remove them, or refer the decision back",
        )),
        _ => {}
    }
}
