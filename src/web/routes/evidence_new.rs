//! The learner's submission in one flow: the one-step evidence page and its post (multipart:
//! fields, several files, the mapping, the declaration), for a new item and for a draft or an
//! item the assessor returned. The learner or their assessor; only the learner signs and submits.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};

use crate::actions::ActionError;
use crate::actions::AppState;
use crate::actions::evidence::items::{self as act, OneStep};
use crate::domain::evidence::EvidenceKind;
use crate::domain::ids::{EvidenceId, RegistrationId};
use crate::domain::people::FieldError;
use crate::web::auth::CurrentUser;
use crate::web::error::{AppError, PageError};
use crate::web::routes::respond::{html, see_other, shown_on_the_form};
use crate::web::upload_many::receive_one_step;
use crate::web::views::evidence_form::{self as view, Existing, OneStepPage};

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
        existing: None,
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

/// The one-step page for an existing item, filled with `form` (its current content and mapping,
/// or what was sent and refused).
async fn render_existing(
    state: &AppState,
    current: &CurrentUser,
    id: &EvidenceId,
    form: Option<&OneStep>,
    errors: &[FieldError],
    problem: Option<&AppError>,
) -> Result<HttpResponse, PageError> {
    let v = act::view(state, current, id).await?;
    crate::actions::access::require_evidence_writer(current, &v.registration)
        .map_err(AppError::from)?;
    act::refuse_if_submitted(current, &v).map_err(AppError::from)?;
    let filled = form.cloned().unwrap_or_else(|| filled_from(&v));
    let message = problem.map(ToString::to_string);
    let kinds = crate::domain::evidence_kinds::kinds_for(
        &state.curriculum,
        &v.registration.qualification_id,
    );
    let kind_label = EvidenceKind::parse(&v.item.kind).map_or("Evidence", EvidenceKind::label);
    let page = OneStepPage {
        current,
        registration_id: &v.registration.id,
        qualification_id: &v.registration.qualification_id,
        curriculum: &state.curriculum,
        kinds: &kinds,
        is_learner: v.registration.learner_id == current.user.id,
        form: &filled,
        errors,
        problem: message.as_deref(),
        existing: Some(Existing {
            evidence_id: &v.item.id,
            title: &v.item.title,
            kind_label,
            files: v.files.iter().map(|f| f.filename.clone()).collect(),
        }),
    };
    let status = match problem {
        Some(refusal) => actix_web::ResponseError::status_code(refusal),
        None if errors.is_empty() => StatusCode::OK,
        None => StatusCode::UNPROCESSABLE_ENTITY,
    };
    Ok(html(status, view::page(&page)))
}

/// The item as it is now, as the form shows it.
fn filled_from(v: &act::EvidenceView) -> OneStep {
    let current = v.current();
    OneStep {
        input: act::EvidenceInput {
            kind: v.item.kind.clone(),
            title: v.item.title.clone(),
            activity_date: v.item.activity_date.to_string(),
            description: current.map(|c| c.description.clone()).unwrap_or_default(),
            text: current.map(|c| c.body_text.clone()).unwrap_or_default(),
        },
        criteria: v.mappings.clone(),
        ..OneStep::default()
    }
}

/// `GET /evidence/{evidence_id}/one-step`: a draft, or an item the assessor returned.
pub async fn show_existing(
    state: web::Data<AppState>,
    current: CurrentUser,
    id: web::Path<EvidenceId>,
) -> Result<HttpResponse, PageError> {
    render_existing(&state, &current, &id, None, &[], None).await
}

/// `POST /evidence/{evidence_id}/one-step`: a new version, its files, mapping and (the learner)
/// the declaration and submission, all or nothing.
pub async fn save_existing(
    state: web::Data<AppState>,
    current: CurrentUser,
    request: HttpRequest,
    id: web::Path<EvidenceId>,
    body: actix_multipart::Multipart,
) -> Result<HttpResponse, PageError> {
    if !crate::web::auth::csrf::same_origin(&request) {
        return Err(AppError::Forbidden.into());
    }
    let csrf = current.session.csrf_token.clone();
    let received = receive_one_step(&state, body, &csrf).await?;
    let form = received.form.clone();
    let saved = act::update_in_one_step(
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
            let done = if form.submit { "submitted" } else { "edited" };
            Ok(see_other(format!("/evidence/{}?done={done}#main", item.id)))
        }
        Err(ActionError::Invalid(errors)) => {
            render_existing(&state, &current, &id, Some(&form), &errors, None).await
        }
        Err(refused) if shown_on_the_form(&refused) => {
            let refusal = AppError::from(refused);
            render_existing(&state, &current, &id, Some(&form), &[], Some(&refusal)).await
        }
        Err(other) => Err(other.into()),
    }
}
