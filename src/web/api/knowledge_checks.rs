//! Knowledge checks, attempts and the cohort view as JSON. Learners never see the correct flags,
//! the feedback or the tutor's guidance of a check before they answer; after submitting, they see
//! their marks and the feedback on what they chose.

use actix_web::{HttpResponse, web};
use serde::Deserialize;
use serde_json::{Value, json};

use crate::actions::AppState;
use crate::actions::learning::check_attempts::{self as attempts, AttemptView};
use crate::actions::learning::cohort;
use crate::actions::learning::knowledge_checks::{self as act, CheckInput, ProgrammeRole};
use crate::domain::knowledge_check::{AnswerInput, Question, QuestionInput};
use crate::store::knowledge_checks::{Attempt, KnowledgeCheck};
use crate::web::auth::CurrentUser;
use crate::web::error::AppError;

fn time(t: Option<chrono::NaiveDateTime>) -> Value {
    t.map_or(Value::Null, |t| json!(t.and_utc().to_rfc3339()))
}

/// A question; the answer key only for staff.
fn question_json(q: &Question, staff: bool) -> Value {
    let options: Vec<Value> = q
        .options
        .iter()
        .map(|o| {
            if staff {
                json!({"text": o.text, "correct": o.correct, "feedback": o.feedback})
            } else {
                json!({"text": o.text})
            }
        })
        .collect();
    let mut out = json!({"kind": q.kind.code(), "prompt": q.prompt, "options": options});
    if staff {
        out["guidance"] = json!(q.guidance);
    }
    out
}

fn check_json(c: &KnowledgeCheck, questions: &[Question], staff: bool) -> Value {
    json!({
        "id": c.id, "programme_id": c.programme_id, "outcome_id": c.outcome_id, "title": c.title,
        "pass_mark": c.pass_mark,
        "questions": questions.iter().map(|q| question_json(q, staff)).collect::<Vec<_>>(),
    })
}

fn attempt_brief(a: &Attempt) -> Value {
    json!({
        "id": a.id, "check_id": a.check_id, "registration_id": a.registration_id, "state": a.state,
        "questions_right": a.questions_right, "started_at": time(Some(a.started_at)),
        "submitted_at": time(a.submitted_at), "evidence_id": a.evidence_id,
    })
}

fn attempt_json(v: &AttemptView) -> Value {
    let mut out = attempt_brief(&v.attempt);
    out["learner_name"] = json!(v.learner_name);
    out["check"] = check_json(&v.check, &v.questions, v.is_staff);
    out["questions_asked"] = json!(v.questions.len());
    out["answers"] = json!(v.answers);
    out
}

/// `GET /api/v1/programmes/{programme_id}/checks`
pub async fn list(
    state: web::Data<AppState>,
    current: CurrentUser,
    id: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let (programme, role, checks) = act::list(&state, &current, &id).await?;
    let staff = matches!(role, ProgrammeRole::Staff);
    let mut out = Vec::new();
    for c in &checks {
        out.push(check_json(c, &act::questions_of(c)?, staff));
    }
    Ok(HttpResponse::Ok().json(json!({"programme_id": programme.id, "checks": out})))
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct CheckBody {
    title: String,
    outcome_id: String,
    pass_mark: Value,
    questions: Vec<QuestionInput>,
}

/// `POST /api/v1/programmes/{programme_id}/checks`
pub async fn create(
    state: web::Data<AppState>,
    current: CurrentUser,
    id: web::Path<String>,
    body: web::Json<CheckBody>,
) -> Result<HttpResponse, AppError> {
    let body = body.into_inner();
    let pass_mark = match body.pass_mark {
        Value::String(s) => s,
        Value::Null => String::new(),
        other => other.to_string(),
    };
    let input = CheckInput {
        title: body.title,
        outcome_id: body.outcome_id,
        pass_mark,
        questions: body.questions,
    };
    let check = act::create(&state, &current, &id, input).await?;
    let questions = act::questions_of(&check)?;
    Ok(HttpResponse::Created().json(check_json(&check, &questions, true)))
}

/// `GET /api/v1/checks/{check_id}`
pub async fn get(
    state: web::Data<AppState>,
    current: CurrentUser,
    id: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let view = act::view(&state, &current, &id).await?;
    let staff = matches!(view.role, ProgrammeRole::Staff);
    let mut out = check_json(&view.check, &view.questions, staff);
    out["attempts"] = json!(view.attempts.iter().map(attempt_brief).collect::<Vec<_>>());
    Ok(HttpResponse::Ok().json(out))
}

/// `POST /api/v1/checks/{check_id}/questions`
pub async fn add_question(
    state: web::Data<AppState>,
    current: CurrentUser,
    id: web::Path<String>,
    body: web::Json<QuestionInput>,
) -> Result<HttpResponse, AppError> {
    let check = act::add_question(&state, &current, &id, body.into_inner()).await?;
    let questions = act::questions_of(&check)?;
    Ok(HttpResponse::Created().json(check_json(&check, &questions, true)))
}

/// `POST /api/v1/checks/{check_id}/attempts`
pub async fn start(
    state: web::Data<AppState>,
    current: CurrentUser,
    id: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let attempt = attempts::start(&state, &current, &id).await?;
    Ok(HttpResponse::Created().json(attempt_brief(&attempt)))
}

/// `GET /api/v1/attempts/{attempt_id}`
pub async fn attempt(
    state: web::Data<AppState>,
    current: CurrentUser,
    id: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let view = attempts::view(&state, &current, &id).await?;
    Ok(HttpResponse::Ok().json(attempt_json(&view)))
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct SubmitBody {
    answers: Vec<AnswerInput>,
}

/// `POST /api/v1/attempts/{attempt_id}/submit`
pub async fn submit(
    state: web::Data<AppState>,
    current: CurrentUser,
    id: web::Path<String>,
    body: web::Json<SubmitBody>,
) -> Result<HttpResponse, AppError> {
    let view = attempts::submit(&state, &current, &id, body.into_inner().answers).await?;
    Ok(HttpResponse::Ok().json(attempt_json(&view)))
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct MarkBody {
    question: usize,
    outcome: String,
    feedback: String,
}

/// `correct` or `incorrect`.
pub fn parse_outcome(outcome: &str) -> Result<bool, AppError> {
    match outcome.trim() {
        "correct" => Ok(true),
        "incorrect" => Ok(false),
        _ => Err(AppError::Invalid(vec![
            crate::domain::people::FieldError::new(
                "outcome",
                "Mark the answer correct or incorrect",
            ),
        ])),
    }
}

/// `POST /api/v1/attempts/{attempt_id}/marks`
pub async fn mark(
    state: web::Data<AppState>,
    current: CurrentUser,
    id: web::Path<String>,
    body: web::Json<MarkBody>,
) -> Result<HttpResponse, AppError> {
    let body = body.into_inner();
    let correct = parse_outcome(&body.outcome)?;
    let view = attempts::mark_answer(
        &state,
        &current,
        &id,
        body.question,
        correct,
        &body.feedback,
    )
    .await?;
    Ok(HttpResponse::Ok().json(attempt_json(&view)))
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct EvidenceBody {
    criteria: Vec<String>,
}

/// `POST /api/v1/attempts/{attempt_id}/evidence`
pub async fn offer(
    state: web::Data<AppState>,
    current: CurrentUser,
    id: web::Path<String>,
    body: web::Json<EvidenceBody>,
) -> Result<HttpResponse, AppError> {
    let item = attempts::offer_as_evidence(&state, &current, &id, &body.criteria).await?;
    Ok(HttpResponse::Created()
        .json(json!({"evidence_id": item.id, "title": item.title, "status": item.status})))
}

/// `GET /api/v1/programmes/{programme_id}/cohort`
pub async fn cohort(
    state: web::Data<AppState>,
    current: CurrentUser,
    id: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let view = cohort::view(&state, &current, &id).await?;
    let checks: Vec<Value> = view
        .checks
        .iter()
        .map(|c| json!({"id": c.id, "title": c.title, "outcome_id": c.outcome_id}))
        .collect();
    let awaiting: Vec<Value> = view
        .awaiting
        .iter()
        .map(|(a, name)| {
            let mut out = attempt_brief(a);
            out["learner_name"] = json!(name);
            out
        })
        .collect();
    Ok(HttpResponse::Ok().json(json!({
        "programme_id": view.programme.id,
        "sessions": view.cohort.sessions,
        "median_sessions_done": view.cohort.median_sessions_done,
        "checks": checks,
        "members": view.cohort.members,
        "behind": view.cohort.members.iter().filter(|m| m.behind).map(|m| m.registration_id.clone()).collect::<Vec<_>>(),
        "questions": view.cohort.questions,
        "awaiting_marking": awaiting,
    })))
}
