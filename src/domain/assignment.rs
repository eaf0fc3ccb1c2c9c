//! C4 for a unit assessed by an assignment its awarding body sets (City & Guilds Unit 001): the
//! assignment a centre records (a version, its tasks and the criteria each covers, every
//! criterion covered), the assessor's marks task by task, which criteria those marks meet, the
//! rule that such a unit's criteria are met only on the learner's submission of the version in
//! force, and the external verification a claim waits for.

use std::collections::{BTreeMap, BTreeSet};

use super::judgement::{JudgementOutcome, MAX_FEEDBACK_CHARS};
use super::people::FieldError;
use super::rules::RuleViolation;
use crate::curriculum::Curriculum;
use crate::curriculum::model::{EvidenceMethod, Unit};

/// The longest version label and task title kept.
const MAX_LABEL_CHARS: usize = 200;

/// Is this unit assessed by an assignment set by its awarding body?
pub fn assessed_by_assignment(unit: &Unit) -> bool {
    unit.assessment_method == EvidenceMethod::Assignment
}

/// The criteria of a unit, in order.
pub fn criteria_of(unit: &Unit) -> Vec<String> {
    unit.outcomes
        .iter()
        .flat_map(|o| o.criteria.iter().map(|c| c.id.clone()))
        .collect()
}

crate::codes! {
    /// Where the external verification of a learner's unit stands.
    pub enum VerificationStatus {
        Awaiting = "awaiting",
        Verified = "verified",
        NotAccepted = "not_accepted",
    }
}

impl VerificationStatus {
    pub fn label(self) -> &'static str {
        match self {
            Self::Awaiting => "Awaiting external verification",
            Self::Verified => "Verified externally",
            Self::NotAccepted => "Not accepted by the external verifier",
        }
    }
}

/// One task as sent.
#[derive(Debug, Clone, Default)]
pub struct TaskInput {
    pub number: i32,
    pub title: String,
    pub criterion_ids: Vec<String>,
}

/// An assignment as sent (the files come separately).
#[derive(Debug, Clone, Default)]
pub struct AssignmentInput {
    pub unit_id: String,
    pub version_label: String,
    pub in_force: bool,
    pub tasks: Vec<TaskInput>,
}

/// An assignment that may be recorded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckedAssignment {
    pub unit_id: String,
    pub version_label: String,
    pub in_force: bool,
    pub tasks: Vec<(i32, String, Vec<String>)>,
}

/// The unit, when it is one assessed by an assignment.
fn assignment_unit<'a>(
    curriculum: &'a Curriculum,
    unit_id: &str,
    errors: &mut Vec<FieldError>,
) -> Option<&'a Unit> {
    match curriculum.unit(unit_id.trim()) {
        Some((_, unit)) if assessed_by_assignment(unit) => Some(unit),
        Some((_, unit)) => {
            errors.push(FieldError::new(
                "unit_id",
                &format!(
                    "Unit {} is not assessed by an assignment set by the awarding body",
                    unit.number
                ),
            ));
            None
        }
        None => {
            errors.push(FieldError::new(
                "unit_id",
                "Choose the unit the assignment is for",
            ));
            None
        }
    }
}

/// Check an assignment: a unit assessed by assignment, a version label, tasks numbered once each
/// with a title, covering only the unit's criteria and every one of them.
pub fn check_assignment(
    curriculum: &Curriculum,
    input: &AssignmentInput,
) -> Result<CheckedAssignment, Vec<FieldError>> {
    let mut errors = Vec::new();
    let unit = assignment_unit(curriculum, &input.unit_id, &mut errors);
    let version_label = input.version_label.trim().to_owned();
    if version_label.is_empty() || version_label.chars().count() > MAX_LABEL_CHARS {
        errors.push(FieldError::new(
            "version_label",
            "Give the assignment's version as the awarding body labels it (at most 200 characters)",
        ));
    }
    let tasks = check_tasks(&input.tasks, &mut errors);
    if let Some(unit) = unit {
        check_coverage(unit, &tasks, &mut errors);
    }
    match (unit, errors.is_empty()) {
        (Some(unit), true) => Ok(CheckedAssignment {
            unit_id: unit.id.clone(),
            version_label,
            in_force: input.in_force,
            tasks,
        }),
        _ => Err(errors),
    }
}

fn check_tasks(
    input: &[TaskInput],
    errors: &mut Vec<FieldError>,
) -> Vec<(i32, String, Vec<String>)> {
    if input.is_empty() {
        errors.push(FieldError::new("tasks", "List the assignment's tasks"));
    }
    let mut numbers = BTreeSet::new();
    let mut tasks = Vec::new();
    for task in input {
        let title = task.title.trim().to_owned();
        if task.number < 1 || !numbers.insert(task.number) {
            errors.push(FieldError::new(
                "tasks",
                "Number the tasks 1, 2, 3…, each number once",
            ));
        }
        if title.is_empty() || title.chars().count() > MAX_LABEL_CHARS {
            errors.push(FieldError::new(
                "tasks",
                &format!("Give task {} a title (at most 200 characters)", task.number),
            ));
        }
        let mut criteria: Vec<String> = task
            .criterion_ids
            .iter()
            .map(|c| c.trim().to_owned())
            .filter(|c| !c.is_empty())
            .collect();
        criteria.sort();
        criteria.dedup();
        tasks.push((task.number, title, criteria));
    }
    tasks.sort_by_key(|(number, _, _)| *number);
    tasks
}

fn check_coverage(unit: &Unit, tasks: &[(i32, String, Vec<String>)], errors: &mut Vec<FieldError>) {
    let all = criteria_of(unit);
    let covered: BTreeSet<&String> = tasks.iter().flat_map(|(_, _, c)| c.iter()).collect();
    let outside: Vec<&str> = covered
        .iter()
        .filter(|c| !all.contains(c))
        .map(|c| c.as_str())
        .collect();
    if !outside.is_empty() {
        errors.push(FieldError::new(
            "tasks",
            &format!(
                "These are not criteria of Unit {}: {}",
                unit.number,
                outside.join(", ")
            ),
        ));
    }
    let missing: Vec<String> = all
        .iter()
        .filter(|c| !covered.contains(c))
        .map(|c| short_ref(c))
        .collect();
    if !missing.is_empty() {
        errors.push(FieldError::new(
            "tasks",
            &format!(
                "Every criterion of Unit {} must be covered by a task; no task covers {}",
                unit.number,
                missing.join(", ")
            ),
        ));
    }
}

/// A criterion as the specification numbers it ("1.1" for `…/lo1/ac1.1`).
pub fn short_ref(criterion_id: &str) -> String {
    criterion_id
        .rsplit('/')
        .next()
        .unwrap_or(criterion_id)
        .trim_start_matches("ac")
        .to_owned()
}

/// One task's mark as sent.
#[derive(Debug, Clone, Default)]
pub struct MarkInput {
    pub task_number: i32,
    pub outcome: String,
    pub feedback: String,
}

/// Check the marks of one submission: every task marked once, met or not yet met, feedback
/// within the limit and some for a task not yet met.
pub fn check_marks(
    task_numbers: &[i32],
    input: &[MarkInput],
) -> Result<Vec<(i32, JudgementOutcome, String)>, Vec<FieldError>> {
    let mut errors = Vec::new();
    let mut marks = BTreeMap::new();
    for mark in input {
        if !task_numbers.contains(&mark.task_number) {
            errors.push(FieldError::new(
                "marks",
                &format!("The assignment has no task {}", mark.task_number),
            ));
            continue;
        }
        let field = format!("task_{}", mark.task_number);
        let Some(outcome) = JudgementOutcome::parse(mark.outcome.trim()) else {
            errors.push(FieldError::new(&field, "Choose met or not yet met"));
            continue;
        };
        let feedback = mark.feedback.trim().to_owned();
        if feedback.chars().count() > MAX_FEEDBACK_CHARS {
            errors.push(FieldError::new(&field, "Use at most 10,000 characters"));
        } else if feedback.is_empty() && outcome == JudgementOutcome::NotYetMet {
            errors.push(FieldError::new(
                &field,
                "Tell the learner what is missing and what to do next",
            ));
        }
        if marks
            .insert(mark.task_number, (outcome, feedback))
            .is_some()
        {
            errors.push(FieldError::new(&field, "Mark each task once"));
        }
    }
    for number in task_numbers {
        if !marks.contains_key(number) {
            errors.push(FieldError::new(
                &format!("task_{number}"),
                &format!("Mark task {number}: met or not yet met"),
            ));
        }
    }
    if errors.is_empty() {
        Ok(marks.into_iter().map(|(n, (o, f))| (n, o, f)).collect())
    } else {
        Err(errors)
    }
}

/// The criteria the marks meet: those every task covering them is met on.
pub fn criteria_met(
    tasks: &[(i32, Vec<String>)],
    marks: &[(i32, JudgementOutcome, String)],
) -> Vec<String> {
    let met = |number: i32| {
        marks
            .iter()
            .any(|(n, o, _)| *n == number && *o == JudgementOutcome::Met)
    };
    let mut verdict: BTreeMap<&String, bool> = BTreeMap::new();
    for (number, criteria) in tasks {
        for criterion in criteria {
            let entry = verdict.entry(criterion).or_insert(true);
            *entry = *entry && met(*number);
        }
    }
    verdict
        .into_iter()
        .filter(|(_, met)| *met)
        .map(|(c, _)| c.clone())
        .collect()
}

/// The learner's submission of the assignment in force, as the judgement rule needs it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InForce {
    pub version_label: String,
    /// The learner's submission of that version, if they have made one.
    pub submission_evidence_id: Option<String>,
}

/// C4: a met judgement on a criterion of a unit assessed by assignment relies on the learner's
/// submission of the assignment version in force and on nothing else. `relied_on` are the
/// titles of the other evidence by id.
pub fn check_unit_001(
    unit: &Unit,
    awarding_body: &str,
    outcome: JudgementOutcome,
    relied_on: &BTreeMap<String, String>,
    in_force: Option<&InForce>,
) -> Result<(), RuleViolation> {
    if !assessed_by_assignment(unit) || outcome != JudgementOutcome::Met {
        return Ok(());
    }
    let set = format!(
        "Unit {} is assessed by the assignment set by {awarding_body}",
        unit.number
    );
    let reason = match in_force {
        None => format!(
            "{set}, and this centre has no version of that assignment in force yet, so no criterion of the unit can be judged met."
        ),
        Some(InForce {
            version_label,
            submission_evidence_id: None,
        }) => format!(
            "{set}: its criteria can be met only on the learner's submission of assignment version {version_label}, and the learner has not submitted it yet."
        ),
        Some(InForce {
            version_label,
            submission_evidence_id: Some(submission),
        }) => {
            let others: Vec<&str> = relied_on
                .iter()
                .filter(|(id, _)| *id != submission)
                .map(|(_, title)| title.as_str())
                .collect();
            if others.is_empty() && relied_on.contains_key(submission) {
                return Ok(());
            }
            format!(
                "{set}: its criteria can be met only on the learner's submission of assignment version {version_label}, not on other evidence ({}).",
                others.join(", ")
            )
        }
    };
    Err(RuleViolation::MethodNotPermitted { reason })
}

/// What holds a claim back for a unit assessed by assignment: its external verification, when it
/// is not verified. `label` names the unit ("Unit 001 (…)").
pub fn verification_missing(label: &str, status: Option<VerificationStatus>) -> Option<String> {
    match status {
        Some(VerificationStatus::Verified) => None,
        Some(VerificationStatus::NotAccepted) => Some(format!(
            "{label}: the external verifier did not accept the assignment's marking; it cannot be claimed until it is verified."
        )),
        Some(VerificationStatus::Awaiting) | None => Some(format!(
            "{label}: the assignment is awaiting external verification; it cannot be claimed until it is verified."
        )),
    }
}

#[cfg(test)]
#[path = "assignment_tests.rs"]
mod tests;
