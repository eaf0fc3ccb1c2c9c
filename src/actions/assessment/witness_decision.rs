//! The assessor's decision on a signed testimony: accepted, it becomes a mapped evidence item
//! (and an expert witness's observation an observation that counts for C5); rejected, it does
//! not. The learner is told either way, with the reason.

use chrono::NaiveDateTime;
use serde_json::json;

use crate::actions::ActionError;
use crate::actions::Actor;
use crate::actions::AppState;
use crate::actions::access::require_allocated_assessor;
use crate::actions::assessment::witness::{self as asked, TestimonyView, entry};
use crate::domain::evidence::{EvidenceKind, EvidenceStatus, check_mapping, content_hash};
use crate::domain::ids::TestimonyRequestId;
use crate::domain::observation::ObserverKind;
use crate::domain::people::FieldError;
use crate::domain::signature::{SignerRole, content_hash as signature_hash};
use crate::domain::witness::{RequestStatus, TestimonyDecision, parse_decision};
use crate::store::evidence::{self as evidence_store, EvidenceItem, EvidenceVersion};
use crate::store::json::Json;
use crate::store::ledger::{self, Seal, SealedTable};
use crate::store::observations::{self, Observation};
use crate::store::signatures::{self, Signature};
use crate::store::witness as store;
use crate::store::{StoreError, notifications};

/// What the assessor decides, as entered.
#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(default)]
pub struct DecisionFields {
    pub decision: String,
    pub reason: String,
    /// On accepting: the criteria to map the evidence to (the criteria in view when absent).
    pub criteria: Option<Vec<String>>,
}

fn evidence_from(
    view: &TestimonyView,
    by: &str,
    now: NaiveDateTime,
) -> Option<(EvidenceItem, EvidenceVersion)> {
    let testimony = view.testimony.as_ref()?;
    let request = &view.request;
    let expert = if request.expert {
        "Expert witness testimony"
    } else {
        "Witness testimony"
    };
    let title = format!(
        "{expert}: {} ({})",
        request.witness_name, testimony.declared_role
    );
    let title: String = title.chars().take(200).collect();
    let description = format!(
        "Signed by {} on {} (SHA-256 {}). Relationship to the learner: {}. Activity: {}",
        testimony.signed_name,
        testimony.signed_at.format("%-d %B %Y %H:%M UTC"),
        testimony.content_sha256,
        request.relationship,
        request.activity
    );
    let mut body = testimony.testimony.clone();
    if let (Some(on), Some(narrative)) = (testimony.observed_on, &testimony.observation_narrative) {
        let setting = testimony.observation_setting.as_deref().unwrap_or_default();
        body.push_str(&format!(
            "\n\nObservation of practice on {on} ({setting}):\n\n{narrative}"
        ));
    }
    let id = uuid::Uuid::new_v4().to_string();
    let item = EvidenceItem {
        id: id.clone(),
        registration_id: view.registration.id.clone(),
        kind: EvidenceKind::WitnessTestimony.code().to_owned(),
        title: title.clone(),
        activity_date: testimony.observed_on.unwrap_or(testimony.signed_at.date()),
        status: EvidenceStatus::Submitted,
        current_version: 1,
        created_by: by.to_owned(),
        created_at: now,
        updated_at: now,
    };
    let version = EvidenceVersion {
        id: uuid::Uuid::new_v4().to_string(),
        evidence_id: id,
        version: 1,
        content_sha256: content_hash(&title, &description, &body, &[]),
        description,
        word_count: i32::try_from(crate::domain::word_count::count_markdown_words(&body)).ok(),
        body_text: body,
        created_by: by.to_owned(),
        created_at: now,
    };
    Some((item, version))
}

/// An accepted expert witness's observation, as an observation of practice (C5) with the
/// witness's signature on it: what the unit sign-off counts.
fn expert_observation(
    view: &TestimonyView,
    now: NaiveDateTime,
) -> Option<(Observation, Signature)> {
    let testimony = view.testimony.as_ref().filter(|_| view.request.expert)?;
    let observation = Observation {
        id: uuid::Uuid::new_v4().to_string(),
        registration_id: view.registration.id.clone(),
        observer_kind: ObserverKind::ExpertWitness,
        observer_id: None,
        observer_name: view.request.witness_name.clone(),
        planned: false,
        observed_on: testimony.observed_on?,
        setting: testimony.observation_setting.clone().unwrap_or_default(),
        people_present: Json(Vec::new()),
        narrative: testimony.observation_narrative.clone().unwrap_or_default(),
        criteria: Json(testimony.observation_criteria.0.clone().unwrap_or_default()),
        range_items: Json(Vec::new()),
        recorded_at: now,
    };
    let signature = Signature {
        id: uuid::Uuid::new_v4().to_string(),
        registration_id: view.registration.id.clone(),
        record_type: signatures::OBSERVATION.to_owned(),
        record_id: observation.id.clone(),
        signer_role: SignerRole::ExpertWitness.code().to_owned(),
        signer_id: None,
        signer_name: testimony.signed_name.clone(),
        signed_at: testimony.signed_at,
        client_address: testimony.client_address.clone(),
        content_sha256: signature_hash(&observation.record()),
    };
    Some((observation, signature))
}

/// What accepting makes: the evidence item and its first version, the criteria it is mapped
/// to, and (for an expert witness's observation) the observation with the witness's signature.
type Accepted = (
    (EvidenceItem, EvidenceVersion),
    Vec<String>,
    Option<(Observation, Signature)>,
);

/// The records an accepted testimony becomes, mapped to the criteria asked for (or those in
/// view when none are given).
fn accepted_records(
    state: &AppState,
    actor: &Actor,
    view: &TestimonyView,
    fields: &DecisionFields,
    now: NaiveDateTime,
) -> Result<Accepted, ActionError> {
    let wanted = fields
        .criteria
        .clone()
        .unwrap_or_else(|| view.request.criteria.0.clone());
    let mapping = check_mapping(
        &state.curriculum,
        &view.registration.qualification_id,
        &wanted,
    )
    .map_err(|e| ActionError::Invalid(vec![e]))?;
    if mapping.is_empty() {
        return Err(ActionError::Invalid(vec![FieldError::new(
            "criteria",
            "Choose at least one criterion to map the testimony to",
        )]));
    }
    let made = evidence_from(view, &actor.user.id, now)
        .ok_or_else(|| ActionError::Internal("signed request without a testimony".to_owned()))?;
    Ok((made, mapping, expert_observation(view, now)))
}

/// What the learner is told of the decision: a subject and a message.
fn learner_notice(status: RequestStatus, witness_name: &str, reason: &str) -> (String, String) {
    if status == RequestStatus::Accepted {
        (
            format!("{witness_name}'s testimony is accepted as evidence"),
            format!(
                "Your assessor accepted {witness_name}'s testimony as evidence. Reason: {reason}"
            ),
        )
    } else {
        (
            format!("{witness_name}'s testimony is not accepted"),
            format!(
                "Your assessor did not accept {witness_name}'s testimony as evidence. Reason: {reason}"
            ),
        )
    }
}

/// A decision being recorded, with what it writes in one transaction.
struct Decision {
    request_id: String,
    by: String,
    reason: String,
    status: RequestStatus,
    accepted: Option<Accepted>,
    learner_id: String,
    notice: (String, String),
    base: String,
    audit_entry: crate::store::audit::NewAuditEntry,
    now: NaiveDateTime,
}

impl Decision {
    /// The records an acceptance makes, the decision (refused as a duplicate when someone
    /// decided first, which undoes the records), the learner's notice and the audit entry.
    fn save(self, conn: &mut crate::store::DbConnection) -> Result<(), StoreError> {
        let now = self.now;
        if let Some(((item, version), mapping, observation)) = &self.accepted {
            evidence_store::insert_item(conn, item, version)?;
            evidence_store::set_mappings(conn, &item.id, mapping, &self.by, now)?;
            if let Some((observation, signature)) = observation {
                observations::insert(conn, observation, signature)?;
            }
        }
        let evidence_id = self
            .accepted
            .as_ref()
            .map(|((item, _), _, _)| item.id.as_str());
        let request = &self.request_id;
        let (by, reason) = (&self.by, &self.reason);
        if !store::record_decision(conn, request, self.status, by, reason, evidence_id, now)? {
            return Err(StoreError::Duplicate(
                "the decision on this testimony".to_owned(),
            ));
        }
        let (subject, body) = &self.notice;
        let link = format!("/testimony/{request}");
        notifications::notify_with_mail(
            conn,
            &self.learner_id,
            subject,
            body,
            &link,
            &self.base,
            now,
        )?;
        let seals: Vec<Seal> = match &self.accepted {
            Some((_, _, Some((observation, signature)))) => vec![
                Seal::new(SealedTable::Observations, &observation.id),
                Seal::new(SealedTable::Signatures, &signature.id),
            ],
            _ => Vec::new(),
        };
        ledger::append_sealing(conn, self.audit_entry, &seals, now)?;
        Ok(())
    }
}

/// The registration's allocated assessor accepts a signed testimony as evidence (mapped to the
/// criteria in view, or as adjusted) or rejects it; the learner is told either way.
pub async fn decide(
    state: &AppState,
    actor: &Actor,
    request_id: &TestimonyRequestId,
    fields: &DecisionFields,
) -> Result<TestimonyView, ActionError> {
    let view = asked::view(state, actor, request_id).await?;
    require_allocated_assessor(actor, &view.registration)?;
    if view.request.status != RequestStatus::Signed {
        return Err(ActionError::Conflict(
            "Only a testimony the witness has signed, and nobody has decided on yet, can be accepted or rejected.".to_owned(),
        ));
    }
    let (decision, reason) =
        parse_decision(&fields.decision, &fields.reason).map_err(ActionError::Invalid)?;
    let now = state.clock.naive();
    let (accepted, status, action) = match decision {
        TestimonyDecision::Accept => (
            Some(accepted_records(state, actor, &view, fields, now)?),
            RequestStatus::Accepted,
            "testimony_accepted",
        ),
        TestimonyDecision::Reject => (None, RequestStatus::Rejected, "testimony_rejected"),
    };
    let evidence_id = accepted.as_ref().map(|((item, _), _, _)| item.id.clone());
    let audit_entry = entry(
        actor,
        &view.registration,
        action,
        &view.request.id,
        Some(reason.clone()),
        json!({"evidence_id": evidence_id, "criteria": accepted.as_ref().map(|(_, m, _)| m.clone()), "observation_id": accepted.as_ref().and_then(|(_, _, o)| o.as_ref().map(|(o, _)| o.id.clone()))}),
    );
    let decision = Decision {
        request_id: view.request.id.clone(),
        by: actor.user.id.clone(),
        notice: learner_notice(status, &view.request.witness_name, &reason),
        reason,
        status,
        accepted,
        learner_id: view.registration.learner_id.clone(),
        base: state.public_url.clone(),
        audit_entry,
        now,
    };
    match state.db.write(move |conn| decision.save(conn)).await {
        Ok(()) => asked::view(state, actor, request_id).await,
        Err(StoreError::Duplicate(_)) => Err(ActionError::Conflict(
            "Someone decided on this testimony a moment ago; reload to see the decision."
                .to_owned(),
        )),
        Err(other) => Err(other.into()),
    }
}
