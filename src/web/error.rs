//! The web layer's one error type. Each failure maps to a status and a stable code; the API
//! answers `application/problem+json`, pages an HTML error page. The cause is logged once, here.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, ResponseError};
use serde::Serialize;

use crate::actions::ActionError;
use crate::domain::people::FieldError;
use crate::domain::rules::RuleViolation;
use crate::store::StoreError;

mod codes;
mod problem;

pub use codes::PROBLEM_CODES;
pub use problem::Problem;

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error("{0} was not found")]
    NotFound(String),
    #[error("the service is not ready: {0}")]
    NotReady(String),
    #[error("Sign in to continue.")]
    Unauthenticated,
    #[error("The email address or password is not right.")]
    SignInFailed,
    #[error(
        "This account signs in in two steps: give the six-digit code from the authenticator app, or one of the recovery codes."
    )]
    SecondFactorRequired,
    #[error("{0}")]
    SecondFactorRefused(String),
    /// The session belongs to someone who must use two-step sign-in and has not set it up.
    #[error(
        "Your centre requires two-step sign-in for your role. Set it up first (POST /api/v1/account/two-step, then confirm it with a code from your authenticator app); until then this session reaches nothing else."
    )]
    TwoStepSetupRequired,
    #[error(
        "Nothing was saved: the file store {}. Try again later; if it keeps happening, tell your centre administrator.",
        if *.full { "is full" } else { "is not answering" }
    )]
    StorageUnavailable { full: bool },
    #[error("You do not have permission to do this.")]
    Forbidden,
    #[error("Too many attempts. Try again in {retry_after} seconds.")]
    RateLimited { retry_after: i64 },
    #[error("Some of the information given needs correcting.")]
    Invalid(Vec<FieldError>),
    #[error("{0}")]
    Rule(#[from] RuleViolation),
    #[error("{0}")]
    BadRequest(String),
    #[error(
        "The request stopped arriving before it was complete, so nothing was saved. Please try again."
    )]
    RequestTimeout,
    #[error("The request is too large (at most {0} bytes).")]
    PayloadTooLarge(usize),
    #[error("{0}")]
    UnsupportedMediaType(String),
    #[error("{0}")]
    Conflict(String),
    /// A single-use link that cannot be used: `gone` when it expired or was used (410), else 400.
    #[error("{message}")]
    Link {
        code: &'static str,
        gone: bool,
        message: String,
    },
    /// A batch of which some items were refused: none was recorded.
    #[error("{message}")]
    Batch {
        message: String,
        items: Vec<ItemProblem>,
    },
    #[error("internal error")]
    Store(#[from] StoreError),
    #[error("internal error")]
    Internal(String),
}

/// One refused item of a batch, as the problem's `items` member lists it.
#[derive(Debug, Clone, Serialize)]
pub struct ItemProblem {
    pub index: usize,
    pub criterion_id: String,
    /// The criterion in words.
    pub criterion: String,
    pub code: &'static str,
    pub message: String,
}

impl ItemProblem {
    fn new(refusal: crate::actions::error::ItemRefusal) -> Self {
        let message = refusal.reason();
        let code = AppError::from(*refusal.error).code();
        Self {
            index: refusal.index,
            criterion_id: refusal.item_id,
            criterion: refusal.words,
            code,
            message,
        }
    }
}

impl AppError {
    pub fn code(&self) -> &'static str {
        match self {
            Self::NotFound(_) => "not_found",
            Self::NotReady(_) => "not_ready",
            Self::Unauthenticated | Self::SignInFailed => "unauthenticated",
            Self::SecondFactorRequired => "second_factor_required",
            Self::SecondFactorRefused(_) => "second_factor_refused",
            Self::TwoStepSetupRequired => "two_step_setup_required",
            Self::StorageUnavailable { .. } => "storage_unavailable",
            Self::Forbidden => "forbidden",
            Self::RateLimited { .. } => "rate_limited",
            Self::Invalid(_) => "invalid",
            Self::Rule(rule) => rule.code(),
            Self::BadRequest(_) => "bad_request",
            Self::PayloadTooLarge(_) => "payload_too_large",
            Self::RequestTimeout => "request_timeout",
            Self::UnsupportedMediaType(_) => "unsupported_media_type",
            Self::Conflict(_) => "conflict",
            Self::Link { code, .. } => code,
            Self::Batch { .. } => "batch_refused",
            Self::Store(_) | Self::Internal(_) => "internal",
        }
    }

    pub fn title(&self) -> &'static str {
        match self {
            Self::NotFound(_) => "Not found",
            Self::NotReady(_) => "Service not ready",
            Self::Unauthenticated => "Sign in needed",
            Self::SignInFailed => "Sign-in failed",
            Self::SecondFactorRequired => "The second step is needed",
            Self::SecondFactorRefused(_) => "Sign-in failed",
            Self::TwoStepSetupRequired => "Set up two-step sign-in first",
            Self::StorageUnavailable { .. } => "Not saved",
            Self::Forbidden => "Not allowed",
            Self::RateLimited { .. } => "Too many attempts",
            Self::Invalid(_) => "Check your answers",
            Self::Rule(_) => "Not allowed by the qualification's rules",
            Self::BadRequest(_) => "Bad request",
            Self::PayloadTooLarge(_) => "Too large",
            Self::RequestTimeout => "Not saved",
            Self::UnsupportedMediaType(_) => "File type not accepted",
            Self::Conflict(_) => "Not possible now",
            Self::Link { .. } => "This link cannot be used",
            Self::Batch { .. } => "Nothing was recorded",
            Self::Store(_) | Self::Internal(_) => "Something went wrong",
        }
    }

    /// What the user is told; never the internal cause.
    pub fn detail(&self) -> String {
        match self {
            Self::Store(_) | Self::Internal(_) => "The request could not be completed. Please try again; if it keeps failing, tell your centre administrator.".to_owned(),
            other => other.to_string(),
        }
    }

    pub fn field_errors(&self) -> &[FieldError] {
        match self {
            Self::Invalid(errors) => errors,
            _ => &[],
        }
    }

    /// The item ids a `criteria_not_met` refusal lists, for the problem's `criteria` member.
    pub fn criteria(&self) -> Vec<String> {
        match self {
            Self::Rule(RuleViolation::CriteriaNotMet { criteria }) => criteria.clone(),
            Self::Rule(RuleViolation::SampledItemsNotSatisfied { criteria, sampled }) => {
                criteria.iter().chain(sampled).cloned().collect()
            }
            _ => Vec::new(),
        }
    }

    /// The refused items of a batch.
    pub fn items(&self) -> Vec<ItemProblem> {
        match self {
            Self::Batch { items, .. } => items.clone(),
            _ => Vec::new(),
        }
    }

    fn log(&self) {
        match self {
            Self::Store(cause) => tracing::error!(error = %cause, "request failed"),
            Self::Internal(cause) => tracing::error!(error = %cause, "request failed"),
            _ => {}
        }
    }
}

impl From<ActionError> for AppError {
    fn from(error: ActionError) -> Self {
        let message = error.to_string();
        match error {
            ActionError::NotFound(what) => Self::NotFound(what),
            ActionError::Forbidden => Self::Forbidden,
            ActionError::Unauthenticated => Self::Unauthenticated,
            ActionError::SignInFailed => Self::SignInFailed,
            ActionError::SecondFactorRequired => Self::SecondFactorRequired,
            ActionError::SecondFactorRefused(why) => Self::SecondFactorRefused(why),
            ActionError::StorageUnavailable { full } => Self::StorageUnavailable { full },
            ActionError::TooManyAttempts { retry_after } => Self::RateLimited { retry_after },
            ActionError::Invalid(errors) => Self::Invalid(errors),
            ActionError::Rule(rule) => Self::Rule(rule),
            ActionError::Malformed(message) => Self::BadRequest(message),
            ActionError::TooLarge { limit } => {
                Self::PayloadTooLarge(usize::try_from(limit).unwrap_or(usize::MAX))
            }
            ActionError::FileRefused(message) => Self::UnsupportedMediaType(message),
            ActionError::Conflict(message) => Self::Conflict(message),
            ActionError::LinkInvalid => Self::Link {
                code: "link_invalid",
                gone: false,
                message,
            },
            ActionError::LinkExpired { .. } => Self::Link {
                code: "link_expired",
                gone: true,
                message,
            },
            ActionError::LinkUsed => Self::Link {
                code: "link_used",
                gone: true,
                message,
            },
            ActionError::Batch { refusals, .. } => Self::Batch {
                message,
                items: refusals.into_iter().map(ItemProblem::new).collect(),
            },
            ActionError::Store(cause) => Self::Store(cause),
            ActionError::Internal(cause) => Self::Internal(cause),
        }
    }
}

impl From<ActionError> for PageError {
    fn from(error: ActionError) -> Self {
        Self(error.into())
    }
}

impl From<crate::files::FileError> for AppError {
    fn from(error: crate::files::FileError) -> Self {
        ActionError::from(error).into()
    }
}

impl ResponseError for AppError {
    fn status_code(&self) -> StatusCode {
        match self {
            Self::NotFound(_) => StatusCode::NOT_FOUND,
            Self::NotReady(_) => StatusCode::SERVICE_UNAVAILABLE,
            Self::Unauthenticated
            | Self::SignInFailed
            | Self::SecondFactorRequired
            | Self::SecondFactorRefused(_) => StatusCode::UNAUTHORIZED,
            Self::StorageUnavailable { full: true } => StatusCode::INSUFFICIENT_STORAGE,
            Self::StorageUnavailable { full: false } => StatusCode::SERVICE_UNAVAILABLE,
            Self::Forbidden | Self::TwoStepSetupRequired => StatusCode::FORBIDDEN,
            Self::RateLimited { .. } => StatusCode::TOO_MANY_REQUESTS,
            Self::Rule(RuleViolation::RegistrationCertificated) => StatusCode::CONFLICT,
            Self::Invalid(_) | Self::Rule(_) | Self::Batch { .. } => {
                StatusCode::UNPROCESSABLE_ENTITY
            }
            Self::BadRequest(_) => StatusCode::BAD_REQUEST,
            Self::PayloadTooLarge(_) => StatusCode::PAYLOAD_TOO_LARGE,
            Self::RequestTimeout => StatusCode::REQUEST_TIMEOUT,
            Self::UnsupportedMediaType(_) => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            Self::Conflict(_) => StatusCode::CONFLICT,
            Self::Link { gone: true, .. } => StatusCode::GONE,
            Self::Link { gone: false, .. } => StatusCode::BAD_REQUEST,
            Self::Store(_) | Self::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    fn error_response(&self) -> HttpResponse {
        self.log();
        let mut response = Problem::build(
            self.status_code(),
            self.code(),
            self.title(),
            self.detail(),
            self.field_errors().to_vec(),
            self.criteria(),
            self.items(),
        );
        if let Self::RateLimited { retry_after } = self {
            add_retry_after(&mut response, *retry_after);
        }
        if matches!(self, Self::Unauthenticated) {
            response.headers_mut().insert(
                actix_web::http::header::WWW_AUTHENTICATE,
                actix_web::http::header::HeaderValue::from_static("Bearer realm=\"eportfolio\""),
            );
        }
        response
    }
}

/// What an error page says, kept on its response so the page can be drawn again for the person
/// signed in (an error does not know who asked).
#[derive(Debug, Clone)]
pub struct ErrorPageContent {
    pub title: &'static str,
    pub detail: String,
}

/// The same error, answered as an HTML page (for handlers that render pages).
#[derive(Debug, thiserror::Error)]
#[error(transparent)]
pub struct PageError(#[from] pub AppError);

impl ResponseError for PageError {
    fn status_code(&self) -> StatusCode {
        self.0.status_code()
    }

    fn error_response(&self) -> HttpResponse {
        self.0.log();
        let to = match self.0 {
            AppError::Unauthenticated => Some("/sign-in"),
            AppError::TwoStepSetupRequired => Some("/account/two-step?required=1"),
            _ => None,
        };
        if let Some(to) = to {
            return HttpResponse::SeeOther()
                .insert_header((actix_web::http::header::LOCATION, to))
                .finish();
        }
        let content = ErrorPageContent {
            title: self.0.title(),
            detail: self.0.detail(),
        };
        let page = super::views::error::page(None, content.title, &content.detail);
        let mut response = HttpResponse::build(self.status_code())
            .content_type("text/html; charset=utf-8")
            .body(page.into_string());
        // Rendered again with the signed-in person's navigation by `error_pages_know_who`.
        response.extensions_mut().insert(content);
        if let AppError::RateLimited { retry_after } = self.0 {
            add_retry_after(&mut response, retry_after);
        }
        response
    }
}

fn add_retry_after(response: &mut HttpResponse, seconds: i64) {
    if let Ok(value) = actix_web::http::header::HeaderValue::from_str(&seconds.max(1).to_string()) {
        response
            .headers_mut()
            .insert(actix_web::http::header::RETRY_AFTER, value);
    }
}
