//! IQA checks and actions as JSON: the sample with its decision, evidence, checks and actions;
//! recording agree or refer; closing an action; the centre's open or overdue actions and the
//! two report parts as CSV.

use actix_web::{HttpResponse, web};
use serde::Deserialize;

use crate::actions::AppState;
use crate::actions::iqa::iqa_actions_report as report;
use crate::actions::iqa::sample_checks as act;
use crate::actions::iqa::wire::sample_checks::{
    IqaActionCloseRequest, IqaActionList, IqaActionOut, SampleCheckOut, SampleCheckRecorded,
    SampleDetailOut, SampleOutcomeRequest,
};
use crate::actions::iqa::wire::sample_outcomes::{SampleOutcomesRecorded, SampleOutcomesRequest};
use crate::domain::ids::{CentreId, IqaActionId, SampleId};
use crate::web::auth::CurrentUser;
use crate::web::error::AppError;

/// `GET /api/v1/samples/{sample_id}`
pub async fn get(
    state: web::Data<AppState>,
    current: CurrentUser,
    id: web::Path<SampleId>,
) -> Result<HttpResponse, AppError> {
    let detail = act::detail(&state, &current, &id).await?;
    Ok(HttpResponse::Ok().json(SampleDetailOut::from(&detail)))
}

/// `POST /api/v1/samples/{sample_id}/outcome` `{outcome, feedback, actions: [{description, due_on}]}`
/// → 201 the check with the sample's actions.
pub async fn outcome(
    state: web::Data<AppState>,
    current: CurrentUser,
    id: web::Path<SampleId>,
    body: web::Json<SampleOutcomeRequest>,
) -> Result<HttpResponse, AppError> {
    let input = body.into_inner().into();
    let check = act::record_outcome(&state, &current, &id, &input).await?;
    let detail = act::detail(&state, &current, &id).await?;
    Ok(HttpResponse::Created().json(SampleCheckRecorded {
        check: SampleCheckOut::from(&check),
        status: detail.sample.status,
        actions: detail.actions.iter().map(IqaActionOut::from).collect(),
    }))
}

/// `POST /api/v1/centres/{centre_id}/sample-outcomes` `{outcomes: [{sample_id, outcome, feedback,
/// actions}]}` → 201 every check, all or none (422 `batch_refused` naming each refused outcome).
pub async fn outcomes(
    state: web::Data<AppState>,
    current: CurrentUser,
    centre: web::Path<CentreId>,
    body: web::Json<SampleOutcomesRequest>,
) -> Result<HttpResponse, AppError> {
    let outcomes = body.into_inner().into_outcomes();
    let recorded = act::record_outcomes(&state, &current, &centre, outcomes).await?;
    Ok(HttpResponse::Created().json(SampleOutcomesRecorded::from(recorded.as_slice())))
}

/// `POST /api/v1/iqa-actions/{action_id}/close` `{note}`: the action's assessor only.
pub async fn close(
    state: web::Data<AppState>,
    current: CurrentUser,
    id: web::Path<IqaActionId>,
    body: web::Json<IqaActionCloseRequest>,
) -> Result<HttpResponse, AppError> {
    let action = act::close_action(&state, &current, &id, &body.note).await?;
    Ok(HttpResponse::Ok().json(IqaActionOut::from(&action)))
}

#[derive(Deserialize, Default)]
pub struct StateQuery {
    #[serde(default)]
    state: Option<String>,
}

/// `open` (the default) or `overdue`; anything else is bad input.
fn overdue_only(query: &StateQuery) -> Result<bool, AppError> {
    match query.state.as_deref().map(str::trim) {
        None | Some("" | "open") => Ok(false),
        Some("overdue") => Ok(true),
        Some(_) => Err(AppError::Invalid(vec![
            crate::domain::people::FieldError::new("state", "Ask for open or overdue actions"),
        ])),
    }
}

/// `GET /api/v1/centres/{centre_id}/iqa-actions?state=open|overdue`
pub async fn of_centre(
    state: web::Data<AppState>,
    current: CurrentUser,
    id: web::Path<CentreId>,
    query: web::Query<StateQuery>,
) -> Result<HttpResponse, AppError> {
    let overdue = overdue_only(&query)?;
    let built = report::report(&state, &current, &id, overdue).await?;
    Ok(HttpResponse::Ok().json(IqaActionList::new(&id, overdue, &built)))
}

fn csv(name: &str, body: String) -> HttpResponse {
    HttpResponse::Ok()
        .content_type("text/csv; charset=utf-8")
        .insert_header((
            "content-disposition",
            format!("attachment; filename=\"{name}\""),
        ))
        .body(body)
}

/// `GET /api/v1/centres/{centre_id}/sampling/report/actions.csv`: open actions, overdue marked.
pub async fn actions_csv(
    state: web::Data<AppState>,
    current: CurrentUser,
    id: web::Path<CentreId>,
) -> Result<HttpResponse, AppError> {
    let built = report::report(&state, &current, &id, false).await?;
    Ok(csv("iqa-actions.csv", built.actions_csv()))
}

/// `GET /api/v1/centres/{centre_id}/sampling/report/referrals.csv`: per assessor per month.
pub async fn referrals_csv(
    state: web::Data<AppState>,
    current: CurrentUser,
    id: web::Path<CentreId>,
) -> Result<HttpResponse, AppError> {
    let built = report::report(&state, &current, &id, false).await?;
    Ok(csv("referral-rate.csv", built.referrals_csv()))
}
