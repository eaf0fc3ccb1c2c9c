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
use crate::actions::assessment::caseload::check_per_page;
use crate::actions::people::centre_people::{self as act, Added, EqaGrantInput, NewPersonInput};
use crate::actions::people::directory;
use crate::actions::people::staff_list::PeopleQuery;
use crate::actions::people::wire::centres::PeopleParams;
use crate::web::auth::CurrentUser;
use crate::web::auth::csrf::SignedInForm;
use crate::web::error::PageError;
use crate::web::views::centre::{self as view, CentreDrafts, CentrePage};

pub use super::staff_records::{add_cpd, add_credential, staff};

#[derive(Deserialize, Default)]
pub struct Done {
    #[serde(default)]
    pub(super) done: Option<String>,
}

pub(super) async fn render_centre(
    state: &AppState,
    current: &CurrentUser,
    centre_id: &CentreId,
    form: (&[crate::domain::people::FieldError], &str, &CentreDrafts),
    done: Option<&str>,
) -> Result<HttpResponse, PageError> {
    let people = PeopleQuery::default();
    render_centre_with(state, current, centre_id, form, done, people).await
}

/// The centre page with the list of people `people` asks for (the first page when the place
/// it names is gone).
async fn render_centre_with(
    state: &AppState,
    current: &CurrentUser,
    centre_id: &CentreId,
    (errors, failed, drafts): (&[crate::domain::people::FieldError], &str, &CentreDrafts),
    done: Option<&str>,
    mut people: PeopleQuery,
) -> Result<HttpResponse, PageError> {
    let overview = match directory::centre_overview(state, current, centre_id, &people).await {
        Err(ActionError::Invalid(_)) if people.after.is_some() => {
            people.after = None;
            directory::centre_overview(state, current, centre_id, &people).await?
        }
        other => other?,
    };
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
        people_query: &people,
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
    params: web::Query<PeopleParams>,
) -> Result<HttpResponse, PageError> {
    let nothing = CentreDrafts::default();
    // What cannot be read in the address: the first page of the staff, with the words kept.
    let mut people = params.query().unwrap_or_else(|_| PeopleQuery {
        search: params.q.clone().filter(|q| !q.trim().is_empty()),
        ..PeopleQuery::default()
    });
    if check_per_page(people.per_page).is_err() {
        people.per_page = PeopleQuery::default().per_page;
    }
    let form = (&[][..], "", &nothing);
    render_centre_with(&state, &current, &id, form, query.done.as_deref(), people).await
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

crate::carries_csrf!(PersonForm, EqaForm, RetentionForm);
