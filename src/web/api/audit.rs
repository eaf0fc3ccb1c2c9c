//! `GET /api/v1/centres/{centre_id}/audit`: the trail of a centre, newest first. Centre administrator.

use actix_web::{HttpResponse, web};

use crate::actions::AppState;
use crate::actions::audit_trail;
use crate::actions::people::wire::service::{AuditEntryOut, AuditQuery, AuditTrail};
use crate::domain::ids::CentreId;
use crate::web::auth::CurrentUser;
use crate::web::error::AppError;

pub async fn list(
    state: web::Data<AppState>,
    current: CurrentUser,
    id: web::Path<CentreId>,
    query: web::Query<AuditQuery>,
) -> Result<HttpResponse, AppError> {
    let page = audit_trail::entries(&state, &current, &id, &query).await?;
    Ok(HttpResponse::Ok().json(AuditTrail {
        entries: page.entries.iter().map(AuditEntryOut::from).collect(),
        next: page.next,
    }))
}
