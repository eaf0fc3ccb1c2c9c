use super::*;

fn unit(id: &str, signed_off: bool, countersigned: bool) -> UnitFacts {
    UnitFacts {
        unit_id: id.to_owned(),
        label: format!("Unit {id}"),
        signed_off,
        countersigned,
    }
}

fn complete() -> ClaimFacts {
    ClaimFacts {
        units: vec![unit("u001", true, true), unit("u002", true, true)],
        ..ClaimFacts::default()
    }
}

#[test]
fn ready_when_every_unit_is_signed_off_and_countersigned() {
    assert_eq!(readiness(&complete(), "q"), Readiness::Qualification);
}

#[test]
fn not_ready_says_which_unit_is_missing_in_plain_words() {
    let mut facts = complete();
    facts.units[1] = unit("u002", false, false);
    facts.units[0] = unit("u001", true, false);
    let Readiness::NotReady(reasons) = readiness(&facts, "q") else {
        panic!("not ready");
    };
    assert_eq!(
        reasons,
        vec![
            "Unit u001 is signed off, but the learner has not countersigned it.".to_owned(),
            "Unit u002 is not signed off by the assessor yet.".to_owned(),
        ]
    );
}

#[test]
fn an_open_referral_summative_gap_or_case_holds_the_claim() {
    for set in 0..3 {
        let mut facts = complete();
        let reason = format!("hold {set}");
        match set {
            0 => facts.iqa_blockers.push(reason.clone()),
            1 => facts.summative_missing.push(reason.clone()),
            _ => facts.open_cases.push(reason.clone()),
        }
        assert_eq!(readiness(&facts, "q"), Readiness::NotReady(vec![reason]));
    }
}

#[test]
fn nobody_is_claimed_twice_for_the_same_qualification() {
    let mut facts = complete();
    facts.already_claimed.push("q".to_owned());
    assert!(!readiness(&facts, "q").is_ready());
}

#[test]
fn a_withdrawn_learner_is_claimed_for_completed_units_never_the_qualification() {
    let mut facts = complete();
    facts.withdrawn = true;
    facts.units[1] = unit("u002", true, false);
    assert_eq!(
        readiness(&facts, "q"),
        Readiness::Units(vec!["u001".to_owned()])
    );
    facts.already_claimed.push("u001".to_owned());
    assert!(!readiness(&facts, "q").is_ready());
}

#[test]
fn claims_move_only_forward_or_back_when_returned() {
    use ClaimStatus::*;
    assert!(check_transition(Draft, Submitted).is_ok());
    assert!(check_transition(Submitted, Certificated).is_ok());
    assert!(check_transition(Submitted, Returned).is_ok());
    for (from, to) in [
        (Draft, Certificated),
        (Certificated, Returned),
        (Returned, Submitted),
        (Certificated, Submitted),
    ] {
        assert!(check_transition(from, to).is_err(), "{from:?} → {to:?}");
    }
    assert!(Submitted.locks_records() && Certificated.locks_records());
    assert!(!Draft.locks_records() && !Returned.locks_records());
}

#[test]
fn certificate_numbers_are_checked() {
    assert_eq!(
        check_certificate_number(" CG/123-4 "),
        Ok("CG/123-4".to_owned())
    );
    assert!(check_certificate_number("").is_err());
    assert!(check_certificate_number("=cmd()").is_err());
}

#[test]
fn q2_summative_sampling_the_plan_requires_holds_the_claim() {
    let none: Vec<SampleStatus> = Vec::new();
    assert_eq!(summative_missing(true, &none).len(), 1);
    assert!(summative_missing(false, &none).is_empty());
    assert!(summative_missing(true, &[SampleStatus::Agreed]).is_empty());
    assert_eq!(summative_missing(false, &[SampleStatus::Open]).len(), 1);
}
