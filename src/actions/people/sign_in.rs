//! Signing in and out, and setting a password by a single-use link. Shared by the pages and the
//! API, so both enforce the same throttle, audit and session rules.

use chrono::{DateTime, Utc};
use serde_json::json;

use crate::actions::ActionError;
use crate::actions::AppState;
use crate::auth::keys::random_hex;
use crate::auth::password::{hash_password, verify_password};
use crate::auth::tokens::Audience;
use crate::domain::password_policy::check_new_password;
use crate::domain::people::FieldError;
use crate::domain::throttle::{PER_ACCOUNT, PER_ADDRESS};
use crate::store::StoreError;
use crate::store::audit::{self, NewAuditEntry};
use crate::store::mail_queue::{self, NewMail};
use crate::store::people::{self, User};
use crate::store::sessions::{self, Session, SingleUseToken};

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
                    &row.id,
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
    record_id: &str,
    details: serde_json::Value,
) -> NewAuditEntry {
    NewAuditEntry {
        actor_id: Some(actor.id.clone()),
        actor_name: actor.name.clone(),
        centre_id: None,
        action: action.to_owned(),
        record_type: record_type.to_owned(),
        record_id: record_id.to_owned(),
        reason: None,
        details,
    }
}

/// End one session now.
pub async fn sign_out(state: &AppState, user: &User, session_id: &str) -> Result<(), ActionError> {
    let now = state.clock.naive();
    let (who, id) = (user.clone(), session_id.to_string());
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

/// What a single-use password link is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PasswordLink {
    /// First password of a new account (valid 72 hours).
    Set,
    /// Forgotten password (valid one hour).
    Reset,
}

impl PasswordLink {
    fn purpose(self) -> &'static str {
        match self {
            Self::Set => "password_set",
            Self::Reset => "password_reset",
        }
    }

    fn validity(self) -> chrono::Duration {
        match self {
            Self::Set => chrono::Duration::hours(72),
            Self::Reset => chrono::Duration::hours(1),
        }
    }
}

/// A single-use link for `user`: the token row to insert (in the caller's transaction) and the
/// URL path that carries the signed token.
pub fn new_password_link(
    tokens: &crate::auth::tokens::Tokens,
    user: &User,
    kind: PasswordLink,
    now: DateTime<Utc>,
) -> Result<(SingleUseToken, String), ActionError> {
    let expires = now + kind.validity();
    let row = SingleUseToken {
        id: uuid::Uuid::new_v4().to_string(),
        user_id: user.id.clone(),
        purpose: kind.purpose().to_owned(),
        expires_at: expires.naive_utc(),
        used_at: None,
        created_at: now.naive_utc(),
    };
    let token = tokens
        .issue(Audience::PasswordReset, &user.id, &row.id, now, expires)
        .map_err(|e| ActionError::Internal(e.to_string()))?;
    Ok((row, format!("/password/{token}")))
}

/// Email a reset link if the address belongs to an account. The answer never says whether it does.
pub async fn request_reset(state: &AppState, email: &str) -> Result<(), ActionError> {
    let now = state.clock.now();
    let email = email.trim().to_lowercase();
    let tokens = state.tokens.clone();
    let base = state.public_url.clone();
    state
        .db
        .write(move |conn| -> Result<_, ActionError> {
            let Some(user) = people::find_user_by_email(conn, &email)?.filter(|u| u.disabled_at.is_none()) else {
                return Ok(());
            };
            // At most three reset mails an hour per account, so nobody can flood an inbox; the
            // answer to the caller stays the same either way.
            let key = format!("reset:{}", user.id);
            let naive = now.naive_utc();
            if sessions::failures_since(conn, &key, naive - chrono::Duration::hours(1))?.len() >= 3 {
                return Ok(());
            }
            sessions::record_failure(conn, &key, naive)?;
            let Ok((row, path)) = new_password_link(&tokens, &user, PasswordLink::Reset, now) else {
                return Err(ActionError::Store(StoreError::Cancelled));
            };
            sessions::insert_token(conn, &row)?;
            let mail = NewMail {
                to_address: user.email.clone(),
                to_name: user.name.clone(),
                subject: "Reset your eportfolio password".to_owned(),
                body_text: format!(
                    "Hello {},\n\nSomeone (we hope you) asked to reset the password of your eportfolio account.\n\nChoose a new password here within one hour:\n{base}{path}\n\nThe link works once. If you did not ask for this, you can ignore this message; your password has not changed.\n",
                    user.name
                ),
            };
            mail_queue::enqueue(conn, &mail, now.naive_utc())?;
            audit::append(conn, entry_for(&user, "password_reset_requested", "user", &user.id, json!({})), now.naive_utc())?;
            Ok(())
        })
        .await?;
    Ok(())
}

/// Check a password link without using it (to show the form, or a plain message if it is spent).
pub async fn check_link(state: &AppState, token: &str) -> Result<User, ActionError> {
    let now = state.clock.now();
    let claims = state
        .tokens
        .verify(token, Audience::PasswordReset, now)
        .map_err(|_| ActionError::Malformed(SPENT.to_owned()))?;
    let naive = now.naive_utc();
    state
        .db
        .run(move |conn| {
            let row = sessions::find_token(conn, &claims.jti)?
                .filter(|t| t.user_id == claims.sub && t.used_at.is_none() && t.expires_at > naive);
            match row {
                Some(_) => people::find_user(conn, &claims.sub),
                None => Ok(None),
            }
        })
        .await?
        .ok_or_else(|| ActionError::Malformed(SPENT.to_owned()))
}

const SPENT: &str =
    "This link has expired or has already been used. Ask for a new one from the sign-in page.";

/// Use a password link once: set the new password and end every session of the account.
pub async fn use_link(
    state: &AppState,
    token: &str,
    new_password: &str,
) -> Result<User, ActionError> {
    let user = check_link(state, token).await?;
    check_new_password(new_password, &user.email, &user.name)
        .map_err(|e| ActionError::Invalid(vec![FieldError::new("password", &e.to_string())]))?;
    let now = state.clock.now();
    let claims = state
        .tokens
        .verify(token, Audience::PasswordReset, now)
        .map_err(|_| ActionError::Malformed(SPENT.to_owned()))?;
    let password = new_password.to_owned();
    let hash = tokio::task::spawn_blocking(move || hash_password(&password))
        .await
        .map_err(|e| ActionError::Internal(e.to_string()))?
        .map_err(|e| ActionError::Internal(e.to_string()))?;
    let naive = now.naive_utc();
    let who = user.clone();
    let used = state
        .db
        .write(move |conn| -> Result<_, ActionError> {
            let purpose = sessions::find_token(conn, &claims.jti)?
                .map(|t| t.purpose)
                .unwrap_or_default();
            if !sessions::consume_token(conn, &claims.jti, &purpose, naive)? {
                return Ok(false);
            }
            people::set_password(conn, &who.id, &hash, naive)?;
            sessions::revoke_sessions_of(conn, &who.id, naive)?;
            audit::append(
                conn,
                entry_for(
                    &who,
                    "password_set",
                    "user",
                    &who.id,
                    json!({"via": purpose}),
                ),
                naive,
            )?;
            Ok(true)
        })
        .await?;
    if used {
        Ok(user)
    } else {
        Err(ActionError::Malformed(SPENT.to_owned()))
    }
}

/// A signed-in person changes their password: the current one is checked, every session ends.
pub async fn change_password(
    state: &AppState,
    user: &User,
    actor: &str,
    new_password: &str,
) -> Result<(), ActionError> {
    let (password, hash) = (actor.to_owned(), user.password_hash.clone());
    let matches = tokio::task::spawn_blocking(move || verify_password(&password, hash.as_deref()))
        .await
        .map_err(|e| ActionError::Internal(e.to_string()))?;
    if !matches {
        return Err(ActionError::Invalid(vec![FieldError::new(
            "current_password",
            "Your actor password is not right",
        )]));
    }
    check_new_password(new_password, &user.email, &user.name)
        .map_err(|e| ActionError::Invalid(vec![FieldError::new("new_password", &e.to_string())]))?;
    let password = new_password.to_owned();
    let hash = tokio::task::spawn_blocking(move || hash_password(&password))
        .await
        .map_err(|e| ActionError::Internal(e.to_string()))?
        .map_err(|e| ActionError::Internal(e.to_string()))?;
    let now = state.clock.naive();
    let who = user.clone();
    state
        .db
        .write(move |conn| -> Result<_, ActionError> {
            people::set_password(conn, &who.id, &hash, now)?;
            sessions::revoke_sessions_of(conn, &who.id, now)?;
            audit::append(
                conn,
                entry_for(&who, "password_changed", "user", &who.id, json!({})),
                now,
            )?;
            Ok(())
        })
        .await?;
    Ok(())
}
