//! Open Badges API: a learner's achieved units, a credential for one, the public check, and the
//! issuer's profile with its public key.

use actix_web::{HttpResponse, web};
use serde::Deserialize;
use serde_json::json;

use crate::actions::AppState;
use crate::actions::claims::open_badges as act;
use crate::web::auth::CurrentUser;
use crate::web::error::AppError;

/// `GET /api/v1/registrations/{registration_id}/credentials`: the achieved units.
pub async fn list(
    state: web::Data<AppState>,
    current: CurrentUser,
    id: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let (_, achieved) = act::achieved(&state, &current, &id).await?;
    let units: Vec<_> = achieved
        .iter()
        .map(|a| {
            json!({
                "unit_id": a.unit_id, "name": a.name, "achieved_on": a.achieved_on(),
                "credential": format!("/api/v1/registrations/{id}/units/{}/credential", a.unit_id),
            })
        })
        .collect();
    Ok(HttpResponse::Ok().json(json!({"units": units})))
}

/// `GET /api/v1/registrations/{registration_id}/units/{unit_id}/credential`: the learner's
/// signed credential (VC-JWT).
pub async fn issue(
    state: web::Data<AppState>,
    current: CurrentUser,
    path: web::Path<(String, String)>,
) -> Result<HttpResponse, AppError> {
    let (registration_id, unit_id) = path.into_inner();
    let (file_name, token) = act::issue(&state, &current, &registration_id, &unit_id).await?;
    Ok(HttpResponse::Ok()
        .json(json!({"credential": token, "file_name": file_name, "format": "vc+jwt"})))
}

#[derive(Debug, Deserialize)]
pub struct VerifyBody {
    #[serde(default)]
    credential: String,
}

/// `POST /api/v1/credentials/verify`: anyone checks a credential.
pub async fn verify(
    state: web::Data<AppState>,
    body: web::Json<VerifyBody>,
) -> Result<HttpResponse, AppError> {
    let verified = act::verify(&state, &body.credential).await?;
    Ok(HttpResponse::Ok().json(verified))
}

/// `GET /issuers/{centre_id}`: the issuer's Open Badges profile with its public key (JWK).
pub async fn issuer(
    state: web::Data<AppState>,
    centre_id: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    Ok(HttpResponse::Ok().json(act::issuer_profile(&state, &centre_id).await?))
}
