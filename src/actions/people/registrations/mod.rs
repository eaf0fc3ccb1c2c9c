//! Registering learners, transferring them to another assessor, withdrawing them. Centre
//! administrators act; the history of every change is kept.

use serde_json::json;

use crate::actions::ActionError;
use crate::actions::Actor;
use crate::actions::AppState;
use crate::actions::access::{require_centre_role, require_registration_visible};
use crate::actions::people::sign_in::{PasswordLink, new_password_link};
use crate::domain::credentials::staff_record;
use crate::domain::ids::{CentreId, RegistrationId};
use crate::domain::people::FieldError;
use crate::domain::registration::RegistrationStatus;
use crate::domain::registration::{
    CheckedRegistration, PendingRegistration, Refused, RegistrationInput, StaffFacts,
    check_registration,
};
use crate::domain::roles::Role;
use crate::store::audit::{self, NewAuditEntry};
use crate::store::json::Json;
use crate::store::mail_queue::{self, NewMail};
use crate::store::people::{self, Membership, User};
use crate::store::registrations::{self, PriorLearningRecord, Registration, RegistrationChange};
use crate::store::sessions::SingleUseToken;
use crate::store::{DbConnection, StoreError, sessions};

impl From<Refused> for ActionError {
    fn from(refused: Refused) -> Self {
        match refused {
            Refused::Invalid(errors) => ActionError::Invalid(errors),
            Refused::Rule(rule) => ActionError::Rule(rule),
        }
    }
}

/// What a staff member at the centre counts for in the checks.
pub(super) fn staff_facts(
    conn: &mut DbConnection,
    centre_id: &str,
    user_id: &str,
    role: Role,
) -> Result<Option<StaffFacts>, StoreError> {
    let Some(user) = people::find_user(conn, user_id)? else {
        return Ok(None);
    };
    let holds_role = people::memberships_of(conn, user_id)?
        .iter()
        .any(|m| m.centre_id == centre_id && m.role == role.code());
    let credentials = people::credentials_at(conn, user_id, centre_id)?;
    let record = staff_record(
        credentials
            .iter()
            .map(|c| (c.kind.as_str(), c.code.as_str())),
    );
    Ok(Some(StaffFacts {
        user_id: user.id,
        name: user.name,
        holds_role,
        record,
    }))
}

pub(super) fn entry(
    actor: &Actor,
    centre: &str,
    action: &str,
    id: &str,
    reason: Option<String>,
    details: serde_json::Value,
) -> NewAuditEntry {
    NewAuditEntry {
        actor_id: Some(actor.user.id.clone()),
        actor_name: actor.user.name.clone(),
        centre_id: Some(centre.to_owned()),
        action: action.to_owned(),
        record_type: "registration".to_owned(),
        record_id: id.to_owned(),
        reason,
        details,
    }
}

pub(super) fn change(
    registration_id: &str,
    by: &str,
    at: chrono::NaiveDateTime,
    what: &str,
    reason: &str,
    details: serde_json::Value,
) -> RegistrationChange {
    RegistrationChange {
        id: people::new_id(),
        registration_id: registration_id.to_string(),
        changed_at: at,
        changed_by: by.to_owned(),
        change: what.to_owned(),
        reason: reason.to_owned(),
        details: Json(details),
    }
}

/// A checked registration ready to store: the learner's account to make if they have none,
/// with its set-password link, and the staff ids.
pub struct ReadyRegistration {
    pub pending: PendingRegistration,
    /// The qualification in words, for the learner asked.
    pub qualification: String,
    pub candidate: User,
    pub link: (SingleUseToken, String),
}

pub(super) fn ready(
    state: &AppState,
    checked: CheckedRegistration,
    assessor_id: &str,
    iqa_id: &str,
    tutor_id: &str,
) -> Result<ReadyRegistration, ActionError> {
    let now = state.clock.now();
    let candidate = User {
        id: people::new_id(),
        email: checked.learner_email.clone(),
        name: checked.learner_name.clone(),
        password_hash: None,
        is_platform_admin: false,
        password_changed_at: None,
        disabled_at: None,
        created_at: now.naive_utc(),
    };
    let link = new_password_link(&state.tokens, &candidate, PasswordLink::Set, now)?;
    let qualification = state
        .curriculum
        .qualification_name(&checked.qualification_id);
    let pending = PendingRegistration {
        checked,
        assessor_id: assessor_id.trim().to_owned(),
        iqa_id: iqa_id.trim().to_owned(),
        tutor_id: Some(tutor_id.trim().to_owned()).filter(|t| !t.is_empty()),
    };
    Ok(ReadyRegistration {
        pending,
        qualification,
        candidate,
        link,
    })
}

/// A new learner's account, made now with a welcome mail and its set-password link.
pub(super) fn new_learner_account(
    conn: &mut DbConnection,
    base: &str,
    ready: &ReadyRegistration,
    now: chrono::NaiveDateTime,
) -> Result<User, StoreError> {
    let candidate = &ready.candidate;
    people::insert_user(conn, candidate)?;
    sessions::insert_token(conn, &ready.link.0)?;
    mail_queue::enqueue(
        conn,
        &NewMail {
            to_address: candidate.email.clone(),
            to_name: candidate.name.clone(),
            subject: "You are registered on eportfolio".to_owned(),
            body_text: format!(
                "Hello {},\n\nYou have been registered on {}.\n\nChoose your password here within 72 hours (the link works once):\n{base}{}\n",
                candidate.name, ready.pending.checked.qualification_id, ready.link.1
            ),
        },
        now,
    )?;
    Ok(candidate.clone())
}

/// The registration's first history entry and its audit entry.
fn record_registered(
    conn: &mut DbConnection,
    actor: &Actor,
    centre: &str,
    registration: &Registration,
    pending: &PendingRegistration,
    now: chrono::NaiveDateTime,
) -> Result<(), StoreError> {
    let checked = &pending.checked;
    let prior = checked.prior_learning.as_ref();
    let details = json!({"qualification_id": registration.qualification_id, "assessor_id": pending.assessor_id, "iqa_id": pending.iqa_id, "warnings": checked.warnings,
        "prior_learning": prior.map(|p| &p.description), "exemptions": prior.map(|p| &p.exemptions)});
    if let Some(p) = prior {
        let record = PriorLearningRecord {
            registration_id: registration.id.clone(),
            description: p.description.clone(),
            exemptions: Json(p.exemptions.clone()),
            recorded_by: actor.user.id.clone(),
            recorded_at: now,
        };
        registrations::insert_prior_learning(conn, &record)?;
    }
    registrations::record_change(
        conn,
        &change(
            &registration.id,
            &actor.user.id,
            now,
            "registered",
            "",
            details.clone(),
        ),
    )?;
    audit::append(
        conn,
        entry(
            actor,
            centre,
            "learner_registered",
            &registration.id,
            None,
            details,
        ),
        now,
    )?;
    Ok(())
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
    let checked = &pending.checked;
    people::add_membership(
        conn,
        &Membership {
            id: people::new_id(),
            user_id: learner.id.clone(),
            centre_id: centre.to_owned(),
            role: Role::Learner.code().to_owned(),
            created_at: now,
        },
    )?;
    let registration = Registration {
        id: people::new_id(),
        centre_id: centre.to_owned(),
        learner_id: learner.id.clone(),
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
    registrations::insert(conn, &registration)?;
    if let (Some(name), Some((role, email))) =
        (&checked.authenticator, &checked.authenticator_contact)
    {
        crate::store::authentication::set_authenticator(conn, &registration.id, name, role, email)?;
    }
    record_registered(conn, actor, centre, &registration, pending, now)?;
    Ok(registration)
}

/// Register a learner (making their account if needed), or ask someone with an account who does
/// not belong to the centre first. Returns what was done and the warnings (S6, C8 advice).
pub async fn register(
    state: &AppState,
    actor: &Actor,
    centre_id: &CentreId,
    input: RegistrationInput,
) -> Result<(Registered, Vec<String>), ActionError> {
    require_centre_role(actor, centre_id, &[Role::CentreAdmin])?;
    let (centre, a, i, t) = (
        centre_id.to_string(),
        input.assessor_id.trim().to_owned(),
        input.iqa_id.trim().to_owned(),
        input.tutor_id.trim().to_owned(),
    );
    let (assessor, iqa, tutor_ok) = state
        .db
        .run(move |conn| -> Result<_, ActionError> {
            let tutor_ok = t.is_empty()
                || staff_facts(conn, &centre, &t, Role::Tutor)?.is_some_and(|f| f.holds_role);
            Ok((
                staff_facts(conn, &centre, &a, Role::Assessor)?,
                staff_facts(conn, &centre, &i, Role::Iqa)?,
                tutor_ok,
            ))
        })
        .await?;
    let today = state.clock.now().date_naive();
    let checked = check_registration(
        &state.curriculum,
        &input,
        today,
        assessor.as_ref(),
        iqa.as_ref(),
    )?;
    if !tutor_ok {
        return Err(ActionError::Invalid(vec![FieldError::new(
            "tutor_id",
            "Choose a tutor of this centre, or none",
        )]));
    }
    let warnings = checked.warnings.clone();
    let ready = ready(
        state,
        checked,
        &input.assessor_id,
        &input.iqa_id,
        &input.tutor_id,
    )?;
    let (centre, actor, base, now) = (
        centre_id.to_string(),
        actor.clone(),
        state.public_url.clone(),
        state.clock.naive(),
    );
    let registered = state
        .db
        .write(move |conn| store_registration(conn, &actor, &centre, &base, &ready, now))
        .await?;
    Ok((registered, warnings))
}

/// Anyone who may see it (see `require_registration_visible`).
pub async fn load(
    state: &AppState,
    actor: &Actor,
    id: &RegistrationId,
) -> Result<(Registration, Vec<RegistrationChange>), ActionError> {
    let key = id.to_owned();
    let found = state
        .db
        .run(move |conn| -> Result<_, StoreError> {
            match registrations::find(conn, &key)? {
                Some(r) => Ok(Some((r, registrations::changes(conn, &key)?))),
                None => Ok(None),
            }
        })
        .await?;
    let (registration, changes) =
        found.ok_or_else(|| ActionError::NotFound(format!("registration {id}")))?;
    require_registration_visible(actor, &registration)?;
    Ok((registration, changes))
}

/// C2: the prior learning recognised at registration, for a caller `load` has let see it.
pub async fn prior_learning(
    state: &AppState,
    registration: &Registration,
) -> Result<Option<PriorLearningRecord>, ActionError> {
    let id = registration.id.clone();
    Ok(state
        .db
        .run(move |conn| registrations::prior_learning_of(conn, &id))
        .await?)
}

mod changes;
mod consent;
mod details;
mod import_rows;
mod units;

pub use changes::{TransferInput, WithdrawInput, transfer, withdraw};
pub use consent::Registered;
pub(in crate::actions::people) use consent::accept_registration;
use consent::store_registration;
pub use details::{Editable, change_details, editable, input_of};
pub use import_rows::{ImportStaff, check_import_row, store_all};
pub use units::{
    UnitAllocationInput, UnitStaffing, UnitStaffingList, allocate_unit, staffing_of, unit_staffing,
};
