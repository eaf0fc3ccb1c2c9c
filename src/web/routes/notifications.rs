//! Each person's notifications page and marking them read. Signed in; only one's own.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use serde::Deserialize;

use crate::actions::AppState;
use crate::actions::people::notifications as act;
use crate::web::auth::CurrentUser;
use crate::web::auth::csrf::SignedInForm;
use crate::web::error::PageError;
use crate::web::routes::respond::{html, see_other};
use crate::web::views::notifications as view;

#[derive(Deserialize, Default)]
pub struct Done {
    #[serde(default)]
    done: Option<String>,
}

/// `GET /notifications`.
pub async fn list(
    state: web::Data<AppState>,
    current: CurrentUser,
    query: web::Query<Done>,
) -> Result<HttpResponse, PageError> {
    let (items, unread) = act::list(&state, &current).await?;
    let notice = (query.done.as_deref() == Some("read")).then_some("Marked as read.");
    Ok(html(
        StatusCode::OK,
        view::list(&current, &items, unread, notice),
    ))
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct ReadForm {
    csrf_token: String,
    /// The notifications to mark; none means all.
    id: Vec<String>,
}

/// `POST /notifications/read`.
pub async fn mark_read(
    state: web::Data<AppState>,
    submitted: SignedInForm<ReadForm>,
) -> Result<HttpResponse, PageError> {
    let (current, form) = (submitted.current, submitted.form);
    let ids = (!form.id.is_empty()).then_some(form.id);
    act::mark_read(&state, &current, ids).await?;
    Ok(see_other("/notifications?done=read"))
}

crate::carries_csrf!(ReadForm);
