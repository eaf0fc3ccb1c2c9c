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

pub struct Credentials {
    pub email: String,
    pub password: String,
    pub client_address: String,
    pub user_agent: String,
}

pub struct SignedIn {
    pub token: String,
    pub session: Session,
    pub user: User,
}

fn account_key(email: &str) -> String {
    format!("account:{}", email.trim().to_lowercase())
}

fn address_key(address: &str) -> String {
    format!("address:{address}")
}

/// Check the password and open a session (a row, and a token naming it).
pub async fn sign_in(
    state: &AppState,
    credentials: Credentials,
    audience: Audience,
) -> Result<SignedIn, ActionError> {
    let now = state.clock.now();
    let naive = now.naive_utc();
    let (account, address) = (
        account_key(&credentials.email),
        address_key(&credentials.client_address),
    );
    let (keys, email) = (
        (account.clone(), address.clone()),
        credentials.email.clone(),
    );
    let (user, wait) = state
        .db
        .run(move |conn| -> Result<_, ActionError> {
            let mut wait = None;
            for (key, policy) in [(&keys.0, PER_ACCOUNT), (&keys.1, PER_ADDRESS)] {
                let failures = sessions::failures_since(conn, key, policy.window_start(naive))?;
                wait = wait.max(policy.wait(&failures, naive));
            }
            Ok((people::find_user_by_email(conn, &email)?, wait))
        })
        .await?;
    if let Some(retry_after) = wait {
        return Err(ActionError::TooManyAttempts { retry_after });
    }
    let password = credentials.password.clone();
    let hash = user.as_ref().and_then(|u| u.password_hash.clone());
    let matches = tokio::task::spawn_blocking(move || verify_password(&password, hash.as_deref()))
        .await
        .map_err(|e| ActionError::Internal(e.to_string()))?;
    let user = user.filter(|u| matches && u.disabled_at.is_none());
    let Some(user) = user else {
        record_failure(state, &credentials, account, address, naive).await?;
        return Err(ActionError::SignInFailed);
    };
    open_session(state, user, &credentials, audience, now, Some(account)).await
}

async fn record_failure(
    state: &AppState,
    credentials: &Credentials,
    account: String,
    address: String,
    now: chrono::NaiveDateTime,
) -> Result<(), ActionError> {
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
/// attempts counted against `account` are cleared in the same transaction.
pub(crate) async fn open_session(
    state: &AppState,
    user: User,
    credentials: &Credentials,
    audience: Audience,
    now: DateTime<Utc>,
    account: Option<String>,
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
                    json!({"purpose": row.purpose}),
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
