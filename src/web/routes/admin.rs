//! Platform administration pages (platform administrator) and a centre's audit trail page
//! (centre administrator).

use crate::actions::ActionError;
use crate::domain::ids::CentreId;
use crate::web::routes::respond::{html, see_other};
use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use serde::Deserialize;

use crate::actions::AppState;
use crate::actions::audit_trail;
use crate::actions::people::centre_people::{self as act, NewCentreInput};
use crate::actions::people::directory;
use crate::actions::people::wire::service::{AuditQuery, MailList, MailOut};
use crate::web::auth::CurrentUser;
use crate::web::auth::csrf::SignedInForm;
use crate::web::error::{AppError, PageError};
use crate::web::views::admin as view;

async fn render(
    state: &AppState,
    current: &CurrentUser,
    errors: &[crate::domain::people::FieldError],
    notice: Option<&str>,
) -> Result<HttpResponse, PageError> {
    let centres = directory::all_centres(state, current).await?;
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    Ok(html(
        status,
        view::centres(current, &centres, errors, notice),
    ))
}

#[derive(Deserialize, Default)]
pub struct Done {
    #[serde(default)]
    done: Option<String>,
}

/// `GET /admin`. Platform administrator.
pub async fn index(
    state: web::Data<AppState>,
    current: CurrentUser,
    query: web::Query<Done>,
) -> Result<HttpResponse, PageError> {
    let notice = query.done.as_deref().map(|done| match done {
        "first-admin" => "The centre's first administrator has been added: they get an email with a link to choose a password. The centre is theirs now; you see its records again only if its administrator gives you support access.",
        _ => "The centre has been added.",
    });
    render(&state, &current, &[], notice).await
}

#[derive(Deserialize)]
pub struct CentreForm {
    #[serde(default)]
    csrf_token: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    cg_centre_number: Option<String>,
    #[serde(default)]
    sqa_centre_number: Option<String>,
}

/// `POST /admin/centres`. Platform administrator.
pub async fn create_centre(
    state: web::Data<AppState>,
    submitted: SignedInForm<CentreForm>,
) -> Result<HttpResponse, PageError> {
    let (current, form) = (submitted.current, submitted.form);
    let input = NewCentreInput {
        name: form.name,
        cg_centre_number: form.cg_centre_number,
        sqa_centre_number: form.sqa_centre_number,
    };
    match act::create_centre(&state, &current, input).await {
        Ok(_) => Ok(see_other("/admin?done=centre")),
        Err(ActionError::Invalid(errors)) => render(&state, &current, &errors, None).await,
        Err(other) => Err(other.into()),
    }
}

/// `GET /admin/mail`. Platform administrator.
pub async fn mail(
    state: web::Data<AppState>,
    current: CurrentUser,
) -> Result<HttpResponse, PageError> {
    let messages = directory::recent_mail(&state, &current).await?;
    let note = "Messages are queued with the change that caused them and delivered in the background: over SMTP when SMTP_URL is set, otherwise into the outbox folder in the data dir.";
    Ok(html(StatusCode::OK, view::mail(&current, &messages, note)))
}

/// `GET /api/v1/mail`. Platform administrator.
pub async fn mail_api(
    state: web::Data<AppState>,
    current: CurrentUser,
) -> Result<HttpResponse, AppError> {
    let messages = directory::recent_mail(&state, &current).await?;
    Ok(HttpResponse::Ok().json(MailList {
        messages: messages.iter().map(MailOut::from).collect(),
    }))
}

/// `GET /centres/{centre_id}/audit`. Centre administrator.
pub async fn audit_page(
    state: web::Data<AppState>,
    current: CurrentUser,
    id: web::Path<CentreId>,
    query: web::Query<AuditQuery>,
) -> Result<HttpResponse, PageError> {
    let mut query = query.into_inner();
    // A page size that cannot be used in the address: the usual one.
    if audit_trail::per_page(&query).is_err() {
        query.per_page = None;
    }
    let trail = audit_trail::page(&state, &current, &id, &query).await?;
    let page = view::AuditPage {
        current: &current,
        centre: &trail.centre,
        entries: &trail.entries.entries,
        next: trail.entries.next,
        people: &trail.people,
        actions: &trail.actions,
        chosen: &query,
    };
    Ok(html(StatusCode::OK, view::audit(&page)))
}

crate::carries_csrf!(CentreForm);
