//! What an IQA sends to record a standardisation activity or set up a double-marking exercise,
//! and the checks on it. Facts from the database (who works at the centre, which units and
//! criteria the qualification has) are passed in.

use std::collections::BTreeSet;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::Verdict;
use crate::domain::people::FieldError;

/// An action agreed at an activity, as sent.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct ActionInput {
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub due_on: String,
    #[serde(default)]
    pub owner_id: String,
}

/// A standardisation activity, as sent.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct ActivityInput {
    #[serde(default)]
    pub qualification_id: String,
    #[serde(default)]
    pub held_on: String,
    #[serde(default)]
    pub title: String,
    #[serde(default)]
    pub attendees: Vec<String>,
    /// Assessors the activity concerns.
    #[serde(default)]
    pub assessors: Vec<String>,
    #[serde(default)]
    pub units: Vec<String>,
    #[serde(default)]
    pub agreed: String,
    #[serde(default)]
    pub actions: Vec<ActionInput>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CheckedAction {
    pub description: String,
    pub due_on: NaiveDate,
    pub owner_id: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckedActivity {
    pub qualification_id: String,
    pub held_on: NaiveDate,
    pub title: String,
    pub attendees: Vec<String>,
    pub assessors: Vec<String>,
    pub units: Vec<String>,
    pub agreed: String,
    pub actions: Vec<CheckedAction>,
}

/// What the checks need to know about the centre and the qualification.
pub struct Facts<'a> {
    pub today: NaiveDate,
    /// Units of the qualification, when it exists (`None`: no such qualification).
    pub units: Option<&'a BTreeSet<String>>,
    /// Everyone with a role at the centre.
    pub members: &'a BTreeSet<String>,
    /// The centre's assessors.
    pub assessors: &'a BTreeSet<String>,
}

fn text(value: &str, field: &str, what: &str, errors: &mut Vec<FieldError>) -> String {
    let value = value.trim();
    if value.is_empty() || value.chars().count() > 10_000 {
        errors.push(FieldError::new(field, what));
    }
    value.to_owned()
}

fn people(ids: &[String], known: &BTreeSet<String>) -> Option<Vec<String>> {
    let set: BTreeSet<String> = ids
        .iter()
        .map(|s| s.trim().to_owned())
        .filter(|s| !s.is_empty())
        .collect();
    set.iter()
        .all(|id| known.contains(id))
        .then(|| set.into_iter().collect())
}

fn date(value: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(value.trim(), "%Y-%m-%d").ok()
}

/// Check an activity: a known qualification, a date not in the future, attendees and assessors
/// from the centre, units of the qualification, what was agreed, and complete actions.
pub fn check_activity(
    input: &ActivityInput,
    facts: &Facts,
) -> Result<CheckedActivity, Vec<FieldError>> {
    let mut errors = Vec::new();
    if facts.units.is_none() {
        errors.push(FieldError::new(
            "qualification_id",
            "Choose a qualification the platform knows",
        ));
    }
    let held_on = date(&input.held_on).filter(|d| *d <= facts.today);
    if held_on.is_none() {
        errors.push(FieldError::new(
            "held_on",
            "Give the date it was held (YYYY-MM-DD), not in the future",
        ));
    }
    let title = text(
        &input.title,
        "title",
        "Give the activity a title (at most 10,000 characters)",
        &mut errors,
    );
    let agreed = text(
        &input.agreed,
        "agreed",
        "Say what was agreed (at most 10,000 characters)",
        &mut errors,
    );
    let (attendees, assessors) = check_people(input, facts, &mut errors);
    let units = check_units(&input.units, facts.units, &mut errors);
    let actions = check_actions(&input.actions, facts.members, &mut errors);
    match (held_on, attendees, assessors) {
        (Some(held_on), Some(attendees), Some(assessors)) if errors.is_empty() => {
            Ok(CheckedActivity {
                qualification_id: input.qualification_id.trim().to_owned(),
                held_on,
                title,
                attendees,
                assessors,
                units,
                agreed,
                actions,
            })
        }
        _ => Err(errors),
    }
}

/// Attendees (at least one) from the centre, and the assessors it concerns from its assessors.
fn check_people(
    input: &ActivityInput,
    facts: &Facts,
    errors: &mut Vec<FieldError>,
) -> (Option<Vec<String>>, Option<Vec<String>>) {
    let attendees = people(&input.attendees, facts.members).filter(|a| !a.is_empty());
    if attendees.is_none() {
        errors.push(FieldError::new(
            "attendees",
            "List who attended: people of this centre, at least one",
        ));
    }
    let assessors = people(&input.assessors, facts.assessors);
    if assessors.is_none() {
        errors.push(FieldError::new(
            "assessors",
            "The assessors it concerns must be assessors at this centre",
        ));
    }
    (attendees, assessors)
}

/// The units named, without blanks or repeats, all of the qualification when it is known.
fn check_units(
    units: &[String],
    known: Option<&BTreeSet<String>>,
    errors: &mut Vec<FieldError>,
) -> Vec<String> {
    let units: BTreeSet<String> = units
        .iter()
        .map(|u| u.trim().to_owned())
        .filter(|u| !u.is_empty())
        .collect();
    if let Some(known) = known
        && !units.iter().all(|u| known.contains(u))
    {
        errors.push(FieldError::new(
            "units",
            "Choose units of the qualification",
        ));
    }
    units.into_iter().collect()
}

/// Each action needs a description, a due date and an owner from the centre.
fn check_actions(
    inputs: &[ActionInput],
    members: &BTreeSet<String>,
    errors: &mut Vec<FieldError>,
) -> Vec<CheckedAction> {
    let mut actions = Vec::new();
    for (n, a) in inputs.iter().enumerate() {
        let field = |name: &str| format!("actions[{n}].{name}");
        let description = text(
            &a.description,
            &field("description"),
            &format!("Describe action {}", n + 1),
            errors,
        );
        let due_on = date(&a.due_on);
        if due_on.is_none() {
            errors.push(FieldError::new(
                &field("due_on"),
                &format!("Give action {} a due date (YYYY-MM-DD)", n + 1),
            ));
        }
        if !members.contains(a.owner_id.trim()) {
            errors.push(FieldError::new(
                &field("owner_id"),
                &format!("Action {} needs an owner from this centre", n + 1),
            ));
        }
        if let Some(due_on) = due_on {
            actions.push(CheckedAction {
                description,
                due_on,
                owner_id: a.owner_id.trim().to_owned(),
            });
        }
    }
    actions
}

/// A blind double-marking exercise, as sent by the IQA.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct ExerciseInput {
    #[serde(default)]
    pub evidence_id: String,
    /// `None`: every criterion the evidence item is mapped to.
    #[serde(default)]
    pub criteria: Option<Vec<String>>,
    #[serde(default)]
    pub markers: Vec<String>,
}

/// Criteria of the qualification (at least one) and at least two of the centre's assessors.
pub fn check_exercise(
    input: &ExerciseInput,
    items: &BTreeSet<String>,
    assessors: &BTreeSet<String>,
) -> Result<(Vec<String>, Vec<String>), Vec<FieldError>> {
    let mut errors = Vec::new();
    let mut criteria: Vec<String> = Vec::new();
    for c in input.criteria.iter().flatten().map(|c| c.trim()) {
        if !criteria.iter().any(|k| k == c) {
            criteria.push(c.to_owned());
        }
    }
    if criteria.is_empty() || !criteria.iter().all(|c| items.contains(c)) {
        errors.push(FieldError::new(
            "criteria",
            "Choose at least one criterion of the evidence's qualification",
        ));
    }
    let markers = people(&input.markers, assessors).filter(|m| m.len() >= 2);
    if markers.is_none() {
        errors.push(FieldError::new(
            "markers",
            "Invite at least two assessors of this centre",
        ));
    }
    match markers {
        Some(markers) if errors.is_empty() => Ok((criteria, markers)),
        _ => Err(errors),
    }
}

/// One verdict sent by a marker, or one agreed outcome sent by the IQA (`comment` is the
/// rationale then).
#[derive(Debug, Clone, Default, Deserialize)]
pub struct VerdictInput {
    #[serde(default)]
    pub criterion_id: String,
    #[serde(default)]
    pub outcome: String,
    #[serde(default, alias = "rationale")]
    pub comment: String,
}

/// Verdicts on criteria of the exercise, each at most once. `need_comment`: the IQA's rationale
/// is required; a marker's comment may be empty.
pub fn check_verdicts(
    input: &[VerdictInput],
    criteria: &[String],
    need_comment: bool,
) -> Result<Vec<(String, Verdict, String)>, Vec<FieldError>> {
    let mut errors = Vec::new();
    let mut out: Vec<(String, Verdict, String)> = Vec::new();
    if input.is_empty() {
        errors.push(FieldError::new(
            "criterion_id",
            "Judge at least one criterion",
        ));
    }
    for (n, v) in input.iter().enumerate() {
        let id = v.criterion_id.trim();
        if !criteria.iter().any(|c| c == id) {
            errors.push(FieldError::new(
                &format!("judgements[{n}].criterion_id"),
                &format!("{id} is not a criterion of this exercise"),
            ));
        } else if out.iter().any(|(c, _, _)| c == id) {
            errors.push(FieldError::new(
                &format!("judgements[{n}].criterion_id"),
                &format!("{id} is given twice"),
            ));
        }
        let verdict = Verdict::parse(v.outcome.trim());
        if verdict.is_none() {
            errors.push(FieldError::new(
                &format!("judgements[{n}].outcome"),
                "Choose met or not_yet_met",
            ));
        }
        let comment = v.comment.trim();
        if (need_comment && comment.is_empty()) || comment.chars().count() > 10_000 {
            errors.push(FieldError::new(
                &format!("judgements[{n}].comment"),
                if need_comment {
                    "Give the rationale for the agreed outcome"
                } else {
                    "Keep the comment to 10,000 characters"
                },
            ));
        }
        if let Some(verdict) = verdict {
            out.push((id.to_owned(), verdict, comment.to_owned()));
        }
    }
    if errors.is_empty() {
        Ok(out)
    } else {
        Err(errors)
    }
}

#[cfg(test)]
#[path = "activity_tests.rs"]
mod tests;
