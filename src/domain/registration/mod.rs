//! Registering a learner on a qualification: C1 (minimum age, from the curriculum's entry rules),
//! C2 (no recognition of prior learning), C6 (the assessor may assess every unit), C8 (the IQA is
//! eligible and is not the assessor), S4 (open learning names who authenticates), S5 (support
//! needs recorded), S6 (FM96 34 first: a warning only), and the awarding-body reference's shape.

use chrono::{Datelike, NaiveDate};

mod details;
mod fields;
mod staff;

pub use details::{
    Details, DetailsInput, DetailsRules, changed_fields, check_details, field_words,
};

pub use fields::PriorLearning;
use fields::{
    check_dates, check_place, check_prior_learning, check_qualification, check_reference,
    check_support,
};
pub use staff::{Staffing, check_staff, check_unit_staff};

use super::eligibility::{StaffRecord, may_quality_assure};
use super::people::{Email, FieldError, Name};
use super::rules::RuleViolation;
use crate::curriculum::Curriculum;
use crate::curriculum::model::{Qualification, Specification};

crate::codes! {
    /// Where a registration stands: active, or withdrawn (its records kept).
    pub enum RegistrationStatus { Active = "active", Withdrawn = "withdrawn" }
}

impl RegistrationStatus {
    /// In words, for pages.
    pub fn label(self) -> &'static str {
        match self {
            Self::Active => "In progress",
            Self::Withdrawn => "Withdrawn (records kept)",
        }
    }
}

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
    /// S4: the authenticator's role (open learning).
    #[serde(default)]
    pub authenticator_role: String,
    /// S4: where the authenticator's single-use links are emailed (open learning).
    #[serde(default)]
    pub authenticator_email: String,
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

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
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
    /// C2: prior learning recognised (only where the qualification allows it).
    pub prior_learning: Option<PriorLearning>,
    /// S4: the authenticator's role and email (open learning only).
    pub authenticator_contact: Option<(String, String)>,
    pub warnings: Vec<String>,
}

/// A checked registration with its staff, as kept while it waits for the learner's consent
/// (someone with an account who does not belong to the centre yet is asked first).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct PendingRegistration {
    pub checked: CheckedRegistration,
    pub assessor_id: String,
    pub iqa_id: String,
    pub tutor_id: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refused {
    Invalid(Vec<FieldError>),
    Rule(RuleViolation),
}

/// Whole years between `born` and `on`.
pub fn age_on(born: NaiveDate, on: NaiveDate) -> i32 {
    let mut age = on.year() - born.year();
    if (on.month(), on.day()) < (born.month(), born.day()) {
        age -= 1;
    }
    age
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
    refuse_prior_learning(curriculum, input)?;
    let mut errors = Vec::new();
    let name = Name::parse("learner_name", &input.learner_name)
        .map_err(|e| errors.push(e))
        .ok();
    let email = Email::parse("learner_email", &input.learner_email)
        .map_err(|e| errors.push(e))
        .ok();
    let qualification = check_qualification(curriculum, &input.qualification_id, &mut errors);
    let dates = check_dates(input, today, &mut errors);
    let is_sqa = qualification.is_some_and(|(s, _)| {
        s.specification.level_framework == crate::curriculum::model::LevelFramework::Scqf
    });
    let reference = check_reference(is_sqa, &input.awarding_body_ref, &mut errors);
    let place = check_place(curriculum, qualification, input, &mut errors);
    let support = check_support(input, &mut errors);
    let prior_learning = check_prior_learning(curriculum, qualification, input, &mut errors);
    refuse_under_minimum_age(qualification, dates.born, today)?;
    let (staffing, qualification_id) = (Staffing { assessor, iqa }, &input.qualification_id);
    check_staff(curriculum, qualification_id, staffing, &[], &mut errors)?;
    if !errors.is_empty() {
        return Err(Refused::Invalid(errors));
    }
    let warnings = registration_warnings(curriculum, qualification, input, iqa);
    let (Some(name), Some(email), Some(born), Some(start), Some(end)) =
        (name, email, dates.born, dates.start, dates.end)
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
        employer: place.employer,
        workplace: place.workplace,
        support_needs: support.needs,
        reasonable_adjustments: support.reasonable_adjustments,
        open_learning: input.open_learning,
        authenticator: support.authenticator,
        prior_learning,
        authenticator_contact: support.contact,
        warnings,
    })
}

/// C2: a qualification that allows no recognition of prior learning refuses any claim to it.
fn refuse_prior_learning(
    curriculum: &Curriculum,
    input: &RegistrationInput,
) -> Result<(), Refused> {
    let claims_prior_learning =
        !input.prior_learning.trim().is_empty() || !input.exemptions.is_empty();
    if claims_prior_learning
        && let Some((spec, _)) = curriculum.qualification(&input.qualification_id)
        && spec.entry.as_ref().is_some_and(|e| !e.rpl_allowed)
    {
        return Err(Refused::Rule(RuleViolation::RplNotAllowed));
    }
    Ok(())
}

/// C1: the minimum age, on the registration date.
fn refuse_under_minimum_age(
    qualification: Option<(&Specification, &Qualification)>,
    born: Option<NaiveDate>,
    today: NaiveDate,
) -> Result<(), Refused> {
    if let (Some((spec, _)), Some(born)) = (qualification, born)
        && let Some(minimum) = spec.entry.as_ref().and_then(|e| e.minimum_age)
        && age_on(born, today) < i32::from(minimum)
    {
        return Err(Refused::Rule(RuleViolation::UnderMinimumAge));
    }
    Ok(())
}

/// S6 (recommended prior units not yet completed) and the IQA's eligibility warnings.
fn registration_warnings(
    curriculum: &Curriculum,
    qualification: Option<(&Specification, &Qualification)>,
    input: &RegistrationInput,
    iqa: Option<&StaffFacts>,
) -> Vec<String> {
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
    warnings
}

#[cfg(test)]
mod tests;
