//! Proposing and taking a sample. The decisions of the plan's period are read in a fixed number
//! of queries, turned into CAMERA facts, and handed to the pure proposal. Taking a sample checks
//! every chosen decision is this centre's (404 otherwise) and not the IQA's own (C8, 422
//! `iqa_own_decision`), before and again inside the write transaction.

use std::collections::{BTreeMap, HashSet};

use serde_json::json;

use crate::actions::ActionError;
use crate::actions::Actor;
use crate::actions::AppState;
use crate::actions::access::require_centre_role;
use crate::actions::iqa::sampling::{IQA, PlanWithRates, chosen, plan_param};
use crate::domain::ids::{CentreId, QualificationId, SamplingPlanId, UserId};
use crate::domain::iqa_check::SampleStatus;
use crate::domain::people::FieldError;
use crate::domain::sampling::camera::Decision;
use crate::domain::sampling::proposal::{
    Proposal, ProposalRequest, differs_from, propose, require_none_own,
};
use crate::domain::sampling::{PickedBy, Stage};
use crate::store::audit::{self, NewAuditEntry};
use crate::store::people;
use crate::store::samples::{self, Sample};
use crate::store::sampling_decisions::{self, DecisionFacts, DecisionRow};

pub use super::camera_facts::{DecisionInfo, decisions_of};
use crate::store::{DbConnection, StoreError};

/// The period's decisions of a plan (optionally of one stage), the ids sampled before, and the
/// names of the centre's people.
pub struct Period {
    pub plan: PlanWithRates,
    pub decisions: Vec<Decision>,
    pub infos: Vec<DecisionInfo>,
    pub sampled: HashSet<String>,
    pub names: BTreeMap<String, String>,
}

pub fn load_period(
    conn: &mut DbConnection,
    plan: PlanWithRates,
    stage: Option<Stage>,
) -> Result<Period, StoreError> {
    let p = &plan.plan;
    let facts = sampling_decisions::of_centre(
        conn,
        &p.centre_id,
        &p.qualification_id,
        (p.period_start, p.period_end),
    )?;
    let (decisions, infos): (Vec<Decision>, Vec<DecisionInfo>) = {
        let (d, i) = decisions_of(&facts.rows, &facts);
        d.into_iter()
            .zip(i)
            .filter(|(d, _)| stage.is_none_or(|s| d.stage == s))
            .unzip()
    };
    let sampled = samples::of_centre_qualification(conn, &p.centre_id, &p.qualification_id)?
        .into_iter()
        .map(|s| s.judgement_id)
        .collect();
    let names = people::people_of_centre(conn, &p.centre_id)?
        .into_iter()
        .map(|(u, _)| (u.id, u.name))
        .collect();
    Ok(Period {
        plan,
        decisions,
        infos,
        sampled,
        names,
    })
}

/// A proposal with what it was made from.
pub struct ProposalView {
    pub period: Period,
    pub stage: Option<Stage>,
    pub proposal: Proposal,
}

pub fn parse_stage(raw: Option<&str>) -> Result<Option<Stage>, ActionError> {
    match raw.map(str::trim).filter(|s| !s.is_empty()) {
        None => Ok(None),
        Some(code) => Stage::parse(code).map(Some).ok_or_else(|| {
            ActionError::Invalid(vec![FieldError::new(
                "stage",
                "Choose interim or summative",
            )])
        }),
    }
}

fn no_plan() -> ActionError {
    ActionError::Invalid(vec![FieldError::new(
        "plan_id",
        "Write a sampling plan for this centre first",
    )])
}

/// The IQA's proposed sample. Without a seed, one is drawn from the clock (and shown).
pub async fn proposal(
    state: &AppState,
    actor: &Actor,
    centre_id: &CentreId,
    plan_id: Option<&SamplingPlanId>,
    stage: Option<Stage>,
    seed: Option<u64>,
) -> Result<ProposalView, ActionError> {
    require_centre_role(actor, centre_id, IQA)?;
    let plan = chosen(state, actor, centre_id, plan_id)
        .await?
        .ok_or_else(no_plan)?;
    let seed = seed.unwrap_or_else(|| {
        state
            .clock
            .naive()
            .and_utc()
            .timestamp_micros()
            .unsigned_abs()
            % 1_000_000
    });
    let period = state
        .db
        .run(move |conn| load_period(conn, plan, stage))
        .await?;
    let rates = period.plan.rates_for_proposal();
    let proposal = propose(&ProposalRequest {
        rates: &rates,
        decisions: &period.decisions,
        already_sampled: &period.sampled,
        iqa_id: &actor.user.id,
        seed,
    });
    Ok(ProposalView {
        period,
        stage,
        proposal,
    })
}

/// What the IQA accepts: the decisions they chose, and why they changed the proposal.
#[derive(Debug, Clone, Default)]
pub struct Accept {
    pub judgement_ids: Vec<String>,
    pub seed: Option<u64>,
    pub plan_id: String,
    pub stage: String,
    pub adjustment_reason: String,
}

/// Check the chosen decisions against the centre, the plan's qualification, C8 and the stage.
fn check_chosen(
    rows: &[DecisionRow],
    signed_off: &[(String, String)],
    wanted: &[String],
    plan: &PlanWithRates,
    iqa_id: &UserId,
    stage: Stage,
) -> Result<Vec<Decision>, ActionError> {
    let facts = DecisionFacts {
        signed_off: signed_off.to_vec(),
        ..DecisionFacts::default()
    };
    let (decisions, _) = decisions_of(rows, &facts);
    for id in wanted {
        let found = rows.iter().find(|r| &r.judgement_id == id);
        if !found.is_some_and(|r| {
            r.centre_id == plan.plan.centre_id && r.qualification_id == plan.plan.qualification_id
        }) {
            return Err(ActionError::NotFound(format!("decision {id}")));
        }
    }
    require_none_own(iqa_id, &decisions)?;
    if let Some(d) = decisions.iter().find(|d| d.stage != stage) {
        return Err(ActionError::Invalid(vec![FieldError::new(
            "judgement_ids",
            &format!(
                "Decision {} is not at the {} stage: its unit is {}signed off",
                d.judgement_id,
                stage.as_str(),
                if d.stage == Stage::Summative {
                    ""
                } else {
                    "not "
                }
            ),
        )]));
    }
    Ok(decisions)
}

fn tidy_ids(ids: &[String]) -> Result<Vec<String>, ActionError> {
    let mut out: Vec<String> = ids
        .iter()
        .map(|i| i.trim().to_owned())
        .filter(|i| !i.is_empty())
        .collect();
    out.sort();
    out.dedup();
    if out.is_empty() {
        return Err(ActionError::Invalid(vec![FieldError::new(
            "judgement_ids",
            "Choose at least one decision to sample",
        )]));
    }
    Ok(out)
}

/// The judgements the proposal of this seed picks; 422 when the IQA's set differs from it (or
/// there is no proposal to follow) and no reason is given.
async fn proposed_picks(
    state: &AppState,
    actor: &Actor,
    (centre_id, plan, stage): (&CentreId, &PlanWithRates, Stage),
    input: &Accept,
    ids: &[String],
) -> Result<HashSet<String>, ActionError> {
    let reason = input.adjustment_reason.trim();
    let Some(seed) = input.seed else {
        return if reason.is_empty() {
            Err(reason_needed())
        } else {
            Ok(HashSet::new())
        };
    };
    let plan_id = SamplingPlanId::from_stored(plan.plan.id.clone());
    let view = proposal(
        state,
        actor,
        centre_id,
        Some(&plan_id),
        Some(stage),
        Some(seed),
    )
    .await?;
    if differs_from(&view.proposal, ids) && reason.is_empty() {
        return Err(reason_needed());
    }
    Ok(view
        .proposal
        .picks
        .into_iter()
        .map(|p| p.judgement_id)
        .collect())
}

/// The sample rows of the chosen decisions, each marked picked by the proposal or by the IQA.
fn new_samples(
    rows: &[DecisionRow],
    (plan, stage, input): (&PlanWithRates, Stage, &Accept),
    proposed: &HashSet<String>,
    iqa_id: &UserId,
    now: chrono::NaiveDateTime,
) -> Vec<Sample> {
    let reason = Some(input.adjustment_reason.trim().to_owned()).filter(|r| !r.is_empty());
    rows.iter()
        .map(|r| Sample {
            id: people::new_id(),
            centre_id: plan.plan.centre_id.clone(),
            qualification_id: r.qualification_id.clone(),
            plan_id: Some(plan.plan.id.clone()),
            registration_id: r.registration_id.clone(),
            judgement_id: r.judgement_id.clone(),
            unit_id: r.unit_id.clone(),
            item_id: r.item_id.clone(),
            assessor_id: r.assessor_id.clone(),
            iqa_id: iqa_id.to_string(),
            stage,
            seed: input.seed.and_then(|s| i64::try_from(s).ok()),
            picked_by: if proposed.contains(&r.judgement_id) {
                PickedBy::Proposal
            } else {
                PickedBy::Iqa
            },
            adjustment_reason: reason.clone(),
            status: SampleStatus::Open,
            created_at: now,
        })
        .collect()
}

/// The IQA takes a sample. 404 for a decision of another centre or qualification, 422
/// `iqa_own_decision` (C8), 422 when the set differs from the proposal and no reason is given.
pub async fn accept(
    state: &AppState,
    actor: &Actor,
    centre_id: &CentreId,
    input: Accept,
) -> Result<Vec<Sample>, ActionError> {
    require_centre_role(actor, centre_id, IQA)?;
    let stage = parse_stage(Some(&input.stage))?.ok_or_else(|| {
        ActionError::Invalid(vec![FieldError::new(
            "stage",
            "Choose interim or summative",
        )])
    })?;
    let ids = tidy_ids(&input.judgement_ids)?;
    let plan_id = plan_param(Some(&input.plan_id))?;
    let plan = chosen(state, actor, centre_id, plan_id.as_ref())
        .await?
        .ok_or_else(no_plan)?;
    let key = ids.clone();
    let (rows, signed_off) = state
        .db
        .run(move |conn| sampling_decisions::by_ids(conn, &key))
        .await?;
    let me = actor.id();
    check_chosen(&rows, &signed_off, &ids, &plan, &me, stage)?;
    let proposed = proposed_picks(state, actor, (centre_id, &plan, stage), &input, &ids).await?;
    let now = state.clock.naive();
    let new = new_samples(&rows, (&plan, stage, &input), &proposed, &me, now);
    let (copy, actor, plan_copy) = (new.clone(), actor.clone(), plan.clone());
    state
        .db
        .write(move |conn| -> Result<(), ActionError> {
            // Again inside the transaction: what is written is what was checked.
            let (rows, signed_off) = sampling_decisions::by_ids(conn, &ids)?;
            check_chosen(&rows, &signed_off, &ids, &plan_copy, &me, stage)?;
            samples::insert_all(conn, &copy)?;
            for sample in &copy {
                audit::append(conn, sample_entry(&actor, sample), now)?;
            }
            Ok(())
        })
        .await?;
    Ok(new)
}

fn reason_needed() -> ActionError {
    ActionError::Invalid(vec![FieldError::new(
        "adjustment_reason",
        "Say why you changed the proposed sample",
    )])
}

fn sample_entry(actor: &Actor, sample: &Sample) -> NewAuditEntry {
    NewAuditEntry {
        actor_id: Some(actor.user.id.clone()),
        actor_name: actor.user.name.clone(),
        centre_id: Some(sample.centre_id.clone()),
        action: "sample_taken".to_owned(),
        record_type: "sample".to_owned(),
        record_id: sample.id.clone(),
        reason: sample.adjustment_reason.clone(),
        details: json!({
            "judgement_id": sample.judgement_id, "registration_id": sample.registration_id,
            "assessor_id": sample.assessor_id, "stage": sample.stage, "seed": sample.seed,
            "picked_by": sample.picked_by, "plan_id": sample.plan_id,
        }),
    }
}

/// A centre's samples the caller may read, newest first.
pub async fn list(
    state: &AppState,
    actor: &Actor,
    centre_id: &CentreId,
) -> Result<Vec<Sample>, ActionError> {
    let readable = crate::actions::iqa::sampling::require_reader(actor, centre_id)?;
    let centre = centre_id.to_string();
    let all = state
        .db
        .run(move |conn| samples::of_centre(conn, &centre))
        .await?;
    Ok(all
        .into_iter()
        .filter(|s| readable.allows(&QualificationId::from_stored(s.qualification_id.as_str())))
        .collect())
}
