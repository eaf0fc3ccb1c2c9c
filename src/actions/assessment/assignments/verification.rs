//! The external verification of a learner's unit assessed by assignment: recorded by the centre
//! (awaiting, verified, not accepted, with a note), and read by the claim.

use crate::actions::access::centre_of;
use serde_json::json;

use crate::actions::ActionError;
use crate::actions::Actor;
use crate::actions::AppState;
use crate::actions::access::visible_registration;
use crate::actions::audit::of_registration as entry;
use crate::curriculum::Curriculum;
use crate::curriculum::model::Unit;
use crate::domain::assignment::{VerificationStatus, assessed_by_assignment, verification_missing};
use crate::domain::ids::RegistrationId;
use crate::domain::people::FieldError;
use crate::domain::roles::Role;
use crate::store::assignments::{self, Verification};
use crate::store::audit;
use crate::store::registrations::Registration;

/// What holds a claim back: each mandatory unit assessed by assignment whose external
/// verification is not "verified", in words.
pub fn claim_holds(
    curriculum: &Curriculum,
    registration: &Registration,
    verifications: &[Verification],
) -> Vec<String> {
    let Some((_, qualification)) = curriculum.qualification(&registration.qualification_id) else {
        return Vec::new();
    };
    let mut holds = Vec::new();
    for unit_id in &qualification.mandatory_units {
        let Some((_, unit)) = curriculum.unit(unit_id) else {
            continue;
        };
        if !assessed_by_assignment(unit) {
            continue;
        }
        let status = verifications
            .iter()
            .find(|v| v.unit_id == *unit_id)
            .map(|v| v.status);
        let label = format!("Unit {} ({})", unit.number, unit.title);
        holds.extend(verification_missing(&label, status));
    }
    holds
}

/// The external verification as sent.
#[derive(Debug, Clone, Default)]
pub struct VerificationInput {
    pub unit_id: String,
    pub status: String,
    pub note: String,
}

/// The unit (one assessed by an assignment), the status and the note, or every field refused.
fn checked<'c>(
    curriculum: &'c Curriculum,
    qualification: &str,
    input: VerificationInput,
) -> Result<(&'c Unit, VerificationStatus, String), ActionError> {
    let mut errors = Vec::new();
    let unit = curriculum
        .unit_of(qualification, input.unit_id.trim())
        .filter(|u| assessed_by_assignment(u));
    if unit.is_none() {
        errors.push(FieldError::new(
            "unit_id",
            "Choose a unit of the learner's qualification assessed by an assignment",
        ));
    }
    let status = VerificationStatus::parse(input.status.trim());
    if status.is_none() {
        errors.push(FieldError::new(
            "status",
            "Choose awaiting, verified or not accepted",
        ));
    }
    let note = input.note.trim().to_owned();
    if note.chars().count() > 2_000 {
        errors.push(FieldError::new("note", "Use at most 2,000 characters"));
    }
    let (Some(unit), Some(status), true) = (unit, status, errors.is_empty()) else {
        return Err(ActionError::Invalid(errors));
    };
    Ok((unit, status, note))
}

/// A centre administrator records where the learner's unit stands with the external verifier.
pub async fn record(
    state: &AppState,
    actor: &Actor,
    registration_id: &RegistrationId,
    input: VerificationInput,
) -> Result<Verification, ActionError> {
    let registration = visible_registration(state, actor, registration_id).await?;
    let centre = centre_of(&registration);
    if !actor.supports(&centre) && !actor.has_role(&centre, Role::CentreAdmin) {
        return Err(ActionError::Forbidden);
    }
    let (unit, status, note) = checked(&state.curriculum, &registration.qualification_id, input)?;
    let now = state.clock.naive();
    let row = Verification {
        id: uuid::Uuid::new_v4().to_string(),
        registration_id: registration.id.clone(),
        unit_id: unit.id.clone(),
        status,
        note,
        recorded_by: actor.user.id.clone(),
        recorded_at: now,
    };
    let audit_entry = entry(
        actor,
        &registration,
        "unit_verification_recorded",
        ("registration", registration.id.as_str()),
        None,
        json!({"unit_id": row.unit_id, "status": row.status, "note_chars": row.note.chars().count()}),
    );
    let saved = row.clone();
    state
        .db
        .write(move |conn| -> Result<(), ActionError> {
            assignments::set_verification(conn, &row)?;
            audit::append(conn, audit_entry, now)?;
            Ok(())
        })
        .await?;
    Ok(saved)
}
