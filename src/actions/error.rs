//! The actions' one error type: why something a person asked for was not done, in the domain's
//! words. No HTTP here; `web::error` decides how each variant is answered (status, problem
//! code, page).

use crate::domain::ids::RecordId;
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
    /// The password was right; the person uses two-step sign-in and gave no code.
    #[error(
        "This account signs in in two steps: give the six-digit code from the authenticator app, or one of the recovery codes."
    )]
    SecondFactorRequired,
    /// The second step's code was not accepted (why, in words).
    #[error("{0}")]
    SecondFactorRefused(String),
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
    /// The file store could not keep the file (full, or not answering): nothing was saved.
    #[error(
        "Nothing was saved: the file store {}. Try again later; if it keeps happening, tell your centre administrator.",
        if *.full { "is full" } else { "is not answering" }
    )]
    StorageUnavailable { full: bool },
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
    /// Requests made together (a batch) of which some are refused: none was done. Each refusal
    /// names its item.
    #[error(
        "{} of the {total} could not be recorded, so none was. {}",
        .refusals.len(),
        .refusals.iter().map(ItemRefusal::sentence).collect::<Vec<_>>().join(" ")
    )]
    Batch {
        total: usize,
        refusals: Vec<ItemRefusal>,
    },
    #[error("internal error")]
    Store(#[from] StoreError),
    #[error("internal error")]
    Internal(String),
}

/// One item of a batch refused: where it was in the request, what it was about, and why.
#[derive(Debug)]
pub struct ItemRefusal {
    pub index: usize,
    /// The item's id as sent (a criterion id, or the sampled decision's id when it names none).
    pub item_id: String,
    /// The item in words.
    pub words: String,
    pub error: Box<ActionError>,
}

impl ItemRefusal {
    pub fn new(
        index: usize,
        item_id: &(impl RecordId + ?Sized),
        words: String,
        error: ActionError,
    ) -> Self {
        Self {
            index,
            item_id: item_id.as_ref().to_owned(),
            words,
            error: Box::new(error),
        }
    }

    /// Why, in words: the field messages of invalid input, or the error's own sentence.
    pub fn reason(&self) -> String {
        match self.error.as_ref() {
            ActionError::Invalid(errors) => errors
                .iter()
                .map(|e| e.message.clone())
                .collect::<Vec<_>>()
                .join("; "),
            other => other.to_string(),
        }
    }

    fn sentence(&self) -> String {
        let reason = self.reason();
        let stop = if reason.ends_with('.') { "" } else { "." };
        format!(
            "{} \u{2014} {reason}{stop}",
            self.words.trim_end_matches(':')
        )
    }
}

impl ActionError {
    /// A batch refused for these items (in the order of the request).
    pub fn batch(total: usize, mut refusals: Vec<ItemRefusal>) -> Self {
        refusals.sort_by_key(|r| r.index);
        Self::Batch { total, refusals }
    }

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
            ref failed if failed.is_storage_failure() => {
                tracing::error!(error = %failed, "the file store failed");
                Self::StorageUnavailable {
                    full: failed.is_full(),
                }
            }
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
