//! Judging in a double-marking exercise: each invited marker's verdicts, then the IQA's agreed
//! outcomes into the decision log.

use serde_json::json;

use super::{criteria_of, figures, find, viewer};
use crate::actions::access::require_centre_role;
use crate::actions::iqa::standardisation::{audit_entry, require_iqa};
use crate::actions::{ActionError, Actor, AppState};
use crate::domain::ids::{CentreId, ExerciseId};
use crate::domain::roles::Role;
use crate::domain::standardisation::activity::{VerdictInput, check_verdicts};
use crate::domain::standardisation::agreement::ExerciseAgreement;
use crate::domain::standardisation::{ExerciseStatus, Verdict};
use crate::store::DbConnection;
use crate::store::audit;
use crate::store::standardisation::{self as store, Decision, Exercise, MarkerJudgement};

/// An invited marker judges criteria: 404 when not invited, 422 for a criterion outside the
/// exercise, 409 when already judged or the exercise is closed.
pub async fn judge(
    state: &AppState,
    actor: &Actor,
    exercise_id: &ExerciseId,
    input: Vec<VerdictInput>,
) -> Result<Vec<MarkerJudgement>, ActionError> {
    let (exercise, markers) = find(state, exercise_id).await?;
    viewer(actor, &exercise, &markers)?;
    require_centre_role(
        actor,
        &CentreId::from_stored(exercise.centre_id.as_str()),
        &[Role::Assessor],
    )?;
    if !markers.contains(&actor.user.id) {
        return Err(ActionError::NotFound(format!(
            "double-marking exercise {exercise_id}"
        )));
    }
    let checked =
        check_verdicts(&input, &criteria_of(&exercise), false).map_err(ActionError::Invalid)?;
    let now = state.clock.naive();
    let rows: Vec<MarkerJudgement> = checked
        .into_iter()
        .map(|(criterion_id, verdict, comment)| MarkerJudgement {
            id: uuid::Uuid::new_v4().to_string(),
            exercise_id: exercise.id.clone(),
            marker_id: actor.user.id.clone(),
            criterion_id,
            outcome: verdict,
            comment,
            judged_at: now,
        })
        .collect();
    let (saved, actor) = (rows.clone(), actor.clone());
    state
        .db
        .write(move |conn| {
            save_judgements(
                conn,
                &ExerciseId::from_stored(exercise.id.as_str()),
                &saved,
                &actor,
                now,
            )
        })
        .await?;
    Ok(rows)
}

/// Inside the transaction: 409 once the exercise is closed or a criterion is judged already by
/// this marker; else the judgements and their audit entry.
fn save_judgements(
    conn: &mut DbConnection,
    exercise_id: &ExerciseId,
    saved: &[MarkerJudgement],
    actor: &Actor,
    now: chrono::NaiveDateTime,
) -> Result<(), ActionError> {
    let Some(held) = store::hold_exercise(conn, exercise_id)? else {
        return Err(ActionError::NotFound(format!(
            "double-marking exercise {exercise_id}"
        )));
    };
    if held.status != ExerciseStatus::Open {
        return Err(ActionError::Conflict(
            "This exercise is closed: judgements can no longer be added.".to_owned(),
        ));
    }
    let mine: Vec<String> = store::judgements_of(conn, &held.id)?
        .into_iter()
        .filter(|j| j.marker_id == actor.user.id)
        .map(|j| j.criterion_id)
        .collect();
    if let Some(again) = saved.iter().find(|j| mine.contains(&j.criterion_id)) {
        return Err(ActionError::Conflict(format!(
            "You have already judged {} in this exercise.",
            again.criterion_id
        )));
    }
    store::insert_judgements(conn, saved)?;
    let criteria: Vec<&str> = saved.iter().map(|j| j.criterion_id.as_str()).collect();
    audit::append(
        conn,
        audit_entry(
            actor,
            &CentreId::from_stored(held.centre_id.as_str()),
            "double_marking_judged",
            ("double_marking_exercise", &held.id),
            json!({"criteria": criteria}),
        ),
        now,
    )?;
    Ok(())
}

/// The IQA records agreed outcomes with their rationale into the decision log. 409 while the
/// exercise is open or when a criterion's outcome is already recorded; 422 for bad input.
pub async fn agree(
    state: &AppState,
    actor: &Actor,
    exercise_id: &ExerciseId,
    input: Vec<VerdictInput>,
) -> Result<Vec<Decision>, ActionError> {
    let (exercise, markers) = find(state, exercise_id).await?;
    viewer(actor, &exercise, &markers)?;
    require_iqa(actor, &CentreId::from_stored(exercise.centre_id.as_str()))?;
    let criteria = criteria_of(&exercise);
    let checked = check_verdicts(&input, &criteria, true).map_err(ActionError::Invalid)?;
    let now = state.clock.naive();
    let actor = actor.clone();
    state
        .db
        .write(move |conn| save_agreed(conn, &exercise, (&criteria, &checked), &actor, now))
        .await
}

/// The decision-log rows of the agreed outcomes, each with the markers' agreement on it.
fn decisions_of(
    held: &Exercise,
    checked: &[(String, Verdict, String)],
    f: &ExerciseAgreement,
    actor: &Actor,
    now: chrono::NaiveDateTime,
) -> Vec<Decision> {
    checked
        .iter()
        .map(|(criterion_id, verdict, rationale)| Decision {
            id: uuid::Uuid::new_v4().to_string(),
            exercise_id: held.id.clone(),
            centre_id: held.centre_id.clone(),
            qualification_id: held.qualification_id.clone(),
            criterion_id: criterion_id.clone(),
            outcome: *verdict,
            rationale: rationale.clone(),
            agreement_percent: f
                .criteria
                .iter()
                .find(|c| c.criterion_id == *criterion_id)
                .and_then(|c| c.agreement)
                .map(|a| (a * 100.0).round() as i32),
            recorded_by: actor.user.id.clone(),
            recorded_at: now,
        })
        .collect()
}

/// Inside the transaction: 409 while the exercise is open or when an outcome is recorded
/// already; else the decisions and their audit entry.
fn save_agreed(
    conn: &mut DbConnection,
    exercise: &Exercise,
    (criteria, checked): (&[String], &[(String, Verdict, String)]),
    actor: &Actor,
    now: chrono::NaiveDateTime,
) -> Result<Vec<Decision>, ActionError> {
    let Some(held) = store::hold_exercise(conn, &exercise.id)? else {
        return Err(ActionError::NotFound(format!(
            "double-marking exercise {}",
            exercise.id
        )));
    };
    if held.status != ExerciseStatus::Closed {
        return Err(ActionError::Conflict(
            "Close the exercise before recording agreed outcomes.".to_owned(),
        ));
    }
    let recorded = store::decisions_of_exercise(conn, &held.id)?;
    if let Some((again, _, _)) = checked
        .iter()
        .find(|(c, _, _)| recorded.iter().any(|d| d.criterion_id == *c))
    {
        return Err(ActionError::Conflict(format!(
            "The agreed outcome for {again} is already recorded."
        )));
    }
    let f = figures(criteria, &store::judgements_of(conn, &held.id)?);
    let decisions = decisions_of(&held, checked, &f, actor, now);
    store::insert_decisions(conn, &decisions)?;
    let ids: Vec<&str> = decisions.iter().map(|d| d.criterion_id.as_str()).collect();
    audit::append(
        conn,
        audit_entry(
            actor,
            &CentreId::from_stored(held.centre_id.as_str()),
            "double_marking_agreed",
            ("double_marking_exercise", &held.id),
            json!({"criteria": ids}),
        ),
        now,
    )?;
    Ok(decisions)
}
