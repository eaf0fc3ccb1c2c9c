//! Knowledge checks, attempts and the cohort view as JSON. Learners never see the correct flags,
//! the feedback or the tutor's guidance of a check before they answer; after submitting, they see
//! their marks and the feedback on what they chose.

use actix_web::{HttpResponse, web};

use crate::actions::AppState;
use crate::actions::learning::check_attempts as attempts;
use crate::actions::learning::cohort;
use crate::actions::learning::knowledge_checks::{self as act, ProgrammeRole};
use crate::actions::learning::wire::checks::{
    CheckAttempt, CheckAttemptSummary, CheckEvidenceOut, CheckEvidenceRequest, CheckMarkRequest,
    CheckQuestionRequest, CheckSubmitRequest, KnowledgeCheckDetail, KnowledgeCheckList,
    KnowledgeCheckOut, KnowledgeCheckRequest,
};
use crate::actions::learning::wire::cohort::ProgrammeCohort;
use crate::domain::ids::{AttemptId, KnowledgeCheckId, ProgrammeId};
use crate::web::auth::CurrentUser;
use crate::web::error::AppError;

/// `GET /api/v1/programmes/{programme_id}/checks`
pub async fn list(
    state: web::Data<AppState>,
    current: CurrentUser,
    id: web::Path<ProgrammeId>,
) -> Result<HttpResponse, AppError> {
    let (programme, role, checks) = act::list(&state, &current, &id).await?;
    let staff = matches!(role, ProgrammeRole::Staff);
    let mut out = Vec::new();
    for c in &checks {
        out.push(KnowledgeCheckOut::new(c, &act::questions_of(c)?, staff));
    }
    Ok(HttpResponse::Ok().json(KnowledgeCheckList {
        programme_id: programme.id,
        checks: out,
    }))
}

/// `POST /api/v1/programmes/{programme_id}/checks`
pub async fn create(
    state: web::Data<AppState>,
    current: CurrentUser,
    id: web::Path<ProgrammeId>,
    body: web::Json<KnowledgeCheckRequest>,
) -> Result<HttpResponse, AppError> {
    let check = act::create(&state, &current, &id, body.into_inner().into()).await?;
    let questions = act::questions_of(&check)?;
    Ok(HttpResponse::Created().json(KnowledgeCheckOut::new(&check, &questions, true)))
}

/// `GET /api/v1/checks/{check_id}`
pub async fn get(
    state: web::Data<AppState>,
    current: CurrentUser,
    id: web::Path<KnowledgeCheckId>,
) -> Result<HttpResponse, AppError> {
    let view = act::view(&state, &current, &id).await?;
    let staff = matches!(view.role, ProgrammeRole::Staff);
    Ok(HttpResponse::Ok().json(KnowledgeCheckDetail {
        check: KnowledgeCheckOut::new(&view.check, &view.questions, staff),
        attempts: view
            .attempts
            .iter()
            .map(CheckAttemptSummary::from)
            .collect(),
    }))
}

/// `POST /api/v1/checks/{check_id}/questions`
pub async fn add_question(
    state: web::Data<AppState>,
    current: CurrentUser,
    id: web::Path<KnowledgeCheckId>,
    body: web::Json<CheckQuestionRequest>,
) -> Result<HttpResponse, AppError> {
    let check = act::add_question(&state, &current, &id, body.into_inner().into()).await?;
    let questions = act::questions_of(&check)?;
    Ok(HttpResponse::Created().json(KnowledgeCheckOut::new(&check, &questions, true)))
}

/// `POST /api/v1/checks/{check_id}/attempts`
pub async fn start(
    state: web::Data<AppState>,
    current: CurrentUser,
    id: web::Path<KnowledgeCheckId>,
) -> Result<HttpResponse, AppError> {
    let attempt = attempts::start(&state, &current, &id).await?;
    Ok(HttpResponse::Created().json(CheckAttemptSummary::from(&attempt)))
}

/// `GET /api/v1/attempts/{attempt_id}`
pub async fn attempt(
    state: web::Data<AppState>,
    current: CurrentUser,
    id: web::Path<AttemptId>,
) -> Result<HttpResponse, AppError> {
    let view = attempts::view(&state, &current, &id).await?;
    Ok(HttpResponse::Ok().json(CheckAttempt::from(&view)))
}

/// `POST /api/v1/attempts/{attempt_id}/submit`
pub async fn submit(
    state: web::Data<AppState>,
    current: CurrentUser,
    id: web::Path<AttemptId>,
    body: web::Json<CheckSubmitRequest>,
) -> Result<HttpResponse, AppError> {
    let view = attempts::submit(&state, &current, &id, body.into_inner().answers()).await?;
    Ok(HttpResponse::Ok().json(CheckAttempt::from(&view)))
}

/// `correct` or `incorrect`.
pub fn parse_outcome(outcome: &str) -> Result<bool, AppError> {
    match outcome.trim() {
        "correct" => Ok(true),
        "incorrect" => Ok(false),
        _ => Err(AppError::Invalid(vec![
            crate::domain::people::FieldError::new(
                "outcome",
                "Mark the answer correct or incorrect",
            ),
        ])),
    }
}

/// `POST /api/v1/attempts/{attempt_id}/marks`
pub async fn mark(
    state: web::Data<AppState>,
    current: CurrentUser,
    id: web::Path<AttemptId>,
    body: web::Json<CheckMarkRequest>,
) -> Result<HttpResponse, AppError> {
    let body = body.into_inner();
    let correct = parse_outcome(&body.outcome)?;
    let view = attempts::mark_answer(
        &state,
        &current,
        &id,
        body.question,
        correct,
        &body.feedback,
    )
    .await?;
    Ok(HttpResponse::Ok().json(CheckAttempt::from(&view)))
}

/// `POST /api/v1/attempts/{attempt_id}/evidence`
pub async fn offer(
    state: web::Data<AppState>,
    current: CurrentUser,
    id: web::Path<AttemptId>,
    body: web::Json<CheckEvidenceRequest>,
) -> Result<HttpResponse, AppError> {
    let item = attempts::offer_as_evidence(&state, &current, &id, &body.criteria).await?;
    Ok(HttpResponse::Created().json(CheckEvidenceOut::from(&item)))
}

/// `GET /api/v1/programmes/{programme_id}/cohort`
pub async fn cohort(
    state: web::Data<AppState>,
    current: CurrentUser,
    id: web::Path<ProgrammeId>,
) -> Result<HttpResponse, AppError> {
    let view = cohort::view(&state, &current, &id).await?;
    Ok(HttpResponse::Ok().json(ProgrammeCohort::from(&view)))
}
