//! Each person's in-app notifications: listing them and marking them read. Only ever the
//! caller's own; another person's ids are ignored.

use serde_json::json;

use crate::actions::ActionError;
use crate::actions::Actor;
use crate::actions::AppState;
use crate::store::audit::{self, NewAuditEntry};
use crate::store::notifications::{self as store, Notification};

/// How many notifications a list shows.
const LIMIT: i64 = 100;

/// The caller's notifications, newest first, and how many are unread.
pub async fn list(
    state: &AppState,
    actor: &Actor,
) -> Result<(Vec<Notification>, i64), ActionError> {
    let me = actor.user.id.clone();
    state
        .db
        .run(move |conn| -> Result<_, ActionError> {
            Ok((
                store::of_user(conn, &me, LIMIT)?,
                store::unread_count(conn, &me)?,
            ))
        })
        .await
}

/// Mark the caller's notifications read: those named, or all when `ids` is `None`.
pub async fn mark_read(
    state: &AppState,
    actor: &Actor,
    ids: Option<Vec<String>>,
) -> Result<usize, ActionError> {
    let (me, name, now) = (
        actor.user.id.clone(),
        actor.user.name.clone(),
        state.clock.naive(),
    );
    state
        .db
        .write(move |conn| -> Result<_, ActionError> {
            let marked = store::mark_read(conn, &me, ids.as_deref(), now)?;
            if marked > 0 {
                let entry = NewAuditEntry {
                    actor_id: Some(me.clone()),
                    actor_name: name,
                    action: "notifications_read".to_owned(),
                    record_type: "user".to_owned(),
                    record_id: me,
                    details: json!({"marked": marked, "ids": ids}),
                    ..NewAuditEntry::default()
                };
                audit::append(conn, entry, now)?;
            }
            Ok(marked)
        })
        .await
}
