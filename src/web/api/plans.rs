//! Assessment plans and progress reviews as JSON. Reading: whoever may see the registration.
//! Writing a plan and reviewing: the allocated assessor. Signing: the learner.

use actix_web::{HttpRequest, HttpResponse, web};

use crate::actions::AppState;
use crate::actions::assessment::plans as act;
use crate::actions::learning::wire::plans::{
    AssessmentPlanList, AssessmentPlanRequest, AssessmentPlanReview, AssessmentPlanReviewRequest,
    AssessmentPlanSaved, AssessmentPlanSignRequest, AssessmentPlanSigned,
};
use crate::domain::ids::{PlanId, RegistrationId};
use crate::web::auth::CurrentUser;
use crate::web::client_address::client_address;
use crate::web::error::AppError;

/// `GET /api/v1/registrations/{registration_id}/plans`
pub async fn list(
    state: web::Data<AppState>,
    current: CurrentUser,
    id: web::Path<RegistrationId>,
) -> Result<HttpResponse, AppError> {
    let (registration, plans) = act::list(&state, &current, &id).await?;
    Ok(HttpResponse::Ok().json(AssessmentPlanList::new(&registration, &plans)))
}

/// `POST /api/v1/registrations/{registration_id}/plans` → 201 `{id, version, content_sha256}`.
pub async fn create(
    state: web::Data<AppState>,
    current: CurrentUser,
    request: HttpRequest,
    id: web::Path<RegistrationId>,
    body: web::Json<AssessmentPlanRequest>,
) -> Result<HttpResponse, AppError> {
    let input = body.into_inner().into();
    let plan = act::create(&state, &current, &id, input, &client_address(&request)).await?;
    Ok(HttpResponse::Created().json(AssessmentPlanSaved::from(&plan)))
}

/// `PUT /api/v1/plans/{plan_id}`: the signatures on the old content are void.
pub async fn change(
    state: web::Data<AppState>,
    current: CurrentUser,
    request: HttpRequest,
    id: web::Path<PlanId>,
    body: web::Json<AssessmentPlanRequest>,
) -> Result<HttpResponse, AppError> {
    let body = body.into_inner();
    let version = body.version;
    let address = client_address(&request);
    let plan = act::change(&state, &current, &id, body.into(), version, &address).await?;
    Ok(HttpResponse::Ok().json(AssessmentPlanSaved::from(&plan)))
}

/// `POST /api/v1/plans/{plan_id}/sign` → 201 the learner's signature. The body, an empty object,
/// may be left out (clients that send none keep working).
pub async fn sign(
    state: web::Data<AppState>,
    current: CurrentUser,
    request: HttpRequest,
    id: web::Path<PlanId>,
    _body: Option<web::Json<AssessmentPlanSignRequest>>,
) -> Result<HttpResponse, AppError> {
    let s = act::sign(&state, &current, &id, &client_address(&request)).await?;
    Ok(HttpResponse::Created().json(AssessmentPlanSigned::from(&s)))
}

/// `POST /api/v1/plans/{plan_id}/reviews` `{reviewed_on, progress, next_steps, next_review_on}` → 201.
pub async fn review(
    state: web::Data<AppState>,
    current: CurrentUser,
    id: web::Path<PlanId>,
    body: web::Json<AssessmentPlanReviewRequest>,
) -> Result<HttpResponse, AppError> {
    let review = act::review(&state, &current, &id, body.into_inner().into()).await?;
    Ok(HttpResponse::Created().json(AssessmentPlanReview::from(&review)))
}
