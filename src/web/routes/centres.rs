//! A centre's pages for its administrators: people and roles, EQA access, staff records.
//! Access: centre administrator (platform administrator too); staff records also the person
//! themselves and the centre's IQAs (read-only).

use crate::actions::ActionError;
use crate::domain::ids::{CentreId, UserId};
use crate::web::routes::respond::{html, see_other};
use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use serde::Deserialize;

use crate::actions::AppState;
use crate::actions::access::{
    require_centre_role, require_centre_visible, require_staff_record_editable,
};
use crate::actions::people::centre_people::{
    self as act, Added, CpdInput, CredentialInput, EqaGrantInput, NewPersonInput,
};
use crate::actions::people::directory;
use crate::domain::roles::Role;
use crate::web::auth::CurrentUser;
use crate::web::auth::csrf::SignedInForm;
use crate::web::error::{AppError, PageError};
use crate::web::views::centre::{self as view, CentreDrafts, CentrePage, StaffPage};

#[derive(Deserialize, Default)]
pub struct Done {
    #[serde(default)]
    done: Option<String>,
}

pub(super) async fn render_centre(
    state: &AppState,
    current: &CurrentUser,
    centre_id: &CentreId,
    (errors, failed, drafts): (&[crate::domain::people::FieldError], &str, &CentreDrafts),
    done: Option<&str>,
) -> Result<HttpResponse, PageError> {
    let overview = directory::centre_overview(state, current, centre_id).await?;
    let (centre, everyone, grants, retention) = (
        overview.centre,
        overview.people,
        overview.grants,
        overview.retention,
    );
    let (two_step_policy, support) = (overview.two_step_policy, overview.support);
    let page = CentrePage {
        current,
        curriculum: &state.curriculum,
        centre: &centre,
        people: &everyone,
        grants: &grants,
        retention,
        two_step_policy,
        support: support.as_ref(),
        errors,
        notice: crate::web::views::centre_notice::notice(done),
        failed_form: failed,
        drafts,
    };
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    Ok(html(status, view::centre(&page)))
}

/// `GET /centres/{centre_id}`. Centre administrator.
pub async fn centre(
    state: web::Data<AppState>,
    current: CurrentUser,
    id: web::Path<CentreId>,
    query: web::Query<Done>,
) -> Result<HttpResponse, PageError> {
    let nothing = CentreDrafts::default();
    render_centre(
        &state,
        &current,
        &id,
        (&[], "", &nothing),
        query.done.as_deref(),
    )
    .await
}

#[derive(Deserialize)]
pub struct PersonForm {
    #[serde(default)]
    csrf_token: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    email: String,
    #[serde(default)]
    roles: Vec<String>,
}

/// `POST /centres/{centre_id}/people`. Centre administrator.
pub async fn add_person(
    state: web::Data<AppState>,
    id: web::Path<CentreId>,
    submitted: SignedInForm<PersonForm>,
) -> Result<HttpResponse, PageError> {
    let (current, form) = (submitted.current, submitted.form);
    let input = NewPersonInput {
        name: form.name,
        email: form.email,
        roles: form.roles,
    };
    // A platform administrator setting a new centre up hands it over with its first
    // administrator: the centre is theirs from then on (its page needs their support access).
    let hands_over = current.is_platform_admin()
        && !current.has_role(&id, crate::domain::roles::Role::CentreAdmin)
        && input
            .roles
            .iter()
            .any(|r| r == crate::domain::roles::Role::CentreAdmin.code());
    match act::add_person(&state, &current, &id, input.clone()).await {
        Ok(_) if hands_over => Ok(see_other("/admin?done=first-admin")),
        Ok(Added::Joined(_)) => Ok(see_other(format!("/centres/{id}?done=person"))),
        Ok(Added::Invited(_)) => Ok(see_other(format!("/centres/{id}?done=invited"))),
        Err(ActionError::Invalid(errors)) => {
            let drafts = CentreDrafts {
                person: input,
                ..CentreDrafts::default()
            };
            render_centre(&state, &current, &id, (&errors, "person", &drafts), None).await
        }
        Err(other) => Err(other.into()),
    }
}

#[derive(Deserialize)]
pub struct RetentionForm {
    #[serde(default)]
    csrf_token: String,
    #[serde(default)]
    years: String,
}

/// `POST /centres/{centre_id}/retention`. Centre administrator.
pub async fn set_retention(
    state: web::Data<AppState>,
    id: web::Path<CentreId>,
    submitted: SignedInForm<RetentionForm>,
) -> Result<HttpResponse, PageError> {
    use crate::domain::retention::RetentionYears;
    let (current, form) = (submitted.current, submitted.form);
    let years = RetentionYears::parse("years", &form.years);
    match crate::actions::claims::records::set_retention(&state, &current, &id, years).await {
        Ok(_) => Ok(see_other(format!("/centres/{id}?done=retention#retention"))),
        Err(ActionError::Invalid(errors)) => {
            let nothing = CentreDrafts::default();
            render_centre(
                &state,
                &current,
                &id,
                (&errors, "retention", &nothing),
                None,
            )
            .await
        }
        Err(other) => Err(other.into()),
    }
}

#[derive(Deserialize)]
pub struct EqaForm {
    #[serde(default)]
    csrf_token: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    email: String,
    #[serde(default)]
    qualification_id: String,
    #[serde(default)]
    until: String,
}

/// `POST /centres/{centre_id}/eqa-grants`. Centre administrator.
pub async fn grant_eqa(
    state: web::Data<AppState>,
    id: web::Path<CentreId>,
    submitted: SignedInForm<EqaForm>,
) -> Result<HttpResponse, PageError> {
    let (current, form) = (submitted.current, submitted.form);
    let input = EqaGrantInput {
        name: form.name,
        email: form.email,
        qualification_id: form.qualification_id,
        until: form.until,
    };
    match act::grant_eqa(&state, &current, &id, input.clone()).await {
        Ok(_) => Ok(see_other(format!("/centres/{id}?done=eqa"))),
        Err(ActionError::Invalid(errors)) => {
            let drafts = CentreDrafts {
                eqa: input,
                ..CentreDrafts::default()
            };
            render_centre(&state, &current, &id, (&errors, "eqa", &drafts), None).await
        }
        Err(other) => Err(other.into()),
    }
}

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

/// `GET /centres/{centre_id}/people/{user_id}/roles/{role}/remove`: what removing the role does,
/// with the button that does it. Centre administrator.
pub async fn confirm_role_removal(
    state: web::Data<AppState>,
    current: CurrentUser,
    path: web::Path<(CentreId, UserId, String)>,
) -> Result<HttpResponse, PageError> {
    let (centre, user, role) = path.into_inner();
    let removal = act::preview_role_removal(&state, &current, &centre, &user, &role).await?;
    let staff_record = format!("/centres/{centre}/people/{user}");
    let page = crate::web::views::role_removal::RoleRemovalPage {
        current: &current,
        staff_record: &staff_record,
        removal: &removal,
    };
    Ok(html(
        StatusCode::OK,
        crate::web::views::role_removal::page(&page),
    ))
}

/// `POST /centres/{centre_id}/people/{user_id}/roles/{role}/remove`. Centre administrator.
pub async fn remove_role(
    state: web::Data<AppState>,
    path: web::Path<(CentreId, UserId, String)>,
    submitted: SignedInForm<crate::web::routes::account::CsrfOnly>,
) -> Result<HttpResponse, PageError> {
    let (centre, user, role) = path.into_inner();
    act::remove_role(&state, &submitted.current, &centre, &user, &role).await?;
    Ok(see_other(format!("/centres/{centre}?done=role")))
}

crate::carries_csrf!(PersonForm, EqaForm, CredentialForm, CpdForm, RetentionForm);
