use super::*;

type TestResult = Result<(), Box<dyn std::error::Error>>;

const AC: &str = "cg-3085/u002/lo1/ac1.1";

fn item(title: &str, kind: EvidenceKind) -> Relied {
    Relied {
        title: title.to_owned(),
        kind: Some(kind),
        current: true,
        declared: true,
        draft: false,
        made_by_staff: false,
        mapped_to: [AC.to_owned()].into(),
    }
}

fn unit(id: &str) -> Result<Unit, Box<dyn std::error::Error>> {
    let c = crate::curriculum::shipped()?;
    let (_, unit) = c.unit(id).ok_or("no unit")?;
    Ok(unit.clone())
}

fn met(unit: &Unit, relied: &[Relied]) -> Result<(), RuleViolation> {
    check_reliance(unit, AC, JudgementOutcome::Met, relied)
}

#[test]
fn authenticity_learner_evidence_without_a_valid_declaration_is_refused() -> TestResult {
    let u = unit("cg-3085/u002")?;
    let mut care_plan = item("My care plan", EvidenceKind::WorkProduct);
    care_plan.declared = false;
    let refused = met(&u, std::slice::from_ref(&care_plan))
        .err()
        .ok_or("accepted")?;
    assert_eq!(refused.code(), "evidence_not_declared");
    assert_eq!(
        refused.to_string(),
        "\u{201c}My care plan\u{201d} cannot be relied on yet: the learner has not signed the declaration that it is their own work on its current version."
    );
    // A version that is not current does not count, even if declared.
    care_plan.declared = true;
    care_plan.current = false;
    assert_eq!(
        met(&u, &[care_plan]).err().map(|v| v.code()),
        Some("evidence_not_declared")
    );
    Ok(())
}

#[test]
fn authenticity_assessor_records_and_accepted_testimony_need_no_declaration() -> TestResult {
    let u = unit("cg-3085/u002")?;
    for kind in [
        EvidenceKind::ObservationRecord,
        EvidenceKind::QuestioningRecord,
        EvidenceKind::ProfessionalDiscussion,
        EvidenceKind::WitnessTestimony,
    ] {
        let mut record = item("Assessor's record", kind);
        record.declared = false;
        record.made_by_staff = true;
        assert_eq!(met(&u, std::slice::from_ref(&record)), Ok(()), "{kind:?}");
        // The same kind written by the learner is learner evidence.
        record.made_by_staff = false;
        assert_eq!(
            met(&u, &[record]).err().map(|v| v.code()),
            Some("evidence_not_declared")
        );
    }
    // A work product the assessor typed in for the learner still needs the learner's word.
    let mut product = item("Handover sheet", EvidenceKind::WorkProduct);
    product.declared = false;
    product.made_by_staff = true;
    assert!(met(&u, &[product]).is_err());
    Ok(())
}

#[test]
fn authenticity_and_mapping_do_not_restrict_not_yet_met() -> TestResult {
    let u = unit("cg-3085/u002")?;
    let mut account = item("Reflection", EvidenceKind::ReflectiveAccount);
    account.declared = false;
    account.mapped_to.clear();
    assert_eq!(
        check_reliance(&u, AC, JudgementOutcome::NotYetMet, &[account]),
        Ok(())
    );
    Ok(())
}

#[test]
fn mapping_evidence_not_mapped_to_the_criterion_judged_is_refused() -> TestResult {
    let u = unit("cg-3085/u002")?;
    let mapped = item("Observation of handover", EvidenceKind::WorkProduct);
    let mut elsewhere = item("Fluid chart", EvidenceKind::WorkProduct);
    elsewhere.mapped_to = ["cg-3085/u002/lo1/ac1.2".to_owned()].into();
    let refused = met(&u, &[mapped.clone(), elsewhere])
        .err()
        .ok_or("accepted")?;
    assert_eq!(refused.code(), "evidence_not_mapped");
    assert_eq!(
        refused.to_string(),
        "\u{201c}Fluid chart\u{201d} is not mapped to the criterion being judged. Map it to the criterion, or judge on evidence that is."
    );
    assert_eq!(met(&u, &[mapped]), Ok(()));
    Ok(())
}

#[test]
fn c4_unit_002_a_reflective_account_alone_is_refused() -> TestResult {
    let u = unit("cg-3085/u002")?;
    let account = item("Reflection on my shift", EvidenceKind::ReflectiveAccount);
    let refused = met(&u, std::slice::from_ref(&account))
        .err()
        .ok_or("accepted")?;
    assert_eq!(refused.code(), "method_not_permitted");
    assert_eq!(
        refused.to_string(),
        "Unit 002 is assessed on evidence from real work: \u{201c}Reflection on my shift\u{201d} can support a criterion but never carry it alone. Rely also on at least one item of performance evidence: observation record, work product, witness testimony, professional discussion or questioning record."
    );
    // Supported by one item of performance evidence, it may count.
    let product = item("Care plan I wrote", EvidenceKind::WorkProduct);
    assert_eq!(met(&u, &[account, product]), Ok(()));
    Ok(())
}

#[test]
fn c4_unit_002_each_kind_of_performance_evidence_carries_a_criterion() -> TestResult {
    let u = unit("cg-3085/u002")?;
    for kind in EvidenceKind::ALL {
        let performance = matches!(
            kind,
            EvidenceKind::ObservationRecord
                | EvidenceKind::WorkProduct
                | EvidenceKind::WitnessTestimony
                | EvidenceKind::ProfessionalDiscussion
                | EvidenceKind::QuestioningRecord
        );
        assert_eq!(
            check_real_work(&u, &[item("One item", kind)]).is_ok(),
            performance,
            "{kind:?}"
        );
    }
    Ok(())
}

#[test]
fn c4_units_not_assessed_on_real_work_are_left_to_their_own_rule() -> TestResult {
    for id in ["cg-3085/u001", "sqa-fx35-35"] {
        let u = unit(id)?;
        let account = item("Reflection", EvidenceKind::ReflectiveAccount);
        assert_eq!(check_real_work(&u, &[account]), Ok(()), "{id}");
    }
    Ok(())
}

#[test]
fn submitted_learner_evidence_back_with_the_learner_is_refused_for_either_outcome() -> TestResult {
    let u = unit("cg-3085/u002")?;
    let mut care_plan = item("My care plan", EvidenceKind::WorkProduct);
    care_plan.draft = true;
    for outcome in [JudgementOutcome::Met, JudgementOutcome::NotYetMet] {
        let refused = check_reliance(&u, AC, outcome, std::slice::from_ref(&care_plan))
            .err()
            .ok_or("accepted")?;
        assert_eq!(refused.code(), "evidence_not_submitted");
        assert_eq!(
            refused.to_string(),
            "\u{201c}My care plan\u{201d} is with the learner as a draft, so it cannot be judged. Judge it when the learner has submitted it again."
        );
    }
    Ok(())
}

#[test]
fn submitted_assessor_records_are_never_drafts_with_the_learner() -> TestResult {
    let u = unit("cg-3085/u002")?;
    let mut observation = item("Observed at lunch", EvidenceKind::ObservationRecord);
    observation.made_by_staff = true;
    observation.draft = true;
    met(&u, &[observation])?;
    Ok(())
}
