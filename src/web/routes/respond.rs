//! The two answers every page handler gives: a rendered page with a status, or a redirect
//! after a successful form post (303, so a reload does not post again); and `after_post`, which
//! chooses between them for a form post.

use actix_web::HttpResponse;
use actix_web::http::{StatusCode, header};
use maud::Markup;

use std::future::Future;

use crate::actions::ActionError;
use crate::web::error::{AppError, PageError};

pub fn html(status: StatusCode, page: Markup) -> HttpResponse {
    HttpResponse::build(status)
        .content_type("text/html; charset=utf-8")
        .body(page.into_string())
}

pub fn see_other(to: impl Into<String>) -> HttpResponse {
    HttpResponse::SeeOther()
        .insert_header((header::LOCATION, to.into()))
        .finish()
}

/// Refusals a person can put right on the form they posted (bad input, a rule, a conflict) are
/// shown on that page; anything else becomes an error page.
pub fn shown_on_the_form(error: &impl OnTheForm) -> bool {
    error.on_the_form()
}

/// Whether a refusal is one the person can put right on the form they posted.
pub trait OnTheForm {
    fn on_the_form(&self) -> bool;
}

impl OnTheForm for AppError {
    fn on_the_form(&self) -> bool {
        matches!(
            self,
            AppError::Invalid(_)
                | AppError::Rule(_)
                | AppError::Conflict(_)
                | AppError::Batch { .. }
        )
    }
}

impl OnTheForm for ActionError {
    fn on_the_form(&self) -> bool {
        matches!(
            self,
            ActionError::Invalid(_)
                | ActionError::Rule(_)
                | ActionError::Conflict(_)
                | ActionError::Batch { .. }
        )
    }
}

/// The status of a page rendered again with `failure` on it: 200 when there is none.
pub fn status_for(failure: Option<&AppError>) -> StatusCode {
    failure.map_or(StatusCode::OK, actix_web::ResponseError::status_code)
}

/// The answer to a page form post: on success a 303 to `to(value)`, where the page shows its
/// notice; a refusal the person can put right there, the page again (`again`) with the refusal
/// and what they typed; anything else, an error page.
pub async fn after_post<T, E, To, Page>(
    result: Result<T, E>,
    to: impl FnOnce(T) -> To,
    again: impl FnOnce(AppError) -> Page,
) -> Result<HttpResponse, PageError>
where
    E: OnTheForm + Into<AppError>,
    To: Into<String>,
    Page: Future<Output = Result<HttpResponse, PageError>>,
{
    match result {
        Ok(value) => Ok(see_other(to(value))),
        Err(failure) if failure.on_the_form() => again(failure.into()).await,
        Err(other) => Err(PageError::from(other.into())),
    }
}

/// A form whose set of fields is not fixed (its rows are named after their criterion or sample):
/// every field by name, in the order sent.
#[derive(serde::Deserialize, Default)]
#[serde(transparent)]
pub struct NamedFields(pub Vec<(String, String)>);

impl crate::web::auth::csrf::CarriesCsrf for NamedFields {
    fn csrf_token(&self) -> &str {
        self.0
            .iter()
            .find(|(k, _)| k == "csrf_token")
            .map_or("", |(_, v)| v.as_str())
    }
}

/// A refusal of a form whose rows are sent together, as messages by the rows they are about:
/// each refused item of a batch at the row it came from (`rows[index]`, its element id from
/// `row_id`), anything else at `whole`, the form's own heading.
pub fn refusals_by_row(
    error: ActionError,
    rows: &[usize],
    row_id: impl Fn(usize) -> String,
    whole: &str,
) -> Vec<crate::domain::people::FieldError> {
    use crate::domain::people::FieldError;
    match error {
        ActionError::Batch { refusals, .. } => refusals
            .iter()
            .map(|r| {
                let row = rows.get(r.index).copied().unwrap_or_default();
                FieldError::new(&row_id(row), &format!("{}: {}", r.words, r.reason()))
            })
            .collect(),
        ActionError::Invalid(errors) => errors
            .into_iter()
            .map(|e| FieldError::new(whole, &e.message))
            .collect(),
        other => vec![FieldError::new(whole, &other.to_string())],
    }
}
