//! Reading a request body into memory with a hard limit, for the few bodies that are read whole
//! (an import file). Evidence files are streamed to the file store instead.

use actix_web::web;
use futures_util::StreamExt;

use super::error::AppError;

pub async fn read_limited(mut payload: web::Payload, max: usize) -> Result<Vec<u8>, AppError> {
    let mut body = Vec::new();
    while let Some(chunk) = payload.next().await {
        let chunk =
            chunk.map_err(|e| AppError::BadRequest(format!("The upload was interrupted: {e}")))?;
        if body.len() + chunk.len() > max {
            return Err(AppError::PayloadTooLarge(max));
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body)
}

/// Read one multipart field's bytes, up to `max`.
pub async fn read_field(
    field: &mut actix_multipart::Field,
    max: usize,
) -> Result<Vec<u8>, AppError> {
    let mut body = Vec::new();
    while let Some(chunk) = field.next().await {
        let chunk = chunk
            .map_err(|e| AppError::BadRequest(format!("The upload could not be read: {e}")))?;
        if body.len() + chunk.len() > max {
            return Err(AppError::PayloadTooLarge(max));
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body)
}
