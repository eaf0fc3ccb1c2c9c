//! Health checks. Public, by design: a load balancer calls them without credentials.

use actix_web::http::header;
use actix_web::{HttpResponse, web};

use crate::actions::AppState;
use crate::actions::people::wire::service::{Health, Readiness};
use crate::store;
use crate::web::error::AppError;

/// `GET /healthz`: the process is up. No database work.
pub async fn healthz() -> HttpResponse {
    HttpResponse::Ok()
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .json(Health::ok())
}

/// `GET /readyz`: the database answers and every migration this binary knows is applied.
pub async fn readyz(state: web::Data<AppState>) -> Result<HttpResponse, AppError> {
    let pending = state
        .db
        .run(|conn| {
            diesel::connection::SimpleConnection::batch_execute(conn, "SELECT 1")?;
            store::migrations_pending(conn)
        })
        .await
        .map_err(|e| AppError::NotReady(format!("the database cannot be reached ({e})")))?;
    if pending {
        return Err(AppError::NotReady(
            "database migrations are pending".to_owned(),
        ));
    }
    Ok(HttpResponse::Ok()
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .json(Readiness {
            status: "ready".to_owned(),
            database: state.db.url().backend_name().to_owned(),
            curriculum_version: state.curriculum.version().to_owned(),
        }))
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
