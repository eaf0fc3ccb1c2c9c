//! Witness testimony as JSON. Asking: the learner or their assessor. Reading: whoever may see the
//! registration. Deciding: the allocated assessor. The witness's link: whoever holds it.

use actix_web::{HttpRequest, HttpResponse, web};
use serde_json::{Value, json};

use crate::actions::AppState;
use crate::actions::assessment::witness::{self as act, DecisionFields, TestimonyView};
use crate::actions::assessment::witness_link::{self as link, LinkView};
use crate::domain::witness::{AnswerFields, LinkState, RequestFields};
use crate::store::witness::{TestimonyRequest, WitnessTestimony, ids};
use crate::web::auth::CurrentUser;
use crate::web::error::AppError;
use crate::web::routes::account::client_address;

fn time(t: chrono::NaiveDateTime) -> String {
    t.and_utc().to_rfc3339()
}

fn request_json(q: &TestimonyRequest) -> Value {
    json!({
        "id": q.id, "registration_id": q.registration_id, "requested_by": q.requested_by,
        "witness": {"name": q.witness_name, "email": q.witness_email, "role": q.witness_role, "relationship": q.relationship},
        "expert": q.expert, "criteria": ids(&q.criteria), "activity": q.activity, "status": q.status,
        "link_expires_at": time(q.link_expires_at), "link_used_at": q.link_used_at.map(time),
        "decided_by": q.decided_by, "decided_at": q.decided_at.map(time), "decision_reason": q.decision_reason,
        "evidence_id": q.evidence_id, "created_at": time(q.created_at),
    })
}

fn testimony_json(t: &WitnessTestimony) -> Value {
    let observation = t.observed_on.map(|on| json!({
        "observed_on": on, "setting": t.observation_setting, "narrative": t.observation_narrative,
        "criteria": t.observation_criteria.as_deref().map(ids).unwrap_or_default(),
    }));
    let expert = (!t.expert_statement.is_empty()).then(|| json!({
        "statement": t.expert_statement, "working_knowledge_of_units": t.working_knowledge_of_units,
        "occupationally_competent": t.occupationally_competent, "assessment_qualifications": ids(&t.assessment_qualifications),
        "work_role_evaluates_practice": t.work_role_evaluates_practice,
    }));
    json!({
        "declared_role": t.declared_role, "testimony": t.testimony, "expert_witness": expert, "observation": observation,
        "signature": {"name": t.signed_name, "signed_at": time(t.signed_at), "client_address": t.client_address, "content_sha256": t.content_sha256},
    })
}

fn view_json(v: &TestimonyView) -> Value {
    let mut body = request_json(&v.request);
    body["learner_name"] = json!(v.learner_name);
    body["testimony"] = v.testimony.as_ref().map_or(Value::Null, testimony_json);
    body
}

/// `POST /api/v1/registrations/{registration_id}/testimony-requests`: emails the witness a
/// single-use link to `/witness/{token}` (the link is never in the answer).
pub async fn create(
    state: web::Data<AppState>,
    current: CurrentUser,
    id: web::Path<String>,
    input: web::Json<RequestFields>,
) -> Result<HttpResponse, AppError> {
    let row = act::request_testimony(&state, &current, &id, &input).await?;
    Ok(HttpResponse::Created().json(request_json(&row)))
}

/// `GET /api/v1/registrations/{registration_id}/testimony-requests`
pub async fn list(
    state: web::Data<AppState>,
    current: CurrentUser,
    id: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let (_, _, rows) = act::list(&state, &current, &id).await?;
    let items: Vec<Value> = rows.iter().map(request_json).collect();
    Ok(HttpResponse::Ok().json(json!({"testimony_requests": items})))
}

/// `GET /api/v1/testimony-requests/{request_id}`
pub async fn get(
    state: web::Data<AppState>,
    current: CurrentUser,
    id: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    Ok(HttpResponse::Ok().json(view_json(&act::view(&state, &current, &id).await?)))
}

/// `POST /api/v1/testimony-requests/{request_id}/decision` `{decision: "accept" | "reject", reason, criteria?}`
pub async fn decide(
    state: web::Data<AppState>,
    current: CurrentUser,
    id: web::Path<String>,
    input: web::Json<DecisionFields>,
) -> Result<HttpResponse, AppError> {
    Ok(HttpResponse::Ok().json(view_json(
        &act::decide(&state, &current, &id, &input).await?,
    )))
}

fn link_json(state: &AppState, v: &LinkView) -> Value {
    let status = match v.link {
        LinkState::Open => "open",
        LinkState::Used(_) => "used",
        LinkState::Expired => "expired",
    };
    json!({
        "status": status, "learner_name": v.learner_name,
        "qualification": {"id": v.registration.qualification_id, "title": v.qualification_title(&state.curriculum)},
        "expert": v.request.expert, "criteria": v.criteria(), "activity": v.request.activity,
        "link_expires_at": time(v.request.link_expires_at),
        "testimony": v.testimony.as_ref().map_or(Value::Null, testimony_json),
    })
}

/// `GET /api/v1/witness/{token}`: what the witness is asked about; once used, what they signed.
pub async fn witness_get(
    state: web::Data<AppState>,
    token: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let v = link::open(&state, &token).await?;
    if v.link == LinkState::Expired {
        return Err(link::expired(&state, &v).await.into());
    }
    Ok(HttpResponse::Ok().json(link_json(&state, &v)))
}

/// `POST /api/v1/witness/{token}`: the witness confirms who they are and signs their testimony.
pub async fn witness_sign(
    state: web::Data<AppState>,
    request: HttpRequest,
    token: web::Path<String>,
    input: web::Json<AnswerFields>,
) -> Result<HttpResponse, AppError> {
    link::answer(&state, &token, &input, &client_address(&request)).await?;
    let v = link::open(&state, &token).await?;
    Ok(HttpResponse::Created().json(link_json(&state, &v)))
}
