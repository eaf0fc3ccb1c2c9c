//! Observations of practice: the allocated, eligible assessor records one and signs it; the
//! learner countersigns. Each signature keeps who, when, from where and the SHA-256 of the
//! record's canonical content; the rows and the audit entry commit together.

use std::collections::BTreeSet;

use serde_json::json;

use crate::actions::ActionError;
use crate::actions::Actor;
use crate::actions::AppState;
use crate::actions::access::staff_record_of;
use crate::actions::access::visible_registration;
use crate::actions::access::{
    centre_of, require_allocated_assessor, require_learner, require_unit_assessor,
};
use crate::actions::audit::of_registration as entry;
use crate::domain::eligibility::require_assessor;
use crate::domain::ids::{ObservationId, RegistrationId, UnitId};
use crate::domain::judgement::judgeable_items;
use crate::domain::observation::{
    CheckedObservation, ObservationInput, ObserverKind, check_observation,
};
use crate::domain::registration::RegistrationStatus;
use crate::domain::signature::{SignatureState, SignerRole, content_hash};
use crate::store::json::Json;
use crate::store::ledger::{self, Seal, SealedTable};
use crate::store::observations::{self, Observation};
use crate::store::registrations::{self, Registration};
use crate::store::signatures::{self, OBSERVATION, Signature};

/// A signature by the caller on a record of a registration, now, from `client_address`.
pub fn signature_by(
    actor: &Actor,
    registration: &Registration,
    record: (&str, &str),
    role: SignerRole,
    client_address: &str,
    content_sha256: String,
    now: chrono::NaiveDateTime,
) -> Signature {
    Signature {
        id: uuid::Uuid::new_v4().to_string(),
        registration_id: registration.id.clone(),
        record_type: record.0.to_owned(),
        record_id: record.1.to_owned(),
        signer_role: role.code().to_owned(),
        signer_id: Some(actor.user.id.clone()),
        signer_name: actor.user.name.clone(),
        signed_at: now,
        client_address: client_address.chars().take(64).collect(),
        content_sha256,
    }
}

/// C6 for every unit whose criteria the observation covers, each observed by its own assessor.
async fn require_eligible_for_units(
    state: &AppState,
    actor: &Actor,
    registration: &Registration,
    criteria: &[String],
) -> Result<(), ActionError> {
    let (me, centre) = (actor.id(), centre_of(registration));
    let staff = state
        .db
        .run(move |conn| staff_record_of(conn, &me, &centre))
        .await?;
    let units_of = judgeable_items(&state.curriculum, &registration.qualification_id);
    let units: BTreeSet<&String> = criteria.iter().filter_map(|c| units_of.get(c)).collect();
    for unit in units {
        require_assessor(&state.curriculum, unit, &staff).map_err(ActionError::Rule)?;
        let unit = UnitId::from_stored(unit.as_str());
        require_unit_assessor(state, actor, registration, &unit).await?;
    }
    Ok(())
}

/// The record of what the assessor observed, as it is signed.
fn observation_of(
    actor: &Actor,
    registration: &Registration,
    checked: &CheckedObservation,
    now: chrono::NaiveDateTime,
) -> Observation {
    Observation {
        id: uuid::Uuid::new_v4().to_string(),
        registration_id: registration.id.clone(),
        observer_kind: ObserverKind::Assessor,
        observer_id: Some(actor.user.id.clone()),
        observer_name: actor.user.name.clone(),
        planned: checked.planned,
        observed_on: checked.observed_on,
        setting: checked.setting.clone(),
        people_present: Json(checked.people_present.clone()),
        narrative: checked.narrative.clone(),
        criteria: Json(checked.criteria.clone()),
        range_items: Json(checked.range_items.clone()),
        recorded_at: now,
    }
}

/// The allocated assessor records an observation and signs it. The assessor must be eligible
/// (C6) for every unit whose criteria it covers.
pub async fn record(
    state: &AppState,
    actor: &Actor,
    registration_id: &RegistrationId,
    input: ObservationInput,
    client_address: &str,
) -> Result<Observation, ActionError> {
    let registration = visible_registration(state, actor, registration_id).await?;
    require_allocated_assessor(actor, &registration)?;
    let today = state.clock.now().date_naive();
    let checked = check_observation(
        &state.curriculum,
        &registration.qualification_id,
        &input,
        today,
    )
    .map_err(ActionError::Invalid)?;
    require_eligible_for_units(state, actor, &registration, &checked.criteria).await?;
    if registration.status != RegistrationStatus::Active {
        return Err(ActionError::Conflict(
            "This registration has been withdrawn; observations cannot be added.".to_owned(),
        ));
    }
    let now = state.clock.naive();
    let observation = observation_of(actor, &registration, &checked, now);
    let hash = content_hash(&observation.record());
    let record = (OBSERVATION, observation.id.as_str());
    let signature = signature_by(
        actor,
        &registration,
        record,
        SignerRole::Assessor,
        client_address,
        hash.clone(),
        now,
    );
    let details = json!({"criteria": checked.criteria, "range_items": checked.range_items, "planned": checked.planned, "observed_on": observation.observed_on.to_string(), "content_sha256": hash});
    let audit_entry = entry(
        actor,
        &registration,
        "observation_recorded",
        record,
        None,
        details,
    );
    let row = observation.clone();
    state
        .db
        .write(move |conn| -> Result<_, ActionError> {
            observations::insert(conn, &row, &signature)?;
            let seals = [
                Seal::new(SealedTable::Observations, &row.id),
                Seal::new(SealedTable::Signatures, &signature.id),
            ];
            ledger::append_sealing(conn, audit_entry, &seals, now)?;
            Ok(())
        })
        .await?;
    Ok(observation)
}

/// The observation, its registration and the registration's signatures, for the learner
/// (404 for anyone else, as for an observation that does not exist).
async fn observation_for_learner(
    state: &AppState,
    actor: &Actor,
    observation_id: &ObservationId,
) -> Result<(Observation, Registration, Vec<Signature>), ActionError> {
    let key = observation_id.clone();
    let found = state
        .db
        .run(move |conn| -> Result<_, ActionError> {
            let Some(observation) = observations::find(conn, &key)? else {
                return Ok(None);
            };
            let Some(registration) = registrations::find(conn, &observation.registration_id)?
            else {
                return Ok(None);
            };
            let signed = signatures::of_registration(conn, &registration.id)?;
            Ok(Some((observation, registration, signed)))
        })
        .await?;
    let not_found = || ActionError::NotFound(format!("observation {observation_id}"));
    let (observation, registration, signed) = found.ok_or_else(not_found)?;
    require_learner(actor, &registration).map_err(|e| match e {
        ActionError::NotFound(_) => not_found(),
        other => other,
    })?;
    Ok((observation, registration, signed))
}

/// The learner countersigns an observation whose observer's signature still holds.
pub async fn countersign(
    state: &AppState,
    actor: &Actor,
    observation_id: &ObservationId,
    client_address: &str,
) -> Result<Signature, ActionError> {
    let (observation, registration, signed) =
        observation_for_learner(state, actor, observation_id).await?;
    let record = observation.record();
    let valid = |role: SignerRole| {
        signatures::latest(&signed, OBSERVATION, &observation.id, role.code())
            .is_some_and(|s| SignatureState::of(&s.content_sha256, &record).is_valid())
    };
    if valid(SignerRole::Learner) {
        return Err(ActionError::Conflict(
            "You have already countersigned this observation.".to_owned(),
        ));
    }
    if !valid(observation.observer_kind.signer_role()) {
        return Err(ActionError::Conflict(
            "The observer's signature is void (the record changed after it was signed), so it cannot be countersigned. Ask your assessor to look at it."
                .to_owned(),
        ));
    }
    let now = state.clock.naive();
    let hash = content_hash(&record);
    let rec = (OBSERVATION, observation.id.as_str());
    let signature = signature_by(
        actor,
        &registration,
        rec,
        SignerRole::Learner,
        client_address,
        hash.clone(),
        now,
    );
    let audit_entry = entry(
        actor,
        &registration,
        "observation_countersigned",
        rec,
        None,
        json!({"content_sha256": hash}),
    );
    let row = signature.clone();
    state
        .db
        .write(move |conn| -> Result<_, ActionError> {
            signatures::insert(conn, &row)?;
            let seal = Seal::new(SealedTable::Signatures, &row.id);
            ledger::append_sealing(conn, audit_entry, &[seal], now)?;
            Ok(())
        })
        .await?;
    Ok(signature)
}
