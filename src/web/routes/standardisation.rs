//! Standardisation pages: the centre's page (activities, due warning, exercises, decision log)
//! and a double-marking exercise (the IQA's figures, a marker's forms).

use actix_web::{HttpResponse, web};
use serde::Deserialize;

use crate::actions::AppState;
use crate::actions::iqa::double_marking as marking;
use crate::actions::iqa::standardisation as act;
use crate::domain::ids::{CentreId, ExerciseId};
use crate::domain::standardisation::activity::{
    ActionInput, ActivityInput, ExerciseInput, VerdictInput,
};
use crate::web::auth::CurrentUser;
use crate::web::auth::csrf::SignedInForm;
use crate::web::error::{AppError, PageError};
use crate::web::routes::respond::{after_post, html, status_for};
use crate::web::views::double_marking::{self as exercise_view, ExercisePage};
use crate::web::views::exercise_setup::ExerciseDraft;
use crate::web::views::standardisation::Drafts;
use crate::web::views::standardisation::{self as view, StandardisationPage};

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct PageQuery {
    q: String,
    criterion: String,
    /// The evidence item chosen for a double-marking exercise.
    evidence: String,
    done: Option<String>,
}

fn notice(done: Option<&str>) -> Option<&'static str> {
    match done {
        Some("recorded") => Some("The activity is recorded."),
        Some("created") => Some("The exercise is set up and the markers have been told."),
        Some("judged") => Some("Your judgement is saved."),
        Some("closed") => Some("The exercise is closed: the agreement figures are below."),
        Some("agreed") => Some("The agreed outcome is in the decision log."),
        _ => None,
    }
}

async fn render(
    state: &AppState,
    current: &CurrentUser,
    centre_id: &CentreId,
    query: &PageQuery,
    failure: Option<(&str, AppError)>,
    draft: &Drafts,
) -> Result<HttpResponse, PageError> {
    let overview = act::overview(state, current, centre_id).await?;
    let candidates = if overview.reader.records() {
        marking::candidates(state, current, centre_id).await?
    } else {
        Vec::new()
    };
    let chosen = candidates.iter().find(|c| c.evidence_id == query.evidence);
    let (_, decisions) =
        act::decision_log(state, current, centre_id, &query.q, &query.criterion).await?;
    let qualifications: Vec<(String, String)> = state
        .curriculum
        .qualifications()
        .map(|(_, q)| (q.id.clone(), state.curriculum.qualification_name(&q.id)))
        .collect();
    let units = state.curriculum.unit_choices();
    let (form, errors, problem) = match &failure {
        Some((form, AppError::Invalid(errors))) => (*form, errors.clone(), None),
        Some((form, other)) => (*form, Vec::new(), Some(other.detail())),
        None => ("", Vec::new(), None),
    };
    let page = StandardisationPage {
        current,
        curriculum: &state.curriculum,
        centre_id,
        overview: &overview,
        qualifications: &qualifications,
        units: &units,
        decisions: &decisions,
        candidates: &candidates,
        chosen,
        draft,
        q: &query.q,
        criterion: &query.criterion,
        failed_form: form,
        errors: &errors,
        problem: problem.as_deref(),
        notice: notice(query.done.as_deref()),
    };
    let status = status_for(failure.as_ref().map(|(_, e)| e));
    Ok(html(status, view::page(&page)))
}

/// `GET /centres/{centre_id}/standardisation`
pub async fn page(
    state: web::Data<AppState>,
    current: CurrentUser,
    centre_id: web::Path<CentreId>,
    query: web::Query<PageQuery>,
) -> Result<HttpResponse, PageError> {
    let draft = Drafts::default();
    render(&state, &current, &centre_id, &query, None, &draft).await
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct ActivityForm {
    csrf_token: String,
    qualification_id: String,
    held_on: String,
    title: String,
    attendees: Vec<String>,
    assessors: Vec<String>,
    units: Vec<String>,
    agreed: String,
    action_description: String,
    action_due_on: String,
    action_owner_id: String,
}

impl ActivityForm {
    fn input(self) -> ActivityInput {
        let action = ActionInput {
            description: self.action_description,
            due_on: self.action_due_on,
            owner_id: self.action_owner_id,
        };
        let any = [&action.description, &action.due_on, &action.owner_id]
            .iter()
            .any(|f| !f.trim().is_empty());
        ActivityInput {
            qualification_id: self.qualification_id,
            held_on: self.held_on,
            title: self.title,
            attendees: self.attendees,
            assessors: self.assessors,
            units: self.units,
            agreed: self.agreed,
            actions: if any { vec![action] } else { Vec::new() },
        }
    }
}

/// The page again with a refusal shown on `form`.
async fn refused(
    state: &AppState,
    current: &CurrentUser,
    centre_id: &CentreId,
    form: &str,
    failure: AppError,
    (evidence, draft): (String, Drafts),
) -> Result<HttpResponse, PageError> {
    let query = PageQuery {
        evidence,
        ..PageQuery::default()
    };
    render(
        state,
        current,
        centre_id,
        &query,
        Some((form, failure)),
        &draft,
    )
    .await
}

/// `POST /centres/{centre_id}/standardisation`
pub async fn record(
    state: web::Data<AppState>,
    centre_id: web::Path<CentreId>,
    submitted: SignedInForm<ActivityForm>,
) -> Result<HttpResponse, PageError> {
    let (current, input) = (submitted.current, submitted.form.input());
    let draft = Drafts {
        activity: input.clone(),
        ..Drafts::default()
    };
    let result = act::record(&state, &current, &centre_id, input).await;
    after_post(
        result,
        |_| format!("/centres/{centre_id}/standardisation?done=recorded"),
        |failure| {
            refused(
                &state,
                &current,
                &centre_id,
                "activity",
                failure,
                (String::new(), draft),
            )
        },
    )
    .await
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct ExerciseForm {
    csrf_token: String,
    evidence_id: String,
    criteria: Vec<String>,
    markers: Vec<String>,
}

/// `POST /centres/{centre_id}/double-marking`
pub async fn create(
    state: web::Data<AppState>,
    centre_id: web::Path<CentreId>,
    submitted: SignedInForm<ExerciseForm>,
) -> Result<HttpResponse, PageError> {
    let (current, form) = (submitted.current, submitted.form);
    let draft = Drafts {
        exercise: ExerciseDraft {
            criteria: form.criteria.clone(),
            markers: form.markers.clone(),
        },
        ..Drafts::default()
    };
    let evidence = form.evidence_id.clone();
    let input = ExerciseInput {
        evidence_id: form.evidence_id,
        criteria: Some(form.criteria),
        markers: form.markers,
    };
    let result = marking::create(&state, &current, &centre_id, input).await;
    after_post(
        result,
        |e| format!("/double-marking/{}?done=created", e.id),
        |failure| {
            refused(
                &state,
                &current,
                &centre_id,
                "exercise",
                failure,
                (evidence, draft),
            )
        },
    )
    .await
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct Done {
    done: Option<String>,
}

async fn render_exercise(
    state: &AppState,
    current: &CurrentUser,
    exercise_id: &ExerciseId,
    done: Option<&str>,
    failure: Option<AppError>,
) -> Result<HttpResponse, PageError> {
    let view = marking::show(state, current, exercise_id).await?;
    let (errors, problem) = match &failure {
        Some(AppError::Invalid(errors)) => (errors.clone(), None),
        Some(other) => (Vec::new(), Some(other.detail())),
        None => (Vec::new(), None),
    };
    let page = ExercisePage {
        current,
        curriculum: &state.curriculum,
        view: &view,
        errors: &errors,
        problem: problem.as_deref(),
        notice: notice(done),
    };
    Ok(html(
        status_for(failure.as_ref()),
        exercise_view::page(&page),
    ))
}

/// `GET /double-marking/{exercise_id}`
pub async fn exercise(
    state: web::Data<AppState>,
    current: CurrentUser,
    id: web::Path<ExerciseId>,
    query: web::Query<Done>,
) -> Result<HttpResponse, PageError> {
    render_exercise(&state, &current, &id, query.done.as_deref(), None).await
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct VerdictForm {
    csrf_token: String,
    criterion_id: String,
    outcome: String,
    comment: String,
    rationale: String,
}

impl VerdictForm {
    fn input(self) -> Vec<VerdictInput> {
        vec![VerdictInput {
            criterion_id: self.criterion_id,
            outcome: self.outcome,
            comment: if self.comment.is_empty() {
                self.rationale
            } else {
                self.comment
            },
        }]
    }
}

async fn after(
    state: &AppState,
    current: &CurrentUser,
    id: &ExerciseId,
    result: Result<(), AppError>,
    done: &str,
) -> Result<HttpResponse, PageError> {
    after_post(
        result,
        |()| format!("/double-marking/{id}?done={done}"),
        |failure| render_exercise(state, current, id, None, Some(failure)),
    )
    .await
}

/// `POST /double-marking/{exercise_id}/judgements`
pub async fn judge(
    state: web::Data<AppState>,
    id: web::Path<ExerciseId>,
    submitted: SignedInForm<VerdictForm>,
) -> Result<HttpResponse, PageError> {
    let (current, input) = (submitted.current, submitted.form.input());
    let result = marking::judge(&state, &current, &id, input)
        .await
        .map(|_| ());
    after(
        &state,
        &current,
        &id,
        result.map_err(AppError::from),
        "judged",
    )
    .await
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct CloseForm {
    csrf_token: String,
}

/// `POST /double-marking/{exercise_id}/close`
pub async fn close(
    state: web::Data<AppState>,
    id: web::Path<ExerciseId>,
    submitted: SignedInForm<CloseForm>,
) -> Result<HttpResponse, PageError> {
    let current = submitted.current;
    let result = marking::close(&state, &current, &id).await;
    after(
        &state,
        &current,
        &id,
        result.map_err(AppError::from),
        "closed",
    )
    .await
}

/// `POST /double-marking/{exercise_id}/agreed`
pub async fn agree(
    state: web::Data<AppState>,
    id: web::Path<ExerciseId>,
    submitted: SignedInForm<VerdictForm>,
) -> Result<HttpResponse, PageError> {
    let (current, input) = (submitted.current, submitted.form.input());
    let result = marking::agree(&state, &current, &id, input)
        .await
        .map(|_| ());
    after(
        &state,
        &current,
        &id,
        result.map_err(AppError::from),
        "agreed",
    )
    .await
}

crate::carries_csrf!(ActivityForm, ExerciseForm, VerdictForm, CloseForm);
