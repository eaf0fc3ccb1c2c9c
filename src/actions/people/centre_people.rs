//! Centres, people, roles, EQA access, staff credentials and CPD.

use chrono::NaiveDate;
use serde::Deserialize;
use serde_json::json;

use crate::actions::ActionError;
use crate::actions::Actor;
use crate::actions::AppState;
use crate::actions::access::{
    require_centre_role, require_platform_admin, require_staff_record_editable,
    require_staff_record_visible,
};
use crate::actions::people::sign_in::{PasswordLink, new_password_link};
use crate::domain::credentials::{parse_credential, staff_record};
use crate::domain::eligibility::{Eligibility, eligibility};
use crate::domain::ids::{CentreId, UserId};
use crate::domain::people::{Email, FieldError, Name, parse_centre_number};
use crate::domain::roles::Role;
use crate::store::audit::{self, NewAuditEntry};
use crate::store::mail_queue::{self, NewMail};
use crate::store::people::{self, Centre, CpdEntry, EqaGrant, Membership, StaffCredential, User};
use crate::store::{StoreError, sessions};

fn entry(
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
async fn save_with_audit<F>(
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

fn invalid_or(errors: Vec<FieldError>) -> Result<(), ActionError> {
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

/// Centre administrator (or platform administrator): add a person with roles, or add roles to
/// someone who already has an account. A new account gets an email with a set-password link.
pub async fn add_person(
    state: &AppState,
    actor: &Actor,
    centre_id: &CentreId,
    input: NewPersonInput,
) -> Result<User, ActionError> {
    require_centre_role(actor, centre_id, &[Role::CentreAdmin])?;
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
    let (Some(name), Some(email)) = (name, email) else {
        return Err(ActionError::Invalid(vec![]));
    };
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
            let user = find_or_create(conn, &new_account, naive)?;
            for role in &roles {
                people::add_membership(
                    conn,
                    &Membership {
                        id: people::new_id(),
                        user_id: user.id.clone(),
                        centre_id: centre.clone(),
                        role: role.code().to_owned(),
                        created_at: naive,
                    },
                )?;
                audit::append(
                    conn,
                    entry(
                        &actor,
                        Some(&centre),
                        "role_added",
                        "user",
                        &user.id,
                        json!({"role": role.code()}),
                    ),
                    naive,
                )?;
            }
            Ok(user)
        })
        .await
        .map_err(|e| match e {
            StoreError::Cancelled => ActionError::NotFound(format!("centre {centre_id}")),
            other => other.into(),
        })
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

/// An EQA to give read-only access to one qualification until a date.
#[derive(Debug, Clone, Default, Deserialize, utoipa::ToSchema)]
pub struct EqaGrantInput {
    pub name: String,
    pub email: String,
    pub qualification_id: String,
    /// The last day of access (YYYY-MM-DD); access ends at the end of that day.
    pub until: String,
}

/// Centre administrator: give a named external quality assurer read-only access to one
/// qualification until a date. A person without an account gets one (and a set-password link).
pub async fn grant_eqa(
    state: &AppState,
    actor: &Actor,
    centre_id: &CentreId,
    input: EqaGrantInput,
) -> Result<EqaGrant, ActionError> {
    require_centre_role(actor, centre_id, &[Role::CentreAdmin])?;
    let mut errors = Vec::new();
    let name = Name::parse("name", &input.name)
        .map_err(|e| errors.push(e))
        .ok();
    let email = Email::parse("email", &input.email)
        .map_err(|e| errors.push(e))
        .ok();
    if state
        .curriculum
        .qualification(&input.qualification_id)
        .is_none()
    {
        errors.push(FieldError::new(
            "qualification_id",
            "Choose a qualification",
        ));
    }
    let today = state.clock.now().date_naive();
    let until = NaiveDate::parse_from_str(input.until.trim(), "%Y-%m-%d").ok();
    match until {
        Some(d) if d < today => errors.push(FieldError::new(
            "until",
            "The end date must be today or later",
        )),
        Some(_) => {}
        None => errors.push(FieldError::new(
            "until",
            "Enter the last day of access, like 2027-03-31",
        )),
    }
    invalid_or(errors)?;
    let (Some(name), Some(email), Some(until)) = (name, email, until) else {
        return Err(ActionError::Invalid(vec![]));
    };
    let person = NewPersonInput {
        name: name.as_str().to_owned(),
        email: email.as_str().to_owned(),
        roles: vec![],
    };
    let user = ensure_account(state, actor, centre_id, person).await?;
    let now = state.clock.naive();
    let grant = EqaGrant {
        id: people::new_id(),
        centre_id: centre_id.to_string(),
        user_id: user.id.clone(),
        qualification_id: input.qualification_id.clone(),
        expires_at: until.and_hms_opt(23, 59, 59).unwrap_or_default(),
        granted_by: actor.user.id.clone(),
        revoked_at: None,
        created_at: now,
    };
    let (row, audit_entry) = (
        grant.clone(),
        entry(
            actor,
            Some(centre_id),
            "eqa_access_granted",
            "user",
            &user.id,
            json!({"qualification_id": grant.qualification_id, "until": input.until}),
        ),
    );
    save_with_audit(
        state,
        move |conn| people::insert_eqa_grant(conn, &row),
        audit_entry,
        now,
    )
    .await?;
    Ok(grant)
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
async fn ensure_account(
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

/// A person's staff record as a centre sees it.
pub struct StaffRecordView {
    pub user: User,
    pub centres: Vec<String>,
    pub memberships: Vec<Membership>,
    pub credentials: Vec<StaffCredential>,
    pub cpd: Vec<CpdEntry>,
    pub eligibility: Eligibility,
}

/// The person themselves, a centre administrator or IQA of one of their centres; others get 404.
pub async fn staff_record_of(
    state: &AppState,
    actor: &Actor,
    user_id: &UserId,
) -> Result<StaffRecordView, ActionError> {
    let id = user_id.to_string();
    let loaded = state
        .db
        .run(move |conn| -> Result<_, ActionError> {
            let Some(user) = people::find_user(conn, &id)? else {
                return Ok(None);
            };
            let memberships = people::memberships_of(conn, &id)?;
            let credentials = people::credentials_of(conn, &id)?;
            let cpd = people::cpd_of(conn, &id)?;
            Ok(Some((user, memberships, credentials, cpd)))
        })
        .await?;
    let Some((user, memberships, credentials, cpd)) = loaded else {
        return Err(ActionError::NotFound(format!("user {user_id}")));
    };
    let mut centres: Vec<String> = memberships.iter().map(|m| m.centre_id.clone()).collect();
    centres.dedup();
    require_staff_record_visible(actor, user_id, &centres)?;
    let record = staff_record(
        credentials
            .iter()
            .map(|c| (c.kind.as_str(), c.code.as_str())),
    );
    let eligibility = eligibility(&state.curriculum, &record);
    Ok(StaffRecordView {
        user,
        centres,
        memberships,
        credentials,
        cpd,
        eligibility,
    })
}

/// A staff credential: an assessor or IQA qualification, occupational competence, expert-witness
/// standing.
#[derive(Debug, Clone, Default, Deserialize, utoipa::ToSchema)]
#[schema(as = StaffCredentialInput)]
pub struct CredentialInput {
    /// `qualification`, `competence` or `expert_witness`.
    #[schema(example = "qualification")]
    pub kind: String,
    /// A staff qualification id of the curriculum (e.g. `a1`), or a competence or standing code
    /// (`occupationally_competent`, `working_knowledge_of_units`, ...).
    pub code: String,
    pub statement: String,
    /// YYYY-MM-DD, not in the future.
    pub dated_on: String,
}

/// A centre administrator of one of the person's centres records a credential.
pub async fn add_credential(
    state: &AppState,
    actor: &Actor,
    user_id: &UserId,
    input: CredentialInput,
) -> Result<StaffCredential, ActionError> {
    let view = staff_record_of(state, actor, user_id).await?;
    require_staff_record_editable(actor, &view.centres)?;
    let today = state.clock.now().date_naive();
    let parsed = parse_credential(
        &state.curriculum,
        &input.kind,
        &input.code,
        &input.statement,
        &input.dated_on,
        today,
    )
    .map_err(ActionError::Invalid)?;
    let now = state.clock.naive();
    let credential = StaffCredential {
        id: people::new_id(),
        user_id: user_id.to_string(),
        kind: parsed.kind.code().to_owned(),
        code: parsed.code,
        statement: parsed.statement,
        dated_on: parsed.dated_on,
        recorded_by: actor.user.id.clone(),
        created_at: now,
    };
    let centre = view.centres.first().cloned();
    let audit_entry = entry(
        actor,
        centre.as_deref(),
        "credential_added",
        "user",
        user_id,
        json!({"kind": credential.kind, "code": credential.code}),
    );
    let row = credential.clone();
    save_with_audit(
        state,
        move |conn| people::insert_credential(conn, &row),
        audit_entry,
        now,
    )
    .await?;
    Ok(credential)
}

/// Continuing professional development to log.
#[derive(Debug, Clone, Default, Deserialize, utoipa::ToSchema)]
pub struct CpdInput {
    /// YYYY-MM-DD.
    pub done_on: String,
    /// A whole number of minutes, as text (`"90"`).
    pub minutes: String,
    pub activity: String,
}

/// The person themselves or a centre administrator logs CPD.
pub async fn add_cpd(
    state: &AppState,
    actor: &Actor,
    user_id: &UserId,
    input: CpdInput,
) -> Result<CpdEntry, ActionError> {
    let view = staff_record_of(state, actor, user_id).await?;
    if actor.user.id != *user_id {
        require_staff_record_editable(actor, &view.centres)?;
    }
    let mut errors = Vec::new();
    let today = state.clock.now().date_naive();
    let done_on = NaiveDate::parse_from_str(input.done_on.trim(), "%Y-%m-%d").ok();
    match done_on {
        Some(d) if d > today => errors.push(FieldError::new(
            "done_on",
            "The date cannot be in the future",
        )),
        Some(_) => {}
        None => errors.push(FieldError::new("done_on", "Enter a date like 2026-10-14")),
    }
    let minutes: Option<i32> = input
        .minutes
        .trim()
        .parse()
        .ok()
        .filter(|m| (1..=24 * 60).contains(m));
    if minutes.is_none() {
        errors.push(FieldError::new(
            "minutes",
            "Enter the time spent in minutes, from 1 to 1440",
        ));
    }
    let activity = input.activity.trim().to_owned();
    if activity.is_empty() || activity.chars().count() > 2000 {
        errors.push(FieldError::new(
            "activity",
            "Describe the activity (at most 2,000 characters)",
        ));
    }
    invalid_or(errors)?;
    let now = state.clock.naive();
    let row = CpdEntry {
        id: people::new_id(),
        user_id: user_id.to_string(),
        done_on: done_on.unwrap_or(today),
        minutes: minutes.unwrap_or(0),
        activity,
        created_at: now,
    };
    let saved = row.clone();
    let audit_entry = entry(
        actor,
        view.centres.first().map(String::as_str),
        "cpd_logged",
        "user",
        user_id,
        json!({"minutes": row.minutes}),
    );
    save_with_audit(
        state,
        move |conn| people::insert_cpd(conn, &row),
        audit_entry,
        now,
    )
    .await?;
    Ok(saved)
}
