//! Setting a password by a single-use link (a new account's first password, or a reset), and
//! changing it while signed in.

use chrono::{DateTime, Utc};
use serde_json::json;

use crate::actions::ActionError;
use crate::actions::AppState;
use crate::auth::password::{hash_password, verify_password};
use crate::auth::tokens::Audience;
use crate::domain::ids::UserId;
use crate::domain::password_policy::check_new_password;
use crate::domain::people::FieldError;
use crate::store::StoreError;
use crate::store::audit;
use crate::store::mail_queue::{self, NewMail};
use crate::store::people::{self, User};
use crate::store::sessions::{self, SingleUseToken};

use super::sign_in::entry_for;

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
            audit::append(conn, entry_for(&user, "password_reset_requested", "user", &UserId::from_stored(user.id.as_str()), json!({})), now.naive_utc())?;
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
                    &UserId::from_stored(who.id.as_str()),
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
/// Whether `typed` is the person's password (argon2, off the async threads).
pub(crate) async fn password_matches(user: &User, typed: &str) -> Result<bool, ActionError> {
    let (typed, hash) = (typed.to_owned(), user.password_hash.clone());
    tokio::task::spawn_blocking(move || verify_password(&typed, hash.as_deref()))
        .await
        .map_err(|e| ActionError::Internal(e.to_string()))
}

pub async fn change_password(
    state: &AppState,
    user: &User,
    current: &str,
    new_password: &str,
) -> Result<(), ActionError> {
    if !password_matches(user, current).await? {
        return Err(ActionError::Invalid(vec![FieldError::new(
            "current_password",
            "Your current password is not right",
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
                entry_for(
                    &who,
                    "password_changed",
                    "user",
                    &UserId::from_stored(who.id.as_str()),
                    json!({}),
                ),
                now,
            )?;
            Ok(())
        })
        .await?;
    Ok(())
}
