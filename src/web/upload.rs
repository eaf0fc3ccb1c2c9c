//! Multipart bodies: a page's CSRF token (which must come before the file), form fields, and a
//! file streamed straight into the file store (never held whole in memory, checked by its bytes
//! as it is finished). Files go back out through [`super::sent_file`].

use actix_multipart::{Field, Multipart};
use futures_util::StreamExt;

use super::auth::csrf::tokens_match;
use super::body::read_field;
use super::error::AppError;
use crate::actions::AppState;
use crate::actions::learning::resources::file_refusal;
use crate::domain::people::FieldError;
use crate::domain::resource::ResourceInput;
use crate::files::{FileError, StoredFile, clean_filename};

/// A file as received: stored, with the name the person gave it.
pub type Received = (StoredFile, String);

/// Stream one file field into the store. `refusal` turns the store's refusal into the answer
/// (evidence: 413/415; resources: a field error).
pub(crate) async fn store_field(
    state: &AppState,
    field: &mut Field,
    refusal: fn(FileError) -> AppError,
) -> Result<Received, AppError> {
    let name = field
        .content_disposition()
        .and_then(|cd| cd.get_filename())
        .map(str::to_owned);
    let claimed = name
        .clone()
        .or_else(|| field.content_type().map(|m| m.essence_str().to_owned()));
    let mut writer = state.files.begin().await.map_err(refusal)?;
    while let Some(chunk) = field.next().await {
        // A cut-off upload returns here; the dropped writer removes its temporary file.
        let chunk =
            chunk.map_err(|e| AppError::BadRequest(format!("The upload was interrupted: {e}")))?;
        writer.write(&chunk).await.map_err(refusal)?;
    }
    let file = writer.finish(claimed.as_deref()).await.map_err(refusal)?;
    Ok((file, clean_filename(name.as_deref().unwrap_or(""))))
}

pub(crate) fn unreadable(error: actix_multipart::MultipartError) -> AppError {
    AppError::BadRequest(format!("The upload could not be read: {error}"))
}

/// An evidence file: an optional `csrf_token` (pages: must come first and match), then one
/// `file`, streamed to the store.
pub async fn receive_file(
    state: &AppState,
    mut form: Multipart,
    csrf: Option<&str>,
) -> Result<Received, AppError> {
    let mut csrf_ok = csrf.is_none();
    let mut stored = None;
    let mut fields = 0;
    while let Some(field) = form.next().await {
        fields += 1;
        if fields > 4 {
            discard(state, &stored).await;
            return Err(AppError::BadRequest("Send one file at a time.".to_owned()));
        }
        let mut field = field.map_err(unreadable)?;
        match field.name().unwrap_or("") {
            "csrf_token" => {
                let token = read_field(&mut field, 256).await?;
                // Pages must send the session's token; the API (bearer tokens) needs none.
                if let Some(expected) = csrf {
                    csrf_ok = tokens_match(&String::from_utf8_lossy(&token), expected);
                }
            }
            "file" if stored.is_none() => {
                if !csrf_ok {
                    return Err(AppError::Forbidden);
                }
                stored = Some(store_field(state, &mut field, AppError::from).await?);
            }
            _ => {
                discard(state, &stored).await;
                return Err(AppError::BadRequest(
                    "Send one file in a field named \"file\".".to_owned(),
                ));
            }
        }
    }
    stored
        .ok_or_else(|| AppError::Invalid(vec![FieldError::new("file", "Choose a file to upload")]))
}

const FIELD_MAX: usize = 64 * 1024;

fn set_resource_field(
    input: &mut ResourceInput,
    name: &str,
    value: String,
) -> Result<(), AppError> {
    match name {
        "qualification_id" => input.qualification_id = value,
        "kind" => input.kind = value,
        "title" => input.title = value,
        "body" => input.body = value,
        "url" => input.url = Some(value),
        "outcome_ids" => input.outcome_ids.push(value),
        "lived_experience" => {
            input.lived_experience = matches!(value.as_str(), "true" | "on" | "1")
        }
        "credit" => input.credit = Some(value),
        _ => {
            return Err(AppError::BadRequest(format!(
                "Unexpected field \"{name}\" in the resource form."
            )));
        }
    }
    Ok(())
}

fn resource_refusal(error: FileError) -> AppError {
    file_refusal(error).into()
}

/// A resource form: its fields, and at most one `file` (pages: the CSRF token before it).
pub async fn receive_resource(
    state: &AppState,
    mut form: Multipart,
    csrf: Option<&str>,
) -> Result<(ResourceInput, Option<Received>), AppError> {
    let mut csrf_ok = csrf.is_none();
    let mut input = ResourceInput::default();
    let mut stored: Option<Received> = None;
    let mut fields = 0;
    while let Some(field) = form.next().await {
        fields += 1;
        let mut field = field.map_err(unreadable)?;
        let name = field.name().unwrap_or("").to_owned();
        if fields > 64 || (name == "file" && stored.is_some()) {
            discard(state, &stored).await;
            return Err(AppError::BadRequest("Send one file at a time.".to_owned()));
        }
        if name == "file" {
            if !csrf_ok {
                return Err(AppError::Forbidden);
            }
            stored = Some(store_field(state, &mut field, resource_refusal).await?);
            continue;
        }
        let value = String::from_utf8_lossy(&read_field(&mut field, FIELD_MAX).await?).into_owned();
        if name == "csrf_token" {
            if let Some(expected) = csrf {
                csrf_ok = tokens_match(&value, expected);
            }
            continue;
        }
        if let Err(e) = set_resource_field(&mut input, &name, value) {
            discard(state, &stored).await;
            return Err(e);
        }
    }
    if !csrf_ok {
        discard(state, &stored).await;
        return Err(AppError::Forbidden);
    }
    Ok((input, stored))
}

async fn discard(state: &AppState, stored: &Option<Received>) {
    if let Some((file, _)) = stored {
        let _ = state.files.delete(&file.key).await;
    }
}

/// Attach an uploaded file to an evidence item: refused before the body is read when the item
/// cannot take it, then streamed into the store and attached (checked again as it is saved).
pub async fn attach_to_evidence(
    state: &AppState,
    actor: &crate::actions::Actor,
    evidence_id: &crate::domain::ids::EvidenceId,
    form: Multipart,
    csrf: Option<&str>,
) -> Result<crate::store::evidence::EvidenceFile, AppError> {
    use crate::actions::evidence::files;
    files::may_attach(state, actor, evidence_id).await?;
    let (stored, filename) = receive_file(state, form, csrf).await?;
    Ok(files::attach(state, actor, evidence_id, stored, filename).await?)
}
