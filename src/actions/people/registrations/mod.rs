//! Registering learners, transferring them to another assessor, withdrawing them. Centre
//! administrators act; the history of every change is kept.

use crate::actions::ActionError;
use crate::actions::Actor;
use crate::actions::AppState;
use crate::actions::access::{require_centre_role, require_registration_visible};
use crate::actions::people::sign_in::{PasswordLink, new_password_link};
use crate::domain::credentials::staff_record;
use crate::domain::ids::{CentreId, RegistrationId};
use crate::domain::people::FieldError;
use crate::domain::registration::{
    CheckedRegistration, PendingRegistration, Refused, RegistrationInput, StaffFacts,
    check_registration,
};
use crate::domain::roles::Role;
use crate::store::audit::NewAuditEntry;
use crate::store::json::Json;
use crate::store::people::{self, User};
use crate::store::registrations::{self, PriorLearningRecord, Registration, RegistrationChange};
use crate::store::sessions::SingleUseToken;
use crate::store::{DbConnection, StoreError};

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

mod bulk;
mod changes;
mod consent;
mod details;
mod import_rows;
mod records;
mod units;

pub use changes::{TransferInput, WithdrawInput, transfer, withdraw};
pub use consent::Registered;
pub(in crate::actions::people) use consent::accept_registration;
use consent::store_registration;
pub use details::{Editable, change_details, editable, input_of};
pub use import_rows::{ImportStaff, check_import_row, store_all};
use records::{new_learner_account, store_for};
pub use units::{
    UnitAllocationInput, UnitStaffing, UnitStaffingList, allocate_unit, staffing_of, unit_staffing,
};
