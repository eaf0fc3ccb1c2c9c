//! IQA sampling plans: who may read and write them, and writing them. The IQA writes a plan per
//! centre and qualification (period, interim and summative dates, rates per assessor by risk,
//! focus); centre administrators read them; an EQA reads those of their qualification only.
//! A change names the version it was made against; a stale one answers 409.

use std::collections::BTreeSet;

use serde_json::json;

use crate::actions::ActionError;
use crate::actions::Actor;
use crate::actions::AppState;
use crate::actions::access::{CentreRelation, centre_relation, require_centre_role};
use crate::domain::ids::{CentreId, QualificationId, SamplingPlanId};
use crate::domain::roles::Role;
use crate::domain::sampling::plan::{
    CheckedPlan, Focus, PlanContext, PlanInput, PlanRates, Risk, check_plan,
};
use crate::store::audit::{self, NewAuditEntry};
use crate::store::json::Json;
use crate::store::people;
use crate::store::sampling_plans::{self, SamplingPlan, SamplingRate};
use crate::store::{DbConnection, StoreError};

/// IQA work (writing plans, proposing and taking samples).
pub const IQA: &[Role] = &[Role::Iqa];
/// Reading plans, samples and reports (an EQA with a grant reads their qualification's too).
pub const READERS: &[Role] = &[Role::Iqa, Role::CentreAdmin];

/// Which qualifications' sampling records the caller may read at a centre.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Readable {
    All,
    Only(Vec<String>),
}

impl Readable {
    pub fn allows(&self, qualification_id: &QualificationId) -> bool {
        match self {
            Self::All => true,
            Self::Only(list) => list.iter().any(|q| q == qualification_id),
        }
    }
}

/// An IQA or centre administrator (or the platform administrator) reads everything; an EQA the
/// qualifications of their grants; anyone else of the centre 403; outsiders 404.
pub fn require_reader(actor: &Actor, centre_id: &CentreId) -> Result<Readable, ActionError> {
    match centre_relation(actor, centre_id) {
        None => Err(ActionError::NotFound(format!("centre {centre_id}"))),
        Some(CentreRelation::Eqa(grants)) => Ok(Readable::Only(grants)),
        Some(_) => require_centre_role(actor, centre_id, READERS).map(|()| Readable::All),
    }
}

/// A plan with its rates.
#[derive(Debug, Clone)]
pub struct PlanWithRates {
    pub plan: SamplingPlan,
    pub rates: Vec<SamplingRate>,
}

impl PlanWithRates {
    pub fn focus(&self) -> Focus {
        self.plan.focus.0.clone()
    }

    /// The rates a proposal and the report work from.
    pub fn rates_for_proposal(&self) -> PlanRates {
        PlanRates {
            experienced_rate: self.plan.experienced_rate,
            rates: self
                .rates
                .iter()
                .map(|r| {
                    let risk = Risk::parse(&r.risk).unwrap_or(Risk::New);
                    (r.assessor_id.clone(), (risk, r.rate))
                })
                .collect(),
            focus: self.focus(),
        }
    }
}

/// A centre's plans the caller may read, newest first, with their rates (two queries).
pub async fn list(
    state: &AppState,
    actor: &Actor,
    centre_id: &CentreId,
) -> Result<Vec<PlanWithRates>, ActionError> {
    let readable = require_reader(actor, centre_id)?;
    let centre = centre_id.to_string();
    let (plans, rates) = state
        .db
        .run(move |conn| -> Result<_, ActionError> {
            let plans = sampling_plans::of_centre(conn, &centre)?;
            let ids: Vec<String> = plans.iter().map(|p| p.id.clone()).collect();
            Ok((plans, sampling_plans::rates_of_plans(conn, &ids)?))
        })
        .await?;
    Ok(plans
        .into_iter()
        .filter(|p| readable.allows(&QualificationId::from_stored(p.qualification_id.as_str())))
        .map(|plan| PlanWithRates {
            rates: rates
                .iter()
                .filter(|r| r.plan_id == plan.id)
                .cloned()
                .collect(),
            plan,
        })
        .collect())
}

/// A plan and its rates if the caller may read it (404 otherwise).
pub async fn visible(
    state: &AppState,
    actor: &Actor,
    plan_id: &SamplingPlanId,
) -> Result<PlanWithRates, ActionError> {
    let key = plan_id.clone();
    let found = state
        .db
        .run(move |conn| load(conn, &key))
        .await?
        .ok_or_else(|| ActionError::NotFound(format!("sampling plan {plan_id}")))?;
    match require_reader(actor, &CentreId::from_stored(found.plan.centre_id.as_str())) {
        Ok(readable)
            if readable.allows(&QualificationId::from_stored(
                found.plan.qualification_id.as_str(),
            )) =>
        {
            Ok(found)
        }
        Ok(_) | Err(ActionError::NotFound(_)) => {
            Err(ActionError::NotFound(format!("sampling plan {plan_id}")))
        }
        Err(other) => Err(other),
    }
}

pub fn load(
    conn: &mut DbConnection,
    plan_id: &SamplingPlanId,
) -> Result<Option<PlanWithRates>, StoreError> {
    let Some(plan) = sampling_plans::get(conn, plan_id)? else {
        return Ok(None);
    };
    let rates = sampling_plans::rates_of(conn, plan_id)?;
    Ok(Some(PlanWithRates { plan, rates }))
}

/// The centre's qualifications (those of the curriculum) and its assessors, to check a plan.
async fn checked(
    state: &AppState,
    centre_id: &CentreId,
    input: &PlanInput,
) -> Result<CheckedPlan, ActionError> {
    let centre = centre_id.to_string();
    let people = state
        .db
        .run(move |conn| people::people_of_centre(conn, &centre))
        .await?;
    let assessors: BTreeSet<String> = people
        .into_iter()
        .filter(|(_, roles)| Role::Assessor.is_among(roles))
        .map(|(user, _)| user.id)
        .collect();
    let qualifications: BTreeSet<String> = state
        .curriculum
        .qualifications()
        .map(|(_, q)| q.id.clone())
        .collect();
    check_plan(
        input,
        &PlanContext {
            qualifications: &qualifications,
            assessors: &assessors,
        },
    )
    .map_err(ActionError::Invalid)
}

fn rows(
    plan_id: &SamplingPlanId,
    checked: &CheckedPlan,
    before: &[SamplingRate],
    by: &str,
    now: chrono::NaiveDateTime,
) -> Vec<SamplingRate> {
    checked
        .rates
        .iter()
        .map(|r| {
            let earlier = before
                .iter()
                .find(|b| b.assessor_id == r.assessor_id && b.signed_off_at.is_some());
            let (at, who) = match (r.signed_off, earlier) {
                (false, _) => (None, None),
                (true, Some(b)) => (b.signed_off_at, b.signed_off_by.clone()),
                (true, None) => (Some(now), Some(by.to_owned())),
            };
            SamplingRate {
                id: people::new_id(),
                plan_id: plan_id.to_string(),
                assessor_id: r.assessor_id.clone(),
                risk: r.risk.code().to_owned(),
                rate: r.rate,
                signed_off_at: at,
                signed_off_by: who,
            }
        })
        .collect()
}

fn audit_entry(actor: &Actor, plan: &SamplingPlan, action: &str) -> NewAuditEntry {
    NewAuditEntry {
        actor_id: Some(actor.user.id.clone()),
        actor_name: actor.user.name.clone(),
        centre_id: Some(plan.centre_id.clone()),
        action: action.to_owned(),
        record_type: "sampling_plan".to_owned(),
        record_id: plan.id.clone(),
        reason: None,
        details: json!({
            "qualification_id": plan.qualification_id, "version": plan.version,
            "period_start": plan.period_start.to_string(), "period_end": plan.period_end.to_string(),
            "experienced_rate": plan.experienced_rate,
        }),
    }
}

/// The IQA writes a plan. 403 for other roles, 404 outside the centre, 422 with field errors.
pub async fn create(
    state: &AppState,
    actor: &Actor,
    centre_id: &CentreId,
    input: PlanInput,
) -> Result<PlanWithRates, ActionError> {
    require_centre_role(actor, centre_id, IQA)?;
    let checked = checked(state, centre_id, &input).await?;
    let now = state.clock.naive();
    let plan = SamplingPlan {
        id: people::new_id(),
        centre_id: centre_id.to_string(),
        qualification_id: checked.qualification_id.clone(),
        iqa_id: actor.user.id.clone(),
        period_start: checked.period_start,
        period_end: checked.period_end,
        experienced_rate: checked.experienced_rate,
        interim_on: checked.interim_on,
        summative_on: checked.summative_on,
        focus: Json(checked.focus.clone()),
        notes: checked.notes.clone(),
        version: 1,
        created_at: now,
        updated_at: now,
    };
    let rates = rows(
        &SamplingPlanId::from_stored(plan.id.as_str()),
        &checked,
        &[],
        &actor.user.id,
        now,
    );
    let saved = PlanWithRates { plan, rates };
    let (copy, actor) = (saved.clone(), actor.clone());
    state
        .db
        .write(move |conn| {
            sampling_plans::insert(conn, &copy.plan, &copy.rates)?;
            audit::append(
                conn,
                audit_entry(&actor, &copy.plan, "sampling_plan_created"),
                now,
            )
        })
        .await?;
    Ok(saved)
}

/// The IQA changes a plan (its qualification stays). `seen_version`, when given, must still be
/// current (409 otherwise).
pub async fn change(
    state: &AppState,
    actor: &Actor,
    plan_id: &SamplingPlanId,
    mut input: PlanInput,
    seen_version: Option<i32>,
) -> Result<PlanWithRates, ActionError> {
    let old = visible(state, actor, plan_id).await?;
    require_centre_role(
        actor,
        &CentreId::from_stored(old.plan.centre_id.as_str()),
        IQA,
    )?;
    input.qualification_id = old.plan.qualification_id.clone();
    let checked = checked(
        state,
        &CentreId::from_stored(old.plan.centre_id.as_str()),
        &input,
    )
    .await?;
    let version = seen_version.unwrap_or(old.plan.version);
    let now = state.clock.naive();
    let plan = SamplingPlan {
        period_start: checked.period_start,
        period_end: checked.period_end,
        experienced_rate: checked.experienced_rate,
        interim_on: checked.interim_on,
        summative_on: checked.summative_on,
        focus: Json(checked.focus.clone()),
        notes: checked.notes.clone(),
        version: version + 1,
        updated_at: now,
        ..old.plan.clone()
    };
    let rates = rows(
        &SamplingPlanId::from_stored(plan.id.as_str()),
        &checked,
        &old.rates,
        &actor.user.id,
        now,
    );
    let saved = PlanWithRates { plan, rates };
    let (copy, actor) = (saved.clone(), actor.clone());
    state
        .db
        .write(move |conn| -> Result<(), ActionError> {
            if !sampling_plans::update(conn, &copy.plan, &copy.rates, version)? {
                return Err(ActionError::Conflict(
                    "The plan was changed while you were editing it. Reload it and make your change again.".to_owned(),
                ));
            }
            audit::append(conn, audit_entry(&actor, &copy.plan, "sampling_plan_changed"), now)?;
            Ok(())
        })
        .await?;
    Ok(saved)
}

/// The plan a proposal or report works from: the one named (it must be this centre's and
/// readable), else the newest readable plan whose period holds today, else the newest readable.
/// A plan id from a query or a form: none when empty (the current plan is meant), 404 when it
/// cannot be an id (as an unknown plan).
pub fn plan_param(raw: Option<&str>) -> Result<Option<SamplingPlanId>, ActionError> {
    match raw {
        None => Ok(None),
        Some(raw) if raw.trim().is_empty() => Ok(None),
        Some(raw) => SamplingPlanId::parse(raw)
            .map(Some)
            .map_err(|_| ActionError::NotFound(format!("sampling plan {raw}"))),
    }
}

pub async fn chosen(
    state: &AppState,
    actor: &Actor,
    centre_id: &CentreId,
    plan_id: Option<&SamplingPlanId>,
) -> Result<Option<PlanWithRates>, ActionError> {
    if let Some(id) = plan_id.filter(|id| !id.trim().is_empty()) {
        let plan = visible(state, actor, id).await?;
        if plan.plan.centre_id != *centre_id {
            return Err(ActionError::NotFound(format!("sampling plan {id}")));
        }
        return Ok(Some(plan));
    }
    let today = state.clock.naive().date();
    let plans = list(state, actor, centre_id).await?;
    let current_one = plans
        .iter()
        .find(|p| p.plan.period_start <= today && today <= p.plan.period_end)
        .cloned();
    Ok(current_one.or_else(|| plans.into_iter().next()))
}

/// The refusals of the sampling endpoints, for the route table.
pub const ERRORS: &[(u16, &str)] = &[
    (401, "Not signed in (unauthenticated)"),
    (
        403,
        "Seen but not allowed, or an EQA trying to write (forbidden)",
    ),
    (
        404,
        "Not found, not visible to the caller, or a decision of another centre (not_found)",
    ),
    (
        409,
        "The plan was changed since the version sent (conflict)",
    ),
    (
        422,
        "Invalid input (invalid, with errors by field: rates from 0 to 100, dates, a reason for a changed proposal); iqa_own_decision (C8)",
    ),
];
