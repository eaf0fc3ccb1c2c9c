//! `GET` and `POST /account/mail`: how the signed-in person is emailed about their work.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use serde::Deserialize;

use crate::actions::AppState;
use crate::actions::people::mail_preference as act;
use crate::domain::digest::MailCadence;
use crate::domain::people::FieldError;
use crate::web::auth::CurrentUser;
use crate::web::auth::csrf::SignedInForm;
use crate::web::error::PageError;
use crate::web::routes::respond::{html, see_other};
use crate::web::views::mail_preference as view;

#[derive(Deserialize, Default)]
pub struct Done {
    #[serde(default)]
    done: Option<String>,
}

/// `GET /account/mail`. Signed in.
pub async fn show(
    state: web::Data<AppState>,
    current: CurrentUser,
    query: web::Query<Done>,
) -> Result<HttpResponse, PageError> {
    let chosen = act::cadence(&state, &current).await?;
    let notice = (query.done.as_deref() == Some("saved")).then_some(match chosen {
        MailCadence::Each => "Saved: we will email you about each message as it happens.",
        MailCadence::Daily => "Saved: we will email you once a day, at 07:00 UTC, listing the messages since the last one.",
    });
    Ok(html(
        StatusCode::OK,
        view::page(&current, chosen, &[], notice),
    ))
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct MailForm {
    csrf_token: String,
    cadence: String,
}

/// `POST /account/mail`. Signed in; only one's own.
pub async fn choose(
    state: web::Data<AppState>,
    submitted: SignedInForm<MailForm>,
) -> Result<HttpResponse, PageError> {
    let (current, form) = (submitted.current, submitted.form);
    let Some(cadence) = MailCadence::parse(form.cadence.trim()) else {
        let before = act::cadence(&state, &current).await?;
        let errors = [FieldError::new(
            "cadence",
            "Choose how we email you: for each message, or once a day",
        )];
        return Ok(html(
            StatusCode::UNPROCESSABLE_ENTITY,
            view::page(&current, before, &errors, None),
        ));
    };
    act::choose(&state, &current, cadence).await?;
    Ok(see_other("/account/mail?done=saved#main"))
}

crate::carries_csrf!(MailForm);
