//! Assessment plans and progress reviews: what the assessor and the learner agree to do
//! (activities, each with a method and a target date, and the criteria in view), signed by both
//! over the SHA-256 of the plan's canonical record, so a change after signing voids the
//! signatures; and what is due next for the learner's home page.

use std::collections::BTreeSet;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use super::people::FieldError;
use crate::curriculum::model::EvidenceMethod;

/// Every assessment method a plan may name.
pub const METHODS: [EvidenceMethod; 11] = [
    EvidenceMethod::ObservationByAssessor,
    EvidenceMethod::ObservationByExpertWitness,
    EvidenceMethod::WorkProduct,
    EvidenceMethod::WitnessTestimony,
    EvidenceMethod::ProfessionalDiscussion,
    EvidenceMethod::Questioning,
    EvidenceMethod::ShortResponseQuestions,
    EvidenceMethod::ReflectiveAccount,
    EvidenceMethod::Assignment,
    EvidenceMethod::ProjectAssignment,
    EvidenceMethod::Portfolio,
];

pub fn method(code: &str) -> Option<EvidenceMethod> {
    METHODS.into_iter().find(|m| m.code() == code)
}

/// One planned activity as sent.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct ActivityInput {
    #[serde(default)]
    pub activity: String,
    #[serde(default)]
    pub method: String,
    #[serde(default)]
    pub target_date: String,
}

/// A plan as sent by the assessor.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct PlanInput {
    #[serde(default)]
    pub activities: Vec<ActivityInput>,
    #[serde(default)]
    pub criteria: Vec<String>,
}

/// One planned activity, checked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlannedActivity {
    pub activity: String,
    pub method: String,
    pub target_date: NaiveDate,
}

/// A plan's agreed content, checked: what the signatures commit to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckedPlan {
    pub activities: Vec<PlannedActivity>,
    pub criteria: Vec<String>,
}

fn check_activity(
    n: usize,
    a: &ActivityInput,
    errors: &mut Vec<FieldError>,
) -> Option<PlannedActivity> {
    let field = |name: &str| format!("activities[{n}].{name}");
    let activity = a.activity.trim();
    if activity.is_empty() || activity.chars().count() > 2000 {
        errors.push(FieldError::new(
            &field("activity"),
            &format!("Say what activity {} is (at most 2,000 characters)", n + 1),
        ));
    }
    if method(a.method.trim()).is_none() {
        errors.push(FieldError::new(
            &field("method"),
            &format!("Choose how activity {} is assessed", n + 1),
        ));
    }
    let date = NaiveDate::parse_from_str(a.target_date.trim(), "%Y-%m-%d")
        .ok()
        .filter(|d| crate::domain::dates::plausible_plan_date(*d));
    if date.is_none() {
        errors.push(FieldError::new(
            &field("target_date"),
            &format!(
                "Give a target date between 2000 and 2100 for activity {} (for example 2027-03-31)",
                n + 1
            ),
        ));
    }
    Some(PlannedActivity {
        activity: activity.to_owned(),
        method: a.method.trim().to_owned(),
        target_date: date?,
    })
}

/// Check a plan: at least one activity, each complete; criteria in view from the learner's
/// qualification only (`items`: its assessable item ids), at least one, without repeats.
pub fn check_plan(
    input: &PlanInput,
    items: &BTreeSet<String>,
) -> Result<CheckedPlan, Vec<FieldError>> {
    let mut errors = Vec::new();
    let activities: Vec<&ActivityInput> = input
        .activities
        .iter()
        .filter(|a| !(a.activity.trim().is_empty() && a.target_date.trim().is_empty()))
        .collect();
    if activities.is_empty() {
        errors.push(FieldError::new("activities", "Plan at least one activity"));
    }
    if activities.len() > 50 {
        errors.push(FieldError::new("activities", "Plan at most 50 activities"));
    }
    let checked: Vec<PlannedActivity> = activities
        .iter()
        .enumerate()
        .filter_map(|(n, a)| check_activity(n, a, &mut errors))
        .collect();
    let mut criteria: Vec<String> = Vec::new();
    for raw in &input.criteria {
        let id = raw.trim();
        if !items.contains(id) {
            errors.push(FieldError::new(
                "criteria",
                &format!("{id} is not a criterion of this learner's qualification"),
            ));
        } else if !criteria.iter().any(|c| c == id) {
            criteria.push(id.to_owned());
        }
    }
    if input.criteria.is_empty() {
        errors.push(FieldError::new(
            "criteria",
            "Choose the criteria this plan works towards",
        ));
    }
    if errors.is_empty() {
        Ok(CheckedPlan {
            activities: checked,
            criteria,
        })
    } else {
        Err(errors)
    }
}

/// What the assessor and learner sign: the plan's id, registration, activities and criteria.
/// A change to any of them gives a different hash, so earlier signatures stop holding.
pub fn plan_record(plan_id: &str, registration_id: &str, plan: &CheckedPlan) -> Value {
    json!({
        "type": "assessment_plan", "plan_id": plan_id, "registration_id": registration_id,
        "activities": plan.activities.iter().map(|a| json!({
            "activity": a.activity, "method": a.method, "target_date": a.target_date.to_string(),
        })).collect::<Vec<_>>(),
        "criteria": plan.criteria,
    })
}

/// A progress review as sent.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct ReviewInput {
    #[serde(default)]
    pub reviewed_on: String,
    #[serde(default)]
    pub progress: String,
    #[serde(default)]
    pub next_steps: String,
    #[serde(default)]
    pub next_review_on: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckedReview {
    pub reviewed_on: NaiveDate,
    pub progress: String,
    pub next_steps: String,
    pub next_review_on: NaiveDate,
}

/// A review records progress and next steps, and sets the next review after it.
pub fn check_review(input: &ReviewInput) -> Result<CheckedReview, Vec<FieldError>> {
    let mut errors = Vec::new();
    let date = |field: &str, raw: &str, errors: &mut Vec<FieldError>| {
        let parsed = NaiveDate::parse_from_str(raw.trim(), "%Y-%m-%d")
            .ok()
            .filter(|d| crate::domain::dates::plausible_plan_date(*d));
        if parsed.is_none() {
            errors.push(FieldError::new(
                field,
                "Give a date between 2000 and 2100, for example 2027-03-31",
            ));
        }
        parsed
    };
    let reviewed_on = date("reviewed_on", &input.reviewed_on, &mut errors);
    let next_review_on = date("next_review_on", &input.next_review_on, &mut errors);
    let text = |field: &str, raw: &str, what: &str, errors: &mut Vec<FieldError>| {
        let t = raw.trim();
        if t.is_empty() || t.chars().count() > 10_000 {
            errors.push(FieldError::new(
                field,
                &format!("Write {what} (at most 10,000 characters)"),
            ));
        }
        t.to_owned()
    };
    let progress = text(
        "progress",
        &input.progress,
        "the progress made",
        &mut errors,
    );
    let next_steps = text(
        "next_steps",
        &input.next_steps,
        "the next steps",
        &mut errors,
    );
    if let (Some(on), Some(next)) = (reviewed_on, next_review_on) {
        if next <= on {
            errors.push(FieldError::new(
                "next_review_on",
                "The next review comes after this one",
            ));
        }
    }
    match (reviewed_on, next_review_on) {
        (Some(reviewed_on), Some(next_review_on)) if errors.is_empty() => Ok(CheckedReview {
            reviewed_on,
            progress,
            next_steps,
            next_review_on,
        }),
        _ => Err(errors),
    }
}

/// Something with a date on the learner's plan.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Due {
    pub on: NaiveDate,
    /// What it is: an activity's description, or "Progress review".
    pub what: String,
    pub overdue: bool,
}

/// What is due next: the nearest date on or after `today` among the plans' target dates and
/// next review dates; when none is ahead, the latest one passed, marked overdue.
pub fn next_due(dates: &[(NaiveDate, String)], today: NaiveDate) -> Option<Due> {
    let ahead = dates
        .iter()
        .filter(|(on, _)| *on >= today)
        .min_by_key(|(on, _)| *on);
    let passed = || {
        dates
            .iter()
            .filter(|(on, _)| *on < today)
            .max_by_key(|(on, _)| *on)
    };
    ahead
        .map(|(on, what)| Due {
            on: *on,
            what: what.clone(),
            overdue: false,
        })
        .or_else(|| {
            passed().map(|(on, what)| Due {
                on: *on,
                what: what.clone(),
                overdue: true,
            })
        })
}

#[cfg(test)]
#[path = "plan_tests.rs"]
mod tests;
