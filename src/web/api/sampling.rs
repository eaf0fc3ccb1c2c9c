//! IQA sampling as JSON: plans (IQA writes; IQA, centre administrator and the qualification's EQA
//! read), the reproducible proposal, taking a sample (C8: `iqa_own_decision`), the samples and
//! the CAMERA coverage report with its CSV parts.

use actix_web::{HttpResponse, http::header, web};
use serde::Deserialize;

use crate::actions::AppState;
use crate::actions::iqa::sampling as act;
use crate::actions::iqa::sampling::plan_param;
use crate::actions::iqa::sampling_proposal::{self as propose, parse_stage};
use crate::actions::iqa::sampling_report;
use crate::actions::iqa::wire::sampling_plans::{
    SamplingPlanList, SamplingPlanOut, SamplingPlanRequest,
};
use crate::actions::iqa::wire::sampling_proposal::{
    SampleList, SampleOut, SampleRequest, SamplesTaken, SamplingProposal,
};
use crate::actions::iqa::wire::sampling_report::SamplingReportOut;
use crate::domain::ids::{CentreId, SamplingPlanId};
use crate::web::auth::CurrentUser;
use crate::web::error::AppError;

/// `GET /api/v1/centres/{centre_id}/sampling/plans`
pub async fn list_plans(
    state: web::Data<AppState>,
    current: CurrentUser,
    centre_id: web::Path<CentreId>,
) -> Result<HttpResponse, AppError> {
    let plans = act::list(&state, &current, &centre_id).await?;
    Ok(HttpResponse::Ok().json(SamplingPlanList {
        centre_id: centre_id.into_inner().into_string(),
        plans: plans.iter().map(SamplingPlanOut::from).collect(),
    }))
}

/// `POST /api/v1/centres/{centre_id}/sampling/plans` → 201 the plan.
pub async fn create_plan(
    state: web::Data<AppState>,
    current: CurrentUser,
    centre_id: web::Path<CentreId>,
    body: web::Json<SamplingPlanRequest>,
) -> Result<HttpResponse, AppError> {
    let (input, _) = body.into_inner().into_input();
    let plan = act::create(&state, &current, &centre_id, input).await?;
    Ok(HttpResponse::Created().json(SamplingPlanOut::from(&plan)))
}

/// `PUT /api/v1/sampling-plans/{plan_id}` → the plan; 409 when `version` is stale.
pub async fn change_plan(
    state: web::Data<AppState>,
    current: CurrentUser,
    plan_id: web::Path<SamplingPlanId>,
    body: web::Json<SamplingPlanRequest>,
) -> Result<HttpResponse, AppError> {
    let (input, version) = body.into_inner().into_input();
    let plan = act::change(&state, &current, &plan_id, input, version).await?;
    Ok(HttpResponse::Ok().json(SamplingPlanOut::from(&plan)))
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct ProposalQuery {
    seed: Option<String>,
    plan_id: Option<String>,
    stage: Option<String>,
}

/// A seed as typed: a whole number from 0 up.
pub fn parse_seed(raw: Option<&str>) -> Result<Option<u64>, AppError> {
    match raw.map(str::trim).filter(|s| !s.is_empty()) {
        None => Ok(None),
        Some(s) => s.parse::<u64>().map(Some).map_err(|_| {
            AppError::Invalid(vec![crate::domain::people::FieldError::new(
                "seed",
                "Enter the seed as a whole number, 0 or more",
            )])
        }),
    }
}

/// `GET /api/v1/centres/{centre_id}/sampling/proposal?seed=N&plan_id=…&stage=interim|summative`
pub async fn proposal(
    state: web::Data<AppState>,
    current: CurrentUser,
    centre_id: web::Path<CentreId>,
    query: web::Query<ProposalQuery>,
) -> Result<HttpResponse, AppError> {
    let seed = parse_seed(query.seed.as_deref())?;
    let stage = parse_stage(query.stage.as_deref())?;
    let view = propose::proposal(
        &state,
        &current,
        &centre_id,
        plan_param(query.plan_id.as_deref())?.as_ref(),
        stage,
        seed,
    )
    .await?;
    Ok(HttpResponse::Ok().json(SamplingProposal::from(&view)))
}

/// `POST /api/v1/centres/{centre_id}/samples` → 201 `{ids, samples}`.
pub async fn take(
    state: web::Data<AppState>,
    current: CurrentUser,
    centre_id: web::Path<CentreId>,
    body: web::Json<SampleRequest>,
) -> Result<HttpResponse, AppError> {
    let input = body.into_inner().into();
    let taken = propose::accept(&state, &current, &centre_id, input).await?;
    Ok(HttpResponse::Created().json(SamplesTaken::new(&taken)))
}

/// `GET /api/v1/centres/{centre_id}/samples`
pub async fn list_samples(
    state: web::Data<AppState>,
    current: CurrentUser,
    centre_id: web::Path<CentreId>,
) -> Result<HttpResponse, AppError> {
    let list = propose::list(&state, &current, &centre_id).await?;
    Ok(HttpResponse::Ok().json(SampleList {
        centre_id: centre_id.into_inner().into_string(),
        samples: list.iter().map(SampleOut::from).collect(),
    }))
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct ReportQuery {
    plan_id: Option<String>,
}

/// `GET /api/v1/centres/{centre_id}/sampling/report`
pub async fn report(
    state: web::Data<AppState>,
    current: CurrentUser,
    centre_id: web::Path<CentreId>,
    query: web::Query<ReportQuery>,
) -> Result<HttpResponse, AppError> {
    let r = sampling_report::report(
        &state,
        &current,
        &centre_id,
        plan_param(query.plan_id.as_deref())?.as_ref(),
    )
    .await?;
    Ok(HttpResponse::Ok().json(SamplingReportOut::from(&r)))
}

async fn report_csv(
    state: &AppState,
    current: &CurrentUser,
    centre_id: &CentreId,
    plan_id: Option<&SamplingPlanId>,
    part: &str,
) -> Result<HttpResponse, AppError> {
    let r = sampling_report::report(state, current, centre_id, plan_id).await?;
    let body = r
        .csv(part)
        .ok_or_else(|| AppError::NotFound(format!("report part {part}")))?;
    Ok(HttpResponse::Ok()
        .content_type("text/csv; charset=utf-8")
        .insert_header((
            header::CONTENT_DISPOSITION,
            format!("attachment; filename=\"sampling-{part}.csv\""),
        ))
        .body(body))
}

/// `GET /api/v1/centres/{centre_id}/sampling/report/camera.csv`
pub async fn camera_csv(
    state: web::Data<AppState>,
    current: CurrentUser,
    centre_id: web::Path<CentreId>,
    query: web::Query<ReportQuery>,
) -> Result<HttpResponse, AppError> {
    report_csv(
        &state,
        &current,
        &centre_id,
        plan_param(query.plan_id.as_deref())?.as_ref(),
        "camera",
    )
    .await
}

/// `GET /api/v1/centres/{centre_id}/sampling/report/rates.csv`
pub async fn rates_csv(
    state: web::Data<AppState>,
    current: CurrentUser,
    centre_id: web::Path<CentreId>,
    query: web::Query<ReportQuery>,
) -> Result<HttpResponse, AppError> {
    report_csv(
        &state,
        &current,
        &centre_id,
        plan_param(query.plan_id.as_deref())?.as_ref(),
        "rates",
    )
    .await
}
