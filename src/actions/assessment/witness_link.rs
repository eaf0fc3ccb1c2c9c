//! A witness's single-use link: opening it (with no account) and signing the testimony through
//! it. The token names the request (`sub`) and the one link that may answer it (`jti`); the
//! request row says whether that link is still open.

use serde_json::json;

use crate::actions::ActionError;
use crate::actions::AppState;
use crate::auth::tokens::{Audience, TokenError};
use crate::curriculum::Curriculum;
use crate::domain::signature::SignerRole;
use crate::domain::witness::{
    AnswerFields, LinkState, RequestFacts, SignedContent, WitnessAnswer, check_expert, link_state,
    parse_answer, signed_content_hash,
};
use crate::store::audit::NewAuditEntry;
use crate::store::json::{Json, OptionalJson};
use crate::store::ledger::{self, Seal, SealedTable};
use crate::store::registrations::{self, Registration};
use crate::store::signatures::{self, Signature};
use crate::store::witness::{self as store, TestimonyRequest, WitnessTestimony};
use crate::store::{notifications, people};

/// The `record_type` of a witness's signature on their testimony.
pub const TESTIMONY: &str = "witness_testimony";

/// Everything the witness's page shows.
pub struct LinkView {
    pub request: TestimonyRequest,
    pub registration: Registration,
    pub testimony: Option<WitnessTestimony>,
    pub learner_name: String,
    pub link: LinkState,
    /// The link's `jti`: the hidden field that ties the page's form to this link.
    pub link_id: String,
}

impl LinkView {
    pub fn criteria(&self) -> Vec<String> {
        self.request.criteria.0.clone()
    }

    pub fn qualification_title<'a>(&self, curriculum: &'a Curriculum) -> &'a str {
        curriculum
            .qualification(&self.registration.qualification_id)
            .map_or("", |(_, q)| q.title.as_str())
    }
}

/// Open a link: its request, whether it may still be used, and what was signed through it.
pub async fn open(state: &AppState, token: &str) -> Result<LinkView, ActionError> {
    let claims = match state.tokens.signed_claims(token, Audience::Witness) {
        Ok(claims) => claims,
        Err(TokenError::Invalid | TokenError::Expired | TokenError::Signing) => {
            return Err(ActionError::LinkInvalid);
        }
    };
    let (request_id, link_id) = (claims.sub.clone(), claims.jti.clone());
    let loaded = state
        .db
        .run(move |conn| -> Result<_, ActionError> {
            let Some(request) = store::find_request(conn, &request_id)? else {
                return Ok(None);
            };
            // A link made for another request, or one this request no longer answers to.
            if request.link_id != link_id {
                return Ok(None);
            }
            let Some(registration) = registrations::find(conn, &request.registration_id)? else {
                return Ok(None);
            };
            let learner = people::find_user(conn, &registration.learner_id)?;
            let testimony = store::find_testimony(conn, &request.id)?;
            Ok(Some((request, registration, learner, testimony)))
        })
        .await?;
    let Some((request, registration, learner, testimony)) = loaded else {
        return Err(ActionError::LinkInvalid);
    };
    let now = state.clock.naive();
    let token_expiry = chrono::DateTime::from_timestamp(claims.exp, 0)
        .map(|t| t.naive_utc())
        .unwrap_or(now);
    let expires_at = request.link_expires_at.min(token_expiry);
    Ok(LinkView {
        link: link_state(request.link_used_at, expires_at, now),
        learner_name: learner.map(|u| u.name).unwrap_or_default(),
        link_id: claims.jti,
        request,
        registration,
        testimony,
    })
}

/// The plain sentence an expired link's page gives: whom to ask for a new one.
pub async fn expired(state: &AppState, view: &LinkView) -> ActionError {
    let (requester, assessor, centre) = (
        view.request.requested_by.clone(),
        view.registration.assessor_id.clone(),
        view.registration.centre_id.clone(),
    );
    let names = state
        .db
        .run(move |conn| -> Result<_, ActionError> {
            Ok((
                people::find_user(conn, &requester)?.map(|u| u.name),
                people::find_user(conn, &assessor)?.map(|u| u.name),
                people::find_centre(conn, &centre)?.map(|c| c.name),
            ))
        })
        .await;
    let ask = match names {
        Ok((Some(requester), Some(assessor), Some(centre))) if requester == assessor => {
            format!("{requester}, the assessor at {centre},")
        }
        Ok((Some(requester), Some(assessor), Some(centre))) => {
            format!("{requester} or their assessor {assessor} at {centre}")
        }
        _ => "the person who asked you for testimony".to_owned(),
    };
    ActionError::LinkExpired {
        expired_on: view.request.link_expires_at.format("%-d %B %Y").to_string(),
        ask,
    }
}

/// Open a link that must still be open (to answer through it).
pub async fn open_for_answer(state: &AppState, token: &str) -> Result<LinkView, ActionError> {
    let view = open(state, token).await?;
    match view.link {
        LinkState::Open => Ok(view),
        LinkState::Used(_) => Err(ActionError::LinkUsed),
        LinkState::Expired => Err(expired(state, &view).await),
    }
}

fn testimony_row(
    view: &LinkView,
    answer: &WitnessAnswer,
    client_address: &str,
    now: chrono::NaiveDateTime,
) -> WitnessTestimony {
    let criteria = view.criteria();
    let hash = signed_content_hash(&SignedContent {
        request_id: &view.request.id,
        learner_name: &view.learner_name,
        criteria: &criteria,
        activity: &view.request.activity,
        witness_name: &view.request.witness_name,
        witness_email: &view.request.witness_email,
        answer,
    });
    let expert = answer.expert.as_ref();
    let observation = answer.observation.as_ref();
    WitnessTestimony {
        request_id: view.request.id.clone(),
        declared_role: answer.declared_role.clone(),
        testimony: answer.testimony.clone(),
        expert_statement: expert.map(|e| e.statement.clone()).unwrap_or_default(),
        working_knowledge_of_units: expert.is_some_and(|e| e.working_knowledge_of_units),
        occupationally_competent: expert.is_some_and(|e| e.occupationally_competent),
        assessment_qualifications: Json(
            expert.map(|e| e.qualifications.clone()).unwrap_or_default(),
        ),
        work_role_evaluates_practice: expert.is_some_and(|e| e.work_role_evaluates_practice),
        observed_on: observation.map(|o| o.observed_on),
        observation_setting: observation.map(|o| o.setting.clone()),
        observation_narrative: observation.map(|o| o.narrative.clone()),
        observation_criteria: OptionalJson(observation.map(|o| o.criteria.clone())),
        signed_name: answer.signed_name.clone(),
        signed_at: now,
        client_address: client_address.chars().take(64).collect(),
        content_sha256: hash,
    }
}

/// The audit entry of a witness's signature (the witness has no account: named, not an actor).
fn signed_entry(view: &LinkView, row: &WitnessTestimony) -> NewAuditEntry {
    NewAuditEntry {
        actor_id: None,
        actor_name: format!("{} (witness)", view.request.witness_name),
        centre_id: Some(view.registration.centre_id.clone()),
        action: "testimony_signed".to_owned(),
        record_type: "testimony_request".to_owned(),
        record_id: view.request.id.clone(),
        reason: None,
        details: json!({"content_sha256": row.content_sha256, "client_address": row.client_address, "expert": view.request.expert, "observation": row.observed_on.is_some()}),
    }
}

/// The witness's signature on their testimony, as a witness or an expert witness.
fn witness_signature(
    view: &LinkView,
    row: &WitnessTestimony,
    now: chrono::NaiveDateTime,
) -> Signature {
    let role = if view.request.expert {
        SignerRole::ExpertWitness
    } else {
        SignerRole::Witness
    };
    Signature {
        id: uuid::Uuid::new_v4().to_string(),
        registration_id: view.registration.id.clone(),
        record_type: TESTIMONY.to_owned(),
        record_id: view.request.id.clone(),
        signer_role: role.code().to_owned(),
        signer_id: None,
        signer_name: row.signed_name.clone(),
        signed_at: now,
        client_address: row.client_address.clone(),
        content_sha256: row.content_sha256.clone(),
    }
}

/// The answer checked: who the witness is and what they wrote, and C7 for an expert witness.
fn checked_answer(
    state: &AppState,
    view: &LinkView,
    fields: &AnswerFields,
) -> Result<WitnessAnswer, ActionError> {
    let facts = RequestFacts {
        witness_name: &view.request.witness_name,
        witness_email: &view.request.witness_email,
        expert: view.request.expert,
        qualification_id: &view.registration.qualification_id,
    };
    let today = state.clock.now().date_naive();
    let parsed =
        parse_answer(&state.curriculum, &facts, fields, today).map_err(ActionError::Invalid)?;
    check_expert(
        &state.curriculum,
        &view.registration.qualification_id,
        &parsed,
    )
    .map_err(ActionError::Rule)?;
    Ok(parsed)
}

/// The witness signs: checked (identity, fields, C7 for an expert witness), kept with the SHA-256
/// of exactly what was signed, the link used up, the assessor told; all in one transaction.
pub async fn answer(
    state: &AppState,
    token: &str,
    fields: &AnswerFields,
    client_address: &str,
) -> Result<WitnessTestimony, ActionError> {
    let view = open_for_answer(state, token).await?;
    let parsed = checked_answer(state, &view, fields)?;
    let now = state.clock.naive();
    let row = testimony_row(&view, &parsed, client_address, now);
    let (entry, signature) = (
        signed_entry(&view, &row),
        witness_signature(&view, &row, now),
    );
    let subject = format!(
        "Testimony signed by {} for {}",
        view.request.witness_name, view.learner_name
    );
    let body = format!(
        "{} has signed their testimony about {}'s practice. Accept it as evidence or say why not.",
        view.request.witness_name, view.learner_name
    );
    let (saved, link_id, assessor) = (
        row.clone(),
        view.link_id.clone(),
        view.registration.assessor_id.clone(),
    );
    let (link, base) = (
        format!("/testimony/{}", view.request.id),
        state.public_url.clone(),
    );
    let recorded = state
        .db
        .write(move |conn| -> Result<_, ActionError> {
            if !store::record_answer(conn, &link_id, &saved, now)? {
                return Ok(false);
            }
            signatures::insert(conn, &signature)?;
            notifications::notify_with_mail(conn, &assessor, &subject, &body, &link, &base, now)?;
            let seal = Seal::new(SealedTable::Signatures, &signature.id);
            ledger::append_sealing(conn, entry, &[seal], now)?;
            Ok(true)
        })
        .await?;
    if recorded {
        Ok(row)
    } else {
        Err(ActionError::LinkUsed)
    }
}
