//! The second step of signing in with a passkey, beside the code from an app: the password step
//! gave a five-minute token; with it the browser asks for the options, the device answers, and
//! the answer opens the session. A refused answer counts as a failed sign-in, like a wrong code.

use crate::actions::{ActionError, AppState};
use crate::auth::passkeys::PasskeyError;
use crate::store::{passkeys, two_step};

use super::passkeys::{Started, begin_ceremony, party};
use super::sign_in::{
    Credentials, SignedIn, challenged, record_failure, second_step_passed, throttled,
};

/// The ways the person behind a second-step token can finish signing in.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SecondStepWays {
    /// A code from their authenticator app (or a recovery code).
    pub app_code: bool,
    pub passkey: bool,
}

/// Which ways the person can finish signing in.
pub async fn ways(state: &AppState, challenge: &str) -> Result<SecondStepWays, ActionError> {
    let user = challenged(state, challenge).await?;
    let id = user.id;
    let (app_code, count) = state
        .db
        .run(move |conn| -> Result<_, crate::store::StoreError> {
            Ok((two_step::is_on(conn, &id)?, passkeys::count_of(conn, &id)?))
        })
        .await?;
    Ok(SecondStepWays {
        app_code,
        passkey: count > 0 && state.passkeys.is_some(),
    })
}

/// Start signing in with a passkey: the options for `navigator.credentials.get`.
pub async fn begin(state: &AppState, challenge: &str) -> Result<Started, ActionError> {
    let party = party(state)?;
    let user = challenged(state, challenge).await?;
    let id = user.id.clone();
    let stored = state
        .db
        .run(move |conn| passkeys::of_user(conn, &id))
        .await?;
    if stored.is_empty() {
        return Err(ActionError::Conflict(
            "Your account has no passkey. Type the code from your authenticator app instead."
                .to_owned(),
        ));
    }
    let records: Vec<String> = stored.into_iter().map(|p| p.credential).collect();
    let (options, kept) = party
        .start_sign_in(&records)
        .map_err(|e| ActionError::Internal(e.to_string()))?;
    let ceremony = begin_ceremony(state, &user.id, "sign_in", kept).await?;
    Ok(Started { ceremony, options })
}

/// Finish: the device's answer (`PublicKeyCredential.toJSON()`) checked against the ceremony
/// and the person's passkeys; a session, as the password-and-code sign-in opens one.
pub async fn finish(
    state: &AppState,
    challenge: &str,
    ceremony: &str,
    answer: &str,
    credentials: Credentials,
) -> Result<SignedIn, ActionError> {
    let party = party(state)?;
    let user = challenged(state, challenge).await?;
    let credentials = Credentials {
        email: user.email.clone(),
        ..credentials
    };
    throttled(state, &credentials).await?;
    let (now, id, ceremony) = (state.clock.naive(), user.id.clone(), ceremony.to_owned());
    let (kept, stored) = state
        .db
        .write(move |conn| -> Result<_, crate::store::StoreError> {
            let kept = passkeys::take_ceremony(conn, &ceremony, &id, "sign_in", now)?;
            Ok((kept, passkeys::of_user(conn, &id)?))
        })
        .await?;
    let Some(kept) = kept else {
        return Err(ActionError::SecondFactorRefused(
            "Signing in with your passkey took more than five minutes. Please try again."
                .to_owned(),
        ));
    };
    let records: Vec<(String, String)> = stored.into_iter().map(|p| (p.id, p.credential)).collect();
    let (used, record) = match party.finish_sign_in(answer, &kept, &records) {
        Ok(found) => found,
        Err(PasskeyError::Stored(why)) => return Err(ActionError::Internal(why)),
        Err(_) => {
            record_failure(state, &credentials).await?;
            return Err(ActionError::SecondFactorRefused(
                "Your passkey was not accepted. Please try again, or use another way to sign in."
                    .to_owned(),
            ));
        }
    };
    state
        .db
        .write(move |conn| passkeys::record_use(conn, &used, &record, now))
        .await?;
    second_step_passed(state, user, &credentials).await
}
