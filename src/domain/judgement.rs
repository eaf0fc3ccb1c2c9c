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

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Met,
    NotYetMet,
}

impl Outcome {
    pub fn code(self) -> &'static str {
        match self {
            Self::Met => "met",
            Self::NotYetMet => "not_yet_met",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Met => "Met",
            Self::NotYetMet => "Not yet met",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        match code.trim() {
            "met" => Some(Self::Met),
            "not_yet_met" => Some(Self::NotYetMet),
            _ => None,
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
    pub outcome: Outcome,
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
    let outcome = Outcome::parse(&input.outcome);
    if outcome.is_none() {
        errors.push(FieldError::new("outcome", "Choose met or not yet met"));
    }
    let mut evidence: Vec<String> = input
        .evidence_ids
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
    } else if evidence.is_empty() && outcome == Some(Outcome::Met) {
        errors.push(FieldError::new(
            "evidence_ids",
            "Choose the evidence the decision relies on",
        ));
    }
    let feedback = input.feedback.trim().to_owned();
    if feedback.chars().count() > MAX_FEEDBACK_CHARS {
        errors.push(FieldError::new("feedback", "Use at most 10,000 characters"));
    } else if feedback.is_empty() && outcome == Some(Outcome::NotYetMet) {
        errors.push(FieldError::new(
            "feedback",
            "Tell the learner what is missing and what to do next",
        ));
    }
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
mod tests {
    use super::*;

    type TestResult = Result<(), Box<dyn std::error::Error>>;

    fn input(item: &str, outcome: &str, evidence: &[&str], feedback: &str) -> JudgementInput {
        JudgementInput {
            item_id: item.into(),
            outcome: outcome.into(),
            evidence_ids: evidence.iter().map(|e| (*e).to_owned()).collect(),
            feedback: feedback.into(),
        }
    }

    fn portfolio() -> BTreeSet<String> {
        ["e1".to_owned(), "e2".to_owned()].into()
    }

    #[test]
    fn judging_an_item_outside_the_qualification_is_refused() -> TestResult {
        let c = crate::curriculum::shipped()?;
        let refused = check_judgement(
            &c,
            "cg-3085-01",
            &portfolio(),
            &input("cg-3085/u002/lo1/ac1.1", "met", &["e1"], ""),
        );
        let errors = refused.err().ok_or("accepted")?;
        assert_eq!(errors[0].field, "criterion_id");
        assert!(
            errors[0].message.contains("not an assessable item"),
            "{}",
            errors[0].message
        );
        // Range items are mapped, not judged.
        assert!(
            check_judgement(
                &c,
                "cg-3085-02",
                &portfolio(),
                &input("cg-3085/u002/lo2/range1/3", "met", &["e1"], "")
            )
            .is_err()
        );
        Ok(())
    }

    #[test]
    fn criteria_and_sqa_items_are_judged_in_their_unit() -> TestResult {
        let c = crate::curriculum::shipped()?;
        let ok = check_judgement(
            &c,
            "cg-3085-02",
            &portfolio(),
            &input(
                "cg-3085/u002/lo1/ac1.1",
                "met",
                &["e2", "e1", "e1"],
                " Clear. ",
            ),
        )
        .map_err(|e| format!("{e:?}"))?;
        assert_eq!(ok.unit_id, "cg-3085/u002");
        assert_eq!(ok.evidence_ids, ["e1", "e2"]);
        assert_eq!(ok.feedback, "Clear.");
        let items = judgeable_items(&c, "sqa-fx35-35");
        assert_eq!(
            items.get("sqa-fx35-35/er3").map(String::as_str),
            Some("sqa-fx35-35")
        );
        assert_eq!(
            items.get("sqa-fx35-35/o2/ks4").map(String::as_str),
            Some("sqa-fx35-35")
        );
        assert_eq!(judgeable_items(&c, "cg-3085-02").len(), 44);
        Ok(())
    }

    #[test]
    fn evidence_must_be_the_learners_own_and_not_yet_met_needs_feedback() -> TestResult {
        let c = crate::curriculum::shipped()?;
        let item = "cg-3085/u001/lo1/ac1.1";
        let other = check_judgement(
            &c,
            "cg-3085-01",
            &portfolio(),
            &input(item, "met", &["someone-elses"], ""),
        );
        assert_eq!(
            other.err().map(|e| e[0].field.clone()).as_deref(),
            Some("evidence_ids")
        );
        let silent = check_judgement(
            &c,
            "cg-3085-01",
            &portfolio(),
            &input(item, "not_yet_met", &["e1"], "  "),
        );
        assert_eq!(
            silent.err().map(|e| e[0].field.clone()).as_deref(),
            Some("feedback")
        );
        let odd = check_judgement(
            &c,
            "cg-3085-01",
            &portfolio(),
            &input(item, "maybe", &["e1"], ""),
        );
        assert_eq!(
            odd.err().map(|e| e[0].field.clone()).as_deref(),
            Some("outcome")
        );
        Ok(())
    }

    fn competent() -> StaffRecord {
        StaffRecord {
            qualifications: vec!["a1".into()],
            occupationally_competent: true,
            ..StaffRecord::default()
        }
    }

    #[test]
    fn c6_unallocated_assessor_cannot_judge() -> TestResult {
        let c = crate::curriculum::shipped()?;
        let staff = competent();
        let judge = Judge {
            caller_id: "other",
            learner_id: "l",
            allocated_assessor_id: "a",
            staff: &staff,
        };
        assert_eq!(
            may_judge(&c, "cg-3085/u002", &judge),
            Err(JudgeRefused::NotAllocated)
        );
        Ok(())
    }

    #[test]
    fn c6_ineligible_allocated_assessor_cannot_judge() -> TestResult {
        let c = crate::curriculum::shipped()?;
        // Knowledgeable is enough for Unit 001's competence, not for Unit 002's.
        let staff = StaffRecord {
            qualifications: vec!["a1".into()],
            occupationally_knowledgeable: true,
            ..StaffRecord::default()
        };
        let judge = Judge {
            caller_id: "a",
            learner_id: "l",
            allocated_assessor_id: "a",
            staff: &staff,
        };
        assert!(may_judge(&c, "cg-3085/u001", &judge).is_ok());
        let refused = may_judge(&c, "cg-3085/u002", &judge);
        assert!(
            matches!(
                refused,
                Err(JudgeRefused::NotEligible(
                    RuleViolation::AssessorNotEligible { .. }
                ))
            ),
            "{refused:?}"
        );
        let allowed = competent();
        let judge = Judge {
            staff: &allowed,
            ..judge
        };
        assert!(may_judge(&c, "cg-3085/u002", &judge).is_ok());
        Ok(())
    }

    #[test]
    fn a_learner_cannot_judge_their_own_work() -> TestResult {
        let c = crate::curriculum::shipped()?;
        let staff = competent();
        let judge = Judge {
            caller_id: "l",
            learner_id: "l",
            allocated_assessor_id: "l",
            staff: &staff,
        };
        assert_eq!(
            may_judge(&c, "cg-3085/u002", &judge),
            Err(JudgeRefused::OwnWork)
        );
        Ok(())
    }

    #[test]
    fn a_round_judged_in_between_is_a_conflict() {
        assert_eq!(next_round(None, None), Ok(1));
        assert_eq!(next_round(None, Some(0)), Ok(1));
        assert_eq!(next_round(Some(2), Some(2)), Ok(3));
        assert_eq!(next_round(Some(3), Some(2)), Err(3));
        assert_eq!(next_round(Some(3), None), Ok(4));
    }

    #[test]
    fn the_latest_round_is_the_decision() {
        let rows = [
            ("a", 2, true),
            ("a", 1, false),
            ("b", 1, false),
            ("b", 3, false),
            ("b", 2, true),
        ];
        let latest = latest_decisions(rows);
        assert_eq!(latest.get("a"), Some(&true));
        assert_eq!(latest.get("b"), Some(&false));
    }
}
