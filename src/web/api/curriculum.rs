//! The published curriculum as JSON. Access: public, read-only.

use actix_web::{HttpRequest, HttpResponse, web};

use crate::actions::AppState;
use crate::curriculum::wire::{
    CurriculumExport, FrameworkOut, QualificationList, QualificationTree,
};
use crate::curriculum::{CaseOptions, case_export};
use crate::web::error::AppError;

/// `GET /api/v1/qualifications`
pub async fn qualifications(state: web::Data<AppState>) -> HttpResponse {
    HttpResponse::Ok().json(QualificationList::new(&state.curriculum))
}

/// `GET /api/v1/qualifications/{qualification_id}`: the whole tree and the rules that apply.
pub async fn qualification(
    state: web::Data<AppState>,
    id: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let curriculum = &state.curriculum;
    let (spec, q) = curriculum
        .qualification(&id)
        .ok_or_else(|| AppError::NotFound(format!("qualification {id}")))?;
    Ok(HttpResponse::Ok().json(QualificationTree::new(curriculum, spec, q)))
}

/// `GET /api/v1/frameworks/{framework_id}`
pub async fn framework(
    state: web::Data<AppState>,
    id: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let (spec, framework) = state
        .curriculum
        .framework(&id)
        .ok_or_else(|| AppError::NotFound(format!("framework {id}")))?;
    Ok(HttpResponse::Ok().json(FrameworkOut {
        specification: &spec.specification,
        framework,
    }))
}

/// `GET /api/v1/curriculum`: what `eportfolio curriculum export --format json` prints.
pub async fn export(state: web::Data<AppState>) -> HttpResponse {
    HttpResponse::Ok().json(CurriculumExport::new(&state.curriculum))
}

/// `GET /api/v1/curriculum/case`
pub async fn case(state: web::Data<AppState>, request: HttpRequest) -> HttpResponse {
    let info = request.connection_info();
    let base = format!("{}://{}/api/v1/curriculum/case", info.scheme(), info.host());
    let options = CaseOptions { base_uri: &base };
    HttpResponse::Ok().json(case_export(&state.curriculum, &options))
}
