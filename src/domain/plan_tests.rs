use std::collections::BTreeSet;

use chrono::NaiveDate;

use super::*;
use crate::domain::signature::{SignatureState, content_hash};

fn day(text: &str) -> NaiveDate {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap_or_default()
}

fn items() -> BTreeSet<String> {
    [
        "cg-3085/u002/lo1/ac1.1".to_owned(),
        "cg-3085/u002/lo2/ac2.1".to_owned(),
    ]
    .into()
}

fn input() -> PlanInput {
    PlanInput {
        activities: vec![ActivityInput {
            activity: "Lead a support planning review with Mrs B".into(),
            method: "observation_by_assessor".into(),
            target_date: "2027-03-31".into(),
        }],
        criteria: vec!["cg-3085/u002/lo1/ac1.1".into()],
    }
}

#[test]
fn a_plan_names_activities_methods_dates_and_criteria_of_the_qualification() {
    let plan = check_plan(&input(), &items());
    assert_eq!(
        plan.as_ref().map(|p| p.activities[0].target_date),
        Ok(day("2027-03-31"))
    );
    let mut bad = input();
    bad.activities.push(ActivityInput {
        activity: "Write it up".into(),
        method: "telepathy".into(),
        target_date: "soon".into(),
    });
    bad.criteria.push("sqa-fx35-35/er1".into());
    let Err(errors) = check_plan(&bad, &items()) else {
        panic!("accepted a bad plan");
    };
    let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
    assert_eq!(
        fields,
        [
            "activities[1].method",
            "activities[1].target_date",
            "criteria"
        ]
    );
    assert!(errors[2].message.contains("sqa-fx35-35/er1"));
    let empty = PlanInput::default();
    assert!(check_plan(&empty, &items()).is_err_and(|e| e.len() == 2));
}

#[test]
fn a_change_to_the_plan_after_signing_voids_the_signatures() -> Result<(), String> {
    let plan = check_plan(&input(), &items()).map_err(|e| format!("{e:?}"))?;
    let signed = content_hash(&plan_record("p1", "r1", &plan));
    assert!(SignatureState::of(&signed, &plan_record("p1", "r1", &plan)).is_valid());
    let mut changed = plan.clone();
    changed.activities[0].target_date = day("2027-04-30");
    assert_eq!(
        SignatureState::of(&signed, &plan_record("p1", "r1", &changed)),
        SignatureState::Void
    );
    Ok(())
}

#[test]
fn a_review_sets_the_next_one_after_it() {
    let review = ReviewInput {
        reviewed_on: "2027-02-01".into(),
        progress: "Two observations done.".into(),
        next_steps: "Ask Mrs B's daughter for testimony.".into(),
        next_review_on: "2027-03-01".into(),
    };
    assert!(check_review(&review).is_ok());
    let backwards = ReviewInput {
        next_review_on: "2027-01-01".into(),
        ..review.clone()
    };
    assert!(check_review(&backwards).is_err_and(|e| e[0].field == "next_review_on"));
    let blank = ReviewInput {
        next_steps: " ".into(),
        ..review
    };
    assert!(check_review(&blank).is_err_and(|e| e[0].field == "next_steps"));
}

#[test]
fn what_is_due_next_is_the_nearest_date_ahead_else_the_last_one_missed() {
    let dates = vec![
        (day("2027-03-31"), "Observation".to_owned()),
        (day("2027-02-15"), "Progress review".to_owned()),
        (day("2027-01-10"), "Reflective account".to_owned()),
    ];
    let next = next_due(&dates, day("2027-02-01"));
    assert_eq!(
        next.map(|d| (d.what, d.overdue)),
        Some(("Progress review".to_owned(), false))
    );
    let late = next_due(&dates, day("2027-04-02"));
    assert_eq!(
        late.map(|d| (d.on, d.overdue)),
        Some((day("2027-03-31"), true))
    );
    assert_eq!(next_due(&[], day("2027-01-01")), None);
}
