//! SQA assessment occasions as JSON: the centre's question bank (tutors and assessors), the
//! occasions of a registration (the candidate sees the questions only once one opens), answers
//! by the candidate and marks by the assessor.

use actix_web::{HttpResponse, web};
use serde_json::{Value, json};

use crate::actions::AppState;
use crate::actions::assessment::occasion_answers::{
    self as answers, AnswerInput, MarkInput, OccasionView,
};
use crate::actions::assessment::occasions::{self as act, OccasionInput, QuestionInput};
use crate::store::occasions::{BankQuestion, Occasion, OccasionItem};
use crate::web::auth::CurrentUser;
use crate::web::error::AppError;

fn time(t: chrono::NaiveDateTime) -> String {
    t.and_utc().to_rfc3339()
}

fn question_json(q: &BankQuestion) -> Value {
    json!({"id": q.id, "item_id": q.item_id, "text": q.text, "author_id": q.author_id, "created_at": time(q.created_at)})
}

fn item_json(i: &OccasionItem, q: Option<&BankQuestion>) -> Value {
    json!({
        "item_id": i.item_id, "question_id": i.question_id, "question": q.map(|q| q.text.clone()),
        "answer": i.answer, "answered_at": i.answered_at.map(time), "outcome": i.outcome,
        "feedback": i.feedback, "marked_by": i.marked_by, "marked_at": i.marked_at.map(time),
    })
}

fn occasion_json(o: &Occasion, open: bool, items: Option<Vec<Value>>) -> Value {
    json!({
        "id": o.id, "registration_id": o.registration_id, "unit_id": o.unit_id, "method": o.method,
        "opens_at": time(o.opens_at), "open": open, "status": if open { "open" } else { "scheduled" },
        "seed": o.seed, "scheduled_by": o.scheduled_by, "created_at": time(o.created_at),
        "items_hidden": items.is_none(), "items": items,
    })
}

fn view_json(v: &OccasionView) -> Value {
    let items = v
        .items
        .as_ref()
        .map(|items| items.iter().map(|(i, q)| item_json(i, Some(q))).collect());
    occasion_json(&v.occasion, v.open, items)
}

/// `GET /api/v1/centres/{centre_id}/question-bank`
pub async fn bank(
    state: web::Data<AppState>,
    current: CurrentUser,
    centre: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let questions = act::bank(&state, &current, &centre).await?;
    let list: Vec<Value> = questions.iter().map(question_json).collect();
    Ok(HttpResponse::Ok().json(json!({"questions": list})))
}

/// `POST /api/v1/centres/{centre_id}/question-bank` `{item_id, text}` → 201 the question.
pub async fn add_question(
    state: web::Data<AppState>,
    current: CurrentUser,
    centre: web::Path<String>,
    body: web::Json<QuestionInput>,
) -> Result<HttpResponse, AppError> {
    let q = act::add_question(&state, &current, &centre, body.into_inner()).await?;
    Ok(HttpResponse::Created().json(question_json(&q)))
}

/// `GET /api/v1/registrations/{registration_id}/occasions`
pub async fn list(
    state: web::Data<AppState>,
    current: CurrentUser,
    id: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let view = answers::view(&state, &current, &id).await?;
    let list: Vec<Value> = view.occasions.iter().map(view_json).collect();
    Ok(
        HttpResponse::Ok()
            .json(json!({"registration_id": view.registration.id, "occasions": list})),
    )
}

/// `POST /api/v1/registrations/{registration_id}/occasions` `{items?, opens_at, method?, seed?}`
/// → 201 the occasion with its sampled items (the assessor's view).
pub async fn schedule(
    state: web::Data<AppState>,
    current: CurrentUser,
    id: web::Path<String>,
    body: web::Json<OccasionInput>,
) -> Result<HttpResponse, AppError> {
    let occasion = act::schedule(&state, &current, &id, body.into_inner()).await?;
    let view = answers::view(&state, &current, &id).await?;
    let shown = view.occasions.iter().find(|v| v.occasion.id == occasion.id);
    let now = state.clock.naive();
    let body = shown.map_or_else(
        || occasion_json(&occasion, now >= occasion.opens_at, None),
        view_json,
    );
    Ok(HttpResponse::Created().json(body))
}

/// `POST /api/v1/occasions/{occasion_id}/answers` `{item_id, answer}`
pub async fn answer(
    state: web::Data<AppState>,
    current: CurrentUser,
    id: web::Path<String>,
    body: web::Json<AnswerInput>,
) -> Result<HttpResponse, AppError> {
    let item = answers::answer(&state, &current, &id, body.into_inner()).await?;
    Ok(HttpResponse::Ok().json(item_json(&item, None)))
}

/// `POST /api/v1/occasions/{occasion_id}/marks` `{item_id, outcome: satisfied | not_satisfied, feedback}`
pub async fn mark(
    state: web::Data<AppState>,
    current: CurrentUser,
    id: web::Path<String>,
    body: web::Json<MarkInput>,
) -> Result<HttpResponse, AppError> {
    let item = answers::mark(&state, &current, &id, body.into_inner()).await?;
    Ok(HttpResponse::Ok().json(item_json(&item, None)))
}
