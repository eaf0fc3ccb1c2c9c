//! External quality assurers' access: a named EQA reads one qualification of the centre until a
//! date (an account is made for them if they have none).

use chrono::NaiveDate;
use serde::Deserialize;
use serde_json::json;

use super::{NewPersonInput, ensure_account, entry, invalid_or, save_with_audit};
use crate::actions::access::require_centre_role;
use crate::actions::{ActionError, Actor, AppState};
use crate::domain::dates;
use crate::domain::ids::CentreId;
use crate::domain::people::{Email, FieldError, Name};
use crate::domain::roles::Role;
use crate::store::people::{self, EqaGrant};

/// An EQA to give read-only access to one qualification until a date.
#[derive(Debug, Clone, Default, Deserialize, utoipa::ToSchema)]
pub struct EqaGrantInput {
    pub name: String,
    pub email: String,
    pub qualification_id: String,
    /// The last day of access (YYYY-MM-DD); access ends at the end of that day.
    pub until: String,
}

/// A grant's person, a qualification of the curriculum, and an end date not in the past.
fn checked_grant(
    state: &AppState,
    input: &EqaGrantInput,
    today: NaiveDate,
) -> Result<(Name, Email, NaiveDate), ActionError> {
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
    let until = NaiveDate::parse_from_str(input.until.trim(), "%Y-%m-%d").ok();
    match until {
        Some(d) if d < today => errors.push(FieldError::new(
            "until",
            "The end date must be today or later",
        )),
        Some(d) if d > dates::latest_eqa_grant_end(today) => errors.push(FieldError::new(
            "until",
            "Access lasts at most a year: choose an end date within a year of today, and renew it then",
        )),
        Some(_) => {}
        None => errors.push(FieldError::new(
            "until",
            "Enter the last day of access, like 2027-03-31",
        )),
    }
    invalid_or(errors)?;
    match (name, email, until) {
        (Some(name), Some(email), Some(until)) => Ok((name, email, until)),
        _ => Err(ActionError::Invalid(vec![])),
    }
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
    let today = state.clock.now().date_naive();
    let (name, email, until) = checked_grant(state, &input, today)?;
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
