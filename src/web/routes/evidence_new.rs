//! The learner's submission in one flow: the one-step evidence page and its post (multipart:
//! fields, several files, the mapping, the declaration). The learner or their assessor; only
//! the learner signs and submits.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};

use crate::actions::ActionError;
use crate::actions::AppState;
use crate::actions::evidence::items::{self as act, OneStep};
use crate::domain::ids::RegistrationId;
use crate::domain::people::FieldError;
use crate::web::auth::CurrentUser;
use crate::web::error::{AppError, PageError};
use crate::web::routes::respond::{html, see_other, shown_on_the_form};
use crate::web::upload_many::receive_one_step;
use crate::web::views::evidence_form::{self as view, OneStepPage};

/// The one-step page, filled with `form` (kept after a refusal).
pub(crate) async fn render(
    state: &AppState,
    current: &CurrentUser,
    id: &RegistrationId,
    form: &OneStep,
    errors: &[FieldError],
    problem: Option<&AppError>,
) -> Result<HttpResponse, PageError> {
    let message = problem.map(ToString::to_string);
    let (registration, kinds) = act::one_step_form(state, current, id).await?;
    let page = OneStepPage {
        current,
        registration_id: &registration.id,
        qualification_id: &registration.qualification_id,
        curriculum: &state.curriculum,
        kinds: &kinds,
        is_learner: registration.learner_id == current.user.id,
        form,
        errors,
        problem: message.as_deref(),
    };
    let status = match problem {
        Some(refusal) => actix_web::ResponseError::status_code(refusal),
        None if errors.is_empty() => StatusCode::OK,
        None => StatusCode::UNPROCESSABLE_ENTITY,
    };
    Ok(html(status, view::page(&page)))
}

/// `GET /registrations/{registration_id}/evidence/new`.
pub async fn show(
    state: web::Data<AppState>,
    current: CurrentUser,
    id: web::Path<RegistrationId>,
) -> Result<HttpResponse, PageError> {
    render(&state, &current, &id, &OneStep::default(), &[], None).await
}

/// `POST /registrations/{registration_id}/evidence/new`: everything in one transaction; on a
/// refusal the page comes back with everything kept but the files, and the summary says why.
pub async fn save(
    state: web::Data<AppState>,
    current: CurrentUser,
    request: HttpRequest,
    id: web::Path<RegistrationId>,
    body: actix_multipart::Multipart,
) -> Result<HttpResponse, PageError> {
    if !crate::web::auth::csrf::same_origin(&request) {
        return Err(AppError::Forbidden.into());
    }
    // Refused before the body is read when the person may not add to this registration.
    act::one_step_form(&state, &current, &id).await?;
    let csrf = current.session.csrf_token.clone();
    let received = receive_one_step(&state, body, &csrf).await?;
    let form = received.form.clone();
    let submit = form.submit;
    let saved = act::create_in_one_step(
        &state,
        &current,
        &id,
        received.form,
        received.files,
        received.refused,
    )
    .await;
    match saved {
        Ok(item) => {
            let done = if submit { "submitted" } else { "added" };
            Ok(see_other(format!("/evidence/{}?done={done}#main", item.id)))
        }
        Err(ActionError::Invalid(errors)) => {
            render(&state, &current, &id, &form, &errors, None).await
        }
        Err(refused) if shown_on_the_form(&refused) => {
            let refusal = AppError::from(refused);
            render(&state, &current, &id, &form, &[], Some(&refusal)).await
        }
        Err(other) => Err(other.into()),
    }
}
