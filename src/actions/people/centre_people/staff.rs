//! A person's staff record: their credentials (assessor and IQA qualifications, occupational
//! competence, expert-witness standing), CPD, and what they are eligible to do.

use chrono::NaiveDate;
use serde::Deserialize;
use serde_json::json;

use super::{entry, invalid_or, save_with_audit};
use crate::actions::access::{require_staff_record_editable, require_staff_record_visible};
use crate::actions::{ActionError, Actor, AppState};
use crate::domain::credentials::{parse_credential, staff_record};
use crate::domain::eligibility::{Eligibility, eligibility};
use crate::domain::ids::{CentreId, UserId};
use crate::domain::people::FieldError;
use crate::domain::roles::Role;
use crate::store::people::{self, CpdEntry, Membership, StaffCredential, User};

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
    let (memberships, credentials, cpd) = own_part(actor, user_id, (memberships, credentials, cpd));
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

/// A centre sees only its own part of a person's record: their roles there, the credentials
/// its administrators recorded (and those recorded before credentials were per centre), and
/// their CPD only where they are staff there. The person and the platform administrator see all.
fn own_part(
    actor: &Actor,
    user_id: &UserId,
    (memberships, credentials, cpd): (Vec<Membership>, Vec<StaffCredential>, Vec<CpdEntry>),
) -> (Vec<Membership>, Vec<StaffCredential>, Vec<CpdEntry>) {
    if actor.user.id == *user_id || actor.is_platform_admin() {
        return (memberships, credentials, cpd);
    }
    let ours = |c: &String| {
        let centre = CentreId::from_stored(c.as_str());
        actor.has_role(&centre, Role::CentreAdmin) || actor.has_role(&centre, Role::Iqa)
    };
    let memberships: Vec<Membership> = memberships
        .into_iter()
        .filter(|m| ours(&m.centre_id))
        .collect();
    let staff_here = memberships
        .iter()
        .any(|m| Role::parse(&m.role).is_some_and(|r| r.is_staff() || r == Role::CentreAdmin));
    let credentials = credentials
        .into_iter()
        .filter(|c| c.centre_id.as_ref().is_none_or(ours))
        .collect();
    let cpd = if staff_here { cpd } else { Vec::new() };
    (memberships, credentials, cpd)
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
    // Recorded for the administrator's own centre, where it counts (the platform administrator
    // records for the person's first centre).
    let centre = view
        .centres
        .iter()
        .find(|c| actor.has_role(&CentreId::from_stored(c.as_str()), Role::CentreAdmin))
        .or(view.centres.first())
        .cloned();
    let credential = StaffCredential {
        id: people::new_id(),
        user_id: user_id.to_string(),
        kind: parsed.kind.code().to_owned(),
        code: parsed.code,
        statement: parsed.statement,
        dated_on: parsed.dated_on,
        recorded_by: actor.user.id.clone(),
        created_at: now,
        centre_id: centre.clone(),
    };
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

/// A CPD entry's date (not in the future), minutes (1 to 1440) and activity.
fn checked_cpd(
    input: &CpdInput,
    today: NaiveDate,
) -> Result<(NaiveDate, i32, String), ActionError> {
    let mut errors = Vec::new();
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
    Ok((done_on.unwrap_or(today), minutes.unwrap_or(0), activity))
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
    let today = state.clock.now().date_naive();
    let (done_on, minutes, activity) = checked_cpd(&input, today)?;
    let now = state.clock.naive();
    let row = CpdEntry {
        id: people::new_id(),
        user_id: user_id.to_string(),
        done_on,
        minutes,
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
