//! Standardisation as JSON: activities with the due warning per qualification, blind
//! double-marking exercises, and the decision log.

use std::collections::BTreeMap;

use actix_web::{HttpResponse, web};
use serde::Deserialize;

use crate::actions::AppState;
use crate::actions::iqa::double_marking as marking;
use crate::actions::iqa::standardisation as act;
use crate::actions::iqa::wire::double_marking::{
    DoubleMarkingAgreed, DoubleMarkingDecisions, DoubleMarkingJudged, DoubleMarkingJudgements,
    DoubleMarkingRequest, DoubleMarkingSummary, DoubleMarkingView,
};
use crate::actions::iqa::wire::standardisation::{
    DecisionLog, StandardisationActivity, StandardisationActivityRequest, StandardisationDecision,
    StandardisationOverview,
};
use crate::domain::ids::{CentreId, ExerciseId};
use crate::web::auth::CurrentUser;
use crate::web::error::AppError;

/// `GET /api/v1/centres/{centre_id}/standardisation`
pub async fn list(
    state: web::Data<AppState>,
    current: CurrentUser,
    centre_id: web::Path<CentreId>,
) -> Result<HttpResponse, AppError> {
    let o = act::overview(&state, &current, &centre_id).await?;
    Ok(HttpResponse::Ok().json(StandardisationOverview::new(&centre_id, &o)))
}

/// `POST /api/v1/centres/{centre_id}/standardisation` → 201 the activity.
pub async fn record(
    state: web::Data<AppState>,
    current: CurrentUser,
    centre_id: web::Path<CentreId>,
    body: web::Json<StandardisationActivityRequest>,
) -> Result<HttpResponse, AppError> {
    let saved = act::record(&state, &current, &centre_id, body.into_inner().into()).await?;
    Ok(HttpResponse::Created().json(StandardisationActivity::new(&saved, &BTreeMap::new())))
}

/// `POST /api/v1/centres/{centre_id}/double-marking` → 201 `{id, …}`.
pub async fn create(
    state: web::Data<AppState>,
    current: CurrentUser,
    centre_id: web::Path<CentreId>,
    body: web::Json<DoubleMarkingRequest>,
) -> Result<HttpResponse, AppError> {
    let e = marking::create(&state, &current, &centre_id, body.into_inner().into()).await?;
    Ok(HttpResponse::Created().json(DoubleMarkingSummary::from(&e)))
}

/// `GET /api/v1/double-marking/{exercise_id}`
pub async fn get(
    state: web::Data<AppState>,
    current: CurrentUser,
    id: web::Path<ExerciseId>,
) -> Result<HttpResponse, AppError> {
    let view = marking::show(&state, &current, &id).await?;
    Ok(HttpResponse::Ok().json(DoubleMarkingView::from(&view)))
}

/// `POST /api/v1/double-marking/{exercise_id}/judgements` `{judgements: [{criterion_id, outcome, comment}]}` → 201.
pub async fn judge(
    state: web::Data<AppState>,
    current: CurrentUser,
    id: web::Path<ExerciseId>,
    body: web::Json<DoubleMarkingJudgements>,
) -> Result<HttpResponse, AppError> {
    let verdicts = body
        .into_inner()
        .judgements
        .into_iter()
        .map(Into::into)
        .collect();
    let saved = marking::judge(&state, &current, &id, verdicts).await?;
    Ok(HttpResponse::Created().json(DoubleMarkingJudged {
        exercise_id: id.into_inner().into_string(),
        judged: saved.into_iter().map(|j| j.criterion_id).collect(),
    }))
}

/// `POST /api/v1/double-marking/{exercise_id}/close` → 200 the exercise with its figures.
pub async fn close(
    state: web::Data<AppState>,
    current: CurrentUser,
    id: web::Path<ExerciseId>,
) -> Result<HttpResponse, AppError> {
    marking::close(&state, &current, &id).await?;
    let view = marking::show(&state, &current, &id).await?;
    Ok(HttpResponse::Ok().json(DoubleMarkingView::from(&view)))
}

/// `POST /api/v1/double-marking/{exercise_id}/agreed` `{outcomes: [{criterion_id, outcome, rationale}]}` → 201.
pub async fn agree(
    state: web::Data<AppState>,
    current: CurrentUser,
    id: web::Path<ExerciseId>,
    body: web::Json<DoubleMarkingAgreed>,
) -> Result<HttpResponse, AppError> {
    let verdicts = body.into_inner().into_verdicts();
    let saved = marking::agree(&state, &current, &id, verdicts).await?;
    Ok(HttpResponse::Created().json(DoubleMarkingDecisions {
        decisions: saved.iter().map(StandardisationDecision::from).collect(),
    }))
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct Search {
    pub q: String,
    pub criterion: String,
}

/// `GET /api/v1/centres/{centre_id}/decision-log?q=…&criterion=…`
pub async fn decision_log(
    state: web::Data<AppState>,
    current: CurrentUser,
    centre_id: web::Path<CentreId>,
    query: web::Query<Search>,
) -> Result<HttpResponse, AppError> {
    let (_, found) =
        act::decision_log(&state, &current, &centre_id, &query.q, &query.criterion).await?;
    let Search { q, criterion } = query.into_inner();
    Ok(HttpResponse::Ok().json(DecisionLog {
        q,
        criterion,
        decisions: found.iter().map(StandardisationDecision::from).collect(),
    }))
}
