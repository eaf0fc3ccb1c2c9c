//! The confirmation pages before a unit is signed: `GET …/units/{unit_id}/sign-off` for the
//! allocated assessor and `GET …/units/{unit_id}/countersign` for the learner show what is being
//! signed; their forms post to the signing routes.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};

use crate::actions::AppState;
use crate::actions::assessment::signing::{Signer, unit_signing};
use crate::domain::ids::{RegistrationId, UnitId};
use crate::web::auth::CurrentUser;
use crate::web::error::PageError;
use crate::web::routes::respond::html;
use crate::web::views::unit_signing::{SigningPage, page};

async fn confirm(
    state: &AppState,
    current: &CurrentUser,
    ids: (RegistrationId, UnitId),
    signer: Signer,
) -> Result<HttpResponse, PageError> {
    let signing = unit_signing(state, current, &ids.0, &ids.1, signer).await?;
    let shown = SigningPage {
        current,
        signing: &signing,
        problem: None,
    };
    Ok(html(StatusCode::OK, page(&shown)))
}

/// `GET /registrations/{registration_id}/units/{unit_id}/sign-off`
pub async fn sign_off(
    state: web::Data<AppState>,
    current: CurrentUser,
    ids: web::Path<(RegistrationId, UnitId)>,
) -> Result<HttpResponse, PageError> {
    confirm(&state, &current, ids.into_inner(), Signer::Assessor).await
}

/// `GET /registrations/{registration_id}/units/{unit_id}/countersign`
pub async fn countersign(
    state: web::Data<AppState>,
    current: CurrentUser,
    ids: web::Path<(RegistrationId, UnitId)>,
) -> Result<HttpResponse, PageError> {
    confirm(&state, &current, ids.into_inner(), Signer::Learner).await
}
