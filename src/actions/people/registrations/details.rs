//! A centre administrator changes a registration's details after it is made: the awarding
//! body's reference (a City & Guilds enrolment number is issued weeks later), where the learner
//! works, the planned end date, support needs and adjustments. Kept in the registration's history
//! and the audit trail with what changed; refused once the learner is in a claim or certificated.

use crate::actions::access::centre_of;
use serde_json::json;

use super::{change, entry, load};
use crate::actions::access::require_centre_role;
use crate::actions::locks::claim_locked;
use crate::actions::{ActionError, Actor, AppState};
use crate::curriculum::model::LevelFramework;
use crate::domain::ids::RegistrationId;
use crate::domain::registration::{
    Details, DetailsInput, DetailsRules, RegistrationStatus, changed_fields, check_details,
    field_words,
};
use crate::domain::roles::Role;
use crate::store::registrations::{self, Registration};
use crate::store::{DbConnection, audit};

/// The registration's details as they stand.
pub fn details_of(registration: &Registration) -> Details {
    Details {
        awarding_body_ref: registration.awarding_body_ref.clone(),
        employer: registration.employer.clone(),
        workplace: registration.workplace.clone(),
        planned_end_date: registration.planned_end_date,
        support_needs: registration.support_needs.clone(),
        reasonable_adjustments: registration.reasonable_adjustments.clone(),
    }
}

/// The details as the form shows them before a change.
pub fn input_of(registration: &Registration) -> DetailsInput {
    DetailsInput {
        awarding_body_ref: registration.awarding_body_ref.clone().unwrap_or_default(),
        employer: registration.employer.clone(),
        workplace: registration.workplace.clone(),
        planned_end_date: registration.planned_end_date.to_string(),
        support_needs: registration.support_needs.clone(),
        reasonable_adjustments: registration.reasonable_adjustments.clone(),
    }
}

fn rules_for(state: &AppState, registration: &Registration) -> DetailsRules {
    let qualification = state
        .curriculum
        .qualification(&registration.qualification_id);
    DetailsRules {
        is_sqa: qualification
            .is_some_and(|(s, _)| s.specification.level_framework == LevelFramework::Scqf),
        needs_workplace: qualification.is_some_and(|(_, q)| {
            state
                .curriculum
                .units_of(q)
                .any(|u| u.evidence.real_work_environment)
        }),
        start_date: registration.start_date,
    }
}

/// What the change form shows: the registration, the learner's name and what the awarding body
/// calls its reference. The centre's administrators only (others who may see it: 403).
pub struct Editable {
    pub registration: Registration,
    pub learner_name: String,
    pub reference_label: &'static str,
}

pub async fn editable(
    state: &AppState,
    actor: &Actor,
    id: &RegistrationId,
) -> Result<Editable, ActionError> {
    let (registration, _) = load(state, actor, id).await?;
    require_centre_role(actor, &centre_of(&registration), &[Role::CentreAdmin])?;
    let learner = registration.learner_id.clone();
    let learner_name = state
        .db
        .run(move |conn| crate::store::people::find_user(conn, &learner))
        .await?
        .map_or_else(|| "The learner".to_owned(), |u| u.name);
    let reference_label = if rules_for(state, &registration).is_sqa {
        "Scottish Candidate Number"
    } else {
        "City & Guilds enrolment number"
    };
    Ok(Editable {
        registration,
        learner_name,
        reference_label,
    })
}

/// Centre administrator: change the details. Refusals: 404 (not visible), 403 (not a centre
/// administrator), 422 (each bad field), 409 (withdrawn, in a claim), 409
/// `registration_certificated`. Nothing changed: the registration as it is, nothing recorded.
pub async fn change_details(
    state: &AppState,
    actor: &Actor,
    id: &RegistrationId,
    input: &DetailsInput,
) -> Result<Registration, ActionError> {
    let (registration, _) = load(state, actor, id).await?;
    require_centre_role(actor, &centre_of(&registration), &[Role::CentreAdmin])?;
    if registration.status == RegistrationStatus::Withdrawn {
        return Err(ActionError::Conflict(
            "This registration has been withdrawn; its details cannot change.".to_owned(),
        ));
    }
    let after =
        check_details(rules_for(state, &registration), input).map_err(ActionError::Invalid)?;
    let before = details_of(&registration);
    let changed = changed_fields(&before, &after);
    if changed.is_empty() {
        return Ok(registration);
    }
    let now = state.clock.naive();
    let (actor, key) = (actor.clone(), id.clone());
    let details = json!({
        "fields": changed,
        "awarding_body_ref": {"from": before.awarding_body_ref, "to": after.awarding_body_ref},
        "planned_end_date": {"from": before.planned_end_date.to_string(), "to": after.planned_end_date.to_string()},
    });
    state
        .db
        .write(move |conn| -> Result<Registration, ActionError> {
            registrations::hold(conn, &registration.id)?;
            if let Some(locked) = claim_locked(conn, &key)? {
                return Err(locked);
            }
            registrations::set_details(conn, &registration.id, &after)?;
            record_details_change(conn, &actor, &registration, &changed, details, now)?;
            registrations::find(conn, &registration.id)?
                .ok_or_else(|| ActionError::NotFound(format!("registration {}", registration.id)))
        })
        .await
}

/// The registration's history line and the audit entry of a change of details.
fn record_details_change(
    conn: &mut DbConnection,
    actor: &Actor,
    registration: &Registration,
    changed: &[&str],
    details: serde_json::Value,
    now: chrono::NaiveDateTime,
) -> Result<(), ActionError> {
    let words: Vec<&str> = changed.iter().map(|f| field_words(f)).collect();
    let what = format!("Changed {}", words.join(", "));
    let history = change(
        &registration.id,
        &actor.user.id,
        now,
        "details_changed",
        &what,
        details.clone(),
    );
    registrations::record_change(conn, &history)?;
    let audit_entry = entry(
        actor,
        &registration.centre_id,
        "registration_details_changed",
        &registration.id,
        None,
        details,
    );
    audit::append(conn, audit_entry, now)?;
    Ok(())
}
