//! Where a person is signed in: their open sessions (pages and API tokens), with the device in
//! words, for their account page; and signing one of them out. Each is named by a reference
//! derived from its session id, so the id itself (which tokens carry) is never shown.

use chrono::NaiveDateTime;
use serde_json::json;
use sha2::{Digest, Sha256};

use crate::actions::{ActionError, Actor, AppState};
use crate::auth::tokens::Audience;
use crate::domain::devices::device_words;
use crate::domain::ids::SessionId;
use crate::store::{audit, sessions};

use super::sign_in::entry_for;

/// One open session, as its owner sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignedInPlace {
    /// Names this place for signing it out (not the session id).
    pub reference: String,
    /// "Firefox on Linux", "A program (curl)".
    pub device: String,
    /// A page session (a browser) or an API token (a program).
    pub api: bool,
    pub client_address: String,
    pub signed_in_at: NaiveDateTime,
    pub last_seen_at: NaiveDateTime,
    /// The session this request came with.
    pub this_one: bool,
}

/// The caller's open sessions, most recently used first; `current` is marked as this one.
pub async fn where_signed_in(
    state: &AppState,
    actor: &Actor,
    current: &SessionId,
) -> Result<Vec<SignedInPlace>, ActionError> {
    let now = state.clock.naive();
    let idle_since = now - state.sessions.idle_timeout;
    let (me, current) = (actor.user.id.clone(), current.to_string());
    let open = state
        .db
        .run(move |conn| sessions::live_of(conn, &me, idle_since, now))
        .await?;
    Ok(open
        .into_iter()
        .map(|s| SignedInPlace {
            reference: reference_of(&SessionId::from_stored(s.id.as_str())),
            device: device_words(&s.user_agent),
            api: s.purpose == Audience::Api.as_str(),
            client_address: s.client_address,
            signed_in_at: s.created_at,
            last_seen_at: s.last_seen_at,
            this_one: s.id == current,
        })
        .collect())
}

/// The reference shown for a session: 20 hex digits of SHA-256 over its id.
fn reference_of(session: &SessionId) -> String {
    let digest = Sha256::digest(format!("signed-in place:{session}").as_bytes());
    digest.iter().take(10).map(|b| format!("{b:02x}")).collect()
}

/// What signing out one place did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PlaceSignedOut {
    /// Another browser or program was signed out.
    Another,
    /// The session this request came with was signed out.
    ThisOne,
    /// None of the caller's sessions is open under that reference (signed out already).
    AlreadyGone,
}

/// Sign out the caller's open session named by `reference` (another browser or program, or
/// `current`, the one this request came with). Audited with the device in words.
pub async fn sign_out_place(
    state: &AppState,
    actor: &Actor,
    current: &SessionId,
    reference: &str,
) -> Result<PlaceSignedOut, ActionError> {
    let now = state.clock.naive();
    let idle_since = now - state.sessions.idle_timeout;
    let (who, reference) = (actor.user.clone(), reference.to_owned());
    let current = current.to_string();
    state
        .db
        .write(move |conn| -> Result<_, ActionError> {
            let open = sessions::live_of(conn, &who.id, idle_since, now)?;
            let Some(found) = open
                .into_iter()
                .find(|s| reference_of(&SessionId::from_stored(s.id.as_str())) == reference)
            else {
                return Ok(PlaceSignedOut::AlreadyGone);
            };
            sessions::revoke_session(conn, &found.id, now)?;
            let id = SessionId::from_stored(found.id.as_str());
            let details = json!({"device": device_words(&found.user_agent)});
            audit::append(
                conn,
                entry_for(&who, "session_ended", "session", &id, details),
                now,
            )?;
            Ok(if found.id == current {
                PlaceSignedOut::ThisOne
            } else {
                PlaceSignedOut::Another
            })
        })
        .await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_places_reference_is_stable_short_and_not_the_session_id() {
        let text = "6f1d2c3b-4a59-4e8f-9b7a-1c2d3e4f5a6b";
        let id = SessionId::from_stored(text);
        assert_eq!(reference_of(&id), reference_of(&id));
        assert_eq!(reference_of(&id).len(), 20);
        assert!(!text.contains(&reference_of(&id)));
        assert_ne!(
            reference_of(&id),
            reference_of(&SessionId::from_stored("another"))
        );
    }
}
