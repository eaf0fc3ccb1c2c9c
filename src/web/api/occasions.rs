//! SQA assessment occasions as JSON: the centre's question bank (tutors and assessors), the
//! occasions of a registration (the candidate sees the questions only once one opens), answers
//! by the candidate and marks by the assessor.

use actix_web::{HttpResponse, web};

use crate::actions::AppState;
use crate::actions::assessment::occasion_answers as answers;
use crate::actions::assessment::occasions as act;
use crate::actions::assessment::wire::occasions::{
    BankQuestionOut, BankQuestionRequest, OccasionAnswerRequest, OccasionItemOut, OccasionList,
    OccasionMarkRequest, OccasionOut, OccasionRequest, QuestionBank,
};
use crate::domain::ids::{CentreId, OccasionId, RegistrationId};
use crate::web::auth::CurrentUser;
use crate::web::error::AppError;

/// `GET /api/v1/centres/{centre_id}/question-bank`
pub async fn bank(
    state: web::Data<AppState>,
    current: CurrentUser,
    centre: web::Path<CentreId>,
) -> Result<HttpResponse, AppError> {
    let questions = act::bank(&state, &current, &centre).await?;
    let questions = questions.iter().map(BankQuestionOut::from).collect();
    Ok(HttpResponse::Ok().json(QuestionBank { questions }))
}

/// `POST /api/v1/centres/{centre_id}/question-bank` `{item_id, text}` → 201 the question.
pub async fn add_question(
    state: web::Data<AppState>,
    current: CurrentUser,
    centre: web::Path<CentreId>,
    body: web::Json<BankQuestionRequest>,
) -> Result<HttpResponse, AppError> {
    let q = act::add_question(&state, &current, &centre, body.into_inner().into()).await?;
    Ok(HttpResponse::Created().json(BankQuestionOut::from(&q)))
}

/// `GET /api/v1/registrations/{registration_id}/occasions`
pub async fn list(
    state: web::Data<AppState>,
    current: CurrentUser,
    id: web::Path<RegistrationId>,
) -> Result<HttpResponse, AppError> {
    let view = answers::view(&state, &current, &id).await?;
    Ok(HttpResponse::Ok().json(OccasionList::from(&view)))
}

/// `POST /api/v1/registrations/{registration_id}/occasions` `{items?, opens_at, method?, seed?}`
/// → 201 the occasion with its sampled items (the assessor's view).
pub async fn schedule(
    state: web::Data<AppState>,
    current: CurrentUser,
    id: web::Path<RegistrationId>,
    body: web::Json<OccasionRequest>,
) -> Result<HttpResponse, AppError> {
    let occasion = act::schedule(&state, &current, &id, body.into_inner().into()).await?;
    let view = answers::view(&state, &current, &id).await?;
    let shown = view.occasions.iter().find(|v| v.occasion.id == occasion.id);
    let now = state.clock.naive();
    let body = shown.map_or_else(
        || OccasionOut::new(&occasion, now >= occasion.opens_at, None),
        OccasionOut::from,
    );
    Ok(HttpResponse::Created().json(body))
}

/// `POST /api/v1/occasions/{occasion_id}/answers` `{item_id, answer}`
pub async fn answer(
    state: web::Data<AppState>,
    current: CurrentUser,
    id: web::Path<OccasionId>,
    body: web::Json<OccasionAnswerRequest>,
) -> Result<HttpResponse, AppError> {
    let item = answers::answer(&state, &current, &id, body.into_inner().into()).await?;
    Ok(HttpResponse::Ok().json(OccasionItemOut::new(&item, None)))
}

/// `POST /api/v1/occasions/{occasion_id}/marks` `{item_id, outcome: satisfied | not_satisfied, feedback}`
pub async fn mark(
    state: web::Data<AppState>,
    current: CurrentUser,
    id: web::Path<OccasionId>,
    body: web::Json<OccasionMarkRequest>,
) -> Result<HttpResponse, AppError> {
    let item = answers::mark(&state, &current, &id, body.into_inner().into()).await?;
    Ok(HttpResponse::Ok().json(OccasionItemOut::new(&item, None)))
}
