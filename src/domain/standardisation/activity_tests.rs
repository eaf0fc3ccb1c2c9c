use std::collections::BTreeSet;

use chrono::NaiveDate;

use super::*;

fn set(items: &[&str]) -> BTreeSet<String> {
    items.iter().map(|s| (*s).to_owned()).collect()
}

fn input() -> ActivityInput {
    ActivityInput {
        qualification_id: "cg-3085-02".into(),
        held_on: "2027-01-10".into(),
        title: "Unit 002 standardisation".into(),
        attendees: vec!["iqa".into(), "a1".into()],
        assessors: vec!["a1".into()],
        units: vec!["cg-3085/u002".into()],
        agreed: "Observation records name the criteria seen.".into(),
        actions: vec![ActionInput {
            description: "Rewrite the observation template".into(),
            due_on: "2027-02-01".into(),
            owner_id: "a1".into(),
        }],
    }
}

#[test]
fn standardisation_activity_accepted_when_complete() {
    let (units, members, assessors) = (
        set(&["cg-3085/u001", "cg-3085/u002"]),
        set(&["iqa", "a1"]),
        set(&["a1"]),
    );
    let today = NaiveDate::from_ymd_opt(2027, 1, 15).unwrap_or_default();
    let facts = Facts {
        today,
        units: Some(&units),
        members: &members,
        assessors: &assessors,
    };
    let checked = check_activity(&input(), &facts);
    assert!(
        checked
            .as_ref()
            .is_ok_and(|c| c.actions.len() == 1 && c.attendees == ["a1", "iqa"]),
        "{checked:?}"
    );
}

#[test]
fn standardisation_activity_refuses_the_future_strangers_and_other_units() {
    let (units, members, assessors) = (set(&["cg-3085/u001"]), set(&["iqa"]), set(&[]));
    let today = NaiveDate::from_ymd_opt(2027, 1, 5).unwrap_or_default();
    let facts = Facts {
        today,
        units: Some(&units),
        members: &members,
        assessors: &assessors,
    };
    let errors = check_activity(&input(), &facts).err().unwrap_or_default();
    let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
    assert_eq!(
        fields,
        [
            "held_on",
            "attendees",
            "assessors",
            "units",
            "actions[0].owner_id"
        ]
    );
}

#[test]
fn double_marking_needs_two_assessors_and_criteria_of_the_qualification() {
    let items = set(&["c1", "c2"]);
    let assessors = set(&["a1", "a2", "a3"]);
    let ok = ExerciseInput {
        evidence_id: "e".into(),
        criteria: Some(vec!["c1".into(), "c1".into()]),
        markers: vec!["a1".into(), "a2".into()],
    };
    assert_eq!(
        check_exercise(&ok, &items, &assessors),
        Ok((
            vec!["c1".to_owned()],
            vec!["a1".to_owned(), "a2".to_owned()]
        ))
    );
    let bad = ExerciseInput {
        evidence_id: "e".into(),
        criteria: Some(vec!["c9".into()]),
        markers: vec!["a1".into()],
    };
    let fields: Vec<String> = check_exercise(&bad, &items, &assessors)
        .err()
        .unwrap_or_default()
        .into_iter()
        .map(|e| e.field)
        .collect();
    assert_eq!(fields, ["criteria", "markers"]);
}

#[test]
fn verdicts_only_on_the_exercises_criteria_once_each() {
    let criteria = vec!["c1".to_owned(), "c2".to_owned()];
    let v = |c: &str, o: &str, t: &str| VerdictInput {
        criterion_id: c.into(),
        outcome: o.into(),
        comment: t.into(),
    };
    assert!(check_verdicts(&[v("c1", "met", "")], &criteria, false).is_ok());
    let errors = check_verdicts(
        &[v("c3", "met", ""), v("c1", "maybe", "")],
        &criteria,
        false,
    )
    .err()
    .unwrap_or_default();
    assert_eq!(errors.len(), 2);
    assert!(errors[0].message.contains("c3 is not a criterion"));
    let twice = check_verdicts(&[v("c1", "met", ""), v("c1", "met", "")], &criteria, false);
    assert!(twice.is_err());
    // The IQA's agreed outcome needs its rationale.
    assert!(check_verdicts(&[v("c1", "met", " ")], &criteria, true).is_err());
}
