//! Evidence and the tracker as JSON. Add, edit, map: the learner or their assessor. Declare and
//! submit: the learner. Read: whoever may see the registration.

use actix_web::{HttpResponse, web};
use serde::Deserialize;
use serde_json::json;

use crate::actions::AppState;
use crate::actions::evidence::items::{self as act, EvidenceInput, EvidenceView};
use crate::web::auth::CurrentUser;
use crate::web::error::AppError;

fn body(view: &EvidenceView) -> serde_json::Value {
    let versions: Vec<_> = view
        .versions
        .iter()
        .map(|v| json!({"version": v.version, "description": v.description, "text": v.body_text, "word_count": v.word_count, "content_sha256": v.content_sha256, "created_by": v.created_by, "created_at": v.created_at.and_utc().to_rfc3339()}))
        .collect();
    let files: Vec<_> = view
        .files
        .iter()
        .map(|f| json!({"file_id": f.id, "filename": f.filename, "media_type": f.media_type, "size": f.size_bytes, "sha256": f.sha256, "word_count": f.word_count}))
        .collect();
    json!({
        "id": view.item.id, "registration_id": view.item.registration_id, "kind": view.item.kind, "title": view.item.title,
        "activity_date": view.item.activity_date, "status": view.item.status, "current_version": view.item.current_version,
        "versions": versions, "files": files, "criteria": view.mappings,
        "declaration": view.declaration.as_ref().map(|d| json!({"typed_name": d.typed_name, "signed_at": d.signed_at.and_utc().to_rfc3339(), "content_sha256": d.content_sha256, "version": d.version, "valid": view.declaration_valid()})),
    })
}

/// `POST /api/v1/registrations/{registration_id}/evidence`
pub async fn create(
    state: web::Data<AppState>,
    current: CurrentUser,
    id: web::Path<String>,
    input: web::Json<EvidenceInput>,
) -> Result<HttpResponse, AppError> {
    let item = act::create(&state, &current, &id, input.into_inner()).await?;
    Ok(HttpResponse::Created().json(json!({"id": item.id})))
}

/// `GET /api/v1/evidence/{evidence_id}`
pub async fn get(
    state: web::Data<AppState>,
    current: CurrentUser,
    id: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    Ok(HttpResponse::Ok().json(body(&act::view(&state, &current, &id).await?)))
}

/// `PUT /api/v1/evidence/{evidence_id}`: a new version; a change returns the item to draft.
pub async fn edit(
    state: web::Data<AppState>,
    current: CurrentUser,
    id: web::Path<String>,
    input: web::Json<EvidenceInput>,
) -> Result<HttpResponse, AppError> {
    act::edit(&state, &current, &id, input.into_inner()).await?;
    Ok(HttpResponse::Ok().json(body(&act::view(&state, &current, &id).await?)))
}

#[derive(Deserialize)]
pub struct MappingBody {
    criteria: Vec<String>,
}

/// `PUT /api/v1/evidence/{evidence_id}/mappings` `{criteria: [...]}`
pub async fn map(
    state: web::Data<AppState>,
    current: CurrentUser,
    id: web::Path<String>,
    input: web::Json<MappingBody>,
) -> Result<HttpResponse, AppError> {
    let mapped = act::map(&state, &current, &id, input.into_inner().criteria).await?;
    Ok(HttpResponse::Ok().json(json!({"criteria": mapped})))
}

#[derive(Deserialize)]
pub struct DeclarationBody {
    typed_name: String,
}

/// `POST /api/v1/evidence/{evidence_id}/declaration` `{typed_name}`
pub async fn declare(
    state: web::Data<AppState>,
    current: CurrentUser,
    id: web::Path<String>,
    input: web::Json<DeclarationBody>,
) -> Result<HttpResponse, AppError> {
    let d = act::declare(&state, &current, &id, &input.typed_name).await?;
    Ok(HttpResponse::Created().json(json!({"signed_at": d.signed_at.and_utc().to_rfc3339(), "content_sha256": d.content_sha256, "version": d.version})))
}

/// `POST /api/v1/evidence/{evidence_id}/submit`
pub async fn submit(
    state: web::Data<AppState>,
    current: CurrentUser,
    id: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    act::submit(&state, &current, &id).await?;
    Ok(HttpResponse::Ok().json(body(&act::view(&state, &current, &id).await?)))
}

/// `GET /api/v1/registrations/{registration_id}/tracker`
pub async fn tracker(
    state: web::Data<AppState>,
    current: CurrentUser,
    id: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let view = act::tracker(&state, &current, &id).await?;
    let evidence: Vec<_> = view
        .items
        .iter()
        .map(|(i, words)| json!({"id": i.id, "title": i.title, "kind": i.kind, "status": i.status, "word_count": words}))
        .collect();
    let judgements: serde_json::Map<String, serde_json::Value> = view
        .latest_judgements()
        .into_iter()
        .map(|(item, j)| (item, json!({"outcome": j.outcome, "round": j.round, "feedback": j.feedback, "judged_at": j.judged_at.and_utc().to_rfc3339()})))
        .collect();
    Ok(HttpResponse::Ok().json(
        json!({"registration_id": view.registration.id, "tracker": view.tracker, "evidence": evidence, "judgements": judgements}),
    ))
}

/// `POST /api/v1/evidence/{evidence_id}/files` (multipart, one field `file`): 201 `{file_id, sha256, size}`.
pub async fn upload(
    state: web::Data<AppState>,
    current: CurrentUser,
    id: web::Path<String>,
    form: actix_multipart::Multipart,
) -> Result<HttpResponse, AppError> {
    let file = crate::web::upload::attach_to_evidence(&state, &current, &id, form, None).await?;
    Ok(HttpResponse::Created().json(json!({"file_id": file.id, "sha256": file.sha256, "size": file.size_bytes, "media_type": file.media_type, "word_count": file.word_count})))
}

/// `GET /api/v1/evidence/{evidence_id}/files/{file_id}`: the file, as an attachment.
pub async fn download(
    state: web::Data<AppState>,
    current: CurrentUser,
    path: web::Path<(String, String)>,
) -> Result<HttpResponse, AppError> {
    let (evidence, file) = path.into_inner();
    let file =
        crate::actions::evidence::files::download(&state, &current, &evidence, &file).await?;
    Ok(crate::web::upload::attachment(file))
}

/// `GET /api/v1/caseload`: the learners the caller works with, with progress and what waits.
pub async fn caseload(
    state: web::Data<AppState>,
    current: CurrentUser,
) -> Result<HttpResponse, AppError> {
    let rows = crate::actions::assessment::caseload::caseload(&state, &current).await?;
    Ok(HttpResponse::Ok().json(json!({"learners": rows})))
}
