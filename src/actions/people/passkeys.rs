//! Passkeys on a person's own account: the second option for two-step sign-in beside the
//! authenticator app. Adding one is two requests (the browser asks for the options, the device
//! answers, the answer is posted with the passkey's name); a person lists and removes theirs.
//! Adding or removing is audited; the last way to sign in in two steps cannot be removed while
//! the person's centre requires it.

use chrono::NaiveDateTime;
use serde_json::json;

use crate::actions::{ActionError, AppState};
use crate::auth::keys::random_hex;
use crate::auth::passkeys::{PasskeyError, RelyingParty};
use crate::domain::ids::UserId;
use crate::domain::people::FieldError;
use crate::store::passkeys::{self, Ceremony, StoredPasskey};
use crate::store::people::User;
use crate::store::{audit, sessions, two_step};

use super::sign_in::entry_for;

/// How long a browser has to answer a passkey ceremony.
pub const CEREMONY_MINUTES: i64 = 5;
/// The longest name a person may give a passkey.
const NAME_LIMIT: usize = 60;

/// One of the person's passkeys, as the account page lists it.
#[derive(Debug, Clone)]
pub struct PasskeySummary {
    pub id: String,
    pub name: String,
    pub added: NaiveDateTime,
    pub last_used: Option<NaiveDateTime>,
}

/// A ceremony begun: its id (posted back with the answer) and the options for the browser.
#[derive(Debug, Clone)]
pub struct Started {
    pub ceremony: String,
    pub options: serde_json::Value,
}

/// What the browser posts back when a passkey was made.
#[derive(Debug, Clone, Default)]
pub struct NewPasskeyAnswer {
    pub ceremony: String,
    pub name: String,
    /// The device's answer, as `PublicKeyCredential.toJSON()` gives it.
    pub answer: String,
}

pub(super) fn party(state: &AppState) -> Result<&RelyingParty, ActionError> {
    state.passkeys.as_deref().ok_or_else(|| {
        ActionError::Conflict(
            "Passkeys work only when this site is reached by its name, not by a numeric address. Use the authenticator app instead, or ask your centre to set the site's address.".to_owned(),
        )
    })
}

fn summary(stored: StoredPasskey) -> PasskeySummary {
    PasskeySummary {
        id: stored.id,
        name: stored.name,
        added: stored.created_at,
        last_used: stored.last_used_at,
    }
}

/// The person's passkeys, oldest first.
pub async fn list(state: &AppState, user: &User) -> Result<Vec<PasskeySummary>, ActionError> {
    let id = user.id.clone();
    let stored = state
        .db
        .run(move |conn| passkeys::of_user(conn, &id))
        .await?;
    Ok(stored.into_iter().map(summary).collect())
}

/// Start adding a passkey: the options the browser's `navigator.credentials.create` takes.
pub async fn begin_adding(state: &AppState, user: &User) -> Result<Started, ActionError> {
    let party = party(state)?;
    let id = user.id.clone();
    let existing = state
        .db
        .run(move |conn| passkeys::of_user(conn, &id))
        .await?;
    let records: Vec<String> = existing.into_iter().map(|p| p.credential).collect();
    let (options, kept) = party
        .start_adding(&user.id, &user.email, &user.name, &records)
        .map_err(|e| ActionError::Internal(e.to_string()))?;
    let ceremony = begin_ceremony(state, &user.id, "add", kept).await?;
    Ok(Started { ceremony, options })
}

/// Keep a ceremony's state for its answer; its id.
pub(super) async fn begin_ceremony(
    state: &AppState,
    user_id: &str,
    purpose: &str,
    kept: String,
) -> Result<String, ActionError> {
    let now = state.clock.naive();
    let ceremony = Ceremony {
        id: random_hex(16),
        user_id: user_id.to_owned(),
        purpose: purpose.to_owned(),
        state: kept,
        expires_at: now + chrono::Duration::minutes(CEREMONY_MINUTES),
    };
    let id = ceremony.id.clone();
    state
        .db
        .write(move |conn| passkeys::begin_ceremony(conn, &ceremony, now))
        .await?;
    Ok(id)
}

fn refused(message: &str) -> ActionError {
    ActionError::Invalid(vec![FieldError::new("passkey", message)])
}

/// The name as kept: trimmed, and "Passkey" when none was given; too long is refused.
fn passkey_name(typed: &str) -> Result<String, ActionError> {
    let name = typed.split_whitespace().collect::<Vec<_>>().join(" ");
    if name.chars().count() > NAME_LIMIT {
        return Err(ActionError::Invalid(vec![FieldError::new(
            "name",
            &format!("Give the passkey a name of at most {NAME_LIMIT} characters."),
        )]));
    }
    Ok(if name.is_empty() {
        "Passkey".to_owned()
    } else {
        name
    })
}

/// Finish adding: the device's answer checked against the ceremony, the passkey kept under the
/// person's name for it. A session that was signed in only to set up two-step sign-in goes on.
pub async fn finish_adding(
    state: &AppState,
    user: &User,
    answer: NewPasskeyAnswer,
) -> Result<PasskeySummary, ActionError> {
    let party = party(state)?;
    let name = passkey_name(&answer.name)?;
    let now = state.clock.naive();
    let (ceremony, id) = (answer.ceremony.clone(), user.id.clone());
    let kept = state
        .db
        .write(move |conn| passkeys::take_ceremony(conn, &ceremony, &id, "add", now))
        .await?
        .ok_or_else(|| refused("Adding the passkey took more than five minutes, or was finished already. Please try again."))?;
    let made = party
        .finish_adding(&answer.answer, &kept)
        .map_err(|e| match e {
            PasskeyError::Unreadable => {
                refused("Your browser's answer could not be read. Please try again.")
            }
            PasskeyError::Refused(_) => refused(
                "Your device's passkey was not accepted. Please try again, or use another device.",
            ),
            PasskeyError::Stored(why) => ActionError::Internal(why),
        })?;
    let row = StoredPasskey {
        id: made.id,
        user_id: user.id.clone(),
        name,
        credential: made.record,
        created_at: now,
        last_used_at: None,
    };
    let (saved, who) = (row.clone(), user.clone());
    state
        .db
        .write(move |conn| -> Result<_, ActionError> {
            if !passkeys::insert(conn, &saved)? {
                return Err(refused("That passkey is already added to an account."));
            }
            sessions::end_two_step_setup(conn, &who.id)?;
            let entry = entry_for(
                &who,
                "passkey_added",
                "account",
                &UserId::from_stored(who.id.as_str()),
                json!({"name": saved.name}),
            );
            audit::append(conn, entry, now)?;
            Ok(())
        })
        .await?;
    Ok(summary(row))
}

/// Remove one of the person's passkeys. Refused when it is their last way to sign in in two
/// steps and their centre (or the platform) requires it.
pub async fn remove(state: &AppState, user: &User, passkey: &str) -> Result<String, ActionError> {
    let (now, who, passkey) = (state.clock.naive(), user.clone(), passkey.to_owned());
    let platform_requires = state.platform_admins_two_step;
    state
        .db
        .write(move |conn| -> Result<_, ActionError> {
            let mine = passkeys::of_user(conn, &who.id)?;
            let Some(found) = mine.iter().find(|p| p.id == passkey) else {
                return Err(ActionError::Conflict(
                    "That passkey is not on your account: it may have been removed already."
                        .to_owned(),
                ));
            };
            let last = mine.len() == 1 && !two_step::is_on(conn, &who.id)?;
            if last && super::two_step_policy::required_of(conn, &who, platform_requires)? {
                return Err(ActionError::Conflict(
                    "This is your last way to sign in in two steps, and your centre requires two-step sign-in for your role. Add another passkey or the authenticator app first, then remove this one.".to_owned(),
                ));
            }
            passkeys::remove(conn, &who.id, &passkey)?;
            let entry = entry_for(&who, "passkey_removed", "account", &UserId::from_stored(who.id.as_str()), json!({"name": found.name}));
            audit::append(conn, entry, now)?;
            Ok(found.name.clone())
        })
        .await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_passkeys_name_is_tidied_defaulted_and_limited() {
        assert_eq!(
            passkey_name("  Work   laptop ").ok().as_deref(),
            Some("Work laptop")
        );
        assert_eq!(passkey_name("   ").ok().as_deref(), Some("Passkey"));
        let Err(ActionError::Invalid(errors)) = passkey_name(&"x".repeat(61)) else {
            panic!("a 61-character name is refused");
        };
        assert_eq!(errors[0].field, "name");
        assert!(errors[0].message.contains("at most 60 characters"));
    }
}
