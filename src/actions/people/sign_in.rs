//! Signing in and out, and setting a password by a single-use link. Shared by the pages and the
//! API, so both enforce the same throttle, audit and session rules.

use chrono::{DateTime, Utc};
use serde_json::json;

use crate::actions::ActionError;
use crate::actions::AppState;
use crate::auth::keys::random_hex;
use crate::auth::password::verify_password;
use crate::auth::tokens::Audience;
use crate::domain::ids::{RecordId, SessionId};
use crate::domain::throttle::{PER_ACCOUNT, PER_ADDRESS};
use crate::store::audit::{self, NewAuditEntry};
use crate::store::people::{self, User};
use crate::store::sessions::{self, Session};

use super::two_step;

#[derive(Debug, Clone, Default)]
pub struct Credentials {
    pub email: String,
    pub password: String,
    pub client_address: String,
    pub user_agent: String,
    /// The second step, for people who use two-step sign-in: a code from their authenticator
    /// app or a recovery code (the API takes it with the password; the pages ask after it).
    pub one_time_code: Option<String>,
}

/// How far a right password gets: a session, or (two-step sign-in) a five-minute token that
/// the second step's form carries.
pub enum FirstStep {
    SignedIn(Box<SignedIn>),
    CodeNeeded { challenge: String },
}

/// A code typed for an account whose second step is a passkey only.
const PASSKEY_ONLY: &str = "Your account's second step is a passkey, not a code from an app: use your passkey on the sign-in page.";

/// How long the second step's form stays valid.
const SECOND_STEP_MINUTES: i64 = 5;

pub struct SignedIn {
    pub token: String,
    pub session: Session,
    pub user: User,
}

pub(super) fn account_key(email: &str) -> String {
    format!("account:{}", email.trim().to_lowercase())
}

fn address_key(address: &str) -> String {
    format!("address:{address}")
}

/// Check the password (and the second step, when the person uses one and it was given) and open
/// a session. A person who uses two-step sign-in and gave no code is refused with
/// `SecondFactorRequired`.
pub async fn sign_in(
    state: &AppState,
    credentials: Credentials,
    audience: Audience,
) -> Result<SignedIn, ActionError> {
    match first_step(state, credentials, audience).await? {
        FirstStep::SignedIn(signed_in) => Ok(*signed_in),
        FirstStep::CodeNeeded { .. } => Err(ActionError::SecondFactorRequired),
    }
}

/// The password step: a session, or the token for the second step's form.
pub async fn first_step(
    state: &AppState,
    credentials: Credentials,
    audience: Audience,
) -> Result<FirstStep, ActionError> {
    let now = state.clock.now();
    let user = check_password(state, &credentials).await?;
    let (id, sealer) = (user.id.clone(), state.secrets.clone());
    let (factor, passkeys) = state
        .db
        .run(move |conn| -> Result<_, crate::store::StoreError> {
            let factor = two_step::confirmed_factor(conn, &sealer, &id)?;
            Ok((factor, crate::store::passkeys::count_of(conn, &id)? > 0))
        })
        .await?;
    let account = Some(account_key(&credentials.email));
    let setup = match (factor, credentials.one_time_code.as_deref()) {
        (None, _) if !passkeys => super::two_step_policy::must_set_up(state, &user).await?,
        (Some(factor), Some(code)) => {
            check_code(state, &credentials, factor, code).await?;
            false
        }
        (None, Some(_)) => return Err(ActionError::SecondFactorRefused(PASSKEY_ONLY.to_owned())),
        (_, None) => {
            let challenge = state
                .tokens
                .issue(
                    Audience::SecondStep,
                    &user.id,
                    &random_hex(16),
                    now,
                    now + chrono::Duration::minutes(SECOND_STEP_MINUTES),
                )
                .map_err(|e| ActionError::Internal(e.to_string()))?;
            return Ok(FirstStep::CodeNeeded { challenge });
        }
    };
    let opened = open_session(state, user, &credentials, audience, now, (account, setup)).await?;
    Ok(FirstStep::SignedIn(Box::new(opened)))
}

/// The second step of a page sign-in: the token from the first step and the code typed.
pub async fn second_step(
    state: &AppState,
    challenge: &str,
    credentials: Credentials,
) -> Result<SignedIn, ActionError> {
    let user = challenged(state, challenge).await?;
    let (sealer, id) = (state.secrets.clone(), user.id.clone());
    let factor = state
        .db
        .run(move |conn| two_step::confirmed_factor(conn, &sealer, &id))
        .await?
        .ok_or_else(|| ActionError::SecondFactorRefused(PASSKEY_ONLY.to_owned()))?;
    let credentials = Credentials {
        email: user.email.clone(),
        ..credentials
    };
    throttled(state, &credentials).await?;
    let code = credentials.one_time_code.clone().unwrap_or_default();
    check_code(state, &credentials, factor, &code).await?;
    second_step_passed(state, user, &credentials).await
}

/// The person the password step's token names (not disabled since).
pub(super) async fn challenged(state: &AppState, challenge: &str) -> Result<User, ActionError> {
    let claims = state
        .tokens
        .verify(challenge, Audience::SecondStep, state.clock.now())
        .map_err(|_| ActionError::Unauthenticated)?;
    let user = state
        .db
        .run(move |conn| people::find_user(conn, &claims.sub))
        .await?;
    user.filter(|u| u.disabled_at.is_none())
        .ok_or(ActionError::Unauthenticated)
}

/// The second step passed (a code or a passkey): the page session opens.
pub(super) async fn second_step_passed(
    state: &AppState,
    user: User,
    credentials: &Credentials,
) -> Result<SignedIn, ActionError> {
    let account = Some(account_key(&user.email));
    let now = state.clock.now();
    open_session(
        state,
        user,
        credentials,
        Audience::Session,
        now,
        (account, false),
    )
    .await
}

/// The throttle's answer for this account and address: 429 while either must wait.
pub(super) async fn throttled(
    state: &AppState,
    credentials: &Credentials,
) -> Result<(), ActionError> {
    let naive = state.clock.naive();
    let keys = (
        account_key(&credentials.email),
        address_key(&credentials.client_address),
    );
    let wait = state
        .db
        .run(move |conn| -> Result<_, ActionError> {
            let mut wait = None;
            for (key, policy) in [(&keys.0, PER_ACCOUNT), (&keys.1, PER_ADDRESS)] {
                let failures = sessions::failures_since(conn, key, policy.window_start(naive))?;
                wait = wait.max(policy.wait(&failures, naive));
            }
            Ok(wait)
        })
        .await?;
    match wait {
        Some(retry_after) => Err(ActionError::TooManyAttempts { retry_after }),
        None => Ok(()),
    }
}

/// The person whose password this is (throttled; a failure is counted and audited).
async fn check_password(state: &AppState, credentials: &Credentials) -> Result<User, ActionError> {
    throttled(state, credentials).await?;
    let email = credentials.email.clone();
    let user = state
        .db
        .run(move |conn| people::find_user_by_email(conn, &email))
        .await?;
    let password = credentials.password.clone();
    let hash = user.as_ref().and_then(|u| u.password_hash.clone());
    let matches = tokio::task::spawn_blocking(move || verify_password(&password, hash.as_deref()))
        .await
        .map_err(|e| ActionError::Internal(e.to_string()))?;
    match user.filter(|u| matches && u.disabled_at.is_none()) {
        Some(user) => Ok(user),
        None => {
            record_failure(state, credentials).await?;
            Err(ActionError::SignInFailed)
        }
    }
}

/// Spend the second step's code; a wrong one counts as a failed sign-in.
async fn check_code(
    state: &AppState,
    credentials: &Credentials,
    factor: crate::store::two_step::Factor,
    code: &str,
) -> Result<(), ActionError> {
    let (now, typed) = (state.clock.now(), code.to_owned());
    let spent = state
        .db
        .write(move |conn| two_step::spend_code(conn, &factor, &typed, now))
        .await?;
    if let Err(refusal) = spent {
        record_failure(state, credentials).await?;
        return Err(ActionError::SecondFactorRefused(refusal.to_string()));
    }
    Ok(())
}

pub(super) async fn record_failure(
    state: &AppState,
    credentials: &Credentials,
) -> Result<(), ActionError> {
    let now = state.clock.naive();
    let (account, address) = (
        account_key(&credentials.email),
        address_key(&credentials.client_address),
    );
    let email = credentials.email.trim().to_lowercase();
    state
        .db
        .write(move |conn| -> Result<_, ActionError> {
            sessions::record_failure(conn, &account, now)?;
            sessions::record_failure(conn, &address, now)?;
            let entry = NewAuditEntry {
                actor_name: email.clone(),
                action: "sign_in_failed".into(),
                record_type: "account".into(),
                record_id: email,
                ..NewAuditEntry::default()
            };
            audit::append(conn, entry, now)?;
            Ok(())
        })
        .await?;
    Ok(())
}

/// Open a session for `user` (a row, and a token naming it), audited as a sign-in; the failed
/// attempts counted against `account` are cleared in the same transaction. `two_step_setup`:
/// the person must set up two-step sign-in before the session reaches anything else.
pub(crate) async fn open_session(
    state: &AppState,
    user: User,
    credentials: &Credentials,
    audience: Audience,
    now: DateTime<Utc>,
    (account, two_step_setup): (Option<String>, bool),
) -> Result<SignedIn, ActionError> {
    let naive = now.naive_utc();
    let session = Session {
        id: uuid::Uuid::new_v4().to_string(),
        user_id: user.id.clone(),
        purpose: audience.as_str().to_owned(),
        csrf_token: random_hex(32),
        created_at: naive,
        last_seen_at: naive,
        expires_at: naive + state.sessions.absolute_lifetime,
        revoked_at: None,
        client_address: credentials.client_address.chars().take(64).collect(),
        user_agent: credentials.user_agent.chars().take(256).collect(),
        two_step_setup,
    };
    let token = state
        .tokens
        .issue(
            audience,
            &user.id,
            &session.id,
            now,
            now + state.sessions.absolute_lifetime,
        )
        .map_err(|e| ActionError::Internal(e.to_string()))?;
    let (row, who) = (session.clone(), user.clone());
    state
        .db
        .write(move |conn| -> Result<_, ActionError> {
            sessions::insert_session(conn, &row)?;
            if let Some(account) = &account {
                sessions::clear_failures(conn, account)?;
            }
            audit::append(
                conn,
                entry_for(
                    &who,
                    "sign_in",
                    "session",
                    &SessionId::from_stored(row.id.as_str()),
                    json!({"purpose": row.purpose, "two_step_setup": row.two_step_setup}),
                ),
                naive,
            )?;
            Ok(())
        })
        .await?;
    Ok(SignedIn {
        token,
        session,
        user,
    })
}

pub fn entry_for(
    actor: &User,
    action: &str,
    record_type: &str,
    record_id: &impl RecordId,
    details: serde_json::Value,
) -> NewAuditEntry {
    NewAuditEntry {
        actor_id: Some(actor.id.clone()),
        actor_name: actor.name.clone(),
        centre_id: None,
        action: action.to_owned(),
        record_type: record_type.to_owned(),
        record_id: record_id.as_ref().to_owned(),
        reason: None,
        details,
    }
}

/// End one session now.
pub async fn sign_out(
    state: &AppState,
    user: &User,
    session_id: &SessionId,
) -> Result<(), ActionError> {
    let now = state.clock.naive();
    let (who, id) = (user.clone(), session_id.clone());
    state
        .db
        .write(move |conn| -> Result<_, ActionError> {
            sessions::revoke_session(conn, &id, now)?;
            audit::append(
                conn,
                entry_for(&who, "sign_out", "session", &id, json!({})),
                now,
            )?;
            Ok(())
        })
        .await?;
    Ok(())
}

pub use super::password_links::{
    PasswordLink, change_password, check_link, new_password_link, request_reset, use_link,
};

/// The roles the person who has just signed in holds at each centre.
pub async fn memberships(
    state: &AppState,
    signed_in: &SignedIn,
) -> Result<Vec<crate::store::people::Membership>, ActionError> {
    let user_id = signed_in.user.id.clone();
    Ok(state
        .db
        .run(move |conn| people::memberships_of(conn, &user_id))
        .await?)
}
