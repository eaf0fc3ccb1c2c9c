//! Every record an external quality assurer opens is logged (who, when, which record) in the
//! audit trail as `eqa_viewed`. The web layer names the record from the route; this finds its
//! centre and writes the entry, for callers who read that centre through an EQA grant only.

use serde_json::json;

use crate::actions::access::{CentreRelation, centre_relation};
use crate::actions::{ActionError, Actor, AppState};
use crate::domain::ids::CentreId;
use crate::store::audit::{self, NewAuditEntry};
use crate::store::eqa::{self, RecordKind};

/// The record a route opens, from its path parameters, most specific first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Opened {
    pub record_type: &'static str,
    pub record_id: String,
    /// Where to find the record's centre.
    pub owner: Owner,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Owner {
    Record(RecordKind, String),
    /// A centre-level page (overview, plans, reports, the sample pack).
    Centre(String),
}

/// Log that the caller opened `opened` at `path`, when they read its centre through an EQA
/// grant; staff of the centre (who may be an EQA elsewhere) are not logged here. A record that
/// no longer exists is not logged.
pub async fn log_view(
    state: &AppState,
    actor: &Actor,
    opened: Opened,
    path: String,
) -> Result<(), ActionError> {
    let (centre, qualification) = match opened.owner {
        Owner::Centre(centre) => (centre, None),
        Owner::Record(kind, id) => {
            let found = state
                .db
                .run(move |conn| eqa::owner_of(conn, kind, &id))
                .await?;
            match found {
                Some((centre, qualification)) => (centre, Some(qualification)),
                None => return Ok(()),
            }
        }
    };
    if !matches!(
        centre_relation(actor, &CentreId::from_stored(centre.as_str())),
        Some(CentreRelation::Eqa(_))
    ) {
        return Ok(());
    }
    let entry = NewAuditEntry {
        actor_id: Some(actor.user.id.clone()),
        actor_name: actor.user.name.clone(),
        centre_id: Some(centre),
        action: eqa::VIEWED.to_owned(),
        record_type: opened.record_type.to_owned(),
        record_id: opened.record_id,
        reason: None,
        details: json!({"path": path, "qualification_id": qualification}),
    };
    let now = state.clock.now().naive_utc();
    state
        .db
        .write(move |conn| audit::append(conn, entry, now).map(|_| ()))
        .await?;
    Ok(())
}
