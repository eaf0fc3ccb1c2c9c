//! Records through the API: a centre's retention period (centre administrators) and a learner's
//! portfolio ZIP (the registration's learner).

use actix_web::http::header;
use actix_web::{HttpResponse, web};
use serde_json::{Value, json};

use crate::actions::AppState;
use crate::actions::claims::records as act;
use crate::domain::people::FieldError;
use crate::domain::retention::RetentionYears;
use crate::web::auth::CurrentUser;
use crate::web::error::AppError;

/// `years` as a whole number (or a string holding one).
fn years_of(body: &Value) -> Result<RetentionYears, FieldError> {
    match body.get("years") {
        Some(Value::Number(n)) => match n.as_i64() {
            Some(years) => RetentionYears::from_number("years", years),
            None => RetentionYears::parse("years", &n.to_string()),
        },
        Some(Value::String(s)) => RetentionYears::parse("years", s),
        _ => RetentionYears::parse("years", ""),
    }
}

/// `PUT /api/v1/centres/{centre_id}/retention` `{years}`.
pub async fn set_retention(
    state: web::Data<AppState>,
    current: CurrentUser,
    centre_id: web::Path<String>,
    body: web::Json<Value>,
) -> Result<HttpResponse, AppError> {
    let years = act::set_retention(&state, &current, &centre_id, years_of(&body)).await?;
    Ok(HttpResponse::Ok().json(json!({"centre_id": centre_id.as_str(), "years": years.get()})))
}

/// The ZIP response for a portfolio (shared with the page route).
pub async fn portfolio_response(
    state: &AppState,
    current: &CurrentUser,
    registration_id: &str,
) -> Result<HttpResponse, AppError> {
    let portfolio = act::portfolio(state, current, registration_id).await?;
    let name = portfolio.file_name.clone();
    let generated = state
        .clock
        .now()
        .to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
    let index = crate::web::views::records::portfolio_index(&portfolio, &generated).into_string();
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
    registration_id: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    portfolio_response(&state, &current, &registration_id).await
}
