use super::*;
use crate::curriculum::{load_sources, shipped, shipped_sources};

type TestResult = Result<(), Box<dyn std::error::Error>>;
type Found = Result<Decision, Box<dyn std::error::Error>>;

fn staff(qualifications: &[&str], competent: bool, knowledgeable: bool) -> StaffRecord {
    StaffRecord {
        qualifications: qualifications.iter().map(|q| (*q).to_owned()).collect(),
        occupationally_competent: competent,
        occupationally_knowledgeable: knowledgeable,
        ..StaffRecord::default()
    }
}

fn witness(qualifications: &[&str], working_knowledge: bool, work_role: bool) -> StaffRecord {
    StaffRecord {
        working_knowledge_of_units: working_knowledge,
        work_role_evaluates_practice: work_role,
        ..staff(qualifications, true, true)
    }
}

fn assess(unit_id: &str, record: &StaffRecord) -> Found {
    let found = may_assess(&shipped()?, unit_id, record);
    Ok(found.ok_or(format!("no unit {unit_id}"))?)
}

fn quality_assure(qualification_id: &str, record: &StaffRecord) -> Found {
    let found = may_quality_assure(&shipped()?, qualification_id, record);
    Ok(found.ok_or(format!("no qualification {qualification_id}"))?)
}

fn expert_witness(qualification_id: &str, record: &StaffRecord) -> Found {
    let found = may_be_expert_witness(&shipped()?, qualification_id, record);
    Ok(found.ok_or(format!("no qualification {qualification_id}"))?)
}

fn says(decision: &Decision, words: &str) -> bool {
    decision.reasons.iter().any(|r| r.contains(words))
}

#[test]
fn c6_unit_002_needs_occupational_competence() -> TestResult {
    let knows = assess("cg-3085/u002", &staff(&["a1"], false, true))?;
    assert!(!knows.allowed);
    let reason = "Not recorded as occupationally competent, which Unit 002 requires";
    assert!(says(&knows, reason), "{knows:?}");
    let competent = assess("cg-3085/u002", &staff(&["a1"], true, false))?;
    assert!(competent.allowed && competent.warnings.is_empty());
    assert!(says(
        &competent,
        "Holds A1 Assess Candidate Performance Using a Range of Methods, which the unit accepts"
    ));
    Ok(())
}

#[test]
fn c6_unit_001_accepts_the_avra_award() -> TestResult {
    let avra = staff(&["qcf-l3-avra"], false, true);
    let decision = assess("cg-3085/u001", &avra)?;
    assert!(decision.allowed, "{decision:?}");
    let title = "QCF Level 3 Award in Assessing Vocationally Related Achievement";
    assert!(says(
        &decision,
        &format!("Holds {title}, which the unit accepts")
    ));
    assert!(require_assessor(&shipped()?, "cg-3085/u001", &avra).is_ok());
    Ok(())
}

#[test]
fn c6_unit_002_refuses_the_avra_award() -> TestResult {
    let decision = assess("cg-3085/u002", &staff(&["qcf-l3-avra"], true, true))?;
    assert!(!decision.allowed);
    assert!(says(&decision, "which Unit 002 does not accept"));
    assert!(says(
        &decision,
        "Holds none of the qualifications Unit 002 accepts: D32"
    ));
    Ok(())
}

#[test]
fn c6_unit_001_takes_competence_as_knowledge() -> TestResult {
    let decision = assess("cg-3085/u001", &staff(&["ctlls"], true, false))?;
    assert!(decision.allowed && says(&decision, "competent, and so knowledgeable"));
    Ok(())
}

#[test]
fn c6_refusal_carries_only_the_refusing_reasons() -> TestResult {
    let curriculum = shipped()?;
    let result = require_assessor(&curriculum, "cg-3085/u002", &staff(&["a1"], false, true));
    let Err(RuleViolation::AssessorNotEligible { unit_id, reasons }) = result else {
        panic!("a knowledgeable but not competent assessor is refused Unit 002");
    };
    assert_eq!(unit_id, "cg-3085/u002");
    let reason = "Not recorded as occupationally competent, which Unit 002 requires";
    assert_eq!(reasons, [reason]);
    let nobody = StaffRecord::default();
    let unknown = require_assessor(&curriculum, "cg-3085/u999", &nobody);
    assert!(unknown.is_err_and(|v| v.code() == "assessor_not_eligible"));
    assert!(may_assess(&curriculum, "cg-3085/u999", &nobody).is_none());
    Ok(())
}

#[test]
fn c6_follows_the_curriculum_not_the_code() -> TestResult {
    let mut sources = shipped_sources();
    let from = "\"nmc-mentorship\",\n  \"qcf-l3-avra\",\n]";
    let Some(cg) = sources.iter_mut().find(|s| s.text.contains(from)) else {
        panic!("Unit 001 lists the AVRA award last");
    };
    cg.text = cg.text.replace(from, "\"nmc-mentorship\",\n]");
    let curriculum = load_sources(sources)?;
    let avra = staff(&["qcf-l3-avra"], true, true);
    let decision = may_assess(&curriculum, "cg-3085/u001", &avra);
    assert!(decision.is_some_and(|d| !d.allowed));
    Ok(())
}

#[test]
fn sqa_unit_has_no_assessor_rule() -> TestResult {
    let knows = assess("sqa-fx35-35", &staff(&[], false, true))?;
    assert!(knows.allowed);
    assert!(says(&knows, "sets no assessor qualification"));
    assert!(says(&knows, "the centre's own requirements apply"));
    assert_eq!(knows.warnings.len(), 1);
    assert!(!assess("sqa-fx35-35", &StaffRecord::default())?.allowed);
    Ok(())
}

#[test]
fn c7_expert_witness_with_work_role_but_no_qualification() -> TestResult {
    let manager = witness(&[], true, true);
    let decision = expert_witness("cg-3085-02", &manager)?;
    assert!(decision.allowed, "{decision:?}");
    let role = "a professional work role which involves evaluating the every day practice of staff";
    assert!(says(&decision, &format!("but has \"{role}\"")));
    let curriculum = shipped()?;
    assert!(require_expert_witness(&curriculum, "cg-3085-02", &manager).is_ok());
    let neither = witness(&[], true, false);
    let refused = require_expert_witness(&curriculum, "cg-3085-02", &neither);
    assert!(refused.is_err_and(|v| v.to_string().contains("is not recorded as having")));
    Ok(())
}

#[test]
fn c7_expert_witness_without_working_knowledge_is_refused() -> TestResult {
    let record = witness(&["a1"], false, true);
    let result = require_expert_witness(&shipped()?, "cg-3085-02", &record);
    let Err(RuleViolation::ExpertWitnessNotEligible { reasons }) = result else {
        panic!("an expert witness needs a working knowledge of the units");
    };
    assert_eq!(reasons.len(), 1);
    assert!(
        reasons
            .iter()
            .all(|r| r.contains("working knowledge of the units"))
    );
    Ok(())
}

#[test]
fn c7_expert_witness_must_be_occupationally_competent() -> TestResult {
    let record = StaffRecord {
        occupationally_competent: false,
        ..witness(&["a1"], true, true)
    };
    let decision = expert_witness("cg-3085-01", &record)?;
    assert!(!decision.allowed);
    assert!(says(&decision, "Not recorded as occupationally competent"));
    Ok(())
}

#[test]
fn c7_sqa_makes_no_provision_for_expert_witnesses() -> TestResult {
    let decision = expert_witness("sqa-fx35-35", &witness(&["a1"], true, true))?;
    assert!(!decision.allowed);
    assert!(says(&decision, "makes no provision for expert witnesses"));
    Ok(())
}

#[test]
fn c8_iqa_without_v1_is_warned_not_blocked() -> TestResult {
    let without = quality_assure("cg-3085-02", &staff(&[], false, true))?;
    assert!(without.allowed);
    assert_eq!(without.warnings.len(), 1);
    assert!(without.warnings.iter().all(|w| w.contains("V1")));
    let with = quality_assure("cg-3085-02", &staff(&["v1"], false, true))?;
    assert!(with.allowed && with.warnings.is_empty() && says(&with, "Holds V1"));
    Ok(())
}

#[test]
fn c8_iqa_must_be_occupationally_knowledgeable() -> TestResult {
    for id in ["cg-3085-01", "sqa-fx35-35"] {
        let decision = quality_assure(id, &staff(&["v1"], false, false))?;
        assert!(!decision.allowed, "{id}");
    }
    let sqa = quality_assure("sqa-fx35-35", &staff(&[], false, true))?;
    assert!(sqa.allowed);
    assert!(says(
        &sqa,
        "sets no requirements for internal quality assurers"
    ));
    Ok(())
}

#[test]
fn c8_assessor_cannot_iqa_own_decision() {
    let own = check_not_own_decision("user-1", "user-1");
    assert_eq!(own, Err(RuleViolation::IqaOwnDecision));
    assert_eq!(check_not_own_decision("user-2", "user-1"), Ok(()));
}

#[test]
fn eligibility_covers_the_curriculum_in_order() -> TestResult {
    let curriculum = shipped()?;
    let all = eligibility(&curriculum, &witness(&["a1", "v1"], true, true));
    let units: Vec<&str> = all.units.iter().map(|u| u.unit_id.as_str()).collect();
    assert_eq!(units, ["cg-3085/u001", "cg-3085/u002", "sqa-fx35-35"]);
    let qualifications: Vec<_> = curriculum.qualifications().map(|(_, q)| &q.id).collect();
    for list in [&all.quality_assurance, &all.expert_witness] {
        let ids: Vec<_> = list.iter().map(|q| &q.qualification_id).collect();
        assert_eq!(ids, qualifications);
    }
    assert!(all.units.iter().all(|u| u.decision.allowed));
    let witnesses: Vec<_> = all
        .expert_witness
        .iter()
        .map(|q| q.decision.allowed)
        .collect();
    assert_eq!(witnesses, [true, true, false]);
    Ok(())
}
