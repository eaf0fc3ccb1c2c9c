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
use crate::domain::evidence::{EvidenceKind, SUBMITTED, check_mapping, content_hash};
use crate::domain::people::FieldError;
use crate::domain::signature::{SignerRole, content_hash as signature_hash};
use crate::domain::witness::{RequestStatus, TestimonyDecision, parse_decision};
use crate::store::audit;
use crate::store::evidence::{self as evidence_store, EvidenceItem, EvidenceVersion};
use crate::store::observations::{self, Observation};
use crate::store::signatures::{self, Signature};
use crate::store::witness::{self as store, ids};
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
        status: SUBMITTED.to_owned(),
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
        observer_kind: SignerRole::ExpertWitness.code().to_owned(),
        observer_id: None,
        observer_name: view.request.witness_name.clone(),
        planned: false,
        observed_on: testimony.observed_on?,
        setting: testimony.observation_setting.clone().unwrap_or_default(),
        people_present: "[]".to_owned(),
        narrative: testimony.observation_narrative.clone().unwrap_or_default(),
        criteria: testimony
            .observation_criteria
            .clone()
            .unwrap_or_else(|| "[]".to_owned()),
        range_items: "[]".to_owned(),
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

/// The registration's allocated assessor accepts a signed testimony as evidence (mapped to the
/// criteria in view, or as adjusted) or rejects it; the learner is told either way.
pub async fn decide(
    state: &AppState,
    actor: &Actor,
    request_id: &str,
    fields: &DecisionFields,
) -> Result<TestimonyView, ActionError> {
    let view = asked::view(state, actor, request_id).await?;
    require_allocated_assessor(actor, &view.registration)?;
    if view.status() != Some(RequestStatus::Signed) {
        return Err(ActionError::Conflict(
            "Only a testimony the witness has signed, and nobody has decided on yet, can be accepted or rejected.".to_owned(),
        ));
    }
    let (decision, reason) =
        parse_decision(&fields.decision, &fields.reason).map_err(ActionError::Invalid)?;
    let now = state.clock.naive();
    let accepted = match decision {
        TestimonyDecision::Accept => {
            let wanted = fields
                .criteria
                .clone()
                .unwrap_or_else(|| ids(&view.request.criteria));
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
            let made = evidence_from(&view, &actor.user.id, now).ok_or_else(|| {
                ActionError::Internal("signed request without a testimony".to_owned())
            })?;
            Some((made, mapping, expert_observation(&view, now)))
        }
        TestimonyDecision::Reject => None,
    };
    let status = if accepted.is_some() {
        RequestStatus::Accepted
    } else {
        RequestStatus::Rejected
    };
    let evidence_id = accepted.as_ref().map(|((item, _), _, _)| item.id.clone());
    let audit_entry = entry(
        actor,
        &view.registration,
        if accepted.is_some() {
            "testimony_accepted"
        } else {
            "testimony_rejected"
        },
        &view.request.id,
        Some(reason.clone()),
        json!({"evidence_id": evidence_id, "criteria": accepted.as_ref().map(|(_, m, _)| m.clone()), "observation_id": accepted.as_ref().and_then(|(_, _, o)| o.as_ref().map(|(o, _)| o.id.clone()))}),
    );
    let (subject, body) = match status {
        RequestStatus::Accepted => (
            format!(
                "{}'s testimony is accepted as evidence",
                view.request.witness_name
            ),
            format!(
                "Your assessor accepted {}'s testimony as evidence. Reason: {reason}",
                view.request.witness_name
            ),
        ),
        _ => (
            format!("{}'s testimony is not accepted", view.request.witness_name),
            format!(
                "Your assessor did not accept {}'s testimony as evidence. Reason: {reason}",
                view.request.witness_name
            ),
        ),
    };
    let (id, by, learner, base) = (
        view.request.id.clone(),
        actor.user.id.clone(),
        view.registration.learner_id.clone(),
        state.public_url.clone(),
    );
    let link = format!("/testimony/{id}");
    let decided = state
        .db
        .write(move |conn| {
            if let Some(((item, version), mapping, observation)) = &accepted {
                evidence_store::insert_item(conn, item, version)?;
                evidence_store::set_mappings(conn, &item.id, mapping, &by, now)?;
                if let Some((observation, signature)) = observation {
                    observations::insert(conn, observation, signature)?;
                }
            }
            if !store::record_decision(
                conn,
                &id,
                status.code(),
                &by,
                &reason,
                evidence_id.as_deref(),
                now,
            )? {
                // Someone decided first: undo the evidence made here.
                return Err(StoreError::Duplicate(
                    "the decision on this testimony".to_owned(),
                ));
            }
            notifications::notify_with_mail(conn, &learner, &subject, &body, &link, &base, now)?;
            audit::append(conn, audit_entry, now)?;
            Ok(())
        })
        .await;
    match decided {
        Ok(()) => asked::view(state, actor, request_id).await,
        Err(StoreError::Duplicate(_)) => Err(ActionError::Conflict(
            "Someone decided on this testimony a moment ago; reload to see the decision."
                .to_owned(),
        )),
        Err(other) => Err(other.into()),
    }
}
