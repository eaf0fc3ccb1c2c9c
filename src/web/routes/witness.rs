//! Testimony pages. Asking: the learner or their assessor. Reading: whoever may see the
//! registration. Deciding: the allocated assessor. The witness's own page: whoever holds the
//! emailed link (no account; the link is the permission).

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use serde::Deserialize;

use crate::actions::ActionError;
use crate::actions::AppState;
use crate::actions::access::require_evidence_writer;
use crate::actions::assessment::witness::{self as act, DecisionFields};
use crate::actions::assessment::witness_link::{self as link};
use crate::domain::ids::{RegistrationId, TestimonyRequestId};
use crate::domain::people::FieldError;
use crate::domain::registration::RegistrationStatus;
use crate::domain::witness::RequestStatus;
use crate::domain::witness::{AnswerFields, LinkState, RequestFields};
use crate::web::auth::CurrentUser;
use crate::web::auth::csrf::{SignedInForm, same_origin, tokens_match};
use crate::web::client_address::client_address;
use crate::web::error::{AppError, PageError};
use crate::web::routes::respond::{html, see_other};
use crate::web::views::witness::{self as view, RequestsPage, TestimonyPage};
use crate::web::views::witness_link::{self as link_view, WitnessPage};

#[derive(Deserialize, Default)]
pub struct Done {
    #[serde(default)]
    done: Option<String>,
}

fn notice(done: Option<&str>) -> Option<&'static str> {
    match done {
        Some("asked") => {
            Some("The witness has been emailed a link. You will be told when they sign.")
        }
        Some("accepted") => Some(
            "The testimony is accepted: it is now an evidence item, mapped to the criteria you chose.",
        ),
        Some("rejected") => Some("The testimony is not accepted. The learner has been told why."),
        _ => None,
    }
}

async fn render_requests(
    state: &AppState,
    current: &CurrentUser,
    registration_id: &RegistrationId,
    fields: &RequestFields,
    errors: &[FieldError],
    done: Option<&str>,
) -> Result<HttpResponse, PageError> {
    let (registration, learner_name, requests) = act::list(state, current, registration_id).await?;
    let can_ask = require_evidence_writer(current, &registration).is_ok()
        && registration.status == RegistrationStatus::Active;
    let page = RequestsPage {
        current,
        curriculum: &state.curriculum,
        registration: &registration,
        learner_name: &learner_name,
        requests: &requests,
        can_ask,
        fields,
        errors,
        notice: notice(done),
    };
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    Ok(html(status, view::requests(&page)))
}

/// `GET /registrations/{registration_id}/testimony`.
pub async fn requests(
    state: web::Data<AppState>,
    current: CurrentUser,
    id: web::Path<RegistrationId>,
    query: web::Query<Done>,
) -> Result<HttpResponse, PageError> {
    render_requests(
        &state,
        &current,
        &id,
        &RequestFields::default(),
        &[],
        query.done.as_deref(),
    )
    .await
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct RequestForm {
    csrf_token: String,
    witness_name: String,
    witness_email: String,
    witness_role: String,
    relationship: String,
    expert: bool,
    criteria: Vec<String>,
    activity: String,
}

impl RequestForm {
    fn fields(self) -> RequestFields {
        RequestFields {
            witness_name: self.witness_name,
            witness_email: self.witness_email,
            witness_role: self.witness_role,
            relationship: self.relationship,
            expert: self.expert,
            criteria: self.criteria,
            activity: self.activity,
        }
    }
}

/// `POST /registrations/{registration_id}/testimony-requests`.
pub async fn ask(
    state: web::Data<AppState>,
    id: web::Path<RegistrationId>,
    submitted: SignedInForm<RequestForm>,
) -> Result<HttpResponse, PageError> {
    let (current, fields) = (submitted.current, submitted.form.fields());
    match act::request_testimony(&state, &current, &id, &fields).await {
        Ok(_) => Ok(see_other(format!(
            "/registrations/{id}/testimony?done=asked"
        ))),
        Err(ActionError::Invalid(errors)) => {
            render_requests(&state, &current, &id, &fields, &errors, None).await
        }
        Err(other) => Err(other.into()),
    }
}

async fn render_testimony(
    state: &AppState,
    current: &CurrentUser,
    id: &TestimonyRequestId,
    failure: Option<AppError>,
    done: Option<&str>,
) -> Result<HttpResponse, PageError> {
    let v = act::view(state, current, id).await?;
    let can_decide = crate::actions::access::require_allocated_assessor(current, &v.registration)
        .is_ok()
        && v.request.status == RequestStatus::Signed;
    let (errors, problem) = match &failure {
        Some(AppError::Invalid(errors)) => (errors.clone(), None),
        Some(other) => (Vec::new(), Some(other.detail())),
        None => (Vec::new(), None),
    };
    let page = TestimonyPage {
        current,
        curriculum: &state.curriculum,
        view: &v,
        can_decide,
        errors: &errors,
        problem: problem.as_deref(),
        notice: notice(done),
    };
    let status = super::respond::status_for(failure.as_ref());
    Ok(html(status, view::testimony(&page)))
}

/// `GET /testimony/{request_id}`.
pub async fn testimony(
    state: web::Data<AppState>,
    current: CurrentUser,
    id: web::Path<TestimonyRequestId>,
    query: web::Query<Done>,
) -> Result<HttpResponse, PageError> {
    render_testimony(&state, &current, &id, None, query.done.as_deref()).await
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct DecisionForm {
    csrf_token: String,
    decision: String,
    reason: String,
    criteria: Vec<String>,
}

/// `POST /testimony/{request_id}/decision`. The allocated assessor.
pub async fn decide(
    state: web::Data<AppState>,
    id: web::Path<TestimonyRequestId>,
    submitted: SignedInForm<DecisionForm>,
) -> Result<HttpResponse, PageError> {
    let (current, form) = (submitted.current, submitted.form);
    let fields = DecisionFields {
        decision: form.decision,
        reason: form.reason,
        criteria: Some(form.criteria),
    };
    match act::decide(&state, &current, &id, &fields).await {
        Ok(v) => Ok(see_other(format!(
            "/testimony/{id}?done={}",
            v.request.status
        ))),
        Err(error @ (ActionError::Invalid(_) | ActionError::Conflict(_))) => {
            render_testimony(&state, &current, &id, Some(AppError::from(error)), None).await
        }
        Err(other) => Err(other.into()),
    }
}

/// A link that cannot be used, as a page with its status.
fn link_problem(error: ActionError) -> Result<HttpResponse, PageError> {
    match AppError::from(error) {
        problem @ AppError::Link { .. } => Ok(html(
            actix_web::ResponseError::status_code(&problem),
            link_view::problem(&problem.to_string()),
        )),
        other => Err(other.into()),
    }
}

async fn render_link(
    state: &AppState,
    token: &str,
    fields: &AnswerFields,
    failure: Option<AppError>,
) -> Result<HttpResponse, PageError> {
    let v = match link::open(state, token).await {
        Ok(v) if v.link == LinkState::Expired => {
            return link_problem(link::expired(state, &v).await);
        }
        Ok(v) => v,
        Err(error) => return link_problem(error),
    };
    let (errors, problem) = match &failure {
        Some(AppError::Invalid(errors)) => (errors.clone(), None),
        Some(other) => (Vec::new(), Some(other.detail())),
        None => (Vec::new(), None),
    };
    let action = format!("/witness/{token}");
    let page = WitnessPage {
        curriculum: &state.curriculum,
        view: &v,
        action: &action,
        fields,
        errors: &errors,
        problem: problem.as_deref(),
    };
    let status = super::respond::status_for(failure.as_ref());
    Ok(html(status, link_view::page(&page)))
}

/// A post through a used link: what was signed, read-only, as 410 Gone.
async fn used(state: &AppState, token: &str) -> Result<HttpResponse, PageError> {
    let mut response = render_link(state, token, &AnswerFields::default(), None).await?;
    *response.status_mut() = StatusCode::GONE;
    Ok(response)
}

/// `GET /witness/{token}`. Whoever holds the link.
pub async fn witness_page(
    state: web::Data<AppState>,
    token: web::Path<String>,
) -> Result<HttpResponse, PageError> {
    render_link(&state, &token, &AnswerFields::default(), None).await
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct LinkIdField {
    link_id: String,
}

/// `POST /witness/{token}`. No session: the link in the path is the permission, and nothing in a
/// cookie can stand for it, so another site cannot post for the witness. The origin is still
/// checked, and the form must carry the link's id (it was served for this link and no other).
pub async fn witness_sign(
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
    // The same body read twice: the link's id, and the answer (each ignores the other's fields).
    let form: LinkIdField = serde_html_form::from_bytes(&body).map_err(unreadable)?;
    let fields: AnswerFields = serde_html_form::from_bytes(&body).map_err(unreadable)?;
    let v = match link::open_for_answer(&state, &token).await {
        Ok(v) => v,
        Err(ActionError::LinkUsed) => return used(&state, &token).await,
        Err(error) => return link_problem(error),
    };
    if !tokens_match(&form.link_id, &v.link_id) {
        return Err(AppError::Forbidden.into());
    }
    match link::answer(&state, &token, &fields, &client_address(&request)).await {
        Ok(_) => Ok(see_other(format!("/witness/{token}"))),
        Err(error @ (ActionError::Invalid(_) | ActionError::Rule(_))) => {
            render_link(&state, &token, &fields, Some(error.into())).await
        }
        Err(ActionError::LinkUsed) => used(&state, &token).await,
        Err(other) => link_problem(other),
    }
}

crate::carries_csrf!(RequestForm, DecisionForm);
