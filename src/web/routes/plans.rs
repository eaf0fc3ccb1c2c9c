//! Assessment plan pages: the registration's plans and reviews; the assessor writes, changes
//! and reviews a plan, the learner signs it.

use actix_web::{HttpRequest, HttpResponse, web};
use serde::Deserialize;

use crate::actions::AppState;
use crate::actions::assessment::owner;
use crate::actions::assessment::plans as act;
use crate::actions::people::directory;
use crate::domain::ids::{PlanId, RegistrationId};
use crate::domain::judgement::judgeable_items_of_unit;
use crate::domain::plan::{ActivityInput, PlanInput, ReviewInput};
use crate::web::auth::CurrentUser;
use crate::web::auth::csrf::SignedInForm;
use crate::web::client_address::client_address;
use crate::web::error::{AppError, PageError};
use crate::web::routes::respond::{after_post, html};
use crate::web::views::plans::{self as view, PlansPage};
use crate::web::views::support_needs::SupportPanel;

#[derive(Deserialize, Default)]
pub struct Done {
    #[serde(default)]
    done: Option<String>,
}

fn notice(done: Option<&str>) -> Option<&'static str> {
    match done {
        Some("saved") => {
            Some("The plan is saved and signed by you. The learner has been asked to sign it.")
        }
        Some("signed") => Some("You have signed the plan."),
        Some("reviewed") => Some("The review is recorded. The learner has been told."),
        _ => None,
    }
}

/// Every item of the qualification in the specification's words ("Unit 001, 1.1 Explain …"),
/// for the criteria checkboxes and the criteria in view.
fn criteria_of(state: &AppState, qualification_id: &str) -> Vec<(String, String)> {
    let Some((_, q)) = state.curriculum.qualification(qualification_id) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for unit in state.curriculum.units_of(q) {
        for id in judgeable_items_of_unit(unit) {
            let words = state.curriculum.item_words(&unit.id, &id);
            out.push((id, words));
        }
    }
    out
}

async fn render(
    state: &AppState,
    current: &CurrentUser,
    registration_id: &RegistrationId,
    failure: Option<AppError>,
    done: Option<&str>,
) -> Result<HttpResponse, PageError> {
    let (registration, plans) = act::list(state, current, registration_id).await?;
    let learner = directory::learner_name(state, &registration).await?;
    let (errors, problem) = match &failure {
        Some(AppError::Invalid(errors)) => (errors.clone(), None),
        Some(other) => (Vec::new(), Some(other.detail())),
        None => (Vec::new(), None),
    };
    let criteria = criteria_of(state, &registration.qualification_id);
    let me = current.user.id.as_str();
    let page = PlansPage {
        current,
        registration_id: &registration.id,
        learner_name: &learner,
        plans: &plans,
        criteria: &criteria,
        is_assessor: crate::actions::access::require_allocated_assessor(current, &registration)
            .is_ok(),
        is_learner: registration.learner_id == me,
        errors: &errors,
        problem: problem.as_deref(),
        notice: notice(done),
        support: SupportPanel::for_staff(current, &registration),
    };
    let status = super::respond::status_for(failure.as_ref());
    Ok(html(status, view::plans(&page)))
}

/// `GET /registrations/{registration_id}/plans`.
pub async fn list(
    state: web::Data<AppState>,
    current: CurrentUser,
    id: web::Path<RegistrationId>,
    query: web::Query<Done>,
) -> Result<HttpResponse, PageError> {
    render(&state, &current, &id, None, query.done.as_deref()).await
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct PlanForm {
    csrf_token: String,
    activity: Vec<String>,
    method: Vec<String>,
    target_date: Vec<String>,
    criteria: Vec<String>,
    version: Option<i32>,
}

impl PlanForm {
    fn input(self) -> (PlanInput, Option<i32>) {
        let activities = self
            .activity
            .into_iter()
            .enumerate()
            .map(|(i, activity)| ActivityInput {
                activity,
                method: self.method.get(i).cloned().unwrap_or_default(),
                target_date: self.target_date.get(i).cloned().unwrap_or_default(),
            })
            .collect();
        (
            PlanInput {
                activities,
                criteria: self.criteria,
            },
            self.version,
        )
    }
}

/// `POST /registrations/{registration_id}/plans`.
pub async fn create(
    state: web::Data<AppState>,
    request: HttpRequest,
    id: web::Path<RegistrationId>,
    submitted: SignedInForm<PlanForm>,
) -> Result<HttpResponse, PageError> {
    let (current, (input, _)) = (submitted.current, submitted.form.input());
    let result = act::create(&state, &current, &id, input, &client_address(&request)).await;
    after_post(
        result,
        |_| format!("/registrations/{id}/plans?done=saved"),
        |failure| render(&state, &current, &id, Some(failure), None),
    )
    .await
}

/// `POST /plans/{plan_id}`: change the plan.
pub async fn change(
    state: web::Data<AppState>,
    request: HttpRequest,
    id: web::Path<PlanId>,
    submitted: SignedInForm<PlanForm>,
) -> Result<HttpResponse, PageError> {
    let (current, (input, version)) = (submitted.current, submitted.form.input());
    let registration = owner::registration_of_plan(&state, &current, &id).await?;
    let result = act::change(
        &state,
        &current,
        &id,
        input,
        version,
        &client_address(&request),
    )
    .await;
    after_post(
        result,
        |_| format!("/registrations/{registration}/plans?done=saved"),
        |failure| render(&state, &current, &registration, Some(failure), None),
    )
    .await
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct SignForm {
    csrf_token: String,
}

/// `POST /plans/{plan_id}/sign`.
pub async fn sign(
    state: web::Data<AppState>,
    request: HttpRequest,
    id: web::Path<PlanId>,
    submitted: SignedInForm<SignForm>,
) -> Result<HttpResponse, PageError> {
    let current = submitted.current;
    let registration = owner::registration_of_plan(&state, &current, &id).await?;
    let result = act::sign(&state, &current, &id, &client_address(&request)).await;
    after_post(
        result,
        |_| format!("/registrations/{registration}/plans?done=signed"),
        |failure| render(&state, &current, &registration, Some(failure), None),
    )
    .await
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct ReviewForm {
    csrf_token: String,
    reviewed_on: String,
    progress: String,
    next_steps: String,
    next_review_on: String,
}

/// `POST /plans/{plan_id}/reviews`.
pub async fn review(
    state: web::Data<AppState>,
    id: web::Path<PlanId>,
    submitted: SignedInForm<ReviewForm>,
) -> Result<HttpResponse, PageError> {
    let (current, f) = (submitted.current, submitted.form);
    let registration = owner::registration_of_plan(&state, &current, &id).await?;
    let input = ReviewInput {
        reviewed_on: f.reviewed_on,
        progress: f.progress,
        next_steps: f.next_steps,
        next_review_on: f.next_review_on,
    };
    let result = act::review(&state, &current, &id, input).await;
    after_post(
        result,
        |_| format!("/registrations/{registration}/plans?done=reviewed"),
        |failure| render(&state, &current, &registration, Some(failure), None),
    )
    .await
}

crate::carries_csrf!(PlanForm, SignForm, ReviewForm);
