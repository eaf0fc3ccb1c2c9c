//! Registrations as JSON. Register, transfer, withdraw: centre administrator. Read: whoever may
//! see the registration (see `require_registration_visible`).

use actix_web::{HttpResponse, web};

use crate::actions::AppState;
use crate::actions::people::registrations::{
    self as act, Registered, TransferInput, UnitAllocationInput, UnitStaffingList, WithdrawInput,
};
use crate::actions::people::wire::registrations::{
    LearnerInvited, MyRegistrations, RegistrationCreated, RegistrationDetail,
    RegistrationDetailsRequest, RegistrationImportProblem, RegistrationImportReport,
    RegistrationList, RegistrationListParams, RegistrationOut, RegistrationRequest,
    RegistrationRow,
};
use crate::actions::people::{directory, registration_list};
use crate::domain::ids::{CentreId, RegistrationId, UnitId};
use crate::web::auth::CurrentUser;
use crate::web::error::AppError;

/// `POST /api/v1/centres/{centre_id}/registrations`. The learner may be given flat
/// (`learner_name`, `learner_email`, `date_of_birth`) or as `learner: {name, email, date_of_birth}`.
pub async fn create(
    state: web::Data<AppState>,
    current: CurrentUser,
    id: web::Path<CentreId>,
    body: web::Json<RegistrationRequest>,
) -> Result<HttpResponse, AppError> {
    let input = body.into_inner().into_input()?;
    Ok(match act::register(&state, &current, &id, input).await? {
        (Registered::Stored(registration), warnings) => {
            HttpResponse::Created().json(RegistrationCreated {
                id: registration.id,
                learner_id: registration.learner_id,
                warnings,
            })
        }
        (Registered::Invited(invitation), warnings) => {
            HttpResponse::Accepted().json(LearnerInvited::new(&invitation, warnings))
        }
    })
}

/// `GET /api/v1/centres/{centre_id}/registrations`. Centre administrator or IQA.
pub async fn list(
    state: web::Data<AppState>,
    current: CurrentUser,
    id: web::Path<CentreId>,
    params: web::Query<RegistrationListParams>,
) -> Result<HttpResponse, AppError> {
    let page =
        registration_list::registrations_page(&state, &current, &id, &params.query()?).await?;
    Ok(HttpResponse::Ok().json(RegistrationList::from(&page)))
}

/// `GET /api/v1/registrations/{registration_id}`.
pub async fn get(
    state: web::Data<AppState>,
    current: CurrentUser,
    id: web::Path<RegistrationId>,
) -> Result<HttpResponse, AppError> {
    let (registration, changes) = act::load(&state, &current, &id).await?;
    let prior = act::prior_learning(&state, &registration).await?;
    let units = act::unit_staffing(&state, &registration).await?;
    Ok(HttpResponse::Ok().json(RegistrationDetail::new(
        &registration,
        &changes,
        prior.as_ref(),
        units,
    )))
}

/// `PUT /api/v1/registrations/{registration_id}/units/{unit_id}/allocation`
/// `{assessor_id, iqa_id, reason}`: every unit with who holds it, as it now stands.
pub async fn allocate_unit(
    state: web::Data<AppState>,
    current: CurrentUser,
    path: web::Path<(RegistrationId, UnitId)>,
    input: web::Json<UnitAllocationInput>,
) -> Result<HttpResponse, AppError> {
    let (id, unit) = path.into_inner();
    let units = act::allocate_unit(&state, &current, &id, &unit, input.into_inner()).await?;
    Ok(HttpResponse::Ok().json(UnitStaffingList { units }))
}

/// `POST /api/v1/registrations/{registration_id}/transfer` `{assessor_id, reason}`.
pub async fn transfer(
    state: web::Data<AppState>,
    current: CurrentUser,
    id: web::Path<RegistrationId>,
    input: web::Json<TransferInput>,
) -> Result<HttpResponse, AppError> {
    let registration = act::transfer(&state, &current, &id, input.into_inner()).await?;
    Ok(HttpResponse::Ok().json(RegistrationOut::from(&registration)))
}

/// `PUT /api/v1/registrations/{registration_id}/details`: the centre administrator changes the
/// awarding body's reference, place, planned end and support.
pub async fn change_details(
    state: web::Data<AppState>,
    current: CurrentUser,
    id: web::Path<RegistrationId>,
    input: web::Json<RegistrationDetailsRequest>,
) -> Result<HttpResponse, AppError> {
    let input = input.into_inner().into();
    let registration = act::change_details(&state, &current, &id, &input).await?;
    Ok(HttpResponse::Ok().json(RegistrationOut::from(&registration)))
}

/// `POST /api/v1/registrations/{registration_id}/withdraw` `{reason}`.
pub async fn withdraw(
    state: web::Data<AppState>,
    current: CurrentUser,
    id: web::Path<RegistrationId>,
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
    id: web::Path<CentreId>,
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
        return Ok(HttpResponse::Created().json(RegistrationImportReport::from(&report)));
    }
    Ok(HttpResponse::UnprocessableEntity()
        .content_type("application/problem+json")
        .json(RegistrationImportProblem::from(&report)))
}

/// `GET /api/v1/registrations`: the caller's own registrations (as a learner) and the ones they
/// are allocated to (as assessor, IQA or tutor). Signed in.
pub async fn mine(
    state: web::Data<AppState>,
    current: CurrentUser,
) -> Result<HttpResponse, AppError> {
    let (own, caseload) = directory::my_registrations(&state, &current).await?;
    Ok(HttpResponse::Ok().json(MyRegistrations {
        own: own.iter().map(RegistrationOut::from).collect(),
        allocated: caseload
            .iter()
            .map(|(r, name)| RegistrationRow::new(r, name))
            .collect(),
    }))
}
