//! Assessment pages: the record (anyone who may see the registration), and the forms behind
//! it: judge and observe and sign off (the allocated assessor), countersign (the learner),
//! unlock (a centre administrator). A refusal by a rule re-renders the page with the message.

use crate::actions::access::centre_of;
use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, ResponseError, web};
use serde::Deserialize;

use crate::actions::AppState;
use crate::actions::access::{require_allocated_assessor, require_centre_role, require_learner};
use crate::actions::assessment::judgements::{JudgementRequest, judge};
use crate::actions::assessment::record as act;
use crate::actions::assessment::{observations, sign_off};
use crate::domain::ids::{CriterionId, ObservationId, RegistrationId, UnitId};
use crate::domain::judgement::JudgementInput;
use crate::domain::observation::{ObservationInput, people_from_lines};
use crate::domain::registration::RegistrationStatus;
use crate::domain::roles::Role;
use crate::web::auth::CurrentUser;
use crate::web::auth::csrf::SignedInForm;
use crate::web::client_address::client_address;
use crate::web::error::{AppError, PageError};
use crate::web::routes::account::CsrfOnly;
use crate::web::routes::respond::{after_post, html, see_other};
use crate::web::views::assessment::{
    self as view, AssessmentPage, JudgementValues, ObservationValues,
};

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct Query {
    item: Option<String>,
    done: Option<String>,
}

fn notice(done: Option<&str>) -> Option<&'static str> {
    match done {
        Some("judged") => Some("The judgement is recorded and the learner has been emailed."),
        Some("observed") => Some("The observation is recorded and signed."),
        Some("signed") => {
            Some("The unit is signed off and locked. The learner can now countersign it.")
        }
        Some("countersigned") => Some("Your countersignature is recorded."),
        Some("unlocked") => Some("The unit is unlocked; the reason is in the audit trail."),
        _ => None,
    }
}

/// Values a failed form post refills, and what went wrong.
#[derive(Default)]
struct Refill {
    judgement: JudgementValues,
    observation: ObservationValues,
    failure: Option<AppError>,
}

async fn render(
    state: &AppState,
    current: &CurrentUser,
    id: &RegistrationId,
    refill: Refill,
    notice: Option<&str>,
) -> Result<HttpResponse, PageError> {
    let record = act::record(state, current, id).await?;
    let reg = &record.registration;
    let units = crate::actions::people::registrations::unit_staffing(state, reg).await?;
    let my_units = units
        .into_iter()
        .filter(|u| u.assessor_id == current.user.id)
        .map(|u| u.unit_id)
        .collect();
    let (errors, problem, status) = match &refill.failure {
        Some(AppError::Invalid(errors)) => (errors.clone(), None, StatusCode::UNPROCESSABLE_ENTITY),
        Some(other) => (Vec::new(), Some(other.to_string()), other.status_code()),
        None => (Vec::new(), None, StatusCode::OK),
    };
    let page = AssessmentPage {
        current,
        curriculum: &state.curriculum,
        is_assessor: require_allocated_assessor(current, reg).is_ok()
            && reg.status == RegistrationStatus::Active,
        my_units,
        is_learner: require_learner(current, reg).is_ok(),
        is_admin: require_centre_role(current, &centre_of(reg), &[Role::CentreAdmin]).is_ok(),
        record: &record,
        judgement: &refill.judgement,
        observation: &refill.observation,
        errors: &errors,
        problem: problem.as_deref(),
        problem_code: match &refill.failure {
            Some(failure @ AppError::Rule(_)) => Some(failure.code()),
            _ => None,
        },
        notice,
    };
    Ok(html(status, view::page(&page)))
}

/// The page again with what was typed (`refill`) and the refusal on it.
async fn refused(
    state: &AppState,
    current: &CurrentUser,
    id: &RegistrationId,
    mut refill: Refill,
    failure: AppError,
) -> Result<HttpResponse, PageError> {
    refill.failure = Some(failure);
    render(state, current, id, refill, None).await
}

/// `GET /registrations/{registration_id}/assessment` (`?item=` opens the judgement form on it).
pub async fn record(
    state: web::Data<AppState>,
    current: CurrentUser,
    id: web::Path<RegistrationId>,
    query: web::Query<Query>,
) -> Result<HttpResponse, PageError> {
    let mut refill = Refill::default();
    if let Some(item) = query.item.as_deref() {
        let loaded = act::record(&state, &current, &id).await?;
        refill.judgement.item_id = item.to_owned();
        let latest = CriterionId::parse(item)
            .ok()
            .and_then(|item| loaded.latest(&item));
        refill.judgement.replaces_round = latest.map_or(0, |j| j.round).to_string();
    }
    render(&state, &current, &id, refill, notice(query.done.as_deref())).await
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct DecisionForm {
    csrf_token: String,
    criterion_id: String,
    outcome: String,
    evidence_ids: Vec<String>,
    /// Evidence relied on to map to the criterion judged with this judgement.
    map_evidence_ids: Vec<String>,
    feedback: String,
    replaces_round: String,
}

/// `POST /registrations/{registration_id}/decisions`. The allocated assessor.
pub async fn decide(
    state: web::Data<AppState>,
    id: web::Path<RegistrationId>,
    submitted: SignedInForm<DecisionForm>,
) -> Result<HttpResponse, PageError> {
    let (current, f) = (submitted.current, submitted.form);
    let values = JudgementValues {
        item_id: f.criterion_id.clone(),
        outcome: f.outcome.clone(),
        evidence_ids: f.evidence_ids.clone(),
        feedback: f.feedback.clone(),
        replaces_round: f.replaces_round.clone(),
        map_evidence_ids: f.map_evidence_ids.clone(),
    };
    let request = JudgementRequest {
        input: JudgementInput {
            item_id: f.criterion_id,
            outcome: f.outcome,
            evidence_ids: f.evidence_ids,
            feedback: f.feedback,
        },
        seen_round: f.replaces_round.trim().parse().ok(),
        map_evidence_ids: f.map_evidence_ids.clone(),
    };
    let result = judge(&state, &current, &id, request).await;
    let refill = Refill {
        judgement: values,
        ..Refill::default()
    };
    after_post(
        result,
        |_| format!("/registrations/{id}/assessment?done=judged"),
        |failure| refused(&state, &current, &id, refill, failure),
    )
    .await
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct ObservationForm {
    csrf_token: String,
    planned: String,
    observed_on: String,
    setting: String,
    people_present: String,
    narrative: String,
    criteria: Vec<String>,
    range_items: Vec<String>,
}

/// `POST /registrations/{registration_id}/observations`. The allocated assessor.
pub async fn observe(
    state: web::Data<AppState>,
    request: HttpRequest,
    id: web::Path<RegistrationId>,
    submitted: SignedInForm<ObservationForm>,
) -> Result<HttpResponse, PageError> {
    let (current, f) = (submitted.current, submitted.form);
    let input = ObservationInput {
        planned: match f.planned.as_str() {
            "yes" => Some(true),
            "no" => Some(false),
            _ => None,
        },
        observed_on: f.observed_on.clone(),
        setting: f.setting.clone(),
        people_present: people_from_lines(&f.people_present),
        narrative: f.narrative.clone(),
        criteria: f.criteria.clone(),
        range_items: f.range_items.clone(),
    };
    let result =
        observations::record(&state, &current, &id, input, &client_address(&request)).await;
    let observation = ObservationValues {
        planned: f.planned,
        observed_on: f.observed_on,
        setting: f.setting,
        people_present: f.people_present,
        narrative: f.narrative,
        criteria: f.criteria,
        range_items: f.range_items,
    };
    let refill = Refill {
        observation,
        ..Refill::default()
    };
    after_post(
        result,
        |_| format!("/registrations/{id}/assessment?done=observed#observations"),
        |failure| refused(&state, &current, &id, refill, failure),
    )
    .await
}

/// `POST /observations/{observation_id}/countersign`. The learner.
pub async fn countersign_observation(
    state: web::Data<AppState>,
    request: HttpRequest,
    id: web::Path<ObservationId>,
    submitted: SignedInForm<CsrfOnly>,
) -> Result<HttpResponse, PageError> {
    let current = submitted.current;
    let signature =
        observations::countersign(&state, &current, &id, &client_address(&request)).await?;
    let registration = signature.registration_id;
    Ok(see_other(format!(
        "/registrations/{registration}/assessment?done=countersigned#observations"
    )))
}

/// `POST /registrations/{registration_id}/units/{unit_id}/sign-off`. The allocated assessor.
pub async fn sign(
    state: web::Data<AppState>,
    request: HttpRequest,
    path: web::Path<(RegistrationId, UnitId)>,
    submitted: SignedInForm<CsrfOnly>,
) -> Result<HttpResponse, PageError> {
    let (id, unit) = path.into_inner();
    let current = submitted.current;
    let result = sign_off::sign_off(&state, &current, &id, &unit, &client_address(&request)).await;
    after_post(
        result,
        |_| format!("/registrations/{id}/assessment?done=signed"),
        |failure| refused(&state, &current, &id, Refill::default(), failure),
    )
    .await
}

/// `POST /registrations/{registration_id}/units/{unit_id}/countersign`. The learner.
pub async fn countersign_unit(
    state: web::Data<AppState>,
    request: HttpRequest,
    path: web::Path<(RegistrationId, UnitId)>,
    submitted: SignedInForm<CsrfOnly>,
) -> Result<HttpResponse, PageError> {
    let (id, unit) = path.into_inner();
    let current = submitted.current;
    let result =
        sign_off::countersign(&state, &current, &id, &unit, &client_address(&request)).await;
    after_post(
        result,
        |()| format!("/registrations/{id}/assessment?done=countersigned"),
        |failure| refused(&state, &current, &id, Refill::default(), failure),
    )
    .await
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct UnlockForm {
    csrf_token: String,
    reason: String,
}

/// `POST /registrations/{registration_id}/units/{unit_id}/unlock`. A centre administrator.
pub async fn unlock(
    state: web::Data<AppState>,
    path: web::Path<(RegistrationId, UnitId)>,
    submitted: SignedInForm<UnlockForm>,
) -> Result<HttpResponse, PageError> {
    let (id, unit) = path.into_inner();
    let (current, form) = (submitted.current, submitted.form);
    let result = sign_off::unlock(&state, &current, &id, &unit, &form.reason).await;
    after_post(
        result,
        |_| format!("/registrations/{id}/assessment?done=unlocked"),
        |failure| refused(&state, &current, &id, Refill::default(), failure),
    )
    .await
}

crate::carries_csrf!(DecisionForm, ObservationForm, UnlockForm);
