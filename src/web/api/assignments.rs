//! The assignment set by the awarding body (C4, Unit 001) as JSON: recorded by the centre with
//! its files, the learner's submission, the assessor's marks task by task, the external
//! verification, and the learner's assignment with its brief and marking guidance.

use actix_multipart::Multipart;
use actix_web::{HttpResponse, web};
use futures_util::StreamExt;

use crate::actions::AppState;
use crate::actions::access::require_centre_role;
use crate::actions::assessment::assignments::recording::{
    self, AssignmentFile, RECORDERS, Received,
};
use crate::actions::assessment::assignments::wire::{
    AssignmentList, AssignmentOut, AssignmentOverviewOut, AssignmentTaskWire, MarksOut,
    MarksRequest, SubmissionOut, SubmissionRequest, TaskMarkOut, VerificationOut,
    VerificationRequest,
};
use crate::actions::assessment::assignments::{marking, submission, verification};
use crate::domain::assignment::AssignmentInput;
use crate::domain::ids::{CentreId, RegistrationId};
use crate::domain::people::FieldError;
use crate::web::auth::CurrentUser;
use crate::web::auth::csrf::tokens_match;
use crate::web::body::read_field;
use crate::web::error::AppError;
use crate::web::sent_file::attachment;
use crate::web::upload::{store_field, unreadable};
use actix_web::http::header::Range;

const FIELD_MAX: usize = 64 * 1024;

/// The recording form: its fields, the brief and the guidance (pages: the CSRF token first).
/// Files already stored are removed when the form is refused.
pub async fn receive_assignment(
    state: &AppState,
    mut form: Multipart,
    csrf: Option<&str>,
) -> Result<(AssignmentInput, Option<Received>, Option<Received>), AppError> {
    let mut csrf_ok = csrf.is_none();
    let mut input = AssignmentInput::default();
    let (mut brief, mut guidance): (Option<Received>, Option<Received>) = (None, None);
    let mut fields = 0;
    let mut outcome = Ok(());
    while let Some(field) = form.next().await {
        fields += 1;
        let mut field = match field {
            Ok(f) => f,
            Err(e) => {
                outcome = Err(unreadable(e));
                break;
            }
        };
        let name = field.name().unwrap_or("").to_owned();
        if fields > 16 {
            outcome = Err(AppError::BadRequest("Too many fields.".to_owned()));
            break;
        }
        if name == "brief" || name == "guidance" {
            let slot = if name == "brief" {
                &mut brief
            } else {
                &mut guidance
            };
            if !csrf_ok || slot.is_some() {
                outcome = Err(AppError::BadRequest("Send each file once.".to_owned()));
                break;
            }
            match store_field(state, &mut field, AppError::from).await {
                Ok(received) => *slot = Some(received),
                Err(e) => {
                    outcome = Err(e);
                    break;
                }
            }
            continue;
        }
        let value = match read_field(&mut field, FIELD_MAX).await {
            Ok(bytes) => String::from_utf8_lossy(&bytes).into_owned(),
            Err(e) => {
                outcome = Err(e);
                break;
            }
        };
        match name.as_str() {
            "csrf_token" => {
                if let Some(expected) = csrf {
                    csrf_ok = tokens_match(&value, expected);
                }
            }
            "unit_id" => input.unit_id = value,
            "version_label" => input.version_label = value,
            "in_force" => input.in_force = matches!(value.as_str(), "true" | "on" | "1"),
            "tasks" => match serde_json::from_str::<Vec<AssignmentTaskWire>>(&value) {
                Ok(tasks) => input.tasks = tasks.into_iter().map(Into::into).collect(),
                Err(_) => {
                    outcome = Err(AppError::Invalid(vec![FieldError::new(
                        "tasks",
                        "List the tasks as a JSON array of {number, title, criterion_ids}",
                    )]));
                    break;
                }
            },
            _ => {
                outcome = Err(AppError::BadRequest(format!(
                    "Unexpected field \"{name}\" in the assignment form."
                )));
                break;
            }
        }
    }
    if outcome.is_ok() && !csrf_ok {
        outcome = Err(AppError::Forbidden);
    }
    if let Err(e) = outcome {
        for (file, _) in brief.iter().chain(guidance.iter()) {
            let _ = state.files.delete(&file.key).await;
        }
        return Err(e);
    }
    Ok((input, brief, guidance))
}

/// `POST /api/v1/centres/{centre_id}/assignments` (multipart): 201 the assignment.
pub async fn record(
    state: web::Data<AppState>,
    current: CurrentUser,
    centre: web::Path<CentreId>,
    form: Multipart,
) -> Result<HttpResponse, AppError> {
    require_centre_role(&current, &centre, RECORDERS)?;
    let (input, brief, guidance) = receive_assignment(&state, form, None).await?;
    let (a, tasks) = recording::record(&state, &current, &centre, input, brief, guidance).await?;
    Ok(HttpResponse::Created().json(AssignmentOut::of(&a, &tasks)))
}

/// `GET /api/v1/centres/{centre_id}/assignments`
pub async fn list(
    state: web::Data<AppState>,
    current: CurrentUser,
    centre: web::Path<String>,
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
