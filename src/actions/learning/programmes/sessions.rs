//! A programme's sessions: added at the end, edited, and moved up or down.

use serde_json::json;

use super::{audit_entry, buildable, linkable};
use crate::actions::{ActionError, Actor, AppState};
use crate::domain::ids::{CentreId, ProgrammeId, ProgrammeSessionId, QualificationId};
use crate::domain::programme::{SessionInput, check_session, swap_for_move};
use crate::store::audit;
use crate::store::json::Json;
use crate::store::programmes::{self as store, Programme, SCHEDULED, Session};

fn checked_session(
    state: &AppState,
    programme: &Programme,
    input: &SessionInput,
) -> Result<crate::domain::programme::CheckedSession, ActionError> {
    let linkable = linkable(
        &state.curriculum,
        &QualificationId::from_stored(programme.qualification_id.as_str()),
    )
    .ok_or_else(|| {
        ActionError::Conflict(
            "The programme's qualification is no longer in the curriculum.".to_owned(),
        )
    })?;
    check_session(input, &linkable, programme.pacing == SCHEDULED).map_err(ActionError::Invalid)
}

/// Add a session at the end.
pub async fn add_session(
    state: &AppState,
    actor: &Actor,
    programme_id: &ProgrammeId,
    input: SessionInput,
) -> Result<Session, ActionError> {
    let programme = buildable(state, actor, programme_id).await?;
    let c = checked_session(state, &programme, &input)?;
    let now = state.clock.naive();
    let mut session = Session {
        id: uuid::Uuid::new_v4().to_string(),
        programme_id: programme.id.clone(),
        position: 0,
        title: c.title,
        summary: c.summary,
        outcome_ids: Json(c.outcome_ids.clone()),
        criterion_ids: Json(c.criterion_ids),
        starts_on: c.starts_on,
        created_at: now,
    };
    let entry = audit_entry(
        actor,
        &CentreId::from_stored(programme.centre_id.as_str()),
        "programme_session_added",
        ("programme", &programme.id),
        json!({"session_id": session.id, "title": session.title, "outcome_ids": c.outcome_ids}),
    );
    let saved = session.clone();
    let position = state
        .db
        .write(move |conn| -> Result<_, ActionError> {
            let position = store::sessions_of(conn, &saved.programme_id)?
                .iter()
                .map(|s| s.position)
                .max()
                .map_or(1, |p| p + 1);
            store::insert_session(conn, &Session { position, ..saved })?;
            audit::append(conn, entry, now)?;
            Ok(position)
        })
        .await?;
    session.position = position;
    Ok(session)
}

pub(super) fn session_of(
    sessions: &[Session],
    session_id: &str,
) -> Result<(usize, Session), ActionError> {
    sessions
        .iter()
        .position(|s| s.id == session_id)
        .and_then(|i| sessions.get(i).map(|s| (i, s.clone())))
        .ok_or_else(|| ActionError::NotFound(format!("session {session_id}")))
}

/// Change a session's content.
pub async fn edit_session(
    state: &AppState,
    actor: &Actor,
    programme_id: &ProgrammeId,
    session_id: &ProgrammeSessionId,
    input: SessionInput,
) -> Result<Session, ActionError> {
    let programme = buildable(state, actor, programme_id).await?;
    let c = checked_session(state, &programme, &input)?;
    let id = programme.id.clone();
    let sessions = state
        .db
        .run(move |conn| store::sessions_of(conn, &id))
        .await?;
    let (_, old) = session_of(&sessions, session_id)?;
    let session = Session {
        title: c.title,
        summary: c.summary,
        outcome_ids: Json(c.outcome_ids),
        criterion_ids: Json(c.criterion_ids),
        starts_on: c.starts_on,
        ..old
    };
    let now = state.clock.naive();
    let entry = audit_entry(
        actor,
        &CentreId::from_stored(programme.centre_id.as_str()),
        "programme_session_changed",
        ("programme", &programme.id),
        json!({"session_id": session.id, "title": session.title}),
    );
    let saved = session.clone();
    state
        .db
        .write(move |conn| {
            store::update_session(conn, &saved)?;
            audit::append(conn, entry, now)
        })
        .await?;
    Ok(session)
}

/// Move a session one place up or down. 409 when it is already first (up) or last (down).
pub async fn move_session(
    state: &AppState,
    actor: &Actor,
    programme_id: &ProgrammeId,
    session_id: &ProgrammeSessionId,
    up: bool,
) -> Result<(), ActionError> {
    let programme = buildable(state, actor, programme_id).await?;
    let id = programme.id.clone();
    let sessions = state
        .db
        .run(move |conn| store::sessions_of(conn, &id))
        .await?;
    let (index, _) = session_of(&sessions, session_id)?;
    let (a, b) = swap_for_move(index, sessions.len(), up).ok_or_else(|| {
        ActionError::Conflict(if up {
            "This session is already the first.".to_owned()
        } else {
            "This session is already the last.".to_owned()
        })
    })?;
    let (Some(first), Some(second)) = (sessions.get(a).cloned(), sessions.get(b).cloned()) else {
        return Err(ActionError::NotFound(format!("session {session_id}")));
    };
    let now = state.clock.naive();
    let entry = audit_entry(
        actor,
        &CentreId::from_stored(programme.centre_id.as_str()),
        "programme_session_moved",
        ("programme", &programme.id),
        json!({"session_id": session_id, "direction": if up { "up" } else { "down" }}),
    );
    state
        .db
        .write(move |conn| {
            store::update_session(
                conn,
                &Session {
                    position: second.position,
                    ..first.clone()
                },
            )?;
            store::update_session(
                conn,
                &Session {
                    position: first.position,
                    ..second
                },
            )?;
            audit::append(conn, entry, now)
        })
        .await?;
    Ok(())
}
