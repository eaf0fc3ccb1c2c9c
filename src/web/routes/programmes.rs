//! Programme pages: a centre's programmes and the form to build one; a programme with its
//! sessions, and the forms to add and move sessions, add learners and mark a session done.

use actix_web::{HttpResponse, web};
use serde::Deserialize;

use crate::actions::AppState;
use crate::actions::learning::programmes::{self as act, BUILDERS};
use crate::curriculum::Curriculum;
use crate::domain::ids::{CentreId, ProgrammeId, ProgrammeSessionId};
use crate::domain::programme::{ProgrammeInput, SessionInput};
use crate::web::auth::CurrentUser;
use crate::web::auth::csrf::SignedInForm;
use crate::web::error::{AppError, PageError};
use crate::web::routes::respond::{after_post, html, status_for};
use crate::web::views::knowledge_checks::Frame;
use crate::web::views::programmes::{self as view, Extras, Texts};

#[derive(Deserialize, Default)]
pub struct Done {
    #[serde(default)]
    done: Option<String>,
}

fn notice(done: Option<&str>) -> Option<&'static str> {
    match done {
        Some("built") => Some("The programme is built. Add its sessions and learners below."),
        Some("session") => Some("The session is added."),
        Some("moved") => Some("The session is moved."),
        Some("member") => Some("The learner is on the programme."),
        Some("done") => Some("The session is marked done."),
        _ => None,
    }
}

/// Field errors for the form, or the refusal as a whole-form problem.
pub fn split(
    failure: Option<&AppError>,
) -> (Vec<crate::domain::people::FieldError>, Option<String>) {
    match failure {
        Some(AppError::Invalid(errors)) => (errors.clone(), None),
        Some(other) => (Vec::new(), Some(other.detail())),
        None => (Vec::new(), None),
    }
}

/// Every qualification of the curriculum as (id, label).
pub fn qualifications(curriculum: &Curriculum) -> Vec<(String, String)> {
    curriculum
        .qualifications()
        .map(|(_, q)| (q.id.clone(), format!("{} {}", q.number, q.title)))
        .collect()
}

/// The wording of a qualification's outcomes and criteria.
pub fn texts(curriculum: &Curriculum, qualification_id: &str) -> Texts {
    let mut t = Texts::default();
    let Some((_, q)) = curriculum.qualification(qualification_id) else {
        return t;
    };
    t.qualification = format!("{} {}", q.number, q.title);
    for unit in curriculum.units_of(q) {
        for o in &unit.outcomes {
            t.outcomes.push((
                o.id.clone(),
                format!("Unit {} outcome {}: {}", unit.number, o.number, o.text),
            ));
            for c in &o.criteria {
                let label = format!("Unit {} {}: {}", unit.number, c.number, c.text);
                t.criteria.push((c.id.clone(), label));
            }
            for k in &o.knowledge_skills {
                let label = format!("Unit {} K/S {}: {}", unit.number, k.number, k.text);
                t.criteria.push((k.id.clone(), label));
            }
        }
        for e in &unit.evidence_requirements {
            let label = format!(
                "Unit {} Evidence Requirement {}: {}",
                unit.number, e.number, e.text
            );
            t.criteria.push((e.id.clone(), label));
        }
    }
    t
}

async fn list_page(
    state: &AppState,
    current: &CurrentUser,
    centre_id: &CentreId,
    failure: Option<AppError>,
    done: Option<&str>,
) -> Result<HttpResponse, PageError> {
    let programmes = act::list(state, current, centre_id).await?;
    let builder =
        current.supports(centre_id) || BUILDERS.iter().any(|r| current.has_role(centre_id, *r));
    let (errors, problem) = split(failure.as_ref());
    let frame = Frame {
        current,
        errors: &errors,
        problem: problem.as_deref(),
        notice: notice(done),
    };
    let quals = qualifications(&state.curriculum);
    Ok(html(
        status_for(failure.as_ref()),
        view::list(&frame, centre_id, &programmes, builder, &quals),
    ))
}

/// `GET /centres/{centre_id}/programmes`
pub async fn list(
    state: web::Data<AppState>,
    current: CurrentUser,
    id: web::Path<CentreId>,
    query: web::Query<Done>,
) -> Result<HttpResponse, PageError> {
    list_page(&state, &current, &id, None, query.done.as_deref()).await
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct ProgrammeForm {
    csrf_token: String,
    qualification_id: String,
    title: String,
    description: String,
    pacing: String,
}

/// `POST /centres/{centre_id}/programmes`
pub async fn create(
    state: web::Data<AppState>,
    id: web::Path<CentreId>,
    submitted: SignedInForm<ProgrammeForm>,
) -> Result<HttpResponse, PageError> {
    let (current, f) = (submitted.current, submitted.form);
    let input = ProgrammeInput {
        qualification_id: f.qualification_id,
        title: f.title,
        description: f.description,
        pacing: f.pacing,
    };
    let result = act::create(&state, &current, &id, input).await;
    after_post(
        result,
        |p| format!("/programmes/{}?done=built", p.id),
        |failure| list_page(&state, &current, &id, Some(failure), None),
    )
    .await
}

async fn programme_page(
    state: &AppState,
    current: &CurrentUser,
    id: &ProgrammeId,
    failure: Option<AppError>,
    done: Option<&str>,
) -> Result<HttpResponse, PageError> {
    let v = act::detail(state, current, id).await?;
    let candidates = act::candidates(state, &v).await?;
    let texts = texts(&state.curriculum, &v.programme.qualification_id);
    let (errors, problem) = split(failure.as_ref());
    let frame = Frame {
        current,
        errors: &errors,
        problem: problem.as_deref(),
        notice: notice(done),
    };
    let extras = Extras {
        texts: &texts,
        candidates: &candidates,
    };
    Ok(html(
        status_for(failure.as_ref()),
        view::programme(&frame, &v, &extras),
    ))
}

/// `GET /programmes/{programme_id}`
pub async fn programme(
    state: web::Data<AppState>,
    current: CurrentUser,
    id: web::Path<ProgrammeId>,
    query: web::Query<Done>,
) -> Result<HttpResponse, PageError> {
    programme_page(&state, &current, &id, None, query.done.as_deref()).await
}

/// The programme page again after a form: to it with a notice, or re-rendered with the refusal.
async fn after(
    state: &AppState,
    current: &CurrentUser,
    id: &ProgrammeId,
    result: Result<(), AppError>,
    done: &str,
) -> Result<HttpResponse, PageError> {
    after_post(
        result,
        |()| format!("/programmes/{id}?done={done}"),
        |failure| programme_page(state, current, id, Some(failure), None),
    )
    .await
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct SessionForm {
    csrf_token: String,
    title: String,
    summary: String,
    starts_on: String,
    outcome_ids: Vec<String>,
    criterion_ids: Vec<String>,
}

/// `POST /programmes/{programme_id}/sessions`
pub async fn add_session(
    state: web::Data<AppState>,
    id: web::Path<ProgrammeId>,
    submitted: SignedInForm<SessionForm>,
) -> Result<HttpResponse, PageError> {
    let (current, f) = (submitted.current, submitted.form);
    let starts_on = Some(f.starts_on).filter(|d| !d.trim().is_empty());
    let input = SessionInput {
        title: f.title,
        summary: f.summary,
        outcome_ids: f.outcome_ids,
        criterion_ids: f.criterion_ids,
        starts_on,
    };
    let result = act::add_session(&state, &current, &id, input).await;
    after(
        &state,
        &current,
        &id,
        result.map(|_| ()).map_err(AppError::from),
        "session",
    )
    .await
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct MoveForm {
    csrf_token: String,
    direction: String,
}

/// `POST /programmes/{programme_id}/sessions/{session_id}/move`
pub async fn move_session(
    state: web::Data<AppState>,
    path: web::Path<(ProgrammeId, ProgrammeSessionId)>,
    submitted: SignedInForm<MoveForm>,
) -> Result<HttpResponse, PageError> {
    let (current, f) = (submitted.current, submitted.form);
    let (id, session) = path.into_inner();
    let up = f.direction != "down";
    let result = act::move_session(&state, &current, &id, &session, up).await;
    after(
        &state,
        &current,
        &id,
        result.map_err(AppError::from),
        "moved",
    )
    .await
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct MemberForm {
    csrf_token: String,
    registration_id: String,
}

/// `POST /programmes/{programme_id}/members`
pub async fn add_member(
    state: web::Data<AppState>,
    id: web::Path<ProgrammeId>,
    submitted: SignedInForm<MemberForm>,
) -> Result<HttpResponse, PageError> {
    let (current, f) = (submitted.current, submitted.form);
    let result = match act::member_param(&f.registration_id) {
        Ok(registration_id) => act::add_member(&state, &current, &id, &registration_id).await,
        Err(e) => Err(e),
    };
    after(
        &state,
        &current,
        &id,
        result.map(|_| ()).map_err(AppError::from),
        "member",
    )
    .await
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct PlainForm {
    csrf_token: String,
}

/// `POST /programmes/{programme_id}/sessions/{session_id}/done`
pub async fn mark_done(
    state: web::Data<AppState>,
    path: web::Path<(ProgrammeId, ProgrammeSessionId)>,
    submitted: SignedInForm<PlainForm>,
) -> Result<HttpResponse, PageError> {
    let current = submitted.current;
    let (id, session) = path.into_inner();
    let result = act::mark_done(&state, &current, &id, &session).await;
    after(
        &state,
        &current,
        &id,
        result.map(|_| ()).map_err(AppError::from),
        "done",
    )
    .await
}

crate::carries_csrf!(ProgrammeForm, SessionForm, MoveForm, MemberForm, PlainForm);
