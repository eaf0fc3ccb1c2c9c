//! Reading a centre's audit trail, newest first: its centre administrators only. The filter is
//! always bound to the centre the caller was allowed to read.

use crate::actions::access::require_centre_role;
use crate::actions::people::wire::service::AuditQuery;
use crate::actions::{ActionError, Actor, AppState};
use crate::domain::ids::CentreId;
use crate::domain::roles::Role;
use crate::store::audit::{self, AuditEntry};
use crate::store::people::{self, Centre};

/// Entries a page unless the person chooses otherwise, and the most they may choose.
pub const PER_PAGE: i64 = 50;
const MOST_PER_PAGE: i64 = 200;

/// How many entries a page the query asks for, said in words when it cannot be used.
pub fn per_page(query: &AuditQuery) -> Result<i64, ActionError> {
    let refused = || {
        ActionError::Invalid(vec![crate::domain::people::FieldError::new(
            "per_page",
            "Show from 1 to 200 entries a page.",
        )])
    };
    match query.per_page.as_deref().map(str::trim) {
        None | Some("") => Ok(PER_PAGE),
        Some(text) => text
            .parse()
            .ok()
            .filter(|n| (1..=MOST_PER_PAGE).contains(n))
            .ok_or_else(refused),
    }
}

/// A page of entries, newest first, and the sequence number to continue before when older
/// entries follow.
pub struct Entries {
    pub entries: Vec<AuditEntry>,
    pub next: Option<i64>,
}

fn read_page(
    conn: &mut crate::store::DbConnection,
    filter: &audit::AuditFilter,
    per_page: i64,
) -> Result<Entries, crate::store::StoreError> {
    let mut entries = audit::list(conn, filter, per_page + 1)?;
    let more = entries.len() > usize::try_from(per_page).unwrap_or(0);
    entries.truncate(usize::try_from(per_page).unwrap_or(0));
    let next = more.then(|| entries.last().map(|e| e.seq)).flatten();
    Ok(Entries { entries, next })
}

/// The trail page: the centre, the entries the query picks, and what its filters offer (the
/// centre's people as (id, name), and the actions recorded there).
pub struct TrailPage {
    pub centre: Centre,
    pub entries: Entries,
    pub people: Vec<(String, String)>,
    pub actions: Vec<String>,
}

/// The entries of the centre's trail that the query picks. Centre administrator.
pub async fn entries(
    state: &AppState,
    actor: &Actor,
    centre_id: &CentreId,
    query: &AuditQuery,
) -> Result<Entries, ActionError> {
    require_centre_role(actor, centre_id, &[Role::CentreAdmin])?;
    let (filter, per_page) = (query.filter(centre_id), per_page(query)?);
    Ok(state
        .db
        .run(move |conn| read_page(conn, &filter, per_page))
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
    let (filter, per_page) = (query.filter(centre_id), per_page(query)?);
    let id = centre_id.to_string();
    let (centre, entries, everyone, actions) = state
        .db
        .run(move |conn| -> Result<_, crate::store::StoreError> {
            Ok((
                people::find_centre(conn, &id)?,
                read_page(conn, &filter, per_page)?,
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
