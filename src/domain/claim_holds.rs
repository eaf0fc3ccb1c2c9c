//! Why a learner cannot be claimed yet, sorted into the three things that can hold a claim back:
//! the record itself (units, withdrawal, open cases, an earlier claim), the reference the awarding
//! body needs, and the internal quality assurer's check (Q2). A refused claim carries the code of
//! the first of these that holds any of its learners, and every learner's reasons in words.

use super::claims::{ClaimFacts, readiness};
use super::rules::RuleViolation;

/// What holds a learner back, in the order a refusal names them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Hold {
    /// Units not signed off or countersigned, withdrawn with nothing to claim, an open case,
    /// or already claimed.
    Record,
    /// No City & Guilds enrolment number, or no SQA candidate number.
    Reference,
    /// The summative IQA check the sampling plan, or the default policy, needs.
    Iqa,
}

/// What holds this learner back, or `None` when they are ready.
pub fn hold_of(facts: &ClaimFacts, qualification_key: &str) -> Option<Hold> {
    if readiness(facts, qualification_key).is_ready() {
        return None;
    }
    let record_only = ClaimFacts {
        iqa_blockers: Vec::new(),
        summative_missing: Vec::new(),
        reference_missing: None,
        ..facts.clone()
    };
    Some(if !readiness(&record_only, qualification_key).is_ready() {
        Hold::Record
    } else if facts.reference_missing.is_some() {
        Hold::Reference
    } else {
        Hold::Iqa
    })
}

/// The refusal of a claim whose learners are held back: each as (what holds them, "Name: the
/// reasons."). The code is that of the most basic hold among them.
pub fn claim_refusal(refused: Vec<(Hold, String)>) -> RuleViolation {
    let first = refused.iter().map(|(hold, _)| *hold).min();
    let learners: Vec<String> = refused.into_iter().map(|(_, words)| words).collect();
    match first {
        Some(Hold::Reference) => RuleViolation::AwardingBodyReferenceMissing { learners },
        Some(Hold::Iqa) => RuleViolation::IqaCheckRequired { learners },
        Some(Hold::Record) | None => RuleViolation::ClaimNotReady { learners },
    }
}

/// The awarding body's reference a claim needs, when it is blank: City & Guilds claims by
/// enrolment number, SQA by Scottish Candidate Number.
pub fn reference_missing(awarding_body: &str, reference: Option<&str>) -> Option<String> {
    if reference.is_some_and(|r| !r.trim().is_empty()) {
        return None;
    }
    let what = if awarding_body == "SQA" {
        "SQA candidate number (Scottish Candidate Number)"
    } else if awarding_body == "City & Guilds" {
        "City & Guilds enrolment number"
    } else {
        "awarding body reference"
    };
    Some(format!(
        "No {what} is recorded for this learner; add it to their registration."
    ))
}

/// Q2's default policy, where no sampling plan covers the qualification: every unit has at least
/// one finished summative IQA check before a claim. `units` are (the unit's label, whether a
/// summative check of it is agreed or resolved).
pub fn default_policy_missing(units: &[(String, bool)]) -> Vec<String> {
    units
        .iter()
        .filter(|(_, checked)| !checked)
        .map(|(label, _)| {
            format!(
                "{label} has had no summative IQA check; with no sampling plan for this qualification, every unit is checked before a claim."
            )
        })
        .collect()
}

#[cfg(test)]
#[path = "claim_holds_tests.rs"]
mod tests;
