use super::*;
use crate::domain::claims::UnitFacts;

fn complete() -> ClaimFacts {
    ClaimFacts {
        units: vec![UnitFacts {
            unit_id: "u001".to_owned(),
            label: "Unit 001".to_owned(),
            signed_off: true,
            countersigned: true,
        }],
        ..ClaimFacts::default()
    }
}

#[test]
fn a_ready_learner_has_no_hold() {
    assert_eq!(hold_of(&complete(), "q"), None);
}

#[test]
fn q2_a_learner_without_the_iqa_check_is_held_for_iqa() {
    let mut facts = complete();
    facts
        .summative_missing
        .push("No summative check.".to_owned());
    assert_eq!(hold_of(&facts, "q"), Some(Hold::Iqa));
}

#[test]
fn a_missing_reference_holds_before_iqa() {
    let mut facts = complete();
    facts
        .summative_missing
        .push("No summative check.".to_owned());
    facts.reference_missing = reference_missing("City & Guilds", Some("  "));
    assert_eq!(hold_of(&facts, "q"), Some(Hold::Reference));
}

#[test]
fn an_incomplete_record_holds_before_anything_else() {
    let mut facts = complete();
    facts.units[0].countersigned = false;
    facts.reference_missing = reference_missing("SQA", None);
    assert_eq!(hold_of(&facts, "q"), Some(Hold::Record));
}

#[test]
fn a_refusal_carries_the_code_of_the_most_basic_hold() {
    let refusal = claim_refusal(vec![
        (Hold::Iqa, "Ann: no check.".to_owned()),
        (Hold::Reference, "Bo: no number.".to_owned()),
    ]);
    assert_eq!(refusal.code(), "awarding_body_reference_missing");
    assert!(
        refusal
            .to_string()
            .contains("Ann: no check. Bo: no number.")
    );
    let refusal = claim_refusal(vec![(Hold::Iqa, "Ann: no check.".to_owned())]);
    assert_eq!(refusal.code(), "iqa_check_required");
    let refusal = claim_refusal(vec![
        (Hold::Iqa, "Ann.".to_owned()),
        (Hold::Record, "Bo.".to_owned()),
    ]);
    assert_eq!(refusal.code(), "not_ready_for_claim");
}

#[test]
fn each_awarding_body_names_its_own_reference() {
    assert!(
        reference_missing("City & Guilds", None).is_some_and(|r| r.contains("enrolment number"))
    );
    assert!(
        reference_missing("SQA", Some("")).is_some_and(|r| r.contains("Scottish Candidate Number"))
    );
    assert_eq!(reference_missing("SQA", Some("123456789")), None);
}

#[test]
fn q2_default_policy_needs_a_check_of_every_unit() {
    let missing = default_policy_missing(&[
        ("Unit 001".to_owned(), true),
        ("Unit 002".to_owned(), false),
    ]);
    assert_eq!(missing.len(), 1);
    assert!(missing[0].starts_with("Unit 002 has had no summative IQA check"));
    assert!(default_policy_missing(&[("Unit 001".to_owned(), true)]).is_empty());
}
