//! Registering a learner on a qualification: C1 (minimum age, from the curriculum's entry rules),
//! C2 (no recognition of prior learning), C6 (the assessor may assess every unit), C8 (the IQA is
//! eligible and is not the assessor), S4 (open learning names who authenticates), S5 (support
//! needs recorded), S6 (FM96 34 first: a warning only), and the awarding-body reference's shape.

use chrono::{Datelike, NaiveDate};

use super::eligibility::{StaffRecord, may_quality_assure, require_assessor};
use super::people::{Email, FieldError, Name};
use super::rules::RuleViolation;
use crate::curriculum::Curriculum;

/// What a centre administrator enters, as text.
#[derive(Debug, Clone, Default, serde::Deserialize)]
pub struct RegistrationInput {
    pub learner_name: String,
    pub learner_email: String,
    pub date_of_birth: String,
    pub qualification_id: String,
    #[serde(default)]
    pub awarding_body_ref: String,
    pub start_date: String,
    pub planned_end_date: String,
    #[serde(default)]
    pub employer: String,
    #[serde(default)]
    pub workplace: String,
    pub assessor_id: String,
    pub iqa_id: String,
    #[serde(default)]
    pub tutor_id: String,
    #[serde(default)]
    pub support_needs: String,
    #[serde(default)]
    pub reasonable_adjustments: String,
    #[serde(default)]
    pub open_learning: bool,
    #[serde(default)]
    pub authenticator: String,
    /// S6: the learner has completed FM96 34 (SQA only; a warning when not).
    #[serde(default)]
    pub completed_prior_unit: bool,
    /// C2: anything here is refused (`rpl_not_allowed`).
    #[serde(default)]
    pub prior_learning: String,
    #[serde(default)]
    pub exemptions: Vec<String>,
}

/// The facts about a member of staff that registration checks.
#[derive(Debug, Clone, Default)]
pub struct StaffFacts {
    pub user_id: String,
    pub name: String,
    pub holds_role: bool,
    pub record: StaffRecord,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckedRegistration {
    pub learner_name: String,
    pub learner_email: String,
    pub date_of_birth: NaiveDate,
    pub qualification_id: String,
    pub awarding_body_ref: Option<String>,
    pub start_date: NaiveDate,
    pub planned_end_date: NaiveDate,
    pub employer: String,
    pub workplace: String,
    pub support_needs: String,
    pub reasonable_adjustments: String,
    pub open_learning: bool,
    pub authenticator: Option<String>,
    pub warnings: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refused {
    Invalid(Vec<FieldError>),
    Rule(RuleViolation),
}

fn date(field: &str, raw: &str, errors: &mut Vec<FieldError>, message: &str) -> Option<NaiveDate> {
    let parsed = NaiveDate::parse_from_str(raw.trim(), "%Y-%m-%d").ok();
    if parsed.is_none() {
        errors.push(FieldError::new(field, message));
    }
    parsed
}

/// Whole years between `born` and `on`.
pub fn age_on(born: NaiveDate, on: NaiveDate) -> i32 {
    let mut age = on.year() - born.year();
    if (on.month(), on.day()) < (born.month(), born.day()) {
        age -= 1;
    }
    age
}

/// SQA Scottish Candidate Number: 9 digits. City & Guilds enrolment number: 3 letters and 4 digits.
fn check_reference(is_sqa: bool, raw: &str, errors: &mut Vec<FieldError>) -> Option<String> {
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

fn text(raw: &str, max: usize, field: &str, errors: &mut Vec<FieldError>) -> String {
    let value = raw.trim().to_owned();
    if value.chars().count() > max {
        errors.push(FieldError::new(
            field,
            &format!("Use at most {max} characters"),
        ));
    }
    value
}

/// Check a registration. Rules come first (they are the ones a centre must not get round), then
/// the fields; `today` is the registration date.
pub fn check_registration(
    curriculum: &Curriculum,
    input: &RegistrationInput,
    today: NaiveDate,
    assessor: Option<&StaffFacts>,
    iqa: Option<&StaffFacts>,
) -> Result<CheckedRegistration, Refused> {
    let claims_prior_learning =
        !input.prior_learning.trim().is_empty() || !input.exemptions.is_empty();
    if claims_prior_learning
        && let Some((spec, _)) = curriculum.qualification(&input.qualification_id)
        && spec.entry.as_ref().is_some_and(|e| !e.rpl_allowed)
    {
        return Err(Refused::Rule(RuleViolation::RplNotAllowed));
    }
    let mut errors = Vec::new();
    let name = Name::parse("learner_name", &input.learner_name)
        .map_err(|e| errors.push(e))
        .ok();
    let email = Email::parse("learner_email", &input.learner_email)
        .map_err(|e| errors.push(e))
        .ok();
    let qualification = curriculum.qualification(&input.qualification_id);
    if qualification.is_none() {
        errors.push(FieldError::new(
            "qualification_id",
            "Choose a qualification",
        ));
    }
    let born = date(
        "date_of_birth",
        &input.date_of_birth,
        &mut errors,
        "Enter the date of birth, like 2001-04-30",
    );
    let start = date(
        "start_date",
        &input.start_date,
        &mut errors,
        "Enter the start date, like 2026-09-01",
    );
    let end = date(
        "planned_end_date",
        &input.planned_end_date,
        &mut errors,
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
    let is_sqa = qualification.is_some_and(|(s, _)| {
        s.specification.level_framework == crate::curriculum::model::LevelFramework::Scqf
    });
    let reference = check_reference(is_sqa, &input.awarding_body_ref, &mut errors);
    let employer = text(&input.employer, 200, "employer", &mut errors);
    let workplace = text(&input.workplace, 500, "workplace", &mut errors);
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
    let support_needs = text(&input.support_needs, 4000, "support_needs", &mut errors);
    let reasonable_adjustments = text(
        &input.reasonable_adjustments,
        4000,
        "reasonable_adjustments",
        &mut errors,
    );
    let authenticator = Some(text(
        &input.authenticator,
        200,
        "authenticator",
        &mut errors,
    ))
    .filter(|a| !a.is_empty());
    if input.open_learning && authenticator.is_none() {
        errors.push(FieldError::new("authenticator", "For open learning, name who authenticates the learner's evidence (for example the employer)"));
    }
    // C1: the minimum age, on the registration date.
    if let (Some((spec, _)), Some(born)) = (qualification, born)
        && let Some(minimum) = spec.entry.as_ref().and_then(|e| e.minimum_age)
        && age_on(born, today) < i32::from(minimum)
    {
        return Err(Refused::Rule(RuleViolation::UnderMinimumAge));
    }
    check_staff(
        curriculum,
        &input.qualification_id,
        assessor,
        iqa,
        &mut errors,
    )?;
    if !errors.is_empty() {
        return Err(Refused::Invalid(errors));
    }
    let mut warnings = Vec::new();
    if let Some((_, q)) = qualification {
        for unit in curriculum.units_of(q) {
            for prior in &unit.recommended_prior_units {
                if !input.completed_prior_unit {
                    warnings.push(format!(
                        "Unit {} {} should come first: {}",
                        prior.code, prior.title, prior.statement
                    ));
                }
            }
        }
        if let Some(iqa) = iqa
            && let Some(decision) = may_quality_assure(curriculum, &q.id, &iqa.record)
        {
            warnings.extend(decision.warnings);
        }
    }
    let (Some(name), Some(email), Some(born), Some(start), Some(end)) =
        (name, email, born, start, end)
    else {
        return Err(Refused::Invalid(vec![]));
    };
    Ok(CheckedRegistration {
        learner_name: name.as_str().to_owned(),
        learner_email: email.as_str().to_owned(),
        date_of_birth: born,
        qualification_id: input.qualification_id.clone(),
        awarding_body_ref: reference,
        start_date: start,
        planned_end_date: end,
        employer,
        workplace,
        support_needs,
        reasonable_adjustments,
        open_learning: input.open_learning,
        authenticator,
        warnings,
    })
}

/// C6 for every unit of the qualification; C8 eligibility, and the IQA is not the assessor.
pub fn check_staff(
    curriculum: &Curriculum,
    qualification_id: &str,
    assessor: Option<&StaffFacts>,
    iqa: Option<&StaffFacts>,
    errors: &mut Vec<FieldError>,
) -> Result<(), Refused> {
    let Some((_, qualification)) = curriculum.qualification(qualification_id) else {
        return Ok(());
    };
    match assessor {
        Some(a) if a.holds_role => {
            for unit in curriculum.units_of(qualification) {
                require_assessor(curriculum, &unit.id, &a.record).map_err(Refused::Rule)?;
            }
        }
        _ => errors.push(FieldError::new(
            "assessor_id",
            "Choose an assessor of this centre",
        )),
    }
    match iqa {
        Some(i) if i.holds_role => {
            if let Some(a) = assessor
                && a.user_id == i.user_id
            {
                return Err(Refused::Rule(RuleViolation::IqaOwnDecision));
            }
            if let Some(decision) = may_quality_assure(curriculum, qualification_id, &i.record)
                && !decision.allowed
            {
                errors.push(FieldError::new(
                    "iqa_id",
                    &format!(
                        "This IQA cannot quality-assure this qualification: {}",
                        decision.reasons.join("; ")
                    ),
                ));
            }
        }
        _ => errors.push(FieldError::new(
            "iqa_id",
            "Choose an internal quality assurer of this centre",
        )),
    }
    Ok(())
}

#[cfg(test)]
#[path = "registration_tests.rs"]
mod tests;
