//! EQA pages: the overview of a centre for the qualifications granted, the EQA picking their own
//! sample, and the sample pack download (for centre administrators, IQAs and EQAs).

use actix_web::{HttpResponse, web};
use serde::Deserialize;

use crate::actions::AppState;
use crate::actions::eqa::overview::{self as act, PickInput};
use crate::domain::ids::CentreId;
use crate::web::api::eqa::{Which, pack_response};
use crate::web::auth::CurrentUser;
use crate::web::auth::csrf::SignedInForm;
use crate::web::error::{AppError, PageError};
use crate::web::routes::respond::{after_post, html, status_for};
use crate::web::views::eqa::{EqaPage, eqa as view};

#[derive(Deserialize, Default)]
pub struct OverviewQuery {
    #[serde(default)]
    qualification_id: Option<String>,
    #[serde(default)]
    done: Option<String>,
}

fn notice(done: Option<&str>) -> Option<&'static str> {
    match done {
        Some("picked") => {
            Some("The decisions are in your sample. The centre's IQA work is unchanged.")
        }
        _ => None,
    }
}

async fn render(
    state: &AppState,
    current: &CurrentUser,
    centre_id: &CentreId,
    qualification_id: Option<&str>,
    failure: Option<AppError>,
    done: Option<&str>,
    note: &str,
) -> Result<HttpResponse, PageError> {
    let overview = act::overview(state, current, centre_id, qualification_id).await?;
    let (errors, problem) = match &failure {
        Some(AppError::Invalid(errors)) => (errors.clone(), None),
        Some(other) => (Vec::new(), Some(other.detail())),
        None => (Vec::new(), None),
    };
    let page = EqaPage {
        current,
        curriculum: &state.curriculum,
        overview: &overview,
        errors: &errors,
        problem: problem.as_deref(),
        notice: notice(done),
        note,
    };
    Ok(html(status_for(failure.as_ref()), view(&page)))
}

/// `GET /centres/{centre_id}/eqa`
pub async fn overview(
    state: web::Data<AppState>,
    current: CurrentUser,
    centre: web::Path<CentreId>,
    query: web::Query<OverviewQuery>,
) -> Result<HttpResponse, PageError> {
    let q = query.into_inner();
    render(
        &state,
        &current,
        &centre,
        q.qualification_id.as_deref(),
        None,
        q.done.as_deref(),
        "",
    )
    .await
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct PickForm {
    csrf_token: String,
    judgement_ids: Vec<String>,
    note: String,
}

crate::carries_csrf!(PickForm);

/// `POST /centres/{centre_id}/eqa-samples`
pub async fn pick(
    state: web::Data<AppState>,
    centre: web::Path<CentreId>,
    submitted: SignedInForm<PickForm>,
) -> Result<HttpResponse, PageError> {
    let (current, form) = (submitted.current, submitted.form);
    let note = form.note.clone();
    let input = PickInput {
        judgement_ids: form.judgement_ids,
        note: form.note,
    };
    let result = act::pick(&state, &current, &centre, input).await;
    after_post(
        result,
        |_| format!("/centres/{centre}/eqa?done=picked"),
        |failure| render(&state, &current, &centre, None, Some(failure), None, &note),
    )
    .await
}

/// `GET /centres/{centre_id}/sample-pack.zip?qualification_id=…&sample=iqa|eqa`
pub async fn sample_pack(
    state: web::Data<AppState>,
    current: CurrentUser,
    centre: web::Path<CentreId>,
    which: web::Query<Which>,
) -> Result<HttpResponse, PageError> {
    Ok(pack_response(&state, &current, &centre, &which).await?)
}
