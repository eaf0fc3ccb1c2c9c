//! S4 open-learning authentication pages. Reading: whoever may see the registration. Naming the
//! authenticator: a centre administrator. Emailing them a link: the allocated assessor. The
//! authenticator's own page: whoever holds the emailed link (no account; the link is the
//! permission).

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use serde::Deserialize;

use crate::actions::ActionError;
use crate::actions::AppState;
use crate::actions::access::require_allocated_assessor;
use crate::actions::assessment::authentication as act;
use crate::actions::assessment::authentication_link as link;
use crate::domain::authentication::SignFields;
use crate::domain::ids::{CentreId, RegistrationId};
use crate::domain::registration::RegistrationStatus;
use crate::domain::roles::Role;
use crate::domain::witness::LinkState;
use crate::web::auth::CurrentUser;
use crate::web::auth::csrf::{SignedInForm, same_origin, tokens_match};
use crate::web::error::{AppError, PageError};
use crate::web::routes::respond::{html, see_other};
use crate::web::views::authentication::{self as view, LinkPage, StatusPage};
use crate::web::views::witness_link::problem as link_problem_page;

#[derive(Deserialize, Default)]
pub struct Done {
    #[serde(default)]
    done: Option<String>,
}

fn notice(done: Option<&str>) -> Option<&'static str> {
    match done {
        Some("asked") => Some(
            "The authenticator has been emailed a link listing the outstanding items. You will be told when they sign.",
        ),
        Some("named") => Some("The authenticator is saved."),
        _ => None,
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct NameForm {
    csrf_token: String,
    authenticator: String,
    authenticator_role: String,
    authenticator_email: String,
}

async fn render(
    state: &AppState,
    current: &CurrentUser,
    id: &RegistrationId,
    named: &NameForm,
    failure: Option<AppError>,
    done: Option<&str>,
) -> Result<HttpResponse, PageError> {
    let status = act::status(state, current, id).await?;
    let r = &status.registration;
    let active = r.open_learning && r.status == RegistrationStatus::Active;
    let can_request = active
        && require_allocated_assessor(current, r).is_ok()
        && status.authenticator.is_some()
        && status.outstanding().next().is_some();
    let can_name = active
        && current.has_role(
            &CentreId::from_stored(r.centre_id.as_str()),
            Role::CentreAdmin,
        );
    let (errors, problem) = match &failure {
        Some(AppError::Invalid(errors)) => (errors.clone(), None),
        Some(other) => (Vec::new(), Some(other.detail())),
        None => (Vec::new(), None),
    };
    let typed = if failure.is_some() {
        (
            named.authenticator.as_str(),
            named.authenticator_role.as_str(),
            named.authenticator_email.as_str(),
        )
    } else {
        match &status.authenticator {
            Some(a) => (a.name.as_str(), a.role.as_str(), a.email.as_str()),
            None => (r.authenticator.as_deref().unwrap_or(""), "", ""),
        }
    };
    let page = StatusPage {
        current,
        status: &status,
        can_request,
        can_name,
        named: typed,
        errors: &errors,
        problem: problem.as_deref(),
        notice: notice(done),
    };
    let code = super::respond::status_for(failure.as_ref());
    Ok(html(code, view::status(&page)))
}

/// `GET /registrations/{registration_id}/authentication`.
pub async fn page(
    state: web::Data<AppState>,
    current: CurrentUser,
    id: web::Path<RegistrationId>,
    query: web::Query<Done>,
) -> Result<HttpResponse, PageError> {
    let blank = NameForm::default();
    render(&state, &current, &id, &blank, None, query.done.as_deref()).await
}

/// `POST /registrations/{registration_id}/authenticator`. A centre administrator.
pub async fn name(
    state: web::Data<AppState>,
    id: web::Path<RegistrationId>,
    submitted: SignedInForm<NameForm>,
) -> Result<HttpResponse, PageError> {
    let (current, f) = (submitted.current, submitted.form);
    let done = act::set_authenticator(
        &state,
        &current,
        &id,
        &f.authenticator,
        &f.authenticator_role,
        &f.authenticator_email,
    )
    .await;
    match done {
        Ok(_) => Ok(see_other(format!(
            "/registrations/{id}/authentication?done=named"
        ))),
        Err(error @ (ActionError::Invalid(_) | ActionError::Conflict(_))) => {
            render(&state, &current, &id, &f, Some(error.into()), None).await
        }
        Err(other) => Err(other.into()),
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct AskForm {
    csrf_token: String,
}

/// `POST /registrations/{registration_id}/authentication-requests`. The allocated assessor.
pub async fn ask(
    state: web::Data<AppState>,
    id: web::Path<RegistrationId>,
    submitted: SignedInForm<AskForm>,
) -> Result<HttpResponse, PageError> {
    let current = submitted.current;
    match act::request(&state, &current, &id).await {
        Ok(_) => Ok(see_other(format!(
            "/registrations/{id}/authentication?done=asked"
        ))),
        Err(error @ (ActionError::Invalid(_) | ActionError::Conflict(_))) => {
            let blank = NameForm::default();
            render(&state, &current, &id, &blank, Some(error.into()), None).await
        }
        Err(other) => Err(other.into()),
    }
}

fn link_problem(error: ActionError) -> Result<HttpResponse, PageError> {
    match AppError::from(error) {
        problem @ AppError::Link { .. } => Ok(html(
            actix_web::ResponseError::status_code(&problem),
            link_problem_page(&problem.to_string()),
        )),
        other => Err(other.into()),
    }
}

async fn render_link(
    state: &AppState,
    token: &str,
    fields: &SignFields,
    failure: Option<AppError>,
) -> Result<HttpResponse, PageError> {
    let v = match link::open(state, token).await {
        Ok(v) if v.link == LinkState::Expired => {
            return link_problem(ActionError::LinkExpired {
                expired_on: v.request.link_expires_at.format("%-d %B %Y").to_string(),
                ask: "the learner's assessor".to_owned(),
            });
        }
        Ok(v) => v,
        Err(error) => return link_problem(error),
    };
    let errors = match &failure {
        Some(AppError::Invalid(errors)) => errors.clone(),
        _ => Vec::new(),
    };
    let action = format!("/authenticate/{token}");
    let page = LinkPage {
        view: &v,
        action: &action,
        fields,
        errors: &errors,
    };
    let code = super::respond::status_for(failure.as_ref());
    Ok(html(code, view::link(&page)))
}

/// `GET /authenticate/{token}`. Whoever holds the link.
pub async fn link_page(
    state: web::Data<AppState>,
    token: web::Path<String>,
) -> Result<HttpResponse, PageError> {
    render_link(&state, &token, &SignFields::default(), None).await
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct LinkIdField {
    link_id: String,
}

/// `POST /authenticate/{token}`. As the witness's link: no session, the origin checked, and the
/// form must carry the link's id.
pub async fn link_sign(
    state: web::Data<AppState>,
    request: HttpRequest,
    token: web::Path<String>,
    body: web::Bytes,
) -> Result<HttpResponse, PageError> {
    if !same_origin(&request) {
        return Err(AppError::Forbidden.into());
    }
    let unreadable = |_| {
        AppError::BadRequest(
            "The form could not be read. Go back, reload the page and try again.".to_owned(),
        )
    };
    let form: LinkIdField = serde_html_form::from_bytes(&body).map_err(unreadable)?;
    let fields: SignFields = serde_html_form::from_bytes(&body).map_err(unreadable)?;
    let v = match link::open(&state, &token).await {
        Ok(v) => v,
        Err(error) => return link_problem(error),
    };
    if !tokens_match(&form.link_id, &v.link_id) {
        return Err(AppError::Forbidden.into());
    }
    match link::sign(&state, &token, &fields).await {
        Ok(_) => Ok(see_other(format!("/authenticate/{token}"))),
        Err(error @ ActionError::Invalid(_)) => {
            render_link(&state, &token, &fields, Some(error.into())).await
        }
        Err(ActionError::LinkUsed) => {
            let mut response = render_link(&state, &token, &fields, None).await?;
            *response.status_mut() = StatusCode::GONE;
            Ok(response)
        }
        Err(other) => link_problem(other),
    }
}

crate::carries_csrf!(NameForm, AskForm);
