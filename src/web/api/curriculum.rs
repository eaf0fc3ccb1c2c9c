//! The published curriculum as JSON. Access: public, read-only.

use actix_web::{HttpRequest, HttpResponse, web};
use serde::Serialize;
use serde_json::json;

use crate::actions::AppState;
use crate::curriculum::model::{
    EntryRules, ExpertWitnessRule, IqaRule, Qualification, SpecificationInfo, StaffQualification,
    Unit,
};
use crate::curriculum::{CaseOptions, case_packages};
use crate::web::error::AppError;

#[derive(Serialize)]
struct QualificationSummary<'a> {
    id: &'a str,
    title: &'a str,
    awarding_body: &'a str,
    number: &'a str,
    accreditation_number: Option<&'a str>,
    level: u8,
    credits_required: u32,
    units: &'a [String],
}

/// `GET /api/v1/qualifications`
pub async fn qualifications(state: web::Data<AppState>) -> HttpResponse {
    let list: Vec<_> = state
        .curriculum
        .qualifications()
        .map(|(spec, q)| QualificationSummary {
            id: &q.id,
            title: &q.title,
            awarding_body: &spec.specification.awarding_body,
            number: &q.number,
            accreditation_number: q.accreditation_number.as_deref(),
            level: q.level,
            credits_required: q.credits_required,
            units: &q.mandatory_units,
        })
        .collect();
    HttpResponse::Ok().json(json!({ "qualifications": list }))
}

#[derive(Serialize)]
struct QualificationTree<'a> {
    #[serde(flatten)]
    qualification: &'a Qualification,
    specification: &'a SpecificationInfo,
    entry: Option<&'a EntryRules>,
    units: Vec<&'a Unit>,
    staff_qualifications: &'a [StaffQualification],
    expert_witness: Option<&'a ExpertWitnessRule>,
    iqa: Option<&'a IqaRule>,
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
    let tree = QualificationTree {
        qualification: q,
        specification: &spec.specification,
        entry: spec.entry.as_ref(),
        units: curriculum.units_of(q).collect(),
        staff_qualifications: &spec.staff_qualifications,
        expert_witness: spec.expert_witness.as_ref(),
        iqa: spec.iqa.as_ref(),
    };
    Ok(HttpResponse::Ok().json(tree))
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
    Ok(HttpResponse::Ok().json(json!({
        "specification": spec.specification,
        "framework": framework,
    })))
}

/// `GET /api/v1/curriculum`: what `eportfolio curriculum export --format json` prints.
pub async fn export(state: web::Data<AppState>) -> HttpResponse {
    HttpResponse::Ok().json(crate::curriculum::export_json(&state.curriculum))
}

/// `GET /api/v1/curriculum/case`
pub async fn case(state: web::Data<AppState>, request: HttpRequest) -> HttpResponse {
    let info = request.connection_info();
    let base = format!("{}://{}/api/v1/curriculum/case", info.scheme(), info.host());
    let options = CaseOptions {
        base_uri: &base,
        fallback_date: &state.started_at,
    };
    HttpResponse::Ok().json(case_packages(&state.curriculum, &options))
}
