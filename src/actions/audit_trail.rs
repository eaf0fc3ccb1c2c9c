//! Reading a centre's audit trail, newest first: its centre administrators only. The filter is
//! always bound to the centre the caller was allowed to read.

use crate::actions::access::require_centre_role;
use crate::actions::people::wire::service::AuditQuery;
use crate::actions::{ActionError, Actor, AppState};
use crate::domain::ids::CentreId;
use crate::domain::roles::Role;
use crate::store::audit::{self, AuditEntry};
use crate::store::people::{self, Centre};

/// The most entries one page of the trail shows.
const PAGE: i64 = 200;

/// The trail page: the centre, the entries the query picks, and what its filters offer (the
/// centre's people as (id, name), and the actions recorded there).
pub struct TrailPage {
    pub centre: Centre,
    pub entries: Vec<AuditEntry>,
    pub people: Vec<(String, String)>,
    pub actions: Vec<String>,
}

/// The entries of the centre's trail that the query picks. Centre administrator.
pub async fn entries(
    state: &AppState,
    actor: &Actor,
    centre_id: &CentreId,
    query: &AuditQuery,
) -> Result<Vec<AuditEntry>, ActionError> {
    require_centre_role(actor, centre_id, &[Role::CentreAdmin])?;
    let filter = query.filter(centre_id);
    Ok(state
        .db
        .run(move |conn| audit::list(conn, &filter, PAGE))
        .await?)
}

/// The trail page's content. Centre administrator.
pub async fn page(
    state: &AppState,
    actor: &Actor,
    centre_id: &CentreId,
    query: &AuditQuery,
) -> Result<TrailPage, ActionError> {
    require_centre_role(actor, centre_id, &[Role::CentreAdmin])?;
    let filter = query.filter(centre_id);
    let id = centre_id.to_string();
    let (centre, entries, everyone, actions) = state
        .db
        .run(move |conn| -> Result<_, crate::store::StoreError> {
            Ok((
                people::find_centre(conn, &id)?,
                audit::list(conn, &filter, PAGE)?,
                people::people_of_centre(conn, &id)?,
                audit::actions_of_centre(conn, &id)?,
            ))
        })
        .await?;
    let centre = centre.ok_or_else(|| ActionError::NotFound(format!("centre {centre_id}")))?;
    Ok(TrailPage {
        centre,
        entries,
        people: everyone.into_iter().map(|(u, _)| (u.id, u.name)).collect(),
        actions,
    })
}
