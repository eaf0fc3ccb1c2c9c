//! Centres, people, roles, EQA access, staff credentials and CPD.

use serde::Deserialize;
use serde_json::json;

use crate::actions::ActionError;
use crate::actions::Actor;
use crate::actions::AppState;
use crate::actions::access::{require_centre_role, require_platform_admin};
use crate::actions::people::sign_in::{PasswordLink, new_password_link};
use crate::domain::ids::{CentreId, UserId};
use crate::domain::people::{Email, FieldError, Name, parse_centre_number};
use crate::domain::roles::Role;
use crate::store::audit::{self, NewAuditEntry};
use crate::store::mail_queue::{self, NewMail};
use crate::store::people::{self, Centre, Membership, User};
use crate::store::{StoreError, sessions};

pub(super) fn entry(
    actor: &Actor,
    centre: Option<&str>,
    action: &str,
    record_type: &str,
    record_id: &str,
    details: serde_json::Value,
) -> NewAuditEntry {
    NewAuditEntry {
        actor_id: Some(actor.user.id.clone()),
        actor_name: actor.user.name.clone(),
        centre_id: centre.map(str::to_owned),
        action: action.to_owned(),
        record_type: record_type.to_owned(),
        record_id: record_id.to_owned(),
        reason: None,
        details,
    }
}

/// Write one change and its audit entry in one transaction.
pub(super) async fn save_with_audit<F>(
    state: &AppState,
    change: F,
    audit_entry: NewAuditEntry,
    now: chrono::NaiveDateTime,
) -> Result<(), ActionError>
where
    F: FnOnce(&mut crate::store::DbConnection) -> Result<(), StoreError> + Send + 'static,
{
    state
        .db
        .write(move |conn| -> Result<_, ActionError> {
            change(conn)?;
            audit::append(conn, audit_entry, now)?;
            Ok(())
        })
        .await?;
    Ok(())
}

pub(super) fn invalid_or(errors: Vec<FieldError>) -> Result<(), ActionError> {
    if errors.is_empty() {
        Ok(())
    } else {
        Err(ActionError::Invalid(errors))
    }
}

/// A centre to create: `POST /api/v1/centres`.
#[derive(Debug, Clone, Default, Deserialize, utoipa::ToSchema)]
pub struct NewCentreInput {
    pub name: String,
    #[serde(default)]
    pub cg_centre_number: Option<String>,
    #[serde(default)]
    pub sqa_centre_number: Option<String>,
}

/// Platform administrator only.
pub async fn create_centre(
    state: &AppState,
    actor: &Actor,
    input: NewCentreInput,
) -> Result<Centre, ActionError> {
    require_platform_admin(actor)?;
    let mut errors = Vec::new();
    let name = Name::parse("name", &input.name)
        .map_err(|e| errors.push(e))
        .ok();
    let cg = parse_centre_number("cg_centre_number", input.cg_centre_number.as_deref())
        .map_err(|e| errors.push(e))
        .ok();
    let sqa = parse_centre_number("sqa_centre_number", input.sqa_centre_number.as_deref())
        .map_err(|e| errors.push(e))
        .ok();
    invalid_or(errors)?;
    let now = state.clock.naive();
    let centre = Centre {
        id: people::new_id(),
        name: name.map(|n| n.as_str().to_owned()).unwrap_or_default(),
        cg_centre_number: cg.flatten(),
        sqa_centre_number: sqa.flatten(),
        created_at: now,
    };
    let (row, audit_entry) = (
        centre.clone(),
        entry(
            actor,
            Some(&centre.id),
            "centre_created",
            "centre",
            &centre.id,
            json!({"name": centre.name}),
        ),
    );
    save_with_audit(
        state,
        move |conn| people::insert_centre(conn, &row),
        audit_entry,
        now,
    )
    .await?;
    Ok(centre)
}

/// A person to add with roles (or roles to add to an existing account, by email).
#[derive(Debug, Clone, Default, Deserialize, utoipa::ToSchema)]
pub struct NewPersonInput {
    pub name: String,
    pub email: String,
    /// Role codes: `centre_admin`, `tutor`, `assessor`, `iqa`, `learner`.
    #[serde(default)]
    pub roles: Vec<String>,
}

/// A person's name, email and roles, each checked.
fn person_fields(input: &NewPersonInput) -> Result<(Name, Email, Vec<Role>), ActionError> {
    let mut errors = Vec::new();
    let name = Name::parse("name", &input.name)
        .map_err(|e| errors.push(e))
        .ok();
    let email = Email::parse("email", &input.email)
        .map_err(|e| errors.push(e))
        .ok();
    let roles: Vec<Role> = input.roles.iter().filter_map(|r| Role::parse(r)).collect();
    if roles.is_empty() || roles.len() != input.roles.len() {
        errors.push(FieldError::new("roles", "Choose at least one role"));
    }
    invalid_or(errors)?;
    match (name, email) {
        (Some(name), Some(email)) => Ok((name, email, roles)),
        _ => Err(ActionError::Invalid(vec![])),
    }
}

/// Centre administrator (or platform administrator): add a person with roles, or more roles to
/// someone already at the centre. A new account gets an email with a set-password link; someone
/// with an account who is not at the centre is invited, and joins only once they accept.
pub async fn add_person(
    state: &AppState,
    actor: &Actor,
    centre_id: &CentreId,
    input: NewPersonInput,
) -> Result<Added, ActionError> {
    require_centre_role(actor, centre_id, &[Role::CentreAdmin])?;
    let (name, email, roles) = person_fields(&input)?;
    let now = state.clock.now();
    let naive = now.naive_utc();
    let candidate = User {
        id: people::new_id(),
        email: email.as_str().to_owned(),
        name: name.as_str().to_owned(),
        password_hash: None,
        is_platform_admin: false,
        password_changed_at: None,
        disabled_at: None,
        created_at: naive,
    };
    let link = new_password_link(&state.tokens, &candidate, PasswordLink::Set, now)?;
    let (centre, actor, base) = (
        centre_id.to_string(),
        actor.clone(),
        state.public_url.clone(),
    );
    state
        .db
        .write(move |conn| {
            people::find_centre(conn, &centre)?.ok_or(StoreError::Cancelled)?;
            let new_account = NewAccount {
                candidate: &candidate,
                link: &link,
                base: &base,
                actor: &actor,
                centre: &centre,
            };
            invitations::join_or_invite(conn, &new_account, &roles, naive)
        })
        .await
        .map_err(|e| match e {
            ActionError::Store(StoreError::Cancelled) => {
                ActionError::NotFound(format!("centre {centre_id}"))
            }
            other => other,
        })
}

/// Inside the transaction: each role as a membership of the centre, with its audit entry.
fn add_roles(
    conn: &mut crate::store::DbConnection,
    (user, roles): (&User, &[Role]),
    actor: &Actor,
    centre: &str,
    naive: chrono::NaiveDateTime,
) -> Result<(), StoreError> {
    for role in roles {
        people::add_membership(
            conn,
            &Membership {
                id: people::new_id(),
                user_id: user.id.clone(),
                centre_id: centre.to_owned(),
                role: role.code().to_owned(),
                created_at: naive,
            },
        )?;
        audit::append(
            conn,
            entry(
                actor,
                Some(centre),
                "role_added",
                "user",
                &user.id,
                json!({"role": role.code()}),
            ),
            naive,
        )?;
    }
    Ok(())
}

fn welcome(user: &User, centre: &Centre, base: &str, path: &str) -> NewMail {
    NewMail {
        to_address: user.email.clone(),
        to_name: user.name.clone(),
        subject: format!("Your eportfolio account at {}", centre.name),
        body_text: format!(
            "Hello {},\n\n{} has given you an account on eportfolio.\n\nChoose your password here within 72 hours (the link works once):\n{base}{path}\n\nThen sign in at {base}/sign-in with this email address.\n",
            user.name, centre.name
        ),
    }
}

/// Centre administrator: remove a role; the person's sessions end at once.
pub async fn remove_role(
    state: &AppState,
    actor: &Actor,
    centre_id: &CentreId,
    user_id: &UserId,
    role: &str,
) -> Result<(), ActionError> {
    require_centre_role(actor, centre_id, &[Role::CentreAdmin])?;
    let role = Role::parse(role).ok_or_else(|| ActionError::NotFound(format!("role {role}")))?;
    let now = state.clock.naive();
    let (centre, user, actor) = (centre_id.to_string(), user_id.to_string(), actor.clone());
    let removed = state
        .db
        .write(move |conn| -> Result<_, ActionError> {
            if !people::remove_membership(conn, &user, &centre, role.code())? {
                return Ok(false);
            }
            sessions::revoke_sessions_of(conn, &user, now)?;
            audit::append(
                conn,
                entry(
                    &actor,
                    Some(&centre),
                    "role_removed",
                    "user",
                    &user,
                    json!({"role": role.code()}),
                ),
                now,
            )?;
            Ok(true)
        })
        .await?;
    if removed {
        Ok(())
    } else {
        Err(ActionError::NotFound(format!(
            "that role for user {user_id}"
        )))
    }
}

/// An account to make if the email has none: the person, their set-password link, and who is
/// making it for which centre.
struct NewAccount<'a> {
    candidate: &'a User,
    link: &'a (crate::store::sessions::SingleUseToken, String),
    base: &'a str,
    actor: &'a Actor,
    centre: &'a str,
}

/// The account with the candidate's email, or the candidate made now: inserted with its
/// single-use link, a welcome email queued and the audit entry written, in the caller's transaction.
fn find_or_create(
    conn: &mut crate::store::DbConnection,
    new: &NewAccount<'_>,
    now: chrono::NaiveDateTime,
) -> Result<User, StoreError> {
    if let Some(user) = people::find_user_by_email(conn, &new.candidate.email)? {
        return Ok(user);
    }
    let centre_row = people::find_centre(conn, new.centre)?.ok_or(StoreError::Cancelled)?;
    people::insert_user(conn, new.candidate)?;
    sessions::insert_token(conn, &new.link.0)?;
    mail_queue::enqueue(
        conn,
        &welcome(new.candidate, &centre_row, new.base, &new.link.1),
        now,
    )?;
    let details = json!({"email": new.candidate.email});
    audit::append(
        conn,
        entry(
            new.actor,
            Some(new.centre),
            "user_created",
            "user",
            &new.candidate.id,
            details,
        ),
        now,
    )?;
    Ok(new.candidate.clone())
}

/// The account with this email, made (with a set-password email) if there is none.
pub(super) async fn ensure_account(
    state: &AppState,
    actor: &Actor,
    centre_id: &str,
    person: NewPersonInput,
) -> Result<User, ActionError> {
    let now = state.clock.now();
    let candidate = User {
        id: people::new_id(),
        email: person.email.clone(),
        name: person.name.clone(),
        password_hash: None,
        is_platform_admin: false,
        password_changed_at: None,
        disabled_at: None,
        created_at: now.naive_utc(),
    };
    let link = new_password_link(&state.tokens, &candidate, PasswordLink::Set, now)?;
    let (centre, actor, base) = (
        centre_id.to_string(),
        actor.clone(),
        state.public_url.clone(),
    );
    Ok(state
        .db
        .write(move |conn| {
            let new_account = NewAccount {
                candidate: &candidate,
                link: &link,
                base: &base,
                actor: &actor,
                centre: &centre,
            };
            find_or_create(conn, &new_account, now.naive_utc())
        })
        .await?)
}

mod eqa;
mod invitations;
mod role_removal;
mod staff;

pub use eqa::{EqaGrantInput, grant_eqa};
pub use invitations::{Added, answer_invitation, invitations_waiting};
pub use role_removal::{RoleRemoval, preview as preview_role_removal};
pub use staff::{
    CpdInput, CredentialInput, StaffRecordView, add_cpd, add_credential, staff_record_of,
};
