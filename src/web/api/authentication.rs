//! S4 open-learning authentication as JSON. Naming the authenticator: a centre administrator.
//! Asking: the allocated assessor. Reading: whoever may see the registration. The
//! authenticator's link: whoever holds it.

use actix_web::{HttpResponse, web};

use crate::actions::AppState;
use crate::actions::assessment::authentication as act;
use crate::actions::assessment::authentication_link as link;
use crate::actions::assessment::wire::authentication::{
    AuthenticationLinkOut, AuthenticationRequestOut, AuthenticationSignRequest,
    AuthenticationStatusOut, AuthenticatorOut, AuthenticatorRequest,
};
use crate::domain::ids::RegistrationId;
use crate::web::auth::CurrentUser;
use crate::web::error::AppError;

/// `GET /api/v1/registrations/{registration_id}/authentication`
pub async fn status(
    state: web::Data<AppState>,
    current: CurrentUser,
    id: web::Path<RegistrationId>,
) -> Result<HttpResponse, AppError> {
    let status = act::status(&state, &current, &id).await?;
    Ok(HttpResponse::Ok().json(AuthenticationStatusOut::from(&status)))
}

/// `PUT /api/v1/registrations/{registration_id}/authenticator`
pub async fn name(
    state: web::Data<AppState>,
    current: CurrentUser,
    id: web::Path<RegistrationId>,
    input: web::Json<AuthenticatorRequest>,
) -> Result<HttpResponse, AppError> {
    let i = input.into_inner();
    let named = act::set_authenticator(&state, &current, &id, &i.name, &i.role, &i.email).await?;
    Ok(HttpResponse::Ok().json(AuthenticatorOut::from(&named)))
}

/// `POST /api/v1/registrations/{registration_id}/authentication-requests`: emails the
/// authenticator a single-use link to `/authenticate/{token}` (never in the answer).
pub async fn create(
    state: web::Data<AppState>,
    current: CurrentUser,
    id: web::Path<RegistrationId>,
) -> Result<HttpResponse, AppError> {
    let row = act::request(&state, &current, &id).await?;
    Ok(HttpResponse::Created().json(AuthenticationRequestOut::from(&row)))
}

/// `GET /api/v1/authenticate/{token}`
pub async fn link_get(
    state: web::Data<AppState>,
    token: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let v = link::open(&state, &token).await?;
    Ok(HttpResponse::Ok().json(AuthenticationLinkOut::from(&v)))
}

/// `POST /api/v1/authenticate/{token}`: the authenticator signs for the items ticked.
pub async fn link_sign(
    state: web::Data<AppState>,
    token: web::Path<String>,
    input: web::Json<AuthenticationSignRequest>,
) -> Result<HttpResponse, AppError> {
    link::sign(&state, &token, &input.into_inner().into()).await?;
    let v = link::open(&state, &token).await?;
    Ok(HttpResponse::Created().json(AuthenticationLinkOut::from(&v)))
}
