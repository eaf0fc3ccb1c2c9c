//! Registration pages. The list and the form: centre administrator. One registration: whoever may
//! see it (learner, allocated staff, the centre's administrators and IQAs, an EQA granted its
//! qualification); transfer and withdrawal: centre administrator.

use crate::actions::ActionError;
use crate::actions::access::centre_of;
use crate::domain::ids::RegistrationId;
use crate::domain::registration::RegistrationStatus;
use crate::web::routes::respond::{after_post, html, see_other, status_for};
use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use serde::Deserialize;

use crate::actions::AppState;
use crate::actions::access::{require_centre_role, require_evidence_writer};
use crate::actions::people::directory;
use crate::actions::people::registrations::{self as act, TransferInput, WithdrawInput};
use crate::domain::roles::Role;
use crate::store::registrations;
use crate::web::auth::CurrentUser;
use crate::web::auth::csrf::SignedInForm;
use crate::web::error::{AppError, PageError};
use crate::web::views::evidence as evidence_view;
use crate::web::views::registrations::{self as view, DetailPage};

mod import;
mod list;
mod units;

pub use import::{import_page, import_submit};
pub use list::Done;
pub use list::{list, register};
use units::UnitDraft;
pub use units::allocate_unit;

async fn render_detail(
    state: &AppState,
    current: &CurrentUser,
    id: &RegistrationId,
    failure: Option<AppError>,
    notice: Option<&str>,
) -> Result<HttpResponse, PageError> {
    render_detail_with(state, current, id, failure, notice).await
}

/// The registration page, with a refusal shown at its top.
pub async fn render_detail_with(
    state: &AppState,
    current: &CurrentUser,
    id: &RegistrationId,
    failure: Option<AppError>,
    notice: Option<&str>,
) -> Result<HttpResponse, PageError> {
    render_page(state, current, id, (failure, notice), None).await
}

/// The registration page: a refusal or notice at its top, and a unit's refused allocation
/// kept in its form.
async fn render_page(
    state: &AppState,
    current: &CurrentUser,
    id: &RegistrationId,
    (failure, notice): (Option<AppError>, Option<&str>),
    draft: Option<UnitDraft>,
) -> Result<HttpResponse, PageError> {
    let (registration, changes) = act::load(state, current, id).await?;
    let prior_learning = act::prior_learning(state, &registration).await?;
    let qualification = state
        .curriculum
        .qualification(&registration.qualification_id)
        .map_or_else(
            || registration.qualification_id.clone(),
            |(_, q)| format!("{} {}", q.number, q.title),
        );
    let manage =
        require_centre_role(current, &centre_of(&registration), &[Role::CentreAdmin]).is_ok();
    let everyone = directory::people_of_registration_centre(state, &registration).await?;
    let names = |user_id: &str| {
        everyone.iter().find(|(u, _)| u.id == user_id).map_or_else(
            || "someone no longer at the centre".to_owned(),
            |(u, _)| u.name.clone(),
        )
    };
    let assessors = other_assessors(&everyone, &registration.assessor_id);
    let (errors, problem) = match &failure {
        Some(AppError::Invalid(errors)) => (errors.clone(), None),
        Some(other) => (Vec::new(), Some(other.to_string())),
        None => (Vec::new(), None),
    };
    let evidence = evidence_section(state, current, &registration).await?;
    let on_units = (everyone.as_slice(), manage, draft.as_ref());
    let units = units::section(state, current, &registration, &names, on_units).await?;
    let page = DetailPage {
        current,
        registration: &registration,
        changes: &changes,
        names: &names,
        assessors: &assessors,
        manage,
        errors: &errors,
        problem: problem.as_deref(),
        notice,
        evidence,
        qualification: &qualification,
        prior_learning: prior_learning.as_ref(),
        units,
    };
    let status = match (&failure, &draft) {
        (Some(_), _) => status_for(failure.as_ref()),
        (None, Some(_)) => StatusCode::UNPROCESSABLE_ENTITY,
        (None, None) => StatusCode::OK,
    };
    Ok(html(status, view::detail(&page)))
}

/// The centre's assessors a learner could be transferred to: (user id, name), not their own.
fn other_assessors(
    everyone: &[(crate::store::people::User, Vec<String>)],
    current_assessor: &str,
) -> Vec<(String, String)> {
    everyone
        .iter()
        .filter(|(u, roles)| Role::Assessor.is_among(roles) && u.id != current_assessor)
        .map(|(u, _)| (u.id.clone(), u.name.clone()))
        .collect()
}

/// The registration's evidence, with the way to add evidence for whoever may add to it.
async fn evidence_section(
    state: &AppState,
    current: &CurrentUser,
    registration: &registrations::Registration,
) -> Result<maud::Markup, PageError> {
    let items = crate::actions::evidence::items::of_registration(state, registration).await?;
    let can_write = require_evidence_writer(current, registration).is_ok()
        && registration.status == RegistrationStatus::Active;
    // The assignment set by the awarding body (C4) follows the evidence, when a unit has one.
    let assignment = super::assignments::registration_section(state, current, registration).await?;
    Ok(maud::html! { (evidence_view::section(&registration.id, &items, can_write)) (assignment) })
}

fn notice(done: Option<&str>) -> Option<&'static str> {
    match done {
        Some("registered") => Some(
            "The learner is registered. A new learner gets an email with a link to choose a password.",
        ),
        Some("transferred") => Some(
            "The learner has been transferred. The history below keeps the earlier allocation.",
        ),
        Some("withdrawn") => Some("The learner has been withdrawn. Their records are kept."),
        Some("details") => Some("The details are changed. The history below says what changed."),
        Some("verification") => Some("The external verification is recorded."),
        Some("unit") => {
            Some("The unit is allocated. The history below keeps the earlier allocation.")
        }
        _ => None,
    }
}

/// `GET /registrations/{registration_id}`.
pub async fn detail(
    state: web::Data<AppState>,
    current: CurrentUser,
    id: web::Path<RegistrationId>,
    query: web::Query<Done>,
) -> Result<HttpResponse, PageError> {
    render_detail(&state, &current, &id, None, notice(query.done.as_deref())).await
}

#[derive(Deserialize)]
pub struct TransferForm {
    #[serde(default)]
    csrf_token: String,
    #[serde(default)]
    assessor_id: String,
    #[serde(default)]
    reason: String,
}

/// `POST /registrations/{registration_id}/transfer`. Centre administrator.
pub async fn transfer(
    state: web::Data<AppState>,
    id: web::Path<RegistrationId>,
    submitted: SignedInForm<TransferForm>,
) -> Result<HttpResponse, PageError> {
    let (current, form) = (submitted.current, submitted.form);
    let input = TransferInput {
        assessor_id: form.assessor_id,
        reason: form.reason,
    };
    let result = act::transfer(&state, &current, &id, input).await;
    after_post(
        result,
        |_| format!("/registrations/{id}?done=transferred"),
        |failure| render_detail(&state, &current, &id, Some(failure), None),
    )
    .await
}

#[derive(Deserialize)]
pub struct WithdrawForm {
    #[serde(default)]
    csrf_token: String,
    #[serde(default)]
    withdraw_reason: String,
}

/// `POST /registrations/{registration_id}/withdraw`. Centre administrator.
pub async fn withdraw(
    state: web::Data<AppState>,
    id: web::Path<RegistrationId>,
    submitted: SignedInForm<WithdrawForm>,
) -> Result<HttpResponse, PageError> {
    let (current, form) = (submitted.current, submitted.form);
    match act::withdraw(
        &state,
        &current,
        &id,
        WithdrawInput {
            reason: form.withdraw_reason,
        },
    )
    .await
    {
        Ok(()) => Ok(see_other(format!("/registrations/{id}?done=withdrawn"))),
        Err(ActionError::Invalid(errors)) => {
            let errors = errors
                .into_iter()
                .map(|mut e| {
                    if e.field == "reason" {
                        e.field = "withdraw_reason".into();
                    }
                    e
                })
                .collect();
            render_detail(&state, &current, &id, Some(AppError::Invalid(errors)), None).await
        }
        Err(error @ ActionError::Conflict(_)) => {
            render_detail(&state, &current, &id, Some(AppError::from(error)), None).await
        }
        Err(other) => Err(other.into()),
    }
}

crate::carries_csrf!(TransferForm, WithdrawForm);
