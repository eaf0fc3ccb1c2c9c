//! Records through the API: a centre's retention period (centre administrators) and a learner's
//! portfolio ZIP (the registration's learner).

use actix_web::http::header;
use actix_web::{HttpResponse, web};

use crate::actions::AppState;
use crate::actions::claims::records as act;
use crate::actions::claims::records_wire::{RetentionOut, RetentionRequest};
use crate::domain::ids::{CentreId, RegistrationId};
use crate::web::auth::CurrentUser;
use crate::web::error::AppError;

/// `PUT /api/v1/centres/{centre_id}/retention` `{years}`.
pub async fn set_retention(
    state: web::Data<AppState>,
    current: CurrentUser,
    centre_id: web::Path<CentreId>,
    body: web::Json<RetentionRequest>,
) -> Result<HttpResponse, AppError> {
    let years = act::set_retention(&state, &current, &centre_id, body.years()).await?;
    Ok(HttpResponse::Ok().json(RetentionOut {
        centre_id: centre_id.into_inner().into_string(),
        years: years.get(),
    }))
}

/// The ZIP response for a portfolio (shared with the page route).
pub async fn portfolio_response(
    state: &AppState,
    current: &CurrentUser,
    registration_id: &RegistrationId,
) -> Result<HttpResponse, AppError> {
    let portfolio = act::portfolio(state, current, registration_id).await?;
    let name = portfolio.file_name.clone();
    let generated = state
        .clock
        .now()
        .to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
    let index =
        crate::web::views::records::portfolio_index(&portfolio, &generated, &state.curriculum)
            .into_string();
    Ok(HttpResponse::Ok()
        .content_type("application/zip")
        .insert_header((
            header::CONTENT_DISPOSITION,
            format!("attachment; filename=\"{name}\""),
        ))
        .insert_header((header::CACHE_CONTROL, "private, no-store"))
        .streaming(act::zip_stream(state, portfolio, index)))
}

/// `GET /api/v1/registrations/{registration_id}/portfolio.zip`.
pub async fn portfolio(
    state: web::Data<AppState>,
    current: CurrentUser,
    registration_id: web::Path<RegistrationId>,
) -> Result<HttpResponse, AppError> {
    portfolio_response(&state, &current, &registration_id).await
}
