//! The CSV registration import's report: each row, what was made of it, and the fields refused.

use serde::Serialize;
use utoipa::ToSchema;

use crate::actions::people::import::{ImportReport, RowReport};
use crate::domain::people::FieldError;

/// A field and what is wrong with it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ImportFieldError {
    pub field: String,
    pub message: String,
}

impl From<&FieldError> for ImportFieldError {
    fn from(e: &FieldError) -> Self {
        Self {
            field: e.field.clone(),
            message: e.message.clone(),
        }
    }
}

/// One row of an import file, checked.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct RegistrationImportRow {
    /// The row's number in the file (the header is row 1).
    pub row: usize,
    pub learner_email: String,
    pub ok: bool,
    /// The rule's code when a rule refuses the row.
    pub code: Option<String>,
    pub errors: Vec<ImportFieldError>,
    pub warnings: Vec<String>,
}

impl From<&RowReport> for RegistrationImportRow {
    fn from(r: &RowReport) -> Self {
        Self {
            row: r.row,
            learner_email: r.learner_email.clone(),
            ok: r.ok,
            code: r.code.clone(),
            errors: r.errors.iter().map(Into::into).collect(),
            warnings: r.warnings.clone(),
        }
    }
}

/// `POST /api/v1/centres/{centre_id}/registrations/import`: the per-row report.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct RegistrationImportReport {
    /// Learners registered now.
    pub imported: usize,
    /// Learners who already have an account and do not belong to the centre: asked by email and
    /// in the app, and registered once they accept.
    pub invited: usize,
    pub file_errors: Vec<ImportFieldError>,
    pub rows: Vec<RegistrationImportRow>,
}

impl From<&ImportReport> for RegistrationImportReport {
    fn from(r: &ImportReport) -> Self {
        Self {
            imported: r.imported,
            invited: r.invited,
            file_errors: r.file_errors.iter().map(Into::into).collect(),
            rows: r.rows.iter().map(Into::into).collect(),
        }
    }
}

/// The 422 answer of an import with rows to correct: a problem (nothing imported) with the
/// per-row report.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct RegistrationImportProblem {
    #[serde(rename = "type")]
    pub kind: String,
    pub title: String,
    pub status: u16,
    pub detail: String,
    pub code: String,
    pub errors: Vec<ImportFieldError>,
    pub rows: Vec<RegistrationImportRow>,
}

impl From<&ImportReport> for RegistrationImportProblem {
    fn from(r: &ImportReport) -> Self {
        let report = RegistrationImportReport::from(r);
        Self {
            kind: "https://eportfolio.invalid/problems/invalid".to_owned(),
            title: "Nothing was imported".to_owned(),
            status: 422,
            detail: "Some rows need correcting; nothing was imported. Correct them and import the whole file again.".to_owned(),
            code: "invalid".to_owned(),
            errors: report.file_errors,
            rows: report.rows,
        }
    }
}
