//! A programme's members: learners added by their registration, and the sessions they mark
//! done.

use serde_json::json;

use super::sessions::session_of;
use super::{audit_entry, buildable, visible};
use crate::actions::{ActionError, Actor, AppState};
use crate::domain::ids::{CentreId, ProgrammeId, ProgrammeSessionId, RegistrationId};
use crate::domain::people::FieldError;
use crate::domain::registration::RegistrationStatus;
use crate::store::audit;
use crate::store::programmes::{self as store, Member, Progress};
use crate::store::registrations;

/// Add a learner by their registration: it must be an active registration of the programme's
/// qualification at its centre (422 otherwise); 409 when already a member.
fn not_a_member() -> ActionError {
    ActionError::Invalid(vec![FieldError::new(
        "registration_id",
        "Choose an active registration on this programme's qualification at the centre",
    )])
}

/// A registration id from a form or a body: one that cannot be an id is refused as any
/// registration that cannot join (422 on `registration_id`).
pub fn member_param(raw: &str) -> Result<RegistrationId, ActionError> {
    RegistrationId::parse(raw).map_err(|_| not_a_member())
}

pub async fn add_member(
    state: &AppState,
    actor: &Actor,
    programme_id: &ProgrammeId,
    registration_id: &RegistrationId,
) -> Result<Member, ActionError> {
    let programme = buildable(state, actor, programme_id).await?;
    let key = registration_id.to_string();
    let registration = state
        .db
        .run(move |conn| registrations::find(conn, &key))
        .await?;
    let registration = registration
        .filter(|r| {
            r.centre_id == programme.centre_id
                && r.qualification_id == programme.qualification_id
                && r.status == RegistrationStatus::Active
        })
        .ok_or_else(not_a_member)?;
    let now = state.clock.naive();
    let member = Member {
        id: uuid::Uuid::new_v4().to_string(),
        programme_id: programme.id.clone(),
        registration_id: registration.id.clone(),
        learner_id: registration.learner_id.clone(),
        joined_at: now,
    };
    let entry = audit_entry(
        actor,
        &CentreId::from_stored(programme.centre_id.as_str()),
        "programme_member_added",
        ("programme", &programme.id),
        json!({"registration_id": member.registration_id, "learner_id": member.learner_id}),
    );
    let saved = member.clone();
    state
        .db
        .write(move |conn| -> Result<(), ActionError> {
            if !store::insert_member(conn, &saved)? {
                return Err(ActionError::Conflict(
                    "This learner is already on the programme.".to_owned(),
                ));
            }
            audit::append(conn, entry, now)?;
            Ok(())
        })
        .await?;
    Ok(member)
}

/// The learner marks a session done (once; 409 the second time). Staff: 403.
pub async fn mark_done(
    state: &AppState,
    actor: &Actor,
    programme_id: &ProgrammeId,
    session_id: &ProgrammeSessionId,
) -> Result<Progress, ActionError> {
    let (programme, _, me) = visible(state, actor, programme_id).await?;
    let member = me.ok_or(ActionError::Forbidden)?;
    let id = programme.id.clone();
    let sessions = state
        .db
        .run(move |conn| store::sessions_of(conn, &id))
        .await?;
    session_of(&sessions, session_id)?;
    let now = state.clock.naive();
    let progress = Progress {
        id: uuid::Uuid::new_v4().to_string(),
        programme_id: programme.id.clone(),
        session_id: session_id.to_string(),
        registration_id: member.registration_id.clone(),
        completed_at: now,
    };
    let entry = audit_entry(
        actor,
        &CentreId::from_stored(programme.centre_id.as_str()),
        "programme_session_done",
        ("programme", &programme.id),
        json!({"session_id": session_id, "registration_id": member.registration_id}),
    );
    let saved = progress.clone();
    state
        .db
        .write(move |conn| -> Result<(), ActionError> {
            if !store::insert_progress(conn, &saved)? {
                return Err(ActionError::Conflict(
                    "You have already marked this session done.".to_owned(),
                ));
            }
            audit::append(conn, entry, now)?;
            Ok(())
        })
        .await?;
    Ok(progress)
}

/// The registrations staff may add to a programme they can read: active, on its qualification,
/// at its centre, and not already members; as (registration id, learner name). Empty for anyone
/// but staff.
pub async fn candidates(
    state: &AppState,
    view: &super::ProgrammeView,
) -> Result<Vec<(String, String)>, ActionError> {
    if !view.staff {
        return Ok(Vec::new());
    }
    let (centre, qualification) = (
        view.programme.centre_id.clone(),
        view.programme.qualification_id.clone(),
    );
    let on: Vec<&str> = view
        .members
        .iter()
        .map(|(m, _)| m.registration_id.as_str())
        .collect();
    let all = state
        .db
        .run(move |conn| registrations::of_centre(conn, &centre))
        .await?;
    Ok(all
        .into_iter()
        .filter(|(r, _)| {
            r.qualification_id == qualification && r.status == RegistrationStatus::Active
        })
        .filter(|(r, _)| !on.contains(&r.id.as_str()))
        .map(|(r, name)| (r.id, name))
        .collect())
}
