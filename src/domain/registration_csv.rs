//! Reading a bulk registration file (CSV, UTF-8, a byte-order mark allowed). Staff are named by
//! email. Columns may come in any order; unknown columns are refused so a typo is not lost.

use super::people::FieldError;
use super::registration::RegistrationInput;

pub const REQUIRED: [&str; 8] = [
    "learner_name",
    "learner_email",
    "date_of_birth",
    "qualification_id",
    "start_date",
    "planned_end_date",
    "assessor_email",
    "iqa_email",
];

pub const OPTIONAL: [&str; 13] = [
    "awarding_body_ref",
    "employer",
    "workplace",
    "tutor_email",
    "support_needs",
    "reasonable_adjustments",
    "open_learning",
    "authenticator",
    "authenticator_role",
    "authenticator_email",
    "completed_prior_unit",
    "prior_learning",
    "exemptions",
];

/// The file's rows (numbered as a spreadsheet shows them: the header is row 1), or what is wrong
/// with the file as a whole.
pub fn parse(text: &str) -> Result<Vec<(usize, RegistrationInput)>, Vec<FieldError>> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut reader = csv::ReaderBuilder::new()
        .flexible(false)
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes());
    let headers: Vec<String> = match reader.headers() {
        Ok(h) => h.iter().map(|s| s.trim().to_lowercase()).collect(),
        Err(e) => {
            return Err(vec![FieldError::new(
                "file",
                &format!("The file could not be read as CSV: {e}"),
            )]);
        }
    };
    check_columns(&headers)?;
    let mut rows = Vec::new();
    for (index, record) in reader.records().enumerate() {
        let row = index + 2;
        let record = record.map_err(|e| {
            vec![FieldError::new(
                "file",
                &format!("Row {row} could not be read: {e}"),
            )]
        })?;
        rows.push((row, registration(&headers, &record)));
    }
    if rows.is_empty() {
        return Err(vec![FieldError::new(
            "file",
            "The file has a header row but no learners",
        )]);
    }
    Ok(rows)
}

/// Every required column is there, and every column is one this import knows.
fn check_columns(headers: &[String]) -> Result<(), Vec<FieldError>> {
    let mut problems = Vec::new();
    for column in REQUIRED {
        if !headers.iter().any(|h| h == column) {
            problems.push(FieldError::new(
                "file",
                &format!("The column \"{column}\" is missing from the first row"),
            ));
        }
    }
    for header in headers {
        if !REQUIRED.contains(&header.as_str()) && !OPTIONAL.contains(&header.as_str()) {
            problems.push(FieldError::new(
                "file",
                &format!("The column \"{header}\" is not one this import knows"),
            ));
        }
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(problems)
    }
}

/// One row as a registration; staff are named by email.
fn registration(headers: &[String], record: &csv::StringRecord) -> RegistrationInput {
    let get = |name: &str| {
        headers
            .iter()
            .position(|h| h == name)
            .and_then(|i| record.get(i))
            .unwrap_or("")
            .to_owned()
    };
    let yes = |name: &str| {
        matches!(
            get(name).to_lowercase().as_str(),
            "yes" | "y" | "true" | "1"
        )
    };
    RegistrationInput {
        learner_name: get("learner_name"),
        learner_email: get("learner_email"),
        date_of_birth: get("date_of_birth"),
        qualification_id: get("qualification_id"),
        awarding_body_ref: get("awarding_body_ref"),
        start_date: get("start_date"),
        planned_end_date: get("planned_end_date"),
        employer: get("employer"),
        workplace: get("workplace"),
        assessor_id: get("assessor_email"),
        iqa_id: get("iqa_email"),
        tutor_id: get("tutor_email"),
        support_needs: get("support_needs"),
        reasonable_adjustments: get("reasonable_adjustments"),
        open_learning: yes("open_learning"),
        authenticator: get("authenticator"),
        authenticator_role: get("authenticator_role"),
        authenticator_email: get("authenticator_email"),
        completed_prior_unit: yes("completed_prior_unit"),
        prior_learning: get("prior_learning"),
        exemptions: Some(get("exemptions"))
            .filter(|e| !e.is_empty())
            .into_iter()
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEADER: &str = "learner_name,learner_email,date_of_birth,qualification_id,start_date,planned_end_date,assessor_email,iqa_email";

    #[test]
    fn a_byte_order_mark_is_ignored() -> Result<(), Vec<FieldError>> {
        let text = format!(
            "\u{feff}{HEADER}\nZoë O'Neill,zoe@example.org,1990-01-01,cg-3085-01,2026-12-01,2027-06-01,a@x.org,i@x.org\n"
        );
        let rows = parse(&text)?;
        assert_eq!(rows.len(), 1);
        assert_eq!(rows[0].0, 2);
        assert_eq!(rows[0].1.learner_name, "Zoë O'Neill");
        Ok(())
    }

    #[test]
    fn a_missing_column_is_named() {
        let text = "learner_name,learner_email\nA,a@x.org\n";
        let errors = parse(text).err().unwrap_or_default();
        assert!(
            errors
                .iter()
                .any(|e| e.message == "The column \"date_of_birth\" is missing from the first row"),
            "{errors:?}"
        );
    }

    #[test]
    fn an_unknown_column_is_named() {
        let text = format!("{HEADER},shoe_size\n");
        let errors = parse(&text).err().unwrap_or_default();
        assert!(
            errors
                .iter()
                .any(|e| e.message == "The column \"shoe_size\" is not one this import knows"),
            "{errors:?}"
        );
    }

    #[test]
    fn a_row_with_too_few_fields_is_named() {
        let text = format!("{HEADER}\nA,a@x.org\n");
        let errors = parse(&text).err().unwrap_or_default();
        assert!(
            errors
                .iter()
                .any(|e| e.message.starts_with("Row 2 could not be read")),
            "{errors:?}"
        );
    }
}
