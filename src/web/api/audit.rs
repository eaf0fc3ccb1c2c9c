//! `GET /api/v1/centres/{centre_id}/audit`: the trail of a centre, newest first. Centre administrator.

use actix_web::{HttpResponse, web};
use serde::Deserialize;
use serde_json::json;

use crate::actions::AppState;
use crate::actions::access::require_centre_role;
use crate::domain::roles::Role;
use crate::store::audit::{self, AuditFilter};
use crate::web::auth::CurrentUser;
use crate::web::error::AppError;

#[derive(Debug, Default, Deserialize)]
pub struct AuditQuery {
    #[serde(default)]
    pub person: Option<String>,
    #[serde(default)]
    pub record: Option<String>,
    #[serde(default)]
    pub before: Option<i64>,
}

impl AuditQuery {
    pub fn filter(&self, centre_id: &str) -> AuditFilter {
        let clean = |v: &Option<String>| {
            v.as_ref()
                .map(|s| s.trim().to_owned())
                .filter(|s| !s.is_empty())
        };
        AuditFilter {
            centre_id: Some(centre_id.to_owned()),
            actor_id: clean(&self.person),
            record_id: clean(&self.record),
            before: self.before,
        }
    }
}

pub async fn list(
    state: web::Data<AppState>,
    current: CurrentUser,
    id: web::Path<String>,
    query: web::Query<AuditQuery>,
) -> Result<HttpResponse, AppError> {
    require_centre_role(&current, &id, &[Role::CentreAdmin])?;
    let filter = query.filter(&id);
    let entries = state
        .db
        .run(move |conn| audit::list(conn, &filter, 200))
        .await?;
    let list: Vec<_> = entries
        .iter()
        .map(|e| json!({
            "seq": e.seq, "at": e.recorded_at.and_utc().to_rfc3339(), "actor_id": e.actor_id, "actor_name": e.actor_name,
            "action": e.action, "record_type": e.record_type, "record_id": e.record_id, "reason": e.reason,
            "details": serde_json::from_str::<serde_json::Value>(&e.details).unwrap_or_default(), "hash": e.hash,
        }))
        .collect();
    Ok(HttpResponse::Ok().json(json!({"entries": list})))
}
