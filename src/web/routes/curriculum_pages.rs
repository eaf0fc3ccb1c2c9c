//! The published curriculum as pages. Access: public.

use actix_web::web;
use maud::Markup;

use crate::actions::AppState;
use crate::web::error::{AppError, PageError};
use crate::web::views::curriculum as view;

pub async fn home(state: web::Data<AppState>) -> Markup {
    view::home(&state.curriculum)
}

pub async fn qualifications(state: web::Data<AppState>) -> Markup {
    view::qualifications(&state.curriculum)
}

pub async fn qualification(
    state: web::Data<AppState>,
    id: web::Path<String>,
) -> Result<Markup, PageError> {
    let (spec, q) = state
        .curriculum
        .qualification(&id)
        .ok_or_else(|| AppError::NotFound(format!("qualification {id}")))?;
    Ok(view::qualification(&state.curriculum, spec, q))
}

pub async fn unit(state: web::Data<AppState>, id: web::Path<String>) -> Result<Markup, PageError> {
    let (spec, unit) = state
        .curriculum
        .unit(&id)
        .ok_or_else(|| AppError::NotFound(format!("unit {id}")))?;
    Ok(view::unit(spec, unit))
}

pub async fn framework(
    state: web::Data<AppState>,
    id: web::Path<String>,
) -> Result<Markup, PageError> {
    let (spec, framework) = state
        .curriculum
        .framework(&id)
        .ok_or_else(|| AppError::NotFound(format!("framework {id}")))?;
    Ok(view::framework(spec, framework))
}
