//! An IQA's check of a sampled decision and the actions a referral sets. A referral records the
//! check and its actions, sets the sample's status, reopens the unit for the assessor (unlocking
//! a standing sign-off) and writes the audit entries in one transaction, then the learner and the
//! assessor are told. Only the assessor an action belongs to closes it.

use serde_json::json;

use crate::actions::ActionError;
use crate::actions::Actor;
use crate::actions::AppState;
use crate::actions::access::{
    CentreRelation, centre_relation, require_centre_role, require_registration_visible,
};
use crate::actions::assessment::sign_off::unlock_in_transaction;
use crate::actions::audit::of_registration as entry;
use crate::domain::ids::UnitId;
use crate::domain::ids::{IqaActionId, SampleId};
use crate::domain::iqa_check::{
    self, CheckOutcome, CheckRefused, CheckedOutcome, CloseRefused, NextCheck, OutcomeInput,
    SampleState, SampleStatus,
};
use crate::domain::roles::Role;
use crate::domain::sign_off::UnlockKind;
use crate::store::audit;
use crate::store::ledger::{self, Seal, SealedTable};
use crate::store::notifications::notify_with_mail;
use crate::store::registrations::{self, Registration};
use crate::store::sample_checks::{self, Action, Check};
use crate::store::samples::{self, Sample};
use crate::store::{DbConnection, StoreError};

pub use crate::actions::iqa::sample_detail::{SampleDetail, detail, item_text};

/// The record type of samples in the audit trail.
pub const SAMPLE: &str = "sample";
/// The record type of IQA actions in the audit trail.
pub const IQA_ACTION: &str = "iqa_action";

/// The sample, if the caller may read it: the centre's IQAs and administrators, the platform
/// administrator, an EQA granted its qualification (another qualification: 404). Other members
/// of the centre get 403, anyone else 404.
pub async fn visible_sample(
    state: &AppState,
    actor: &Actor,
    sample_id: &SampleId,
) -> Result<Sample, ActionError> {
    let key = sample_id.to_string();
    let not_found = || ActionError::NotFound(format!("sample {sample_id}"));
    let sample = state
        .db
        .run(move |conn| samples::get(conn, &key))
        .await?
        .ok_or_else(not_found)?;
    match centre_relation(actor, &sample.centre_id) {
        None => Err(not_found()),
        Some(CentreRelation::Eqa(grants)) if !grants.contains(&sample.qualification_id) => {
            Err(not_found())
        }
        Some(CentreRelation::Eqa(_) | CentreRelation::PlatformAdmin) => Ok(sample),
        Some(CentreRelation::Member(roles))
            if roles.contains(&Role::Iqa) || roles.contains(&Role::CentreAdmin) =>
        {
            Ok(sample)
        }
        Some(CentreRelation::Member(_)) => Err(ActionError::Forbidden),
    }
}

fn refusal(refused: &CheckRefused) -> ActionError {
    match refused {
        CheckRefused::OwnDecision => {
            ActionError::Rule(crate::domain::rules::RuleViolation::IqaOwnDecision)
        }
        other => ActionError::Conflict(other.message()),
    }
}

/// The IQA records agree or refer on a sample. Refusals: 404 (not visible), 403 (not an IQA of
/// the centre), 422 `iqa_own_decision` (C8), 422 invalid (feedback, actions, due dates), 409
/// (settled, or actions still open).
pub async fn record_outcome(
    state: &AppState,
    actor: &Actor,
    sample_id: &SampleId,
    input: &OutcomeInput,
) -> Result<Check, ActionError> {
    let sample = visible_sample(state, actor, sample_id).await?;
    require_centre_role(actor, &sample.centre_id, &[Role::Iqa])?;
    iqa_check::require_not_own_decision(&actor.user.id, &sample.assessor_id)?;
    let now = state.clock.naive();
    let checked = iqa_check::check_outcome(input, now.date()).map_err(ActionError::Invalid)?;
    let registration_id = sample.registration_id.clone();
    let registration = state
        .db
        .run(move |conn| registrations::find(conn, &registration_id))
        .await?
        .ok_or_else(|| ActionError::NotFound(format!("sample {sample_id}")))?;
    let text = item_text(state, &sample.unit_id, &sample.item_id);
    let (actor, base) = (actor.clone(), state.public_url.clone());
    state
        .db
        .write(move |conn| -> Result<Check, ActionError> {
            let Some(sample) = samples::get(conn, &sample.id)? else {
                return Err(ActionError::NotFound(format!("sample {}", sample.id)));
            };
            let next = next_for(conn, &sample, &actor, checked.outcome)?;
            let check = Check {
                id: uuid::Uuid::new_v4().to_string(),
                sample_id: sample.id.clone(),
                check_no: next.check_no,
                outcome: checked.outcome,
                feedback: checked.feedback.clone(),
                iqa_id: actor.user.id.clone(),
                recorded_at: now,
            };
            sample_checks::insert_check(conn, &check)?;
            samples::update_status(conn, &sample.id, next.status)?;
            let actions = save_actions(conn, &sample, &checked, now)?;
            let told = Told {
                actor: &actor,
                registration: &registration,
                sample: &sample,
                item: &text,
                base: &base,
            };
            record_and_tell(conn, &told, (&check, next.status, &actions), now)?;
            Ok(check)
        })
        .await
}

/// Inside the transaction: the next check of the sample, or the refusal (C8 against the
/// judgement itself, whatever the sample row says; settled; actions still open).
fn next_for(
    conn: &mut DbConnection,
    sample: &Sample,
    actor: &Actor,
    outcome: CheckOutcome,
) -> Result<NextCheck, ActionError> {
    let judged_by =
        sample_checks::decision(conn, &sample.judgement_id)?.map(|(j, _)| j.assessor_id);
    if judged_by.as_deref() == Some(actor.user.id.as_str()) {
        return Err(refusal(&CheckRefused::OwnDecision));
    }
    let now_state = state_of(conn, sample)?;
    iqa_check::next_check(&now_state, &actor.user.id, outcome).map_err(|refused| refusal(&refused))
}

/// The audit entry of a recorded check, then a referral (the unit reopened, the assessor told
/// of the actions) or the agreement told.
fn record_and_tell(
    conn: &mut DbConnection,
    told: &Told<'_>,
    (check, status, actions): (&Check, SampleStatus, &[Action]),
    now: chrono::NaiveDateTime,
) -> Result<(), ActionError> {
    let (actor, registration, sample) = (told.actor, told.registration, told.sample);
    let details = json!({
        "check_no": check.check_no, "outcome": check.outcome, "status": status.as_str(),
        "item_id": sample.item_id, "unit_id": sample.unit_id, "judgement_id": sample.judgement_id,
        "actions": actions.iter().map(|a| json!({"id": a.id, "description": a.description, "due_on": a.due_on.to_string()})).collect::<Vec<_>>(),
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
        now,
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
            now,
        )?;
        tell_of_referral(conn, told, check, actions, now)?;
    } else {
        tell_of_agreement(conn, told, status, now)?;
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

/// Who is told about a check, and about what.
struct Told<'a> {
    actor: &'a Actor,
    registration: &'a Registration,
    sample: &'a Sample,
    /// The item's id and wording.
    item: &'a str,
    base: &'a str,
}

fn tell_of_referral(
    conn: &mut DbConnection,
    t: &Told<'_>,
    check: &Check,
    actions: &[Action],
    now: chrono::NaiveDateTime,
) -> Result<(), StoreError> {
    let learner_body = format!(
        "Your assessor's decision on {} is being looked at again by the centre's internal quality assurer, who checks assessors' decisions. This is a normal part of quality assurance and does not mean you did anything wrong. Your assessor may ask you for more evidence; you do not need to do anything until they contact you.",
        t.item
    );
    notify_with_mail(
        conn,
        &t.registration.learner_id,
        "A decision on your work is being looked at again",
        &learner_body,
        &format!("/registrations/{}/assessment", t.registration.id),
        t.base,
        now,
    )?;
    let list: Vec<String> = actions
        .iter()
        .map(|a| format!("- {} (due {})", a.description, a.due_on))
        .collect();
    let assessor_body = format!(
        "{} referred your decision on {} back to you (check {}).\n\nFeedback: {}\n\nActions:\n{}\n\nThe unit is open again for you. Close each action when it is done; the IQA then checks the decision again.",
        t.actor.user.name,
        t.item,
        check.check_no,
        check.feedback,
        list.join("\n")
    );
    notify_with_mail(
        conn,
        &t.sample.assessor_id,
        "An IQA referred a decision back to you",
        &assessor_body,
        "/iqa-actions",
        t.base,
        now,
    )?;
    Ok(())
}

fn tell_of_agreement(
    conn: &mut DbConnection,
    t: &Told<'_>,
    status: SampleStatus,
    now: chrono::NaiveDateTime,
) -> Result<(), StoreError> {
    let body = if status == SampleStatus::Resolved {
        format!(
            "{} checked your decision on {} again and agreed it. The referral is resolved.",
            t.actor.user.name, t.item
        )
    } else {
        format!(
            "{} sampled your decision on {} and agreed it.",
            t.actor.user.name, t.item
        )
    };
    notify_with_mail(
        conn,
        &t.sample.assessor_id,
        "An IQA agreed your decision",
        &body,
        "/iqa-actions",
        t.base,
        now,
    )?;
    Ok(())
}

/// The assessor an action belongs to closes it with a note. Refusals: 404 (not visible), 403
/// (another person's action), 422 (no note), 409 (closed already).
pub async fn close_action(
    state: &AppState,
    actor: &Actor,
    action_id: &IqaActionId,
    note: &str,
) -> Result<Action, ActionError> {
    let key = action_id.to_string();
    let not_found = || ActionError::NotFound(format!("action {action_id}"));
    let (action, registration) = state
        .db
        .run(move |conn| {
            let Some(action) = sample_checks::find_action(conn, &key)? else {
                return Ok(None);
            };
            let registration = registrations::find(conn, &action.registration_id)?;
            Ok::<_, StoreError>(registration.map(|r| (action, r)))
        })
        .await?
        .ok_or_else(not_found)?;
    require_registration_visible(actor, &registration).map_err(|_| not_found())?;
    iqa_check::may_close_action(&action.assessor_id, &actor.user.id, action.is_closed()).map_err(
        |refused| match refused {
            CloseRefused::NotTheirs => ActionError::Forbidden,
            CloseRefused::AlreadyClosed => {
                ActionError::Conflict("This action is already closed.".to_owned())
            }
        },
    )?;
    let note = iqa_check::check_closing_note(note).map_err(|e| ActionError::Invalid(vec![e]))?;
    let now = state.clock.naive();
    let (actor, base) = (actor.clone(), state.public_url.clone());
    state
        .db
        .write(move |conn| -> Result<Action, ActionError> {
            if !sample_checks::close_action(conn, &action.id, &actor.user.id, &note, now)? {
                return Err(ActionError::Conflict("This action is already closed.".to_owned()));
            }
            let details = json!({"sample_id": action.sample_id, "description": action.description, "due_on": action.due_on.to_string()});
            audit::append(conn, entry(&actor, &registration, "iqa_action_closed", (IQA_ACTION, &action.id), Some(note.clone()), details), now)?;
            let left = sample_checks::actions_of_sample(conn, &action.sample_id)?
                .iter()
                .filter(|a| !a.is_closed())
                .count();
            if let Some(sample) = samples::get(conn, &action.sample_id)? {
                let body = if left == 0 {
                    format!("{} closed every action on the referred decision on {}: it is ready for you to check again.\n\nLast note: {}", actor.user.name, sample.item_id, note)
                } else {
                    format!("{} closed an action on the referred decision on {} ({left} still open).\n\nNote: {}", actor.user.name, sample.item_id, note)
                };
                notify_with_mail(conn, &sample.iqa_id, "An assessor closed an IQA action", &body, &format!("/samples/{}", sample.id), &base, now)?;
            }
            Ok(Action { closed_at: Some(now), closed_by: Some(actor.user.id.clone()), closing_note: Some(note.clone()), ..action })
        })
        .await
}
