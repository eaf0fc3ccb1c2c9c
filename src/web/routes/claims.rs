//! Certification claim pages for a centre administrator, and the achievement record download.

use actix_web::{HttpResponse, web};
use serde::Deserialize;

use crate::actions::assessment::caseload::check_per_page;
use crate::actions::claims::claim::{self as act, Certificate};
use crate::actions::claims::claim_documents as docs;
use crate::actions::claims::claims_page;
use crate::actions::people::registration_list::RegistrationListQuery;
use crate::actions::people::wire::registrations::RegistrationListParams;
use crate::actions::{ActionError, AppState};
use crate::domain::claims::ClaimStatus;
use crate::domain::ids::{CentreId, ClaimId, RegistrationId};
use crate::web::api::claims::attachment;
use crate::web::auth::CurrentUser;
use crate::web::auth::csrf::SignedInForm;
use crate::web::error::{AppError, PageError};
use crate::web::routes::respond::{after_post, html, status_for};
use crate::web::views::claims::{self as view, ClaimPage, ClaimsPage};

fn qualification_title(state: &AppState, id: &str) -> String {
    state.curriculum.qualification(id).map_or_else(
        || id.to_owned(),
        |(_, q)| format!("{} {}", q.number, q.title),
    )
}

fn split(failure: Option<&AppError>) -> (Vec<crate::domain::people::FieldError>, Option<String>) {
    match failure {
        Some(AppError::Invalid(errors)) => (errors.clone(), None),
        Some(other) => (Vec::new(), Some(other.detail())),
        None => (Vec::new(), None),
    }
}

async fn render_list(
    state: &AppState,
    current: &CurrentUser,
    centre_id: &CentreId,
    failure: Option<AppError>,
    mut query: RegistrationListQuery,
) -> Result<HttpResponse, PageError> {
    let overview = match claims_page::overview(state, current, centre_id, &query).await {
        // A place in the list that is gone (a learner moved meanwhile): the first page.
        Err(ActionError::Invalid(_)) if query.after.is_some() => {
            query.after = None;
            claims_page::overview(state, current, centre_id, &query).await?
        }
        other => other?,
    };
    let mut qualifications: Vec<(String, String)> = overview
        .ready
        .iter()
        .map(|c| c.registration.qualification_id.clone())
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .map(|id| (id.clone(), qualification_title(state, &id)))
        .collect();
    qualifications.sort();
    let (errors, problem) = split(failure.as_ref());
    let titles = state
        .curriculum
        .qualifications()
        .map(|(_, q)| (q.id.clone(), format!("{} {}", q.number, q.title)))
        .collect();
    let page = ClaimsPage {
        titles: &titles,
        current,
        curriculum: &state.curriculum,
        centre_id,
        overview: &overview,
        query: &query,
        qualifications: &qualifications,
        errors: &errors,
        problem: problem.as_deref(),
    };
    Ok(html(status_for(failure.as_ref()), view::claims_page(&page)))
}

/// `GET /centres/{centre_id}/claims`: everyone ready, and a page of the learners (`?q=`,
/// `status`, `after`, `per_page`) with what each still needs.
pub async fn list(
    state: web::Data<AppState>,
    current: CurrentUser,
    centre_id: web::Path<CentreId>,
    params: web::Query<RegistrationListParams>,
) -> Result<HttpResponse, PageError> {
    // What cannot be read in the address: the first page, with the words kept.
    let mut query = params.query().unwrap_or_else(|_| RegistrationListQuery {
        search: params.q.clone().filter(|q| !q.trim().is_empty()),
        ..RegistrationListQuery::default()
    });
    if check_per_page(query.per_page).is_err() {
        query.per_page = RegistrationListQuery::default().per_page;
    }
    render_list(&state, &current, &centre_id, None, query).await
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct NewClaimForm {
    csrf_token: String,
    registration_ids: Vec<String>,
}

/// `POST /centres/{centre_id}/claims`
pub async fn create(
    state: web::Data<AppState>,
    centre_id: web::Path<CentreId>,
    submitted: SignedInForm<NewClaimForm>,
) -> Result<HttpResponse, PageError> {
    let current = submitted.current;
    let result = match act::chosen_registrations(submitted.form.registration_ids) {
        Ok(ids) => act::create(&state, &current, &centre_id, ids).await,
        Err(e) => Err(e),
    };
    after_post(
        result,
        |claim| format!("/claims/{}?done=made", claim.id),
        |failure| {
            let query = RegistrationListQuery::default();
            render_list(&state, &current, &centre_id, Some(failure), query)
        },
    )
    .await
}

#[derive(Deserialize, Default)]
pub struct Done {
    #[serde(default)]
    done: Option<String>,
}

fn notice(done: Option<&str>) -> Option<&'static str> {
    match done {
        Some("made") => {
            Some("The draft claim is made. Check it, download the claim file, then submit it.")
        }
        Some("submitted") => Some("The claim is submitted. The learners' records are locked."),
        Some("certificated") => Some("The certificates are recorded."),
        Some("returned") => {
            Some("The claim is marked returned. Its learners can be claimed again once ready.")
        }
        _ => None,
    }
}

async fn render_claim(
    state: &AppState,
    current: &CurrentUser,
    claim_id: &ClaimId,
    failure: Option<AppError>,
    done: Option<&str>,
) -> Result<HttpResponse, PageError> {
    let claim = act::get(state, current, claim_id).await?;
    let (errors, problem) = split(failure.as_ref());
    let qualification = qualification_title(state, &claim.claim.qualification_id);
    let today = state.clock.now().date_naive().to_string();
    let page = ClaimPage {
        current,
        curriculum: &state.curriculum,
        view: &claim,
        qualification: &qualification,
        errors: &errors,
        problem: problem.as_deref(),
        notice: notice(done),
        today: &today,
    };
    Ok(html(status_for(failure.as_ref()), view::claim_page(&page)))
}

/// `GET /claims/{claim_id}`
pub async fn show(
    state: web::Data<AppState>,
    current: CurrentUser,
    claim_id: web::Path<ClaimId>,
    query: web::Query<Done>,
) -> Result<HttpResponse, PageError> {
    render_claim(&state, &current, &claim_id, None, query.done.as_deref()).await
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct StepForm {
    csrf_token: String,
    reason: Option<String>,
    registration_id: Vec<String>,
    certificate_number: Vec<String>,
    certificated_on: Vec<String>,
}

async fn step(
    state: &AppState,
    claim_id: &ClaimId,
    submitted: SignedInForm<StepForm>,
    to: ClaimStatus,
) -> Result<HttpResponse, PageError> {
    let (current, form) = (submitted.current, submitted.form);
    let certificates = form
        .registration_id
        .iter()
        .enumerate()
        .map(|(i, id)| Certificate {
            registration_id: id.clone(),
            number: form.certificate_number.get(i).cloned().unwrap_or_default(),
            issued_on: form.certificated_on.get(i).cloned().unwrap_or_default(),
        })
        .collect();
    let result = act::advance(state, &current, claim_id, to, certificates, form.reason).await;
    after_post(
        result,
        |_| format!("/claims/{claim_id}?done={}", to.as_str()),
        |failure| render_claim(state, &current, claim_id, Some(failure), None),
    )
    .await
}

crate::carries_csrf!(NewClaimForm, StepForm);

/// `POST /claims/{claim_id}/submit`
pub async fn submit(
    state: web::Data<AppState>,
    id: web::Path<ClaimId>,
    form: SignedInForm<StepForm>,
) -> Result<HttpResponse, PageError> {
    step(&state, &id, form, ClaimStatus::Submitted).await
}

/// `POST /claims/{claim_id}/certificated`
pub async fn certificated(
    state: web::Data<AppState>,
    id: web::Path<ClaimId>,
    form: SignedInForm<StepForm>,
) -> Result<HttpResponse, PageError> {
    step(&state, &id, form, ClaimStatus::Certificated).await
}

/// `POST /claims/{claim_id}/return`
pub async fn returned(
    state: web::Data<AppState>,
    id: web::Path<ClaimId>,
    form: SignedInForm<StepForm>,
) -> Result<HttpResponse, PageError> {
    step(&state, &id, form, ClaimStatus::Returned).await
}

/// `GET /claims/{claim_id}/export.csv`
pub async fn export_csv(
    state: web::Data<AppState>,
    current: CurrentUser,
    id: web::Path<ClaimId>,
) -> Result<HttpResponse, PageError> {
    let (name, text) = docs::claim_csv(&state, &current, &id).await?;
    Ok(attachment("text/csv; charset=utf-8", &name, text))
}

/// `GET /claims/{claim_id}/summary.pdf`
pub async fn summary_pdf(
    state: web::Data<AppState>,
    current: CurrentUser,
    id: web::Path<ClaimId>,
) -> Result<HttpResponse, PageError> {
    let (name, bytes) = docs::claim_summary_pdf(&state, &current, &id).await?;
    Ok(attachment("application/pdf", &name, bytes))
}

/// `GET /registrations/{registration_id}/record.pdf`
pub async fn record_pdf(
    state: web::Data<AppState>,
    current: CurrentUser,
    id: web::Path<RegistrationId>,
) -> Result<HttpResponse, PageError> {
    let (name, bytes) = docs::record_pdf(&state, &current, &id).await?;
    Ok(attachment("application/pdf", &name, bytes))
}
