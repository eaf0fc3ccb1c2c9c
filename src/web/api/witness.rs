//! Witness testimony as JSON. Asking: the learner or their assessor. Reading: whoever may see the
//! registration. Deciding: the allocated assessor. The witness's link: whoever holds it.

use actix_web::{HttpRequest, HttpResponse, web};

use crate::actions::AppState;
use crate::actions::assessment::wire::witness::{
    TestimonyDecisionRequest, TestimonyRequestDetail, TestimonyRequestList, TestimonyRequestOut,
    TestimonyRequestRequest, WitnessAnswerRequest, WitnessLinkOut,
};
use crate::actions::assessment::witness as act;
use crate::actions::assessment::witness_link as link;
use crate::domain::ids::{RegistrationId, TestimonyRequestId};
use crate::domain::witness::{AnswerFields, LinkState, RequestFields};
use crate::web::auth::CurrentUser;
use crate::web::client_address::client_address;
use crate::web::error::AppError;

/// `POST /api/v1/registrations/{registration_id}/testimony-requests`: emails the witness a
/// single-use link to `/witness/{token}` (the link is never in the answer).
pub async fn create(
    state: web::Data<AppState>,
    current: CurrentUser,
    id: web::Path<RegistrationId>,
    input: web::Json<TestimonyRequestRequest>,
) -> Result<HttpResponse, AppError> {
    let fields = RequestFields::from(input.into_inner());
    let row = act::request_testimony(&state, &current, &id, &fields).await?;
    Ok(HttpResponse::Created().json(TestimonyRequestOut::from(&row)))
}

/// `GET /api/v1/registrations/{registration_id}/testimony-requests`
pub async fn list(
    state: web::Data<AppState>,
    current: CurrentUser,
    id: web::Path<RegistrationId>,
) -> Result<HttpResponse, AppError> {
    let (_, _, rows) = act::list(&state, &current, &id).await?;
    let testimony_requests = rows.iter().map(TestimonyRequestOut::from).collect();
    Ok(HttpResponse::Ok().json(TestimonyRequestList { testimony_requests }))
}

/// `GET /api/v1/testimony-requests/{request_id}`
pub async fn get(
    state: web::Data<AppState>,
    current: CurrentUser,
    id: web::Path<TestimonyRequestId>,
) -> Result<HttpResponse, AppError> {
    let view = act::view(&state, &current, &id).await?;
    Ok(HttpResponse::Ok().json(TestimonyRequestDetail::from(&view)))
}

/// `POST /api/v1/testimony-requests/{request_id}/decision` `{decision: "accept" | "reject", reason, criteria?}`
pub async fn decide(
    state: web::Data<AppState>,
    current: CurrentUser,
    id: web::Path<TestimonyRequestId>,
    input: web::Json<TestimonyDecisionRequest>,
) -> Result<HttpResponse, AppError> {
    let fields = input.into_inner().into();
    let view = act::decide(&state, &current, &id, &fields).await?;
    Ok(HttpResponse::Ok().json(TestimonyRequestDetail::from(&view)))
}

/// `GET /api/v1/witness/{token}`: what the witness is asked about; once used, what they signed.
pub async fn witness_get(
    state: web::Data<AppState>,
    token: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let v = link::open(&state, &token).await?;
    if v.link == LinkState::Expired {
        return Err(link::expired(&state, &v).await.into());
    }
    Ok(HttpResponse::Ok().json(WitnessLinkOut::new(&state.curriculum, &v)))
}

/// `POST /api/v1/witness/{token}`: the witness confirms who they are and signs their testimony.
pub async fn witness_sign(
    state: web::Data<AppState>,
    request: HttpRequest,
    token: web::Path<String>,
    input: web::Json<WitnessAnswerRequest>,
) -> Result<HttpResponse, AppError> {
    let fields = AnswerFields::from(input.into_inner());
    link::answer(&state, &token, &fields, &client_address(&request)).await?;
    let v = link::open(&state, &token).await?;
    Ok(HttpResponse::Created().json(WitnessLinkOut::new(&state.curriculum, &v)))
}
