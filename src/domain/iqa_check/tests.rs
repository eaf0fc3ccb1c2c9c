use super::*;
use chrono::NaiveDate;

use crate::domain::people::FieldError;
use crate::domain::rules::RuleViolation;

fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap_or_default()
}

fn today() -> NaiveDate {
    day("2027-01-15")
}

fn refer(actions: &[(&str, &str)]) -> OutcomeInput {
    OutcomeInput {
        outcome: "refer".to_owned(),
        feedback: "The evidence does not show 2.3.".to_owned(),
        actions: actions
            .iter()
            .map(|(d, due)| ActionInput {
                description: (*d).to_owned(),
                due_on: (*due).to_owned(),
            })
            .collect(),
    }
}

fn fields(errors: &[FieldError]) -> Vec<&str> {
    errors.iter().map(|e| e.field.as_str()).collect()
}

fn sample(status: SampleStatus, checks: i32, open_actions: usize) -> SampleState {
    SampleState {
        status,
        assessor_id: "assessor".to_owned(),
        checks,
        open_actions,
    }
}

#[test]
fn agree_closes_the_sample() {
    let input = OutcomeInput {
        outcome: "agree".to_owned(),
        ..OutcomeInput::default()
    };
    let checked = check_outcome(&input, today());
    assert_eq!(checked.map(|c| c.outcome), Ok(CheckOutcome::Agree));
    let next = next_check(
        &sample(SampleStatus::Open, 0, 0),
        "iqa",
        CheckOutcome::Agree,
    );
    assert_eq!(
        next,
        Ok(NextCheck {
            check_no: 1,
            status: SampleStatus::Agreed
        })
    );
    assert_eq!(
        next_check(
            &sample(SampleStatus::Agreed, 1, 0),
            "iqa",
            CheckOutcome::Refer
        ),
        Err(CheckRefused::Settled)
    );
}

#[test]
fn refer_requires_feedback_and_an_action_with_a_due_date() {
    let mut bare = refer(&[]);
    bare.feedback = "  ".to_owned();
    let errors = check_outcome(&bare, today()).err().unwrap_or_default();
    assert_eq!(fields(&errors), ["feedback", "actions"]);
    let no_date = check_outcome(&refer(&[("Re-observe 2.3", "")]), today());
    assert_eq!(
        fields(&no_date.err().unwrap_or_default()),
        ["actions[0].due_on"]
    );
    let ok = check_outcome(
        &refer(&[("Re-observe 2.3", "2027-02-01"), ("", "")]),
        today(),
    );
    assert_eq!(
        ok.map(|c| c.actions),
        Ok(vec![PlannedAction {
            description: "Re-observe 2.3".to_owned(),
            due_on: day("2027-02-01")
        }])
    );
}

#[test]
fn refer_action_due_date_cannot_be_in_the_past() {
    let past = check_outcome(&refer(&[("Re-observe", "2027-01-14")]), today());
    let errors = past.err().unwrap_or_default();
    assert_eq!(fields(&errors), ["actions[0].due_on"]);
    assert!(errors[0].message.contains("in the past"));
    assert!(check_outcome(&refer(&[("Re-observe", "2027-01-15")]), today()).is_ok());
}

#[test]
fn outcome_must_be_agree_or_refer() {
    let input = OutcomeInput {
        outcome: "maybe".to_owned(),
        ..OutcomeInput::default()
    };
    let errors = check_outcome(&input, today()).err().unwrap_or_default();
    assert_eq!(fields(&errors), ["outcome"]);
}

#[test]
fn agree_carries_no_actions() {
    let mut input = refer(&[("Re-observe", "2027-02-01")]);
    input.outcome = "agree".to_owned();
    let errors = check_outcome(&input, today()).err().unwrap_or_default();
    assert_eq!(fields(&errors), ["actions"]);
}

#[test]
fn c8_assessor_cannot_iqa_own_decision() {
    assert_eq!(
        require_not_own_decision("assessor", "assessor"),
        Err(RuleViolation::IqaOwnDecision)
    );
    assert_eq!(
        next_check(
            &sample(SampleStatus::Open, 0, 0),
            "assessor",
            CheckOutcome::Agree
        ),
        Err(CheckRefused::OwnDecision)
    );
    assert!(require_not_own_decision("iqa", "assessor").is_ok());
}

#[test]
fn referral_blocks_claim_until_actions_closed_and_second_check_agrees() {
    let referred = next_check(
        &sample(SampleStatus::Open, 0, 0),
        "iqa",
        CheckOutcome::Refer,
    );
    assert_eq!(referred.map(|n| n.status), Ok(SampleStatus::Referred));
    let block = |status, open_actions| SampleBlock {
        item: "Unit 002, 2.3 Use person-centred thinking".to_owned(),
        status,
        open_actions,
    };
    let blockers = claim_blockers(&[block(SampleStatus::Referred, 2)]);
    assert_eq!(
        blockers,
        [
            "The IQA referred the decision on Unit 002, 2.3 Use person-centred thinking back to the assessor: 2 actions are still open."
        ]
    );
    // Actions open: no re-check yet.
    assert_eq!(
        next_check(
            &sample(SampleStatus::Referred, 1, 1),
            "iqa",
            CheckOutcome::Agree
        ),
        Err(CheckRefused::ActionsOpen { open: 1 })
    );
    // Actions closed: still blocked until the re-check agrees.
    assert_eq!(claim_blockers(&[block(SampleStatus::Referred, 0)]).len(), 1);
    let second = next_check(
        &sample(SampleStatus::Referred, 1, 0),
        "iqa",
        CheckOutcome::Agree,
    );
    assert_eq!(
        second,
        Ok(NextCheck {
            check_no: 2,
            status: SampleStatus::Resolved
        })
    );
    assert!(claim_blockers(&[block(SampleStatus::Resolved, 0)]).is_empty());
    assert!(
        claim_blockers(&[block(SampleStatus::Agreed, 0), block(SampleStatus::Open, 0)]).is_empty()
    );
}

#[test]
fn a_re_check_may_refer_again_with_new_actions() {
    let again = next_check(
        &sample(SampleStatus::Referred, 1, 0),
        "iqa",
        CheckOutcome::Refer,
    );
    assert_eq!(
        again,
        Ok(NextCheck {
            check_no: 2,
            status: SampleStatus::Referred
        })
    );
}

#[test]
fn only_the_actions_assessor_closes_it_once() {
    assert_eq!(
        may_close_action("assessor", "other", false),
        Err(CloseRefused::NotTheirs)
    );
    assert_eq!(
        may_close_action("assessor", "assessor", true),
        Err(CloseRefused::AlreadyClosed)
    );
    assert!(may_close_action("assessor", "assessor", false).is_ok());
    assert!(check_closing_note(" ").is_err());
    assert_eq!(
        check_closing_note(" Re-observed. "),
        Ok("Re-observed.".to_owned())
    );
}

#[test]
fn overdue_means_open_after_the_due_date() {
    assert!(is_overdue(day("2027-01-14"), false, today()));
    assert!(!is_overdue(day("2027-01-15"), false, today()));
    assert!(!is_overdue(day("2027-01-14"), true, today()));
}

#[test]
fn referral_rate_per_assessor_per_month() {
    let checks = vec![
        ("a".to_owned(), day("2027-01-03"), CheckOutcome::Refer),
        ("a".to_owned(), day("2027-01-20"), CheckOutcome::Agree),
        ("a".to_owned(), day("2027-01-21"), CheckOutcome::Agree),
        ("a".to_owned(), day("2027-02-01"), CheckOutcome::Agree),
        ("b".to_owned(), day("2027-02-02"), CheckOutcome::Refer),
    ];
    let by = referrals_by_month(&checks);
    let jan = by.get("a").and_then(|m| m.get("2027-01")).copied();
    assert_eq!(
        jan,
        Some(MonthCount {
            checks: 3,
            referrals: 1
        })
    );
    assert_eq!(jan.map(MonthCount::rate), Some(33));
    assert_eq!(
        by.get("b").and_then(|m| m.get("2027-02")).map(|c| c.rate()),
        Some(100)
    );
    assert_eq!(MonthCount::default().rate(), 0);
}
