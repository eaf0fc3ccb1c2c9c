//! Where a person is signed in: their open sessions (pages and API tokens), with the device in
//! words, for their account page. Read-only; changing the password ends them all.

use chrono::NaiveDateTime;

use crate::actions::{ActionError, Actor, AppState};
use crate::auth::tokens::Audience;
use crate::domain::devices::device_words;
use crate::domain::ids::SessionId;
use crate::store::sessions;

/// One open session, as its owner sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignedInPlace {
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
            device: device_words(&s.user_agent),
            api: s.purpose == Audience::Api.as_str(),
            client_address: s.client_address,
            signed_in_at: s.created_at,
            last_seen_at: s.last_seen_at,
            this_one: s.id == current,
        })
        .collect())
}
