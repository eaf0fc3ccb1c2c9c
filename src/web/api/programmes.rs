//! Learning programmes and learning hours as JSON. Programmes: the centre's tutors and centre
//! administrators build them; learners on a programme read it and mark sessions done. Hours:
//! the learner logs; whoever may see the registration reads the totals.

use actix_web::{HttpResponse, web};
use serde::Deserialize;
use serde_json::{Value, json};

use crate::actions::AppState;
use crate::actions::learning::learning_hours as hours;
use crate::actions::learning::programmes::{self as act, ProgrammeView, ids};
use crate::domain::learning_hours::EntryInput;
use crate::domain::programme::{ProgrammeInput, SessionInput, next_session};
use crate::store::learning_hours::Entry;
use crate::store::programmes::{Programme, Session};
use crate::web::auth::CurrentUser;
use crate::web::error::AppError;

fn time(t: chrono::NaiveDateTime) -> String {
    t.and_utc().to_rfc3339()
}

fn programme_json(p: &Programme) -> Value {
    json!({
        "id": p.id, "centre_id": p.centre_id, "qualification_id": p.qualification_id, "title": p.title,
        "description": p.description, "pacing": p.pacing, "created_by": p.created_by,
        "created_at": time(p.created_at), "updated_at": time(p.updated_at),
    })
}

fn session_json(s: &Session) -> Value {
    json!({
        "id": s.id, "position": s.position, "title": s.title, "summary": s.summary,
        "outcome_ids": ids(&s.outcome_ids), "criterion_ids": ids(&s.criterion_ids), "starts_on": s.starts_on,
    })
}

fn view_json(v: &ProgrammeView) -> Value {
    let members: Vec<Value> = v
        .members
        .iter()
        .map(|(m, name)| {
            let (done, next) = next_session(&v.sessions, |s| v.done(&s.id, &m.registration_id));
            json!({
                "registration_id": m.registration_id, "learner_id": m.learner_id, "name": name,
                "joined_at": time(m.joined_at), "sessions_done": done, "next_session_id": next.map(|s| &s.id),
            })
        })
        .collect();
    let mut body = programme_json(&v.programme);
    body["sessions"] = v
        .sessions
        .iter()
        .map(|s| {
            let mut j = session_json(s);
            if let Some(me) = &v.me {
                j["done"] = json!(v.done(&s.id, &me.registration_id));
            }
            j
        })
        .collect();
    body["members"] = json!(members);
    if let Some(me) = &v.me {
        let (done, next) = next_session(&v.sessions, |s| v.done(&s.id, &me.registration_id));
        body["me"] = json!({"registration_id": me.registration_id, "sessions_done": done, "next_session": next.map(session_json)});
    }
    body
}

/// `GET /api/v1/centres/{centre_id}/programmes`
pub async fn list(
    state: web::Data<AppState>,
    current: CurrentUser,
    id: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let all = act::list(&state, &current, &id).await?;
    Ok(HttpResponse::Ok()
        .json(json!({"programmes": all.iter().map(programme_json).collect::<Vec<_>>()})))
}

/// `POST /api/v1/centres/{centre_id}/programmes` `{qualification_id, title, description, pacing}` → 201.
pub async fn create(
    state: web::Data<AppState>,
    current: CurrentUser,
    id: web::Path<String>,
    body: web::Json<ProgrammeInput>,
) -> Result<HttpResponse, AppError> {
    let p = act::create(&state, &current, &id, body.into_inner()).await?;
    Ok(HttpResponse::Created().json(programme_json(&p)))
}

/// `GET /api/v1/programmes/{programme_id}`
pub async fn get(
    state: web::Data<AppState>,
    current: CurrentUser,
    id: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let v = act::detail(&state, &current, &id).await?;
    Ok(HttpResponse::Ok().json(view_json(&v)))
}

/// `POST /api/v1/programmes/{programme_id}/sessions` → 201 the session.
pub async fn add_session(
    state: web::Data<AppState>,
    current: CurrentUser,
    id: web::Path<String>,
    body: web::Json<SessionInput>,
) -> Result<HttpResponse, AppError> {
    let s = act::add_session(&state, &current, &id, body.into_inner()).await?;
    Ok(HttpResponse::Created().json(session_json(&s)))
}

/// `PUT /api/v1/programmes/{programme_id}/sessions/{session_id}`
pub async fn edit_session(
    state: web::Data<AppState>,
    current: CurrentUser,
    path: web::Path<(String, String)>,
    body: web::Json<SessionInput>,
) -> Result<HttpResponse, AppError> {
    let (p, s) = path.into_inner();
    let s = act::edit_session(&state, &current, &p, &s, body.into_inner()).await?;
    Ok(HttpResponse::Ok().json(session_json(&s)))
}

#[derive(Deserialize)]
pub struct MoveBody {
    /// `up` or `down`.
    direction: String,
}

/// `POST /api/v1/programmes/{programme_id}/sessions/{session_id}/move` `{direction}`
pub async fn move_session(
    state: web::Data<AppState>,
    current: CurrentUser,
    path: web::Path<(String, String)>,
    body: web::Json<MoveBody>,
) -> Result<HttpResponse, AppError> {
    let (p, s) = path.into_inner();
    let up = match body.direction.as_str() {
        "up" => true,
        "down" => false,
        _ => {
            return Err(AppError::Invalid(vec![
                crate::domain::people::FieldError::new("direction", "Move up or down"),
            ]));
        }
    };
    act::move_session(&state, &current, &p, &s, up).await?;
    let v = act::detail(&state, &current, &p).await?;
    Ok(HttpResponse::Ok().json(view_json(&v)))
}

#[derive(Deserialize)]
pub struct MemberBody {
    #[serde(default)]
    registration_id: String,
}

/// `POST /api/v1/programmes/{programme_id}/members` `{registration_id}` → 201.
pub async fn add_member(
    state: web::Data<AppState>,
    current: CurrentUser,
    id: web::Path<String>,
    body: web::Json<MemberBody>,
) -> Result<HttpResponse, AppError> {
    let m = act::add_member(&state, &current, &id, &body.registration_id).await?;
    Ok(HttpResponse::Created().json(json!({"registration_id": m.registration_id, "learner_id": m.learner_id, "joined_at": time(m.joined_at)})))
}

/// `POST /api/v1/programmes/{programme_id}/sessions/{session_id}/done` → 201.
pub async fn mark_done(
    state: web::Data<AppState>,
    current: CurrentUser,
    path: web::Path<(String, String)>,
) -> Result<HttpResponse, AppError> {
    let (p, s) = path.into_inner();
    let done = act::mark_done(&state, &current, &p, &s).await?;
    Ok(HttpResponse::Created()
        .json(json!({"session_id": done.session_id, "completed_at": time(done.completed_at)})))
}

fn entry_json(e: &Entry) -> Value {
    json!({
        "id": e.id, "activity_on": e.activity_on, "minutes": e.minutes, "description": e.description,
        "outcome_ids": ids(&e.outcome_ids), "created_at": time(e.created_at),
    })
}

/// `GET /api/v1/registrations/{registration_id}/learning-hours`
pub async fn hours_list(
    state: web::Data<AppState>,
    current: CurrentUser,
    id: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let v = hours::view(&state, &current, &id).await?;
    let units: Vec<Value> = v
        .units
        .iter()
        .map(|u| json!({"unit_id": u.unit_id, "title": u.title, "total": u.total}))
        .collect();
    Ok(HttpResponse::Ok().json(json!({
        "registration_id": v.registration.id, "total": v.overall, "units": units,
        "entries": v.entries.iter().map(entry_json).collect::<Vec<_>>(),
    })))
}

/// `POST /api/v1/registrations/{registration_id}/learning-hours` `{activity_on, minutes, description, outcome_ids}` → 201.
pub async fn hours_log(
    state: web::Data<AppState>,
    current: CurrentUser,
    id: web::Path<String>,
    body: web::Json<EntryInput>,
) -> Result<HttpResponse, AppError> {
    let e = hours::log(&state, &current, &id, body.into_inner()).await?;
    Ok(HttpResponse::Created().json(entry_json(&e)))
}
