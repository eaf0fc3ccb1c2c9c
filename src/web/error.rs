//! The web layer's one error type. Each failure maps to a status and a stable code; the API
//! answers `application/problem+json`, pages an HTML error page. The cause is logged once, here.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, ResponseError};
use serde::Serialize;

use crate::store::StoreError;

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error("{0} was not found")]
    NotFound(String),
    #[error("the service is not ready: {0}")]
    NotReady(String),
    #[error("internal error")]
    Store(#[from] StoreError),
}

impl AppError {
    pub fn code(&self) -> &'static str {
        match self {
            Self::NotFound(_) => "not_found",
            Self::NotReady(_) => "not_ready",
            Self::Store(_) => "internal",
        }
    }

    pub fn title(&self) -> &'static str {
        match self {
            Self::NotFound(_) => "Not found",
            Self::NotReady(_) => "Service not ready",
            Self::Store(_) => "Something went wrong",
        }
    }

    /// What the user is told; never the internal cause.
    pub fn detail(&self) -> String {
        match self {
            Self::Store(_) => "The request could not be completed. Please try again; if it keeps failing, tell your centre administrator.".to_owned(),
            other => other.to_string(),
        }
    }

    fn log(&self) {
        if let Self::Store(cause) = self {
            tracing::error!(error = %cause, "request failed");
        }
    }
}

/// RFC 9457 problem details.
#[derive(Debug, Serialize)]
pub struct Problem {
    #[serde(rename = "type")]
    pub kind: String,
    pub title: String,
    pub status: u16,
    pub detail: String,
    pub code: String,
}

impl Problem {
    pub fn response(status: StatusCode, code: &str, title: &str, detail: String) -> HttpResponse {
        let body = Self {
            kind: format!("https://eportfolio.invalid/problems/{code}"),
            title: title.to_owned(),
            status: status.as_u16(),
            detail,
            code: code.to_owned(),
        };
        HttpResponse::build(status)
            .content_type("application/problem+json")
            .json(body)
    }
}

impl ResponseError for AppError {
    fn status_code(&self) -> StatusCode {
        match self {
            Self::NotFound(_) => StatusCode::NOT_FOUND,
            Self::NotReady(_) => StatusCode::SERVICE_UNAVAILABLE,
            Self::Store(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    fn error_response(&self) -> HttpResponse {
        self.log();
        Problem::response(self.status_code(), self.code(), self.title(), self.detail())
    }
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
        let page = super::views::error::page(self.0.title(), &self.0.detail());
        HttpResponse::build(self.status_code())
            .content_type("text/html; charset=utf-8")
            .body(page.into_string())
    }
}
