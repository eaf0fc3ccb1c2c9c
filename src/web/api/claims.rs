//! Certification claims as JSON, for a centre administrator; the learner achievement record
//! PDF for anyone who may see the registration.

use actix_web::http::header;
use actix_web::{HttpResponse, web};
use serde::Deserialize;
use serde_json::{Value, json};

use crate::actions::AppState;
use crate::actions::claims::claim::{self as act, Certificate, ClaimView};
use crate::actions::claims::claim_documents as docs;
use crate::actions::claims::claim_facts::Candidate;
use crate::domain::claims::{ClaimStatus, Readiness};
use crate::store::claims::Claim;
use crate::web::auth::CurrentUser;
use crate::web::error::AppError;

fn time(t: chrono::NaiveDateTime) -> String {
    t.and_utc().to_rfc3339()
}

pub fn candidate_json(c: &Candidate) -> Value {
    let (ready, claimable, reasons) = match &c.readiness {
        Readiness::Qualification => (true, json!("qualification"), Vec::new()),
        Readiness::Units(units) => (true, json!({"units": units}), Vec::new()),
        Readiness::NotReady(reasons) => (false, Value::Null, reasons.clone()),
    };
    json!({
        "registration_id": c.registration.id, "learner_id": c.registration.learner_id,
        "learner_name": c.learner_name, "qualification_id": c.registration.qualification_id,
        "status": c.registration.status, "ready": ready, "claimable": claimable, "missing": reasons,
    })
}

fn claim_json(c: &Claim) -> Value {
    json!({
        "id": c.id, "centre_id": c.centre_id, "qualification_id": c.qualification_id,
        "awarding_body": c.awarding_body, "status": c.status, "created_by": c.created_by,
        "created_at": time(c.created_at), "submitted_at": c.submitted_at.map(time),
        "certificated_at": c.certificated_at.map(time), "returned_at": c.returned_at.map(time),
        "return_reason": c.return_reason,
    })
}

fn view_json(v: &ClaimView) -> Value {
    let mut out = claim_json(&v.claim);
    out["learners"] = v
        .learners
        .iter()
        .map(|(row, registration, name)| {
            json!({
                "registration_id": registration.id, "learner_name": name, "kind": row.claim_kind,
                "units": row.unit_ids(), "live": row.live,
                "certificate_number": row.certificate_number, "certificated_on": row.certificated_on,
            })
        })
        .collect();
    out
}

/// `GET /api/v1/centres/{centre_id}/claims/eligible`: every registration, ready or with what
/// is missing.
pub async fn eligible(
    state: web::Data<AppState>,
    current: CurrentUser,
    centre_id: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let found = act::candidates(&state, &current, &centre_id).await?;
    let (ready, not_ready): (Vec<&Candidate>, Vec<&Candidate>) =
        found.iter().partition(|c| c.readiness.is_ready());
    Ok(HttpResponse::Ok().json(json!({
        "ready": ready.into_iter().map(candidate_json).collect::<Vec<_>>(),
        "not_ready": not_ready.into_iter().map(candidate_json).collect::<Vec<_>>(),
    })))
}

/// `GET /api/v1/centres/{centre_id}/claims`
pub async fn list(
    state: web::Data<AppState>,
    current: CurrentUser,
    centre_id: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let claims = act::of_centre(&state, &current, &centre_id).await?;
    Ok(HttpResponse::Ok()
        .json(json!({"claims": claims.iter().map(claim_json).collect::<Vec<_>>()})))
}

#[derive(Deserialize)]
pub struct NewClaim {
    #[serde(default)]
    registration_ids: Vec<String>,
}

/// `POST /api/v1/centres/{centre_id}/claims` `{registration_ids}` → 201 `{id}`.
pub async fn create(
    state: web::Data<AppState>,
    current: CurrentUser,
    centre_id: web::Path<String>,
    body: web::Json<NewClaim>,
) -> Result<HttpResponse, AppError> {
    let claim = act::create(
        &state,
        &current,
        &centre_id,
        body.into_inner().registration_ids,
    )
    .await?;
    Ok(HttpResponse::Created().json(json!({"id": claim.id, "status": claim.status})))
}

/// `GET /api/v1/claims/{claim_id}`
pub async fn get(
    state: web::Data<AppState>,
    current: CurrentUser,
    claim_id: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let view = act::get(&state, &current, &claim_id).await?;
    Ok(HttpResponse::Ok().json(view_json(&view)))
}

/// `POST /api/v1/claims/{claim_id}/submit`
pub async fn submit(
    state: web::Data<AppState>,
    current: CurrentUser,
    claim_id: web::Path<String>,
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
    Ok(HttpResponse::Ok().json(view_json(&view)))
}

#[derive(Deserialize)]
pub struct CertificateBody {
    registration_id: String,
    #[serde(default)]
    certificate_number: String,
    #[serde(default)]
    certificated_on: String,
}

#[derive(Deserialize)]
pub struct Certificated {
    #[serde(default)]
    learners: Vec<CertificateBody>,
}

/// `POST /api/v1/claims/{claim_id}/certificated` `{learners: [{registration_id,
/// certificate_number, certificated_on}]}`
pub async fn certificated(
    state: web::Data<AppState>,
    current: CurrentUser,
    claim_id: web::Path<String>,
    body: web::Json<Certificated>,
) -> Result<HttpResponse, AppError> {
    let certificates = body
        .into_inner()
        .learners
        .into_iter()
        .map(|c| Certificate {
            registration_id: c.registration_id,
            number: c.certificate_number,
            issued_on: c.certificated_on,
        })
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
    Ok(HttpResponse::Ok().json(view_json(&view)))
}

#[derive(Deserialize)]
pub struct Returned {
    #[serde(default)]
    reason: Option<String>,
}

/// `POST /api/v1/claims/{claim_id}/return` `{reason}`
pub async fn returned(
    state: web::Data<AppState>,
    current: CurrentUser,
    claim_id: web::Path<String>,
    body: web::Json<Returned>,
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
    Ok(HttpResponse::Ok().json(view_json(&view)))
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
    claim_id: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let (name, text) = docs::claim_csv(&state, &current, &claim_id).await?;
    Ok(attachment("text/csv; charset=utf-8", &name, text))
}

/// `GET /api/v1/claims/{claim_id}/summary.pdf`
pub async fn summary_pdf(
    state: web::Data<AppState>,
    current: CurrentUser,
    claim_id: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let (name, bytes) = docs::claim_summary_pdf(&state, &current, &claim_id).await?;
    Ok(attachment("application/pdf", &name, bytes))
}

/// `GET /api/v1/registrations/{registration_id}/record.pdf`
pub async fn record_pdf(
    state: web::Data<AppState>,
    current: CurrentUser,
    registration_id: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let (name, bytes) = docs::record_pdf(&state, &current, &registration_id).await?;
    Ok(attachment("application/pdf", &name, bytes))
}
