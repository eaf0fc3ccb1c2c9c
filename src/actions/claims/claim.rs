//! Certification claims, for a centre administrator: who is ready, making a claim of ready
//! learners (checked again inside the write transaction), submitting it (the learners' records
//! are then locked), recording certificates, or a return with its reason. Every step is audited.

use chrono::NaiveDate;
use serde_json::json;

use crate::actions::ActionError;
use crate::actions::Actor;
use crate::actions::AppState;
use crate::actions::access::require_centre_role;
use crate::actions::claims::claim_facts::{Candidate, candidates_of};
use crate::domain::claim_holds::{Hold, claim_refusal};
use crate::domain::claims::{ClaimStatus, Readiness, claim_keys};
use crate::domain::ids::{CentreId, ClaimId, QualificationId, RegistrationId};
use crate::domain::people::FieldError;
use crate::domain::roles::Role;
use crate::store::audit::NewAuditEntry;
use crate::store::claims::{self, Claim, ClaimLearner};
use crate::store::json::Json;
use crate::store::ledger::{self, Seal, SealedTable};
use crate::store::registrations::{self, Registration};
use crate::store::{DbConnection, StoreError, judgements, people};

pub(super) const ADMIN: &[Role] = &[Role::CentreAdmin];

/// A claim with its learners, each with their registration and name.
#[derive(Debug, Clone)]
pub struct ClaimView {
    pub claim: Claim,
    pub learners: Vec<(ClaimLearner, Registration, String)>,
}

impl ClaimView {
    pub fn status(&self) -> ClaimStatus {
        self.claim.status
    }
}

pub(super) fn claim_entry(
    actor: &Actor,
    claim: &Claim,
    action: &str,
    details: serde_json::Value,
) -> NewAuditEntry {
    NewAuditEntry {
        actor_id: Some(actor.user.id.clone()),
        actor_name: actor.user.name.clone(),
        centre_id: Some(claim.centre_id.clone()),
        action: action.to_owned(),
        record_type: "claim".to_owned(),
        record_id: claim.id.clone(),
        reason: claim.return_reason.clone(),
        details,
    }
}

/// A claim step seals the claim and each of its learners' rows (Q4).
pub(super) fn claim_seals(
    conn: &mut DbConnection,
    claim_id: &str,
) -> Result<Vec<Seal>, StoreError> {
    let mut seals = vec![Seal::new(SealedTable::Claims, claim_id)];
    for row in claims::learners_of(conn, claim_id)? {
        seals.push(Seal::new(SealedTable::ClaimLearners, row.id));
    }
    Ok(seals)
}

/// Every registration of the centre with what may be claimed for it.
pub async fn candidates(
    state: &AppState,
    actor: &Actor,
    centre_id: &CentreId,
) -> Result<Vec<Candidate>, ActionError> {
    require_centre_role(actor, centre_id, ADMIN)?;
    let (curriculum, centre, today) = (
        state.curriculum.clone(),
        centre_id.clone(),
        state.clock.now().date_naive(),
    );
    Ok(state
        .db
        .run(move |conn| {
            let rows = registrations::of_centre(conn, centre.as_ref())?;
            candidates_of(conn, &curriculum, &centre, rows, today)
        })
        .await?)
}

/// The awarding body of a qualification, from its specification.
fn awarding_body(state: &AppState, qualification_id: &QualificationId) -> Option<String> {
    state
        .curriculum
        .qualification(qualification_id)
        .map(|(spec, _)| spec.specification.awarding_body.clone())
}

/// Inside the transaction: hold one chosen registration (404 when another centre's) and keep
/// the claim to one qualification.
fn hold_chosen(
    conn: &mut DbConnection,
    centre_id: &CentreId,
    id: &RegistrationId,
    qualification: &mut Option<String>,
) -> Result<Registration, ActionError> {
    let registration = match registrations::find(conn, id)? {
        Some(r) if r.centre_id == *centre_id => r,
        _ => return Err(ActionError::NotFound(format!("registration {id}"))),
    };
    registrations::hold(conn, id)?;
    if qualification.get_or_insert_with(|| registration.qualification_id.clone())
        != &registration.qualification_id
    {
        return Err(ActionError::Invalid(vec![FieldError::new(
            "registration_ids",
            "A claim is for one qualification: choose learners on the same qualification.",
        )]));
    }
    Ok(registration)
}

/// The claim rows of a ready learner: one for the qualification, or one per unit certificate.
fn learner_rows(
    curriculum: &crate::curriculum::Curriculum,
    found: &Candidate,
    claim_id: &ClaimId,
    now: chrono::NaiveDateTime,
) -> Vec<ClaimLearner> {
    let qualification_id = &found.registration.qualification_id;
    claim_keys(qualification_id, &found.readiness)
        .into_iter()
        .map(|(kind, key)| {
            let units = match &found.readiness {
                Readiness::Units(_) => vec![key.clone()],
                _ => curriculum
                    .qualification(qualification_id)
                    .map(|(_, q)| q.mandatory_units.clone())
                    .unwrap_or_default(),
            };
            ClaimLearner {
                id: uuid::Uuid::new_v4().to_string(),
                claim_id: claim_id.to_string(),
                registration_id: found.registration.id.clone(),
                claim_kind: kind,
                claim_key: key,
                units: Json(units),
                live: true,
                certificate_number: None,
                certificated_on: None,
                created_at: now,
            }
        })
        .collect()
}

/// Inside the transaction: hold each registration, check it again and build its claim rows.
fn claim_rows(
    conn: &mut DbConnection,
    state_bits: (&crate::curriculum::Curriculum, &str, NaiveDate),
    registration_ids: &[RegistrationId],
    claim_id: &ClaimId,
    now: chrono::NaiveDateTime,
) -> Result<(String, Vec<ClaimLearner>), ActionError> {
    let (curriculum, centre_id, today) = state_bits;
    let (mut chosen, mut qualification) = (Vec::new(), None::<String>);
    for id in registration_ids {
        let registration = hold_chosen(
            conn,
            &CentreId::from_stored(centre_id),
            id,
            &mut qualification,
        )?;
        let name = people::find_user(conn, &registration.learner_id)?
            .map(|u| u.name)
            .unwrap_or_default();
        chosen.push((registration, name));
    }
    let (mut rows, mut refused) = (Vec::new(), Vec::new());
    let centre = CentreId::from_stored(centre_id);
    for found in candidates_of(conn, curriculum, &centre, chosen, today)? {
        if let Readiness::NotReady(reasons) = &found.readiness {
            let words = format!("{}: {}", found.learner_name, reasons.join(" "));
            refused.push((found.hold.unwrap_or(Hold::Record), words));
            continue;
        }
        rows.extend(learner_rows(curriculum, &found, claim_id, now));
    }
    if !refused.is_empty() {
        return Err(ActionError::Rule(claim_refusal(refused)));
    }
    qualification.map_or_else(
        || {
            Err(ActionError::Invalid(vec![FieldError::new(
                "registration_ids",
                "Choose at least one learner to claim.",
            )]))
        },
        |q| Ok((q, rows)),
    )
}

/// A new draft claim for a qualification.
fn draft_claim(
    curriculum: &crate::curriculum::Curriculum,
    (id, centre_id, qualification_id): (&str, &str, String),
    actor: &Actor,
    now: chrono::NaiveDateTime,
) -> Claim {
    Claim {
        id: id.to_owned(),
        centre_id: centre_id.to_string(),
        awarding_body: curriculum
            .qualification(&qualification_id)
            .map(|(s, _)| s.specification.awarding_body.clone())
            .unwrap_or_default(),
        qualification_id,
        status: ClaimStatus::Draft,
        created_by: actor.user.id.clone(),
        created_at: now,
        submitted_at: None,
        submitted_by: None,
        certificated_at: None,
        returned_at: None,
        return_reason: None,
    }
}

/// The registration ids chosen on a form or in a body: one that cannot be an id is refused as
/// an unknown registration (404).
pub fn chosen_registrations(raw: Vec<String>) -> Result<Vec<RegistrationId>, ActionError> {
    raw.into_iter()
        .map(|id| {
            RegistrationId::try_from(id.clone())
                .map_err(|_| ActionError::NotFound(format!("registration {id}")))
        })
        .collect()
}

/// Make a draft claim of ready learners. Refusals: 404 (a registration of another centre),
/// 422 (not ready, with each learner's reasons; mixed qualifications; none chosen), 409 (one
/// of them was claimed at the same moment).
pub async fn create(
    state: &AppState,
    actor: &Actor,
    centre_id: &CentreId,
    registration_ids: Vec<RegistrationId>,
) -> Result<Claim, ActionError> {
    require_centre_role(actor, centre_id, ADMIN)?;
    let now = state.clock.naive();
    let today = state.clock.now().date_naive();
    let claim_id = ClaimId::random();
    let (curriculum, centre, actor) = (
        state.curriculum.clone(),
        centre_id.to_string(),
        actor.clone(),
    );
    let outcome = state
        .db
        .write(move |conn| {
            let (qualification, rows) = claim_rows(
                conn,
                (&curriculum, &centre, today),
                &registration_ids,
                &claim_id,
                now,
            )?;
            let claim = draft_claim(
                &curriculum,
                (&claim_id, &centre, qualification),
                &actor,
                now,
            );
            claims::insert(conn, &claim, &rows)?;
            let learners: Vec<&str> = rows.iter().map(|r| r.registration_id.as_str()).collect();
            let seals = claim_seals(conn, &claim.id)?;
            ledger::append_sealing(
                conn,
                claim_entry(
                    &actor,
                    &claim,
                    "claim_created",
                    json!({"registrations": learners}),
                ),
                &seals,
                now,
            )?;
            Ok(claim)
        })
        .await;
    match outcome {
        Ok(result) => Ok(result),
        Err(ActionError::Store(e)) if judgements::is_taken(&e) => Err(ActionError::Conflict(
            "One of these learners was claimed at the same moment by someone else; nobody is claimed twice for the same qualification. Reload the list.".to_owned(),
        )),
        Err(e) => Err(e),
    }
}

/// The claim, if the caller is an administrator of its centre (404 otherwise).
pub async fn get(
    state: &AppState,
    actor: &Actor,
    claim_id: &ClaimId,
) -> Result<ClaimView, ActionError> {
    let id = claim_id.clone();
    let view = state
        .db
        .run(move |conn| load(conn, &id))
        .await?
        .ok_or_else(|| ActionError::NotFound(format!("claim {claim_id}")))?;
    require_centre_role(
        actor,
        &CentreId::from_stored(view.claim.centre_id.as_str()),
        ADMIN,
    )
    .map_err(|_| ActionError::NotFound(format!("claim {claim_id}")))?;
    Ok(view)
}

pub fn load(conn: &mut DbConnection, claim_id: &ClaimId) -> Result<Option<ClaimView>, StoreError> {
    let Some(claim) = claims::find(conn, claim_id)? else {
        return Ok(None);
    };
    let rows = claims::learners_of(conn, claim_id)?;
    let ids: Vec<String> = rows.iter().map(|r| r.registration_id.clone()).collect();
    let mut named: std::collections::HashMap<String, (Registration, String)> =
        registrations::named(conn, &ids)?
            .into_iter()
            .map(|(r, name)| (r.id.clone(), (r, name)))
            .collect();
    let learners = rows
        .into_iter()
        .filter_map(|row| {
            let (registration, name) = named.remove(&row.registration_id)?;
            Some((row, registration, name))
        })
        .collect();
    Ok(Some(ClaimView { claim, learners }))
}

pub use super::claim_steps::{Certificate, advance};

/// The claims of a centre, newest first.
pub async fn of_centre(
    state: &AppState,
    actor: &Actor,
    centre_id: &CentreId,
) -> Result<Vec<Claim>, ActionError> {
    require_centre_role(actor, centre_id, ADMIN)?;
    let centre = centre_id.to_string();
    Ok(state
        .db
        .run(move |conn| claims::of_centre(conn, &centre))
        .await?)
}

/// The awarding body name for a claim page.
pub fn body_of(state: &AppState, claim: &Claim) -> String {
    awarding_body(
        state,
        &QualificationId::from_stored(claim.qualification_id.as_str()),
    )
    .unwrap_or_else(|| claim.awarding_body.clone())
}
