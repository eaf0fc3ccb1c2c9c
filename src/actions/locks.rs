//! Signed-off units and claimed learners are locked: a change to evidence, mappings or
//! judgements that touches one is refused (409). The checks run inside the write transaction,
//! holding the registration row, so a sign-off made at the same moment cannot be overtaken.

use crate::curriculum::Curriculum;
use crate::domain::claims::ClaimStatus;
use crate::domain::ids::{EvidenceId, RegistrationId};
use crate::domain::rules::RuleViolation;
use crate::domain::sign_off::{locked_message, locked_units_touched};
use crate::store::evidence as evidence_store;
use crate::store::registrations;
use crate::store::sign_offs;
use crate::store::{DbConnection, StoreError};

use super::{ActionError, AppState};

/// 409 when the learner is in a submitted claim (records locked) or certificated (the portfolio
/// is closed: `registration_certificated`).
pub fn claim_locked(
    conn: &mut DbConnection,
    registration_id: &RegistrationId,
) -> Result<Option<ActionError>, StoreError> {
    Ok(
        match crate::store::claims::locking_claim(conn, registration_id)? {
            Some(ClaimStatus::Certificated) => {
                Some(ActionError::Rule(RuleViolation::RegistrationCertificated))
            }
            Some(status) => Some(ActionError::Conflict(format!(
                "This learner is in a {status} certification claim, so their records are locked and cannot change."
            ))),
            None => None,
        },
    )
}

/// 409 when any of `items` belongs to a unit that is signed off and locked.
pub fn locked_conflict(
    conn: &mut DbConnection,
    curriculum: &Curriculum,
    registration_id: &RegistrationId,
    items: &[String],
) -> Result<Option<ActionError>, StoreError> {
    if let Some(locked) = claim_locked(conn, registration_id)? {
        return Ok(Some(locked));
    }
    let locked = sign_offs::locked_units(conn, registration_id)?;
    let touched = locked_units_touched(curriculum, &locked, items);
    Ok((!touched.is_empty()).then(|| ActionError::Conflict(locked_message(&touched))))
}

/// Inside the write transaction that changes an evidence item: hold the registration (a sign-off
/// holds it too), then the 409 when the item as mapped now, or `also` (mappings about to be
/// made), touches a locked unit. A check made before the transaction could be overtaken.
pub fn evidence_locked(
    conn: &mut DbConnection,
    curriculum: &Curriculum,
    registration_id: &RegistrationId,
    evidence_id: &EvidenceId,
    also: &[String],
) -> Result<Option<ActionError>, StoreError> {
    registrations::hold(conn, registration_id)?;
    let mut items = evidence_store::mappings_of(conn, evidence_id)?;
    items.extend(also.iter().cloned());
    locked_conflict(conn, curriculum, registration_id, &items)
}

/// Refuse a change to evidence mapped to (or being mapped to) a locked unit, before the work
/// starts (an upload); the write transaction checks again with [`evidence_locked`].
pub async fn refuse_if_locked(
    state: &AppState,
    registration_id: &RegistrationId,
    items: Vec<String>,
) -> Result<(), ActionError> {
    let (curriculum, id) = (state.curriculum.clone(), registration_id.clone());
    let refused = state
        .db
        .run(move |conn| locked_conflict(conn, &curriculum, &id, &items))
        .await?;
    refused.map_or(Ok(()), Err)
}
