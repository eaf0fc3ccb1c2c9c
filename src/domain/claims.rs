//! Certification claims: who is ready to be claimed, and how a claim moves from draft to
//! submitted to certificated (or back, returned). Plain data in, plain answers out; the reasons
//! a learner is not ready are written for the centre administrator to read.

use std::fmt;

/// What eligibility reads about one unit a qualification needs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnitFacts {
    pub unit_id: String,
    /// "Unit 001", for the reasons.
    pub label: String,
    /// The assessor's sign-off stands (for SQA: the unit result is a pass).
    pub signed_off: bool,
    /// The learner's countersignature on that sign-off holds.
    pub countersigned: bool,
}

impl UnitFacts {
    pub fn complete(&self) -> bool {
        self.signed_off && self.countersigned
    }
}

/// What eligibility reads about a registration.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ClaimFacts {
    /// The qualification's mandatory units, in order.
    pub units: Vec<UnitFacts>,
    pub withdrawn: bool,
    /// Open IQA referrals, in plain words.
    pub iqa_blockers: Vec<String>,
    /// Summative sampling the plan requires and has not had, in plain words.
    pub summative_missing: Vec<String>,
    /// Open malpractice or appeal cases, in plain words.
    pub open_cases: Vec<String>,
    /// The qualification, or units, already in a live claim (claim keys).
    pub already_claimed: Vec<String>,
    /// The awarding body's reference, when it is missing, in plain words.
    pub reference_missing: Option<String>,
}

/// What may be claimed for a learner.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Readiness {
    /// The whole qualification.
    Qualification,
    /// Unit certificates for these units (a learner who withdrew after completing them).
    Units(Vec<String>),
    /// Nothing yet; why, in plain words.
    NotReady(Vec<String>),
}

impl Readiness {
    pub fn is_ready(&self) -> bool {
        !matches!(self, Self::NotReady(_))
    }
}

/// The reasons every claim is held back, whatever is claimed.
fn holds(facts: &ClaimFacts) -> Vec<String> {
    let mut reasons = Vec::new();
    reasons.extend(facts.iqa_blockers.iter().cloned());
    reasons.extend(facts.summative_missing.iter().cloned());
    reasons.extend(facts.open_cases.iter().cloned());
    reasons.extend(facts.reference_missing.iter().cloned());
    reasons
}

fn unit_reason(unit: &UnitFacts) -> Option<String> {
    match (unit.signed_off, unit.countersigned) {
        (false, _) => Some(format!(
            "{} is not signed off by the assessor yet.",
            unit.label
        )),
        (true, false) => Some(format!(
            "{} is signed off, but the learner has not countersigned it.",
            unit.label
        )),
        (true, true) => None,
    }
}

/// Who is ready for what. `qualification_key` is the claim key of the whole qualification
/// (its id); units are claimed under their unit ids.
pub fn readiness(facts: &ClaimFacts, qualification_key: &str) -> Readiness {
    let mut reasons = holds(facts);
    if facts.withdrawn {
        let units: Vec<String> = facts
            .units
            .iter()
            .filter(|u| u.complete() && !facts.already_claimed.contains(&u.unit_id))
            .map(|u| u.unit_id.clone())
            .collect();
        if units.is_empty() {
            reasons.push(
                "The learner has withdrawn and has no completed unit left to claim a unit certificate for."
                    .to_owned(),
            );
        }
        return if reasons.is_empty() {
            Readiness::Units(units)
        } else {
            Readiness::NotReady(reasons)
        };
    }
    if facts.already_claimed.iter().any(|k| k == qualification_key) {
        return Readiness::NotReady(vec!["Already claimed for this qualification.".to_owned()]);
    }
    reasons.extend(facts.units.iter().filter_map(unit_reason));
    if reasons.is_empty() {
        Readiness::Qualification
    } else {
        Readiness::NotReady(reasons)
    }
}

/// Where a claim is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ClaimStatus {
    Draft,
    Submitted,
    Certificated,
    Returned,
}

impl ClaimStatus {
    pub fn code(self) -> &'static str {
        match self {
            Self::Draft => "draft",
            Self::Submitted => "submitted",
            Self::Certificated => "certificated",
            Self::Returned => "returned",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        [
            Self::Draft,
            Self::Submitted,
            Self::Certificated,
            Self::Returned,
        ]
        .into_iter()
        .find(|s| s.code() == code)
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Draft => "Draft",
            Self::Submitted => "Submitted",
            Self::Certificated => "Certificated",
            Self::Returned => "Returned",
        }
    }

    /// Once submitted (and after), the learners' records are locked.
    pub fn locks_records(self) -> bool {
        matches!(self, Self::Submitted | Self::Certificated)
    }
}

impl fmt::Display for ClaimStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

/// A claim moves draft → submitted → certificated, or submitted → returned; nothing else.
pub fn check_transition(from: ClaimStatus, to: ClaimStatus) -> Result<(), String> {
    use ClaimStatus::{Certificated, Draft, Returned, Submitted};
    match (from, to) {
        (Draft, Submitted) | (Submitted, Certificated) | (Submitted, Returned) => Ok(()),
        (from, to) => Err(format!(
            "A {} claim cannot be marked {}.",
            from.code(),
            to.code()
        )),
    }
}

/// The claim key a learner stands under: the qualification, or each unit for unit certificates.
pub fn claim_keys(qualification_id: &str, readiness: &Readiness) -> Vec<(String, String)> {
    match readiness {
        Readiness::Qualification => vec![("qualification".to_owned(), qualification_id.to_owned())],
        Readiness::Units(units) => units
            .iter()
            .map(|u| ("unit".to_owned(), u.clone()))
            .collect(),
        Readiness::NotReady(_) => Vec::new(),
    }
}

/// A certificate number as the awarding body sends it: 1 to 40 letters, digits, `-` or `/`.
pub fn check_certificate_number(number: &str) -> Result<String, String> {
    let number = number.trim();
    let fine = !number.is_empty()
        && number.len() <= 40
        && number
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '/');
    if fine {
        Ok(number.to_owned())
    } else {
        Err(
            "Enter the certificate number as the awarding body gave it (letters, digits, - or /)."
                .to_owned(),
        )
    }
}

#[cfg(test)]
#[path = "claims_tests.rs"]
mod tests;

/// Summative IQA sampling before a claim (Q2): what is still missing for one learner, in plain
/// words. `required` is true when the sampling plan holds the learner's assessor at 100% (new,
/// unqualified or recently referred, not yet signed off); `statuses` are the statuses of the
/// learner's summative samples.
pub fn summative_missing(required: bool, statuses: &[String]) -> Vec<String> {
    if statuses.iter().any(|s| s == "open") {
        return vec![
            "The IQA's summative check of this learner's work is not finished.".to_owned(),
        ];
    }
    let done = statuses.iter().any(|s| s == "agreed" || s == "resolved");
    if required && !done {
        vec![
            "The sampling plan needs a summative IQA check of this learner's work before a claim, and none has been done."
                .to_owned(),
        ]
    } else {
        Vec::new()
    }
}
