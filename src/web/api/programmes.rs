//! Learning programmes and learning hours as JSON. Programmes: the centre's tutors and centre
//! administrators build them; learners on a programme read it and mark sessions done. Hours:
//! the learner logs; whoever may see the registration reads the totals.

use actix_web::{HttpResponse, web};

use crate::actions::AppState;
use crate::actions::learning::learning_hours as hours;
use crate::actions::learning::programmes as act;
use crate::actions::learning::wire::hours::{LearningEntry, LearningEntryRequest, LearningHours};
use crate::actions::learning::wire::programmes::{
    ProgrammeDetail, ProgrammeList, ProgrammeMemberRequest, ProgrammeMembership, ProgrammeOut,
    ProgrammeRequest, ProgrammeSession, ProgrammeSessionDone, ProgrammeSessionMove,
    ProgrammeSessionRequest,
};
use crate::domain::ids::{CentreId, ProgrammeId, ProgrammeSessionId, RegistrationId};
use crate::web::auth::CurrentUser;
use crate::web::error::AppError;

/// `GET /api/v1/centres/{centre_id}/programmes`
pub async fn list(
    state: web::Data<AppState>,
    current: CurrentUser,
    id: web::Path<CentreId>,
) -> Result<HttpResponse, AppError> {
    let all = act::list(&state, &current, &id).await?;
    Ok(HttpResponse::Ok().json(ProgrammeList::new(&all)))
}

/// `POST /api/v1/centres/{centre_id}/programmes` `{qualification_id, title, description, pacing}` → 201.
pub async fn create(
    state: web::Data<AppState>,
    current: CurrentUser,
    id: web::Path<CentreId>,
    body: web::Json<ProgrammeRequest>,
) -> Result<HttpResponse, AppError> {
    let p = act::create(&state, &current, &id, body.into_inner().into()).await?;
    Ok(HttpResponse::Created().json(ProgrammeOut::from(&p)))
}

/// `GET /api/v1/programmes/{programme_id}`
pub async fn get(
    state: web::Data<AppState>,
    current: CurrentUser,
    id: web::Path<ProgrammeId>,
) -> Result<HttpResponse, AppError> {
    let v = act::detail(&state, &current, &id).await?;
    Ok(HttpResponse::Ok().json(ProgrammeDetail::from(&v)))
}

/// `POST /api/v1/programmes/{programme_id}/sessions` → 201 the session.
pub async fn add_session(
    state: web::Data<AppState>,
    current: CurrentUser,
    id: web::Path<ProgrammeId>,
    body: web::Json<ProgrammeSessionRequest>,
) -> Result<HttpResponse, AppError> {
    let s = act::add_session(&state, &current, &id, body.into_inner().into()).await?;
    Ok(HttpResponse::Created().json(ProgrammeSession::from(&s)))
}

/// `PUT /api/v1/programmes/{programme_id}/sessions/{session_id}`
pub async fn edit_session(
    state: web::Data<AppState>,
    current: CurrentUser,
    path: web::Path<(ProgrammeId, ProgrammeSessionId)>,
    body: web::Json<ProgrammeSessionRequest>,
) -> Result<HttpResponse, AppError> {
    let (p, s) = path.into_inner();
    let s = act::edit_session(&state, &current, &p, &s, body.into_inner().into()).await?;
    Ok(HttpResponse::Ok().json(ProgrammeSession::from(&s)))
}

/// `POST /api/v1/programmes/{programme_id}/sessions/{session_id}/move` `{direction}`
pub async fn move_session(
    state: web::Data<AppState>,
    current: CurrentUser,
    path: web::Path<(ProgrammeId, ProgrammeSessionId)>,
    body: web::Json<ProgrammeSessionMove>,
) -> Result<HttpResponse, AppError> {
    let (p, s) = path.into_inner();
    let up = match body.direction.as_str() {
        "up" => true,
        "down" => false,
        _ => {
            return Err(AppError::Invalid(vec![
                crate::domain::people::FieldError::new("direction", "Move up or down"),
            ]));
        }
    };
    act::move_session(&state, &current, &p, &s, up).await?;
    let v = act::detail(&state, &current, &p).await?;
    Ok(HttpResponse::Ok().json(ProgrammeDetail::from(&v)))
}

/// `POST /api/v1/programmes/{programme_id}/members` `{registration_id}` → 201.
pub async fn add_member(
    state: web::Data<AppState>,
    current: CurrentUser,
    id: web::Path<ProgrammeId>,
    body: web::Json<ProgrammeMemberRequest>,
) -> Result<HttpResponse, AppError> {
    let registration_id = act::member_param(&body.registration_id)?;
    let m = act::add_member(&state, &current, &id, &registration_id).await?;
    Ok(HttpResponse::Created().json(ProgrammeMembership::from(&m)))
}

/// `POST /api/v1/programmes/{programme_id}/sessions/{session_id}/done` → 201.
pub async fn mark_done(
    state: web::Data<AppState>,
    current: CurrentUser,
    path: web::Path<(ProgrammeId, ProgrammeSessionId)>,
) -> Result<HttpResponse, AppError> {
    let (p, s) = path.into_inner();
    let done = act::mark_done(&state, &current, &p, &s).await?;
    Ok(HttpResponse::Created().json(ProgrammeSessionDone::from(&done)))
}

/// `GET /api/v1/registrations/{registration_id}/learning-hours`
pub async fn hours_list(
    state: web::Data<AppState>,
    current: CurrentUser,
    id: web::Path<RegistrationId>,
) -> Result<HttpResponse, AppError> {
    let v = hours::view(&state, &current, &id).await?;
    Ok(HttpResponse::Ok().json(LearningHours::from(&v)))
}

/// `POST /api/v1/registrations/{registration_id}/learning-hours` `{activity_on, minutes, description, outcome_ids}` → 201.
pub async fn hours_log(
    state: web::Data<AppState>,
    current: CurrentUser,
    id: web::Path<RegistrationId>,
    body: web::Json<LearningEntryRequest>,
) -> Result<HttpResponse, AppError> {
    let e = hours::log(&state, &current, &id, body.into_inner().into()).await?;
    Ok(HttpResponse::Created().json(LearningEntry::from(&e)))
}
