//! Learners belong to centres by consent too: registering someone who already has an account
//! but does not belong to the centre asks them first (in the app and by email). The checked
//! registration waits on their invitation and is made, as registered by whoever asked, when they
//! accept; until then the centre sees nothing of them.

use serde_json::json;

use super::{ReadyRegistration, new_learner_account, store_for};
use crate::actions::{ActionError, Actor};
use crate::domain::invitation::{Joining, joining, roles_to_store};
use crate::domain::registration::PendingRegistration;
use crate::domain::roles::Role;
use crate::store::audit::{self, NewAuditEntry};
use crate::store::invitations::{self, Invitation};
use crate::store::json::OptionalJson;
use crate::store::people::{self, User};
use crate::store::registrations::Registration;
use crate::store::{DbConnection, StoreError, notifications};

/// What registering a learner did.
#[derive(Debug, Clone)]
pub enum Registered {
    /// The registration is made (a new account, or someone who belongs to the centre already).
    Stored(Box<Registration>),
    /// The learner has an account and does not belong to the centre: they were asked, and the
    /// registration is made when they accept.
    Invited(Box<Invitation>),
}

/// Inside the caller's transaction: the registration stored for a new account or someone at the
/// centre already, or the person asked first.
pub(super) fn store_registration(
    conn: &mut DbConnection,
    actor: &Actor,
    centre: &str,
    base: &str,
    ready: &ReadyRegistration,
    now: chrono::NaiveDateTime,
) -> Result<Registered, ActionError> {
    let found = people::account_and_membership(conn, &ready.candidate.email, centre)?;
    let member_here = found.as_ref().is_some_and(|(_, here)| *here);
    let existing = found.map(|(user, _)| user);
    let learner = match (joining(existing.is_some(), member_here), existing) {
        (Joining::Invite, Some(user)) => {
            let asked = Asked {
                actor,
                centre,
                base,
                qualification: &ready.qualification,
            };
            return invite(conn, &asked, &user, &ready.pending, now)
                .map(|i| Registered::Invited(Box::new(i)));
        }
        (_, Some(user)) => user,
        (_, None) => new_learner_account(conn, base, ready, now)?,
    };
    let stored = store_for(conn, actor, centre, &learner, &ready.pending, now)?;
    Ok(Registered::Stored(Box::new(stored)))
}

/// Who asks, where, and for which qualification (in words).
struct Asked<'a> {
    actor: &'a Actor,
    centre: &'a str,
    base: &'a str,
    qualification: &'a str,
}

/// Inside a bulk import's transaction: `user`, who has an account and does not belong to the
/// centre, asked to join it for the registration `ready` holds.
pub(super) fn invite_to_register(
    conn: &mut DbConnection,
    at: &super::bulk::Importing<'_>,
    user: &User,
    ready: &ReadyRegistration,
) -> Result<Invitation, ActionError> {
    let asked = Asked {
        actor: at.actor,
        centre: at.centre,
        base: at.base,
        qualification: &ready.qualification,
    };
    invite(conn, &asked, user, &ready.pending, at.now)
}

/// The invitation holding the registration, the person told (in the app and by email) and the
/// audit entry. A second registration while one waits is refused: it waits for their answer.
fn invite(
    conn: &mut DbConnection,
    asked: &Asked<'_>,
    user: &User,
    pending: &PendingRegistration,
    now: chrono::NaiveDateTime,
) -> Result<Invitation, ActionError> {
    if invitations::waiting(conn, &user.id, asked.centre)?.is_some() {
        return Err(ActionError::Conflict(format!(
            "{} has already been asked to join the centre; they are registered once they accept.",
            pending.checked.learner_email
        )));
    }
    let centre = people::find_centre(conn, asked.centre)?
        .ok_or_else(|| ActionError::NotFound(format!("centre {}", asked.centre)))?;
    let invitation = Invitation {
        id: people::new_id(),
        centre_id: asked.centre.to_owned(),
        user_id: user.id.clone(),
        roles: roles_to_store(&[Role::Learner]),
        invited_by: asked.actor.user.id.clone(),
        invited_at: now,
        answer: None,
        answered_at: None,
        registration: OptionalJson(Some(pending.clone())),
    };
    invitations::insert(conn, &invitation)?;
    let subject = format!("{} would like to register you", centre.name);
    let body = format!(
        "{} at {} would like to register you as a learner on {}. Until you accept, the centre sees nothing of your record. Accept or decline on your home page.",
        asked.actor.user.name, centre.name, asked.qualification
    );
    notifications::notify_with_mail(conn, &user.id, &subject, &body, "/home", asked.base, now)?;
    let audited = NewAuditEntry {
        actor_id: Some(asked.actor.user.id.clone()),
        actor_name: asked.actor.user.name.clone(),
        centre_id: Some(asked.centre.to_owned()),
        action: "learner_invited".to_owned(),
        record_type: "user".to_owned(),
        record_id: user.id.clone(),
        reason: None,
        details: json!({"invitation_id": invitation.id, "qualification_id": pending.checked.qualification_id}),
    };
    audit::append(conn, audited, now)?;
    Ok(invitation)
}

/// Inside the accepting transaction: the registration the invitation holds, made as registered
/// by whoever asked (the learner role comes with it). Nothing for an invitation to staff roles.
pub(in crate::actions::people) fn accept_registration(
    conn: &mut DbConnection,
    learner: &User,
    invitation: &Invitation,
    now: chrono::NaiveDateTime,
) -> Result<Option<Registration>, StoreError> {
    let Some(pending) = invitation.registration.0.as_ref() else {
        return Ok(None);
    };
    // The invitation's `invited_by` references the users table, so the inviter is always there.
    let inviter = people::find_user(conn, &invitation.invited_by)?
        .ok_or(StoreError::Query(diesel::result::Error::NotFound))?;
    let registered_by = Actor {
        user: inviter,
        memberships: Vec::new(),
        eqa_grants: Vec::new(),
        unit_allocations: Vec::new(),
        support_centres: Vec::new(),
    };
    store_for(
        conn,
        &registered_by,
        &invitation.centre_id,
        learner,
        pending,
        now,
    )
    .map(Some)
}
