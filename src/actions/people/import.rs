//! Bulk registration from a CSV file: every row is checked and reported; a file with any invalid
//! row imports nothing. Centre administrator.

use serde::Serialize;

use crate::actions::ActionError;
use crate::actions::Actor;
use crate::actions::AppState;
use crate::actions::access::require_centre_role;
use crate::actions::people::registrations::{
    ImportStaff, ReadyRegistration, Registered, check_import_row, store_all,
};
use crate::domain::ids::CentreId;
use crate::domain::people::FieldError;
use crate::domain::registration::RegistrationInput;
use crate::domain::registration_csv;
use crate::domain::roles::Role;

/// Largest import file read (about 10,000 learners).
pub const MAX_BYTES: usize = 4 * 1024 * 1024;

#[derive(Debug, Clone, Serialize)]
pub struct RowReport {
    pub row: usize,
    pub learner_email: String,
    pub ok: bool,
    pub code: Option<String>,
    pub errors: Vec<FieldError>,
    pub warnings: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ImportReport {
    /// Registered now.
    pub imported: usize,
    /// People with an account who do not belong to the centre: asked first, registered once
    /// they accept.
    pub invited: usize,
    pub file_errors: Vec<FieldError>,
    pub rows: Vec<RowReport>,
}

impl ImportReport {
    pub fn is_ok(&self) -> bool {
        self.file_errors.is_empty() && self.rows.iter().all(|r| r.ok)
    }
}

/// Each row checked as a registration would be (a learner twice in the file is refused), with
/// its report; the rows ready to store.
fn checked_rows(
    state: &AppState,
    rows: Vec<(usize, RegistrationInput)>,
    staff: &ImportStaff,
    today: chrono::NaiveDate,
) -> Result<(Vec<RowReport>, Vec<ReadyRegistration>), ActionError> {
    let mut reports = Vec::new();
    let mut ready = Vec::new();
    let mut seen_emails = std::collections::HashSet::new();
    for (row, input) in rows {
        let email = input.learner_email.trim().to_lowercase();
        let mut report = RowReport {
            row,
            learner_email: email.clone(),
            ok: false,
            code: None,
            errors: Vec::new(),
            warnings: Vec::new(),
        };
        if !email.is_empty() && !seen_emails.insert(email.clone()) {
            report.errors.push(FieldError::new(
                "learner_email",
                "This learner appears twice in the file",
            ));
            reports.push(report);
            continue;
        }
        match check_import_row(state, &input, staff, today) {
            Ok(r) => {
                report.ok = true;
                report.warnings = r.pending.checked.warnings.clone();
                ready.push(r);
            }
            Err(ActionError::Invalid(errors)) => {
                report.code = Some("invalid".to_owned());
                report.errors = errors.into_iter().map(rename_staff_field).collect();
            }
            Err(ActionError::Rule(rule)) => {
                report.code = Some(rule.code().to_owned());
                report.errors = vec![FieldError::new("row", &rule.to_string())];
            }
            Err(other) => return Err(other),
        }
        reports.push(report);
    }
    Ok((reports, ready))
}

pub async fn import(
    state: &AppState,
    actor: &Actor,
    centre_id: &CentreId,
    text: &str,
) -> Result<ImportReport, ActionError> {
    require_centre_role(actor, centre_id, &[Role::CentreAdmin])?;
    let rows = match registration_csv::parse(text) {
        Ok(rows) => rows,
        Err(file_errors) => {
            return Ok(ImportReport {
                imported: 0,
                invited: 0,
                file_errors,
                rows: Vec::new(),
            });
        }
    };
    let staff = ImportStaff::load(state, centre_id).await?;
    let today = state.clock.now().date_naive();
    let (reports, ready) = checked_rows(state, rows, &staff, today)?;
    let mut report = ImportReport {
        imported: 0,
        invited: 0,
        file_errors: Vec::new(),
        rows: reports,
    };
    if !report.is_ok() {
        return Ok(report);
    }
    let done = store_all(state, actor, centre_id, ready).await?;
    let invited = done
        .iter()
        .filter(|d| matches!(d, Registered::Invited(_)))
        .count();
    report.imported = done.len() - invited;
    report.invited = invited;
    Ok(report)
}

/// The file names staff by email; say so in the messages.
fn rename_staff_field(mut error: FieldError) -> FieldError {
    error.field = match error.field.as_str() {
        "assessor_id" => "assessor_email".to_owned(),
        "iqa_id" => "iqa_email".to_owned(),
        "tutor_id" => "tutor_email".to_owned(),
        other => other.to_owned(),
    };
    if error.field == "assessor_email" && error.message.starts_with("Choose") {
        error.message = "No assessor of this centre has that email address".to_owned();
    }
    if error.field == "iqa_email" && error.message.starts_with("Choose") {
        error.message =
            "No internal quality assurer of this centre has that email address".to_owned();
    }
    error
}
