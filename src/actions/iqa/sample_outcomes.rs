//! The IQA's checks of sampled decisions: agree, or refer with feedback and actions, for one
//! sample or many at once (a learner's unit, say), all or none. Each check is recorded with its
//! actions and sealed audit entry; a referral reopens the unit for the assessor (unlocking a
//! standing sign-off). Then each assessor gets one message listing every decision checked, and
//! each learner with a decision referred one message, in the same transaction.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::json;

use super::sample_checks::{SAMPLE, visible_sample};
use crate::actions::ActionError;
use crate::actions::Actor;
use crate::actions::AppState;
use crate::actions::access::require_centre_role;
use crate::actions::assessment::sign_off::unlock_in_transaction;
use crate::actions::audit::of_registration as entry;
use crate::actions::error::ItemRefusal;
use crate::domain::ids::{CentreId, CriterionId, RecordId, SampleId, UnitId};
use crate::domain::iqa_check::{
    self, CheckOutcome, CheckRefused, CheckedOutcome, OutcomeInput, SampleState, SampleStatus,
};
use crate::domain::people::FieldError;
use crate::domain::roles::Role;
use crate::domain::sign_off::UnlockKind;
use crate::store::ledger::{self, Seal, SealedTable};
use crate::store::registrations::{self, Registration};
use crate::store::sample_checks::{self, Action, Check};
use crate::store::samples::{self, Sample};
use crate::store::{DbConnection, StoreError};

mod told;

/// One outcome of a batch: the sample and what the IQA says of it.
#[derive(Debug, Clone)]
pub struct SampleOutcome {
    pub sample_id: SampleId,
    pub input: OutcomeInput,
}

/// A check recorded, with the status it left its sample in.
#[derive(Debug, Clone)]
pub struct Recorded {
    pub check: Check,
    pub status: SampleStatus,
    pub actions: Vec<Action>,
}

/// The IQA records agree or refer on one sample. Refusals: 404 (not visible), 403 (not an IQA of
/// the centre), 422 `iqa_own_decision` (C8), 422 invalid (feedback, actions, due dates), 409
/// (settled, or actions still open).
pub async fn record_outcome(
    state: &AppState,
    actor: &Actor,
    sample_id: &SampleId,
    input: &OutcomeInput,
) -> Result<Check, ActionError> {
    let sample = visible_sample(state, actor, sample_id).await?;
    require_centre_role(
        actor,
        &CentreId::from_stored(sample.centre_id.as_str()),
        &[Role::Iqa],
    )?;
    let centre = CentreId::from_stored(sample.centre_id.clone());
    let one = vec![SampleOutcome {
        sample_id: sample_id.clone(),
        input: input.clone(),
    }];
    match record_outcomes(state, actor, &centre, one).await {
        Ok(mut recorded) => recorded
            .pop()
            .map(|r| r.check)
            .ok_or_else(|| ActionError::Internal("no check recorded".to_owned())),
        Err(ActionError::Batch { mut refusals, .. }) if refusals.len() == 1 => {
            Err(*refusals.remove(0).error)
        }
        Err(error) => Err(error),
    }
}

/// Many checks of the centre's samples at once, all or none: each refused outcome is named (its
/// position, the decision's criterion in words, why) in one `ActionError::Batch`; the refusals
/// of [`record_outcome`] apply to each, and a sample of another centre is not found.
pub async fn record_outcomes(
    state: &AppState,
    actor: &Actor,
    centre_id: &CentreId,
    outcomes: Vec<SampleOutcome>,
) -> Result<Vec<Recorded>, ActionError> {
    require_centre_role(
        actor,
        &CentreId::from_stored(centre_id.as_str()),
        &[Role::Iqa],
    )?;
    if outcomes.is_empty() {
        return Err(ActionError::field(
            "outcomes",
            "Choose agree or refer for at least one sampled decision",
        ));
    }
    let today = state.clock.naive().date();
    let ids: Vec<String> = outcomes.iter().map(|o| o.sample_id.to_string()).collect();
    let found = state
        .db
        .run(move |conn| -> Result<Vec<Option<Sample>>, StoreError> {
            ids.iter().map(|id| samples::get(conn, id)).collect()
        })
        .await?;
    let total = outcomes.len();
    let mut works = Vec::new();
    let mut refusals = Vec::new();
    let mut seen = BTreeSet::new();
    for (index, (outcome, sample)) in outcomes.into_iter().zip(found).enumerate() {
        let sample = sample.filter(|s| s.centre_id == centre_id.as_str());
        let (item, words) = named(state, sample.as_ref(), &outcome.sample_id);
        match prepare(actor, &outcome, sample, today, &mut seen) {
            Ok((sample, checked)) => works.push(Work {
                index,
                sample,
                checked,
                words,
            }),
            Err(error) => refusals.push(ItemRefusal::new(index, &*item, words, error)),
        }
    }
    let context = Saving {
        actor: actor.clone(),
        base: state.public_url.clone(),
        now: state.clock.naive(),
    };
    state
        .db
        .write(move |conn| save_all(conn, &context, works, refusals, total))
        .await
}

/// An outcome checked against its sample, outside the transaction.
struct Work {
    index: usize,
    sample: Sample,
    checked: CheckedOutcome,
    /// The sampled decision's criterion in words.
    words: String,
}

/// What every check of one batch shares inside the transaction.
struct Saving {
    actor: Actor,
    base: String,
    now: chrono::NaiveDateTime,
}

/// The checks that need no transaction: the sample is the centre's, named once, not the IQA's
/// own decision (C8), and the outcome is well formed.
fn prepare(
    actor: &Actor,
    outcome: &SampleOutcome,
    sample: Option<Sample>,
    today: chrono::NaiveDate,
    seen: &mut BTreeSet<String>,
) -> Result<(Sample, CheckedOutcome), ActionError> {
    let sample =
        sample.ok_or_else(|| ActionError::NotFound(format!("sample {}", outcome.sample_id)))?;
    if !seen.insert(sample.id.clone()) {
        return Err(ActionError::Invalid(vec![FieldError::new(
            "sample_id",
            "This decision is checked twice in the same submission; check it once",
        )]));
    }
    iqa_check::require_not_own_decision(&actor.user.id, &sample.assessor_id)?;
    let checked = iqa_check::check_outcome(&outcome.input, today).map_err(ActionError::Invalid)?;
    Ok((sample, checked))
}

/// The sampled decision's criterion id and words, for a refusal; the sample id when unknown.
fn named(state: &AppState, sample: Option<&Sample>, id: &SampleId) -> (Box<dyn RecordId>, String) {
    match sample {
        Some(s) => (
            Box::new(CriterionId::from_stored(s.item_id.as_str())),
            words_of(state, s),
        ),
        None => (
            Box::new(id.clone()),
            "No such sampled decision at this centre".to_owned(),
        ),
    }
}

fn words_of(state: &AppState, sample: &Sample) -> String {
    state
        .curriculum
        .item_words(&sample.unit_id, &sample.item_id)
}

/// Inside the transaction: every check the store allows, or every refusal at once (nothing kept).
fn save_all(
    conn: &mut DbConnection,
    context: &Saving,
    works: Vec<Work>,
    mut refusals: Vec<ItemRefusal>,
    total: usize,
) -> Result<Vec<Recorded>, ActionError> {
    let mut recorded = Vec::new();
    let mut registrations_of: BTreeMap<String, Registration> = BTreeMap::new();
    for work in works {
        match save_one(conn, context, &work, &mut registrations_of) {
            Ok(done) => recorded.push((work, done)),
            Err(error) => refusals.push(ItemRefusal::new(
                work.index,
                &CriterionId::from_stored(work.sample.item_id.as_str()),
                work.words.clone(),
                error,
            )),
        }
    }
    if !refusals.is_empty() {
        return Err(ActionError::batch(total, refusals));
    }
    told::tell(conn, context, &recorded, &registrations_of)?;
    Ok(recorded.into_iter().map(|(_, r)| r).collect())
}

fn save_one(
    conn: &mut DbConnection,
    context: &Saving,
    work: &Work,
    registrations_of: &mut BTreeMap<String, Registration>,
) -> Result<Recorded, ActionError> {
    let Some(sample) = samples::get(conn, &work.sample.id)? else {
        return Err(ActionError::NotFound(format!("sample {}", work.sample.id)));
    };
    let next = next_for(conn, &sample, &context.actor, work.checked.outcome)?;
    let registration = match registrations_of.get(&sample.registration_id) {
        Some(found) => found.clone(),
        None => registrations::find(conn, &sample.registration_id)?
            .ok_or_else(|| ActionError::NotFound(format!("sample {}", sample.id)))?,
    };
    registrations_of.insert(registration.id.clone(), registration.clone());
    let check = Check {
        id: uuid::Uuid::new_v4().to_string(),
        sample_id: sample.id.clone(),
        check_no: next.check_no,
        outcome: work.checked.outcome,
        feedback: work.checked.feedback.clone(),
        iqa_id: context.actor.user.id.clone(),
        recorded_at: context.now,
    };
    sample_checks::insert_check(conn, &check)?;
    samples::update_status(conn, &sample.id, next.status)?;
    let actions = save_actions(conn, &sample, &work.checked, context.now)?;
    let recorded = Recorded {
        check,
        status: next.status,
        actions,
    };
    record(conn, context, &registration, &sample, &recorded)?;
    Ok(recorded)
}

/// Inside the transaction: the next check of the sample, or the refusal (C8 against the
/// judgement itself, whatever the sample row says; settled; actions still open).
fn next_for(
    conn: &mut DbConnection,
    sample: &Sample,
    actor: &Actor,
    outcome: CheckOutcome,
) -> Result<iqa_check::NextCheck, ActionError> {
    let judged_by =
        sample_checks::decision(conn, &sample.judgement_id)?.map(|(j, _)| j.assessor_id);
    if judged_by.as_deref() == Some(actor.user.id.as_str()) {
        return Err(refusal(&CheckRefused::OwnDecision));
    }
    let now_state = state_of(conn, sample)?;
    iqa_check::next_check(&now_state, &actor.user.id, outcome).map_err(|refused| refusal(&refused))
}

fn refusal(refused: &CheckRefused) -> ActionError {
    match refused {
        CheckRefused::OwnDecision => {
            ActionError::Rule(crate::domain::rules::RuleViolation::IqaOwnDecision)
        }
        other => ActionError::Conflict(other.message()),
    }
}

/// The audit entry of a recorded check; a referral reopens the unit.
fn record(
    conn: &mut DbConnection,
    context: &Saving,
    registration: &Registration,
    sample: &Sample,
    recorded: &Recorded,
) -> Result<(), ActionError> {
    let (check, actor) = (&recorded.check, &context.actor);
    let details = json!({
        "check_no": check.check_no, "outcome": check.outcome, "status": recorded.status.as_str(),
        "item_id": sample.item_id, "unit_id": sample.unit_id, "judgement_id": sample.judgement_id,
        "actions": recorded.actions.iter().map(|a| json!({"id": a.id, "description": a.description, "due_on": a.due_on.to_string()})).collect::<Vec<_>>(),
    });
    let reason = (!check.feedback.is_empty()).then(|| check.feedback.clone());
    ledger::append_sealing(
        conn,
        entry(
            actor,
            registration,
            "iqa_check_recorded",
            (SAMPLE, &sample.id),
            reason,
            details,
        ),
        &[Seal::new(SealedTable::SampleChecks, &check.id)],
        context.now,
    )?;
    if check.outcome == CheckOutcome::Refer {
        let reason = format!("IQA referral: {}", check.feedback);
        let me = (actor.user.id.as_str(), actor.user.name.as_str());
        unlock_in_transaction(
            conn,
            registration,
            &UnitId::from_stored(sample.unit_id.clone()),
            UnlockKind::IqaReferral,
            &reason,
            me,
            context.now,
        )?;
    }
    Ok(())
}

/// The sample's state inside the transaction: how many checks, how many open actions.
fn state_of(conn: &mut DbConnection, sample: &Sample) -> Result<SampleState, StoreError> {
    let checks = sample_checks::checks_of_sample(conn, &sample.id)?;
    let actions = sample_checks::actions_of_sample(conn, &sample.id)?;
    Ok(SampleState {
        status: sample.status,
        assessor_id: sample.assessor_id.clone(),
        checks: checks.iter().map(|c| c.check_no).max().unwrap_or(0),
        open_actions: actions.iter().filter(|a| !a.is_closed()).count(),
    })
}

fn save_actions(
    conn: &mut DbConnection,
    sample: &Sample,
    checked: &CheckedOutcome,
    now: chrono::NaiveDateTime,
) -> Result<Vec<Action>, StoreError> {
    let mut saved = Vec::new();
    for planned in &checked.actions {
        let action = Action {
            id: uuid::Uuid::new_v4().to_string(),
            sample_id: sample.id.clone(),
            registration_id: sample.registration_id.clone(),
            assessor_id: sample.assessor_id.clone(),
            description: planned.description.clone(),
            due_on: planned.due_on,
            closed_at: None,
            closed_by: None,
            closing_note: None,
            created_at: now,
        };
        sample_checks::insert_action(conn, &action)?;
        saved.push(action);
    }
    Ok(saved)
}
