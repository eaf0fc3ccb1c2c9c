//! Helpers for the tests in `tests/` (the `testing` feature; never in a production build).

use crate::actions::people::sign_in::{Credentials, SignedIn, open_session};
use crate::actions::{ActionError, AppState};
use crate::auth::tokens::Audience;
use crate::store::people;

/// A session for a person who exists, opened as signing in opens one (the same row, token and
/// audit entry) but without the password check: tests that are not about signing in need not
/// pay argon2 for each person. A few tests still sign in for real.
pub async fn ready_session(
    state: &AppState,
    user_id: &str,
    audience: Audience,
) -> Result<SignedIn, ActionError> {
    let id = user_id.to_owned();
    let user = state
        .db
        .run(move |conn| people::find_user(conn, &id))
        .await?
        .ok_or_else(|| ActionError::NotFound("person".to_owned()))?;
    let credentials = Credentials {
        email: user.email.clone(),
        password: String::new(),
        client_address: "127.0.0.1".to_owned(),
        user_agent: "eportfolio tests".to_owned(),
        one_time_code: None,
    };
    open_session(
        state,
        user,
        &credentials,
        audience,
        state.clock.now(),
        (None, false),
    )
    .await
}
