//! The actions' one error type: why something a person asked for was not done, in the domain's
//! words. No HTTP here; `web::error` decides how each variant is answered (status, problem
//! code, page).

use crate::domain::people::FieldError;
use crate::domain::rules::RuleViolation;
use crate::files::FileError;
use crate::store::StoreError;

#[derive(Debug, thiserror::Error)]
pub enum ActionError {
    /// The record does not exist, or the caller may not know it does.
    #[error("{0} was not found")]
    NotFound(String),
    /// The caller may see the record but not do this.
    #[error("You do not have permission to do this.")]
    Forbidden,
    #[error("Sign in to continue.")]
    Unauthenticated,
    #[error("The email address or password is not right.")]
    SignInFailed,
    #[error("Too many attempts. Try again in {retry_after} seconds.")]
    TooManyAttempts { retry_after: i64 },
    /// Input that needs correcting, by field.
    #[error("Some of the information given needs correcting.")]
    Invalid(Vec<FieldError>),
    /// A rule of the qualification (C1–C8, S1–S6, Q1–Q4) refuses it.
    #[error("{0}")]
    Rule(#[from] RuleViolation),
    /// Input that cannot be read at all.
    #[error("{0}")]
    Malformed(String),
    /// A file over the size limit, in bytes.
    #[error("The file is too large (at most {limit} bytes).")]
    TooLarge { limit: u64 },
    /// A file whose type is not accepted.
    #[error("{0}")]
    FileRefused(String),
    /// The record's state does not allow it now (locked, already done, changed meanwhile).
    #[error("{0}")]
    Conflict(String),
    /// A single-use link (witness, authenticator) that is not valid: tampered, or for another
    /// request.
    #[error(
        "This link is not valid. Check that you copied the whole link from the email; if it still does not work, ask the person who asked you for testimony to send it again."
    )]
    LinkInvalid,
    #[error("This link expired on {expired_on}. Ask {ask} for a new one.")]
    LinkExpired { expired_on: String, ask: String },
    #[error("This link has already been used to sign a testimony, so it cannot be used again.")]
    LinkUsed,
    #[error("internal error")]
    Store(#[from] StoreError),
    #[error("internal error")]
    Internal(String),
}

impl ActionError {
    /// Field errors, for forms that show them by the field.
    pub fn field_errors(&self) -> &[FieldError] {
        match self {
            Self::Invalid(errors) => errors,
            _ => &[],
        }
    }

    /// One invalid field.
    pub fn field(name: &str, message: &str) -> Self {
        Self::Invalid(vec![FieldError::new(name, message)])
    }
}

impl From<FileError> for ActionError {
    fn from(error: FileError) -> Self {
        match error {
            FileError::TooLarge { limit } => Self::TooLarge { limit },
            FileError::Empty => Self::field("file", &error.to_string()),
            FileError::NotAllowed { .. } | FileError::TypeMismatch { .. } => {
                Self::FileRefused(error.to_string())
            }
            FileError::NotFound(_) | FileError::InvalidKey(_) => Self::NotFound("file".to_owned()),
            other => Self::Internal(other.to_string()),
        }
    }
}

/// A transaction's own refusal or a store failure, as one error (so `Db::write` closures return
/// `Result<T, ActionError>`).
impl From<diesel::result::Error> for ActionError {
    fn from(error: diesel::result::Error) -> Self {
        Self::Store(StoreError::from(error))
    }
}
