//! Registration pages. The list and the form: centre administrator. One registration: whoever may
//! see it (learner, allocated staff, the centre's administrators and IQAs, an EQA granted its
//! qualification); transfer and withdrawal: centre administrator.

use crate::actions::ActionError;
use crate::actions::access::centre_of;
use crate::domain::ids::{CentreId, RegistrationId};
use crate::domain::registration::RegistrationStatus;
use crate::web::routes::respond::{after_post, html, see_other, status_for};
use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use serde::Deserialize;

use crate::actions::AppState;
use crate::actions::access::{require_centre_role, require_evidence_writer};
use crate::actions::people::directory;
use crate::actions::people::registrations::{self as act, TransferInput, WithdrawInput};
use crate::domain::registration::RegistrationInput;
use crate::domain::roles::Role;
use crate::store::registrations;
use crate::web::auth::CurrentUser;
use crate::web::auth::csrf::SignedInForm;
use crate::web::error::{AppError, PageError};
use crate::web::views::evidence as evidence_view;
use crate::web::views::registrations::{self as view, DetailPage, ListPage};

mod import;
mod units;

pub use import::{import_page, import_submit};
use units::UnitDraft;
pub use units::allocate_unit;

#[derive(Deserialize, Default)]
pub struct Done {
    #[serde(default)]
    done: Option<String>,
}

async fn render_list(
    state: &AppState,
    current: &CurrentUser,
    centre_id: &CentreId,
    input: &RegistrationInput,
    failure: Option<AppError>,
    notice: Option<&str>,
) -> Result<HttpResponse, PageError> {
    let overview = directory::registrations_overview(state, current, centre_id).await?;
    let (centre, list, everyone) = (overview.centre, overview.registrations, overview.people);
    let (errors, problem) = match &failure {
        Some(AppError::Invalid(errors)) => (errors.clone(), None),
        Some(AppError::Rule(rule)) => (Vec::new(), Some(rule.to_string())),
        _ => (Vec::new(), None),
    };
    let page = ListPage {
        current,
        curriculum: &state.curriculum,
        centre: &centre,
        registrations: &list,
        people: &everyone,
        input,
        errors: &errors,
        problem: problem.as_deref(),
        notice,
    };
    let status = if failure.is_some() {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::OK
    };
    Ok(html(status, view::list(&page)))
}

/// `GET /centres/{centre_id}/registrations`. Centre administrator.
pub async fn list(
    state: web::Data<AppState>,
    current: CurrentUser,
    id: web::Path<CentreId>,
    query: web::Query<Done>,
) -> Result<HttpResponse, PageError> {
    let notice = query.done.as_deref().map(|done| match done {
        "invited" => "This learner already has an account with us and does not belong to the centre yet, so we asked them by email and on their home page. They are registered, and appear here, once they accept.",
        _ => "The learner is registered. A new learner gets an email with a link to choose a password.",
    });
    render_list(
        &state,
        &current,
        &id,
        &RegistrationInput::default(),
        None,
        notice,
    )
    .await
}

/// The form as posted: every field text (checkboxes are present or absent), so a missing or
/// odd field is a message by the field, never a 400.
#[derive(Deserialize, Default)]
#[serde(default)]
pub struct RegistrationForm {
    csrf_token: String,
    learner_name: String,
    learner_email: String,
    date_of_birth: String,
    qualification_id: String,
    awarding_body_ref: String,
    start_date: String,
    planned_end_date: String,
    employer: String,
    workplace: String,
    assessor_id: String,
    iqa_id: String,
    tutor_id: String,
    support_needs: String,
    reasonable_adjustments: String,
    open_learning: Option<String>,
    authenticator: String,
    #[serde(default)]
    authenticator_role: String,
    #[serde(default)]
    authenticator_email: String,
    completed_prior_unit: Option<String>,
    prior_learning: String,
}

impl RegistrationForm {
    fn input(self) -> RegistrationInput {
        RegistrationInput {
            learner_name: self.learner_name,
            learner_email: self.learner_email,
            date_of_birth: self.date_of_birth,
            qualification_id: self.qualification_id,
            awarding_body_ref: self.awarding_body_ref,
            start_date: self.start_date,
            planned_end_date: self.planned_end_date,
            employer: self.employer,
            workplace: self.workplace,
            assessor_id: self.assessor_id,
            iqa_id: self.iqa_id,
            tutor_id: self.tutor_id,
            support_needs: self.support_needs,
            reasonable_adjustments: self.reasonable_adjustments,
            open_learning: self.open_learning.is_some(),
            authenticator: self.authenticator,
            authenticator_role: self.authenticator_role,
            authenticator_email: self.authenticator_email,
            completed_prior_unit: self.completed_prior_unit.is_some(),
            prior_learning: self.prior_learning,
            exemptions: Vec::new(),
        }
    }
}

/// `POST /centres/{centre_id}/registrations`. Centre administrator.
pub async fn register(
    state: web::Data<AppState>,
    id: web::Path<CentreId>,
    submitted: SignedInForm<RegistrationForm>,
) -> Result<HttpResponse, PageError> {
    let (current, input) = (submitted.current, submitted.form.input());
    match act::register(&state, &current, &id, input.clone()).await {
        Ok((act::Registered::Stored(registration), _)) => Ok(see_other(format!(
            "/registrations/{}?done=registered",
            registration.id
        ))),
        Ok((act::Registered::Invited(_), _)) => Ok(see_other(format!(
            "/centres/{id}/registrations?done=invited"
        ))),
        Err(error @ (ActionError::Invalid(_) | ActionError::Rule(_))) => {
            render_list(
                &state,
                &current,
                &id,
                &input,
                Some(AppError::from(error)),
                None,
            )
            .await
        }
        Err(other) => Err(other.into()),
    }
}

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

crate::carries_csrf!(RegistrationForm, TransferForm, WithdrawForm);
