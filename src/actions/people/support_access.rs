//! Support access: a centre's own administrator lets the platform's administrators act as the
//! centre's administrator for a few days, for a stated reason, and may end it early. Giving,
//! renewing and ending it are the centre's alone (a platform administrator it let in gets 403),
//! and each is in the centre's audit trail.

use serde_json::json;

use crate::actions::access::require_centre_visible;
use crate::actions::audit::entry;
use crate::actions::{ActionError, Actor, AppState};
use crate::domain::ids::CentreId;
use crate::domain::roles::Role;
use crate::domain::support_access::{check, ends_at};
use crate::store::audit;
use crate::store::people;
use crate::store::support_access::{self as grants, SupportGrant};

/// The centre's own administrators only: 404 for anyone the centre does not know, 403 for the
/// rest (a platform administrator let in by support access included).
fn require_own_admin(actor: &Actor, centre_id: &CentreId) -> Result<(), ActionError> {
    require_centre_visible(actor, centre_id)?;
    if actor.has_role(centre_id, Role::CentreAdmin) {
        Ok(())
    } else {
        Err(ActionError::Forbidden)
    }
}

/// The centre's support access standing now, if any.
pub async fn standing(
    state: &AppState,
    actor: &Actor,
    centre_id: &CentreId,
) -> Result<Option<SupportGrant>, ActionError> {
    require_own_admin(actor, centre_id)?;
    let (id, now) = (centre_id.to_string(), state.clock.naive());
    Ok(state
        .db
        .run(move |conn| grants::live_of_centre(conn, &id, now))
        .await?)
}

/// Give the platform's administrators support access for `days` (1 to 7), for `reason`; one
/// standing already is replaced (renewed from now).
pub async fn grant(
    state: &AppState,
    actor: &Actor,
    centre_id: &CentreId,
    (reason, days): (&str, &str),
) -> Result<SupportGrant, ActionError> {
    require_own_admin(actor, centre_id)?;
    let asked = check(reason, days).map_err(ActionError::Invalid)?;
    let now = state.clock.naive();
    let grant = SupportGrant {
        id: people::new_id(),
        centre_id: centre_id.to_string(),
        granted_by: actor.user.id.clone(),
        reason: asked.reason.clone(),
        granted_at: now,
        ends_at: ends_at(now, asked.days),
        ended_at: None,
        ended_by: None,
    };
    let row = grant.clone();
    let record = entry(
        actor,
        Some(centre_id),
        "support_access_granted",
        ("centre", centre_id.as_str()),
    )
    .because(Some(asked.reason))
    .details(json!({"days": asked.days, "ends_at": row.ends_at.and_utc().to_rfc3339()}));
    state
        .db
        .write(move |conn| -> Result<_, ActionError> {
            grants::end(conn, &row.centre_id, &row.granted_by, now)?;
            grants::insert(conn, &row)?;
            audit::append(conn, record.build(), now)?;
            Ok(())
        })
        .await?;
    Ok(grant)
}

/// End the centre's support access now. 409 when none stands.
pub async fn end(state: &AppState, actor: &Actor, centre_id: &CentreId) -> Result<(), ActionError> {
    require_own_admin(actor, centre_id)?;
    let (id, by, now) = (
        centre_id.to_string(),
        actor.user.id.clone(),
        state.clock.naive(),
    );
    let record = entry(
        actor,
        Some(centre_id),
        "support_access_ended",
        ("centre", centre_id.as_str()),
    );
    state
        .db
        .write(move |conn| -> Result<_, ActionError> {
            if grants::end(conn, &id, &by, now)? == 0 {
                return Err(ActionError::Conflict(
                    "The platform's administrators have no support access to this centre now, so there is nothing to end.".to_owned(),
                ));
            }
            audit::append(conn, record.build(), now)?;
            Ok(())
        })
        .await
}
