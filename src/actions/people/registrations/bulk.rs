//! A bulk import stored set-based: the accounts the file names are read in one statement per
//! few hundred rows, and the accounts, set-password links, welcome mails, roles, registrations,
//! their history and audit entries are written in multi-row statements, all in the caller's
//! transaction. Someone with an account who does not belong to the centre is asked first, as a
//! single registration would (one by one: the rare case).

use std::collections::HashMap;

use super::consent::{Registered, invite_to_register};
use super::records::{learner_role, registered_rows, welcome_mail};
use super::{ReadyRegistration, entry};
use crate::actions::{ActionError, Actor};
use crate::domain::invitation::{Joining, joining};
use crate::domain::roles::Role;
use crate::store::audit::{self, NewAuditEntry};
use crate::store::mail_queue::{self, NewMail};
use crate::store::people::{self, Membership, User};
use crate::store::registrations::{self, PriorLearningRecord, RegistrationChange};
use crate::store::sessions::{self, SingleUseToken};
use crate::store::{DbConnection, StoreError};

/// Everything a bulk import writes, gathered before any of it is.
#[derive(Default)]
struct Batch {
    accounts: Vec<User>,
    links: Vec<SingleUseToken>,
    mails: Vec<NewMail>,
    roles: Vec<Membership>,
    registrations: Vec<registrations::NewRegistration>,
    changes: Vec<RegistrationChange>,
    prior: Vec<PriorLearningRecord>,
    audit: Vec<NewAuditEntry>,
}

/// Who is importing, where, from which address, and when.
pub(super) struct Importing<'a> {
    pub actor: &'a Actor,
    pub centre: &'a str,
    pub base: &'a str,
    pub now: chrono::NaiveDateTime,
}

/// Store every checked row inside the caller's transaction; what each row did, in order. The
/// import's own audit entry ("registrations imported", with the count) follows the rows'.
pub(super) fn store_rows(
    conn: &mut DbConnection,
    at: &Importing<'_>,
    rows: &[ReadyRegistration],
) -> Result<Vec<Registered>, ActionError> {
    let emails: Vec<String> = rows.iter().map(|r| r.candidate.email.clone()).collect();
    let found = people::accounts_with_roles_at(conn, &emails, at.centre)?;
    let mut batch = Batch::default();
    let mut done = Vec::with_capacity(rows.len());
    for ready in rows {
        done.push(plan_row(conn, at, &found, ready, &mut batch)?);
    }
    let imported = done
        .iter()
        .filter(|d| matches!(d, Registered::Stored(_)))
        .count();
    batch.audit.push(NewAuditEntry {
        record_type: "centre".to_owned(),
        ..entry(
            at.actor,
            at.centre,
            "registrations_imported",
            at.centre,
            None,
            serde_json::json!({"count": imported}),
        )
    });
    write(conn, batch, at.now)?;
    Ok(done)
}

/// One row: asked first (written now), or its rows added to the batch.
fn plan_row(
    conn: &mut DbConnection,
    at: &Importing<'_>,
    found: &HashMap<String, (User, Vec<String>)>,
    ready: &ReadyRegistration,
    batch: &mut Batch,
) -> Result<Registered, ActionError> {
    let account = found.get(&ready.candidate.email);
    let member_here = account.is_some_and(|(_, roles)| !roles.is_empty());
    let learner = match (joining(account.is_some(), member_here), account) {
        (Joining::Invite, Some((user, _))) => {
            let invitation = invite_to_register(conn, at, user, ready)?;
            return Ok(Registered::Invited(Box::new(invitation)));
        }
        (_, Some((user, roles))) => {
            if !roles.iter().any(|r| r == Role::Learner.code()) {
                batch.roles.push(learner_role(&user.id, at.centre, at.now));
            }
            user.id.clone()
        }
        (_, None) => {
            batch.accounts.push(ready.candidate.clone());
            batch.links.push(ready.link.0.clone());
            batch.mails.push(welcome_mail(at.base, ready));
            batch
                .roles
                .push(learner_role(&ready.candidate.id, at.centre, at.now));
            ready.candidate.id.clone()
        }
    };
    let rows = registered_rows(at.actor, at.centre, &learner, &ready.pending, at.now);
    let stored = rows.registration.registration.clone();
    batch.registrations.push(rows.registration);
    batch.changes.push(rows.change);
    batch.prior.extend(rows.prior);
    batch.audit.push(rows.audit);
    Ok(Registered::Stored(Box::new(stored)))
}

/// The batch written, table by table, in multi-row statements.
fn write(
    conn: &mut DbConnection,
    batch: Batch,
    now: chrono::NaiveDateTime,
) -> Result<(), ActionError> {
    people::insert_users(conn, &batch.accounts).map_err(|e| match e {
        StoreError::Duplicate(_) => ActionError::Conflict(
            "One of these learners' email addresses was registered while the file was being imported, so nothing was imported. Import the file again."
                .to_owned(),
        ),
        other => other.into(),
    })?;
    sessions::insert_tokens(conn, &batch.links)?;
    mail_queue::enqueue_all(conn, &batch.mails, now)?;
    people::insert_memberships(conn, &batch.roles)?;
    registrations::insert_all(conn, &batch.registrations, &batch.changes, &batch.prior)?;
    audit::append_all(conn, batch.audit, now)?;
    Ok(())
}
