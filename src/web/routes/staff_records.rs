//! A person's staff record at a centre: their credentials, CPD and eligibility per unit, with
//! the forms that add to them. Access: the centre's administrators; the person themselves and
//! the centre's IQAs read it.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use serde::Deserialize;

use super::centres::Done;
use crate::actions::access::{
    require_centre_role, require_centre_visible, require_staff_record_editable,
};
use crate::actions::people::centre_people::{self as act, CpdInput, CredentialInput};
use crate::actions::people::directory;
use crate::actions::{ActionError, AppState};
use crate::domain::ids::{CentreId, UserId};
use crate::domain::roles::Role;
use crate::web::auth::CurrentUser;
use crate::web::auth::csrf::SignedInForm;
use crate::web::error::{AppError, PageError};
use crate::web::routes::respond::{html, see_other};
use crate::web::views::centre::{self as view, StaffPage};

async fn render_staff(
    state: &AppState,
    current: &CurrentUser,
    centre_id: &CentreId,
    user_id: &UserId,
    errors: &[crate::domain::people::FieldError],
    failed: &str,
    done: Option<&str>,
) -> Result<HttpResponse, PageError> {
    require_centre_visible(current, centre_id)?;
    let record = act::staff_record_of(state, current, user_id).await?;
    if !record.centres.iter().any(|c| c == centre_id) {
        return Err(AppError::NotFound(format!("user {user_id}")).into());
    }
    let centre = directory::visible_centre(state, current, centre_id).await?;
    let editable = require_staff_record_editable(current, &record.centres).is_ok();
    let page = StaffPage {
        current,
        curriculum: &state.curriculum,
        centre: &centre,
        record: &record,
        editable,
        errors,
        failed_form: failed,
        notice: crate::web::views::centre_notice::notice(done),
    };
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    Ok(html(status, view::staff(&page)))
}

/// `GET /centres/{centre_id}/people/{user_id}`. The person, or the centre's administrators and IQAs.
pub async fn staff(
    state: web::Data<AppState>,
    current: CurrentUser,
    path: web::Path<(CentreId, UserId)>,
    query: web::Query<Done>,
) -> Result<HttpResponse, PageError> {
    let (centre, user) = path.into_inner();
    render_staff(
        &state,
        &current,
        &centre,
        &user,
        &[],
        "",
        query.done.as_deref(),
    )
    .await
}

#[derive(Deserialize)]
pub struct CredentialForm {
    #[serde(default)]
    csrf_token: String,
    #[serde(default)]
    kind: String,
    #[serde(default)]
    code: String,
    #[serde(default)]
    statement: String,
    #[serde(default)]
    dated_on: String,
}

/// `POST /centres/{centre_id}/people/{user_id}/credentials`. Centre administrator.
pub async fn add_credential(
    state: web::Data<AppState>,
    path: web::Path<(CentreId, UserId)>,
    submitted: SignedInForm<CredentialForm>,
) -> Result<HttpResponse, PageError> {
    let (centre, user) = path.into_inner();
    let (current, form) = (submitted.current, submitted.form);
    require_centre_role(&current, &centre, &[Role::CentreAdmin])?;
    let input = CredentialInput {
        kind: form.kind,
        code: form.code,
        statement: form.statement,
        dated_on: form.dated_on,
    };
    match act::add_credential(&state, &current, &user, input).await {
        Ok(_) => Ok(see_other(format!(
            "/centres/{centre}/people/{user}?done=credential"
        ))),
        Err(ActionError::Invalid(errors)) => {
            render_staff(
                &state,
                &current,
                &centre,
                &user,
                &errors,
                "credential",
                None,
            )
            .await
        }
        Err(other) => Err(other.into()),
    }
}

#[derive(Deserialize)]
pub struct CpdForm {
    #[serde(default)]
    csrf_token: String,
    #[serde(default)]
    done_on: String,
    #[serde(default)]
    minutes: String,
    #[serde(default)]
    activity: String,
}

/// `POST /centres/{centre_id}/people/{user_id}/cpd`. The person or a centre administrator.
pub async fn add_cpd(
    state: web::Data<AppState>,
    path: web::Path<(CentreId, UserId)>,
    submitted: SignedInForm<CpdForm>,
) -> Result<HttpResponse, PageError> {
    let (centre, user) = path.into_inner();
    let (current, form) = (submitted.current, submitted.form);
    require_centre_visible(&current, &centre)?;
    let input = CpdInput {
        done_on: form.done_on,
        minutes: form.minutes,
        activity: form.activity,
    };
    match act::add_cpd(&state, &current, &user, input).await {
        Ok(_) => Ok(see_other(format!(
            "/centres/{centre}/people/{user}?done=cpd"
        ))),
        Err(ActionError::Invalid(errors)) => {
            render_staff(&state, &current, &centre, &user, &errors, "cpd", None).await
        }
        Err(other) => Err(other.into()),
    }
}

crate::carries_csrf!(CredentialForm, CpdForm);
