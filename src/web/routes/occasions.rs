//! SQA assessment occasion pages: the centre's question bank (tutors and assessors), and a
//! registration's occasions where the assessor schedules and marks and the candidate answers.

use crate::actions::ActionError;
use crate::domain::ids::{CentreId, OccasionId, RegistrationId};
use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use serde::Deserialize;

use crate::actions::AppState;
use crate::actions::assessment::occasion_answers::{self as answers, AnswerInput, MarkInput};
use crate::actions::assessment::occasions::{
    self as act, BANK_KEEPERS, OccasionInput, QuestionInput,
};
use crate::actions::assessment::owner;
use crate::actions::people::directory;
use crate::web::auth::CurrentUser;
use crate::web::auth::csrf::SignedInForm;
use crate::web::error::{AppError, PageError};
use crate::web::routes::respond::{after_post, html, see_other};
use crate::web::views::occasions::{self as view, BankPage, OccasionsPage};

#[derive(Deserialize, Default)]
pub struct Done {
    #[serde(default)]
    done: Option<String>,
}

fn notice(done: Option<&str>) -> Option<&'static str> {
    match done {
        Some("added") => Some("The question is in the bank."),
        Some("scheduled") => {
            Some("The occasion is scheduled. The learner has been told when it opens.")
        }
        Some("answered") => Some("Your answer is saved. You can change it until it is marked."),
        Some("marked") => Some("The mark is saved. The learner has been told."),
        _ => None,
    }
}

async fn render_bank(
    state: &AppState,
    current: &CurrentUser,
    centre_id: &CentreId,
    input: &QuestionInput,
    errors: &[crate::domain::people::FieldError],
    done: Option<&str>,
) -> Result<HttpResponse, PageError> {
    let questions = act::bank(state, current, centre_id).await?;
    let can_add = BANK_KEEPERS.iter().any(|r| current.has_role(centre_id, *r));
    let page = BankPage {
        current,
        curriculum: &state.curriculum,
        centre_id,
        questions: &questions,
        can_add,
        item_id: &input.item_id,
        text: &input.text,
        errors,
        notice: notice(done),
    };
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    Ok(html(status, view::bank(&page)))
}

/// `GET /centres/{centre_id}/question-bank`.
pub async fn bank(
    state: web::Data<AppState>,
    current: CurrentUser,
    centre: web::Path<CentreId>,
    query: web::Query<Done>,
) -> Result<HttpResponse, PageError> {
    render_bank(
        &state,
        &current,
        &centre,
        &QuestionInput::default(),
        &[],
        query.done.as_deref(),
    )
    .await
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct QuestionForm {
    csrf_token: String,
    item_id: String,
    text: String,
}

/// `POST /centres/{centre_id}/question-bank`.
pub async fn add_question(
    state: web::Data<AppState>,
    centre: web::Path<CentreId>,
    submitted: SignedInForm<QuestionForm>,
) -> Result<HttpResponse, PageError> {
    let (current, form) = (submitted.current, submitted.form);
    let input = QuestionInput {
        item_id: form.item_id,
        text: form.text,
    };
    match act::add_question(&state, &current, &centre, input.clone()).await {
        Ok(_) => Ok(see_other(format!(
            "/centres/{centre}/question-bank?done=added"
        ))),
        Err(ActionError::Invalid(errors)) => {
            render_bank(&state, &current, &centre, &input, &errors, None).await
        }
        Err(other) => Err(other.into()),
    }
}

async fn render(
    state: &AppState,
    current: &CurrentUser,
    registration_id: &RegistrationId,
    failure: Option<AppError>,
    done: Option<&str>,
    typed: &OccasionInput,
) -> Result<HttpResponse, PageError> {
    let v = answers::view(state, current, registration_id).await?;
    let learner = directory::learner_name(state, &v.registration).await?;
    let (errors, problem) = match &failure {
        Some(AppError::Invalid(errors)) => (errors.clone(), None),
        Some(other) => (Vec::new(), Some(other.detail())),
        None => (Vec::new(), None),
    };
    let page = OccasionsPage {
        current,
        curriculum: &state.curriculum,
        view: &v,
        learner_name: &learner,
        is_assessor: crate::actions::access::require_allocated_assessor(current, &v.registration)
            .is_ok()
            && v.registration.qualification_id == crate::domain::occasion::SQA_UNIT,
        is_learner: v.registration.learner_id == current.user.id,
        errors: &errors,
        problem: problem.as_deref(),
        notice: notice(done),
        typed,
    };
    let status = super::respond::status_for(failure.as_ref());
    Ok(html(status, view::occasions(&page)))
}

/// `GET /registrations/{registration_id}/occasions`.
pub async fn list(
    state: web::Data<AppState>,
    current: CurrentUser,
    id: web::Path<RegistrationId>,
    query: web::Query<Done>,
) -> Result<HttpResponse, PageError> {
    let typed = OccasionInput::default();
    render(&state, &current, &id, None, query.done.as_deref(), &typed).await
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct ScheduleForm {
    csrf_token: String,
    opens_at: String,
    method: String,
    items: Vec<String>,
    extra_time_minutes: String,
    adjustments: String,
}

/// `POST /registrations/{registration_id}/occasions`.
pub async fn schedule(
    state: web::Data<AppState>,
    id: web::Path<RegistrationId>,
    submitted: SignedInForm<ScheduleForm>,
) -> Result<HttpResponse, PageError> {
    let (current, form) = (submitted.current, submitted.form);
    let input = OccasionInput {
        items: form.items,
        opens_at: form.opens_at,
        method: form.method,
        seed: None,
        extra_time_minutes: form.extra_time_minutes,
        adjustments: form.adjustments,
    };
    let result = act::schedule(&state, &current, &id, input.clone()).await;
    after_post(
        result,
        |_| format!("/registrations/{id}/occasions?done=scheduled"),
        |failure| render(&state, &current, &id, Some(failure), None, &input),
    )
    .await
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct AnswerForm {
    csrf_token: String,
    item_id: String,
    answer: String,
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct MarkForm {
    csrf_token: String,
    item_id: String,
    outcome: String,
    feedback: String,
}

/// `POST /occasions/{occasion_id}/answers`.
pub async fn answer(
    state: web::Data<AppState>,
    id: web::Path<OccasionId>,
    submitted: SignedInForm<AnswerForm>,
) -> Result<HttpResponse, PageError> {
    let (current, form) = (submitted.current, submitted.form);
    let registration = owner::registration_of_occasion(&state, &current, &id).await?;
    let input = AnswerInput {
        item_id: form.item_id,
        answer: form.answer,
    };
    let result = answers::answer(&state, &current, &id, input).await;
    after_answer_post(&state, &current, &registration, result, "answered").await
}

/// After an answer or a mark: back to the occasions page with `done`, or the page again with the
/// refusal (nothing typed to keep: the answer and mark forms are on the occasion's own rows).
async fn after_answer_post<T>(
    state: &AppState,
    current: &CurrentUser,
    registration: &RegistrationId,
    result: Result<T, ActionError>,
    done: &str,
) -> Result<HttpResponse, PageError> {
    let nothing = OccasionInput::default();
    after_post(
        result,
        |_| format!("/registrations/{registration}/occasions?done={done}"),
        |failure| render(state, current, registration, Some(failure), None, &nothing),
    )
    .await
}

/// `POST /occasions/{occasion_id}/marks`.
pub async fn mark(
    state: web::Data<AppState>,
    id: web::Path<OccasionId>,
    submitted: SignedInForm<MarkForm>,
) -> Result<HttpResponse, PageError> {
    let (current, form) = (submitted.current, submitted.form);
    let registration = owner::registration_of_occasion(&state, &current, &id).await?;
    let input = MarkInput {
        item_id: form.item_id,
        outcome: form.outcome,
        feedback: form.feedback,
    };
    let result = answers::mark(&state, &current, &id, input).await;
    after_answer_post(&state, &current, &registration, result, "marked").await
}

crate::carries_csrf!(QuestionForm, ScheduleForm, AnswerForm, MarkForm);
