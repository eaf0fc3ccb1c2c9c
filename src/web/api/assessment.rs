//! Assessment as JSON: judgements (decisions) in rounds, observations, unit sign-off,
//! countersignatures and unlocking. Handlers are thin; the actions hold the rules.

use actix_web::{HttpRequest, HttpResponse, web};
use serde::Deserialize;
use serde_json::{Value, json};

use crate::actions::AppState;
use crate::actions::assessment::judgements::{JudgementRequest, judge};
use crate::actions::assessment::record::{self as act, AssessmentRecord};
use crate::actions::assessment::wire::{DecisionRequest, JudgementOut};
use crate::actions::assessment::{observations, sign_off};
use crate::domain::judgement::JudgementInput;
use crate::domain::observation::ObservationInput;
use crate::domain::signature::VOID_MESSAGE;
use crate::store::judgements::Judgement;
use crate::store::signatures::{OBSERVATION, Signature, UNIT_SIGN_OFF};
use crate::web::auth::CurrentUser;
use crate::web::error::AppError;
use crate::web::routes::account::client_address;

fn time(t: chrono::NaiveDateTime) -> String {
    t.and_utc().to_rfc3339()
}

fn judgement_json(record: Option<&AssessmentRecord>, j: &Judgement) -> Value {
    let evidence = record.map(|r| r.evidence_of(&j.id)).unwrap_or_default();
    let assessor = record.map(|r| r.name(&j.assessor_id).to_owned());
    json!(JudgementOut::new(j, &evidence, assessor))
}

fn signature_json(state: &AppState, record: &AssessmentRecord, s: &Signature) -> Value {
    let valid = record.state_of(&state.curriculum, s).is_valid();
    json!({
        "role": s.signer_role, "signer_id": s.signer_id, "name": s.signer_name, "signed_at": time(s.signed_at),
        "client_address": s.client_address, "content_sha256": s.content_sha256, "valid": valid,
        "status": if valid { "valid" } else { VOID_MESSAGE },
    })
}

fn signatures_of(state: &AppState, record: &AssessmentRecord, kind: &str, id: &str) -> Vec<Value> {
    record
        .signatures
        .iter()
        .filter(|s| s.record_type == kind && s.record_id == id)
        .map(|s| signature_json(state, record, s))
        .collect()
}

/// The whole assessment record of a registration.
pub fn record_json(state: &AppState, record: &AssessmentRecord) -> Value {
    let observations: Vec<Value> = record.observations.iter().map(|o| json!({
        "id": o.id, "observer_kind": o.observer_kind, "observer_id": o.observer_id, "observer_name": o.observer_name,
        "planned": o.planned, "observed_on": o.observed_on, "setting": o.setting, "people_present": o.people(),
        "narrative": o.narrative, "criteria": o.criteria_ids(), "range_items": o.range_ids(), "recorded_at": time(o.recorded_at),
        "signatures": signatures_of(state, record, OBSERVATION, &o.id),
    })).collect();
    let sign_offs: Vec<Value> = record.sign_offs.iter().map(|s| json!({
        "id": s.id, "unit_id": s.unit_id, "locked": s.stands(), "signed_off_by": s.signed_off_by,
        "signed_off_at": time(s.signed_off_at), "unlocked_at": s.unlocked_at.map(time), "unlocked_by": s.unlocked_by,
        "unlock_kind": s.unlock_kind, "unlock_reason": s.unlock_reason,
        "signatures": signatures_of(state, record, UNIT_SIGN_OFF, &s.id),
    })).collect();
    let decisions: serde_json::Map<String, Value> = record
        .decisions()
        .into_iter()
        .map(|(item, met)| (item, json!(if met { "met" } else { "not_yet_met" })))
        .collect();
    json!({
        "registration_id": record.registration.id, "qualification_id": record.registration.qualification_id,
        "decisions": decisions,
        "judgements": record.judgements.iter().map(|j| judgement_json(Some(record), j)).collect::<Vec<_>>(),
        "observations": observations, "sign_offs": sign_offs,
        "locked_units": record.sign_offs.iter().filter(|s| s.stands()).map(|s| s.unit_id.clone()).collect::<Vec<_>>(),
    })
}

/// `GET /api/v1/registrations/{registration_id}/assessment`
pub async fn get(
    state: web::Data<AppState>,
    current: CurrentUser,
    id: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let record = act::record(&state, &current, &id).await?;
    Ok(HttpResponse::Ok().json(record_json(&state, &record)))
}

/// `POST /api/v1/registrations/{registration_id}/decisions` → 201 the judgement.
pub async fn decide(
    state: web::Data<AppState>,
    current: CurrentUser,
    id: web::Path<String>,
    body: web::Json<DecisionRequest>,
) -> Result<HttpResponse, AppError> {
    let body = body.into_inner();
    let request = JudgementRequest {
        input: JudgementInput {
            item_id: body.criterion_id,
            outcome: body.outcome,
            evidence_ids: body.evidence_ids,
            feedback: body.feedback,
        },
        seen_round: body.replaces_round,
    };
    let judgement = judge(&state, &current, &id, request).await?;
    Ok(HttpResponse::Created().json(JudgementOut::new(&judgement, &[], None)))
}

/// `POST /api/v1/registrations/{registration_id}/observations` → 201 `{id, content_sha256}`.
pub async fn observe(
    state: web::Data<AppState>,
    current: CurrentUser,
    request: HttpRequest,
    id: web::Path<String>,
    body: web::Json<ObservationInput>,
) -> Result<HttpResponse, AppError> {
    let o = observations::record(
        &state,
        &current,
        &id,
        body.into_inner(),
        &client_address(&request),
    )
    .await?;
    let hash = crate::domain::signature::content_hash(&o.record());
    Ok(HttpResponse::Created()
        .json(json!({"id": o.id, "observer_kind": o.observer_kind, "content_sha256": hash})))
}

/// `POST /api/v1/observations/{observation_id}/countersign` → 201 the learner's signature.
pub async fn countersign_observation(
    state: web::Data<AppState>,
    current: CurrentUser,
    request: HttpRequest,
    id: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let s = observations::countersign(&state, &current, &id, &client_address(&request)).await?;
    Ok(HttpResponse::Created().json(json!({"role": s.signer_role, "signed_at": time(s.signed_at), "content_sha256": s.content_sha256})))
}

/// `POST /api/v1/registrations/{registration_id}/units/{unit_id}/sign-off` → 201.
pub async fn sign(
    state: web::Data<AppState>,
    current: CurrentUser,
    request: HttpRequest,
    path: web::Path<(String, String)>,
) -> Result<HttpResponse, AppError> {
    let (registration, unit) = path.into_inner();
    let s = sign_off::sign_off(
        &state,
        &current,
        &registration,
        &unit,
        &client_address(&request),
    )
    .await?;
    Ok(HttpResponse::Created().json(json!({"id": s.id, "unit_id": s.unit_id, "locked": true, "signed_off_at": time(s.signed_off_at)})))
}

/// `POST /api/v1/registrations/{registration_id}/units/{unit_id}/countersign` → 201.
pub async fn countersign_unit(
    state: web::Data<AppState>,
    current: CurrentUser,
    request: HttpRequest,
    path: web::Path<(String, String)>,
) -> Result<HttpResponse, AppError> {
    let (registration, unit) = path.into_inner();
    sign_off::countersign(
        &state,
        &current,
        &registration,
        &unit,
        &client_address(&request),
    )
    .await?;
    Ok(HttpResponse::Created().json(json!({"unit_id": unit, "countersigned": true})))
}

#[derive(Deserialize)]
pub struct UnlockBody {
    #[serde(default)]
    reason: String,
}

/// `POST /api/v1/registrations/{registration_id}/units/{unit_id}/unlock` `{reason}`.
pub async fn unlock(
    state: web::Data<AppState>,
    current: CurrentUser,
    path: web::Path<(String, String)>,
    body: web::Json<UnlockBody>,
) -> Result<HttpResponse, AppError> {
    let (registration, unit) = path.into_inner();
    let s = sign_off::unlock(&state, &current, &registration, &unit, &body.reason).await?;
    Ok(HttpResponse::Ok().json(json!({"id": s.id, "unit_id": s.unit_id, "locked": false, "unlock_reason": s.unlock_reason})))
}
