//! Two-step sign-in for a person's own account: set it up with an authenticator app (a code
//! from the app confirms it, and ten recovery codes are shown once), see whether it is on, and
//! turn it off with the password. A centre administrator resets it for someone at their centre
//! who has lost their phone. Every change is audited.

use serde_json::json;

use crate::actions::ActionError;
use crate::actions::Actor;
use crate::actions::AppState;
use crate::actions::access::require_centre_role;
use crate::auth::sealing::Sealer;
use crate::auth::two_step::{
    CodeRefusal, TwoStepSecret, looks_like_recovery_code, new_recovery_codes, recovery_code_hash,
};
use crate::domain::ids::{CentreId, UserId};
use crate::domain::people::FieldError;
use crate::domain::roles::Role;
use crate::store::people::{self, User};
use crate::store::two_step::{self, Factor};
use crate::store::{DbConnection, StoreError, audit, sessions};

use super::sign_in::entry_for;

/// Where a person's two-step sign-in stands.
#[derive(Debug, Clone)]
pub struct TwoStepStatus {
    pub on: bool,
    /// Being set up: the secret to put into the app.
    pub setting_up: Option<Enrolment>,
    pub recovery_codes_left: i64,
}

/// What the person puts into their authenticator app.
#[derive(Debug, Clone)]
pub struct Enrolment {
    pub secret: TwoStepSecret,
    /// The `otpauth://` address the QR code holds.
    pub address: String,
}

fn enrolment(user: &User, factor: &Factor) -> Enrolment {
    let secret = TwoStepSecret(factor.secret.clone());
    Enrolment {
        address: secret.address(&user.email),
        secret,
    }
}

pub async fn status(state: &AppState, user: &User) -> Result<TwoStepStatus, ActionError> {
    let (id, sealer) = (user.id.clone(), state.secrets.clone());
    let (factor, left) = state
        .db
        .run(move |conn| -> Result<_, StoreError> {
            Ok((
                two_step::find(conn, &sealer, &id)?,
                two_step::recovery_codes_left(conn, &id)?,
            ))
        })
        .await?;
    Ok(TwoStepStatus {
        on: factor.as_ref().is_some_and(|f| f.confirmed_at.is_some()),
        setting_up: factor
            .filter(|f| f.confirmed_at.is_none())
            .map(|f| enrolment(user, &f)),
        recovery_codes_left: left,
    })
}

/// Start setting up (again, if a setting-up was left unfinished). 409 when it is already on.
pub async fn begin(state: &AppState, user: &User) -> Result<Enrolment, ActionError> {
    let factor = Factor {
        user_id: user.id.clone(),
        secret: TwoStepSecret::generate().0,
        confirmed_at: None,
        last_step: 0,
        created_at: state.clock.naive(),
    };
    let (row, sealer) = (factor.clone(), state.secrets.clone());
    state
        .db
        .write(move |conn| -> Result<_, ActionError> {
            if two_step::is_on(conn, &row.user_id)? {
                return Err(ActionError::Conflict(
                    "Two-step sign-in is already on for your account. Turn it off first to set up another app.".to_owned(),
                ));
            }
            two_step::begin(conn, &sealer, &row)
                .map_err(ActionError::from)
        })
        .await?;
    Ok(enrolment(user, &factor))
}

fn code_error(refusal: CodeRefusal) -> ActionError {
    ActionError::Invalid(vec![FieldError::new("code", &refusal.to_string())])
}

/// Confirm the setting-up with a code from the app; the recovery codes, shown this once.
pub async fn confirm(
    state: &AppState,
    user: &User,
    code: &str,
) -> Result<Vec<String>, ActionError> {
    let now = state.clock.now();
    let codes = new_recovery_codes();
    let hashes: Vec<String> = codes.iter().map(|c| recovery_code_hash(c)).collect();
    let (who, code, sealer) = (user.clone(), code.to_owned(), state.secrets.clone());
    state
        .db
        .write(move |conn| -> Result<_, ActionError> {
            let factor = two_step::find(conn, &sealer, &who.id)?
                .filter(|f| f.confirmed_at.is_none())
                .ok_or_else(|| {
                    ActionError::Conflict(
                        "There is no two-step sign-in being set up. Start again from your account page.".to_owned(),
                    )
                })?;
            let step = TwoStepSecret(factor.secret)
                .check(&code, unix(now), factor.last_step)
                .map_err(code_error)?;
            if !two_step::use_step(conn, &who.id, step, now.naive_utc())? {
                return Err(code_error(CodeRefusal::AlreadyUsed));
            }
            two_step::replace_recovery_codes(conn, &who.id, &hashes)?;
            sessions::end_two_step_setup(conn, &who.id)?;
            let entry = entry_for(&who, "two_step_turned_on", "account", &UserId::from_stored(who.id.as_str()), json!({}));
            audit::append(conn, entry, now.naive_utc())?;
            Ok(())
        })
        .await?;
    Ok(codes)
}

/// Turn it off, with the account's password.
pub async fn turn_off(state: &AppState, user: &User, password: &str) -> Result<(), ActionError> {
    if !super::password_links::password_matches(user, password).await? {
        return Err(ActionError::Invalid(vec![FieldError::new(
            "password",
            "That is not your current password.",
        )]));
    }
    let (now, who) = (state.clock.naive(), user.clone());
    let platform_requires = state.platform_admins_two_step;
    state
        .db
        .write(move |conn| -> Result<_, ActionError> {
            let passkeys = crate::store::passkeys::count_of(conn, &who.id)?;
            if passkeys == 0 && super::two_step_policy::required_of(conn, &who, platform_requires)? {
                return Err(ActionError::Conflict(
                    "Your centre requires two-step sign-in for your role, so it cannot be turned off. If you have a new phone, ask your centre administrator to reset it, then set it up again when you next sign in.".to_owned(),
                ));
            }
            two_step::remove(conn, &who.id)?;
            let entry = entry_for(
                &who,
                "two_step_turned_off",
                "account",
                &UserId::from_stored(who.id.as_str()),
                json!({}),
            );
            audit::append(conn, entry, now)?;
            Ok(())
        })
        .await?;
    Ok(())
}

/// The centre's administrator (or the platform administrator) resets the two-step sign-in of
/// someone who holds a role at the centre: it is off, their recovery codes and passkeys are gone
/// and their sessions end; they sign in with their password and set it up again.
pub async fn reset(
    state: &AppState,
    actor: &Actor,
    centre: &CentreId,
    person: &UserId,
) -> Result<(), ActionError> {
    require_centre_role(actor, centre, &[Role::CentreAdmin])?;
    let (now, acting) = (state.clock.naive(), actor.clone());
    let (centre, id) = (centre.to_string(), person.to_string());
    state
        .db
        .write(move |conn| -> Result<_, ActionError> {
            let belongs = people::memberships_of(conn, &id)?
                .iter()
                .any(|m| m.centre_id == centre);
            if !belongs {
                return Err(ActionError::NotFound(format!("user {id}")));
            }
            let passkeys = crate::store::passkeys::count_of(conn, &id)?;
            if !two_step::is_on(conn, &id)? && passkeys == 0 {
                return Err(ActionError::Conflict(
                    "This person does not use two-step sign-in, so there is nothing to reset."
                        .to_owned(),
                ));
            }
            two_step::remove(conn, &id)?;
            crate::store::passkeys::remove_all_of(conn, &id)?;
            sessions::revoke_sessions_of(conn, &id, now)?;
            let mut entry = entry_for(
                &acting.user,
                "two_step_reset",
                "user",
                &UserId::from_stored(id.as_str()),
                json!({}),
            );
            entry.centre_id = Some(centre);
            audit::append(conn, entry, now)?;
            Ok(())
        })
        .await
}

/// Inside sign-in's transaction: the person's confirmed factor, if they use two-step sign-in.
pub(super) fn confirmed_factor(
    conn: &mut DbConnection,
    sealer: &Sealer,
    user_id: &str,
) -> Result<Option<Factor>, StoreError> {
    Ok(two_step::find(conn, sealer, user_id)?.filter(|f| f.confirmed_at.is_some()))
}

/// Inside a write: accept `typed` (a code from the app, or an unused recovery code) for the
/// person, spending it.
pub(super) fn spend_code(
    conn: &mut DbConnection,
    factor: &Factor,
    typed: &str,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<Result<(), CodeRefusal>, StoreError> {
    if looks_like_recovery_code(typed) {
        let spent = two_step::use_recovery_code(
            conn,
            &factor.user_id,
            &recovery_code_hash(typed),
            now.naive_utc(),
        )?;
        return Ok(if spent {
            Ok(())
        } else {
            Err(CodeRefusal::Wrong)
        });
    }
    let step = match TwoStepSecret(factor.secret.clone()).check(typed, unix(now), factor.last_step)
    {
        Ok(step) => step,
        Err(refusal) => return Ok(Err(refusal)),
    };
    Ok(
        if two_step::use_step(conn, &factor.user_id, step, now.naive_utc())? {
            Ok(())
        } else {
            Err(CodeRefusal::AlreadyUsed)
        },
    )
}

fn unix(now: chrono::DateTime<chrono::Utc>) -> u64 {
    u64::try_from(now.timestamp()).unwrap_or_default()
}
