//! The assignment set by the awarding body (C4, Unit 001) as JSON: recorded by the centre with
//! its files, the learner's submission, the assessor's marks task by task, the external
//! verification, and the learner's assignment with its brief and marking guidance.

use actix_multipart::Multipart;
use actix_web::{HttpResponse, web};

use crate::actions::AppState;
use crate::actions::access::require_centre_role;
use crate::actions::assessment::assignments::recording::{self, AssignmentFile, RECORDERS};
use crate::actions::assessment::assignments::wire::{
    AssignmentList, AssignmentOut, AssignmentOverviewOut, MarksOut, MarksRequest, SubmissionOut,
    SubmissionRequest, TaskMarkOut, VerificationOut, VerificationRequest,
};
use crate::actions::assessment::assignments::{marking, submission, verification};
use crate::domain::ids::{CentreId, RegistrationId};
use crate::web::auth::CurrentUser;
use crate::web::error::AppError;
use crate::web::sent_file::attachment;
use crate::web::upload_assignment::receive_assignment;
use actix_web::http::header::Range;

/// `POST /api/v1/centres/{centre_id}/assignments` (multipart): 201 the assignment.
pub async fn record(
    state: web::Data<AppState>,
    current: CurrentUser,
    centre: web::Path<CentreId>,
    form: Multipart,
) -> Result<HttpResponse, AppError> {
    require_centre_role(&current, &centre, RECORDERS)?;
    let got = receive_assignment(&state, form, None).await?;
    let (a, tasks) = recording::record(
        &state,
        &current,
        &centre,
        got.input,
        got.brief,
        got.guidance,
    )
    .await?;
    Ok(HttpResponse::Created().json(AssignmentOut::of(&a, &tasks)))
}

/// `GET /api/v1/centres/{centre_id}/assignments`
pub async fn list(
    state: web::Data<AppState>,
    current: CurrentUser,
    centre: web::Path<CentreId>,
) -> Result<HttpResponse, AppError> {
    let all = recording::list(&state, &current, &centre).await?;
    Ok(HttpResponse::Ok().json(AssignmentList {
        assignments: all.iter().map(|(a, t)| AssignmentOut::of(a, t)).collect(),
    }))
}

/// `GET /api/v1/registrations/{registration_id}/assignment`
pub async fn overview(
    state: web::Data<AppState>,
    current: CurrentUser,
    id: web::Path<RegistrationId>,
) -> Result<HttpResponse, AppError> {
    let o = submission::overview(&state, &current, &id).await?;
    Ok(HttpResponse::Ok().json(AssignmentOverviewOut::from(&o)))
}

/// `GET /api/v1/registrations/{registration_id}/assignment/brief`
pub async fn brief(
    state: web::Data<AppState>,
    current: CurrentUser,
    id: web::Path<RegistrationId>,
    range: Option<web::Header<Range>>,
) -> Result<HttpResponse, AppError> {
    let file = recording::file(&state, &current, &id, AssignmentFile::Brief).await?;
    Ok(attachment(file, range.as_deref()))
}

/// `GET /api/v1/registrations/{registration_id}/assignment/guidance`
pub async fn guidance(
    state: web::Data<AppState>,
    current: CurrentUser,
    id: web::Path<RegistrationId>,
    range: Option<web::Header<Range>>,
) -> Result<HttpResponse, AppError> {
    let file = recording::file(&state, &current, &id, AssignmentFile::Guidance).await?;
    Ok(attachment(file, range.as_deref()))
}

/// `POST /api/v1/registrations/{registration_id}/assignment/submission`
pub async fn submit(
    state: web::Data<AppState>,
    current: CurrentUser,
    id: web::Path<RegistrationId>,
    input: web::Json<SubmissionRequest>,
) -> Result<HttpResponse, AppError> {
    let s = submission::submit(&state, &current, &id, input.into_inner().into()).await?;
    Ok(HttpResponse::Created().json(SubmissionOut::from(&s)))
}

/// `POST /api/v1/registrations/{registration_id}/assignment/marks`
pub async fn mark(
    state: web::Data<AppState>,
    current: CurrentUser,
    id: web::Path<RegistrationId>,
    input: web::Json<MarksRequest>,
) -> Result<HttpResponse, AppError> {
    let marks = marking::mark(&state, &current, &id, input.into_inner().into_input()).await?;
    Ok(HttpResponse::Created().json(MarksOut {
        marks: marks.iter().map(TaskMarkOut::from).collect(),
    }))
}

/// `PUT /api/v1/registrations/{registration_id}/assignment/verification`
pub async fn verify(
    state: web::Data<AppState>,
    current: CurrentUser,
    id: web::Path<RegistrationId>,
    input: web::Json<VerificationRequest>,
) -> Result<HttpResponse, AppError> {
    let v = verification::record(&state, &current, &id, input.into_inner().into()).await?;
    Ok(HttpResponse::Ok().json(VerificationOut::from(&v)))
}
