//! IQA sampling pages: the centre's plans with the form to write or change one, and its samples;
//! the proposed sample as a form to take it. Thin: parse, call the sampling actions, render.

use actix_web::{HttpResponse, web};
use serde::Deserialize;

use crate::actions::ActionError;
use crate::actions::AppState;
use crate::actions::iqa::sampling::{self as act, PlanWithRates, plan_param};
use crate::actions::iqa::sampling_proposal::{self as propose, Accept, parse_stage};
use crate::domain::ids::{CentreId, SamplingPlanId};
use crate::domain::people::FieldError;
use crate::domain::roles::Role;
use crate::domain::sampling::Stage;
use crate::domain::sampling::plan::{Focus, PlanInput, RateInput};
use crate::web::api::sampling::parse_seed;
use crate::web::auth::CurrentUser;
use crate::web::auth::csrf::SignedInForm;
use crate::web::error::{AppError, PageError};
use crate::web::routes::respond::{after_post, html, see_other, shown_on_the_form, status_for};
use crate::web::views::sampling_plans::{self as view, Draft, PlansPage};
use crate::web::views::sampling_proposal::{self as proposal_view, Posted, ProposalPage};

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct PageQuery {
    edit: Option<String>,
    done: Option<String>,
}

fn notice(done: Option<&str>) -> Option<&'static str> {
    match done {
        Some("written") => Some("The sampling plan is saved."),
        Some("plan-first") => Some(
            "A sample is proposed from a sampling plan, and this centre has none yet: write one below (the qualification, the period and the rate for each assessor), then propose a sample.",
        ),
        Some("taken") => Some(
            "The sample is taken. Open a learner's unit below to check its decisions together.",
        ),
        _ => None,
    }
}

fn split(failure: Option<&AppError>) -> (Vec<FieldError>, Option<String>) {
    match failure {
        Some(AppError::Invalid(errors)) => (errors.clone(), None),
        Some(other) => (Vec::new(), Some(other.detail())),
        None => (Vec::new(), None),
    }
}

/// The form filled from a plan, for changing it.
fn draft_of(plan: &PlanWithRates) -> Draft {
    let p = &plan.plan;
    let rates = plan
        .rates
        .iter()
        .map(|r| RateInput {
            assessor_id: r.assessor_id.clone(),
            risk: r.risk.clone(),
            rate: r.rate.to_string(),
            signed_off: r.signed_off_at.is_some(),
        })
        .collect();
    Draft {
        plan_id: p.id.clone(),
        version: Some(p.version),
        input: PlanInput {
            qualification_id: p.qualification_id.clone(),
            period_start: p.period_start.to_string(),
            period_end: p.period_end.to_string(),
            interim_on: p.interim_on.to_string(),
            summative_on: p.summative_on.to_string(),
            experienced_rate: p.experienced_rate.to_string(),
            rates,
            focus: plan.focus(),
            notes: p.notes.clone(),
        },
    }
}

async fn render(
    state: &AppState,
    current: &CurrentUser,
    centre_id: &CentreId,
    query: &PageQuery,
    entered: Option<Draft>,
    failure: Option<AppError>,
) -> Result<HttpResponse, PageError> {
    let plans = act::list(state, current, centre_id).await?;
    let samples =
        crate::actions::iqa::sample_list::sample_groups(state, current, centre_id).await?;
    let people =
        crate::actions::iqa::sampling_people::centre_people(state, current, centre_id).await?;
    let editing = query
        .edit
        .as_deref()
        .and_then(|id| plans.iter().find(|p| p.plan.id == id).map(draft_of));
    let draft = entered.or(editing).unwrap_or_default();
    let qualifications: Vec<(String, String)> = state
        .curriculum
        .qualifications()
        .map(|(_, q)| (q.id.clone(), format!("{} {}", q.number, q.title)))
        .collect();
    let units = state.curriculum.unit_choices();
    let (errors, problem) = split(failure.as_ref());
    let page = PlansPage {
        current,
        centre_id,
        is_iqa: current.has_role(centre_id, Role::Iqa),
        plans: &plans,
        samples: &samples,
        names: &people.names,
        assessors: &people.assessors,
        qualifications: &qualifications,
        units: &units,
        draft: &draft,
        errors: &errors,
        problem: problem.as_deref(),
        notice: notice(query.done.as_deref()),
    };
    Ok(html(status_for(failure.as_ref()), view::page(&page)))
}

/// `GET /centres/{centre_id}/sampling`
pub async fn page(
    state: web::Data<AppState>,
    current: CurrentUser,
    centre_id: web::Path<CentreId>,
    query: web::Query<PageQuery>,
) -> Result<HttpResponse, PageError> {
    render(&state, &current, &centre_id, &query, None, None).await
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct PlanForm {
    csrf_token: String,
    plan_id: String,
    version: String,
    qualification_id: String,
    period_start: String,
    period_end: String,
    interim_on: String,
    summative_on: String,
    experienced_rate: String,
    rate_assessor_id: Vec<String>,
    rate_risk: Vec<String>,
    rate: Vec<String>,
    /// The assessor ids ticked as signed off.
    signed_off: Vec<String>,
    units: Vec<String>,
    methods: Vec<String>,
    evidence_types: Vec<String>,
    locations: String,
    notes: String,
}

/// Words separated by commas or line breaks.
fn listed(raw: &str) -> Vec<String> {
    raw.split([',', '\n'])
        .map(|s| s.trim().to_owned())
        .filter(|s| !s.is_empty())
        .collect()
}

impl PlanForm {
    fn draft(self) -> Draft {
        let rates = self
            .rate_assessor_id
            .iter()
            .enumerate()
            .map(|(i, id)| RateInput {
                assessor_id: id.clone(),
                risk: self.rate_risk.get(i).cloned().unwrap_or_default(),
                rate: self.rate.get(i).cloned().unwrap_or_default(),
                signed_off: self.signed_off.contains(id),
            })
            .collect();
        Draft {
            plan_id: self.plan_id.trim().to_owned(),
            version: self.version.trim().parse().ok(),
            input: PlanInput {
                qualification_id: self.qualification_id,
                period_start: self.period_start,
                period_end: self.period_end,
                interim_on: self.interim_on,
                summative_on: self.summative_on,
                experienced_rate: self.experienced_rate,
                rates,
                focus: Focus {
                    learners: Vec::new(),
                    units: self.units,
                    methods: self.methods,
                    evidence_types: self.evidence_types,
                    locations: listed(&self.locations),
                },
                notes: self.notes,
            },
        }
    }
}

/// `POST /centres/{centre_id}/sampling/plans`: write a plan, or change the one named (with the
/// version it was read at; 409 on the form when stale).
pub async fn write(
    state: web::Data<AppState>,
    centre_id: web::Path<CentreId>,
    submitted: SignedInForm<PlanForm>,
) -> Result<HttpResponse, PageError> {
    let (current, draft) = (submitted.current, submitted.form.draft());
    let result = if draft.plan_id.is_empty() {
        act::create(&state, &current, &centre_id, draft.input.clone()).await
    } else {
        match SamplingPlanId::parse(&draft.plan_id) {
            Ok(plan_id) => {
                act::change(
                    &state,
                    &current,
                    &plan_id,
                    draft.input.clone(),
                    draft.version,
                )
                .await
            }
            Err(_) => Err(ActionError::NotFound(format!(
                "sampling plan {}",
                draft.plan_id
            ))),
        }
    };
    match result {
        Ok(_) => Ok(see_other(format!(
            "/centres/{centre_id}/sampling?done=written"
        ))),
        Err(failure) if shown_on_the_form(&failure) => {
            let query = PageQuery::default();
            render(
                &state,
                &current,
                &centre_id,
                &query,
                Some(draft),
                Some(AppError::from(failure)),
            )
            .await
        }
        Err(other) => Err(other.into()),
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct ProposalQuery {
    plan_id: Option<String>,
    stage: Option<String>,
    seed: Option<String>,
}

async fn render_proposal(
    state: &AppState,
    current: &CurrentUser,
    centre_id: &CentreId,
    query: &ProposalQuery,
    posted: Option<Posted>,
    failure: Option<AppError>,
) -> Result<HttpResponse, PageError> {
    let seed = parse_seed(query.seed.as_deref())?;
    let asked = parse_stage(query.stage.as_deref())?;
    let plans = act::list(state, current, centre_id).await?;
    let plan = plan_param(query.plan_id.as_deref())?;
    let propose_at =
        |stage| propose::proposal(state, current, centre_id, plan.as_ref(), Some(stage), seed);
    let mut stage = asked.unwrap_or(Stage::Interim);
    let mut built = propose_at(stage).await?;
    // Opened without a stage: the stage that has decisions to sample.
    if asked.is_none() && built.period.decisions.is_empty() {
        let summative = propose_at(Stage::Summative).await?;
        if !summative.period.decisions.is_empty() {
            (stage, built) = (Stage::Summative, summative);
        }
    }
    let (errors, problem) = split(failure.as_ref());
    let words = built
        .period
        .decisions
        .iter()
        .map(|d| {
            (
                d.item_id.clone(),
                state.curriculum.item_words(&d.unit_id, &d.item_id),
            )
        })
        .collect();
    let page = ProposalPage {
        words: &words,
        current,
        curriculum: &state.curriculum,
        centre_id,
        plans: &plans,
        view: &built,
        stage,
        posted: posted.as_ref(),
        errors: &errors,
        problem: problem.as_deref(),
    };
    Ok(html(
        status_for(failure.as_ref()),
        proposal_view::page(&page),
    ))
}

/// `GET /centres/{centre_id}/sampling/proposal?plan_id=&stage=&seed=`
pub async fn proposal(
    state: web::Data<AppState>,
    current: CurrentUser,
    centre_id: web::Path<CentreId>,
    query: web::Query<ProposalQuery>,
) -> Result<HttpResponse, PageError> {
    // With no plan there is nothing to propose from: the plan form, saying so.
    crate::actions::access::require_centre_role(&current, &centre_id, act::IQA)?;
    if query.plan_id.is_none() && act::list(&state, &current, &centre_id).await?.is_empty() {
        return Ok(see_other(format!(
            "/centres/{centre_id}/sampling?done=plan-first#plan-form"
        )));
    }
    render_proposal(&state, &current, &centre_id, &query, None, None).await
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct TakeForm {
    csrf_token: String,
    judgement_ids: Vec<String>,
    seed: String,
    plan_id: String,
    stage: String,
    adjustment_reason: String,
}

/// `POST /centres/{centre_id}/samples`: take the sample, then the list of samples.
pub async fn take(
    state: web::Data<AppState>,
    centre_id: web::Path<CentreId>,
    submitted: SignedInForm<TakeForm>,
) -> Result<HttpResponse, PageError> {
    let (current, f) = (submitted.current, submitted.form);
    let seed = parse_seed(Some(&f.seed))?;
    let input = Accept {
        judgement_ids: f.judgement_ids.clone(),
        seed,
        plan_id: f.plan_id.clone(),
        stage: f.stage.clone(),
        adjustment_reason: f.adjustment_reason.clone(),
    };
    let result = propose::accept(&state, &current, &centre_id, input).await;
    let query = ProposalQuery {
        plan_id: Some(f.plan_id),
        stage: Some(f.stage),
        seed: Some(f.seed),
    };
    let posted = Posted {
        chosen: f.judgement_ids,
        reason: f.adjustment_reason,
    };
    after_post(
        result,
        |_| format!("/centres/{centre_id}/sampling?done=taken#samples"),
        |failure| {
            render_proposal(
                &state,
                &current,
                &centre_id,
                &query,
                Some(posted),
                Some(failure),
            )
        },
    )
    .await
}

crate::carries_csrf!(PlanForm, TakeForm);
