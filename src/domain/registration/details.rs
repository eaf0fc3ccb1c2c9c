//! Changing a registration's details after it is made: the awarding body's reference (a City &
//! Guilds enrolment number arrives weeks after registration), where the learner works, the planned
//! end date, and the support they need (S5). Everything else (the learner, the qualification, the
//! start date, the people allocated) changes by its own action or not at all.

use chrono::NaiveDate;
use serde::Deserialize;

use super::fields::{check_reference, text};
use crate::domain::people::FieldError;

/// The details as a centre administrator enters them, as text.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct DetailsInput {
    pub awarding_body_ref: String,
    pub employer: String,
    pub workplace: String,
    pub planned_end_date: String,
    pub support_needs: String,
    pub reasonable_adjustments: String,
}

/// The details, checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Details {
    pub awarding_body_ref: Option<String>,
    pub employer: String,
    pub workplace: String,
    pub planned_end_date: NaiveDate,
    pub support_needs: String,
    pub reasonable_adjustments: String,
}

/// What the registration needs of its details: an SQA candidate number, a workplace where a unit
/// is assessed in real work, an end after the start.
#[derive(Debug, Clone, Copy)]
pub struct DetailsRules {
    pub is_sqa: bool,
    pub needs_workplace: bool,
    pub start_date: NaiveDate,
}

/// The details checked as registration checks them; every problem at once.
pub fn check_details(
    rules: DetailsRules,
    input: &DetailsInput,
) -> Result<Details, Vec<FieldError>> {
    let mut errors = Vec::new();
    let reference = check_reference(rules.is_sqa, &input.awarding_body_ref, &mut errors);
    let employer = text(&input.employer, 200, "employer", &mut errors);
    let workplace = text(&input.workplace, 500, "workplace", &mut errors);
    if rules.needs_workplace && workplace.is_empty() {
        errors.push(FieldError::new(
            "workplace",
            "Enter the real work environment where the learner's practice will be assessed",
        ));
    }
    let end = NaiveDate::parse_from_str(input.planned_end_date.trim(), "%Y-%m-%d").ok();
    match end {
        None => errors.push(FieldError::new(
            "planned_end_date",
            "Enter the planned end date, like 2027-06-30",
        )),
        Some(end) if end <= rules.start_date => errors.push(FieldError::new(
            "planned_end_date",
            &format!(
                "The planned end date must be after the start date, {}",
                rules.start_date.format("%-d %B %Y")
            ),
        )),
        Some(_) => {}
    }
    let support_needs = text(&input.support_needs, 4000, "support_needs", &mut errors);
    let reasonable_adjustments = text(
        &input.reasonable_adjustments,
        4000,
        "reasonable_adjustments",
        &mut errors,
    );
    match end {
        Some(planned_end_date) if errors.is_empty() => Ok(Details {
            awarding_body_ref: reference,
            employer,
            workplace,
            planned_end_date,
            support_needs,
            reasonable_adjustments,
        }),
        _ => Err(errors),
    }
}

/// A field's name as people say it.
pub fn field_words(field: &str) -> &'static str {
    match field {
        "awarding_body_ref" => "the awarding body's reference",
        "employer" => "the employer",
        "workplace" => "the workplace",
        "planned_end_date" => "the planned end date",
        "support_needs" => "the support needs",
        "reasonable_adjustments" => "the reasonable adjustments",
        _ => "a detail",
    }
}

/// The fields that differ, by name, for the history and the audit trail.
pub fn changed_fields(before: &Details, after: &Details) -> Vec<&'static str> {
    let mut changed = Vec::new();
    let mut note = |differs: bool, name: &'static str| {
        if differs {
            changed.push(name);
        }
    };
    note(
        before.awarding_body_ref != after.awarding_body_ref,
        "awarding_body_ref",
    );
    note(before.employer != after.employer, "employer");
    note(before.workplace != after.workplace, "workplace");
    note(
        before.planned_end_date != after.planned_end_date,
        "planned_end_date",
    );
    note(before.support_needs != after.support_needs, "support_needs");
    note(
        before.reasonable_adjustments != after.reasonable_adjustments,
        "reasonable_adjustments",
    );
    changed
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rules(is_sqa: bool) -> DetailsRules {
        DetailsRules {
            is_sqa,
            needs_workplace: true,
            start_date: NaiveDate::from_ymd_opt(2027, 1, 4).unwrap_or_default(),
        }
    }

    fn input() -> DetailsInput {
        DetailsInput {
            awarding_body_ref: "abc1234".into(),
            employer: "Care at Home Ltd".into(),
            workplace: "Riverside day service".into(),
            planned_end_date: "2027-12-17".into(),
            ..DetailsInput::default()
        }
    }

    #[test]
    fn a_city_and_guilds_enrolment_number_added_later_is_taken_in_capitals() {
        let checked = check_details(rules(false), &input());
        assert_eq!(
            checked.map(|d| d.awarding_body_ref),
            Ok(Some("ABC1234".to_owned()))
        );
    }

    #[test]
    fn a_misshapen_reference_an_end_before_the_start_and_no_workplace_are_all_named() {
        let bad = DetailsInput {
            awarding_body_ref: "12".into(),
            workplace: " ".into(),
            planned_end_date: "2026-12-01".into(),
            ..input()
        };
        let fields: Vec<String> = check_details(rules(false), &bad)
            .err()
            .unwrap_or_default()
            .into_iter()
            .map(|e| e.field)
            .collect();
        assert_eq!(
            fields,
            ["awarding_body_ref", "workplace", "planned_end_date"]
        );
    }

    #[test]
    fn sqa_needs_the_nine_digit_candidate_number() {
        assert!(check_details(rules(true), &input()).is_err());
        let sqa = DetailsInput {
            awarding_body_ref: "123456789".into(),
            ..input()
        };
        assert!(check_details(rules(true), &sqa).is_ok());
    }

    #[test]
    fn only_the_fields_that_differ_are_named_as_changed() -> Result<(), Vec<FieldError>> {
        let before = check_details(rules(false), &input())?;
        let after = Details {
            awarding_body_ref: None,
            support_needs: "Large print".into(),
            ..before.clone()
        };
        assert_eq!(
            changed_fields(&before, &after),
            ["awarding_body_ref", "support_needs"]
        );
        Ok(())
    }
}
