//! IQA check pages: the review page of a sampled decision with the agree/refer form; the
//! assessor's actions with a form to close each; the open/overdue actions and referral report.

use actix_web::{HttpResponse, web};
use serde::Deserialize;

use crate::actions::AppState;
use crate::actions::iqa::iqa_actions_report as report;
use crate::actions::iqa::sample_checks as act;
use crate::domain::ids::{CentreId, IqaActionId, SampleId};
use crate::domain::iqa_check::{ActionInput, OutcomeInput};
use crate::domain::roles::Role;
use crate::web::auth::CurrentUser;
use crate::web::auth::csrf::SignedInForm;
use crate::web::error::{AppError, PageError};
use crate::web::routes::respond::{after_post, html, status_for};
use crate::web::views::iqa_actions_report as report_view;
use crate::web::views::sample_checks::{self as view, MyActionsPage, SamplePage};

#[derive(Deserialize, Default)]
pub struct Done {
    #[serde(default)]
    done: Option<String>,
}

fn split(failure: Option<&AppError>) -> (Vec<crate::domain::people::FieldError>, Option<String>) {
    match failure {
        Some(AppError::Invalid(errors)) => (errors.clone(), None),
        Some(other) => (Vec::new(), Some(other.detail())),
        None => (Vec::new(), None),
    }
}

async fn render_sample(
    state: &AppState,
    current: &CurrentUser,
    sample_id: &SampleId,
    entered: &OutcomeInput,
    failure: Option<AppError>,
    notice: Option<&str>,
) -> Result<HttpResponse, PageError> {
    let detail = act::detail(state, current, sample_id).await?;
    let (errors, problem) = split(failure.as_ref());
    let page = SamplePage {
        current,
        is_iqa: current.has_role(
            &CentreId::from_stored(detail.sample.centre_id.as_str()),
            Role::Iqa,
        ),
        detail: &detail,
        entered,
        errors: &errors,
        problem: problem.as_deref(),
        notice,
    };
    Ok(html(status_for(failure.as_ref()), view::sample_page(&page)))
}

/// `GET /samples/{sample_id}`
pub async fn sample(
    state: web::Data<AppState>,
    current: CurrentUser,
    id: web::Path<SampleId>,
    query: web::Query<Done>,
) -> Result<HttpResponse, PageError> {
    let notice = match query.done.as_deref() {
        Some("recorded") => Some("Your check is recorded. The assessor has been told."),
        _ => None,
    };
    render_sample(
        &state,
        &current,
        &id,
        &OutcomeInput::default(),
        None,
        notice,
    )
    .await
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct OutcomeForm {
    csrf_token: String,
    outcome: String,
    feedback: String,
    description: Vec<String>,
    due_on: Vec<String>,
}

/// `POST /samples/{sample_id}/outcome`
pub async fn outcome(
    state: web::Data<AppState>,
    id: web::Path<SampleId>,
    submitted: SignedInForm<OutcomeForm>,
) -> Result<HttpResponse, PageError> {
    let (current, f) = (submitted.current, submitted.form);
    let actions = f
        .description
        .iter()
        .enumerate()
        .map(|(i, d)| ActionInput {
            description: d.clone(),
            due_on: f.due_on.get(i).cloned().unwrap_or_default(),
        })
        .collect();
    let input = OutcomeInput {
        outcome: f.outcome,
        feedback: f.feedback,
        actions,
    };
    let result = act::record_outcome(&state, &current, &id, &input).await;
    after_post(
        result,
        |_| format!("/samples/{id}?done=recorded"),
        |failure| render_sample(&state, &current, &id, &input, Some(failure), None),
    )
    .await
}

async fn render_mine(
    state: &AppState,
    current: &CurrentUser,
    failure: Option<AppError>,
    notice: Option<&str>,
) -> Result<HttpResponse, PageError> {
    let actions = report::mine(state, current).await?;
    let (errors, problem) = split(failure.as_ref());
    let page = MyActionsPage {
        current,
        actions: &actions,
        today: state.clock.naive().date(),
        errors: &errors,
        problem: problem.as_deref(),
        notice,
    };
    Ok(html(status_for(failure.as_ref()), view::my_actions(&page)))
}

/// `GET /iqa-actions`: the signed-in assessor's actions from IQA referrals.
pub async fn mine(
    state: web::Data<AppState>,
    current: CurrentUser,
    query: web::Query<Done>,
) -> Result<HttpResponse, PageError> {
    let notice = match query.done.as_deref() {
        Some("closed") => Some("The action is closed. The IQA has been told."),
        _ => None,
    };
    render_mine(&state, &current, None, notice).await
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct CloseForm {
    csrf_token: String,
    note: String,
}

/// `POST /iqa-actions/{action_id}/close`
pub async fn close(
    state: web::Data<AppState>,
    id: web::Path<IqaActionId>,
    submitted: SignedInForm<CloseForm>,
) -> Result<HttpResponse, PageError> {
    let current = submitted.current;
    let result = act::close_action(&state, &current, &id, &submitted.form.note).await;
    after_post(
        result,
        |_| "/iqa-actions?done=closed",
        |failure| render_mine(&state, &current, Some(failure), None),
    )
    .await
}

/// `GET /centres/{centre_id}/sampling/actions`: open/overdue actions and the referral rate.
pub async fn report_page(
    state: web::Data<AppState>,
    current: CurrentUser,
    id: web::Path<CentreId>,
) -> Result<HttpResponse, PageError> {
    let built = report::report(&state, &current, &id, false).await?;
    Ok(html(
        actix_web::http::StatusCode::OK,
        report_view::report_page(&current, &state.curriculum, &id, &built),
    ))
}

crate::carries_csrf!(OutcomeForm, CloseForm);
