//! Registering many learners from a CSV file: the upload page and the upload. Centre administrator.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use futures_util::StreamExt;

use crate::actions::AppState;
use crate::actions::access::require_centre_role;
use crate::actions::people::import::{self as act, ImportReport};
use crate::domain::ids::CentreId;
use crate::domain::people::FieldError;
use crate::domain::roles::Role;
use crate::web::auth::CurrentUser;
use crate::web::auth::csrf::{same_origin, tokens_match};
use crate::web::error::{AppError, PageError};
use crate::web::routes::respond::html;
use crate::web::views::registrations as view;

/// `GET /centres/{centre_id}/registrations/import`. Centre administrator.
pub async fn import_page(
    current: CurrentUser,
    id: web::Path<CentreId>,
) -> Result<HttpResponse, PageError> {
    require_centre_role(&current, &id, &[Role::CentreAdmin])?;
    Ok(html(StatusCode::OK, view::import(&current, &id, None)))
}

/// `POST /centres/{centre_id}/registrations/import` (multipart: `csrf_token`, `file`). Centre administrator.
pub async fn import_submit(
    state: web::Data<AppState>,
    current: CurrentUser,
    request: actix_web::HttpRequest,
    id: web::Path<CentreId>,
    form: actix_multipart::Multipart,
) -> Result<HttpResponse, PageError> {
    require_centre_role(&current, &id, &[Role::CentreAdmin])?;
    if !same_origin(&request) {
        return Err(AppError::Forbidden.into());
    }
    let (token, file) = read_upload(form).await?;
    if !tokens_match(&token, &current.session.csrf_token) {
        return Err(AppError::Forbidden.into());
    }
    let Some(bytes) = file.filter(|b| !b.is_empty()) else {
        return Ok(file_refused(&current, &id, "Choose a CSV file to import"));
    };
    let Ok(text) = String::from_utf8(bytes) else {
        return Ok(file_refused(
            &current,
            &id,
            "The file must be UTF-8 text: save it from the spreadsheet as CSV UTF-8",
        ));
    };
    let report = act::import(&state, &current, &id, &text).await?;
    let status = if report.is_ok() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    Ok(html(status, view::import(&current, &id, Some(&report))))
}

/// The form's CSRF token and file, each read up to the import's size limit.
async fn read_upload(
    mut form: actix_multipart::Multipart,
) -> Result<(String, Option<Vec<u8>>), AppError> {
    let (mut token, mut file) = (String::new(), None);
    while let Some(field) = form.next().await {
        let mut field = field
            .map_err(|e| AppError::BadRequest(format!("The upload could not be read: {e}")))?;
        let name = field.name().unwrap_or("").to_owned();
        let bytes = crate::web::body::read_field(&mut field, act::MAX_BYTES).await?;
        match name.as_str() {
            "csrf_token" => token = String::from_utf8_lossy(&bytes).into_owned(),
            "file" => file = Some(bytes),
            _ => {}
        }
    }
    Ok((token, file))
}

/// The upload page again with a message by the file field; nothing is imported.
fn file_refused(current: &CurrentUser, centre_id: &str, message: &str) -> HttpResponse {
    let report = ImportReport {
        imported: 0,
        invited: 0,
        file_errors: vec![FieldError::new("file", message)],
        rows: vec![],
    };
    html(
        StatusCode::UNPROCESSABLE_ENTITY,
        view::import(current, centre_id, Some(&report)),
    )
}
