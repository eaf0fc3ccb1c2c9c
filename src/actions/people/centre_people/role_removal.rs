//! What removing a role would do, for the page that asks the centre administrator to confirm it:
//! whose role, and how many active learners still name them in it.

use crate::actions::access::require_centre_role;
use crate::actions::{ActionError, Actor, AppState};
use crate::domain::ids::{CentreId, UserId};
use crate::domain::roles::Role;
use crate::store::{people, registrations};

/// A role removal not yet made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RoleRemoval {
    pub person: String,
    pub role: Role,
    pub centre: String,
    /// Active registrations at the centre that name the person in this role.
    pub active_registrations: i64,
}

/// The removal a centre administrator is about to confirm; 404 when the person does not hold
/// the role at the centre.
pub async fn preview(
    state: &AppState,
    actor: &Actor,
    centre_id: &CentreId,
    user_id: &UserId,
    role: &str,
) -> Result<RoleRemoval, ActionError> {
    require_centre_role(actor, centre_id, &[Role::CentreAdmin])?;
    let role = Role::parse(role).ok_or_else(|| ActionError::NotFound(format!("role {role}")))?;
    let (centre, user) = (centre_id.to_string(), user_id.to_string());
    let found = state
        .db
        .run(move |conn| -> Result<_, ActionError> {
            let holds = people::memberships_of(conn, &user)?
                .iter()
                .any(|m| m.centre_id == centre && m.role == role.code());
            let person = people::find_user(conn, &user)?.filter(|_| holds);
            let Some(person) = person else {
                return Ok(None);
            };
            let centre_name = people::find_centre(conn, &centre)?.map(|c| c.name);
            let active = registrations::active_held_in_role(conn, &centre, &user, role)?;
            Ok(Some((person.name, centre_name.unwrap_or_default(), active)))
        })
        .await?;
    let (person, centre, active_registrations) =
        found.ok_or_else(|| ActionError::NotFound(format!("that role for user {user_id}")))?;
    Ok(RoleRemoval {
        person,
        role,
        centre,
        active_registrations,
    })
}
