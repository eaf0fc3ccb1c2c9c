//! Records pages: a learner's portfolio download (the registration's learner). The retention
//! form lives on the centre page (routes/centres.rs).

use actix_web::{HttpResponse, web};

use crate::actions::AppState;
use crate::domain::ids::RegistrationId;
use crate::web::api::records::portfolio_response;
use crate::web::auth::CurrentUser;
use crate::web::error::PageError;

/// `GET /registrations/{registration_id}/portfolio.zip`.
pub async fn portfolio(
    state: web::Data<AppState>,
    current: CurrentUser,
    registration_id: web::Path<RegistrationId>,
) -> Result<HttpResponse, PageError> {
    Ok(portfolio_response(&state, &current, &registration_id).await?)
}
