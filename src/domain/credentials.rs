//! A staff member's recorded credentials, and how they add up to the facts the eligibility
//! rules (C6–C8) read: qualifications held, occupational competence or knowledge, and the
//! expert-witness standing (working knowledge of the units, a role that evaluates practice).

use chrono::NaiveDate;

use super::eligibility::StaffRecord;
use super::people::FieldError;
use crate::curriculum::Curriculum;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CredentialKind {
    /// A qualification from the curriculum's staff qualification list (code: its id).
    Qualification,
    /// Occupational competence or knowledge (code: `occupationally_competent` / `occupationally_knowledgeable`).
    Competence,
    /// Expert-witness standing (code: `working_knowledge_of_units` / `work_role_evaluates_practice`).
    ExpertWitness,
}

impl CredentialKind {
    pub fn parse(raw: &str) -> Option<Self> {
        match raw {
            "qualification" => Some(Self::Qualification),
            "competence" => Some(Self::Competence),
            "expert_witness" => Some(Self::ExpertWitness),
            _ => None,
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            Self::Qualification => "qualification",
            Self::Competence => "competence",
            Self::ExpertWitness => "expert_witness",
        }
    }
}

/// A credential as entered, checked against the curriculum.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewCredential {
    pub kind: CredentialKind,
    pub code: String,
    pub statement: String,
    pub dated_on: NaiveDate,
}

pub const COMPETENCE_CODES: [(&str, &str); 2] = [
    ("occupationally_competent", "Occupationally competent"),
    (
        "occupationally_knowledgeable",
        "Occupationally knowledgeable",
    ),
];

pub const EXPERT_WITNESS_CODES: [(&str, &str); 2] = [
    (
        "working_knowledge_of_units",
        "Working knowledge of the units",
    ),
    (
        "work_role_evaluates_practice",
        "Professional work role that evaluates the everyday practice of staff",
    ),
];

/// Parse a credential from form or API fields; `today` bounds the date (no future dates).
pub fn parse_credential(
    curriculum: &Curriculum,
    kind: &str,
    code: &str,
    statement: &str,
    dated_on: &str,
    today: NaiveDate,
) -> Result<NewCredential, Vec<FieldError>> {
    let mut errors = Vec::new();
    let kind = CredentialKind::parse(kind);
    if kind.is_none() {
        errors.push(FieldError::new(
            "kind",
            "Choose qualification, competence or expert witness standing",
        ));
    }
    let known = match kind {
        Some(CredentialKind::Qualification) => curriculum
            .specifications()
            .iter()
            .any(|s| s.staff_qualifications.iter().any(|q| q.id == code)),
        Some(CredentialKind::Competence) => COMPETENCE_CODES.iter().any(|(c, _)| *c == code),
        Some(CredentialKind::ExpertWitness) => EXPERT_WITNESS_CODES.iter().any(|(c, _)| *c == code),
        None => true,
    };
    if !known {
        errors.push(FieldError::new(
            "code",
            "Choose one of the listed qualifications or standings",
        ));
    }
    let statement = statement.trim();
    if statement.is_empty() || statement.chars().count() > 2000 {
        errors.push(FieldError::new(
            "statement",
            "Describe the evidence for this credential (at most 2,000 characters)",
        ));
    }
    let date = NaiveDate::parse_from_str(dated_on.trim(), "%Y-%m-%d");
    match date {
        Ok(d) if d > today => errors.push(FieldError::new(
            "dated_on",
            "The date cannot be in the future",
        )),
        Ok(_) => {}
        Err(_) => errors.push(FieldError::new("dated_on", "Enter a date like 2024-09-01")),
    }
    match (kind, date, errors.is_empty()) {
        (Some(kind), Ok(dated_on), true) => Ok(NewCredential {
            kind,
            code: code.to_owned(),
            statement: statement.to_owned(),
            dated_on,
        }),
        _ => Err(errors),
    }
}

/// The facts the eligibility rules read, from (kind, code) pairs as stored.
pub fn staff_record<'a>(credentials: impl IntoIterator<Item = (&'a str, &'a str)>) -> StaffRecord {
    let mut record = StaffRecord::default();
    for (kind, code) in credentials {
        match (CredentialKind::parse(kind), code) {
            (Some(CredentialKind::Qualification), code) => {
                record.qualifications.push(code.to_owned())
            }
            (Some(CredentialKind::Competence), "occupationally_competent") => {
                record.occupationally_competent = true;
                record.occupationally_knowledgeable = true;
            }
            (Some(CredentialKind::Competence), "occupationally_knowledgeable") => {
                record.occupationally_knowledgeable = true
            }
            (Some(CredentialKind::ExpertWitness), "working_knowledge_of_units") => {
                record.working_knowledge_of_units = true
            }
            (Some(CredentialKind::ExpertWitness), "work_role_evaluates_practice") => {
                record.work_role_evaluates_practice = true
            }
            _ => {}
        }
    }
    record
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 23).unwrap_or_default()
    }

    #[test]
    fn a_known_qualification_parses() -> Result<(), Box<dyn std::error::Error>> {
        let c = crate::curriculum::shipped()?;
        let parsed = parse_credential(
            &c,
            "qualification",
            "a1",
            "A1 certificate seen",
            "2010-06-01",
            today(),
        );
        assert_eq!(parsed.map(|p| p.kind), Ok(CredentialKind::Qualification));
        Ok(())
    }

    #[test]
    fn unknown_codes_future_dates_and_blank_statements_are_refused()
    -> Result<(), Box<dyn std::error::Error>> {
        let c = crate::curriculum::shipped()?;
        let errors = parse_credential(&c, "qualification", "d99", " ", "2030-01-01", today())
            .err()
            .unwrap_or_default();
        let fields: Vec<_> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["code", "statement", "dated_on"]);
        Ok(())
    }

    #[test]
    fn competence_implies_knowledge() {
        let record = staff_record([
            ("competence", "occupationally_competent"),
            ("qualification", "a1"),
        ]);
        assert!(record.occupationally_competent && record.occupationally_knowledgeable);
        assert_eq!(record.qualifications, ["a1"]);
    }
}
