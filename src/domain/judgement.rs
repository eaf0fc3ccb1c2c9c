//! Assessment judgements: the allocated assessor's "met" or "not yet met" on one assessable item
//! of the learner's qualification, with the evidence relied on and feedback. Judgements come in
//! rounds that are never overwritten; the latest round of an item is its decision.

use std::collections::{BTreeMap, BTreeSet};

use super::eligibility::{StaffRecord, require_assessor};
use super::people::FieldError;
use super::rules::RuleViolation;
use crate::curriculum::Curriculum;
use crate::curriculum::model::Unit;

/// The longest feedback kept (plain text; pages show it escaped).
pub const MAX_FEEDBACK_CHARS: usize = 10_000;

crate::codes! {
    /// An assessor's decision on one item.
    pub enum JudgementOutcome { Met = "met", NotYetMet = "not_yet_met" }
}

impl JudgementOutcome {
    pub fn label(self) -> &'static str {
        match self {
            Self::Met => "Met",
            Self::NotYetMet => "Not yet met",
        }
    }
}

/// The items of one unit that an assessor judges: City & Guilds criteria, SQA Knowledge/Skills
/// items and Evidence Requirements (range items and SDS components are mapped, not judged).
pub fn judgeable_items_of_unit(unit: &Unit) -> Vec<String> {
    let mut ids = Vec::new();
    for outcome in &unit.outcomes {
        ids.extend(outcome.criteria.iter().map(|c| c.id.clone()));
        ids.extend(outcome.knowledge_skills.iter().map(|k| k.id.clone()));
    }
    ids.extend(unit.evidence_requirements.iter().map(|e| e.id.clone()));
    ids
}

/// Every judgeable item of a qualification, with the id of the unit it belongs to.
pub fn judgeable_items(
    curriculum: &Curriculum,
    qualification_id: &str,
) -> BTreeMap<String, String> {
    let Some((_, qualification)) = curriculum.qualification(qualification_id) else {
        return BTreeMap::new();
    };
    curriculum
        .units_of(qualification)
        .flat_map(|unit| {
            judgeable_items_of_unit(unit)
                .into_iter()
                .map(|item| (item, unit.id.clone()))
        })
        .collect()
}

/// What an assessor sends.
#[derive(Debug, Clone, Default)]
pub struct JudgementInput {
    pub item_id: String,
    pub outcome: String,
    pub evidence_ids: Vec<String>,
    pub feedback: String,
}

/// A judgement that may be recorded: its item is in the qualification, its evidence belongs to
/// the registration.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckedJudgement {
    pub item_id: String,
    pub unit_id: String,
    pub outcome: JudgementOutcome,
    pub evidence_ids: Vec<String>,
    pub feedback: String,
}

/// Check a judgement against the qualification and the registration's own evidence.
pub fn check_judgement(
    curriculum: &Curriculum,
    qualification_id: &str,
    registration_evidence: &BTreeSet<String>,
    input: &JudgementInput,
) -> Result<CheckedJudgement, Vec<FieldError>> {
    let mut errors = Vec::new();
    let item_id = input.item_id.trim();
    let unit_id = judgeable_items(curriculum, qualification_id).remove(item_id);
    if item_id.is_empty() {
        errors.push(FieldError::new(
            "criterion_id",
            "Choose the criterion you are judging",
        ));
    } else if unit_id.is_none() {
        errors.push(FieldError::new(
            "criterion_id",
            &format!("{item_id} is not an assessable item of this learner's qualification ({qualification_id}), so it cannot be judged"),
        ));
    }
    let outcome = JudgementOutcome::parse(input.outcome.trim());
    if outcome.is_none() {
        errors.push(FieldError::new("outcome", "Choose met or not yet met"));
    }
    let evidence = check_evidence(
        &input.evidence_ids,
        registration_evidence,
        outcome,
        &mut errors,
    );
    let feedback = check_feedback(&input.feedback, outcome, &mut errors);
    match (unit_id, outcome, errors.is_empty()) {
        (Some(unit_id), Some(outcome), true) => Ok(CheckedJudgement {
            item_id: item_id.to_owned(),
            unit_id,
            outcome,
            evidence_ids: evidence,
            feedback,
        }),
        _ => Err(errors),
    }
}

/// The evidence relied on, sorted and without repeats: only the registration's own, and some
/// for a "met".
fn check_evidence(
    ids: &[String],
    registration_evidence: &BTreeSet<String>,
    outcome: Option<JudgementOutcome>,
    errors: &mut Vec<FieldError>,
) -> Vec<String> {
    let mut evidence: Vec<String> = ids
        .iter()
        .map(|e| e.trim().to_owned())
        .filter(|e| !e.is_empty())
        .collect();
    evidence.sort();
    evidence.dedup();
    if evidence.iter().any(|e| !registration_evidence.contains(e)) {
        errors.push(FieldError::new(
            "evidence_ids",
            "Choose evidence from this learner's portfolio only",
        ));
    } else if evidence.is_empty() && outcome == Some(JudgementOutcome::Met) {
        errors.push(FieldError::new(
            "evidence_ids",
            "Choose the evidence the decision relies on",
        ));
    }
    evidence
}

/// Feedback within the limit, and some for a "not yet met".
fn check_feedback(
    raw: &str,
    outcome: Option<JudgementOutcome>,
    errors: &mut Vec<FieldError>,
) -> String {
    let feedback = raw.trim().to_owned();
    if feedback.chars().count() > MAX_FEEDBACK_CHARS {
        errors.push(FieldError::new("feedback", "Use at most 10,000 characters"));
    } else if feedback.is_empty() && outcome == Some(JudgementOutcome::NotYetMet) {
        errors.push(FieldError::new(
            "feedback",
            "Tell the learner what is missing and what to do next",
        ));
    }
    feedback
}

/// Why a person may not judge a learner's work.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum JudgeRefused {
    /// The learner themselves.
    OwnWork,
    /// Someone other than the allocated assessor.
    NotAllocated,
    /// C6: the allocated assessor does not meet the unit's requirements.
    NotEligible(RuleViolation),
}

/// The facts about who is judging whose work.
pub struct Judge<'a> {
    pub caller_id: &'a str,
    pub learner_id: &'a str,
    pub allocated_assessor_id: &'a str,
    pub staff: &'a StaffRecord,
}

/// Only the allocated assessor who is eligible for the unit (C6) judges; never the learner.
pub fn may_judge(
    curriculum: &Curriculum,
    unit_id: &str,
    judge: &Judge<'_>,
) -> Result<(), JudgeRefused> {
    if judge.caller_id == judge.learner_id {
        return Err(JudgeRefused::OwnWork);
    }
    if judge.caller_id != judge.allocated_assessor_id {
        return Err(JudgeRefused::NotAllocated);
    }
    require_assessor(curriculum, unit_id, judge.staff).map_err(JudgeRefused::NotEligible)
}

/// A new round's number, given the latest on record and the round the assessor saw (if they
/// said). `Err` carries the latest round when someone judged the item in between.
pub fn next_round(latest: Option<i32>, seen: Option<i32>) -> Result<i32, i32> {
    let latest = latest.unwrap_or(0);
    match seen {
        Some(seen) if seen != latest => Err(latest),
        _ => Ok(latest + 1),
    }
}

/// The latest decision per item from (item id, round, met) rows in any order.
pub fn latest_decisions<'a>(
    rounds: impl IntoIterator<Item = (&'a str, i32, bool)>,
) -> BTreeMap<String, bool> {
    let mut latest: BTreeMap<String, (i32, bool)> = BTreeMap::new();
    for (item, round, met) in rounds {
        let entry = latest.entry(item.to_owned()).or_insert((round, met));
        if round >= entry.0 {
            *entry = (round, met);
        }
    }
    latest.into_iter().map(|(k, (_, met))| (k, met)).collect()
}

#[cfg(test)]
#[path = "judgement_tests.rs"]
mod tests;
