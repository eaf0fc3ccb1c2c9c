//! Setting up and closing a double-marking exercise: the anonymised copy markers see, the
//! markers invited, and the close that shows the agreement figures.

use std::collections::BTreeSet;

use serde_json::json;

use super::candidates::criteria_to_judge;
use super::{criteria_of, figures, find, viewer};
use crate::actions::iqa::standardisation::{audit_entry, criterion_texts, require_iqa};
use crate::actions::{ActionError, Actor, AppState};
use crate::domain::ids::{CentreId, EvidenceId, ExerciseId, QualificationId};
use crate::domain::people::FieldError;
use crate::domain::roles::Role;
use crate::domain::standardisation::ExerciseStatus;
use crate::domain::standardisation::activity::{ExerciseInput, check_exercise};
use crate::domain::standardisation::anonymise::{NeutralFile, anonymise_text, neutral_files};
use crate::store::audit;
use crate::store::json::Json;
use crate::store::notifications::notify;
use crate::store::standardisation::{self as store, Exercise, Marker};
use crate::store::{DbConnection, StoreError, evidence, people, registrations};

/// What markers are shown of an evidence item, and the item's qualification.
struct AnonymisedCopy {
    qualification_id: String,
    title: String,
    text: String,
    /// The neutral file list.
    files: Vec<NeutralFile>,
}

/// The refusal of an evidence item that is not one of the centre's (or not an id at all).
fn not_the_centres() -> ActionError {
    ActionError::Invalid(vec![FieldError::new(
        "evidence_id",
        "Choose an evidence item of a learner at this centre",
    )])
}

/// The anonymised copy of an evidence item of the centre, and its qualification.
fn anonymised_copy(
    conn: &mut DbConnection,
    centre_id: &CentreId,
    evidence_id: &EvidenceId,
) -> Result<AnonymisedCopy, ActionError> {
    let not_here = || Err(not_the_centres());
    let Some(item) = evidence::find_item(conn, evidence_id)? else {
        return not_here();
    };
    let Some(registration) = registrations::find(conn, &item.registration_id)? else {
        return not_here();
    };
    if registration.centre_id != *centre_id {
        return not_here();
    }
    let learner = people::find_user(conn, &registration.learner_id)?;
    let (name, email) = learner.map(|u| (u.name, u.email)).unwrap_or_default();
    let version = evidence::versions(conn, &item.id)?
        .into_iter()
        .find(|v| v.version == item.current_version);
    let text = version
        .map(|v| [v.description, v.body_text].join("\n\n"))
        .unwrap_or_default();
    let files: Vec<(String, String, i64)> = evidence::files_of(conn, &item.id)?
        .into_iter()
        .map(|f| (f.filename, f.media_type, f.size_bytes))
        .collect();
    let files = neutral_files(&files);
    Ok(AnonymisedCopy {
        qualification_id: registration.qualification_id,
        title: anonymise_text(&item.title, &name, &email),
        text: anonymise_text(text.trim(), &name, &email),
        files,
    })
}

/// The IQA sets up an exercise: 422 for another centre's evidence, criteria outside its
/// qualification, or fewer than two of the centre's assessors. No criteria asked for means every
/// criterion the item is mapped to.
pub async fn create(
    state: &AppState,
    actor: &Actor,
    centre_id: &CentreId,
    input: ExerciseInput,
) -> Result<Exercise, ActionError> {
    require_iqa(actor, centre_id)?;
    let evidence_id = EvidenceId::parse(input.evidence_id.trim()).map_err(|_| not_the_centres())?;
    let centre = centre_id.clone();
    let (copy, people, mapped) = state
        .db
        .run(move |conn| -> Result<_, ActionError> {
            Ok((
                anonymised_copy(conn, &centre, &evidence_id)?,
                people::people_of_centre(conn, &centre)?,
                evidence::mappings_of(conn, evidence_id.as_str())?,
            ))
        })
        .await?;
    let AnonymisedCopy {
        qualification_id,
        title,
        text,
        files,
    } = copy;
    let assessors: BTreeSet<String> = people
        .iter()
        .filter(|(_, roles)| Role::Assessor.is_among(roles))
        .map(|(u, _)| u.id.clone())
        .collect();
    let qualification = QualificationId::from_stored(qualification_id.as_str());
    let (criteria, markers) = checked(state, &input, (&qualification, &mapped), &assessors)?;
    let now = state.clock.naive();
    let exercise = Exercise {
        id: uuid::Uuid::new_v4().to_string(),
        centre_id: centre_id.to_string(),
        qualification_id,
        evidence_id: input.evidence_id.trim().to_owned(),
        iqa_id: actor.user.id.clone(),
        anonymised_title: title,
        anonymised_text: text,
        anonymised_files: Json(files),
        criteria: Json(criteria.clone()),
        status: ExerciseStatus::Open,
        created_at: now,
        closed_at: None,
    };
    let (saved, actor) = (exercise.clone(), actor.clone());
    state
        .db
        .write(move |conn| save_exercise(conn, &saved, (&criteria, &markers), &actor, now))
        .await?;
    Ok(exercise)
}

/// The criteria (those asked for, or every mapped one) and markers, as the rules accept them.
fn checked(
    state: &AppState,
    input: &ExerciseInput,
    (qualification, mapped): (&QualificationId, &[String]),
    assessors: &BTreeSet<String>,
) -> Result<(Vec<String>, Vec<String>), ActionError> {
    let judgeable: Vec<String> = criterion_texts(state, qualification).into_keys().collect();
    let input = ExerciseInput {
        criteria: Some(criteria_to_judge(
            input.criteria.as_deref(),
            mapped,
            &judgeable,
        )),
        ..input.clone()
    };
    let items: BTreeSet<String> = judgeable.into_iter().collect();
    check_exercise(&input, &items, assessors).map_err(ActionError::Invalid)
}

/// Inside the transaction: the exercise with its markers, the audit entry, and a notice to each
/// marker.
fn save_exercise(
    conn: &mut DbConnection,
    saved: &Exercise,
    (criteria, markers): (&[String], &[String]),
    actor: &Actor,
    now: chrono::NaiveDateTime,
) -> Result<(), StoreError> {
    let rows: Vec<Marker> = markers
        .iter()
        .map(|m| Marker {
            exercise_id: saved.id.clone(),
            marker_id: m.clone(),
        })
        .collect();
    store::insert_exercise(conn, saved, &rows)?;
    let details =
        json!({"evidence_id": saved.evidence_id, "criteria": criteria, "markers": markers});
    audit::append(
        conn,
        audit_entry(
            actor,
            &CentreId::from_stored(saved.centre_id.as_str()),
            "double_marking_created",
            ("double_marking_exercise", &saved.id),
            details,
        ),
        now,
    )?;
    let link = format!("/double-marking/{}", saved.id);
    for m in markers {
        notify(
            conn,
            m,
            "You are asked to double-mark a piece of evidence",
            "Judge each criterion met or not yet met. You will not see the other markers' judgements.",
            &link,
            now,
        )?;
    }
    Ok(())
}

/// The IQA closes the exercise: the figures appear. 409 when it is already closed.
pub async fn close(
    state: &AppState,
    actor: &Actor,
    exercise_id: &ExerciseId,
) -> Result<(), ActionError> {
    let (exercise, markers) = find(state, exercise_id).await?;
    viewer(actor, &exercise, &markers)?;
    require_iqa(actor, &CentreId::from_stored(exercise.centre_id.as_str()))?;
    let now = state.clock.naive();
    let actor = actor.clone();
    state
        .db
        .write(move |conn| -> Result<(), ActionError> {
            if !store::close_exercise(conn, &exercise.id, now)? {
                return Err(ActionError::Conflict("This exercise is already closed.".to_owned()));
            }
            let judgements = store::judgements_of(conn, &exercise.id)?;
            let f = figures(&criteria_of(&exercise), &judgements);
            let details = json!({"kappa": f.kappa.value(), "method": f.method, "judgements": judgements.len()});
            audit::append(conn, audit_entry(&actor, &CentreId::from_stored(exercise.centre_id.as_str()), "double_marking_closed", ("double_marking_exercise", &exercise.id), details), now)?;
            Ok(())
        })
        .await
}
