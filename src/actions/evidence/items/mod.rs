//! A learner's evidence: adding and editing items (every version kept) and mapping them to the
//! qualification's criteria; the authenticity declaration and submission are in `declaration`,
//! the tracker built from the evidence in `tracker`.

mod declaration;
mod one_step;
mod tracker;

pub use declaration::{declare, submit};
pub use one_step::{OneStep, Upload, create_in_one_step, one_step_form, update_in_one_step};
pub use tracker::{TrackerView, tracker};

use serde_json::json;

use crate::actions::ActionError;
use crate::actions::Actor;
use crate::actions::AppState;
use crate::actions::access::{require_evidence_writer, require_registration_visible};
use crate::actions::locks::{claim_locked, evidence_locked};
use crate::domain::evidence::{EvidenceStatus, check_mapping, content_hash};
pub use crate::domain::evidence_input::EvidenceInput;
use crate::domain::evidence_input::{ParsedEvidence, parse_evidence};
use crate::domain::ids::{EvidenceId, RegistrationId};
use crate::domain::registration::RegistrationStatus;
use crate::store::StoreError;
use crate::store::audit::{self, NewAuditEntry};
use crate::store::evidence::{
    self as store, Declaration, EvidenceFile, EvidenceItem, EvidenceVersion,
};
use crate::store::registrations::{self, Registration};

/// Everything shown about one item.
pub struct EvidenceView {
    pub registration: Registration,
    pub item: EvidenceItem,
    pub versions: Vec<EvidenceVersion>,
    pub files: Vec<EvidenceFile>,
    pub mappings: Vec<String>,
    pub declaration: Option<Declaration>,
}

impl EvidenceView {
    pub fn current(&self) -> Option<&EvidenceVersion> {
        self.versions
            .iter()
            .find(|v| v.version == self.item.current_version)
    }

    /// The declaration holds only while the content is what was signed.
    pub fn declaration_valid(&self) -> bool {
        match (&self.declaration, self.current()) {
            (Some(d), Some(v)) => d.content_sha256 == v.content_sha256,
            _ => false,
        }
    }
}

/// A submitted item is the assessor's to judge: the learner may not change it (a change would
/// silently take it back from assessment) until the assessor returns it.
pub fn refuse_if_submitted(actor: &Actor, view: &EvidenceView) -> Result<(), ActionError> {
    if view.item.status == EvidenceStatus::Submitted
        && view.registration.learner_id == actor.user.id
    {
        return Err(ActionError::Conflict(SUBMITTED_READ_ONLY.to_owned()));
    }
    Ok(())
}

pub const SUBMITTED_READ_ONLY: &str = "This evidence is submitted for assessment, so it cannot be changed until your assessor returns it to you.";

pub(super) async fn registration(state: &AppState, id: &str) -> Result<Registration, ActionError> {
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
    details: serde_json::Value,
) -> NewAuditEntry {
    NewAuditEntry {
        actor_id: Some(actor.user.id.clone()),
        actor_name: actor.user.name.clone(),
        centre_id: Some(registration.centre_id.clone()),
        action: action.to_owned(),
        record_type: "evidence".to_owned(),
        record_id: id.to_owned(),
        reason: None,
        details,
    }
}

/// A version of the item's content as the actor wrote it, with its words counted.
pub(super) fn version_of(
    item: &EvidenceItem,
    number: i32,
    parsed: ParsedEvidence,
    content_sha256: String,
    actor: &Actor,
    now: chrono::NaiveDateTime,
) -> EvidenceVersion {
    EvidenceVersion {
        id: uuid::Uuid::new_v4().to_string(),
        evidence_id: item.id.clone(),
        version: number,
        word_count: words(&parsed.text),
        description: parsed.description,
        body_text: parsed.text,
        content_sha256,
        created_by: actor.user.id.clone(),
        created_at: now,
    }
}

fn words(text: &str) -> Option<i32> {
    if text.trim().is_empty() {
        None
    } else {
        i32::try_from(crate::domain::word_count::count_markdown_words(text)).ok()
    }
}

/// The learner, or their assessor on their behalf, adds an item (a draft, version 1).
pub async fn create(
    state: &AppState,
    actor: &Actor,
    registration_id: &RegistrationId,
    input: EvidenceInput,
) -> Result<EvidenceItem, ActionError> {
    let registration = registration(state, registration_id).await?;
    require_evidence_writer(actor, &registration)?;
    if registration.status != RegistrationStatus::Active {
        return Err(ActionError::Conflict(
            "This registration has been withdrawn; evidence cannot be added.".to_owned(),
        ));
    }
    let parsed =
        parse_evidence(&input, state.clock.now().date_naive()).map_err(ActionError::Invalid)?;
    let now = state.clock.naive();
    let item = EvidenceItem {
        id: uuid::Uuid::new_v4().to_string(),
        registration_id: registration.id.clone(),
        kind: parsed.kind.code().to_owned(),
        title: parsed.title.clone(),
        activity_date: parsed.activity_date,
        status: EvidenceStatus::Draft,
        current_version: 1,
        created_by: actor.user.id.clone(),
        created_at: now,
        updated_at: now,
    };
    let hash = content_hash(&parsed.title, &parsed.description, &parsed.text, &[]);
    let version = version_of(&item, 1, parsed, hash, actor, now);
    let (row, audit_entry) = (
        item.clone(),
        entry(
            actor,
            &registration,
            "evidence_added",
            &item.id,
            json!({"kind": item.kind, "title": item.title}),
        ),
    );
    state
        .db
        .write(move |conn| -> Result<_, ActionError> {
            registrations::hold(conn, &row.registration_id)?;
            if let Some(locked) = claim_locked(
                conn,
                &RegistrationId::from_stored(row.registration_id.as_str()),
            )? {
                return Err(locked);
            }
            store::insert_item(conn, &row, &version)?;
            audit::append(conn, audit_entry, now)?;
            Ok(())
        })
        .await?;
    Ok(item)
}

/// Anyone who may see the registration.
pub async fn view(
    state: &AppState,
    actor: &Actor,
    evidence_id: &EvidenceId,
) -> Result<EvidenceView, ActionError> {
    let id = evidence_id.clone();
    let loaded = state
        .db
        .run(move |conn| -> Result<_, ActionError> {
            let Some(item) = store::find_item(conn, &id)? else {
                return Ok(None);
            };
            let Some(registration) = registrations::find(conn, &item.registration_id)? else {
                return Ok(None);
            };
            Ok(Some(EvidenceView {
                versions: store::versions(conn, &id)?,
                files: store::files_of(conn, &id)?,
                mappings: store::mappings_of(conn, &id)?,
                declaration: store::latest_declaration(conn, &id)?,
                registration,
                item,
            }))
        })
        .await?;
    let view = loaded.ok_or_else(|| ActionError::NotFound(format!("evidence {evidence_id}")))?;
    require_registration_visible(actor, &view.registration)
        .map_err(|_| ActionError::NotFound(format!("evidence {evidence_id}")))?;
    Ok(view)
}

/// A new version of the content. A change voids the declaration: the item returns to draft.
pub async fn edit(
    state: &AppState,
    actor: &Actor,
    evidence_id: &EvidenceId,
    input: EvidenceInput,
) -> Result<EvidenceItem, ActionError> {
    let view = view(state, actor, evidence_id).await?;
    require_evidence_writer(actor, &view.registration)?;
    refuse_if_submitted(actor, &view)?;
    let parsed =
        parse_evidence(&input, state.clock.now().date_naive()).map_err(ActionError::Invalid)?;
    let file_hashes: Vec<String> = view.files.iter().map(|f| f.sha256.clone()).collect();
    let hash = content_hash(
        &parsed.title,
        &parsed.description,
        &parsed.text,
        &file_hashes,
    );
    if view.current().is_some_and(|v| v.content_sha256 == hash) {
        return Ok(view.item);
    }
    let now = state.clock.naive();
    let mut item = view.item.clone();
    item.title = parsed.title.clone();
    let version = version_of(&item, item.current_version + 1, parsed, hash, actor, now);
    item.current_version = version.version;
    item.status = EvidenceStatus::Draft;
    let audit_entry = entry(
        actor,
        &view.registration,
        "evidence_edited",
        &item.id,
        json!({"version": version.version, "was": view.item.status}),
    );
    let (id, title) = (EvidenceId::from_stored(item.id.clone()), item.title.clone());
    let registration_id = RegistrationId::from_stored(view.registration.id.as_str());
    let curriculum = state.curriculum.clone();
    state
        .db
        .write(move |conn| -> Result<(), ActionError> {
            if let Some(locked) = evidence_locked(conn, &curriculum, &registration_id, &id, &[])? {
                return Err(locked);
            }
            if let Some(stale) = changed_since(conn, &id, version.version - 1)? {
                return Err(stale);
            }
            store::add_version(conn, &id, &title, &version, EvidenceStatus::Draft, now)?;
            audit::append(conn, audit_entry, now)?;
            Ok(())
        })
        .await?;
    Ok(item)
}

/// In a write transaction: a 409 when another change made a new version of the item after
/// `seen` was read (two edits at once: the second is told rather than failing on the version).
pub(super) fn changed_since(
    conn: &mut crate::store::DbConnection,
    evidence_id: &EvidenceId,
    seen: i32,
) -> Result<Option<ActionError>, StoreError> {
    let now_at = store::find_item(conn, evidence_id)?.map(|item| item.current_version);
    Ok((now_at != Some(seen)).then(|| {
        ActionError::Conflict(
            "This evidence was changed by someone else while you were working on it. Reload it, check their change and try again."
                .to_owned(),
        )
    }))
}

/// Map the item to curriculum items of the registration's qualification (and SDS components).
pub async fn map(
    state: &AppState,
    actor: &Actor,
    evidence_id: &EvidenceId,
    ids: Vec<String>,
) -> Result<Vec<String>, ActionError> {
    let view = view(state, actor, evidence_id).await?;
    require_evidence_writer(actor, &view.registration)?;
    refuse_if_submitted(actor, &view)?;
    let chosen = check_mapping(&state.curriculum, &view.registration.qualification_id, &ids)
        .map_err(|e| ActionError::Invalid(vec![e]))?;
    let now = state.clock.naive();
    let (id, by, saved) = (evidence_id.clone(), actor.user.id.clone(), chosen.clone());
    let audit_entry = entry(
        actor,
        &view.registration,
        "evidence_mapped",
        &id,
        json!({"items": chosen}),
    );
    let registration_id = RegistrationId::from_stored(view.registration.id.as_str());
    let curriculum = state.curriculum.clone();
    state
        .db
        .write(move |conn| -> Result<(), ActionError> {
            // Neither what it shows now nor what it is to show may be in a signed-off unit.
            if let Some(locked) =
                evidence_locked(conn, &curriculum, &registration_id, &id, &chosen)?
            {
                return Err(locked);
            }
            store::set_mappings(conn, &id, &chosen, &by, now)?;
            audit::append(conn, audit_entry, now)?;
            Ok(())
        })
        .await?;
    Ok(saved)
}

/// The judgements that rely on an item the caller has been allowed to read (it comes from
/// [`view`]), for the feedback its page shows.
pub async fn feedback(
    state: &AppState,
    view: &EvidenceView,
) -> Result<Vec<crate::store::judgements::Judgement>, ActionError> {
    let key = view.item.id.clone();
    Ok(state
        .db
        .run(move |conn| crate::store::judgements::relying_on(conn, &key))
        .await?)
}

/// The evidence items of a registration the caller has been allowed to read (it comes from an
/// action), for its page.
pub async fn of_registration(
    state: &AppState,
    registration: &Registration,
) -> Result<Vec<(EvidenceItem, EvidenceVersion)>, ActionError> {
    let key = registration.id.clone();
    Ok(state
        .db
        .run(move |conn| store::items_of(conn, &key))
        .await?)
}
