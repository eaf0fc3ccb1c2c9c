//! Support access through the API: the centre's own administrator reads, gives (or renews) and
//! ends it.

use actix_web::{HttpResponse, web};

use crate::actions::AppState;
use crate::actions::people::support_access as act;
use crate::actions::people::wire::centres::{
    SupportAccessOut, SupportAccessRequest, SupportAccessStanding,
};
use crate::domain::ids::CentreId;
use crate::web::auth::CurrentUser;
use crate::web::error::AppError;

/// `GET /api/v1/centres/{centre_id}/support-access`.
pub async fn standing(
    state: web::Data<AppState>,
    current: CurrentUser,
    centre: web::Path<CentreId>,
) -> Result<HttpResponse, AppError> {
    let grant = act::standing(&state, &current, &centre).await?;
    Ok(HttpResponse::Ok().json(SupportAccessStanding {
        support_access: grant.map(SupportAccessOut::from),
    }))
}

/// `POST /api/v1/centres/{centre_id}/support-access` `{reason, days}` (201).
pub async fn grant(
    state: web::Data<AppState>,
    current: CurrentUser,
    centre: web::Path<CentreId>,
    body: web::Json<SupportAccessRequest>,
) -> Result<HttpResponse, AppError> {
    let days = body.days_text();
    let grant = act::grant(&state, &current, &centre, (&body.reason, &days)).await?;
    Ok(HttpResponse::Created().json(SupportAccessOut::from(grant)))
}

/// `DELETE /api/v1/centres/{centre_id}/support-access` (204; 409 when none stands).
pub async fn end(
    state: web::Data<AppState>,
    current: CurrentUser,
    centre: web::Path<CentreId>,
) -> Result<HttpResponse, AppError> {
    act::end(&state, &current, &centre).await?;
    Ok(HttpResponse::NoContent().finish())
}
