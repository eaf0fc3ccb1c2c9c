//! The caller's notifications as JSON, and marking them read; how they are emailed (each message
//! or a daily digest). Signed in; only one's own.

use actix_web::{HttpResponse, web};

use crate::actions::AppState;
use crate::actions::people::mail_preference as mail;
use crate::actions::people::notifications as act;
use crate::actions::people::wire::{
    MailPreferenceOut, MailPreferenceRequest, NotificationList, NotificationOut,
    NotificationsMarked, NotificationsReadRequest,
};
use crate::web::auth::CurrentUser;
use crate::web::error::AppError;

/// `GET /api/v1/notifications`: newest first, with the unread count.
pub async fn list(
    state: web::Data<AppState>,
    current: CurrentUser,
) -> Result<HttpResponse, AppError> {
    let (items, unread) = act::list(&state, &current).await?;
    let notifications = items.iter().map(NotificationOut::from).collect();
    Ok(HttpResponse::Ok().json(NotificationList {
        unread,
        notifications,
    }))
}

/// `POST /api/v1/notifications/read` `{ids?: [...]}`: how many were marked.
pub async fn mark_read(
    state: web::Data<AppState>,
    current: CurrentUser,
    input: web::Json<NotificationsReadRequest>,
) -> Result<HttpResponse, AppError> {
    let marked = act::mark_read(&state, &current, input.into_inner().ids).await?;
    Ok(HttpResponse::Ok().json(NotificationsMarked { marked }))
}

/// `GET /api/v1/account/mail`: how the caller is emailed about their work.
pub async fn mail_preference(
    state: web::Data<AppState>,
    current: CurrentUser,
) -> Result<HttpResponse, AppError> {
    let cadence = mail::cadence(&state, &current).await?;
    Ok(HttpResponse::Ok().json(MailPreferenceOut::from(cadence)))
}

/// `PUT /api/v1/account/mail` `{cadence: each | daily}`.
pub async fn choose_mail_preference(
    state: web::Data<AppState>,
    current: CurrentUser,
    input: web::Json<MailPreferenceRequest>,
) -> Result<HttpResponse, AppError> {
    let cadence = mail::choose(&state, &current, input.into_inner().cadence).await?;
    Ok(HttpResponse::Ok().json(MailPreferenceOut::from(cadence)))
}
