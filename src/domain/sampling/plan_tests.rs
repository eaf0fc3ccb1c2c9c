use std::collections::BTreeSet;

use super::*;

fn set(items: &[&str]) -> BTreeSet<String> {
    items.iter().map(|s| (*s).to_owned()).collect()
}

fn input() -> PlanInput {
    PlanInput {
        qualification_id: "cg-3085-02".into(),
        period_start: "2026-09-01".into(),
        period_end: "2027-08-31".into(),
        interim_on: "2027-01-15".into(),
        summative_on: "2027-06-30".into(),
        experienced_rate: "25".into(),
        rates: vec![
            RateInput {
                assessor_id: "ann".into(),
                risk: "experienced".into(),
                rate: "".into(),
                signed_off: false,
            },
            RateInput {
                assessor_id: "bob".into(),
                risk: "new".into(),
                rate: "".into(),
                signed_off: false,
            },
        ],
        focus: Focus::default(),
        notes: String::new(),
    }
}

fn check(input: &PlanInput) -> Result<CheckedPlan, Vec<FieldError>> {
    let (q, a) = (set(&["cg-3085-02"]), set(&["ann", "bob"]));
    check_plan(
        input,
        &PlanContext {
            qualifications: &q,
            assessors: &a,
        },
    )
}

fn fields(result: Result<CheckedPlan, Vec<FieldError>>) -> Vec<String> {
    result
        .err()
        .unwrap_or_default()
        .into_iter()
        .map(|e| e.field)
        .collect()
}

#[test]
fn q1_new_assessor_defaults_to_full_rate_and_experienced_to_centre_rate() -> Result<(), String> {
    let plan = check(&input()).map_err(|e| format!("{e:?}"))?;
    assert_eq!(plan.rates[0].rate, 25);
    assert_eq!(plan.rates[1].rate, 100);
    Ok(())
}

#[test]
fn rate_over_100_is_a_field_error() {
    let mut bad = input();
    bad.rates[0].rate = "120".into();
    bad.experienced_rate = "101".into();
    assert_eq!(
        fields(check(&bad)),
        vec!["experienced_rate", "rates[0].rate"]
    );
}

#[test]
fn negative_rate_is_a_field_error() {
    let mut bad = input();
    bad.rates[0].rate = "-5".into();
    let errors = check(&bad).err().unwrap_or_default();
    assert_eq!(errors.len(), 1);
    assert_eq!(errors[0].field, "rates[0].rate");
    assert!(errors[0].message.contains("negative"));
}

#[test]
fn q1_new_assessor_held_at_100_until_signed_off() {
    let mut bad = input();
    bad.rates[1].rate = "50".into();
    assert_eq!(fields(check(&bad)), vec!["rates[1].rate"]);
    bad.rates[1].signed_off = true;
    assert!(check(&bad).is_ok());
}

#[test]
fn dates_must_be_in_order_and_in_the_period() {
    let mut bad = input();
    bad.period_end = "2026-08-01".into();
    bad.interim_on = "not a date".into();
    assert_eq!(fields(check(&bad)), vec!["interim_on"]);
    bad.interim_on = "2026-10-01".into();
    let f = fields(check(&bad));
    assert!(f.contains(&"period_end".to_owned()));
}

#[test]
fn unknown_assessor_and_duplicate_are_refused() {
    let mut bad = input();
    bad.rates[0].assessor_id = "zed".into();
    bad.rates.push(bad.rates[1].clone());
    assert_eq!(
        fields(check(&bad)),
        vec!["rates[0].assessor_id", "rates[2].assessor_id"]
    );
}

#[test]
fn assessor_not_in_plan_is_treated_as_new() {
    let rates = PlanRates::default();
    assert_eq!(rates.rate_for("x"), (100, RateBasis::NotInPlan));
}
