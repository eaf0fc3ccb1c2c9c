//! The authenticity declaration (the learner signs that the work is their own, over the content's
//! SHA-256) and submission for assessment, which tells the allocated assessor.

use serde_json::json;

use super::{entry, view};
use crate::actions::ActionError;
use crate::actions::Actor;
use crate::actions::AppState;
use crate::domain::evidence::EvidenceStatus;
use crate::domain::evidence_input::{SubmissionFacts, check_declared_name, check_submission};
use crate::domain::ids::EvidenceId;
use crate::store::StoreError;
use crate::store::audit;
use crate::store::evidence::{self as store, Declaration};
use crate::store::notifications::notify_with_mail;

/// The learner signs that the work is their own: typed name, time, and the content's SHA-256.
pub async fn declare(
    state: &AppState,
    actor: &Actor,
    evidence_id: &EvidenceId,
    typed_name: &str,
) -> Result<Declaration, ActionError> {
    let view = view(state, actor, evidence_id).await?;
    if view.registration.learner_id != actor.user.id {
        return Err(ActionError::Forbidden);
    }
    super::refuse_if_submitted(actor, &view)?;
    check_declared_name(typed_name, &actor.user.name).map_err(|e| ActionError::Invalid(vec![e]))?;
    let version = view
        .current()
        .ok_or_else(|| ActionError::Internal("evidence without a actor version".to_owned()))?;
    let declaration = Declaration {
        id: uuid::Uuid::new_v4().to_string(),
        evidence_id: view.item.id.clone(),
        version: version.version,
        typed_name: typed_name.trim().to_owned(),
        content_sha256: version.content_sha256.clone(),
        signed_by: actor.user.id.clone(),
        signed_at: state.clock.naive(),
    };
    let (row, now) = (declaration.clone(), state.clock.naive());
    let audit_entry = entry(
        actor,
        &view.registration,
        "evidence_declared",
        &view.item.id,
        json!({"version": row.version, "content_sha256": row.content_sha256}),
    );
    state
        .db
        .write(move |conn| -> Result<_, ActionError> {
            store::insert_declaration(conn, &row)?;
            audit::append(conn, audit_entry, now)?;
            Ok(())
        })
        .await?;
    Ok(declaration)
}

/// The learner submits signed, mapped content for assessment.
pub async fn submit(
    state: &AppState,
    actor: &Actor,
    evidence_id: &EvidenceId,
) -> Result<(), ActionError> {
    let view = view(state, actor, evidence_id).await?;
    if view.registration.learner_id != actor.user.id {
        return Err(ActionError::Forbidden);
    }
    check_submission(SubmissionFacts {
        has_content: view
            .current()
            .is_some_and(|v| !v.body_text.trim().is_empty())
            || !view.files.is_empty(),
        mapped: !view.mappings.is_empty(),
        declaration_holds: view.declaration_valid(),
    })
    .map_err(ActionError::Invalid)?;
    if view.item.status == EvidenceStatus::Submitted {
        return Ok(());
    }
    let now = state.clock.naive();
    let id = view.item.id.clone();
    let audit_entry = entry(
        actor,
        &view.registration,
        "evidence_submitted",
        &id,
        json!({"version": view.item.current_version}),
    );
    // The allocated assessor hears of it in the app and by email, with the submission.
    let assessor = view.registration.assessor_id.clone();
    let subject = format!("Evidence submitted by {}", actor.user.name);
    let body = format!(
        "{} submitted \"{}\" (version {}) for assessment.",
        actor.user.name, view.item.title, view.item.current_version
    );
    let (link, base) = (format!("/evidence/{id}"), state.public_url.clone());
    state
        .db
        .write(move |conn| {
            store::set_status(conn, &id, EvidenceStatus::Submitted, now)?;
            notify_with_mail(conn, &assessor, &subject, &body, &link, &base, now)?;
            audit::append(conn, audit_entry, now)?;
            Ok::<(), StoreError>(())
        })
        .await?;
    Ok(())
}
