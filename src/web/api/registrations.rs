//! Registrations as JSON. Register, transfer, withdraw: centre administrator. Read: whoever may
//! see the registration (see `require_registration_visible`).

use actix_web::{HttpResponse, web};
use serde_json::json;

use crate::actions::AppState;
use crate::actions::access::require_centre_role;
use crate::actions::people::registrations::{self as act, TransferInput, WithdrawInput};
use crate::domain::registration::RegistrationInput;
use crate::domain::roles::Role;
use crate::store::registrations;
use crate::web::auth::CurrentUser;
use crate::web::error::AppError;

fn body(r: &registrations::Registration) -> serde_json::Value {
    json!({
        "id": r.id, "centre_id": r.centre_id, "learner_id": r.learner_id, "qualification_id": r.qualification_id,
        "awarding_body_ref": r.awarding_body_ref, "date_of_birth": r.date_of_birth, "start_date": r.start_date,
        "planned_end_date": r.planned_end_date, "employer": r.employer, "workplace": r.workplace,
        "assessor_id": r.assessor_id, "iqa_id": r.iqa_id, "tutor_id": r.tutor_id, "support_needs": r.support_needs,
        "reasonable_adjustments": r.reasonable_adjustments, "open_learning": r.open_learning,
        "authenticator": r.authenticator, "status": r.status, "registered_on": r.registered_on,
    })
}

/// `POST /api/v1/centres/{centre_id}/registrations`. The learner may be given flat
/// (`learner_name`, `learner_email`, `date_of_birth`) or as `learner: {name, email, date_of_birth}`.
pub async fn create(
    state: web::Data<AppState>,
    current: CurrentUser,
    id: web::Path<String>,
    raw: web::Json<serde_json::Value>,
) -> Result<HttpResponse, AppError> {
    let mut value = raw.into_inner();
    if let Some(learner) = value.get("learner").cloned()
        && let Some(object) = value.as_object_mut()
    {
        for (from, to) in [
            ("name", "learner_name"),
            ("email", "learner_email"),
            ("date_of_birth", "date_of_birth"),
        ] {
            if let Some(v) = learner.get(from) {
                object.insert(to.to_owned(), v.clone());
            }
        }
        object.remove("learner");
    }
    let input: RegistrationInput = serde_json::from_value(value)
        .map_err(|e| AppError::BadRequest(format!("The JSON body is not as expected: {e}")))?;
    let (registration, warnings) = act::register(&state, &current, &id, input).await?;
    Ok(HttpResponse::Created().json(
        json!({"id": registration.id, "learner_id": registration.learner_id, "warnings": warnings}),
    ))
}

/// `GET /api/v1/centres/{centre_id}/registrations`. Centre administrator or IQA.
pub async fn list(
    state: web::Data<AppState>,
    current: CurrentUser,
    id: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    require_centre_role(&current, &id, &[Role::CentreAdmin, Role::Iqa])?;
    let centre = id.into_inner();
    let rows = state
        .db
        .run(move |conn| registrations::of_centre(conn, &centre))
        .await?;
    let list: Vec<_> = rows
        .iter()
        .map(|(r, name)| {
            let mut b = body(r);
            b["learner_name"] = json!(name);
            b
        })
        .collect();
    Ok(HttpResponse::Ok().json(json!({"registrations": list})))
}

/// `GET /api/v1/registrations/{registration_id}`.
pub async fn get(
    state: web::Data<AppState>,
    current: CurrentUser,
    id: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let (registration, changes) = act::load(&state, &current, &id).await?;
    let history: Vec<_> = changes
        .iter()
        .map(|c| json!({"at": c.changed_at.and_utc().to_rfc3339(), "by": c.changed_by, "change": c.change, "reason": c.reason, "details": serde_json::from_str::<serde_json::Value>(&c.details).unwrap_or_default()}))
        .collect();
    let mut out = body(&registration);
    out["history"] = json!(history);
    Ok(HttpResponse::Ok().json(out))
}

/// `POST /api/v1/registrations/{registration_id}/transfer` `{assessor_id, reason}`.
pub async fn transfer(
    state: web::Data<AppState>,
    current: CurrentUser,
    id: web::Path<String>,
    input: web::Json<TransferInput>,
) -> Result<HttpResponse, AppError> {
    let registration = act::transfer(&state, &current, &id, input.into_inner()).await?;
    Ok(HttpResponse::Ok().json(body(&registration)))
}

/// `POST /api/v1/registrations/{registration_id}/withdraw` `{reason}`.
pub async fn withdraw(
    state: web::Data<AppState>,
    current: CurrentUser,
    id: web::Path<String>,
    input: web::Json<WithdrawInput>,
) -> Result<HttpResponse, AppError> {
    act::withdraw(&state, &current, &id, input.into_inner()).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// `POST /api/v1/centres/{centre_id}/registrations/import` with a CSV body: 201 and the per-row
/// report when every row is valid; 422 and the report (nothing imported) otherwise.
pub async fn import(
    state: web::Data<AppState>,
    current: CurrentUser,
    id: web::Path<String>,
    payload: web::Payload,
) -> Result<HttpResponse, AppError> {
    let body =
        crate::web::body::read_limited(payload, crate::actions::people::import::MAX_BYTES).await?;
    let text = std::str::from_utf8(&body).map_err(|_| {
        AppError::BadRequest(
            "The file must be UTF-8 text (save it from the spreadsheet as CSV UTF-8).".to_owned(),
        )
    })?;
    let report = crate::actions::people::import::import(&state, &current, &id, text).await?;
    if report.is_ok() {
        return Ok(HttpResponse::Created().json(report));
    }
    Ok(HttpResponse::UnprocessableEntity()
        .content_type("application/problem+json")
        .json(json!({
            "type": "https://eportfolio.invalid/problems/invalid",
            "title": "Nothing was imported",
            "status": 422,
            "detail": "Some rows need correcting; nothing was imported. Correct them and import the whole file again.",
            "code": "invalid",
            "errors": report.file_errors,
            "rows": report.rows,
        })))
}

/// `GET /api/v1/registrations`: the caller's own registrations (as a learner) and the ones they
/// are allocated to (as assessor, IQA or tutor). Signed in.
pub async fn mine(
    state: web::Data<AppState>,
    current: CurrentUser,
) -> Result<HttpResponse, AppError> {
    let me = current.user.id.clone();
    let (own, caseload) = state
        .db
        .run(move |conn| -> Result<_, crate::store::StoreError> {
            Ok((
                registrations::of_learner(conn, &me)?,
                registrations::caseload(conn, &me)?,
            ))
        })
        .await?;
    let caseload: Vec<_> = caseload
        .iter()
        .map(|(r, name)| {
            let mut b = body(r);
            b["learner_name"] = json!(name);
            b
        })
        .collect();
    Ok(HttpResponse::Ok()
        .json(json!({"own": own.iter().map(body).collect::<Vec<_>>(), "allocated": caseload})))
}
