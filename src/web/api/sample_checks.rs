//! IQA checks and actions as JSON: the sample with its decision, evidence, checks and actions;
//! recording agree or refer; closing an action; the centre's open or overdue actions and the
//! two report parts as CSV.

use actix_web::{HttpResponse, web};
use serde::Deserialize;
use serde_json::{Value, json};

use crate::actions::AppState;
use crate::actions::iqa::iqa_actions_report as report;
use crate::actions::iqa::sample_checks::{self as act, SampleDetail};
use crate::domain::iqa_check::OutcomeInput;
use crate::store::sample_checks::{Action, Check};
use crate::web::auth::CurrentUser;
use crate::web::error::AppError;

fn time(t: chrono::NaiveDateTime) -> String {
    t.and_utc().to_rfc3339()
}

pub fn check_json(c: &Check) -> Value {
    json!({
        "id": c.id, "sample_id": c.sample_id, "check_no": c.check_no, "outcome": c.outcome,
        "feedback": c.feedback, "iqa_id": c.iqa_id, "recorded_at": time(c.recorded_at),
    })
}

pub fn action_json(a: &Action) -> Value {
    json!({
        "id": a.id, "sample_id": a.sample_id, "registration_id": a.registration_id,
        "assessor_id": a.assessor_id, "description": a.description, "due_on": a.due_on,
        "closed": a.is_closed(), "closed_at": a.closed_at.map(time), "closed_by": a.closed_by,
        "closing_note": a.closing_note,
    })
}

fn detail_json(d: &SampleDetail) -> Value {
    let s = &d.sample;
    let evidence: Vec<Value> = d
        .evidence
        .iter()
        .map(|(e, version)| json!({"id": e.id, "title": e.title, "kind": e.kind, "version": version, "link": format!("/evidence/{}", e.id)}))
        .collect();
    json!({
        "id": s.id, "centre_id": s.centre_id, "qualification_id": s.qualification_id,
        "registration_id": s.registration_id, "unit_id": s.unit_id, "item_id": s.item_id, "item": d.item,
        "assessor_id": s.assessor_id, "iqa_id": s.iqa_id, "stage": s.stage, "status": s.status,
        "summative": d.signed_off, "workplace": d.workplace,
        "decision": {
            "judgement_id": d.judgement.id, "round": d.judgement.round, "outcome": d.judgement.outcome,
            "feedback": d.judgement.feedback, "assessor_id": d.judgement.assessor_id,
            "judged_at": time(d.judgement.judged_at), "evidence": evidence,
        },
        "checks": d.checks.iter().map(check_json).collect::<Vec<_>>(),
        "actions": d.actions.iter().map(action_json).collect::<Vec<_>>(),
    })
}

/// `GET /api/v1/samples/{sample_id}`
pub async fn get(
    state: web::Data<AppState>,
    current: CurrentUser,
    id: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let detail = act::detail(&state, &current, &id).await?;
    Ok(HttpResponse::Ok().json(detail_json(&detail)))
}

/// `POST /api/v1/samples/{sample_id}/outcome` `{outcome, feedback, actions: [{description, due_on}]}`
/// → 201 the check with the sample's actions.
pub async fn outcome(
    state: web::Data<AppState>,
    current: CurrentUser,
    id: web::Path<String>,
    body: web::Json<OutcomeInput>,
) -> Result<HttpResponse, AppError> {
    let check = act::record_outcome(&state, &current, &id, &body.into_inner()).await?;
    let detail = act::detail(&state, &current, &id).await?;
    let mut out = check_json(&check);
    out["status"] = json!(detail.sample.status);
    out["actions"] = json!(detail.actions.iter().map(action_json).collect::<Vec<_>>());
    Ok(HttpResponse::Created().json(out))
}

#[derive(Deserialize, Default)]
pub struct CloseBody {
    #[serde(default)]
    note: String,
}

/// `POST /api/v1/iqa-actions/{action_id}/close` `{note}`: the action's assessor only.
pub async fn close(
    state: web::Data<AppState>,
    current: CurrentUser,
    id: web::Path<String>,
    body: web::Json<CloseBody>,
) -> Result<HttpResponse, AppError> {
    let action = act::close_action(&state, &current, &id, &body.note).await?;
    Ok(HttpResponse::Ok().json(action_json(&action)))
}

#[derive(Deserialize, Default)]
pub struct StateQuery {
    #[serde(default)]
    state: Option<String>,
}

/// `open` (the default) or `overdue`; anything else is bad input.
fn overdue_only(query: &StateQuery) -> Result<bool, AppError> {
    match query.state.as_deref().map(str::trim) {
        None | Some("" | "open") => Ok(false),
        Some("overdue") => Ok(true),
        Some(_) => Err(AppError::Invalid(vec![
            crate::domain::people::FieldError::new("state", "Ask for open or overdue actions"),
        ])),
    }
}

/// `GET /api/v1/centres/{centre_id}/iqa-actions?state=open|overdue`
pub async fn of_centre(
    state: web::Data<AppState>,
    current: CurrentUser,
    id: web::Path<String>,
    query: web::Query<StateQuery>,
) -> Result<HttpResponse, AppError> {
    let overdue = overdue_only(&query)?;
    let built = report::report(&state, &current, &id, overdue).await?;
    let body = built.to_json();
    Ok(HttpResponse::Ok().json(json!({
        "centre_id": id.as_str(), "state": if overdue { "overdue" } else { "open" },
        "as_of": body["as_of"], "actions": body["actions"],
    })))
}

fn csv(name: &str, body: String) -> HttpResponse {
    HttpResponse::Ok()
        .content_type("text/csv; charset=utf-8")
        .insert_header((
            "content-disposition",
            format!("attachment; filename=\"{name}\""),
        ))
        .body(body)
}

/// `GET /api/v1/centres/{centre_id}/sampling/report/actions.csv`: open actions, overdue marked.
pub async fn actions_csv(
    state: web::Data<AppState>,
    current: CurrentUser,
    id: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let built = report::report(&state, &current, &id, false).await?;
    Ok(csv("iqa-actions.csv", built.actions_csv()))
}

/// `GET /api/v1/centres/{centre_id}/sampling/report/referrals.csv`: per assessor per month.
pub async fn referrals_csv(
    state: web::Data<AppState>,
    current: CurrentUser,
    id: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let built = report::report(&state, &current, &id, false).await?;
    Ok(csv("referral-rate.csv", built.referrals_csv()))
}
