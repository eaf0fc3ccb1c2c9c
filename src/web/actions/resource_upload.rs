//! A resource sent as a multipart form: its fields first, then at most one `file`, streamed into
//! the evidence file store with the same checks (type from the bytes, size limit). A refused
//! file answers 422 with the store's message. And a stored resource file sent back as an
//! attachment.

use actix_multipart::Multipart;
use actix_web::HttpResponse;
use actix_web::http::header::{
    self, Charset, ContentDisposition, DispositionParam, DispositionType, ExtendedValue,
};
use futures_util::StreamExt;

use super::resources::file_refusal;
use crate::domain::resource::ResourceInput;
use crate::files::{FileKey, StoredFile, clean_filename};
use crate::store::resources::Resource;
use crate::web::AppState;
use crate::web::auth::csrf::tokens_match;
use crate::web::error::AppError;

const FIELD_MAX: usize = 64 * 1024;

fn set_field(input: &mut ResourceInput, name: &str, value: String) -> Result<(), AppError> {
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

/// Read the form. `csrf`: the session's token for pages (must come before the file).
pub async fn receive(
    state: &AppState,
    mut form: Multipart,
    csrf: Option<&str>,
) -> Result<(ResourceInput, Option<(StoredFile, String)>), AppError> {
    let mut csrf_ok = csrf.is_none();
    let mut input = ResourceInput::default();
    let mut stored: Option<(StoredFile, String)> = None;
    let mut fields = 0;
    while let Some(field) = form.next().await {
        fields += 1;
        let mut field = field
            .map_err(|e| AppError::BadRequest(format!("The upload could not be read: {e}")))?;
        let name = field.name().unwrap_or("").to_owned();
        if fields > 64 || (name == "file" && stored.is_some()) {
            cleanup(state, &stored).await;
            return Err(AppError::BadRequest("Send one file at a time.".to_owned()));
        }
        if name == "file" {
            if !csrf_ok {
                return Err(AppError::Forbidden);
            }
            let filename = field
                .content_disposition()
                .and_then(|cd| cd.get_filename())
                .map(str::to_owned);
            let claimed = filename
                .clone()
                .or_else(|| field.content_type().map(|m| m.essence_str().to_owned()));
            let mut writer = state.files.begin().await?;
            while let Some(chunk) = field.next().await {
                let chunk = chunk.map_err(|e| {
                    AppError::BadRequest(format!("The upload was interrupted: {e}"))
                })?;
                writer.write(&chunk).await.map_err(file_refusal)?;
            }
            let file = writer
                .finish(claimed.as_deref())
                .await
                .map_err(file_refusal)?;
            stored = Some((file, clean_filename(filename.as_deref().unwrap_or(""))));
            continue;
        }
        let value = crate::web::body::read_field(&mut field, FIELD_MAX).await?;
        let value = String::from_utf8_lossy(&value).into_owned();
        if name == "csrf_token" {
            if let Some(expected) = csrf {
                csrf_ok = tokens_match(&value, expected);
            }
            continue;
        }
        if let Err(e) = set_field(&mut input, &name, value) {
            cleanup(state, &stored).await;
            return Err(e);
        }
    }
    if !csrf_ok {
        cleanup(state, &stored).await;
        return Err(AppError::Forbidden);
    }
    // An empty file input in a page form sends a part with no name and no bytes: treat as none.
    Ok((input, stored))
}

async fn cleanup(state: &AppState, stored: &Option<(StoredFile, String)>) {
    if let Some((file, _)) = stored {
        let _ = state.files.delete(&file.key).await;
    }
}

/// The resource's file as an attachment.
pub async fn send_file(state: &AppState, resource: &Resource) -> Result<HttpResponse, AppError> {
    let key = FileKey::parse(resource.store_key.as_deref().unwrap_or(""))?;
    let opened = state.files.open(&key).await?;
    let filename = resource
        .filename
        .clone()
        .unwrap_or_else(|| "resource".to_owned());
    let ascii: String = filename
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
                value: filename.into_bytes(),
            }),
        ],
    };
    Ok(HttpResponse::Ok()
        .content_type(
            resource
                .media_type
                .clone()
                .unwrap_or_else(|| "application/octet-stream".to_owned()),
        )
        .insert_header(disposition)
        .insert_header((header::X_CONTENT_TYPE_OPTIONS, "nosniff"))
        .insert_header((header::CACHE_CONTROL, "private, no-store"))
        .insert_header((header::CONTENT_ENCODING, "identity"))
        .body(actix_web::body::SizedStream::new(
            opened.size,
            opened.chunks,
        )))
}
