//! Assessment plans and progress reviews as JSON. Reading: whoever may see the registration.
//! Writing a plan and reviewing: the allocated assessor. Signing: the learner.

use actix_web::{HttpRequest, HttpResponse, web};
use serde::Deserialize;
use serde_json::{Value, json};

use crate::actions::AppState;
use crate::actions::assessment::plans::{self as act, PlanView};
use crate::domain::plan::{ActivityInput, PlanInput, ReviewInput};
use crate::domain::signature::{SignerRole, VOID_MESSAGE};
use crate::store::plans::{Plan, Review};
use crate::web::auth::CurrentUser;
use crate::web::error::AppError;
use crate::web::routes::account::client_address;

fn time(t: chrono::NaiveDateTime) -> String {
    t.and_utc().to_rfc3339()
}

fn review_json(r: &Review) -> Value {
    json!({
        "id": r.id, "plan_id": r.plan_id, "reviewed_on": r.reviewed_on, "progress": r.progress,
        "next_steps": r.next_steps, "next_review_on": r.next_review_on, "recorded_by": r.recorded_by,
        "recorded_at": time(r.recorded_at),
    })
}

fn plan_json(v: &PlanView) -> Value {
    let signatures: Vec<Value> = v.signatures.iter().map(|(s, valid)| json!({
        "role": s.signer_role, "signer_id": s.signer_id, "name": s.signer_name, "signed_at": time(s.signed_at),
        "client_address": s.client_address, "content_sha256": s.content_sha256, "valid": valid,
        "status": if *valid { "valid" } else { VOID_MESSAGE },
    })).collect();
    json!({
        "id": v.plan.id, "registration_id": v.plan.registration_id, "version": v.plan.version,
        "activities": v.content.activities, "criteria": v.content.criteria,
        "created_by": v.plan.created_by, "created_at": time(v.plan.created_at), "updated_at": time(v.plan.updated_at),
        "agreed": v.signed_by(SignerRole::Assessor) && v.signed_by(SignerRole::Learner),
        "signatures": signatures,
        "reviews": v.reviews.iter().map(review_json).collect::<Vec<_>>(),
    })
}

fn saved_json(p: &Plan) -> Value {
    let record = act::record_of(p);
    json!({"id": p.id, "version": p.version, "content_sha256": crate::domain::signature::content_hash(&record)})
}

/// `GET /api/v1/registrations/{registration_id}/plans`
pub async fn list(
    state: web::Data<AppState>,
    current: CurrentUser,
    id: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let (registration, plans) = act::list(&state, &current, &id).await?;
    let list: Vec<Value> = plans.iter().map(plan_json).collect();
    Ok(HttpResponse::Ok().json(json!({"registration_id": registration.id, "plans": list})))
}

#[derive(Deserialize)]
pub struct PlanBody {
    #[serde(default)]
    activities: Vec<ActivityInput>,
    #[serde(default)]
    criteria: Vec<String>,
    /// The version the change was made against; a different current version answers 409.
    #[serde(default)]
    version: Option<i32>,
}

/// `POST /api/v1/registrations/{registration_id}/plans` → 201 `{id, version, content_sha256}`.
pub async fn create(
    state: web::Data<AppState>,
    current: CurrentUser,
    request: HttpRequest,
    id: web::Path<String>,
    body: web::Json<PlanBody>,
) -> Result<HttpResponse, AppError> {
    let body = body.into_inner();
    let input = PlanInput {
        activities: body.activities,
        criteria: body.criteria,
    };
    let plan = act::create(&state, &current, &id, input, &client_address(&request)).await?;
    Ok(HttpResponse::Created().json(saved_json(&plan)))
}

/// `PUT /api/v1/plans/{plan_id}`: the signatures on the old content are void.
pub async fn change(
    state: web::Data<AppState>,
    current: CurrentUser,
    request: HttpRequest,
    id: web::Path<String>,
    body: web::Json<PlanBody>,
) -> Result<HttpResponse, AppError> {
    let body = body.into_inner();
    let input = PlanInput {
        activities: body.activities,
        criteria: body.criteria,
    };
    let plan = act::change(
        &state,
        &current,
        &id,
        input,
        body.version,
        &client_address(&request),
    )
    .await?;
    Ok(HttpResponse::Ok().json(saved_json(&plan)))
}

/// `POST /api/v1/plans/{plan_id}/sign` → 201 the learner's signature.
pub async fn sign(
    state: web::Data<AppState>,
    current: CurrentUser,
    request: HttpRequest,
    id: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let s = act::sign(&state, &current, &id, &client_address(&request)).await?;
    Ok(HttpResponse::Created().json(json!({"role": s.signer_role, "signed_at": time(s.signed_at), "content_sha256": s.content_sha256})))
}

/// `POST /api/v1/plans/{plan_id}/reviews` `{reviewed_on, progress, next_steps, next_review_on}` → 201.
pub async fn review(
    state: web::Data<AppState>,
    current: CurrentUser,
    id: web::Path<String>,
    body: web::Json<ReviewInput>,
) -> Result<HttpResponse, AppError> {
    let review = act::review(&state, &current, &id, body.into_inner()).await?;
    Ok(HttpResponse::Created().json(review_json(&review)))
}
