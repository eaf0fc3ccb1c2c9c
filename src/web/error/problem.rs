//! The body every API error answers: RFC 9457 problem details, with the stable `code`, the
//! fields refused, the criteria not met and a batch's refused items.

use actix_web::HttpResponse;
use actix_web::http::StatusCode;
use serde::Serialize;

use super::ItemProblem;
use crate::domain::people::FieldError;

/// RFC 9457 problem details.
#[derive(Debug, Serialize)]
pub struct Problem {
    #[serde(rename = "type")]
    pub kind: String,
    pub title: String,
    pub status: u16,
    pub detail: String,
    pub code: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<FieldError>,
    /// The criteria not met, when sign-off is refused for them.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub criteria: Vec<String>,
    /// The refused items of a batch.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub items: Vec<ItemProblem>,
}

impl Problem {
    pub fn response(status: StatusCode, code: &str, title: &str, detail: String) -> HttpResponse {
        Self::with_errors(status, code, title, detail, Vec::new())
    }

    pub fn with_errors(
        status: StatusCode,
        code: &str,
        title: &str,
        detail: String,
        errors: Vec<FieldError>,
    ) -> HttpResponse {
        Self::build(status, code, title, detail, errors, Vec::new(), Vec::new())
    }

    pub(super) fn build(
        status: StatusCode,
        code: &str,
        title: &str,
        detail: String,
        errors: Vec<FieldError>,
        criteria: Vec<String>,
        items: Vec<ItemProblem>,
    ) -> HttpResponse {
        let body = Self {
            kind: format!("https://eportfolio.invalid/problems/{code}"),
            title: title.to_owned(),
            status: status.as_u16(),
            detail,
            code: code.to_owned(),
            errors,
            criteria,
            items,
        };
        HttpResponse::build(status)
            .content_type("application/problem+json")
            .json(body)
    }
}
