//! IQA sampling as JSON: plans (IQA writes; IQA, centre administrator and the qualification's EQA
//! read), the reproducible proposal, taking a sample (C8: `iqa_own_decision`), the samples and
//! the CAMERA coverage report with its CSV parts.

use actix_web::{HttpResponse, http::header, web};
use serde::Deserialize;
use serde_json::{Value, json};

use crate::actions::AppState;
use crate::actions::iqa::sampling::{self as act, PlanWithRates};
use crate::actions::iqa::sampling_proposal::{self as propose, Accept, ProposalView, parse_stage};
use crate::actions::iqa::sampling_report;
use crate::domain::sampling::camera::value_label;
use crate::domain::sampling::plan::{Focus, PlanInput, RateInput};
use crate::domain::sampling::proposal::Reason;
use crate::store::samples::Sample;
use crate::web::auth::CurrentUser;
use crate::web::error::AppError;

fn time(t: chrono::NaiveDateTime) -> String {
    t.and_utc().to_rfc3339()
}

pub fn plan_json(p: &PlanWithRates) -> Value {
    let rates: Vec<Value> = p
        .rates
        .iter()
        .map(|r| {
            json!({
                "assessor_id": r.assessor_id, "risk": r.risk, "rate": r.rate,
                "signed_off_at": r.signed_off_at.map(time), "signed_off_by": r.signed_off_by,
            })
        })
        .collect();
    let plan = &p.plan;
    json!({
        "id": plan.id, "centre_id": plan.centre_id, "qualification_id": plan.qualification_id,
        "iqa_id": plan.iqa_id, "period_start": plan.period_start, "period_end": plan.period_end,
        "experienced_rate": plan.experienced_rate, "interim_on": plan.interim_on,
        "summative_on": plan.summative_on, "focus": p.focus(), "notes": plan.notes,
        "version": plan.version, "created_at": time(plan.created_at), "updated_at": time(plan.updated_at),
        "rates": rates,
    })
}

/// A number or a string, read as text (rates come as either).
fn text(value: &Value) -> String {
    match value {
        Value::Null => String::new(),
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct RateBody {
    assessor_id: String,
    risk: String,
    rate: Value,
    signed_off: bool,
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct PlanBody {
    qualification_id: String,
    period_start: String,
    period_end: String,
    interim_on: String,
    summative_on: String,
    experienced_rate: Value,
    rates: Vec<RateBody>,
    focus: Focus,
    notes: String,
    version: Option<i32>,
}

impl PlanBody {
    fn input(self) -> (PlanInput, Option<i32>) {
        let rates = self
            .rates
            .into_iter()
            .map(|r| RateInput {
                assessor_id: r.assessor_id,
                risk: r.risk,
                rate: text(&r.rate),
                signed_off: r.signed_off,
            })
            .collect();
        let input = PlanInput {
            qualification_id: self.qualification_id,
            period_start: self.period_start,
            period_end: self.period_end,
            interim_on: self.interim_on,
            summative_on: self.summative_on,
            experienced_rate: text(&self.experienced_rate),
            rates,
            focus: self.focus,
            notes: self.notes,
        };
        (input, self.version)
    }
}

/// `GET /api/v1/centres/{centre_id}/sampling/plans`
pub async fn list_plans(
    state: web::Data<AppState>,
    current: CurrentUser,
    centre_id: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let plans = act::list(&state, &current, &centre_id).await?;
    let list: Vec<Value> = plans.iter().map(plan_json).collect();
    Ok(HttpResponse::Ok().json(json!({"centre_id": *centre_id, "plans": list})))
}

/// `POST /api/v1/centres/{centre_id}/sampling/plans` → 201 the plan.
pub async fn create_plan(
    state: web::Data<AppState>,
    current: CurrentUser,
    centre_id: web::Path<String>,
    body: web::Json<PlanBody>,
) -> Result<HttpResponse, AppError> {
    let (input, _) = body.into_inner().input();
    let plan = act::create(&state, &current, &centre_id, input).await?;
    Ok(HttpResponse::Created().json(plan_json(&plan)))
}

/// `PUT /api/v1/sampling-plans/{plan_id}` → the plan; 409 when `version` is stale.
pub async fn change_plan(
    state: web::Data<AppState>,
    current: CurrentUser,
    plan_id: web::Path<String>,
    body: web::Json<PlanBody>,
) -> Result<HttpResponse, AppError> {
    let (input, version) = body.into_inner().input();
    let plan = act::change(&state, &current, &plan_id, input, version).await?;
    Ok(HttpResponse::Ok().json(plan_json(&plan)))
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct ProposalQuery {
    seed: Option<String>,
    plan_id: Option<String>,
    stage: Option<String>,
}

/// A seed as typed: a whole number from 0 up.
pub fn parse_seed(raw: Option<&str>) -> Result<Option<u64>, AppError> {
    match raw.map(str::trim).filter(|s| !s.is_empty()) {
        None => Ok(None),
        Some(s) => s.parse::<u64>().map(Some).map_err(|_| {
            AppError::Invalid(vec![crate::domain::people::FieldError::new(
                "seed",
                "Enter the seed as a whole number, 0 or more",
            )])
        }),
    }
}

pub fn reason_json(view: &ProposalView, reason: &Reason) -> Value {
    let names = &view.period.names;
    match reason {
        Reason::Covers(dimension, value) => {
            let words = match dimension {
                crate::domain::sampling::camera::Dimension::Candidate
                | crate::domain::sampling::camera::Dimension::Assessor => {
                    names.get(value).cloned().unwrap_or_else(|| value.clone())
                }
                other => value_label(*other, value),
            };
            json!({"kind": "covers", "dimension": dimension.code(), "value": value, "label": words})
        }
        Reason::Unit(unit) => json!({"kind": "unit", "unit_id": unit}),
        Reason::Rate { rate, basis } => json!({
            "kind": "rate", "rate": rate, "basis": sampling_report::basis_code(*basis),
        }),
    }
}

fn proposal_json(view: &ProposalView) -> Value {
    let decisions: Vec<Value> = view
        .proposal
        .picks
        .iter()
        .filter_map(|pick| {
            let d = view.period.decisions.get(pick.index)?;
            let info = view.period.infos.get(pick.index)?;
            let camera: serde_json::Map<String, Value> =
                crate::domain::sampling::camera::Dimension::ALL
                    .iter()
                    .map(|dim| (dim.code().to_owned(), json!(d.values(*dim))))
                    .collect();
            Some(json!({
                "judgement_id": d.judgement_id, "registration_id": d.registration_id,
                "learner_id": d.learner_id, "assessor_id": d.assessor_id, "unit_id": d.unit_id,
                "item_id": d.item_id, "round": info.round, "outcome": info.outcome,
                "judged_at": time(info.judged_at), "stage": d.stage.code(), "camera": camera,
                "sampled_before": pick.sampled_before,
                "reasons": pick.reasons.iter().map(|r| reason_json(view, r)).collect::<Vec<_>>(),
            }))
        })
        .collect();
    let left: Vec<Value> = view
        .proposal
        .left_to_another_iqa
        .iter()
        .map(|(d, v)| json!({"dimension": d.code(), "value": v}))
        .collect();
    json!({
        "seed": view.proposal.seed, "plan_id": view.period.plan.plan.id,
        "stage": view.stage.map(|s| s.code()), "decisions_considered": view.period.decisions.len(),
        "own_decisions_left_out": view.proposal.own_decisions_left_out,
        "left_to_another_iqa": left, "decisions": decisions,
    })
}

/// `GET /api/v1/centres/{centre_id}/sampling/proposal?seed=N&plan_id=…&stage=interim|summative`
pub async fn proposal(
    state: web::Data<AppState>,
    current: CurrentUser,
    centre_id: web::Path<String>,
    query: web::Query<ProposalQuery>,
) -> Result<HttpResponse, AppError> {
    let seed = parse_seed(query.seed.as_deref())?;
    let stage = parse_stage(query.stage.as_deref())?;
    let view = propose::proposal(
        &state,
        &current,
        &centre_id,
        query.plan_id.as_deref(),
        stage,
        seed,
    )
    .await?;
    Ok(HttpResponse::Ok().json(proposal_json(&view)))
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct SampleBody {
    judgement_ids: Vec<String>,
    seed: Option<u64>,
    plan_id: String,
    stage: String,
    adjustment_reason: String,
}

pub fn sample_json(s: &Sample) -> Value {
    json!({
        "id": s.id, "centre_id": s.centre_id, "qualification_id": s.qualification_id,
        "plan_id": s.plan_id, "registration_id": s.registration_id, "judgement_id": s.judgement_id,
        "unit_id": s.unit_id, "item_id": s.item_id, "assessor_id": s.assessor_id, "iqa_id": s.iqa_id,
        "stage": s.stage, "seed": s.seed, "picked_by": s.picked_by,
        "adjustment_reason": s.adjustment_reason, "status": s.status, "created_at": time(s.created_at),
    })
}

/// `POST /api/v1/centres/{centre_id}/samples` → 201 `{ids, samples}`.
pub async fn take(
    state: web::Data<AppState>,
    current: CurrentUser,
    centre_id: web::Path<String>,
    body: web::Json<SampleBody>,
) -> Result<HttpResponse, AppError> {
    let b = body.into_inner();
    let input = Accept {
        judgement_ids: b.judgement_ids,
        seed: b.seed,
        plan_id: b.plan_id,
        stage: b.stage,
        adjustment_reason: b.adjustment_reason,
    };
    let taken = propose::accept(&state, &current, &centre_id, input).await?;
    let ids: Vec<&str> = taken.iter().map(|s| s.id.as_str()).collect();
    Ok(HttpResponse::Created()
        .json(json!({"ids": ids, "samples": taken.iter().map(sample_json).collect::<Vec<_>>()})))
}

/// `GET /api/v1/centres/{centre_id}/samples`
pub async fn list_samples(
    state: web::Data<AppState>,
    current: CurrentUser,
    centre_id: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let list = propose::list(&state, &current, &centre_id).await?;
    let out: Vec<Value> = list.iter().map(sample_json).collect();
    Ok(HttpResponse::Ok().json(json!({"centre_id": *centre_id, "samples": out})))
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct ReportQuery {
    plan_id: Option<String>,
}

/// `GET /api/v1/centres/{centre_id}/sampling/report`
pub async fn report(
    state: web::Data<AppState>,
    current: CurrentUser,
    centre_id: web::Path<String>,
    query: web::Query<ReportQuery>,
) -> Result<HttpResponse, AppError> {
    let r = sampling_report::report(&state, &current, &centre_id, query.plan_id.as_deref()).await?;
    Ok(HttpResponse::Ok().json(r.to_json()))
}

async fn report_csv(
    state: &AppState,
    current: &CurrentUser,
    centre_id: &str,
    plan_id: Option<&str>,
    part: &str,
) -> Result<HttpResponse, AppError> {
    let r = sampling_report::report(state, current, centre_id, plan_id).await?;
    let body = r
        .csv(part)
        .ok_or_else(|| AppError::NotFound(format!("report part {part}")))?;
    Ok(HttpResponse::Ok()
        .content_type("text/csv; charset=utf-8")
        .insert_header((
            header::CONTENT_DISPOSITION,
            format!("attachment; filename=\"sampling-{part}.csv\""),
        ))
        .body(body))
}

/// `GET /api/v1/centres/{centre_id}/sampling/report/camera.csv`
pub async fn camera_csv(
    state: web::Data<AppState>,
    current: CurrentUser,
    centre_id: web::Path<String>,
    query: web::Query<ReportQuery>,
) -> Result<HttpResponse, AppError> {
    report_csv(
        &state,
        &current,
        &centre_id,
        query.plan_id.as_deref(),
        "camera",
    )
    .await
}

/// `GET /api/v1/centres/{centre_id}/sampling/report/rates.csv`
pub async fn rates_csv(
    state: web::Data<AppState>,
    current: CurrentUser,
    centre_id: web::Path<String>,
    query: web::Query<ReportQuery>,
) -> Result<HttpResponse, AppError> {
    report_csv(
        &state,
        &current,
        &centre_id,
        query.plan_id.as_deref(),
        "rates",
    )
    .await
}
