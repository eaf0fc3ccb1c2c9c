//! A witness's answer through their link: who they confirm they are, what they write and sign,
//! an expert witness's C7 standing and observation of practice, and the SHA-256 of exactly what
//! was signed.

use chrono::NaiveDate;
use serde::Deserialize;
use sha2::{Digest, Sha256};

use super::eligibility::{StaffRecord, require_expert_witness};
use super::evidence::check_mapping;
use super::people::FieldError;
use super::rules::RuleViolation;
use super::witness::short_text;
use crate::curriculum::Curriculum;

/// What the witness fills in through their link.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct AnswerFields {
    pub confirm_name: String,
    pub confirm_email: String,
    pub declared_role: String,
    pub testimony: String,
    /// The name typed to sign.
    pub signature: String,
    pub expert_statement: String,
    pub working_knowledge_of_units: bool,
    pub occupationally_competent: bool,
    pub assessment_qualifications: Vec<String>,
    pub work_role_evaluates_practice: bool,
    pub observed_on: String,
    pub observation_setting: String,
    pub observation_narrative: String,
    pub observation_criteria: Vec<String>,
}

/// What the request says about the witness and what is in view.
#[derive(Debug, Clone)]
pub struct RequestFacts<'a> {
    pub witness_name: &'a str,
    pub witness_email: &'a str,
    pub expert: bool,
    pub qualification_id: &'a str,
}

/// How an expert witness says they meet C7.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExpertStanding {
    pub statement: String,
    pub working_knowledge_of_units: bool,
    pub occupationally_competent: bool,
    pub qualifications: Vec<String>,
    pub work_role_evaluates_practice: bool,
}

impl ExpertStanding {
    /// The facts the C7 rule reads, as the witness declares them.
    pub fn staff_record(&self) -> StaffRecord {
        StaffRecord {
            qualifications: self.qualifications.clone(),
            occupationally_competent: self.occupationally_competent,
            occupationally_knowledgeable: false,
            working_knowledge_of_units: self.working_knowledge_of_units,
            work_role_evaluates_practice: self.work_role_evaluates_practice,
        }
    }
}

/// An expert witness's observation of the learner's practice.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WitnessObservation {
    pub observed_on: NaiveDate,
    pub setting: String,
    pub narrative: String,
    pub criteria: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WitnessAnswer {
    pub declared_role: String,
    pub testimony: String,
    pub signed_name: String,
    pub expert: Option<ExpertStanding>,
    pub observation: Option<WitnessObservation>,
}

/// Names compare without case or spacing differences.
pub fn same_name(a: &str, b: &str) -> bool {
    let squash = |s: &str| {
        s.split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .to_lowercase()
    };
    squash(a) == squash(b)
}

/// Parse the witness's answer. The C7 check is apart ([`check_expert`]) so that field errors and
/// the rule's refusal each get their own answer.
pub fn parse_answer(
    curriculum: &Curriculum,
    facts: &RequestFacts<'_>,
    fields: &AnswerFields,
    today: NaiveDate,
) -> Result<WitnessAnswer, Vec<FieldError>> {
    let mut errors = Vec::new();
    check_identity(facts, fields, &mut errors);
    let declared_role = short_text(
        "declared_role",
        &fields.declared_role,
        200,
        "Give your job or role, in at most 200 characters",
        &mut errors,
    );
    let testimony = short_text(
        "testimony",
        &fields.testimony,
        20_000,
        "Write what you saw the learner do, in at most 20,000 characters",
        &mut errors,
    );
    if !same_name(&fields.signature, &fields.confirm_name) || fields.signature.trim().is_empty() {
        errors.push(FieldError::new(
            "signature",
            "Sign by typing your name exactly as you confirmed it above",
        ));
    }
    let expert = facts.expert.then(|| expert_standing(fields, &mut errors));
    let observation = if facts.expert {
        parse_observation(
            curriculum,
            facts.qualification_id,
            fields,
            today,
            &mut errors,
        )
    } else {
        None
    };
    if errors.is_empty() {
        Ok(WitnessAnswer {
            declared_role,
            testimony,
            signed_name: fields.signature.trim().to_owned(),
            expert,
            observation,
        })
    } else {
        Err(errors)
    }
}

/// The witness confirms the name and email address the request was sent to.
fn check_identity(facts: &RequestFacts<'_>, fields: &AnswerFields, errors: &mut Vec<FieldError>) {
    let same_email =
        fields.confirm_email.trim().to_lowercase() == facts.witness_email.trim().to_lowercase();
    if !same_name(&fields.confirm_name, facts.witness_name) || !same_email {
        errors.push(FieldError::new(
            "confirm_name",
            "Your name and email address must be the ones this request was sent to; if they differ, ask the person who asked you to send it again",
        ));
    }
}

/// How an expert witness says they meet C7 (checked against the rule by [`check_expert`]).
fn expert_standing(fields: &AnswerFields, errors: &mut Vec<FieldError>) -> ExpertStanding {
    ExpertStanding {
        statement: short_text(
            "expert_statement",
            &fields.expert_statement,
            4000,
            "Say how you meet the expert witness requirements, in at most 4,000 characters",
            errors,
        ),
        working_knowledge_of_units: fields.working_knowledge_of_units,
        occupationally_competent: fields.occupationally_competent,
        qualifications: fields.assessment_qualifications.clone(),
        work_role_evaluates_practice: fields.work_role_evaluates_practice,
    }
}

/// An observation is optional: all of its fields blank means none.
fn parse_observation(
    curriculum: &Curriculum,
    qualification_id: &str,
    fields: &AnswerFields,
    today: NaiveDate,
    errors: &mut Vec<FieldError>,
) -> Option<WitnessObservation> {
    let given = !fields.observed_on.trim().is_empty()
        || !fields.observation_narrative.trim().is_empty()
        || !fields.observation_setting.trim().is_empty()
        || !fields.observation_criteria.is_empty();
    if !given {
        return None;
    }
    let before = errors.len();
    let date = observation_date(&fields.observed_on, today, errors);
    let setting = short_text(
        "observation_setting",
        &fields.observation_setting,
        500,
        "Describe the setting of the observation, in at most 500 characters",
        errors,
    );
    let narrative = short_text(
        "observation_narrative",
        &fields.observation_narrative,
        20_000,
        "Describe what you observed, in at most 20,000 characters",
        errors,
    );
    let criteria = observed_criteria(
        curriculum,
        qualification_id,
        &fields.observation_criteria,
        errors,
    );
    match date {
        Some(observed_on) if errors.len() == before => Some(WitnessObservation {
            observed_on,
            setting,
            narrative,
            criteria,
        }),
        _ => None,
    }
}

/// The date of an observation: a date, not in the future.
fn observation_date(
    raw: &str,
    today: NaiveDate,
    errors: &mut Vec<FieldError>,
) -> Option<NaiveDate> {
    let date = NaiveDate::parse_from_str(raw.trim(), "%Y-%m-%d").ok();
    match date {
        Some(d) if d > today => errors.push(FieldError::new(
            "observed_on",
            "The observation date cannot be in the future",
        )),
        Some(_) => {}
        None => errors.push(FieldError::new(
            "observed_on",
            "Enter the date you observed the learner, like 2027-01-12",
        )),
    }
    date
}

/// The criteria observed: at least one, each mappable in the qualification.
fn observed_criteria(
    curriculum: &Curriculum,
    qualification_id: &str,
    criteria: &[String],
    errors: &mut Vec<FieldError>,
) -> Vec<String> {
    match check_mapping(curriculum, qualification_id, criteria) {
        Ok(ids) if ids.is_empty() => {
            errors.push(FieldError::new(
                "observation_criteria",
                "Choose the criteria you observed",
            ));
            ids
        }
        Ok(ids) => ids,
        Err(e) => {
            errors.push(FieldError::new("observation_criteria", &e.message));
            Vec::new()
        }
    }
}

/// C7: an expert witness must meet the specification's requirements, as they declare them.
pub fn check_expert(
    curriculum: &Curriculum,
    qualification_id: &str,
    answer: &WitnessAnswer,
) -> Result<(), RuleViolation> {
    match &answer.expert {
        Some(standing) => {
            require_expert_witness(curriculum, qualification_id, &standing.staff_record())
        }
        None => Ok(()),
    }
}

/// Everything the witness signs, in a fixed order.
#[derive(Debug, Clone)]
pub struct SignedContent<'a> {
    pub request_id: &'a str,
    pub learner_name: &'a str,
    pub criteria: &'a [String],
    pub activity: &'a str,
    pub witness_name: &'a str,
    pub witness_email: &'a str,
    pub answer: &'a WitnessAnswer,
}

/// The SHA-256 of exactly what was signed: each part length-prefixed, so no two different
/// contents share a hash by moving text from one part to the next.
pub fn signed_content_hash(content: &SignedContent<'_>) -> String {
    let answer = content.answer;
    let mut parts: Vec<String> = vec![
        content.request_id.to_owned(),
        content.learner_name.to_owned(),
        content.criteria.join("\n"),
        content.activity.to_owned(),
        content.witness_name.to_owned(),
        content.witness_email.to_owned(),
        answer.declared_role.clone(),
        answer.testimony.clone(),
        answer.signed_name.clone(),
    ];
    if let Some(e) = &answer.expert {
        parts.extend([
            e.statement.clone(),
            format!(
                "{} {} {}",
                e.working_knowledge_of_units,
                e.occupationally_competent,
                e.work_role_evaluates_practice
            ),
            e.qualifications.join("\n"),
        ]);
    }
    if let Some(o) = &answer.observation {
        parts.extend([
            o.observed_on.to_string(),
            o.setting.clone(),
            o.narrative.clone(),
            o.criteria.join("\n"),
        ]);
    }
    let mut hasher = Sha256::new();
    for part in &parts {
        hasher.update((part.len() as u64).to_be_bytes());
        hasher.update(part.as_bytes());
    }
    hasher
        .finalize()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}
