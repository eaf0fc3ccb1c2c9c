//! Unit sign-off: the assessor signs a unit complete when every criterion (or, for SQA, every
//! Evidence Requirement) is met and, where the unit needs one (C5), a signed observation by an
//! assessor or an expert witness is on record. A signed-off unit is locked until a centre
//! administrator or an IQA referral unlocks it.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{Value, json};

use super::observation::{ObserverKind, counts_for_unit};
use super::occasion::{SampledFact, sampled_not_satisfied};
use super::people::FieldError;
use super::rules::RuleViolation;
use crate::curriculum::Curriculum;
use crate::curriculum::model::{EvidenceMethod, Unit};

/// One observation as the C5 check sees it.
#[derive(Debug, Clone)]
pub struct ObservationFact {
    pub observer_kind: ObserverKind,
    /// The observer's signature holds (the record is unchanged since they signed).
    pub observer_signed: bool,
    pub criteria: Vec<String>,
}

/// What sign-off reads about a registration.
#[derive(Debug, Clone, Default)]
pub struct SignOffFacts {
    /// The latest decision per item (true: met).
    pub decisions: BTreeMap<String, bool>,
    pub observations: Vec<ObservationFact>,
    /// SQA (S2/S3): every Knowledge/Skills item sampled on an assessment occasion, with its
    /// mark, in the order the occasions were scheduled.
    pub sampled: Vec<SampledFact>,
}

/// The items that must be met before a unit is signed off: its criteria and Evidence
/// Requirements. SQA Knowledge/Skills items are assessed through the project or an occasion
/// (S2), so they are not required one by one here.
pub fn items_required(unit: &Unit) -> Vec<String> {
    let mut ids: Vec<String> = unit
        .outcomes
        .iter()
        .flat_map(|o| o.criteria.iter().map(|c| c.id.clone()))
        .collect();
    ids.extend(unit.evidence_requirements.iter().map(|e| e.id.clone()));
    ids
}

/// C5: the unit asks for an observation by an assessor or an expert witness.
pub fn needs_observation(unit: &Unit) -> bool {
    unit.evidence.required_any_of.iter().any(|m| {
        matches!(
            m,
            EvidenceMethod::ObservationByAssessor | EvidenceMethod::ObservationByExpertWitness
        )
    })
}

/// May the unit be signed off? `criteria_not_met` lists what is not met yet, in curriculum
/// order, and (SQA) the sampled Knowledge/Skills items not satisfied; then C5
/// `observation_required`.
pub fn check_sign_off(unit: &Unit, facts: &SignOffFacts) -> Result<(), RuleViolation> {
    let not_met: Vec<String> = items_required(unit)
        .into_iter()
        .filter(|id| facts.decisions.get(id) != Some(&true))
        .collect();
    let sampled = sampled_not_satisfied(&facts.sampled);
    if !sampled.is_empty() {
        return Err(RuleViolation::SampledItemsNotSatisfied {
            criteria: not_met,
            sampled,
        });
    }
    if !not_met.is_empty() {
        return Err(RuleViolation::CriteriaNotMet { criteria: not_met });
    }
    let observed = facts
        .observations
        .iter()
        .any(|o| counts_for_unit(unit, o.observer_kind, o.observer_signed, &o.criteria));
    if needs_observation(unit) && !observed {
        return Err(RuleViolation::ObservationRequired);
    }
    Ok(())
}

/// Every item id of a unit (criteria, Knowledge/Skills, Evidence Requirements and range
/// items): what a lock on the unit protects.
pub fn unit_items(unit: &Unit) -> BTreeSet<String> {
    let mut ids: BTreeSet<String> = super::judgement::judgeable_items_of_unit(unit)
        .into_iter()
        .collect();
    for outcome in &unit.outcomes {
        for range in &outcome.range {
            ids.extend((0..range.items.len()).map(|i| range.item_id(i)));
        }
    }
    ids
}

/// The locked units among those that `items` touch, in order, without repeats.
pub fn locked_units_touched(
    curriculum: &Curriculum,
    locked_units: &[String],
    items: &[String],
) -> Vec<String> {
    locked_units
        .iter()
        .filter(|unit_id| {
            curriculum.unit(unit_id).is_some_and(|(_, unit)| {
                let ids = unit_items(unit);
                items.iter().any(|i| ids.contains(i))
            })
        })
        .cloned()
        .collect()
}

/// The message a change to a locked unit gets (409).
pub fn locked_message(unit_ids: &[String]) -> String {
    format!(
        "{} is signed off and locked, so this cannot change. A centre administrator can unlock it, giving a reason.",
        if unit_ids.len() == 1 {
            format!("Unit {}", unit_ids[0])
        } else {
            format!("Units {}", unit_ids.join(", "))
        }
    )
}

crate::codes! {
    /// Who unlocked a signed-off unit.
    pub enum UnlockKind {
        CentreAdmin = "centre_admin",
        /// An IQA referred the decision back (issue 6 records the sample and its actions).
        IqaReferral = "iqa_referral",
    }
}

/// An unlock needs a reason, kept in the audit trail.
pub fn check_unlock_reason(reason: &str) -> Result<String, FieldError> {
    let reason = reason.trim();
    if reason.is_empty() || reason.chars().count() > 2000 {
        return Err(FieldError::new(
            "reason",
            "Say why the unit is unlocked (at most 2,000 characters)",
        ));
    }
    Ok(reason.to_owned())
}

/// The record an assessor and the learner sign: the unit and the latest judgement (item id,
/// judgement id, round, outcome) of each of its required items. A later judgement of any of
/// them voids the signatures.
pub fn sign_off_record(
    registration_id: &str,
    unit_id: &str,
    judgements: &[(String, String, i32, String)],
) -> Value {
    let judgements: Vec<Value> = judgements
        .iter()
        .map(|(item, id, round, outcome)| json!({"item_id": item, "judgement_id": id, "round": round, "outcome": outcome}))
        .collect();
    json!({
        "type": "unit_sign_off", "registration_id": registration_id, "unit_id": unit_id,
        "judgements": judgements,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    type TestResult = Result<(), Box<dyn std::error::Error>>;

    fn all_met(unit: &Unit) -> BTreeMap<String, bool> {
        items_required(unit)
            .into_iter()
            .map(|i| (i, true))
            .collect()
    }

    fn observed(kind: ObserverKind, signed: bool) -> ObservationFact {
        ObservationFact {
            observer_kind: kind,
            observer_signed: signed,
            criteria: vec!["cg-3085/u002/lo3/ac3.2".into()],
        }
    }

    #[test]
    fn sign_off_with_one_criterion_not_met_lists_it() -> TestResult {
        let c = crate::curriculum::shipped()?;
        let (_, unit) = c.unit("cg-3085/u002").ok_or("no unit")?;
        let mut decisions = all_met(unit);
        decisions.insert("cg-3085/u002/lo3/ac3.2".into(), false);
        decisions.remove("cg-3085/u002/lo1/ac1.1");
        let facts = SignOffFacts {
            decisions,
            observations: vec![observed(ObserverKind::Assessor, true)],
            ..SignOffFacts::default()
        };
        assert_eq!(
            check_sign_off(unit, &facts),
            Err(RuleViolation::CriteriaNotMet {
                criteria: vec![
                    "cg-3085/u002/lo1/ac1.1".into(),
                    "cg-3085/u002/lo3/ac3.2".into()
                ]
            })
        );
        Ok(())
    }

    #[test]
    fn c5_unit_002_sign_off_needs_an_observation() -> TestResult {
        let c = crate::curriculum::shipped()?;
        let (_, unit) = c.unit("cg-3085/u002").ok_or("no unit")?;
        let mut facts = SignOffFacts {
            decisions: all_met(unit),
            observations: vec![],
            ..SignOffFacts::default()
        };
        assert_eq!(
            check_sign_off(unit, &facts),
            Err(RuleViolation::ObservationRequired)
        );
        // An observation whose signature is void does not count (and witness testimony is no
        // observation at all: an ObserverKind is an assessor or an expert witness).
        facts.observations = vec![observed(ObserverKind::Assessor, false)];
        assert_eq!(
            check_sign_off(unit, &facts),
            Err(RuleViolation::ObservationRequired)
        );
        facts
            .observations
            .push(observed(ObserverKind::ExpertWitness, true));
        assert_eq!(check_sign_off(unit, &facts), Ok(()));
        Ok(())
    }

    #[test]
    fn c5_unit_001_needs_no_observation() -> TestResult {
        let c = crate::curriculum::shipped()?;
        let (_, unit) = c.unit("cg-3085/u001").ok_or("no unit")?;
        let facts = SignOffFacts {
            decisions: all_met(unit),
            observations: vec![],
            ..SignOffFacts::default()
        };
        assert_eq!(check_sign_off(unit, &facts), Ok(()));
        Ok(())
    }

    #[test]
    fn sqa_sign_off_needs_every_evidence_requirement() -> TestResult {
        let c = crate::curriculum::shipped()?;
        let (_, unit) = c.unit("sqa-fx35-35").ok_or("no unit")?;
        assert_eq!(items_required(unit).len(), 7);
        let mut decisions = all_met(unit);
        decisions.insert("sqa-fx35-35/er7".into(), false);
        let facts = SignOffFacts {
            decisions,
            observations: vec![],
            ..SignOffFacts::default()
        };
        assert_eq!(
            check_sign_off(unit, &facts),
            Err(RuleViolation::CriteriaNotMet {
                criteria: vec!["sqa-fx35-35/er7".into()]
            })
        );
        assert_eq!(
            check_sign_off(
                unit,
                &SignOffFacts {
                    decisions: all_met(unit),
                    observations: vec![],
                    ..SignOffFacts::default()
                }
            ),
            Ok(())
        );
        Ok(())
    }

    #[test]
    fn sqa_sign_off_needs_every_sampled_item_satisfied() -> TestResult {
        use crate::domain::occasion::Mark;
        let c = crate::curriculum::shipped()?;
        let (_, unit) = c.unit("sqa-fx35-35").ok_or("no unit")?;
        let fact = |id: &str, mark| SampledFact {
            item_id: id.into(),
            mark,
        };
        let mut facts = SignOffFacts {
            decisions: all_met(unit),
            sampled: vec![
                fact("sqa-fx35-35/o1/ks2", Some(Mark::Satisfied)),
                fact("sqa-fx35-35/o2/ks4", Some(Mark::NotSatisfied)),
            ],
            ..SignOffFacts::default()
        };
        let refused = check_sign_off(unit, &facts);
        assert_eq!(
            refused,
            Err(RuleViolation::SampledItemsNotSatisfied {
                criteria: vec![],
                sampled: vec!["sqa-fx35-35/o2/ks4".into()]
            })
        );
        assert!(refused.is_err_and(|r| {
            r.code() == "criteria_not_met"
                && r.to_string()
                    .contains("sampled but not satisfied: sqa-fx35-35/o2/ks4")
        }));
        facts
            .sampled
            .push(fact("sqa-fx35-35/o2/ks4", Some(Mark::Satisfied)));
        assert_eq!(check_sign_off(unit, &facts), Ok(()));
        Ok(())
    }

    #[test]
    fn a_lock_covers_the_units_items_and_range() -> TestResult {
        let c = crate::curriculum::shipped()?;
        let locked = vec!["cg-3085/u002".to_owned()];
        let touched = locked_units_touched(&c, &locked, &["cg-3085/u002/lo2/range1/3".into()]);
        assert_eq!(touched, locked);
        assert!(
            locked_units_touched(
                &c,
                &locked,
                &["cg-3085/u001/lo1/ac1.1".into(), "sds/12/12.9".into()]
            )
            .is_empty()
        );
        assert!(locked_message(&locked).starts_with("Unit cg-3085/u002 is signed off and locked"));
        assert!(check_unlock_reason("  ").is_err());
        Ok(())
    }
}
