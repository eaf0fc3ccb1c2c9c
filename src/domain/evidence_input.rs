//! What a learner enters about an evidence item, and the checks before it counts: the fields of
//! an item, the name typed on the authenticity declaration, and what a submission needs (content,
//! a mapping and a declaration that still holds).

use chrono::NaiveDate;
use serde::Deserialize;

use super::evidence::EvidenceKind;
use super::people::FieldError;

/// The longest title kept.
pub const MAX_TITLE_CHARS: usize = 200;

#[derive(Debug, Clone, Default, Deserialize)]
pub struct EvidenceInput {
    pub kind: String,
    pub title: String,
    pub activity_date: String,
    #[serde(default)]
    pub description: String,
    /// Text written in the page (Markdown).
    #[serde(default)]
    pub text: String,
}

/// An item's fields that hold.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParsedEvidence {
    pub kind: EvidenceKind,
    pub title: String,
    pub activity_date: NaiveDate,
    pub description: String,
    pub text: String,
}

/// The fields as entered, checked: a kind, a title, a date of the activity that is not in the
/// future, and text within its limits.
pub fn parse_evidence(
    input: &EvidenceInput,
    today: NaiveDate,
) -> Result<ParsedEvidence, Vec<FieldError>> {
    let mut errors = Vec::new();
    let kind = EvidenceKind::parse(input.kind.trim());
    if kind.is_none() {
        errors.push(FieldError::new("kind", "Choose the kind of evidence"));
    }
    let title = input.title.trim().to_owned();
    if title.is_empty() || title.chars().count() > MAX_TITLE_CHARS {
        errors.push(FieldError::new(
            "title",
            "Give the evidence a title of at most 200 characters",
        ));
    }
    let date = NaiveDate::parse_from_str(input.activity_date.trim(), "%Y-%m-%d").ok();
    match date {
        Some(d) if d > today => errors.push(FieldError::new(
            "activity_date",
            "The date of the activity cannot be in the future",
        )),
        Some(d) if !crate::domain::dates::recent(d, today) => errors.push(FieldError::new(
            "activity_date",
            "The date of the activity must be within the last ten years",
        )),
        Some(_) => {}
        None => errors.push(FieldError::new(
            "activity_date",
            "Enter the date of the activity, like 2026-11-20",
        )),
    }
    if input.description.chars().count() > 4000 {
        errors.push(FieldError::new(
            "description",
            "Use at most 4,000 characters",
        ));
    }
    if input.text.chars().count() > 200_000 {
        errors.push(FieldError::new(
            "text",
            "Use at most 200,000 characters here; attach longer work as a file",
        ));
    }
    match (kind, date, errors.is_empty()) {
        (Some(kind), Some(activity_date), true) => Ok(ParsedEvidence {
            kind,
            title,
            activity_date,
            description: input.description.trim().to_owned(),
            text: input.text.clone(),
        }),
        _ => Err(errors),
    }
}

/// The declaration is signed with the learner's own name: the name typed matches the account's,
/// ignoring case and spacing.
pub fn check_declared_name(typed_name: &str, account_name: &str) -> Result<(), FieldError> {
    let squash = |s: &str| {
        s.split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .to_lowercase()
    };
    if squash(typed_name) == squash(account_name) {
        Ok(())
    } else {
        Err(FieldError::new(
            "typed_name",
            &format!("Type your name as it is on your account: {account_name}"),
        ))
    }
}

/// What a submission reads about an item.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SubmissionFacts {
    /// Text in the page or at least one file.
    pub has_content: bool,
    pub mapped: bool,
    /// The declaration was signed over the content as it is now.
    pub declaration_holds: bool,
}

/// An item may be submitted once it has content, is mapped to a criterion and its declaration
/// holds; every missing prerequisite is named.
pub fn check_submission(facts: SubmissionFacts) -> Result<(), Vec<FieldError>> {
    let mut problems = Vec::new();
    if !facts.has_content {
        problems.push(FieldError::new(
            "text",
            "Write the evidence in the page or attach a file before submitting",
        ));
    }
    if !facts.mapped {
        problems.push(FieldError::new(
            "criteria",
            "Map the evidence to at least one criterion before submitting",
        ));
    }
    if !facts.declaration_holds {
        problems.push(FieldError::new(
            "typed_name",
            "Sign the declaration that this is your own work (again, if you changed it since signing)",
        ));
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(problems)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input(date: &str) -> EvidenceInput {
        EvidenceInput {
            kind: "reflective_account".to_owned(),
            title: " My account ".to_owned(),
            activity_date: date.to_owned(),
            ..EvidenceInput::default()
        }
    }

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 20).unwrap_or_default()
    }

    #[test]
    fn evidence_fields_are_trimmed_and_dated_no_later_than_today() {
        let parsed = parse_evidence(&input("2026-11-20"), today());
        assert_eq!(parsed.map(|p| p.title), Ok("My account".to_owned()));
        let future = parse_evidence(&input("2026-11-21"), today());
        let fields: Vec<String> = future
            .err()
            .unwrap_or_default()
            .into_iter()
            .map(|e| e.field)
            .collect();
        assert_eq!(fields, ["activity_date"]);
    }

    #[test]
    fn the_declaration_names_the_learner_whatever_the_case_and_spacing() {
        assert!(check_declared_name("  ada   LOVELACE ", "Ada Lovelace").is_ok());
        assert!(check_declared_name("Ada", "Ada Lovelace").is_err());
    }

    #[test]
    fn a_submission_names_every_missing_prerequisite() {
        let none = SubmissionFacts {
            has_content: false,
            mapped: false,
            declaration_holds: false,
        };
        let fields: Vec<String> = check_submission(none)
            .err()
            .unwrap_or_default()
            .into_iter()
            .map(|e| e.field)
            .collect();
        assert_eq!(fields, ["text", "criteria", "typed_name"]);
        let all = SubmissionFacts {
            has_content: true,
            mapped: true,
            declaration_holds: true,
        };
        assert_eq!(check_submission(all), Ok(()));
    }
}
