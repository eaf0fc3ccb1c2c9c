//! Evidence and the tracker as JSON. Add, edit, map: the learner or their assessor. Declare and
//! submit: the learner. Read: whoever may see the registration.

use actix_web::http::header::Range;
use actix_web::{HttpResponse, web};

use crate::actions::AppState;
use crate::actions::assessment::wire::{Caseload, CaseloadParams};
use crate::actions::evidence::items as act;
use crate::actions::evidence::wire::tracker::TrackerReport;
use crate::actions::evidence::wire::{
    EvidenceCreated, EvidenceDeclarationRequest, EvidenceDeclared, EvidenceFileAttached,
    EvidenceMapping, EvidenceMappingRequest, EvidenceOut, EvidenceRequest,
};
use crate::domain::ids::{EvidenceId, FileId, RegistrationId};
use crate::web::auth::CurrentUser;
use crate::web::error::AppError;

/// `POST /api/v1/registrations/{registration_id}/evidence`
pub async fn create(
    state: web::Data<AppState>,
    current: CurrentUser,
    id: web::Path<RegistrationId>,
    input: web::Json<EvidenceRequest>,
) -> Result<HttpResponse, AppError> {
    let item = act::create(&state, &current, &id, input.into_inner().into()).await?;
    Ok(HttpResponse::Created().json(EvidenceCreated { id: item.id }))
}

/// `GET /api/v1/evidence/{evidence_id}`
pub async fn get(
    state: web::Data<AppState>,
    current: CurrentUser,
    id: web::Path<EvidenceId>,
) -> Result<HttpResponse, AppError> {
    let view = act::view(&state, &current, &id).await?;
    Ok(HttpResponse::Ok().json(EvidenceOut::from(&view)))
}

/// `PUT /api/v1/evidence/{evidence_id}`: a new version; a change returns the item to draft.
pub async fn edit(
    state: web::Data<AppState>,
    current: CurrentUser,
    id: web::Path<EvidenceId>,
    input: web::Json<EvidenceRequest>,
) -> Result<HttpResponse, AppError> {
    act::edit(&state, &current, &id, input.into_inner().into()).await?;
    let view = act::view(&state, &current, &id).await?;
    Ok(HttpResponse::Ok().json(EvidenceOut::from(&view)))
}

/// `PUT /api/v1/evidence/{evidence_id}/mappings` `{criteria: [...]}`
pub async fn map(
    state: web::Data<AppState>,
    current: CurrentUser,
    id: web::Path<EvidenceId>,
    input: web::Json<EvidenceMappingRequest>,
) -> Result<HttpResponse, AppError> {
    let criteria = act::map(&state, &current, &id, input.into_inner().criteria).await?;
    Ok(HttpResponse::Ok().json(EvidenceMapping { criteria }))
}

/// `POST /api/v1/evidence/{evidence_id}/declaration` `{typed_name}`
pub async fn declare(
    state: web::Data<AppState>,
    current: CurrentUser,
    id: web::Path<EvidenceId>,
    input: web::Json<EvidenceDeclarationRequest>,
) -> Result<HttpResponse, AppError> {
    let d = act::declare(&state, &current, &id, &input.typed_name).await?;
    Ok(HttpResponse::Created().json(EvidenceDeclared::from(&d)))
}

/// `POST /api/v1/evidence/{evidence_id}/submit`
pub async fn submit(
    state: web::Data<AppState>,
    current: CurrentUser,
    id: web::Path<EvidenceId>,
) -> Result<HttpResponse, AppError> {
    act::submit(&state, &current, &id).await?;
    let view = act::view(&state, &current, &id).await?;
    Ok(HttpResponse::Ok().json(EvidenceOut::from(&view)))
}

/// `GET /api/v1/registrations/{registration_id}/tracker`
pub async fn tracker(
    state: web::Data<AppState>,
    current: CurrentUser,
    id: web::Path<RegistrationId>,
) -> Result<HttpResponse, AppError> {
    let view = act::tracker(&state, &current, &id).await?;
    Ok(HttpResponse::Ok().json(TrackerReport::from(&view)))
}

/// `POST /api/v1/evidence/{evidence_id}/files` (multipart, one field `file`): 201 `{file_id, sha256, size}`.
pub async fn upload(
    state: web::Data<AppState>,
    current: CurrentUser,
    id: web::Path<EvidenceId>,
    form: actix_multipart::Multipart,
) -> Result<HttpResponse, AppError> {
    let file = crate::web::upload::attach_to_evidence(&state, &current, &id, form, None).await?;
    Ok(HttpResponse::Created().json(EvidenceFileAttached::from(&file)))
}

/// `GET /api/v1/evidence/{evidence_id}/files/{file_id}`: the file, as an attachment (the part a
/// `Range` header asks for, 206).
pub async fn download(
    state: web::Data<AppState>,
    current: CurrentUser,
    path: web::Path<(EvidenceId, FileId)>,
    range: Option<web::Header<Range>>,
) -> Result<HttpResponse, AppError> {
    let (evidence, file) = path.into_inner();
    let file =
        crate::actions::evidence::files::download(&state, &current, &evidence, &file).await?;
    Ok(crate::web::sent_file::attachment(file, range.as_deref()))
}

/// `GET /api/v1/caseload`: the learners the caller works with, with progress and what waits.
pub async fn caseload(
    state: web::Data<AppState>,
    current: CurrentUser,
    params: web::Query<CaseloadParams>,
) -> Result<HttpResponse, AppError> {
    let query = params.query()?;
    let page = crate::actions::assessment::caseload::caseload(&state, &current, &query).await?;
    Ok(HttpResponse::Ok().json(Caseload::from(page)))
}
