//! The one-step evidence form as a multipart body: the page's CSRF token first, the item's
//! fields, the ticked criteria, and any number of `files` (up to [`MAX_FILES`]), each streamed
//! straight into the file store. A refused file (too large, a type not accepted) is read to its
//! end and named, so the rest of the form still arrives and can be shown again.

use actix_multipart::{Field, Multipart};
use futures_util::StreamExt;

use super::auth::csrf::tokens_match;
use super::body::read_field;
use super::error::AppError;
use super::upload::unreadable;
use crate::actions::AppState;
use crate::actions::evidence::items::{OneStep, Upload};
use crate::domain::people::FieldError;
use crate::files::clean_filename;

/// The most files one submission takes.
pub const MAX_FILES: usize = 20;
const FIELD_MAX: usize = 256 * 1024;
/// Criteria, range items and SDS components of the largest qualification, with room to spare.
const MAX_PARTS: usize = 1200;

/// What the form sent: its fields, the files stored, and the files refused (each named).
pub struct Received {
    pub form: OneStep,
    pub files: Vec<Upload>,
    pub refused: Vec<FieldError>,
}

impl Received {
    /// Remove every stored file (the submission is not going ahead).
    pub async fn discard(&self, state: &AppState) {
        for (file, _) in &self.files {
            let _ = state.files.delete(&file.key).await;
        }
    }
}

fn set_field(form: &mut OneStep, name: &str, value: String) {
    match name {
        "kind" => form.input.kind = value,
        "title" => form.input.title = value,
        "activity_date" => form.input.activity_date = value,
        "description" => form.input.description = value,
        "text" => form.input.text = value,
        "typed_name" => form.typed_name = value,
        "criteria" => form.criteria.push(value),
        "whole_outcomes" => form.whole_outcomes.push(value),
        "intent" => form.submit = value == "submit",
        // Controls that only help the page (the filter, "all criteria of this outcome").
        _ => {}
    }
}

/// One file field: stored, refused (and drained), or skipped when the picker sent nothing.
async fn receive_one(
    state: &AppState,
    field: &mut Field,
) -> Result<Option<Result<Upload, FieldError>>, AppError> {
    let name = field
        .content_disposition()
        .and_then(|cd| cd.get_filename())
        .map(str::to_owned)
        .unwrap_or_default();
    if name.is_empty() {
        drain(field).await?;
        return Ok(None);
    }
    let mut writer = state.files.begin().await?;
    while let Some(chunk) = field.next().await {
        let chunk = chunk.map_err(unreadable)?;
        if let Err(error) = writer.write(&chunk).await {
            // The rest of this file is read and dropped, so the fields after it still arrive.
            let problem = refused(&name, error)?;
            drain(field).await?;
            return Ok(Some(Err(problem)));
        }
    }
    // The field is read to its end here: it must not be polled again.
    match writer.finish(Some(&name)).await {
        Ok(file) => Ok(Some(Ok((file, clean_filename(&name))))),
        Err(error) => Ok(Some(Err(refused(&name, error)?))),
    }
}

/// A file the person can put right (too large, a type not accepted), named; any other failure
/// of the store is the server's.
fn refused(name: &str, error: crate::files::FileError) -> Result<FieldError, AppError> {
    if !error.is_refusal() {
        return Err(error.into());
    }
    let message = format!("{}: {error}", clean_filename(name));
    Ok(FieldError::new("files", &message))
}

async fn drain(field: &mut Field) -> Result<(), AppError> {
    while let Some(chunk) = field.next().await {
        chunk.map_err(unreadable)?;
    }
    Ok(())
}

/// Read the whole form. Pages send the session's CSRF token before any file.
pub async fn receive_one_step(
    state: &AppState,
    form: Multipart,
    csrf: &str,
) -> Result<Received, AppError> {
    let mut received = Received {
        form: OneStep::default(),
        files: Vec::new(),
        refused: Vec::new(),
    };
    match read_parts(state, form, csrf, &mut received).await {
        Ok(()) => Ok(received),
        Err(error) => {
            received.discard(state).await;
            Err(error)
        }
    }
}

async fn read_parts(
    state: &AppState,
    mut form: Multipart,
    csrf: &str,
    received: &mut Received,
) -> Result<(), AppError> {
    let (mut csrf_ok, mut parts) = (false, 0);
    while let Some(field) = form.next().await {
        parts += 1;
        let mut field = field.map_err(unreadable)?;
        let name = field.name().unwrap_or("").to_owned();
        if parts > MAX_PARTS {
            return Err(AppError::BadRequest(
                "The form has too many parts.".to_owned(),
            ));
        }
        if name == "files" {
            if !csrf_ok {
                return Err(AppError::Forbidden);
            }
            if received.files.len() + received.refused.len() >= MAX_FILES {
                return Err(AppError::BadRequest(format!(
                    "Send at most {MAX_FILES} files at once."
                )));
            }
            match receive_one(state, &mut field).await? {
                Some(Ok(upload)) => received.files.push(upload),
                Some(Err(problem)) => received.refused.push(problem),
                None => {}
            }
            continue;
        }
        let value = String::from_utf8_lossy(&read_field(&mut field, FIELD_MAX).await?).into_owned();
        if name == "csrf_token" {
            csrf_ok = tokens_match(&value, csrf);
        } else {
            set_field(&mut received.form, &name, value);
        }
    }
    if csrf_ok {
        Ok(())
    } else {
        Err(AppError::Forbidden)
    }
}
