//! The centre's registrations page: a page of the list, found by a search, and the form to
//! register a learner (refilled after a refusal). Centre administrator.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use serde::Deserialize;

use crate::actions::assessment::caseload::check_per_page;
use crate::actions::people::registration_list::{self, RegistrationListQuery};
use crate::actions::people::registrations as act;
use crate::actions::people::wire::registrations::RegistrationListParams;
use crate::actions::{ActionError, AppState};
use crate::domain::ids::CentreId;
use crate::domain::registration::RegistrationInput;
use crate::web::auth::CurrentUser;
use crate::web::auth::csrf::SignedInForm;
use crate::web::error::{AppError, PageError};
use crate::web::routes::respond::{html, see_other};
use crate::web::views::registrations::{self as view, ListPage};

#[derive(Deserialize, Default)]
pub struct Done {
    #[serde(default)]
    pub done: Option<String>,
}

/// What the registrations page shows: a page of the list, and the form (refilled after a
/// refusal).
struct Shown<'a> {
    query: RegistrationListQuery,
    input: &'a RegistrationInput,
    failure: Option<AppError>,
    notice: Option<&'a str>,
}

async fn render_list(
    state: &AppState,
    current: &CurrentUser,
    centre_id: &CentreId,
    shown: Shown<'_>,
) -> Result<HttpResponse, PageError> {
    let Shown {
        mut query,
        input,
        failure,
        notice,
    } = shown;
    let overview =
        match registration_list::registrations_overview(state, current, centre_id, &query).await {
            // A place in the list that is gone (a learner moved meanwhile): the first page.
            Err(ActionError::Invalid(_)) if query.after.is_some() => {
                query.after = None;
                registration_list::registrations_overview(state, current, centre_id, &query).await?
            }
            other => other?,
        };
    let (centre, list, everyone) = (overview.centre, overview.list, overview.people);
    let (errors, problem) = match &failure {
        Some(AppError::Invalid(errors)) => (errors.clone(), None),
        Some(AppError::Rule(rule)) => (Vec::new(), Some(rule.to_string())),
        _ => (Vec::new(), None),
    };
    let page = ListPage {
        current,
        curriculum: &state.curriculum,
        centre: &centre,
        list: &list,
        query: &query,
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
    params: web::Query<RegistrationListParams>,
) -> Result<HttpResponse, PageError> {
    let notice = query.done.as_deref().map(|done| match done {
        "invited" => "This learner already has an account with us and does not belong to the centre yet, so we asked them by email and on their home page. They are registered, and appear here, once they accept.",
        _ => "The learner is registered. A new learner gets an email with a link to choose a password.",
    });
    // A page size or place that cannot be read: the first page, as it would be by default.
    let mut list = params.query().unwrap_or_else(|_| RegistrationListQuery {
        search: params.q.clone().filter(|q| !q.trim().is_empty()),
        ..RegistrationListQuery::default()
    });
    if check_per_page(list.per_page).is_err() {
        list.per_page = RegistrationListQuery::default().per_page;
    }
    let shown = Shown {
        query: list,
        input: &RegistrationInput::default(),
        failure: None,
        notice,
    };
    render_list(&state, &current, &id, shown).await
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
            let shown = Shown {
                query: RegistrationListQuery::default(),
                input: &input,
                failure: Some(AppError::from(error)),
                notice: None,
            };
            render_list(&state, &current, &id, shown).await
        }
        Err(other) => Err(other.into()),
    }
}

crate::carries_csrf!(RegistrationForm);
