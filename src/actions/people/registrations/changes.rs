//! Changes to a registration after it is made: a transfer to another assessor (with the reason),
//! and a withdrawal.

use crate::actions::access::centre_of;
use serde::Deserialize;
use serde_json::json;

use super::{change, entry, load, staff_facts};
use crate::actions::ActionError;
use crate::actions::Actor;
use crate::actions::AppState;
use crate::actions::access::require_centre_role;
use crate::domain::ids::RegistrationId;
use crate::domain::people::FieldError;
use crate::domain::registration::{RegistrationStatus, Staffing, check_staff};
use crate::domain::roles::Role;
use crate::store::registrations::{self, Registration};
use crate::store::{DbConnection, StoreError};
use crate::store::{allocations, audit};

/// `POST /api/v1/registrations/{registration_id}/transfer`.
#[derive(Debug, Clone, Default, Deserialize, utoipa::ToSchema)]
#[schema(as = RegistrationTransfer)]
pub struct TransferInput {
    pub assessor_id: String,
    pub reason: String,
}

/// The new assessor checked (C8, eligibility) and the reason given; the reason, trimmed.
async fn checked_transfer(
    state: &AppState,
    registration: &Registration,
    input: &TransferInput,
) -> Result<String, ActionError> {
    let reason = input.reason.trim().to_owned();
    let (centre, a, i) = (
        registration.centre_id.clone(),
        input.assessor_id.trim().to_owned(),
        registration.iqa_id.clone(),
    );
    let id = registration.id.clone();
    let (assessor, iqa, elsewhere) = state
        .db
        .run(move |conn| -> Result<_, ActionError> {
            let elsewhere = allocations::of_registration(conn, &id)?
                .into_iter()
                .map(|u| u.unit_id)
                .collect::<Vec<_>>();
            Ok((
                staff_facts(conn, &centre, &a, Role::Assessor)?,
                staff_facts(conn, &centre, &i, Role::Iqa)?,
                elsewhere,
            ))
        })
        .await?;
    let mut errors = Vec::new();
    let staffing = Staffing {
        assessor: assessor.as_ref(),
        iqa: iqa.as_ref(),
    };
    check_staff(
        &state.curriculum,
        &registration.qualification_id,
        staffing,
        &elsewhere,
        &mut errors,
    )?;
    if reason.is_empty() {
        errors.push(FieldError::new(
            "reason",
            "Say why the learner is transferred",
        ));
    }
    if !errors.is_empty() {
        return Err(ActionError::Invalid(errors));
    }
    Ok(reason)
}

/// Inside the transaction: the transfer's history entry and its audit entry.
fn record_transfer(
    conn: &mut DbConnection,
    actor: &Actor,
    (from, updated): (&str, &Registration),
    reason: String,
    now: chrono::NaiveDateTime,
) -> Result<(), StoreError> {
    let details = json!({"from": from, "to": updated.assessor_id});
    registrations::record_change(
        conn,
        &change(
            &updated.id,
            &actor.user.id,
            now,
            "transferred",
            &reason,
            details.clone(),
        ),
    )?;
    audit::append(
        conn,
        entry(
            actor,
            &updated.centre_id,
            "learner_transferred",
            &updated.id,
            Some(reason),
            details,
        ),
        now,
    )?;
    Ok(())
}

/// Centre administrator: allocate another eligible assessor (C6), never the IQA (C8).
pub async fn transfer(
    state: &AppState,
    actor: &Actor,
    id: &RegistrationId,
    input: TransferInput,
) -> Result<Registration, ActionError> {
    let (registration, _) = load(state, actor, id).await?;
    require_centre_role(actor, &centre_of(&registration), &[Role::CentreAdmin])?;
    if registration.status != RegistrationStatus::Active {
        return Err(ActionError::Conflict(
            "This registration has been withdrawn; it cannot be transferred.".to_owned(),
        ));
    }
    let reason = checked_transfer(state, &registration, &input).await?;
    let now = state.clock.naive();
    let (actor, mut updated) = (actor.clone(), registration.clone());
    updated.assessor_id = input.assessor_id.trim().to_owned();
    let saved = updated.clone();
    state
        .db
        .write(move |conn| -> Result<_, ActionError> {
            registrations::set_assessor(conn, &updated.id, &updated.assessor_id)?;
            record_transfer(
                conn,
                &actor,
                (&registration.assessor_id, &updated),
                reason,
                now,
            )?;
            Ok(())
        })
        .await?;
    Ok(saved)
}

/// `POST /api/v1/registrations/{registration_id}/withdraw`.
#[derive(Debug, Clone, Default, Deserialize, utoipa::ToSchema)]
#[schema(as = RegistrationWithdrawal)]
pub struct WithdrawInput {
    pub reason: String,
}

/// Centre administrator: withdraw the learner; nothing is deleted.
pub async fn withdraw(
    state: &AppState,
    actor: &Actor,
    id: &RegistrationId,
    input: WithdrawInput,
) -> Result<(), ActionError> {
    let (registration, _) = load(state, actor, id).await?;
    require_centre_role(actor, &centre_of(&registration), &[Role::CentreAdmin])?;
    let reason = input.reason.trim().to_owned();
    if reason.is_empty() {
        return Err(ActionError::Invalid(vec![FieldError::new(
            "reason",
            "Say why the learner is withdrawn",
        )]));
    }
    if registration.status == RegistrationStatus::Withdrawn {
        return Err(ActionError::Conflict(
            "This registration is already withdrawn.".to_owned(),
        ));
    }
    let now = state.clock.naive();
    let actor = actor.clone();
    state
        .db
        .write(move |conn| -> Result<_, ActionError> {
            registrations::set_status(conn, &registration.id, RegistrationStatus::Withdrawn)?;
            registrations::record_change(
                conn,
                &change(
                    &registration.id,
                    &actor.user.id,
                    now,
                    "withdrawn",
                    &reason,
                    json!({}),
                ),
            )?;
            audit::append(
                conn,
                entry(
                    &actor,
                    &registration.centre_id,
                    "learner_withdrawn",
                    &registration.id,
                    Some(reason),
                    json!({}),
                ),
                now,
            )?;
            Ok(())
        })
        .await?;
    Ok(())
}
