//! The sampling report page and its CSV downloads for a signed-in person in the browser.

use actix_web::http::{StatusCode, header};
use actix_web::{HttpResponse, web};
use serde::Deserialize;

use crate::actions::AppState;
use crate::actions::iqa::iqa_actions_report as actions_report;
use crate::actions::iqa::sampling::plan_param;
use crate::actions::iqa::sampling_report;
use crate::domain::ids::{CentreId, SamplingPlanId};
use crate::web::auth::CurrentUser;
use crate::web::error::{AppError, PageError};
use crate::web::routes::respond::html;
use crate::web::views::sampling_report as view;

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct ReportQuery {
    plan_id: Option<String>,
}

/// `GET /centres/{centre_id}/sampling/report`
pub async fn page(
    state: web::Data<AppState>,
    current: CurrentUser,
    centre_id: web::Path<CentreId>,
    query: web::Query<ReportQuery>,
) -> Result<HttpResponse, PageError> {
    let r = sampling_report::report(
        &state,
        &current,
        &centre_id,
        plan_param(query.plan_id.as_deref())?.as_ref(),
    )
    .await?;
    Ok(html(
        StatusCode::OK,
        view::page(&current, &state.curriculum, &centre_id, &r),
    ))
}

fn csv(name: &str, body: String) -> HttpResponse {
    HttpResponse::Ok()
        .content_type("text/csv; charset=utf-8")
        .insert_header((
            header::CONTENT_DISPOSITION,
            format!("attachment; filename=\"{name}\""),
        ))
        .body(body)
}

async fn part(
    state: &AppState,
    current: &CurrentUser,
    centre_id: &CentreId,
    plan_id: Option<&SamplingPlanId>,
    name: &str,
) -> Result<HttpResponse, PageError> {
    let r = sampling_report::report(state, current, centre_id, plan_id).await?;
    let body = r
        .csv(name)
        .ok_or_else(|| AppError::NotFound(format!("report part {name}")))?;
    Ok(csv(&format!("sampling-{name}.csv"), body))
}

/// `GET /centres/{centre_id}/sampling/report/camera.csv`
pub async fn camera_csv(
    state: web::Data<AppState>,
    current: CurrentUser,
    centre_id: web::Path<CentreId>,
    query: web::Query<ReportQuery>,
) -> Result<HttpResponse, PageError> {
    part(
        &state,
        &current,
        &centre_id,
        plan_param(query.plan_id.as_deref())?.as_ref(),
        "camera",
    )
    .await
}

/// `GET /centres/{centre_id}/sampling/report/rates.csv`
pub async fn rates_csv(
    state: web::Data<AppState>,
    current: CurrentUser,
    centre_id: web::Path<CentreId>,
    query: web::Query<ReportQuery>,
) -> Result<HttpResponse, PageError> {
    part(
        &state,
        &current,
        &centre_id,
        plan_param(query.plan_id.as_deref())?.as_ref(),
        "rates",
    )
    .await
}

/// `GET /centres/{centre_id}/sampling/report/actions.csv`
pub async fn actions_csv(
    state: web::Data<AppState>,
    current: CurrentUser,
    centre_id: web::Path<CentreId>,
) -> Result<HttpResponse, PageError> {
    let built = actions_report::report(&state, &current, &centre_id, false).await?;
    Ok(csv("iqa-actions.csv", built.actions_csv()))
}

/// `GET /centres/{centre_id}/sampling/report/referrals.csv`
pub async fn referrals_csv(
    state: web::Data<AppState>,
    current: CurrentUser,
    centre_id: web::Path<CentreId>,
) -> Result<HttpResponse, PageError> {
    let built = actions_report::report(&state, &current, &centre_id, false).await?;
    Ok(csv("referral-rate.csv", built.referrals_csv()))
}
