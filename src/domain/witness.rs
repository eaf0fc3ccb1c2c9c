//! Witness and expert-witness testimony: what a request must say, what a witness's answer must
//! say (with C7 checked for an expert witness), exactly what the witness signs, and whether a
//! single-use link may still be used. Plain data in, decisions out.

use chrono::NaiveDateTime;
use serde::Deserialize;

use super::evidence::check_mapping;
use super::people::{Email, FieldError, Name};
use crate::curriculum::Curriculum;

pub use super::witness_answer::{
    AnswerFields, ExpertStanding, RequestFacts, SignedContent, WitnessAnswer, WitnessObservation,
    check_expert, parse_answer, same_name, signed_content_hash,
};

/// How long a witness link works.
pub const LINK_VALIDITY: chrono::Duration = chrono::Duration::days(14);

crate::codes! {
    /// Where a testimony request stands.
    pub enum RequestStatus {
        /// Sent; the witness has not answered.
        Requested = "requested",
        /// The witness has signed a testimony; the assessor has not decided.
        Signed = "signed",
        Accepted = "accepted",
        Rejected = "rejected",
    }
}

impl RequestStatus {
    pub fn label(self) -> &'static str {
        match self {
            Self::Requested => "Waiting for the witness",
            Self::Signed => "Signed by the witness; waiting for the assessor",
            Self::Accepted => "Accepted as evidence",
            Self::Rejected => "Not accepted as evidence",
        }
    }
}

/// A request as entered by the learner or assessor.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct RequestFields {
    pub witness_name: String,
    pub witness_email: String,
    pub witness_role: String,
    pub relationship: String,
    pub expert: bool,
    pub criteria: Vec<String>,
    pub activity: String,
}

/// A request that holds: a witness who can be written to, criteria of the learner's qualification.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WitnessRequest {
    pub name: Name,
    pub email: Email,
    pub role: String,
    pub relationship: String,
    pub expert: bool,
    pub criteria: Vec<String>,
    pub activity: String,
}

pub(super) fn short_text(
    field: &str,
    raw: &str,
    max: usize,
    message: &str,
    errors: &mut Vec<FieldError>,
) -> String {
    let text = raw.trim();
    if text.is_empty() || text.chars().count() > max {
        errors.push(FieldError::new(field, message));
    }
    text.to_owned()
}

/// Parse a request for testimony on a registration on `qualification_id`.
pub fn parse_request(
    curriculum: &Curriculum,
    qualification_id: &str,
    fields: &RequestFields,
) -> Result<WitnessRequest, Vec<FieldError>> {
    let mut errors = Vec::new();
    let name = Name::parse("witness_name", &fields.witness_name)
        .map_err(|e| errors.push(e))
        .ok();
    let email = Email::parse("witness_email", &fields.witness_email)
        .map_err(|e| errors.push(e))
        .ok();
    let role = short_text(
        "witness_role",
        &fields.witness_role,
        200,
        "Give the witness's job or role, in at most 200 characters",
        &mut errors,
    );
    let relationship = short_text(
        "relationship",
        &fields.relationship,
        200,
        "Say how the witness knows the learner, in at most 200 characters",
        &mut errors,
    );
    let activity = short_text(
        "activity",
        &fields.activity,
        4000,
        "Describe the activity the witness saw, in at most 4,000 characters",
        &mut errors,
    );
    let criteria = witnessed_criteria(curriculum, qualification_id, &fields.criteria, &mut errors);
    if fields.expert && !provides_for_experts(curriculum, qualification_id) {
        errors.push(FieldError::new(
            "expert",
            "This qualification makes no provision for expert witnesses; ask for witness testimony instead",
        ));
    }
    match (name, email, errors.is_empty()) {
        (Some(name), Some(email), true) => Ok(WitnessRequest {
            name,
            email,
            role,
            relationship,
            expert: fields.expert,
            criteria,
            activity,
        }),
        _ => Err(errors),
    }
}

/// The criteria the witness can speak to: at least one, each mappable in the qualification.
fn witnessed_criteria(
    curriculum: &Curriculum,
    qualification_id: &str,
    criteria: &[String],
    errors: &mut Vec<FieldError>,
) -> Vec<String> {
    match check_mapping(curriculum, qualification_id, criteria) {
        Ok(ids) if ids.is_empty() => {
            errors.push(FieldError::new(
                "criteria",
                "Choose at least one criterion the witness can speak to",
            ));
            ids
        }
        Ok(ids) => ids,
        Err(e) => {
            errors.push(e);
            Vec::new()
        }
    }
}

/// Whether the qualification's specification makes provision for expert witnesses.
fn provides_for_experts(curriculum: &Curriculum, qualification_id: &str) -> bool {
    curriculum
        .qualification(qualification_id)
        .is_some_and(|(spec, _)| spec.expert_witness.is_some())
}

/// The assessment qualifications an expert witness for `qualification_id` may hold: (id, title).
pub fn expert_qualification_options(
    curriculum: &Curriculum,
    qualification_id: &str,
) -> Vec<(String, String)> {
    let Some((spec, _)) = curriculum.qualification(qualification_id) else {
        return Vec::new();
    };
    let Some(rule) = &spec.expert_witness else {
        return Vec::new();
    };
    rule.qualifications_any_of
        .iter()
        .map(|id| {
            let title = spec
                .staff_qualifications
                .iter()
                .find(|q| &q.id == id)
                .map_or(id.as_str(), |q| q.title.trim_end_matches('.'));
            (id.clone(), title.to_owned())
        })
        .collect()
}

/// Whether a link may be used now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LinkState {
    Open,
    /// Used at this time: it shows what was signed, and nothing more can be done with it.
    Used(NaiveDateTime),
    Expired,
}

/// A used link stays used (and readable) after it would have expired.
pub fn link_state(
    used_at: Option<NaiveDateTime>,
    expires_at: NaiveDateTime,
    now: NaiveDateTime,
) -> LinkState {
    match used_at {
        Some(at) => LinkState::Used(at),
        None if now >= expires_at => LinkState::Expired,
        None => LinkState::Open,
    }
}

/// The assessor's decision on a signed testimony.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TestimonyDecision {
    Accept,
    Reject,
}

/// A decision needs a reason, whichever it is.
pub fn parse_decision(
    decision: &str,
    reason: &str,
) -> Result<(TestimonyDecision, String), Vec<FieldError>> {
    let mut errors = Vec::new();
    let decision = match decision.trim() {
        "accept" => Some(TestimonyDecision::Accept),
        "reject" => Some(TestimonyDecision::Reject),
        _ => {
            errors.push(FieldError::new(
                "decision",
                "Choose whether to accept the testimony as evidence",
            ));
            None
        }
    };
    let reason = short_text(
        "reason",
        reason,
        4000,
        "Give the reason for your decision, in at most 4,000 characters",
        &mut errors,
    );
    match decision {
        Some(d) if errors.is_empty() => Ok((d, reason)),
        _ => Err(errors),
    }
}

#[cfg(test)]
#[path = "witness_tests.rs"]
mod tests;
