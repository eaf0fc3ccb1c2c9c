//! Offering a passed knowledge-check attempt as evidence: a draft item holding the questions
//! and answers, mapped to criteria of the check's outcome, written through the evidence store
//! as any other item (and refused on a locked unit).

use serde_json::json;

use super::check_attempts::{AttemptView, require_own, view};
use crate::actions::learning::knowledge_checks::entry;
use crate::actions::locks::evidence_locked;
use crate::actions::{ActionError, Actor, AppState};
use crate::domain::evidence::{EvidenceKind, EvidenceStatus, check_mapping, content_hash};
use crate::domain::ids::{AttemptId, EvidenceId, RegistrationId};
use crate::domain::knowledge_check::{AttemptState, as_evidence_text, score};
use crate::domain::people::FieldError;
use crate::store::audit;
use crate::store::evidence::{self as evidence_store, EvidenceItem, EvidenceVersion};
use crate::store::knowledge_checks as store;

/// The criteria chosen, each a criterion of the check's outcome.
fn chosen_criteria(
    state: &AppState,
    view: &AttemptView,
    ids: &[String],
) -> Result<Vec<String>, ActionError> {
    let allowed = view.criteria(state);
    if allowed.is_empty() {
        return Err(ActionError::Invalid(vec![FieldError::new(
            "criteria",
            &format!(
                "This outcome has no assessment criteria to map a check to. SQA Knowledge/Skills items are assessed by short-response questions on assessment occasions: see /registrations/{}/occasions",
                view.registration.id
            ),
        )]));
    }
    let chosen = check_mapping(&state.curriculum, &view.registration.qualification_id, ids)
        .map_err(|e| ActionError::Invalid(vec![e]))?;
    if chosen.is_empty()
        || chosen
            .iter()
            .any(|c| !allowed.iter().any(|(id, _)| id == c))
    {
        return Err(ActionError::Invalid(vec![FieldError::new(
            "criteria",
            "Choose at least one criterion of the check's outcome",
        )]));
    }
    Ok(chosen)
}

/// The learner offers a passed attempt as evidence: a draft item holding the questions and
/// answers, mapped to the criteria chosen. They then sign and submit it as any other item.
pub async fn offer_as_evidence(
    state: &AppState,
    actor: &Actor,
    attempt_id: &AttemptId,
    criteria: &[String],
) -> Result<EvidenceItem, ActionError> {
    let view = view(state, actor, attempt_id).await?;
    require_own(actor, &view)?;
    require_offerable(&view)?;
    let chosen = chosen_criteria(state, &view, criteria)?;
    let now = state.clock.naive();
    let (item, version) = evidence_of(&view, &actor.user.id, now);
    let centre = view.programme.centre_id.clone();
    let added = entry(
        actor,
        &centre,
        "evidence_added",
        ("evidence", &item.id),
        json!({"kind": item.kind, "title": item.title, "check_attempt_id": view.attempt.id}),
    );
    let mapped = entry(
        actor,
        &centre,
        "evidence_mapped",
        ("evidence", &item.id),
        json!({"items": chosen}),
    );
    let (row, by, attempt_id) = (item.clone(), actor.user.id.clone(), view.attempt.id.clone());
    let registration_id = RegistrationId::from_stored(view.registration.id.as_str());
    let curriculum = state.curriculum.clone();
    state
        .db
        .write(move |conn| -> Result<(), ActionError> {
            if let Some(locked) = evidence_locked(
                conn,
                &curriculum,
                &registration_id,
                &EvidenceId::from_stored(row.id.as_str()),
                &chosen,
            )? {
                return Err(locked);
            }
            // The registration is held (evidence_locked), so this read decides.
            let offered = store::get_attempt(conn, &attempt_id)?.and_then(|a| a.evidence_id);
            if offered.is_some() {
                return Err(ActionError::Conflict(
                    "This check was offered as evidence a moment ago.".to_owned(),
                ));
            }
            evidence_store::insert_item(conn, &row, &version)?;
            store::set_evidence(conn, &attempt_id, &row.id)?;
            evidence_store::set_mappings(conn, &row.id, &chosen, &by, now)?;
            audit::append(conn, added, now)?;
            audit::append(conn, mapped, now)?;
            Ok(())
        })
        .await?;
    Ok(item)
}

/// 409 unless the attempt passed and is not evidence already.
fn require_offerable(view: &AttemptView) -> Result<(), ActionError> {
    if view.state() != AttemptState::Passed {
        return Err(ActionError::Conflict(
            "Only a passed check can be offered as evidence.".to_owned(),
        ));
    }
    if let Some(id) = &view.attempt.evidence_id {
        return Err(ActionError::Conflict(format!(
            "This check is already evidence: /evidence/{id}"
        )));
    }
    Ok(())
}

/// The draft evidence item (and its first version) holding a passed attempt's questions and
/// answers.
fn evidence_of(
    view: &AttemptView,
    by: &str,
    now: chrono::NaiveDateTime,
) -> (EvidenceItem, EvidenceVersion) {
    let title: String = format!("Knowledge check: {}", view.check.title)
        .chars()
        .take(200)
        .collect();
    let description = format!(
        "Passed on {} with {} of {} questions right.",
        view.attempt.submitted_at.unwrap_or(now).format("%-d %B %Y"),
        score(&view.answers).0,
        view.answers.len()
    );
    let body = as_evidence_text(&view.check.title, &view.questions, &view.answers);
    let item = EvidenceItem {
        id: uuid::Uuid::new_v4().to_string(),
        registration_id: view.registration.id.clone(),
        kind: EvidenceKind::QuestioningRecord.code().to_owned(),
        title: title.clone(),
        activity_date: view.attempt.submitted_at.unwrap_or(now).date(),
        status: EvidenceStatus::Draft,
        current_version: 1,
        created_by: by.to_owned(),
        created_at: now,
        updated_at: now,
    };
    let version = EvidenceVersion {
        id: uuid::Uuid::new_v4().to_string(),
        evidence_id: item.id.clone(),
        version: 1,
        content_sha256: content_hash(&title, &description, &body, &[]),
        description,
        word_count: i32::try_from(crate::domain::word_count::count_markdown_words(&body)).ok(),
        body_text: body,
        created_by: by.to_owned(),
        created_at: now,
    };
    (item, version)
}
