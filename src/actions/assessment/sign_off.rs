//! Unit sign-off: the allocated, eligible assessor signs a unit complete when every criterion
//! is met and (C5) a signed observation is on record; the learner countersigns; the unit is then
//! locked until a centre administrator (or an IQA referral) unlocks it, with a reason.
//! The checks run inside the write transaction, so a judgement made at the same moment cannot
//! slip between the check and the signature.

use crate::actions::access::centre_of;
use serde_json::json;

use crate::actions::ActionError;
use crate::actions::Actor;
use crate::actions::AppState;
use crate::actions::access::staff_record_of;
use crate::actions::access::visible_registration;
use crate::actions::access::{
    require_allocated_assessor, require_centre_role, require_learner, require_unit_assessor,
};
use crate::actions::assessment::observations::signature_by;
use crate::actions::assessment::record::{latest_decisions_of, sign_off_content};
use crate::actions::audit::of_registration as entry;
use crate::curriculum::model::Unit;
use crate::domain::eligibility::require_assessor;
use crate::domain::ids::{RegistrationId, UnitId};
use crate::domain::occasion::SampledFact;
use crate::domain::registration::RegistrationStatus;
use crate::domain::roles::Role;
use crate::domain::sign_off::{
    ObservationFact, SignOffFacts, UnlockKind, check_sign_off, check_unlock_reason,
};
use crate::domain::signature::{SignatureState, SignerRole, content_hash};
use crate::store::audit::NewAuditEntry;
use crate::store::ledger::{self, Seal, SealedTable};
use crate::store::notifications::notify_with_mail;
use crate::store::registrations::Registration;
use crate::store::sign_offs::{self, UnitSignOff, Unlock};
use crate::store::signatures::{self, OBSERVATION, UNIT_SIGN_OFF};
use crate::store::{DbConnection, StoreError, judgements, observations, occasions};

/// The unit, if it is part of the registration's qualification (404 otherwise).
pub(super) fn unit_of(
    state: &AppState,
    registration: &Registration,
    unit_id: &UnitId,
) -> Result<Unit, ActionError> {
    state
        .curriculum
        .qualification(&registration.qualification_id)
        .filter(|(_, q)| q.mandatory_units.iter().any(|u| *u == *unit_id))
        .and_then(|_| state.curriculum.unit(unit_id))
        .map(|(_, unit)| unit.clone())
        .ok_or_else(|| ActionError::NotFound(format!("unit {unit_id}")))
}

/// What the sign-off rule reads, as it is inside the transaction.
fn facts(
    conn: &mut DbConnection,
    registration_id: &RegistrationId,
) -> Result<(SignOffFacts, Vec<judgements::Judgement>), StoreError> {
    let rounds = judgements::of_registration(conn, registration_id)?;
    let decisions = latest_decisions_of(&rounds);
    let signed = signatures::of_registration(conn, registration_id)?;
    let observations = observations::observations_of(conn, registration_id)?
        .into_iter()
        .map(|o| {
            let record = o.record();
            let role = o.observer_kind.signer_role().code();
            let observer_signed = signatures::latest(&signed, OBSERVATION, &o.id, role)
                .is_some_and(|s| SignatureState::of(&s.content_sha256, &record).is_valid());
            ObservationFact {
                observer_kind: o.observer_kind,
                observer_signed,
                criteria: o.criteria_ids().to_vec(),
            }
        })
        .collect();
    let sampled = occasions::items_of_registration(conn, registration_id)?
        .into_iter()
        .map(|(item, _)| SampledFact {
            mark: item.outcome,
            item_id: item.item_id,
        })
        .collect();
    Ok((
        SignOffFacts {
            decisions,
            observations,
            sampled,
        },
        rounds,
    ))
}

/// A signature on a unit's sign-off being made, with what it needs inside the transaction.
struct Signing {
    curriculum: std::sync::Arc<crate::curriculum::Curriculum>,
    actor: Actor,
    address: String,
    registration: Registration,
    unit: Unit,
    now: chrono::NaiveDateTime,
    /// The site's address, for the links in emails.
    base: String,
}

impl Signing {
    fn new(
        state: &AppState,
        actor: &Actor,
        registration: Registration,
        unit: Unit,
        address: &str,
    ) -> Self {
        Self {
            curriculum: state.curriculum.clone(),
            actor: actor.clone(),
            address: address.to_owned(),
            registration,
            unit,
            now: state.clock.naive(),
            base: state.public_url.clone(),
        }
    }

    /// The SHA-256 of what a sign-off commits to, from the judgements as they are now.
    fn content_of(&self, sign_off: &UnitSignOff, rounds: &[judgements::Judgement]) -> String {
        content_hash(&sign_off_content(&self.curriculum, sign_off, rounds))
    }

    /// The actor's signature on the sign-off, and its audit entry.
    fn sign(
        &self,
        conn: &mut DbConnection,
        sign_off: &UnitSignOff,
        role: SignerRole,
        hash: String,
        action: &str,
    ) -> Result<(), StoreError> {
        let record = (UNIT_SIGN_OFF, sign_off.id.as_str());
        let signature = signature_by(
            &self.actor,
            &self.registration,
            record,
            role,
            &self.address,
            hash.clone(),
            self.now,
        );
        signatures::insert(conn, &signature)?;
        let details = json!({"unit_id": self.unit.id, "content_sha256": hash});
        let audit_entry = entry(
            &self.actor,
            &self.registration,
            action,
            record,
            None,
            details,
        );
        // The sign-off is sealed again with each signature on it (its content unchanged).
        let seals = [
            Seal::new(SealedTable::Signatures, &signature.id),
            Seal::new(SealedTable::UnitSignOffs, &sign_off.id),
        ];
        ledger::append_sealing(conn, audit_entry, &seals, self.now)?;
        Ok(())
    }

    /// The assessor's sign-off, checked against the rule as the records are now.
    fn sign_off(self, conn: &mut DbConnection) -> Result<UnitSignOff, ActionError> {
        // Evidence changes hold the registration too, so none slips past the lock.
        crate::store::registrations::hold(conn, &self.registration.id)?;
        if sign_offs::standing(conn, &self.registration.id, &self.unit.id)?.is_some() {
            return Err(ActionError::Conflict(format!(
                "Unit {} is already signed off.",
                self.unit.number
            )));
        }
        let (facts, rounds) = facts(
            conn,
            &RegistrationId::from_stored(self.registration.id.as_str()),
        )?;
        check_sign_off(&self.unit, &facts).map_err(ActionError::Rule)?;
        super::authentication::require_authenticated(
            conn,
            &self.registration,
            &UnitId::from_stored(self.unit.id.as_str()),
        )?;
        let sign_off = UnitSignOff {
            id: uuid::Uuid::new_v4().to_string(),
            registration_id: self.registration.id.clone(),
            unit_id: self.unit.id.clone(),
            signed_off_by: self.actor.user.id.clone(),
            signed_off_at: self.now,
            unlocked_at: None,
            unlocked_by: None,
            unlock_kind: None,
            unlock_reason: None,
        };
        let hash = self.content_of(&sign_off, &rounds);
        sign_offs::insert(conn, &sign_off)?;
        self.sign(
            conn,
            &sign_off,
            SignerRole::Assessor,
            hash,
            "unit_signed_off",
        )?;
        self.ask_to_countersign(conn)?;
        Ok(sign_off)
    }

    /// The learner is asked to countersign (in the app and by email).
    fn ask_to_countersign(&self, conn: &mut DbConnection) -> Result<(), StoreError> {
        let (unit, r) = (&self.unit, &self.registration);
        let subject = format!("Unit {} is signed off: please countersign it", unit.number);
        let body = format!(
            "{} signed off Unit {} {}: every criterion is met. Read what was signed and countersign it; your countersignature says you have read your assessor's decisions and that the work is your own.",
            self.actor.user.name, unit.number, unit.title
        );
        let link = format!("/registrations/{}/units/{}/countersign", r.id, unit.id);
        notify_with_mail(
            conn,
            &r.learner_id,
            &subject,
            &body,
            &link,
            &self.base,
            self.now,
        )?;
        Ok(())
    }

    /// The learner's countersignature, while the assessor's signature holds.
    fn countersign(self, conn: &mut DbConnection) -> Result<(), ActionError> {
        let (registration_id, unit_id) = (&self.registration.id, &self.unit.id);
        let Some(standing) = sign_offs::standing(conn, registration_id, unit_id)? else {
            return Err(ActionError::Conflict(format!(
                "Unit {} is not signed off, so there is nothing to countersign.",
                self.unit.number
            )));
        };
        let rounds = judgements::of_registration(conn, registration_id)?;
        let hash = self.content_of(&standing, &rounds);
        let signed = signatures::of_registration(conn, registration_id)?;
        let holds = |role: SignerRole| {
            signatures::latest(&signed, UNIT_SIGN_OFF, &standing.id, role.code())
                .is_some_and(|s| s.content_sha256 == hash)
        };
        if holds(SignerRole::Learner) {
            return Err(ActionError::Conflict(
                "You have already countersigned this unit.".to_owned(),
            ));
        }
        if !holds(SignerRole::Assessor) {
            return Err(ActionError::Conflict(
                "The assessor's signature is void: the judgements changed after it was signed."
                    .to_owned(),
            ));
        }
        self.sign(
            conn,
            &standing,
            SignerRole::Learner,
            hash,
            "unit_countersigned",
        )?;
        Ok(())
    }
}

/// The allocated assessor signs the unit off. Refusals: 403 (not them), 422 C6, 404 (no such unit
/// in the qualification), 422 `criteria_not_met` / `observation_required`, 409 (already locked).
pub async fn sign_off(
    state: &AppState,
    actor: &Actor,
    registration_id: &RegistrationId,
    unit_id: &UnitId,
    client_address: &str,
) -> Result<UnitSignOff, ActionError> {
    let registration = visible_registration(state, actor, registration_id).await?;
    require_allocated_assessor(actor, &registration)?;
    let unit = unit_of(state, &registration, unit_id)?;
    require_unit_assessor(state, actor, &registration, unit_id).await?;
    let (me, centre) = (actor.id(), centre_of(&registration));
    let staff = state
        .db
        .run(move |conn| staff_record_of(conn, &me, &centre))
        .await?;
    require_assessor(&state.curriculum, &unit.id, &staff).map_err(ActionError::Rule)?;
    if registration.status != RegistrationStatus::Active {
        return Err(ActionError::Conflict(
            "This registration has been withdrawn.".to_owned(),
        ));
    }
    let signing = Signing::new(state, actor, registration, unit, client_address);
    match state.db.write(move |conn| signing.sign_off(conn)).await {
        Ok(result) => Ok(result),
        Err(ActionError::Store(error)) if judgements::is_taken(&error) => Err(
            ActionError::Conflict("The unit is already signed off.".to_owned()),
        ),
        Err(error) => Err(error),
    }
}

/// The learner countersigns the standing sign-off of a unit, while the assessor's signature holds.
pub async fn countersign(
    state: &AppState,
    actor: &Actor,
    registration_id: &RegistrationId,
    unit_id: &UnitId,
    client_address: &str,
) -> Result<(), ActionError> {
    let registration = visible_registration(state, actor, registration_id).await?;
    require_learner(actor, &registration)?;
    let unit = unit_of(state, &registration, unit_id)?;
    let signing = Signing::new(state, actor, registration, unit, client_address);
    state.db.write(move |conn| signing.countersign(conn)).await
}

/// Unlock a unit inside the caller's transaction and record it in the audit trail: the centre
/// administrator's unlock below, and an IQA referral (issue 6) with `UnlockKind::IqaReferral`.
/// None when the unit was not locked (nothing is written).
pub fn unlock_in_transaction(
    conn: &mut DbConnection,
    registration: &Registration,
    unit_id: &UnitId,
    kind: UnlockKind,
    reason: &str,
    actor: (&str, &str),
    now: chrono::NaiveDateTime,
) -> Result<Option<UnitSignOff>, StoreError> {
    let unlock = Unlock {
        by: actor.0,
        kind,
        reason,
    };
    let Some(ended) = sign_offs::unlock(conn, &registration.id, unit_id, &unlock, now)? else {
        return Ok(None);
    };
    let audit_entry = NewAuditEntry {
        actor_id: Some(actor.0.to_owned()),
        actor_name: actor.1.to_owned(),
        centre_id: Some(registration.centre_id.clone()),
        action: "unit_unlocked".to_owned(),
        record_type: UNIT_SIGN_OFF.to_owned(),
        record_id: ended.id.clone(),
        reason: Some(reason.to_owned()),
        details: json!({"unit_id": unit_id, "kind": kind.as_str(), "registration_id": registration.id}),
    };
    let seal = Seal::new(SealedTable::UnitSignOffs, &ended.id);
    ledger::append_sealing(conn, audit_entry, &[seal], now)?;
    Ok(Some(ended))
}

/// A centre administrator unlocks a signed-off unit, giving a reason (kept in the audit trail).
pub async fn unlock(
    state: &AppState,
    actor: &Actor,
    registration_id: &RegistrationId,
    unit_id: &UnitId,
    reason: &str,
) -> Result<UnitSignOff, ActionError> {
    let registration = visible_registration(state, actor, registration_id).await?;
    require_centre_role(actor, &centre_of(&registration), &[Role::CentreAdmin])?;
    let unit = UnitId::from_stored(unit_of(state, &registration, unit_id)?.id);
    let reason = check_unlock_reason(reason).map_err(|e| ActionError::Invalid(vec![e]))?;
    let now = state.clock.naive();
    let (me, name) = (actor.id(), actor.user.name.clone());
    let ended = state
        .db
        .write(move |conn| {
            unlock_in_transaction(
                conn,
                &registration,
                &unit,
                UnlockKind::CentreAdmin,
                &reason,
                (&me, &name),
                now,
            )
        })
        .await?;
    ended.ok_or_else(|| {
        ActionError::Conflict(format!(
            "Unit {unit_id} is not signed off, so there is nothing to unlock."
        ))
    })
}
