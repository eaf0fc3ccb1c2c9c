//! `GET /api/v1/centres/{centre_id}/audit`: the trail of a centre, newest first. Centre administrator.

use actix_web::{HttpResponse, web};

use crate::actions::AppState;
use crate::actions::access::require_centre_role;
use crate::actions::people::wire::service::{AuditEntryOut, AuditQuery, AuditTrail};
use crate::domain::ids::CentreId;
use crate::domain::roles::Role;
use crate::store::audit;
use crate::web::auth::CurrentUser;
use crate::web::error::AppError;

pub async fn list(
    state: web::Data<AppState>,
    current: CurrentUser,
    id: web::Path<CentreId>,
    query: web::Query<AuditQuery>,
) -> Result<HttpResponse, AppError> {
    require_centre_role(&current, &id, &[Role::CentreAdmin])?;
    let filter = query.filter(&id);
    let entries = state
        .db
        .run(move |conn| audit::list(conn, &filter, 200))
        .await?;
    Ok(HttpResponse::Ok().json(AuditTrail {
        entries: entries.iter().map(AuditEntryOut::from).collect(),
    }))
}
