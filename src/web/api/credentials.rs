//! Open Badges API: a learner's achieved units, a credential for one, the public check, and the
//! issuer's profile with its public key.

use actix_web::{HttpResponse, web};

use crate::actions::AppState;
use crate::actions::claims::open_badges as act;
use crate::actions::claims::records_wire::{
    AchievedUnit, AchievedUnits, CredentialCheck, CredentialCheckRequest, CredentialIssued,
};
use crate::domain::ids::{CentreId, RegistrationId, UnitId};
use crate::web::auth::CurrentUser;
use crate::web::error::AppError;

/// `GET /api/v1/registrations/{registration_id}/credentials`: the achieved units.
pub async fn list(
    state: web::Data<AppState>,
    current: CurrentUser,
    id: web::Path<RegistrationId>,
) -> Result<HttpResponse, AppError> {
    let (_, achieved) = act::achieved(&state, &current, &id).await?;
    let units = achieved.iter().map(|a| AchievedUnit::new(&id, a)).collect();
    Ok(HttpResponse::Ok().json(AchievedUnits { units }))
}

/// `GET /api/v1/registrations/{registration_id}/units/{unit_id}/credential`: the learner's
/// signed credential (VC-JWT).
pub async fn issue(
    state: web::Data<AppState>,
    current: CurrentUser,
    path: web::Path<(RegistrationId, UnitId)>,
) -> Result<HttpResponse, AppError> {
    let (registration_id, unit_id) = path.into_inner();
    let (file_name, token) = act::issue(&state, &current, &registration_id, &unit_id).await?;
    Ok(HttpResponse::Ok().json(CredentialIssued::new(file_name, token)))
}

/// `POST /api/v1/credentials/verify`: anyone checks a credential.
pub async fn verify(
    state: web::Data<AppState>,
    body: web::Json<CredentialCheckRequest>,
) -> Result<HttpResponse, AppError> {
    let verified = act::verify(&state, &body.credential).await?;
    Ok(HttpResponse::Ok().json(CredentialCheck::from(verified)))
}

/// `GET /issuers/{centre_id}`: the issuer's Open Badges profile with its public key (JWK).
pub async fn issuer(
    state: web::Data<AppState>,
    centre_id: web::Path<CentreId>,
) -> Result<HttpResponse, AppError> {
    Ok(HttpResponse::Ok().json(act::issuer_profile(&state, &centre_id).await?))
}
