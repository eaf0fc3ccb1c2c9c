//! actix-web: the application builder that both `serve` and the tests call, the middleware every
//! response passes through, and the routes.

pub mod api;
pub mod application;
pub mod auth;
pub mod body;
pub mod client_address;
pub mod contract;
pub mod eqa_log;
pub mod error;
pub mod lifecycle;
mod middleware;
pub mod routes;
pub mod sent_file;
pub mod settings;
pub mod upload;
pub mod upload_assignment;
pub mod upload_many;
pub mod views;

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceFactory, ServiceRequest, ServiceResponse};
use actix_web::{App, HttpRequest, HttpResponse, ResponseError, web};

use error::{AppError, PageError};

pub use crate::actions::AppState;
pub use application::{Application, ApplicationError, Parts, ServeError};

/// The application with its middleware, ready for `HttpServer` or `actix_web::test`.
pub fn build_app(
    state: web::Data<AppState>,
) -> App<
    impl ServiceFactory<
        ServiceRequest,
        Config = (),
        Response = ServiceResponse<impl MessageBody>,
        Error = actix_web::Error,
        InitError = (),
    >,
> {
    let https = state.sessions.secure_cookies;
    App::new()
        .app_data(state)
        .app_data(
            web::JsonConfig::default()
                .limit(JSON_LIMIT)
                .error_handler(json_error),
        )
        .app_data(
            web::FormConfig::default()
                .limit(FORM_LIMIT)
                .error_handler(form_error),
        )
        .app_data(web::QueryConfig::default().error_handler(query_error))
        .app_data(web::PathConfig::default().error_handler(path_error))
        .configure(routes::configure)
        .default_service(web::to(not_found))
        .wrap(actix_web::middleware::from_fn(
            lifecycle::slow_bodies_and_stopping,
        ))
        .wrap(actix_web::middleware::from_fn(
            middleware::error_pages_know_who,
        ))
        .wrap(actix_web::middleware::from_fn(eqa_log::log_eqa_views))
        .wrap(actix_web::middleware::from_fn(middleware::not_kept))
        .wrap(middleware::security_headers(https))
        .wrap(actix_web::middleware::from_fn(middleware::request_log))
}

/// Largest JSON body the API reads (file uploads are streamed separately).
pub const JSON_LIMIT: usize = 1 << 20;
/// Largest form post a page sends.
pub const FORM_LIMIT: usize = 256 * 1024;

fn json_error(error: actix_web::error::JsonPayloadError, _: &HttpRequest) -> actix_web::Error {
    use actix_web::error::JsonPayloadError as E;
    match error {
        E::Overflow { .. } | E::OverflowKnownLength { .. } => {
            AppError::PayloadTooLarge(JSON_LIMIT).into()
        }
        E::ContentType => {
            AppError::BadRequest("Send JSON with Content-Type: application/json.".to_owned()).into()
        }
        E::Deserialize(e) => {
            AppError::BadRequest(format!("The JSON body is not as expected: {e}")).into()
        }
        other => AppError::BadRequest(format!("The JSON body could not be read: {other}")).into(),
    }
}

fn form_error(error: actix_web::error::UrlencodedError, _: &HttpRequest) -> actix_web::Error {
    use actix_web::error::UrlencodedError as E;
    match error {
        E::Overflow { .. } => PageError(AppError::PayloadTooLarge(FORM_LIMIT)).into(),
        other => PageError(AppError::BadRequest(format!(
            "The form could not be read: {other}"
        )))
        .into(),
    }
}

/// A query string that does not read as the handler expects (a number that is not one, say):
/// 400, as problem+json for the API and as a page for people.
/// Paths that answer JSON (problems, not pages): the API and the Open Badges issuer profiles.
fn answers_json(request: &HttpRequest) -> bool {
    let path = request.path();
    path.starts_with("/api/") || path.starts_with("/issuers/")
}

fn query_error(
    error: actix_web::error::QueryPayloadError,
    request: &HttpRequest,
) -> actix_web::Error {
    let error = AppError::BadRequest(format!("The query string could not be read: {error}"));
    if answers_json(request) {
        error.into()
    } else {
        PageError(error).into()
    }
}

/// A path segment that cannot be an id (too long, spaces): no record has it, so it answers 404
/// like any unknown id (a problem for the API, a page for people).
fn path_error(_: actix_web::error::PathError, request: &HttpRequest) -> actix_web::Error {
    let error = AppError::NotFound(format!("the page {}", request.path()));
    if answers_json(request) {
        error.into()
    } else {
        PageError(error).into()
    }
}

/// Anything unrouted: a problem for the API, a page for people.
async fn not_found(request: HttpRequest) -> HttpResponse {
    let error = AppError::NotFound(format!("the page {}", request.path()));
    if request.path().starts_with("/api/") {
        error.error_response()
    } else {
        PageError(error).error_response()
    }
}
