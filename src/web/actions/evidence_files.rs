//! Files attached to evidence: streamed from the request into the file store (never held whole
//! in memory), checked by their bytes, made durable before the row that names them commits, and
//! sent back only to people who may see the registration, as attachments.

use actix_multipart::Multipart;
use actix_web::HttpResponse;
use actix_web::http::header::{
    self, Charset, ContentDisposition, DispositionParam, DispositionType, ExtendedValue,
};
use futures_util::StreamExt;
use serde_json::json;

use super::assessment::evidence_locked;
use super::evidence::{changed_since, view};
use crate::domain::evidence::{DRAFT, content_hash};
use crate::domain::people::FieldError;
use crate::files::{FileError, FileKey, StoredFile, clean_filename};
use crate::store::StoreError;
use crate::store::audit::{self, NewAuditEntry};
use crate::store::evidence::{self as store, EvidenceFile, EvidenceVersion};
use crate::web::AppState;
use crate::web::auth::CurrentUser;
use crate::web::auth::access::require_evidence_writer;
use crate::web::auth::csrf::tokens_match;
use crate::web::error::AppError;

impl From<FileError> for AppError {
    fn from(error: FileError) -> Self {
        match error {
            FileError::TooLarge { limit } => {
                AppError::PayloadTooLarge(usize::try_from(limit).unwrap_or(usize::MAX))
            }
            FileError::Empty => {
                AppError::Invalid(vec![FieldError::new("file", &error.to_string())])
            }
            FileError::NotAllowed { .. } | FileError::TypeMismatch { .. } => {
                AppError::UnsupportedMediaType(error.to_string())
            }
            FileError::NotFound(_) | FileError::InvalidKey(_) => {
                AppError::NotFound("file".to_owned())
            }
            other => AppError::Internal(other.to_string()),
        }
    }
}

/// Read the multipart body: an optional `csrf_token` (pages: must come first and match), then one
/// `file`, streamed to the store. Returns the stored file and its display name.
async fn receive(
    state: &AppState,
    mut form: Multipart,
    csrf: Option<&str>,
) -> Result<(StoredFile, String), AppError> {
    let mut csrf_ok = csrf.is_none();
    let mut stored = None;
    let mut fields = 0;
    while let Some(field) = form.next().await {
        fields += 1;
        if fields > 4 {
            return Err(AppError::BadRequest("Send one file at a time.".to_owned()));
        }
        let mut field = field
            .map_err(|e| AppError::BadRequest(format!("The upload could not be read: {e}")))?;
        match field.name().unwrap_or("") {
            "csrf_token" => {
                let token = crate::web::body::read_field(&mut field, 256).await?;
                // Pages must send the session's token; the API (bearer tokens) needs none.
                if let Some(expected) = csrf {
                    csrf_ok = tokens_match(&String::from_utf8_lossy(&token), expected);
                }
            }
            "file" if stored.is_none() => {
                if !csrf_ok {
                    return Err(AppError::Forbidden);
                }
                let name = field
                    .content_disposition()
                    .and_then(|cd| cd.get_filename())
                    .map(str::to_owned);
                let claimed = name
                    .clone()
                    .or_else(|| field.content_type().map(|m| m.essence_str().to_owned()));
                let mut writer = state.files.begin().await?;
                while let Some(chunk) = field.next().await {
                    // A cut-off upload returns here; the dropped writer removes its temporary file.
                    let chunk = chunk.map_err(|e| {
                        AppError::BadRequest(format!("The upload was interrupted: {e}"))
                    })?;
                    writer.write(&chunk).await?;
                }
                let file = writer.finish(claimed.as_deref()).await?;
                stored = Some((file, clean_filename(name.as_deref().unwrap_or(""))));
            }
            _ => {
                return Err(AppError::BadRequest(
                    "Send one file in a field named \"file\".".to_owned(),
                ));
            }
        }
    }
    stored
        .ok_or_else(|| AppError::Invalid(vec![FieldError::new("file", "Choose a file to upload")]))
}

/// Attach a file: a new version of the item (the content changed, so it returns to draft).
pub async fn attach(
    state: &AppState,
    current: &CurrentUser,
    evidence_id: &str,
    form: Multipart,
    csrf: Option<&str>,
) -> Result<EvidenceFile, AppError> {
    let v = view(state, current, evidence_id).await?;
    require_evidence_writer(current, &v.registration)?;
    if v.registration.status != "active" {
        return Err(AppError::Conflict(
            "This registration has been withdrawn; evidence cannot be changed.".to_owned(),
        ));
    }
    // Checked now so a locked unit refuses before the upload is read, and again when it is saved.
    super::assessment::refuse_if_locked(state, &v.registration.id, v.mappings.clone()).await?;
    let (stored, filename) = receive(state, form, csrf).await?;
    let words = match state.files.local_path(&stored.key) {
        Some(path) => {
            let mime = stored.media_type.mime().to_owned();
            tokio::task::spawn_blocking(move || {
                crate::files_text::words_in_file(&path, &mime)
                    .ok()
                    .flatten()
            })
            .await
            .ok()
            .flatten()
            .and_then(|w| i32::try_from(w).ok())
        }
        None => None,
    };
    let now = state.clock.naive();
    let current_version = v
        .current()
        .cloned()
        .ok_or_else(|| AppError::Internal("evidence without a version".to_owned()))?;
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
        created_by: current.user.id.clone(),
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
        uploaded_by: current.user.id.clone(),
        created_at: now,
    };
    let entry = NewAuditEntry {
        actor_id: Some(current.user.id.clone()),
        actor_name: current.user.name.clone(),
        centre_id: Some(v.registration.centre_id.clone()),
        action: "evidence_file_added".into(),
        record_type: "evidence".into(),
        record_id: v.item.id.clone(),
        reason: None,
        details: json!({"file_id": file.id, "sha256": file.sha256, "size": file.size_bytes, "media_type": file.media_type}),
    };
    let (row, title, item_id) = (file.clone(), v.item.title.clone(), v.item.id.clone());
    let (curriculum, registration_id) = (state.curriculum.clone(), v.registration.id.clone());
    let saved = state
        .db
        .write(move |conn| -> Result<Result<(), AppError>, StoreError> {
            let locked = evidence_locked(conn, &curriculum, &registration_id, &item_id, &[])?;
            if let Some(locked) = locked {
                return Ok(Err(locked));
            }
            if let Some(stale) = changed_since(conn, &item_id, version.version - 1)? {
                return Ok(Err(stale));
            }
            store::add_version(conn, &item_id, &title, &version, DRAFT, now)?;
            store::insert_file(conn, &row)?;
            audit::append(conn, entry, now)?;
            Ok(Ok(()))
        })
        .await
        .map_err(AppError::from)
        .and_then(|refused| refused);
    if let Err(error) = saved {
        // The row did not commit: the file must not linger unnamed.
        let _ = state.files.delete(&stored.key).await;
        return Err(error);
    }
    Ok(file)
}

/// Send a file back as an attachment, to whoever may see the registration.
pub async fn download(
    state: &AppState,
    current: &CurrentUser,
    evidence_id: &str,
    file_id: &str,
) -> Result<HttpResponse, AppError> {
    let v = view(state, current, evidence_id).await?;
    let file = v
        .files
        .iter()
        .find(|f| f.id == file_id)
        .ok_or_else(|| AppError::NotFound("file".to_owned()))?;
    let key = FileKey::parse(&file.store_key)?;
    let opened = state.files.open(&key).await?;
    let ascii: String = file
        .filename
        .chars()
        .map(|c| {
            if c.is_ascii_graphic() || c == ' ' {
                c
            } else {
                '_'
            }
        })
        .collect();
    let disposition = ContentDisposition {
        disposition: DispositionType::Attachment,
        parameters: vec![
            DispositionParam::Filename(ascii),
            DispositionParam::FilenameExt(ExtendedValue {
                charset: Charset::Ext("UTF-8".into()),
                language_tag: None,
                value: file.filename.clone().into_bytes(),
            }),
        ],
    };
    Ok(HttpResponse::Ok()
        .content_type(file.media_type.clone())
        .insert_header(disposition)
        .insert_header((header::X_CONTENT_TYPE_OPTIONS, "nosniff"))
        .insert_header((header::CACHE_CONTROL, "private, no-store"))
        .insert_header((header::CONTENT_ENCODING, "identity"))
        .body(actix_web::body::SizedStream::new(
            opened.size,
            opened.chunks,
        )))
}
