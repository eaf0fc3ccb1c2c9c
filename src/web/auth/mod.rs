//! Who is calling: tokens, sessions, passwords, CSRF, and the one place that decides access.
//! Every handler that needs a signed-in person takes [`CurrentUser`]; every page form post takes
//! [`csrf::SignedInForm`], which checks the origin and the session's CSRF token first.

pub mod csrf;

use std::future::Future;
use std::pin::Pin;

use actix_web::dev::Payload;
use actix_web::http::header;
use actix_web::{FromRequest, HttpMessage, HttpRequest, ResponseError, web};

use crate::actions::Actor;
use crate::actions::AppState;
use crate::actions::people::session_resume;
pub use crate::auth::SessionPolicy;
use crate::auth::tokens::Audience;
use crate::store::sessions::Session;
use crate::web::error::{AppError, PageError};

/// The cookie that carries a page session's token.
pub fn cookie_name(secure: bool) -> &'static str {
    if secure {
        "__Host-eportfolio_session"
    } else {
        "eportfolio_session"
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Via {
    Cookie,
    Bearer,
}

/// The signed-in person as the actions see them ([`Actor`]), with the session that named them
/// and how it came (cookie or bearer token).
#[derive(Debug, Clone)]
pub struct CurrentUser {
    pub actor: Actor,
    pub session: Session,
    pub via: Via,
    /// Notifications not read yet, for the count in the pages' navigation (0 for the API, which
    /// does not count them on every request).
    pub unread: i64,
}

impl std::ops::Deref for CurrentUser {
    type Target = Actor;

    fn deref(&self) -> &Actor {
        &self.actor
    }
}

fn bearer(request: &HttpRequest) -> Option<String> {
    let value = request
        .headers()
        .get(header::AUTHORIZATION)?
        .to_str()
        .ok()?;
    let (scheme, token) = value.split_once(' ')?;
    scheme
        .eq_ignore_ascii_case("bearer")
        .then(|| token.trim().to_owned())
}

/// Find the token (cookie for pages, bearer for the API), check it and its session row.
async fn authenticate(request: HttpRequest) -> Result<CurrentUser, AppError> {
    let state = request
        .app_data::<web::Data<AppState>>()
        .cloned()
        .ok_or_else(|| AppError::Internal("application state missing".to_owned()))?;
    let (token, audience, via) = presented_token(&request, &state)?;
    let now = state.clock.now();
    let claims = state
        .tokens
        .verify(&token, audience, now)
        .map_err(|_| AppError::Unauthenticated)?;
    let resumed = session_resume::resume(&state, claims, audience, via == Via::Cookie)
        .await?
        .ok_or(AppError::Unauthenticated)?;
    if resumed.session.two_step_setup && !reachable_while_setting_up(request.path()) {
        return Err(AppError::TwoStepSetupRequired);
    }
    Ok(CurrentUser {
        actor: resumed.actor,
        session: resumed.session,
        via,
        unread: resumed.unread,
    })
}

/// What a session opened only to set up two-step sign-in reaches: setting it up, and signing
/// out.
fn reachable_while_setting_up(path: &str) -> bool {
    path.starts_with("/account/two-step")
        || path.starts_with("/api/v1/account/two-step")
        || path == "/sign-out"
        || path == "/api/v1/sessions/current"
}

/// The token the request carries, for whom it counts, and how it came.
fn presented_token(
    request: &HttpRequest,
    state: &AppState,
) -> Result<(String, Audience, Via), AppError> {
    // The API takes bearer tokens only (it has no CSRF defence, so a cookie must never count
    // there); pages take the session cookie only.
    let api = request.path().starts_with("/api/");
    match bearer(request) {
        Some(token) if api => Ok((token, Audience::Api, Via::Bearer)),
        Some(_) => Err(AppError::Unauthenticated),
        None if api => Err(AppError::Unauthenticated),
        None => {
            let name = cookie_name(state.sessions.secure_cookies);
            let cookie = request.cookie(name).ok_or(AppError::Unauthenticated)?;
            Ok((cookie.value().to_owned(), Audience::Session, Via::Cookie))
        }
    }
}

/// Refusals answer as the route expects: problem+json for the API, a redirect or page otherwise.
pub fn reject(request: &HttpRequest, error: AppError) -> actix_web::Error {
    if request.path().starts_with("/api/") {
        error.into()
    } else {
        PageError(error).into()
    }
}

impl FromRequest for CurrentUser {
    type Error = actix_web::Error;
    type Future = Pin<Box<dyn Future<Output = Result<Self, Self::Error>>>>;

    fn from_request(request: &HttpRequest, _: &mut Payload) -> Self::Future {
        let request = request.clone();
        Box::pin(async move {
            let current = authenticate(request.clone())
                .await
                .map_err(|e| reject(&request, e))?;
            // Kept for the middleware that logs what an EQA opened (web::eqa_log).
            request.extensions_mut().insert(current.clone());
            Ok(current)
        })
    }
}

/// The signed-in person if there is one; pages that anyone may see use this to adapt.
pub struct MaybeUser(pub Option<CurrentUser>);

impl FromRequest for MaybeUser {
    type Error = actix_web::Error;
    type Future = Pin<Box<dyn Future<Output = Result<Self, Self::Error>>>>;

    fn from_request(request: &HttpRequest, _: &mut Payload) -> Self::Future {
        let request = request.clone();
        Box::pin(async move {
            match authenticate(request.clone()).await {
                Ok(user) => Ok(Self(Some(user))),
                Err(AppError::Unauthenticated) => Ok(Self(None)),
                Err(setup @ AppError::TwoStepSetupRequired) => Err(reject(&request, setup)),
                Err(other) => Err(actix_web::error::InternalError::from_response(
                    "authentication failed",
                    other.error_response(),
                )
                .into()),
            }
        })
    }
}
