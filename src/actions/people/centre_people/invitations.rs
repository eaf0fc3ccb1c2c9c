//! People belong to centres by consent: adding someone who already has an account but does not
//! belong to the centre invites them (in the app and by email); the roles are theirs only once
//! they accept, and until then the centre sees nothing of them.

use serde_json::json;

use super::{NewAccount, add_roles, entry, find_or_create};
use crate::actions::people::registrations::accept_registration;
use crate::actions::{ActionError, Actor, AppState};
use crate::domain::ids::CentreId;
use crate::domain::invitation::{
    InvitationAnswer, Joining, joining, roles_in_words, roles_stored, roles_to_store,
};
use crate::domain::roles::Role;
use crate::store::invitations::{self, Invitation};
use crate::store::json::OptionalJson;
use crate::store::people::{self, User};
use crate::store::{DbConnection, audit, notifications};

/// What adding a person did.
#[derive(Debug, Clone)]
pub enum Added {
    /// The person has the roles now (a new account, or someone already at the centre).
    Joined(User),
    /// The person has an account and does not belong to the centre: they were asked.
    Invited(Box<Invitation>),
}

/// Inside the add-person transaction: the roles added at once, or the person invited.
pub(super) fn join_or_invite(
    conn: &mut DbConnection,
    new: &NewAccount<'_>,
    roles: &[Role],
    now: chrono::NaiveDateTime,
) -> Result<Added, ActionError> {
    let found = people::account_and_membership(conn, &new.candidate.email, new.centre)?;
    let member_here = found.as_ref().is_some_and(|(_, here)| *here);
    let existing = found.map(|(user, _)| user);
    match (joining(existing.is_some(), member_here), existing) {
        (Joining::Invite, Some(user)) => {
            invite(conn, new, &user, roles, now).map(|i| Added::Invited(Box::new(i)))
        }
        _ => {
            let user = find_or_create(conn, new, now)?;
            add_roles(conn, (&user, roles), new.actor, new.centre, now)?;
            Ok(Added::Joined(user))
        }
    }
}

/// The invitation, the person told (in the app and by email) and the audit entry.
fn invite(
    conn: &mut DbConnection,
    new: &NewAccount<'_>,
    user: &User,
    roles: &[Role],
    now: chrono::NaiveDateTime,
) -> Result<Invitation, ActionError> {
    if invitations::waiting(conn, &user.id, new.centre)?.is_some() {
        return Err(ActionError::Conflict(
            "This person has already been invited to the centre; they join once they accept."
                .to_owned(),
        ));
    }
    let centre = people::find_centre(conn, new.centre)?
        .ok_or_else(|| ActionError::NotFound(format!("centre {}", new.centre)))?;
    let invitation = Invitation {
        id: people::new_id(),
        centre_id: new.centre.to_owned(),
        user_id: user.id.clone(),
        roles: roles_to_store(roles),
        invited_by: new.actor.user.id.clone(),
        invited_at: now,
        answer: None,
        answered_at: None,
        registration: OptionalJson(None),
    };
    invitations::insert(conn, &invitation)?;
    let subject = format!("{} invites you to join them", centre.name);
    let body = format!(
        "{} at {} would like to add you as {}. Until you accept, the centre sees nothing of your record. Accept or decline on your home page.",
        new.actor.user.name,
        centre.name,
        roles_in_words(roles)
    );
    notifications::notify_with_mail(conn, &user.id, &subject, &body, "/home", new.base, now)?;
    let details = json!({"roles": invitation.roles, "invitation_id": invitation.id});
    let audited = entry(
        new.actor,
        Some(new.centre),
        "person_invited",
        "user",
        &user.id,
        details,
    );
    audit::append(conn, audited, now)?;
    Ok(invitation)
}

/// The invitations waiting for the caller's answer, with each centre's name.
pub async fn invitations_waiting(
    state: &AppState,
    actor: &Actor,
) -> Result<Vec<(Invitation, String)>, ActionError> {
    let me = actor.user.id.clone();
    Ok(state
        .db
        .run(move |conn| invitations::waiting_for(conn, &me))
        .await?)
}

/// The invited person accepts (the roles are theirs at once) or declines their invitation from
/// the centre; whoever invited them is told in the app. 409 when no invitation from that centre
/// waits for the caller's answer.
pub async fn answer_invitation(
    state: &AppState,
    actor: &Actor,
    centre_id: &CentreId,
    answer: InvitationAnswer,
) -> Result<Vec<Role>, ActionError> {
    let (actor, centre, now) = (actor.clone(), centre_id.to_string(), state.clock.naive());
    state
        .db
        .write(move |conn| -> Result<_, ActionError> {
            let Some(invitation) = invitations::waiting(conn, &actor.user.id, &centre)? else {
                return Err(ActionError::Conflict(
                    "There is no invitation from this centre waiting for your answer.".to_owned(),
                ));
            };
            if !invitations::answer(conn, &invitation.id, answer, now)? {
                return Err(ActionError::Conflict(
                    "This invitation has already been answered.".to_owned(),
                ));
            }
            record_answer(conn, &actor, &invitation, answer, now)
        })
        .await
}

/// Inside the transaction: the roles (when accepted), the audit entry, and the inviter told.
fn record_answer(
    conn: &mut DbConnection,
    actor: &Actor,
    invitation: &Invitation,
    answer: InvitationAnswer,
    now: chrono::NaiveDateTime,
) -> Result<Vec<Role>, ActionError> {
    let held = actor.roles_at(&CentreId::from_stored(invitation.centre_id.as_str()));
    let roles: Vec<Role> = match answer {
        InvitationAnswer::Accepted => roles_stored(&invitation.roles)
            .into_iter()
            .filter(|r| !held.contains(r))
            .collect(),
        InvitationAnswer::Declined => Vec::new(),
    };
    add_roles(
        conn,
        (&actor.user, &roles),
        actor,
        &invitation.centre_id,
        now,
    )?;
    if answer == InvitationAnswer::Accepted {
        accept_registration(conn, &actor.user, invitation, now)?;
    }
    let (action, verb) = match answer {
        InvitationAnswer::Accepted => ("invitation_accepted", "accepted"),
        InvitationAnswer::Declined => ("invitation_declined", "declined"),
    };
    let details = json!({"invitation_id": invitation.id, "roles": invitation.roles});
    let centre = Some(invitation.centre_id.as_str());
    let audited = entry(actor, centre, action, "user", &actor.user.id, details);
    audit::append(conn, audited, now)?;
    let told = format!(
        "{} {verb} your invitation to join the centre.",
        actor.user.name
    );
    let link = format!("/centres/{}", invitation.centre_id);
    notifications::notify(conn, &invitation.invited_by, &told, &told, &link, now)?;
    Ok(roles)
}
