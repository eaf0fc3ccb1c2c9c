use super::*;
use crate::domain::eligibility::StaffRecord;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 23).unwrap_or_default()
}

fn assessor() -> StaffFacts {
    StaffFacts {
        user_id: "a".into(),
        name: "Mòrag O'Neill".into(),
        holds_role: true,
        record: StaffRecord {
            qualifications: vec!["a1".into()],
            occupationally_competent: true,
            occupationally_knowledgeable: true,
            ..StaffRecord::default()
        },
    }
}

fn iqa() -> StaffFacts {
    StaffFacts {
        user_id: "i".into(),
        name: "Zoë Adeyemi".into(),
        holds_role: true,
        record: StaffRecord {
            qualifications: vec!["v1".into()],
            occupationally_knowledgeable: true,
            ..StaffRecord::default()
        },
    }
}

fn input(qualification: &str) -> RegistrationInput {
    RegistrationInput {
        learner_name: "Aisha Khan".into(),
        learner_email: "aisha@example.org".into(),
        date_of_birth: "1990-05-01".into(),
        qualification_id: qualification.into(),
        start_date: "2026-12-01".into(),
        planned_end_date: "2027-06-30".into(),
        employer: "Highland Care".into(),
        workplace: "Highland Care, Inverness day service".into(),
        assessor_id: "a".into(),
        iqa_id: "i".into(),
        awarding_body_ref: if qualification == "sqa-fx35-35" {
            "123456789".into()
        } else {
            String::new()
        },
        ..RegistrationInput::default()
    }
}

fn check(
    input: &RegistrationInput,
    assessor: &StaffFacts,
    iqa: &StaffFacts,
) -> Result<CheckedRegistration, Refused> {
    let curriculum = crate::curriculum::shipped().map_err(|_| Refused::Invalid(vec![]))?;
    check_registration(&curriculum, input, today(), Some(assessor), Some(iqa))
}

#[test]
fn a_complete_registration_passes() {
    assert!(check(&input("cg-3085-02"), &assessor(), &iqa()).is_ok());
}

#[test]
fn c1_rejects_registration_under_16() {
    let mut young = input("cg-3085-01");
    // 15 years and 364 days old on the registration date.
    young.date_of_birth = "2010-11-24".into();
    assert_eq!(
        check(&young, &assessor(), &iqa()),
        Err(Refused::Rule(RuleViolation::UnderMinimumAge))
    );
    young.date_of_birth = "2010-11-23".into();
    assert!(
        check(&young, &assessor(), &iqa()).is_ok(),
        "16 today is old enough"
    );
}

#[test]
fn c2_refuses_prior_learning_and_exemptions() {
    let mut rpl = input("cg-3085-02");
    rpl.prior_learning = "NVQ Level 3 covers Unit 001".into();
    assert_eq!(
        check(&rpl, &assessor(), &iqa()),
        Err(Refused::Rule(RuleViolation::RplNotAllowed))
    );
    let mut exempt = input("cg-3085-01");
    exempt.exemptions = vec!["cg-3085/u001".into()];
    assert_eq!(
        check(&exempt, &assessor(), &iqa()),
        Err(Refused::Rule(RuleViolation::RplNotAllowed))
    );
}

#[test]
fn c2_prior_learning_where_allowed_is_kept_not_dropped() {
    let mut rpl = input("sqa-fx35-35");
    rpl.prior_learning = "  SVQ 4 Social Services and Healthcare, 2019  ".into();
    let checked = check(&rpl, &assessor(), &iqa()).map(|c| c.prior_learning);
    assert_eq!(
        checked,
        Ok(Some(PriorLearning {
            description: "SVQ 4 Social Services and Healthcare, 2019".into(),
            exemptions: vec![],
        }))
    );
    rpl.exemptions = vec!["sqa-fx35-35".into()];
    let exempt = check(&rpl, &assessor(), &iqa()).map(|c| c.prior_learning);
    assert!(exempt.is_ok_and(|p| p.is_some_and(|p| p.exemptions == ["sqa-fx35-35"])));
    rpl.exemptions = vec!["cg-3085/u001".into()];
    let Err(Refused::Invalid(errors)) = check(&rpl, &assessor(), &iqa()) else {
        panic!("a unit of another qualification was accepted as an exemption");
    };
    assert_eq!(errors[0].field, "exemptions");
    rpl.prior_learning = String::new();
    rpl.exemptions = vec!["sqa-fx35-35".into()];
    let Err(Refused::Invalid(errors)) = check(&rpl, &assessor(), &iqa()) else {
        panic!("an exemption without its prior learning was accepted");
    };
    assert_eq!(errors[0].field, "prior_learning");
}

#[test]
fn c6_assessor_must_be_eligible_for_every_unit() {
    let mut knowledgeable_only = assessor();
    knowledgeable_only.record.occupationally_competent = false;
    let refused = check(&input("cg-3085-02"), &knowledgeable_only, &iqa());
    assert!(
        matches!(
            refused,
            Err(Refused::Rule(RuleViolation::AssessorNotEligible { .. }))
        ),
        "{refused:?}"
    );
    assert!(
        check(&input("cg-3085-01"), &knowledgeable_only, &iqa()).is_ok(),
        "Unit 001 needs knowledge only"
    );
}

#[test]
fn c8_the_iqa_cannot_be_the_assessor() {
    let mut both = iqa();
    both.user_id = "a".into();
    assert_eq!(
        check(&input("cg-3085-02"), &assessor(), &both),
        Err(Refused::Rule(RuleViolation::IqaOwnDecision))
    );
}

#[test]
fn c8_an_iqa_without_v1_is_warned_not_refused() -> Result<(), String> {
    let mut unqualified = iqa();
    unqualified.record.qualifications.clear();
    let checked =
        check(&input("cg-3085-02"), &assessor(), &unqualified).map_err(|e| format!("{e:?}"))?;
    assert!(!checked.warnings.is_empty());
    Ok(())
}

#[test]
fn s6_fm96_34_missing_is_a_warning() -> Result<(), String> {
    let checked =
        check(&input("sqa-fx35-35"), &assessor(), &iqa()).map_err(|e| format!("{e:?}"))?;
    assert!(
        checked.warnings.iter().any(|w| w.contains("FM96 34")),
        "{:?}",
        checked.warnings
    );
    let mut done = input("sqa-fx35-35");
    done.completed_prior_unit = true;
    let checked = check(&done, &assessor(), &iqa()).map_err(|e| format!("{e:?}"))?;
    assert!(checked.warnings.iter().all(|w| !w.contains("FM96 34")));
    Ok(())
}

#[test]
fn an_scn_of_8_digits_is_refused() {
    let mut sqa = input("sqa-fx35-35");
    sqa.awarding_body_ref = "12345678".into();
    let refused = check(&sqa, &assessor(), &iqa());
    assert_eq!(
        refused,
        Err(Refused::Invalid(vec![FieldError::new(
            "awarding_body_ref",
            "Enter the Scottish Candidate Number: 9 digits"
        )]))
    );
}

#[test]
fn s4_open_learning_needs_an_authenticator() {
    let mut open = input("sqa-fx35-35");
    open.open_learning = true;
    let refused = check(&open, &assessor(), &iqa());
    assert!(
        matches!(&refused, Err(Refused::Invalid(errors)) if errors.iter().any(|e| e.field == "authenticator")),
        "{refused:?}"
    );
}

#[test]
fn unit_002_needs_a_real_work_environment() {
    let mut nowhere = input("cg-3085-02");
    nowhere.workplace = " ".into();
    let refused = check(&nowhere, &assessor(), &iqa());
    assert!(
        matches!(&refused, Err(Refused::Invalid(errors)) if errors.iter().any(|e| e.field == "workplace")),
        "{refused:?}"
    );
}

#[test]
fn end_date_must_follow_start_date() {
    let mut backwards = input("cg-3085-01");
    backwards.planned_end_date = "2026-01-01".into();
    let refused = check(&backwards, &assessor(), &iqa());
    assert!(
        matches!(&refused, Err(Refused::Invalid(errors)) if errors.iter().any(|e| e.field == "planned_end_date")),
        "{refused:?}"
    );
}

/// A Unit 001 assessor who holds only the QCF Level 3 AVRA (occupationally knowledgeable).
fn avra_only() -> StaffFacts {
    StaffFacts {
        user_id: "v".into(),
        name: "Ruaridh MacLeod".into(),
        holds_role: true,
        record: StaffRecord {
            qualifications: vec!["qcf-l3-avra".into()],
            occupationally_knowledgeable: true,
            ..StaffRecord::default()
        },
    }
}

fn unit_check(unit: &str, assessor: &StaffFacts, iqa: &StaffFacts) -> Result<(), Refused> {
    let curriculum = crate::curriculum::shipped().map_err(|_| Refused::Invalid(vec![]))?;
    let mut errors = Vec::new();
    let staffing = Staffing {
        assessor: Some(assessor),
        iqa: Some(iqa),
    };
    check_unit_staff(&curriculum, "cg-3085-02", unit, staffing, &mut errors)?;
    if errors.is_empty() {
        Ok(())
    } else {
        Err(Refused::Invalid(errors))
    }
}

#[test]
fn c6_per_unit_an_avra_assessor_may_hold_unit_001_but_not_unit_002() {
    assert_eq!(unit_check("cg-3085/u001", &avra_only(), &iqa()), Ok(()));
    let refused = unit_check("cg-3085/u002", &avra_only(), &iqa());
    assert!(
        matches!(
            refused,
            Err(Refused::Rule(RuleViolation::AssessorNotEligible { .. }))
        ),
        "{refused:?}"
    );
}

#[test]
fn c6_per_unit_the_registrations_assessor_answers_only_for_units_not_allocated_elsewhere() {
    let Ok(curriculum) = crate::curriculum::shipped() else {
        panic!("the shipped curriculum loads");
    };
    let (avra, iqa) = (avra_only(), iqa());
    let staffing = Staffing {
        assessor: Some(&avra),
        iqa: Some(&iqa),
    };
    let mut errors = Vec::new();
    let whole = check_staff(&curriculum, "cg-3085-02", staffing, &[], &mut errors);
    assert!(whole.is_err(), "Unit 002 asks for competence");
    let elsewhere = ["cg-3085/u002".to_owned()];
    let rest = check_staff(&curriculum, "cg-3085-02", staffing, &elsewhere, &mut errors);
    assert_eq!(rest, Ok(()));
    assert!(errors.is_empty(), "{errors:?}");
}

#[test]
fn c8_per_unit_a_units_iqa_is_never_its_assessor() {
    let mut both = iqa();
    both.user_id = "v".into();
    assert_eq!(
        unit_check("cg-3085/u001", &avra_only(), &both),
        Err(Refused::Rule(RuleViolation::IqaOwnDecision))
    );
}
