//! What registering a learner writes, built once as plain rows so that one registration and a
//! bulk import store the same things: the learner role, the registration, its prior learning,
//! its first history entry, its audit entry, and for a new account the welcome mail.

use serde_json::json;

use super::{ReadyRegistration, change, entry};
use crate::actions::Actor;
use crate::domain::registration::{PendingRegistration, RegistrationStatus};
use crate::domain::roles::Role;
use crate::store::audit::{self, NewAuditEntry};
use crate::store::json::Json;
use crate::store::mail_queue::{self, NewMail};
use crate::store::people::{self, Membership, User};
use crate::store::registrations::{
    self, NewRegistration, PriorLearningRecord, Registration, RegistrationChange,
};
use crate::store::{DbConnection, StoreError, sessions};

/// The rows one registration writes (besides the learner's role and account).
pub(super) struct RegisteredRows {
    pub registration: NewRegistration,
    pub prior: Option<PriorLearningRecord>,
    pub change: RegistrationChange,
    pub audit: NewAuditEntry,
}

/// The rows registering `learner_id` as `pending` says, by `actor`, now.
pub(super) fn registered_rows(
    actor: &Actor,
    centre: &str,
    learner_id: &str,
    pending: &PendingRegistration,
    now: chrono::NaiveDateTime,
) -> RegisteredRows {
    let checked = &pending.checked;
    let registration = Registration {
        id: people::new_id(),
        centre_id: centre.to_owned(),
        learner_id: learner_id.to_owned(),
        qualification_id: checked.qualification_id.clone(),
        awarding_body_ref: checked.awarding_body_ref.clone(),
        date_of_birth: checked.date_of_birth,
        start_date: checked.start_date,
        planned_end_date: checked.planned_end_date,
        employer: checked.employer.clone(),
        workplace: checked.workplace.clone(),
        assessor_id: pending.assessor_id.clone(),
        iqa_id: pending.iqa_id.clone(),
        tutor_id: pending.tutor_id.clone(),
        support_needs: checked.support_needs.clone(),
        reasonable_adjustments: checked.reasonable_adjustments.clone(),
        open_learning: checked.open_learning,
        authenticator: checked.authenticator.clone(),
        status: RegistrationStatus::Active,
        registered_on: now.date(),
        created_at: now,
    };
    let prior = checked.prior_learning.as_ref();
    let details = json!({"qualification_id": registration.qualification_id, "assessor_id": pending.assessor_id, "iqa_id": pending.iqa_id, "warnings": checked.warnings,
        "prior_learning": prior.map(|p| &p.description), "exemptions": prior.map(|p| &p.exemptions)});
    let prior = prior.map(|p| PriorLearningRecord {
        registration_id: registration.id.clone(),
        description: p.description.clone(),
        exemptions: Json(p.exemptions.clone()),
        recorded_by: actor.user.id.clone(),
        recorded_at: now,
    });
    let id = registration.id.clone();
    let (role, email) = match (&checked.authenticator, &checked.authenticator_contact) {
        (Some(_), Some((role, email))) => (Some(role.clone()), Some(email.clone())),
        _ => (None, None),
    };
    RegisteredRows {
        registration: NewRegistration {
            registration,
            authenticator_role: role,
            authenticator_email: email,
        },
        prior,
        change: change(&id, &actor.user.id, now, "registered", "", details.clone()),
        audit: entry(actor, centre, "learner_registered", &id, None, details),
    }
}

/// The learner role at the centre, for someone who does not hold it yet.
pub(super) fn learner_role(user_id: &str, centre: &str, now: chrono::NaiveDateTime) -> Membership {
    Membership {
        id: people::new_id(),
        user_id: user_id.to_owned(),
        centre_id: centre.to_owned(),
        role: Role::Learner.code().to_owned(),
        created_at: now,
    }
}

/// The welcome mail of a new account, with its set-password link and the qualification in words.
pub(super) fn welcome_mail(base: &str, ready: &ReadyRegistration) -> NewMail {
    let candidate = &ready.candidate;
    NewMail {
        to_address: candidate.email.clone(),
        to_name: candidate.name.clone(),
        subject: "You are registered on eportfolio".to_owned(),
        body_text: format!(
            "Hello {},\n\nYou have been registered on {}.\n\nChoose your password here within 72 hours (the link works once):\n{base}{}\n",
            candidate.name, ready.qualification, ready.link.1
        ),
    }
}

/// A new learner's account, made now with a welcome mail and its set-password link.
pub(super) fn new_learner_account(
    conn: &mut DbConnection,
    base: &str,
    ready: &ReadyRegistration,
    now: chrono::NaiveDateTime,
) -> Result<User, StoreError> {
    people::insert_user(conn, &ready.candidate)?;
    sessions::insert_token(conn, &ready.link.0)?;
    mail_queue::enqueue(conn, &welcome_mail(base, ready), now)?;
    Ok(ready.candidate.clone())
}

/// Store one registration for `learner` inside the caller's transaction, as registered by
/// `actor`: the learner role, the registration, its first history entry and the audit entry.
pub(super) fn store_for(
    conn: &mut DbConnection,
    actor: &Actor,
    centre: &str,
    learner: &User,
    pending: &PendingRegistration,
    now: chrono::NaiveDateTime,
) -> Result<Registration, StoreError> {
    people::add_membership(conn, &learner_role(&learner.id, centre, now))?;
    let rows = registered_rows(actor, centre, &learner.id, pending, now);
    registrations::insert_all(
        conn,
        std::slice::from_ref(&rows.registration),
        std::slice::from_ref(&rows.change),
        rows.prior.as_slice(),
    )?;
    audit::append(conn, rows.audit, now)?;
    Ok(rows.registration.registration)
}
