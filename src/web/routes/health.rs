//! Health checks. Public, by design: a load balancer calls them without credentials.

use actix_web::http::header;
use actix_web::{HttpResponse, web};

use crate::actions::AppState;
use crate::actions::people::wire::service::Health;
use crate::web::error::AppError;

/// `GET /healthz`: the process is up. No database work.
pub async fn healthz() -> HttpResponse {
    HttpResponse::Ok()
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .json(Health::ok())
}

/// `GET /readyz`: the database answers and every migration this binary knows is applied.
pub async fn readyz(state: web::Data<AppState>) -> Result<HttpResponse, AppError> {
    if state.stopping.load(std::sync::atomic::Ordering::SeqCst) {
        return Err(AppError::NotReady("this node is stopping".to_owned()));
    }
    let ready = crate::actions::health::readiness(&state)
        .await
        .map_err(|e| AppError::NotReady(e.to_string()))?;
    Ok(HttpResponse::Ok()
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .json(ready))
}

pub async fn stylesheet() -> HttpResponse {
    HttpResponse::Ok()
        .content_type("text/css; charset=utf-8")
        .insert_header((header::CACHE_CONTROL, "public, max-age=3600"))
        .body(include_str!("../static/app.css"))
}

/// `GET /static/favicon.svg`: the site's icon (an "e" on the brand green).
pub async fn favicon() -> HttpResponse {
    HttpResponse::Ok()
        .content_type("image/svg+xml")
        .insert_header((
            actix_web::http::header::CACHE_CONTROL,
            "public, max-age=86400",
        ))
        .body(include_str!("../static/favicon.svg"))
}

/// `GET /static/evidence.js`: the one-step evidence form works without it.
pub async fn evidence_script() -> HttpResponse {
    HttpResponse::Ok()
        .content_type("text/javascript; charset=utf-8")
        .insert_header((header::CACHE_CONTROL, "public, max-age=3600"))
        .body(include_str!("../static/evidence.js"))
}

/// `GET /static/passkeys.js`: the passkey forms ask the device, then post as forms do.
pub async fn passkeys_script() -> HttpResponse {
    HttpResponse::Ok()
        .content_type("text/javascript; charset=utf-8")
        .insert_header((header::CACHE_CONTROL, "public, max-age=3600"))
        .body(include_str!("../static/passkeys.js"))
}
