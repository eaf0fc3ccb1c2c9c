//! The fields of a registration: dates, the awarding body's reference, where the learner works,
//! and the support they need.

use chrono::NaiveDate;

use super::RegistrationInput;
use crate::curriculum::Curriculum;
use crate::curriculum::model::{Qualification, Specification};
use crate::domain::dates;
use crate::domain::people::FieldError;

fn date(field: &str, raw: &str, errors: &mut Vec<FieldError>, message: &str) -> Option<NaiveDate> {
    let parsed = NaiveDate::parse_from_str(raw.trim(), "%Y-%m-%d").ok();
    if parsed.is_none() {
        errors.push(FieldError::new(field, message));
    }
    parsed
}

/// SQA Scottish Candidate Number: 9 digits. City & Guilds enrolment number: 3 letters and 4 digits.
pub(super) fn check_reference(
    is_sqa: bool,
    raw: &str,
    errors: &mut Vec<FieldError>,
) -> Option<String> {
    let reference = raw.trim().to_uppercase();
    if is_sqa {
        if reference.len() == 9 && reference.chars().all(|c| c.is_ascii_digit()) {
            return Some(reference);
        }
        errors.push(FieldError::new(
            "awarding_body_ref",
            "Enter the Scottish Candidate Number: 9 digits",
        ));
        return None;
    }
    if reference.is_empty() {
        return None;
    }
    let shaped = reference.len() == 7
        && reference[..3].chars().all(|c| c.is_ascii_alphabetic())
        && reference[3..].chars().all(|c| c.is_ascii_digit());
    if !shaped {
        errors.push(FieldError::new("awarding_body_ref", "Enter the City & Guilds enrolment number: 3 letters and 4 digits, like ABC1234, or leave it blank until it is issued"));
    }
    shaped.then_some(reference)
}

pub(super) fn text(raw: &str, max: usize, field: &str, errors: &mut Vec<FieldError>) -> String {
    let value = raw.trim().to_owned();
    if value.chars().count() > max {
        errors.push(FieldError::new(
            field,
            &format!("Use at most {max} characters"),
        ));
    }
    value
}

/// The qualification the learner registers on, which must be in the curriculum.
pub(super) fn check_qualification<'c>(
    curriculum: &'c Curriculum,
    id: &str,
    errors: &mut Vec<FieldError>,
) -> Option<(&'c Specification, &'c Qualification)> {
    let qualification = curriculum.qualification(id);
    if qualification.is_none() {
        errors.push(FieldError::new(
            "qualification_id",
            "Choose a qualification",
        ));
    }
    qualification
}

/// The three dates of a registration, each present only when it parsed.
pub(super) struct RegistrationDates {
    pub(super) born: Option<NaiveDate>,
    pub(super) start: Option<NaiveDate>,
    pub(super) end: Option<NaiveDate>,
}

pub(super) fn check_dates(
    input: &RegistrationInput,
    today: NaiveDate,
    errors: &mut Vec<FieldError>,
) -> RegistrationDates {
    let born = date(
        "date_of_birth",
        &input.date_of_birth,
        errors,
        "Enter the date of birth, like 2001-04-30",
    );
    let start = date(
        "start_date",
        &input.start_date,
        errors,
        "Enter the start date, like 2026-09-01",
    );
    let end = date(
        "planned_end_date",
        &input.planned_end_date,
        errors,
        "Enter the planned end date, like 2027-06-30",
    );
    if let (Some(s), Some(e)) = (start, end)
        && e <= s
    {
        errors.push(FieldError::new(
            "planned_end_date",
            "The planned end date must be after the start date",
        ));
    }
    if born.is_some_and(|b| b >= today) {
        errors.push(FieldError::new(
            "date_of_birth",
            "The date of birth must be in the past",
        ));
    }
    if born.is_some_and(|b| !dates::plausible_birth(b)) {
        errors.push(FieldError::new(
            "date_of_birth",
            "The date of birth must be 1 January 1900 or later",
        ));
    }
    for (field, date, what) in [
        ("start_date", start, "The start date"),
        ("planned_end_date", end, "The planned end date"),
    ] {
        if date.is_some_and(|d| !dates::near(d, today)) {
            errors.push(FieldError::new(
                field,
                &format!("{what} must be within ten years of today"),
            ));
        }
    }
    RegistrationDates { born, start, end }
}

/// Where the learner works; a unit assessed in a real work environment needs the workplace.
pub(super) struct Place {
    pub(super) employer: String,
    pub(super) workplace: String,
}

pub(super) fn check_place(
    curriculum: &Curriculum,
    qualification: Option<(&Specification, &Qualification)>,
    input: &RegistrationInput,
    errors: &mut Vec<FieldError>,
) -> Place {
    let employer = text(&input.employer, 200, "employer", errors);
    let workplace = text(&input.workplace, 500, "workplace", errors);
    let real_work = qualification.is_some_and(|(_, q)| {
        curriculum
            .units_of(q)
            .any(|u| u.evidence.real_work_environment)
    });
    if real_work && workplace.is_empty() {
        errors.push(FieldError::new(
            "workplace",
            "Enter the real work environment where the learner's practice will be assessed",
        ));
    }
    Place {
        employer,
        workplace,
    }
}

/// S5 (support needs and adjustments) and S4 (open learning names who authenticates).
pub(super) struct Support {
    pub(super) needs: String,
    pub(super) reasonable_adjustments: String,
    pub(super) authenticator: Option<String>,
    pub(super) contact: Option<(String, String)>,
}

pub(super) fn check_support(input: &RegistrationInput, errors: &mut Vec<FieldError>) -> Support {
    let needs = text(&input.support_needs, 4000, "support_needs", errors);
    let reasonable_adjustments = text(
        &input.reasonable_adjustments,
        4000,
        "reasonable_adjustments",
        errors,
    );
    let mut authenticator =
        Some(text(&input.authenticator, 200, "authenticator", errors)).filter(|a| !a.is_empty());
    let mut contact = None;
    if input.open_learning && authenticator.is_none() {
        errors.push(FieldError::new("authenticator", "For open learning, name who authenticates the learner's evidence (for example the employer)"));
    } else if input.open_learning {
        match crate::domain::authentication::parse_authenticator(
            &input.authenticator,
            &input.authenticator_role,
            &input.authenticator_email,
        ) {
            Ok(named) => {
                authenticator = Some(named.name);
                contact = Some((named.role, named.email));
            }
            Err(problems) => errors.extend(problems),
        }
    } else {
        // Not open learning: no one authenticates, so nothing is kept about them.
        authenticator = None;
    }
    Support {
        needs,
        reasonable_adjustments,
        authenticator,
        contact,
    }
}

/// C2: prior learning a centre recognises (only where the qualification allows it; elsewhere it
/// is refused before the fields are read): what it is, and the units it exempts the learner from.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct PriorLearning {
    pub description: String,
    /// Unit ids of the qualification, in the curriculum's order.
    pub exemptions: Vec<String>,
}

/// The prior learning claimed, if any: a description of at most 4,000 characters, and every
/// exemption a unit of the qualification.
pub(super) fn check_prior_learning(
    curriculum: &Curriculum,
    qualification: Option<(&Specification, &Qualification)>,
    input: &RegistrationInput,
    errors: &mut Vec<FieldError>,
) -> Option<PriorLearning> {
    let description = text(&input.prior_learning, 4000, "prior_learning", errors);
    let units: Vec<String> = qualification
        .map(|(_, q)| curriculum.units_of(q).map(|u| u.id.clone()).collect())
        .unwrap_or_default();
    let asked: Vec<&str> = input
        .exemptions
        .iter()
        .map(|e| e.trim())
        .filter(|e| !e.is_empty())
        .collect();
    let unknown: Vec<&str> = asked
        .iter()
        .copied()
        .filter(|e| !units.iter().any(|u| u == e))
        .collect();
    if !unknown.is_empty() {
        errors.push(FieldError::new(
            "exemptions",
            &format!("Not a unit of this qualification: {}", unknown.join(", ")),
        ));
    }
    if !asked.is_empty() && description.is_empty() {
        errors.push(FieldError::new(
            "prior_learning",
            "Describe the prior learning the exemption rests on",
        ));
    }
    let exemptions: Vec<String> = units
        .into_iter()
        .filter(|u| asked.contains(&u.as_str()))
        .collect();
    (!description.is_empty()).then_some(PriorLearning {
        description,
        exemptions,
    })
}
