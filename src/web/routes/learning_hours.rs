//! The learning hours page and the learner's form to log learning.

use actix_web::{HttpResponse, web};
use serde::Deserialize;

use crate::actions::AppState;
use crate::actions::learning::learning_hours as act;
use crate::domain::ids::RegistrationId;
use crate::domain::learning_hours::EntryInput;
use crate::web::auth::CurrentUser;
use crate::web::auth::csrf::SignedInForm;
use crate::web::error::{AppError, PageError};
use crate::web::routes::programmes::{split, texts};
use crate::web::routes::respond::{after_post, html, status_for};
use crate::web::views::knowledge_checks::Frame;
use crate::web::views::learning_hours::{self as view, Typed};

#[derive(Deserialize, Default)]
pub struct Done {
    #[serde(default)]
    done: Option<String>,
}

async fn hours_page(
    state: &AppState,
    current: &CurrentUser,
    id: &RegistrationId,
    failure: Option<AppError>,
    typed: &Typed,
    done: bool,
) -> Result<HttpResponse, PageError> {
    let v = act::view(state, current, id).await?;
    let texts = texts(&state.curriculum, &v.registration.qualification_id);
    let learner = v.registration.learner_id == current.user.id;
    let (errors, problem) = split(failure.as_ref());
    let frame = Frame {
        current,
        errors: &errors,
        problem: problem.as_deref(),
        notice: done.then_some("Your learning is logged."),
    };
    Ok(html(
        status_for(failure.as_ref()),
        view::page(&frame, &v, &texts, learner, typed),
    ))
}

/// `GET /registrations/{registration_id}/learning-hours`
pub async fn list(
    state: web::Data<AppState>,
    current: CurrentUser,
    id: web::Path<RegistrationId>,
    query: web::Query<Done>,
) -> Result<HttpResponse, PageError> {
    let done = query.done.as_deref() == Some("logged");
    hours_page(&state, &current, &id, None, &Typed::default(), done).await
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct EntryForm {
    csrf_token: String,
    activity_on: String,
    minutes: String,
    description: String,
    outcome_ids: Vec<String>,
}

/// `POST /registrations/{registration_id}/learning-hours`
pub async fn log(
    state: web::Data<AppState>,
    id: web::Path<RegistrationId>,
    submitted: SignedInForm<EntryForm>,
) -> Result<HttpResponse, PageError> {
    let (current, f) = (submitted.current, submitted.form);
    // Not a whole number: 0, which the check refuses with its message.
    let minutes = f.minutes.trim().parse::<i64>().unwrap_or(0);
    let typed = Typed {
        activity_on: f.activity_on.clone(),
        minutes: f.minutes,
        description: f.description.clone(),
        outcome_ids: f.outcome_ids.clone(),
    };
    let input = EntryInput {
        activity_on: f.activity_on,
        minutes,
        description: f.description,
        outcome_ids: f.outcome_ids,
    };
    let result = act::log(&state, &current, &id, input).await;
    after_post(
        result,
        |_| format!("/registrations/{id}/learning-hours?done=logged"),
        |failure| hours_page(&state, &current, &id, Some(failure), &typed, false),
    )
    .await
}

crate::carries_csrf!(EntryForm);
