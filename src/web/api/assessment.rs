//! Assessment as JSON: judgements (decisions) in rounds, observations, unit sign-off,
//! countersignatures and unlocking. Handlers are thin; the actions hold the rules.

use actix_web::{HttpRequest, HttpResponse, web};

use crate::actions::AppState;
use crate::actions::assessment::judgements::{JudgementBatch, judge, judge_all};
use crate::actions::assessment::record as act;
use crate::actions::assessment::wire::record::AssessmentRecordOut;
use crate::actions::assessment::wire::signing::{
    Countersignature, ObservationRecorded, ObservationRequest, UnitCountersigned, UnitSignedOff,
    UnitUnlocked, UnlockRequest,
};
use crate::actions::assessment::wire::{
    BatchDecisionRequest, DecisionRequest, JudgementOut, JudgementsOut,
};
use crate::actions::assessment::{observations, sign_off};
use crate::domain::ids::{ObservationId, RegistrationId, UnitId};
use crate::web::auth::CurrentUser;
use crate::web::client_address::client_address;
use crate::web::error::AppError;

/// `GET /api/v1/registrations/{registration_id}/assessment`
pub async fn get(
    state: web::Data<AppState>,
    current: CurrentUser,
    id: web::Path<RegistrationId>,
) -> Result<HttpResponse, AppError> {
    let record = act::record(&state, &current, &id).await?;
    Ok(HttpResponse::Ok().json(AssessmentRecordOut::new(&state.curriculum, &record)))
}

/// `POST /api/v1/registrations/{registration_id}/decisions` → 201 the judgement.
pub async fn decide(
    state: web::Data<AppState>,
    current: CurrentUser,
    id: web::Path<RegistrationId>,
    body: web::Json<DecisionRequest>,
) -> Result<HttpResponse, AppError> {
    let judgement = judge(&state, &current, &id, body.into_inner().into_request()).await?;
    Ok(HttpResponse::Created().json(JudgementOut::new(&judgement, &[], None)))
}

/// `POST /api/v1/registrations/{registration_id}/judgements` → 201 the judgements, all or none.
pub async fn decide_all(
    state: web::Data<AppState>,
    current: CurrentUser,
    id: web::Path<RegistrationId>,
    body: web::Json<BatchDecisionRequest>,
) -> Result<HttpResponse, AppError> {
    let body = body.into_inner();
    let batch = JudgementBatch {
        judgements: body
            .judgements
            .into_iter()
            .map(DecisionRequest::into_request)
            .collect(),
        overall_feedback: body.overall_feedback,
    };
    let judged = judge_all(&state, &current, &id, batch).await?;
    Ok(HttpResponse::Created().json(JudgementsOut {
        judgements: judged
            .iter()
            .map(|j| JudgementOut::new(j, &[], None))
            .collect(),
    }))
}

/// `POST /api/v1/registrations/{registration_id}/observations` → 201 `{id, content_sha256}`.
pub async fn observe(
    state: web::Data<AppState>,
    current: CurrentUser,
    request: HttpRequest,
    id: web::Path<RegistrationId>,
    body: web::Json<ObservationRequest>,
) -> Result<HttpResponse, AppError> {
    let o = observations::record(
        &state,
        &current,
        &id,
        body.into_inner().into(),
        &client_address(&request),
    )
    .await?;
    Ok(HttpResponse::Created().json(ObservationRecorded::new(&o)))
}

/// `POST /api/v1/observations/{observation_id}/countersign` → 201 the learner's signature.
pub async fn countersign_observation(
    state: web::Data<AppState>,
    current: CurrentUser,
    request: HttpRequest,
    id: web::Path<ObservationId>,
) -> Result<HttpResponse, AppError> {
    let s = observations::countersign(&state, &current, &id, &client_address(&request)).await?;
    Ok(HttpResponse::Created().json(Countersignature::from(&s)))
}

/// `POST /api/v1/registrations/{registration_id}/units/{unit_id}/sign-off` → 201.
pub async fn sign(
    state: web::Data<AppState>,
    current: CurrentUser,
    request: HttpRequest,
    path: web::Path<(RegistrationId, UnitId)>,
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
    Ok(HttpResponse::Created().json(UnitSignedOff::from(&s)))
}

/// `POST /api/v1/registrations/{registration_id}/units/{unit_id}/countersign` → 201.
pub async fn countersign_unit(
    state: web::Data<AppState>,
    current: CurrentUser,
    request: HttpRequest,
    path: web::Path<(RegistrationId, UnitId)>,
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
    Ok(HttpResponse::Created().json(UnitCountersigned {
        unit_id: unit.into_string(),
        countersigned: true,
    }))
}

/// `POST /api/v1/registrations/{registration_id}/units/{unit_id}/unlock` `{reason}`.
pub async fn unlock(
    state: web::Data<AppState>,
    current: CurrentUser,
    path: web::Path<(RegistrationId, UnitId)>,
    body: web::Json<UnlockRequest>,
) -> Result<HttpResponse, AppError> {
    let (registration, unit) = path.into_inner();
    let s = sign_off::unlock(&state, &current, &registration, &unit, &body.reason).await?;
    Ok(HttpResponse::Ok().json(UnitUnlocked::from(&s)))
}
