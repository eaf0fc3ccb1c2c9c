//! Resources as JSON: the centre's people list them (learners never see hidden ones); its tutors
//! and centre administrators add (JSON for text and links, multipart with a `file` for files
//! and recordings), edit and hide them, starter ones included.

use crate::actions::AppState;
use crate::actions::learning::resource_upload::file_of;
use crate::actions::learning::resources as act;
use crate::actions::learning::wire::resources::{
    LearningResource, LearningResourceList, ResourceFilter, ResourceRequest,
};
use crate::domain::ids::{CentreId, QualificationId, ResourceId};
use crate::web::auth::CurrentUser;
use crate::web::error::AppError;
use crate::web::sent_file::attachment;
use crate::web::upload::receive_resource;
use actix_web::http::header::Range;
use actix_web::{HttpResponse, web};

/// `GET /api/v1/centres/{centre_id}/resources?qualification_id=`
pub async fn list(
    state: web::Data<AppState>,
    current: CurrentUser,
    id: web::Path<CentreId>,
    filter: web::Query<ResourceFilter>,
) -> Result<HttpResponse, AppError> {
    let wanted = filter.qualification_id.as_deref();
    let items = match wanted.map(QualificationId::parse).transpose() {
        Ok(qualification) => act::list(&state, &current, &id, qualification.as_ref()).await?,
        // What cannot be an id names no qualification: no resource serves it.
        Err(_) => act::list(&state, &current, &id, None)
            .await
            .map(|_| Vec::new())?,
    };
    Ok(HttpResponse::Ok().json(LearningResourceList::from(items)))
}

/// `POST /api/v1/centres/{centre_id}/resources` (JSON) → 201.
pub async fn create(
    state: web::Data<AppState>,
    current: CurrentUser,
    id: web::Path<CentreId>,
    body: web::Json<ResourceRequest>,
) -> Result<HttpResponse, AppError> {
    let item = act::create(&state, &current, &id, body.into_inner().into(), None).await?;
    Ok(HttpResponse::Created().json(LearningResource::from(item)))
}

/// `POST /api/v1/centres/{centre_id}/resources/upload` (multipart: fields, then `file`) → 201.
pub async fn upload(
    state: web::Data<AppState>,
    current: CurrentUser,
    id: web::Path<CentreId>,
    form: actix_multipart::Multipart,
) -> Result<HttpResponse, AppError> {
    crate::actions::access::require_centre_role(
        &current,
        &id,
        crate::actions::learning::programmes::BUILDERS,
    )?;
    let (input, file) = receive_resource(&state, form, None).await?;
    let item = act::create(&state, &current, &id, input, file).await?;
    Ok(HttpResponse::Created().json(LearningResource::from(item)))
}

/// `PUT /api/v1/centres/{centre_id}/resources/{resource_id}`: edit or hide (starter ids too).
pub async fn edit(
    state: web::Data<AppState>,
    current: CurrentUser,
    path: web::Path<(CentreId, ResourceId)>,
    body: web::Json<ResourceRequest>,
) -> Result<HttpResponse, AppError> {
    let (centre, resource) = path.into_inner();
    let item = act::edit(
        &state,
        &current,
        &centre,
        &resource,
        body.into_inner().into(),
    )
    .await?;
    Ok(HttpResponse::Ok().json(LearningResource::from(item)))
}

/// `GET /api/v1/centres/{centre_id}/resources/{resource_id}/file`
pub async fn file(
    state: web::Data<AppState>,
    current: CurrentUser,
    path: web::Path<(CentreId, ResourceId)>,
    range: Option<web::Header<Range>>,
) -> Result<HttpResponse, AppError> {
    let (centre, resource) = path.into_inner();
    let row = act::file_of(&state, &current, &centre, &resource).await?;
    Ok(attachment(file_of(&state, &row).await?, range.as_deref()))
}
