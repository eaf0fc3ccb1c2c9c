//! Who must use two-step sign-in: a centre's policy (its administrators choose; required of
//! administrators by default) and, at sign-in, whether the person must set it up before
//! going on. A policy applies from each person's next sign-in.

use serde_json::json;

use crate::actions::access::require_centre_role;
use crate::actions::{ActionError, Actor, AppState};
use crate::domain::ids::CentreId;
use crate::domain::people::FieldError;
use crate::domain::roles::Role;
use crate::domain::two_step_policy::{TwoStepPolicy, two_step_required};
use crate::store::audit::{self, NewAuditEntry};
use crate::store::people::{self, User};
use crate::store::two_step_policy as policies;

/// Whether `user`, signing in without two-step sign-in, must set it up first: a role they hold
/// at a centre whose policy requires it, or the platform's rule for its administrators.
pub async fn must_set_up(state: &AppState, user: &User) -> Result<bool, ActionError> {
    let (id, platform_admin) = (user.id.clone(), user.is_platform_admin);
    let platform_requires = state.platform_admins_two_step;
    let held = state
        .db
        .run(move |conn| policies::roles_with_policies(conn, &id))
        .await?;
    Ok(two_step_required(held, platform_admin, platform_requires))
}

/// Whether `user` must use two-step sign-in now (so may not turn it off).
pub(super) fn required_of(
    conn: &mut crate::store::DbConnection,
    user: &User,
    platform_requires: bool,
) -> Result<bool, crate::store::StoreError> {
    let held = policies::roles_with_policies(conn, &user.id)?;
    Ok(two_step_required(
        held,
        user.is_platform_admin,
        platform_requires,
    ))
}

/// The centre's policy, for its administrators.
pub async fn policy_of(
    state: &AppState,
    actor: &Actor,
    centre_id: &CentreId,
) -> Result<TwoStepPolicy, ActionError> {
    require_centre_role(actor, centre_id, &[Role::CentreAdmin])?;
    let id = centre_id.to_string();
    Ok(state
        .db
        .run(move |conn| policies::of_centre(conn, &id))
        .await?)
}

/// A centre administrator sets who must use two-step sign-in at the centre, with its audit
/// entry.
pub async fn set_policy(
    state: &AppState,
    actor: &Actor,
    centre_id: &CentreId,
    policy: Result<TwoStepPolicy, FieldError>,
) -> Result<TwoStepPolicy, ActionError> {
    require_centre_role(actor, centre_id, &[Role::CentreAdmin])?;
    let policy = policy.map_err(|e| ActionError::Invalid(vec![e]))?;
    let (id, now) = (centre_id.to_string(), state.clock.naive());
    let (actor_id, actor_name) = (actor.user.id.clone(), actor.user.name.clone());
    state
        .db
        .write(move |conn| -> Result<_, ActionError> {
            if people::find_centre(conn, &id)?.is_none() {
                return Err(ActionError::NotFound(format!("centre {id}")));
            }
            let before = policies::set(conn, &id, policy, &actor_id, now)?;
            let entry = NewAuditEntry {
                actor_id: Some(actor_id),
                actor_name,
                centre_id: Some(id.clone()),
                action: "two_step_policy_changed".into(),
                record_type: "centre".into(),
                record_id: id,
                reason: None,
                details: json!({"required_for": policy.code(), "before": before.code()}),
            };
            audit::append(conn, entry, now)?;
            Ok(policy)
        })
        .await
}
