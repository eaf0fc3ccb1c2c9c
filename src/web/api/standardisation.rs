//! Standardisation as JSON: activities with the due warning per qualification, blind
//! double-marking exercises, and the decision log.

use std::collections::BTreeMap;

use actix_web::{HttpResponse, web};
use serde::Deserialize;
use serde_json::{Value, json};

use crate::actions::AppState;
use crate::actions::iqa::double_marking::{self as marking, ExerciseView, Viewer};
use crate::actions::iqa::standardisation::{self as act, QualificationDue};
use crate::domain::standardisation::activity::{ActivityInput, ExerciseInput, VerdictInput};
use crate::domain::standardisation::agreement::ExerciseAgreement;
use crate::domain::standardisation::anonymise::NeutralFile;
use crate::store::standardisation::{ATTENDEE, ActivityRecord, Decision, Exercise};
use crate::web::auth::CurrentUser;
use crate::web::error::AppError;

fn time(t: chrono::NaiveDateTime) -> String {
    t.and_utc().to_rfc3339()
}

fn round(x: f64, places: i32) -> f64 {
    let f = 10f64.powi(places);
    (x * f).round() / f
}

fn due_json(d: &QualificationDue) -> Value {
    json!({
        "qualification_id": d.qualification_id, "title": d.title,
        "latest_held_on": d.latest, "due_on": d.state.due_on(), "status": d.state.code(),
        "warning": d.state.message(&d.title),
    })
}

fn person(id: &str, names: &BTreeMap<String, String>) -> Value {
    json!({"id": id, "name": names.get(id)})
}

fn activity_json(r: &ActivityRecord, names: &BTreeMap<String, String>) -> Value {
    let a = &r.activity;
    let units: Vec<String> = serde_json::from_str(&a.units).unwrap_or_default();
    let with = |relation: &str| -> Vec<Value> {
        r.people
            .iter()
            .filter(|p| (p.relation == ATTENDEE) == (relation == ATTENDEE))
            .map(|p| person(&p.user_id, names))
            .collect()
    };
    json!({
        "id": a.id, "qualification_id": a.qualification_id, "held_on": a.held_on, "title": a.title,
        "units": units, "agreed": a.agreed, "attendees": with(ATTENDEE), "assessors": with("concerns"),
        "actions": r.actions.iter().map(|x| json!({"id": x.id, "description": x.description, "due_on": x.due_on, "owner": person(&x.owner_id, names)})).collect::<Vec<_>>(),
        "recorded_by": person(&a.recorded_by, names), "created_at": time(a.created_at),
    })
}

fn exercise_summary(e: &Exercise) -> Value {
    json!({
        "id": e.id, "qualification_id": e.qualification_id, "title": e.anonymised_title,
        "criteria": marking::criteria_of(e), "status": e.status, "created_at": time(e.created_at),
        "closed_at": e.closed_at.map(time),
    })
}

/// `GET /api/v1/centres/{centre_id}/standardisation`
pub async fn list(
    state: web::Data<AppState>,
    current: CurrentUser,
    centre_id: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let o = act::overview(&state, &current, &centre_id).await?;
    Ok(HttpResponse::Ok().json(json!({
        "centre_id": centre_id.as_str(),
        "due": o.due.iter().map(due_json).collect::<Vec<_>>(),
        "activities": o.activities.iter().map(|a| activity_json(a, &o.names)).collect::<Vec<_>>(),
        "exercises": o.exercises.iter().map(exercise_summary).collect::<Vec<_>>(),
    })))
}

/// `POST /api/v1/centres/{centre_id}/standardisation` → 201 the activity.
pub async fn record(
    state: web::Data<AppState>,
    current: CurrentUser,
    centre_id: web::Path<String>,
    body: web::Json<ActivityInput>,
) -> Result<HttpResponse, AppError> {
    let saved = act::record(&state, &current, &centre_id, body.into_inner()).await?;
    Ok(HttpResponse::Created().json(activity_json(&saved, &BTreeMap::new())))
}

/// `POST /api/v1/centres/{centre_id}/double-marking` → 201 `{id, …}`.
pub async fn create(
    state: web::Data<AppState>,
    current: CurrentUser,
    centre_id: web::Path<String>,
    body: web::Json<ExerciseInput>,
) -> Result<HttpResponse, AppError> {
    let e = marking::create(&state, &current, &centre_id, body.into_inner()).await?;
    Ok(HttpResponse::Created().json(exercise_summary(&e)))
}

pub fn figures_json(f: &ExerciseAgreement, texts: &[(String, String)]) -> Value {
    let criteria: Vec<Value> = f
        .criteria
        .iter()
        .map(|c| {
            json!({
                "criterion_id": c.criterion_id,
                "text": texts.iter().find(|(id, _)| *id == c.criterion_id).map(|(_, t)| t),
                "met": c.counts.met, "not_yet_met": c.counts.not_yet_met,
                "agreement_percent": c.agreement.map(|a| round(a * 100.0, 1)),
            })
        })
        .collect();
    json!({
        "criteria": criteria,
        "overall_agreement_percent": f.overall.map(|a| round(a * 100.0, 1)),
        "kappa": f.kappa.value().map(|k| round(k, 3)),
        "kappa_defined": f.kappa.value().is_some(),
        "kappa_method": f.method,
        "kappa_reading": f.kappa.reading(),
        "markers_counted": f.complete_markers,
    })
}

fn decision_json(d: &Decision) -> Value {
    json!({
        "id": d.id, "exercise_id": d.exercise_id, "qualification_id": d.qualification_id,
        "criterion_id": d.criterion_id, "outcome": d.outcome, "rationale": d.rationale,
        "agreement_percent": d.agreement_percent, "recorded_by": d.recorded_by,
        "recorded_at": time(d.recorded_at),
    })
}

fn view_json(v: &ExerciseView) -> Value {
    let e = &v.exercise;
    let files: Vec<NeutralFile> = serde_json::from_str(&e.anonymised_files).unwrap_or_default();
    let criteria: Vec<Value> = v
        .criteria
        .iter()
        .map(|(id, text)| json!({"id": id, "text": text}))
        .collect();
    let judgements: Vec<Value> = v
        .judgements
        .iter()
        .map(|j| {
            json!({
                "marker_id": j.marker_id, "criterion_id": j.criterion_id, "outcome": j.outcome,
                "comment": j.comment, "judged_at": time(j.judged_at),
            })
        })
        .collect();
    let evidence = json!({"title": e.anonymised_title, "text": e.anonymised_text, "files": files});
    match &v.viewer {
        Viewer::Marker => json!({
            "id": e.id, "view": "marker", "status": e.status, "evidence": evidence,
            "criteria": criteria, "my_judgements": judgements,
        }),
        Viewer::Reader(reader) => json!({
            "id": e.id, "view": if reader.records() { "iqa" } else { "reader" }, "status": e.status,
            "qualification_id": e.qualification_id, "evidence_id": e.evidence_id, "evidence": evidence,
            "criteria": criteria, "created_at": time(e.created_at), "closed_at": e.closed_at.map(time),
            "markers": v.markers.iter().map(|(id, name)| json!({
                "id": id, "name": name,
                "judged": v.progress.iter().find(|(m, _)| m == id).map_or(0, |(_, n)| *n),
            })).collect::<Vec<_>>(),
            "judgements": judgements,
            "figures": v.figures.as_ref().map(|f| figures_json(f, &v.criteria)),
            "agreed": v.decisions.iter().map(decision_json).collect::<Vec<_>>(),
        }),
    }
}

/// `GET /api/v1/double-marking/{exercise_id}`
pub async fn get(
    state: web::Data<AppState>,
    current: CurrentUser,
    id: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let view = marking::show(&state, &current, &id).await?;
    Ok(HttpResponse::Ok().json(view_json(&view)))
}

#[derive(Deserialize)]
pub struct Judgements {
    #[serde(default)]
    judgements: Vec<VerdictInput>,
}

/// `POST /api/v1/double-marking/{exercise_id}/judgements` `{judgements: [{criterion_id, outcome, comment}]}` → 201.
pub async fn judge(
    state: web::Data<AppState>,
    current: CurrentUser,
    id: web::Path<String>,
    body: web::Json<Judgements>,
) -> Result<HttpResponse, AppError> {
    let saved = marking::judge(&state, &current, &id, body.into_inner().judgements).await?;
    let ids: Vec<&str> = saved.iter().map(|j| j.criterion_id.as_str()).collect();
    Ok(HttpResponse::Created().json(json!({"exercise_id": id.as_str(), "judged": ids})))
}

/// `POST /api/v1/double-marking/{exercise_id}/close` → 200 the exercise with its figures.
pub async fn close(
    state: web::Data<AppState>,
    current: CurrentUser,
    id: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    marking::close(&state, &current, &id).await?;
    let view = marking::show(&state, &current, &id).await?;
    Ok(HttpResponse::Ok().json(view_json(&view)))
}

#[derive(Deserialize)]
pub struct Agreed {
    #[serde(default)]
    outcomes: Vec<VerdictInput>,
}

/// `POST /api/v1/double-marking/{exercise_id}/agreed` `{outcomes: [{criterion_id, outcome, rationale}]}` → 201.
pub async fn agree(
    state: web::Data<AppState>,
    current: CurrentUser,
    id: web::Path<String>,
    body: web::Json<Agreed>,
) -> Result<HttpResponse, AppError> {
    let saved = marking::agree(&state, &current, &id, body.into_inner().outcomes).await?;
    Ok(HttpResponse::Created()
        .json(json!({"decisions": saved.iter().map(decision_json).collect::<Vec<_>>()})))
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct Search {
    pub q: String,
    pub criterion: String,
}

/// `GET /api/v1/centres/{centre_id}/decision-log?q=…&criterion=…`
pub async fn decision_log(
    state: web::Data<AppState>,
    current: CurrentUser,
    centre_id: web::Path<String>,
    query: web::Query<Search>,
) -> Result<HttpResponse, AppError> {
    let (_, found) =
        act::decision_log(&state, &current, &centre_id, &query.q, &query.criterion).await?;
    Ok(HttpResponse::Ok().json(json!({
        "q": query.q, "criterion": query.criterion,
        "decisions": found.iter().map(decision_json).collect::<Vec<_>>(),
    })))
}
