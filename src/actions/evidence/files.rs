//! Files attached to evidence: streamed from the request into the file store (never held whole
//! in memory), checked by their bytes, made durable before the row that names them commits, and
//! sent back only to people who may see the registration, as attachments.

use serde_json::json;

use crate::actions::ActionError;
use crate::actions::Actor;
use crate::actions::AppState;
use crate::actions::access::require_evidence_writer;
use crate::actions::audit as audit_entry;
use crate::actions::evidence::items::{EvidenceView, changed_since, view};
use crate::actions::locks::evidence_locked;
use crate::domain::evidence::{EvidenceStatus, content_hash};
use crate::domain::ids::{EvidenceId, FileId, RegistrationId};
use crate::domain::registration::RegistrationStatus;
use crate::files::{FileKey, NamedFile, StoredFile};
use crate::store::audit;
use crate::store::evidence::{self as store, EvidenceFile, EvidenceVersion};

/// Whether the actor may attach a file to the item now: checked before the upload is read, so a
/// refusal costs nothing; [`attach`] checks again when the file is stored.
pub async fn may_attach(
    state: &AppState,
    actor: &Actor,
    evidence_id: &EvidenceId,
) -> Result<(), ActionError> {
    let v = writable(state, actor, evidence_id).await?;
    crate::actions::locks::refuse_if_locked(
        state,
        &RegistrationId::from_stored(v.registration.id.as_str()),
        v.mappings.clone(),
    )
    .await
}

/// The item, when the actor may change it and its registration is active.
async fn writable(
    state: &AppState,
    actor: &Actor,
    evidence_id: &EvidenceId,
) -> Result<EvidenceView, ActionError> {
    let v = view(state, actor, evidence_id).await?;
    require_evidence_writer(actor, &v.registration)?;
    crate::actions::evidence::items::refuse_if_submitted(actor, &v)?;
    if v.registration.status != RegistrationStatus::Active {
        return Err(ActionError::Conflict(
            "This registration has been withdrawn; evidence cannot be changed.".to_owned(),
        ));
    }
    Ok(v)
}

/// Attach a file already streamed into the store: a new version of the item (the content
/// changed, so it returns to draft). When the attachment is refused the stored file is removed,
/// so nothing is left unnamed.
pub async fn attach(
    state: &AppState,
    actor: &Actor,
    evidence_id: &EvidenceId,
    stored: StoredFile,
    filename: String,
) -> Result<EvidenceFile, ActionError> {
    let key = stored.key.clone();
    let attached = attach_stored(state, actor, evidence_id, stored, filename).await;
    if attached.is_err() {
        let _ = state.files.delete(&key).await;
    }
    attached
}

/// The words in a stored file, when it has text to count (read from a local copy of bounded
/// size when the store is not on this machine's disk).
pub(crate) async fn words_in(state: &AppState, stored: &StoredFile) -> Option<i32> {
    let copy = crate::files::local_copy(
        state.files.as_ref(),
        &stored.key,
        crate::files::LOCAL_COPY_LIMIT,
    )
    .await
    .ok()
    .flatten()?;
    let mime = stored.media_type.mime().to_owned();
    tokio::task::spawn_blocking(move || {
        crate::files_text::words_in_file(copy.path(), &mime)
            .ok()
            .flatten()
    })
    .await
    .ok()
    .flatten()
    .and_then(|w| i32::try_from(w).ok())
}

/// The item's next version, with the stored file among its content, and the file's row.
fn with_file(
    v: &EvidenceView,
    actor: &Actor,
    stored: &StoredFile,
    filename: String,
    words: Option<i32>,
    now: chrono::NaiveDateTime,
) -> Result<(EvidenceVersion, EvidenceFile), ActionError> {
    let current_version = v
        .current()
        .cloned()
        .ok_or_else(|| ActionError::Internal("evidence without a version".to_owned()))?;
    let mut hashes: Vec<String> = v.files.iter().map(|f| f.sha256.clone()).collect();
    hashes.push(stored.sha256.to_hex());
    let version = EvidenceVersion {
        id: uuid::Uuid::new_v4().to_string(),
        evidence_id: v.item.id.clone(),
        version: v.item.current_version + 1,
        content_sha256: content_hash(
            &v.item.title,
            &current_version.description,
            &current_version.body_text,
            &hashes,
        ),
        created_by: actor.user.id.clone(),
        created_at: now,
        ..current_version
    };
    let file = EvidenceFile {
        id: uuid::Uuid::new_v4().to_string(),
        evidence_id: v.item.id.clone(),
        store_key: stored.key.as_str().to_owned(),
        filename,
        media_type: stored.media_type.mime().to_owned(),
        size_bytes: i64::try_from(stored.size).unwrap_or(i64::MAX),
        sha256: stored.sha256.to_hex(),
        word_count: words,
        added_in_version: version.version,
        uploaded_by: actor.user.id.clone(),
        created_at: now,
    };
    Ok((version, file))
}

async fn attach_stored(
    state: &AppState,
    actor: &Actor,
    evidence_id: &EvidenceId,
    stored: StoredFile,
    filename: String,
) -> Result<EvidenceFile, ActionError> {
    let v = writable(state, actor, evidence_id).await?;
    let words = words_in(state, &stored).await;
    let now = state.clock.naive();
    let (version, file) = with_file(&v, actor, &stored, filename, words, now)?;
    let entry = audit_entry::about(actor, &v.registration, "evidence_file_added", ("evidence", &v.item.id))
        .details(json!({"file_id": file.id, "sha256": file.sha256, "size": file.size_bytes, "media_type": file.media_type}))
        .build();
    let (row, title) = (file.clone(), v.item.title.clone());
    let item_id = EvidenceId::from_stored(v.item.id.clone());
    let (curriculum, registration_id) = (state.curriculum.clone(), v.registration.id.clone());
    state
        .db
        .write(move |conn| -> Result<(), ActionError> {
            if let Some(locked) = evidence_locked(
                conn,
                &curriculum,
                &RegistrationId::from_stored(registration_id.as_str()),
                &item_id,
                &[],
            )? {
                return Err(locked);
            }
            if let Some(stale) = changed_since(conn, &item_id, version.version - 1)? {
                return Err(stale);
            }
            store::add_version(conn, &item_id, &title, &version, EvidenceStatus::Draft, now)?;
            store::insert_file(conn, &row)?;
            audit::append(conn, entry, now)?;
            Ok(())
        })
        .await?;
    Ok(file)
}

/// A file of the item, for whoever may see the registration.
pub async fn download(
    state: &AppState,
    actor: &Actor,
    evidence_id: &EvidenceId,
    file_id: &FileId,
) -> Result<NamedFile, ActionError> {
    let v = view(state, actor, evidence_id).await?;
    let file = v
        .files
        .iter()
        .find(|f| f.id == *file_id)
        .ok_or_else(|| ActionError::NotFound("file".to_owned()))?;
    let key = FileKey::parse(&file.store_key)?;
    Ok(NamedFile {
        opened: state.files.open(&key).await?,
        filename: file.filename.clone(),
        media_type: file.media_type.clone(),
    })
}
