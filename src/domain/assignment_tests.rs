use super::*;

type TestResult = Result<(), Box<dyn std::error::Error>>;

const U001: &str = "cg-3085/u001";

fn unit_001(c: &Curriculum) -> Result<Unit, Box<dyn std::error::Error>> {
    Ok(c.unit(U001).ok_or("no Unit 001")?.1.clone())
}

fn one_task_covering_all(c: &Curriculum) -> Result<AssignmentInput, Box<dyn std::error::Error>> {
    Ok(AssignmentInput {
        unit_id: U001.to_owned(),
        version_label: "2027 v1".to_owned(),
        in_force: true,
        tasks: vec![TaskInput {
            number: 1,
            title: "Personalisation in practice".to_owned(),
            criterion_ids: criteria_of(&unit_001(c)?),
        }],
    })
}

#[test]
fn c4_unit_001_is_assessed_by_assignment_and_unit_002_is_not() -> TestResult {
    let c = crate::curriculum::shipped()?;
    assert!(assessed_by_assignment(&unit_001(&c)?));
    let u002 = &c.unit("cg-3085/u002").ok_or("no Unit 002")?.1;
    assert!(!assessed_by_assignment(u002));
    Ok(())
}

#[test]
fn c4_an_assignment_covering_every_criterion_is_accepted() -> TestResult {
    let c = crate::curriculum::shipped()?;
    let checked =
        check_assignment(&c, &one_task_covering_all(&c)?).map_err(|e| format!("{e:?}"))?;
    assert_eq!(checked.tasks.len(), 1);
    assert_eq!(checked.tasks[0].2.len(), 24);
    Ok(())
}

#[test]
fn c4_an_assignment_leaving_a_criterion_uncovered_is_refused() -> TestResult {
    let c = crate::curriculum::shipped()?;
    let mut input = one_task_covering_all(&c)?;
    input.tasks[0]
        .criterion_ids
        .retain(|id| !id.ends_with("/ac1.1"));
    let errors = check_assignment(&c, &input).err().ok_or("accepted")?;
    assert!(
        errors
            .iter()
            .any(|e| e.message.contains("no task covers 1.1")),
        "{errors:?}"
    );
    Ok(())
}

#[test]
fn c4_an_assignment_for_a_unit_not_assessed_by_assignment_is_refused() -> TestResult {
    let c = crate::curriculum::shipped()?;
    let mut input = one_task_covering_all(&c)?;
    input.unit_id = "cg-3085/u002".to_owned();
    let errors = check_assignment(&c, &input).err().ok_or("accepted")?;
    assert_eq!(errors[0].field, "unit_id");
    Ok(())
}

fn relied(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
    pairs
        .iter()
        .map(|(id, title)| ((*id).to_owned(), (*title).to_owned()))
        .collect()
}

fn in_force(submission: Option<&str>) -> InForce {
    InForce {
        version_label: "2027 v1".to_owned(),
        submission_evidence_id: submission.map(str::to_owned),
    }
}

#[test]
fn c4_unit_001_met_on_the_submission_in_force_is_allowed() -> TestResult {
    let c = crate::curriculum::shipped()?;
    let unit = unit_001(&c)?;
    let ok = check_unit_001(
        &unit,
        "City & Guilds",
        JudgementOutcome::Met,
        &relied(&[("s1", "My assignment")]),
        Some(&in_force(Some("s1"))),
    );
    assert_eq!(ok, Ok(()));
    Ok(())
}

#[test]
fn c4_unit_001_met_on_a_work_product_is_refused_in_words() -> TestResult {
    let c = crate::curriculum::shipped()?;
    let unit = unit_001(&c)?;
    let refused = check_unit_001(
        &unit,
        "City & Guilds",
        JudgementOutcome::Met,
        &relied(&[("w1", "Care plan")]),
        Some(&in_force(Some("s1"))),
    )
    .err()
    .ok_or("accepted")?;
    assert_eq!(refused.code(), "method_not_permitted");
    assert_eq!(
        refused.to_string(),
        "Unit 001 is assessed by the assignment set by City & Guilds: its criteria can be met only on the learner's submission of assignment version 2027 v1, not on other evidence (Care plan)."
    );
    Ok(())
}

#[test]
fn c4_unit_001_met_without_an_assignment_or_a_submission_is_refused() -> TestResult {
    let c = crate::curriculum::shipped()?;
    let unit = unit_001(&c)?;
    let evidence = relied(&[("w1", "Care plan")]);
    let none = check_unit_001(
        &unit,
        "City & Guilds",
        JudgementOutcome::Met,
        &evidence,
        None,
    );
    assert!(
        none.err()
            .ok_or("accepted")?
            .to_string()
            .contains("no version of that assignment in force")
    );
    let unsubmitted = check_unit_001(
        &unit,
        "City & Guilds",
        JudgementOutcome::Met,
        &evidence,
        Some(&in_force(None)),
    );
    assert!(
        unsubmitted
            .err()
            .ok_or("accepted")?
            .to_string()
            .contains("has not submitted it yet")
    );
    Ok(())
}

#[test]
fn c4_unit_001_not_yet_met_may_rely_on_anything() -> TestResult {
    let c = crate::curriculum::shipped()?;
    let unit = unit_001(&c)?;
    let ok = check_unit_001(
        &unit,
        "City & Guilds",
        JudgementOutcome::NotYetMet,
        &relied(&[("w1", "Care plan")]),
        None,
    );
    assert_eq!(ok, Ok(()));
    Ok(())
}

#[test]
fn c4_a_criterion_is_met_only_when_every_task_covering_it_is_met() {
    let tasks = vec![
        (1, vec!["a".to_owned(), "b".to_owned()]),
        (2, vec!["b".to_owned(), "c".to_owned()]),
    ];
    let marks = vec![
        (1, JudgementOutcome::Met, String::new()),
        (2, JudgementOutcome::NotYetMet, "More on c".to_owned()),
    ];
    assert_eq!(criteria_met(&tasks, &marks), vec!["a".to_owned()]);
}

#[test]
fn c4_every_task_is_marked_once_with_feedback_when_not_yet_met() {
    let marks = [MarkInput {
        task_number: 1,
        outcome: "not_yet_met".to_owned(),
        feedback: String::new(),
    }];
    let errors = check_marks(&[1, 2], &marks).err().unwrap_or_default();
    let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
    assert_eq!(fields, ["task_1", "task_2"]);
}

#[test]
fn c4_verification_holds_a_claim_until_verified() {
    assert!(verification_missing("Unit 001", None).is_some());
    assert!(verification_missing("Unit 001", Some(VerificationStatus::NotAccepted)).is_some());
    assert_eq!(
        verification_missing("Unit 001", Some(VerificationStatus::Verified)),
        None
    );
}
