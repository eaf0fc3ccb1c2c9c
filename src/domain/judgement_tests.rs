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
