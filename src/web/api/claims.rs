//! Certification claims as JSON, for a centre administrator; the learner achievement record
//! PDF for anyone who may see the registration.

use actix_web::http::header;
use actix_web::{HttpResponse, web};

use crate::actions::AppState;
use crate::actions::claims::claim as act;
use crate::actions::claims::claim_documents as docs;
use crate::actions::claims::wire::{
    ClaimCertificatesRequest, ClaimCreated, ClaimDetail, ClaimEligibility, ClaimList, ClaimOut,
    ClaimRequest, ClaimReturnRequest,
};
use crate::domain::claims::ClaimStatus;
use crate::domain::ids::{CentreId, ClaimId, RegistrationId};
use crate::web::auth::CurrentUser;
use crate::web::error::AppError;

/// `GET /api/v1/centres/{centre_id}/claims/eligible`: every registration, ready or with what
/// is missing.
pub async fn eligible(
    state: web::Data<AppState>,
    current: CurrentUser,
    centre_id: web::Path<CentreId>,
) -> Result<HttpResponse, AppError> {
    let found = act::candidates(&state, &current, &centre_id).await?;
    Ok(HttpResponse::Ok().json(ClaimEligibility::new(&found)))
}

/// `GET /api/v1/centres/{centre_id}/claims`
pub async fn list(
    state: web::Data<AppState>,
    current: CurrentUser,
    centre_id: web::Path<CentreId>,
) -> Result<HttpResponse, AppError> {
    let claims = act::of_centre(&state, &current, &centre_id).await?;
    Ok(HttpResponse::Ok().json(ClaimList {
        claims: claims.iter().map(ClaimOut::from).collect(),
    }))
}

/// `POST /api/v1/centres/{centre_id}/claims` `{registration_ids}` → 201 `{id}`.
pub async fn create(
    state: web::Data<AppState>,
    current: CurrentUser,
    centre_id: web::Path<CentreId>,
    body: web::Json<ClaimRequest>,
) -> Result<HttpResponse, AppError> {
    let claim = act::create(
        &state,
        &current,
        &centre_id,
        act::chosen_registrations(body.into_inner().registration_ids)?,
    )
    .await?;
    Ok(HttpResponse::Created().json(ClaimCreated {
        id: claim.id,
        status: claim.status,
    }))
}

/// `GET /api/v1/claims/{claim_id}`
pub async fn get(
    state: web::Data<AppState>,
    current: CurrentUser,
    claim_id: web::Path<ClaimId>,
) -> Result<HttpResponse, AppError> {
    let view = act::get(&state, &current, &claim_id).await?;
    Ok(HttpResponse::Ok().json(ClaimDetail::from(&view)))
}

/// `POST /api/v1/claims/{claim_id}/submit`
pub async fn submit(
    state: web::Data<AppState>,
    current: CurrentUser,
    claim_id: web::Path<ClaimId>,
) -> Result<HttpResponse, AppError> {
    let view = act::advance(
        &state,
        &current,
        &claim_id,
        ClaimStatus::Submitted,
        Vec::new(),
        None,
    )
    .await?;
    Ok(HttpResponse::Ok().json(ClaimDetail::from(&view)))
}

/// `POST /api/v1/claims/{claim_id}/certificated` `{learners: [{registration_id,
/// certificate_number, certificated_on}]}`
pub async fn certificated(
    state: web::Data<AppState>,
    current: CurrentUser,
    claim_id: web::Path<ClaimId>,
    body: web::Json<ClaimCertificatesRequest>,
) -> Result<HttpResponse, AppError> {
    let certificates = body
        .into_inner()
        .learners
        .into_iter()
        .map(Into::into)
        .collect();
    let view = act::advance(
        &state,
        &current,
        &claim_id,
        ClaimStatus::Certificated,
        certificates,
        None,
    )
    .await?;
    Ok(HttpResponse::Ok().json(ClaimDetail::from(&view)))
}

/// `POST /api/v1/claims/{claim_id}/return` `{reason}`
pub async fn returned(
    state: web::Data<AppState>,
    current: CurrentUser,
    claim_id: web::Path<ClaimId>,
    body: web::Json<ClaimReturnRequest>,
) -> Result<HttpResponse, AppError> {
    let view = act::advance(
        &state,
        &current,
        &claim_id,
        ClaimStatus::Returned,
        Vec::new(),
        body.into_inner().reason,
    )
    .await?;
    Ok(HttpResponse::Ok().json(ClaimDetail::from(&view)))
}

/// A download: the body with its type and an attachment file name.
pub fn attachment(content_type: &str, filename: &str, body: impl Into<Vec<u8>>) -> HttpResponse {
    HttpResponse::Ok()
        .content_type(content_type)
        .insert_header((
            header::CONTENT_DISPOSITION,
            format!("attachment; filename=\"{filename}\""),
        ))
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .body(body.into())
}

/// `GET /api/v1/claims/{claim_id}/export.csv`: the claim file for the awarding body.
pub async fn export_csv(
    state: web::Data<AppState>,
    current: CurrentUser,
    claim_id: web::Path<ClaimId>,
) -> Result<HttpResponse, AppError> {
    let (name, text) = docs::claim_csv(&state, &current, &claim_id).await?;
    Ok(attachment("text/csv; charset=utf-8", &name, text))
}

/// `GET /api/v1/claims/{claim_id}/summary.pdf`
pub async fn summary_pdf(
    state: web::Data<AppState>,
    current: CurrentUser,
    claim_id: web::Path<ClaimId>,
) -> Result<HttpResponse, AppError> {
    let (name, bytes) = docs::claim_summary_pdf(&state, &current, &claim_id).await?;
    Ok(attachment("application/pdf", &name, bytes))
}

/// `GET /api/v1/registrations/{registration_id}/record.pdf`
pub async fn record_pdf(
    state: web::Data<AppState>,
    current: CurrentUser,
    registration_id: web::Path<RegistrationId>,
) -> Result<HttpResponse, AppError> {
    let (name, bytes) = docs::record_pdf(&state, &current, &registration_id).await?;
    Ok(attachment("application/pdf", &name, bytes))
}
