//! Witness and expert-witness testimony on a registration: the learner or their assessor asks
//! (the witness is emailed a single-use link, see `witness_link`), and the assessor accepts the
//! signed testimony as evidence (mapped to criteria) or rejects it, with a reason.

use serde_json::json;

use crate::actions::ActionError;
use crate::actions::Actor;
use crate::actions::AppState;
use crate::actions::access::{require_evidence_writer, require_registration_visible};
use crate::auth::tokens::Audience;
use crate::domain::ids::{RegistrationId, TestimonyRequestId};
use crate::domain::registration::RegistrationStatus;
use crate::domain::witness::{
    LINK_VALIDITY, RequestFields, RequestStatus, WitnessRequest, parse_request,
};
use crate::store::audit::{self, NewAuditEntry};
use crate::store::json::Json;
use crate::store::mail_queue::{self, NewMail};
use crate::store::people;
use crate::store::registrations::{self, Registration};
use crate::store::witness::{self as store, TestimonyRequest, WitnessTestimony};

pub use crate::actions::assessment::witness_decision::{DecisionFields, decide};

/// A request with what the witness signed, for the people who may see the registration.
pub struct TestimonyView {
    pub registration: Registration,
    pub request: TestimonyRequest,
    pub testimony: Option<WitnessTestimony>,
    pub learner_name: String,
}

async fn registration(state: &AppState, id: &RegistrationId) -> Result<Registration, ActionError> {
    let key = id.to_owned();
    state
        .db
        .run(move |conn| registrations::find(conn, &key))
        .await?
        .ok_or_else(|| ActionError::NotFound(format!("registration {id}")))
}

pub(super) fn entry(
    actor: &Actor,
    registration: &Registration,
    action: &str,
    id: &str,
    reason: Option<String>,
    details: serde_json::Value,
) -> NewAuditEntry {
    NewAuditEntry {
        actor_id: Some(actor.user.id.clone()),
        actor_name: actor.user.name.clone(),
        centre_id: Some(registration.centre_id.clone()),
        action: action.to_owned(),
        record_type: "testimony_request".to_owned(),
        record_id: id.to_owned(),
        reason,
        details,
    }
}

fn invitation(request: &TestimonyRequest, learner: &str, asker: &str, link: &str) -> NewMail {
    let expert = if request.expert {
        " as an expert witness"
    } else {
        ""
    };
    NewMail {
        to_address: request.witness_email.clone(),
        to_name: request.witness_name.clone(),
        subject: format!("Please give testimony about {learner}'s practice"),
        body_text: format!(
            "Hello {},\n\n{asker} asks you to give testimony{expert} about {learner}'s work, for their qualification.\n\nThe activity: {}\n\nOpen this link to confirm who you are, write what you saw and sign it. It works once, for 14 days, and needs no account:\n{link}\n\nIf you were not expecting this, you can ignore this message.\n",
            request.witness_name, request.activity
        ),
    }
}

/// The request as asked for, with a new single-use link that expires after [`LINK_VALIDITY`].
fn request_row(
    actor: &Actor,
    registration: &Registration,
    parsed: WitnessRequest,
    now: chrono::DateTime<chrono::Utc>,
) -> TestimonyRequest {
    TestimonyRequest {
        id: uuid::Uuid::new_v4().to_string(),
        registration_id: registration.id.clone(),
        requested_by: actor.user.id.clone(),
        witness_name: parsed.name.as_str().to_owned(),
        witness_email: parsed.email.as_str().to_owned(),
        witness_role: parsed.role,
        relationship: parsed.relationship,
        expert: parsed.expert,
        criteria: Json(parsed.criteria),
        activity: parsed.activity,
        link_id: uuid::Uuid::new_v4().to_string(),
        link_expires_at: (now + LINK_VALIDITY).naive_utc(),
        link_used_at: None,
        status: RequestStatus::Requested,
        decided_by: None,
        decided_at: None,
        decision_reason: None,
        evidence_id: None,
        created_at: now.naive_utc(),
    }
}

/// The learner, or their assessor: ask a witness for testimony. The link goes only to the witness.
pub async fn request_testimony(
    state: &AppState,
    actor: &Actor,
    registration_id: &RegistrationId,
    fields: &RequestFields,
) -> Result<TestimonyRequest, ActionError> {
    let registration = registration(state, registration_id).await?;
    require_evidence_writer(actor, &registration)?;
    if registration.status != RegistrationStatus::Active {
        return Err(ActionError::Conflict(
            "This registration has been withdrawn; testimony cannot be asked for.".to_owned(),
        ));
    }
    let parsed = parse_request(&state.curriculum, &registration.qualification_id, fields)
        .map_err(ActionError::Invalid)?;
    let criteria = parsed.criteria.clone();
    let now = state.clock.now();
    let row = request_row(actor, &registration, parsed, now);
    let token = state
        .tokens
        .issue(
            Audience::Witness,
            &row.id,
            &row.link_id,
            now,
            now + LINK_VALIDITY,
        )
        .map_err(|e| ActionError::Internal(e.to_string()))?;
    let link = format!("{}/witness/{token}", state.public_url);
    let audit_entry = entry(
        actor,
        &registration,
        "testimony_requested",
        &row.id,
        None,
        json!({"witness_name": row.witness_name, "witness_email": row.witness_email, "expert": row.expert, "criteria": criteria, "link_expires_at": row.link_expires_at.and_utc().to_rfc3339()}),
    );
    let (saved, asker, learner_id) = (
        row.clone(),
        actor.user.name.clone(),
        registration.learner_id.clone(),
    );
    state
        .db
        .write(move |conn| -> Result<_, ActionError> {
            let learner = people::find_user(conn, &learner_id)?
                .map(|u| u.name)
                .unwrap_or_default();
            store::insert_request(conn, &saved)?;
            let invited = invitation(&saved, &learner, &asker, &link);
            mail_queue::enqueue(conn, &invited, now.naive_utc())?;
            audit::append(conn, audit_entry, now.naive_utc())?;
            Ok(())
        })
        .await?;
    Ok(row)
}

/// A registration's requests (anyone who may see the registration).
pub async fn list(
    state: &AppState,
    actor: &Actor,
    registration_id: &RegistrationId,
) -> Result<(Registration, String, Vec<TestimonyRequest>), ActionError> {
    let registration = registration(state, registration_id).await?;
    require_registration_visible(actor, &registration)?;
    let (id, learner) = (registration.id.clone(), registration.learner_id.clone());
    let (name, rows) = state
        .db
        .run(move |conn| -> Result<_, ActionError> {
            let name = people::find_user(conn, &learner)?
                .map(|u| u.name)
                .unwrap_or_default();
            Ok((name, store::requests_of(conn, &id)?))
        })
        .await?;
    Ok((registration, name, rows))
}

/// One request with its signed testimony (anyone who may see the registration).
pub async fn view(
    state: &AppState,
    actor: &Actor,
    request_id: &TestimonyRequestId,
) -> Result<TestimonyView, ActionError> {
    let id = request_id.clone();
    let loaded = state
        .db
        .run(move |conn| -> Result<_, ActionError> {
            let Some(request) = store::find_request(conn, &id)? else {
                return Ok(None);
            };
            let Some(registration) = registrations::find(conn, &request.registration_id)? else {
                return Ok(None);
            };
            let learner_name = people::find_user(conn, &registration.learner_id)?
                .map(|u| u.name)
                .unwrap_or_default();
            Ok(Some(TestimonyView {
                testimony: store::find_testimony(conn, &id)?,
                registration,
                request,
                learner_name,
            }))
        })
        .await?;
    let not_found = || ActionError::NotFound(format!("testimony request {request_id}"));
    let view = loaded.ok_or_else(not_found)?;
    require_registration_visible(actor, &view.registration).map_err(|_| not_found())?;
    Ok(view)
}
