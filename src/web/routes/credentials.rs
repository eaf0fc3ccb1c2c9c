//! Open Badges pages: a learner's credentials, the download, and the public check.

use crate::actions::ActionError;
use crate::domain::ids::{RegistrationId, UnitId};
use actix_web::{HttpResponse, web};
use serde::Deserialize;

use crate::actions::AppState;
use crate::actions::claims::open_badges as act;
use crate::web::api::claims::attachment;
use crate::web::auth::CurrentUser;
use crate::web::error::PageError;
use crate::web::routes::respond::html;
use crate::web::views::credentials as view;

/// `GET /registrations/{registration_id}/credentials`: the achieved units and their credentials.
pub async fn list(
    state: web::Data<AppState>,
    current: CurrentUser,
    id: web::Path<RegistrationId>,
) -> Result<HttpResponse, PageError> {
    let (registration, achieved) = act::achieved(&state, &current, &id).await?;
    let qualification = state
        .curriculum
        .qualification(&registration.qualification_id)
        .map_or_else(
            || registration.qualification_id.clone(),
            |(_, q)| format!("{} {}", q.number, q.title),
        );
    let is_learner = registration.learner_id == current.user.id;
    Ok(html(
        actix_web::http::StatusCode::OK,
        view::credentials_page(&current, &id, &qualification, &achieved, is_learner),
    ))
}

/// `GET /registrations/{registration_id}/units/{unit_id}/credential.jwt`: the learner's download.
pub async fn download(
    state: web::Data<AppState>,
    current: CurrentUser,
    path: web::Path<(RegistrationId, UnitId)>,
) -> Result<HttpResponse, PageError> {
    let (registration_id, unit_id) = path.into_inner();
    let (name, token) = act::issue(&state, &current, &registration_id, &unit_id).await?;
    Ok(attachment("application/vc+jwt", &name, token))
}

#[derive(Debug, Deserialize)]
pub struct VerifyQuery {
    #[serde(default)]
    credential: String,
}

/// `GET /credentials/verify?credential=…`: anyone checks a credential.
pub async fn verify(
    state: web::Data<AppState>,
    query: web::Query<VerifyQuery>,
) -> Result<HttpResponse, PageError> {
    let token = query.credential.trim();
    if token.is_empty() {
        return Ok(html(
            actix_web::http::StatusCode::OK,
            view::verify_page(None, "", None),
        ));
    }
    match act::verify(&state, token).await {
        Ok(verified) => Ok(html(
            actix_web::http::StatusCode::OK,
            view::verify_page(None, token, Some(Ok(&verified))),
        )),
        Err(ActionError::Rule(rule)) => Ok(html(
            actix_web::http::StatusCode::UNPROCESSABLE_ENTITY,
            view::verify_page(None, token, Some(Err(&rule.to_string()))),
        )),
        Err(other) => Err(other.into()),
    }
}
