//! The caller's notifications as JSON, and marking them read. Signed in; only one's own.

use actix_web::{HttpResponse, web};
use serde::Deserialize;
use serde_json::json;

use crate::actions::AppState;
use crate::actions::people::notifications as act;
use crate::web::auth::CurrentUser;
use crate::web::error::AppError;

/// `GET /api/v1/notifications`: newest first, with the unread count.
pub async fn list(
    state: web::Data<AppState>,
    current: CurrentUser,
) -> Result<HttpResponse, AppError> {
    let (items, unread) = act::list(&state, &current).await?;
    let items: Vec<_> = items
        .iter()
        .map(|n| json!({"id": n.id, "subject": n.subject, "body": n.body, "link": n.link, "created_at": n.created_at.and_utc().to_rfc3339(), "read_at": n.read_at.map(|t| t.and_utc().to_rfc3339())}))
        .collect();
    Ok(HttpResponse::Ok().json(json!({"unread": unread, "notifications": items})))
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct ReadBody {
    /// The notifications to mark; absent means all.
    ids: Option<Vec<String>>,
}

/// `POST /api/v1/notifications/read` `{ids?: [...]}`: how many were marked.
pub async fn mark_read(
    state: web::Data<AppState>,
    current: CurrentUser,
    input: web::Json<ReadBody>,
) -> Result<HttpResponse, AppError> {
    let marked = act::mark_read(&state, &current, input.into_inner().ids).await?;
    Ok(HttpResponse::Ok().json(json!({"marked": marked})))
}
