//! The resources page and its forms: add text, a link or a recording's address, upload a file or
//! recording (checked as evidence files are), edit or hide a resource, and download a file.

use actix_web::{HttpRequest, HttpResponse, web};
use serde::Deserialize;

use crate::actions::AppState;
use crate::actions::access::require_centre_role;
use crate::actions::learning::programmes::BUILDERS;
use crate::actions::learning::resource_upload::file_of;
use crate::actions::learning::resources as act;
use crate::domain::ids::{CentreId, QualificationId, ResourceId};
use crate::domain::people::FieldError;
use crate::domain::resource::ResourceInput;
use crate::web::auth::CurrentUser;
use crate::web::auth::csrf::{SignedInForm, same_origin};
use crate::web::error::{AppError, PageError};
use crate::web::routes::programmes::{qualifications, split, texts};
use crate::web::routes::respond::{after_post, html, status_for};
use crate::web::sent_file::attachment;
use crate::web::upload::receive_resource;
use crate::web::views::knowledge_checks::Frame;
use crate::web::views::resources::{self as view, Listing};
use actix_web::http::header::Range;

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct Query {
    qualification_id: String,
    done: Option<String>,
}

fn notice(done: Option<&str>) -> Option<&'static str> {
    match done {
        Some("added") => Some("The resource is added."),
        Some("saved") => Some("The resource is saved."),
        _ => None,
    }
}

async fn resources_page(
    state: &AppState,
    current: &CurrentUser,
    centre_id: &CentreId,
    qualification_id: &str,
    failure: Option<AppError>,
    done: Option<&str>,
) -> Result<HttpResponse, PageError> {
    let chosen = Some(qualification_id).filter(|q| !q.is_empty());
    let items = match chosen.map(QualificationId::parse).transpose() {
        Ok(qualification) => act::list(state, current, centre_id, qualification.as_ref()).await?,
        // What cannot be an id names no qualification: no resource serves it.
        Err(_) => act::list(state, current, centre_id, None)
            .await
            .map(|_| Vec::new())?,
    };
    let quals = qualifications(&state.curriculum);
    let mut outcomes: Vec<(String, String)> = Vec::new();
    for (q, _) in quals.iter().filter(|(q, _)| chosen.is_none_or(|c| c == q)) {
        for o in texts(&state.curriculum, q).outcomes {
            if !outcomes.iter().any(|(id, _)| *id == o.0) {
                outcomes.push(o);
            }
        }
    }
    let builder =
        current.supports(centre_id) || BUILDERS.iter().any(|r| current.has_role(centre_id, *r));
    let (errors, problem) = split(failure.as_ref());
    let frame = Frame {
        current,
        errors: &errors,
        problem: problem.as_deref(),
        notice: notice(done),
    };
    let listing = Listing {
        centre_id,
        items: &items,
        outcomes: &outcomes,
        qualifications: &quals,
        qualification_id: chosen.unwrap_or(""),
        builder,
    };
    Ok(html(
        status_for(failure.as_ref()),
        view::page(&frame, &listing),
    ))
}

/// `GET /centres/{centre_id}/resources?qualification_id=`
pub async fn list(
    state: web::Data<AppState>,
    current: CurrentUser,
    id: web::Path<CentreId>,
    query: web::Query<Query>,
) -> Result<HttpResponse, PageError> {
    let q = query.into_inner();
    resources_page(
        &state,
        &current,
        &id,
        &q.qualification_id,
        None,
        q.done.as_deref(),
    )
    .await
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct ResourceForm {
    csrf_token: String,
    qualification_id: String,
    kind: String,
    title: String,
    body: String,
    url: String,
    outcome_ids: Vec<String>,
    lived_experience: String,
    credit: String,
    hidden: String,
}

impl ResourceForm {
    fn input(self) -> ResourceInput {
        let ticked = |v: &str| matches!(v, "true" | "on" | "1");
        ResourceInput {
            qualification_id: self.qualification_id,
            kind: self.kind,
            title: self.title,
            body: self.body,
            url: Some(self.url).filter(|u| !u.trim().is_empty()),
            outcome_ids: self.outcome_ids,
            lived_experience: ticked(&self.lived_experience),
            credit: Some(self.credit).filter(|c| !c.trim().is_empty()),
            hidden: ticked(&self.hidden),
        }
    }
}

/// After a resource form: back to the list, or the list again with the refusal.
async fn after<T>(
    state: &AppState,
    current: &CurrentUser,
    centre_id: &CentreId,
    qualification_id: &str,
    result: Result<T, AppError>,
    done: &str,
) -> Result<HttpResponse, PageError> {
    let query =
        serde_html_form::to_string([("qualification_id", qualification_id), ("done", done)])
            .unwrap_or_default();
    after_post(
        result,
        |_| format!("/centres/{centre_id}/resources?{query}"),
        |failure| {
            resources_page(
                state,
                current,
                centre_id,
                qualification_id,
                Some(failure),
                None,
            )
        },
    )
    .await
}

/// `POST /centres/{centre_id}/resources` (text, a link, a recording's address)
pub async fn create(
    state: web::Data<AppState>,
    id: web::Path<CentreId>,
    submitted: SignedInForm<ResourceForm>,
) -> Result<HttpResponse, PageError> {
    let (current, f) = (submitted.current, submitted.form);
    let qualification = f.qualification_id.clone();
    let result = act::create(&state, &current, &id, f.input(), None).await;
    after(
        &state,
        &current,
        &id,
        &qualification,
        result.map_err(AppError::from),
        "added",
    )
    .await
}

/// `POST /centres/{centre_id}/resources/upload` (multipart: `csrf_token` first, the fields, then
/// `file`)
pub async fn upload(
    state: web::Data<AppState>,
    current: CurrentUser,
    request: HttpRequest,
    id: web::Path<CentreId>,
    form: actix_multipart::Multipart,
) -> Result<HttpResponse, PageError> {
    if !same_origin(&request) {
        return Err(AppError::Forbidden.into());
    }
    require_centre_role(&current, &id, BUILDERS)?;
    let csrf = current.session.csrf_token.clone();
    let result = match receive_resource(&state, form, Some(&csrf)).await {
        Ok((input, file)) => {
            let qualification = input.qualification_id.clone();
            let created = act::create(&state, &current, &id, input, file).await;
            return after(
                &state,
                &current,
                &id,
                &qualification,
                created.map_err(AppError::from),
                "added",
            )
            .await;
        }
        Err(error @ (AppError::UnsupportedMediaType(_) | AppError::PayloadTooLarge(_))) => Err(
            AppError::Invalid(vec![FieldError::new("file", &error.to_string())]),
        ),
        Err(other) => Err::<(), _>(other),
    };
    after(&state, &current, &id, "", result, "added").await
}

/// `POST /centres/{centre_id}/resources/{resource_id}`: edit or hide (a starter one by its id).
pub async fn edit(
    state: web::Data<AppState>,
    path: web::Path<(CentreId, ResourceId)>,
    submitted: SignedInForm<ResourceForm>,
) -> Result<HttpResponse, PageError> {
    let (current, f) = (submitted.current, submitted.form);
    let (centre, resource) = path.into_inner();
    let result = act::edit(&state, &current, &centre, &resource, f.input()).await;
    after(
        &state,
        &current,
        &centre,
        "",
        result.map_err(AppError::from),
        "saved",
    )
    .await
}

/// `GET /centres/{centre_id}/resources/{resource_id}/file`
pub async fn file(
    state: web::Data<AppState>,
    current: CurrentUser,
    path: web::Path<(CentreId, ResourceId)>,
    range: Option<web::Header<Range>>,
) -> Result<HttpResponse, PageError> {
    let (centre, resource) = path.into_inner();
    let row = act::file_of(&state, &current, &centre, &resource).await?;
    Ok(attachment(file_of(&state, &row).await?, range.as_deref()))
}

crate::carries_csrf!(ResourceForm);
