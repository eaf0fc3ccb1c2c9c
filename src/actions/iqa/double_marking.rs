//! Blind double-marking. The IQA picks an evidence item of the centre and criteria of its
//! qualification; the platform keeps an anonymised copy and invites the assessors chosen. Each
//! marker judges each criterion once, seeing only their own judgements; when the IQA closes the
//! exercise the agreement figures appear, and the IQA records the agreed outcome per criterion
//! into the decision log.

use std::collections::BTreeSet;

use serde_json::json;

use crate::actions::ActionError;
use crate::actions::Actor;
use crate::actions::AppState;
use crate::actions::access::{CentreRelation, centre_relation, require_centre_role};
use crate::actions::iqa::standardisation::{Reader, audit_entry, criterion_texts, require_iqa};
use crate::domain::people::FieldError;
use crate::domain::roles::Role;
use crate::domain::standardisation::Verdict;
use crate::domain::standardisation::activity::{
    ExerciseInput, VerdictInput, check_exercise, check_verdicts,
};
use crate::domain::standardisation::agreement::{ExerciseAgreement, exercise as figures_of};
use crate::domain::standardisation::anonymise::{anonymise_text, neutral_files};
use crate::store::audit;
use crate::store::notifications::notify;
use crate::store::standardisation::{
    self as store, CLOSED, Decision, Exercise, Marker, MarkerJudgement, OPEN,
};
use crate::store::{DbConnection, StoreError, evidence, people, registrations};

/// How the caller sees an exercise.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Viewer {
    /// The IQA, a centre administrator or an EQA (figures once closed).
    Reader(Reader),
    /// An invited marker: the anonymised copy and their own judgements.
    Marker,
}

/// Everything about an exercise that someone may be shown.
pub struct ExerciseView {
    pub exercise: Exercise,
    pub viewer: Viewer,
    pub criteria: Vec<(String, String)>,
    pub markers: Vec<(String, String)>,
    /// For a marker: their own; for a reader: everyone's once closed, none before.
    pub judgements: Vec<MarkerJudgement>,
    /// How many criteria each marker has judged (readers only), by marker id.
    pub progress: Vec<(String, usize)>,
    pub figures: Option<ExerciseAgreement>,
    pub decisions: Vec<Decision>,
}

impl ExerciseView {
    pub fn is_open(&self) -> bool {
        self.exercise.status == OPEN
    }
}

pub fn criteria_of(exercise: &Exercise) -> Vec<String> {
    serde_json::from_str(&exercise.criteria).unwrap_or_default()
}

fn figures(criteria: &[String], judgements: &[MarkerJudgement]) -> ExerciseAgreement {
    let verdicts: Vec<(String, String, Verdict)> = judgements
        .iter()
        .filter_map(|j| {
            Verdict::parse(&j.outcome).map(|v| (j.marker_id.clone(), j.criterion_id.clone(), v))
        })
        .collect();
    figures_of(criteria, &verdicts)
}

async fn find(state: &AppState, exercise_id: &str) -> Result<(Exercise, Vec<String>), ActionError> {
    let key = exercise_id.to_owned();
    let found = state
        .db
        .run(move |conn| -> Result<_, StoreError> {
            let Some(exercise) = store::find_exercise(conn, &key)? else {
                return Ok(None);
            };
            let markers = store::markers_of(conn, &key)?;
            Ok(Some((exercise, markers)))
        })
        .await?;
    found.ok_or_else(|| ActionError::NotFound(format!("double-marking exercise {exercise_id}")))
}

/// Who the caller is to the exercise: 404 for strangers, an assessor not invited, or an EQA of
/// another qualification; 403 for other roles at the centre.
fn viewer(actor: &Actor, exercise: &Exercise, markers: &[String]) -> Result<Viewer, ActionError> {
    let hidden = || ActionError::NotFound(format!("double-marking exercise {}", exercise.id));
    let invited = markers.contains(&actor.user.id);
    match centre_relation(actor, &exercise.centre_id) {
        None => Err(hidden()),
        Some(CentreRelation::PlatformAdmin) => Ok(Viewer::Reader(Reader::Admin)),
        Some(CentreRelation::Eqa(granted)) if granted.contains(&exercise.qualification_id) => {
            Ok(Viewer::Reader(Reader::Eqa(granted)))
        }
        Some(CentreRelation::Eqa(_)) => Err(hidden()),
        Some(CentreRelation::Member(roles)) => {
            if roles.contains(&Role::Iqa) {
                Ok(Viewer::Reader(Reader::Iqa))
            } else if roles.contains(&Role::CentreAdmin) {
                Ok(Viewer::Reader(Reader::Admin))
            } else if invited {
                Ok(Viewer::Marker)
            } else if roles.contains(&Role::Assessor) {
                Err(hidden())
            } else {
                Err(ActionError::Forbidden)
            }
        }
    }
}

/// The exercise as the caller may see it.
pub async fn show(
    state: &AppState,
    actor: &Actor,
    exercise_id: &str,
) -> Result<ExerciseView, ActionError> {
    let (exercise, marker_ids) = find(state, exercise_id).await?;
    let viewer = viewer(actor, &exercise, &marker_ids)?;
    let (key, centre) = (exercise.id.clone(), exercise.centre_id.clone());
    let (all, decisions, people) = state
        .db
        .run(move |conn| -> Result<_, StoreError> {
            Ok((
                store::judgements_of(conn, &key)?,
                store::decisions_of_exercise(conn, &key)?,
                people::people_of_centre(conn, &centre)?,
            ))
        })
        .await?;
    let texts = criterion_texts(state, &exercise.qualification_id);
    let criteria: Vec<String> = criteria_of(&exercise);
    let name = |id: &str| {
        people
            .iter()
            .find(|(u, _)| u.id == id)
            .map_or_else(|| id.to_owned(), |(u, _)| u.name.clone())
    };
    let closed = exercise.status != OPEN;
    let (judgements, progress, figures) = match &viewer {
        Viewer::Marker => (
            all.into_iter()
                .filter(|j| j.marker_id == actor.user.id)
                .collect(),
            Vec::new(),
            None,
        ),
        Viewer::Reader(_) => {
            let progress = marker_ids
                .iter()
                .map(|m| (m.clone(), all.iter().filter(|j| j.marker_id == *m).count()))
                .collect();
            let figures = closed.then(|| figures(&criteria, &all));
            (if closed { all } else { Vec::new() }, progress, figures)
        }
    };
    Ok(ExerciseView {
        criteria: criteria
            .iter()
            .map(|c| (c.clone(), texts.get(c).cloned().unwrap_or_default()))
            .collect(),
        markers: marker_ids.iter().map(|m| (m.clone(), name(m))).collect(),
        decisions: if matches!(viewer, Viewer::Marker) {
            Vec::new()
        } else {
            decisions
        },
        exercise,
        viewer,
        judgements,
        progress,
        figures,
    })
}

/// What markers are shown of an evidence item, and the item's qualification.
struct AnonymisedCopy {
    qualification_id: String,
    title: String,
    text: String,
    /// JSON of the neutral file list.
    files: Vec<u8>,
}

/// The anonymised copy of an evidence item of the centre, and its qualification.
fn anonymised_copy(
    conn: &mut DbConnection,
    centre_id: &str,
    evidence_id: &str,
) -> Result<AnonymisedCopy, ActionError> {
    let not_here = || {
        Err(ActionError::Invalid(vec![FieldError::new(
            "evidence_id",
            "Choose an evidence item of a learner at this centre",
        )]))
    };
    let Some(item) = evidence::find_item(conn, evidence_id)? else {
        return not_here();
    };
    let Some(registration) = registrations::find(conn, &item.registration_id)? else {
        return not_here();
    };
    if registration.centre_id != centre_id {
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
    let files = serde_json::to_vec(&neutral_files(&files)).unwrap_or_default();
    Ok(AnonymisedCopy {
        qualification_id: registration.qualification_id,
        title: anonymise_text(&item.title, &name, &email),
        text: anonymise_text(text.trim(), &name, &email),
        files,
    })
}

/// The IQA sets up an exercise: 422 for another centre's evidence, criteria outside its
/// qualification, or fewer than two of the centre's assessors.
pub async fn create(
    state: &AppState,
    actor: &Actor,
    centre_id: &str,
    input: ExerciseInput,
) -> Result<Exercise, ActionError> {
    require_iqa(actor, centre_id)?;
    let (centre, evidence_id) = (centre_id.to_owned(), input.evidence_id.trim().to_owned());
    let (copy, people) = state
        .db
        .run(move |conn| -> Result<_, ActionError> {
            Ok((
                anonymised_copy(conn, &centre, &evidence_id)?,
                people::people_of_centre(conn, &centre)?,
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
        .filter(|(_, roles)| roles.iter().any(|r| r == Role::Assessor.code()))
        .map(|(u, _)| u.id.clone())
        .collect();
    let items: BTreeSet<String> = criterion_texts(state, &qualification_id)
        .into_keys()
        .collect();
    let (criteria, markers) =
        check_exercise(&input, &items, &assessors).map_err(ActionError::Invalid)?;
    let now = state.clock.naive();
    let exercise = Exercise {
        id: uuid::Uuid::new_v4().to_string(),
        centre_id: centre_id.to_owned(),
        qualification_id,
        evidence_id: input.evidence_id.trim().to_owned(),
        iqa_id: actor.user.id.clone(),
        anonymised_title: title,
        anonymised_text: text,
        anonymised_files: String::from_utf8(files).unwrap_or_else(|_| "[]".to_owned()),
        criteria: serde_json::to_string(&criteria)
            .map_err(|e| ActionError::Internal(e.to_string()))?,
        status: OPEN.to_owned(),
        created_at: now,
        closed_at: None,
    };
    let (saved, actor) = (exercise.clone(), actor.clone());
    state
        .db
        .write(move |conn| {
            let rows: Vec<Marker> = markers
                .iter()
                .map(|m| Marker { exercise_id: saved.id.clone(), marker_id: m.clone() })
                .collect();
            store::insert_exercise(conn, &saved, &rows)?;
            let details = json!({"evidence_id": saved.evidence_id, "criteria": criteria, "markers": markers});
            audit::append(conn, audit_entry(&actor, &saved.centre_id, "double_marking_created", ("double_marking_exercise", &saved.id), details), now)?;
            let link = format!("/double-marking/{}", saved.id);
            for m in &markers {
                notify(conn, m, "You are asked to double-mark a piece of evidence", "Judge each criterion met or not yet met. You will not see the other markers' judgements.", &link, now)?;
            }
            Ok::<(), StoreError>(())
        })
        .await?;
    Ok(exercise)
}

/// An invited marker judges criteria: 404 when not invited, 422 for a criterion outside the
/// exercise, 409 when already judged or the exercise is closed.
pub async fn judge(
    state: &AppState,
    actor: &Actor,
    exercise_id: &str,
    input: Vec<VerdictInput>,
) -> Result<Vec<MarkerJudgement>, ActionError> {
    let (exercise, markers) = find(state, exercise_id).await?;
    viewer(actor, &exercise, &markers)?;
    require_centre_role(actor, &exercise.centre_id, &[Role::Assessor])?;
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
            outcome: verdict.code().to_owned(),
            comment,
            judged_at: now,
        })
        .collect();
    let (saved, actor) = (rows.clone(), actor.clone());
    state
        .db
        .write(move |conn| -> Result<(), ActionError> {
            let Some(held) = store::hold_exercise(conn, &exercise.id)? else {
                return Err(ActionError::NotFound(format!(
                    "double-marking exercise {}",
                    exercise.id
                )));
            };
            if held.status != OPEN {
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
            store::insert_judgements(conn, &saved)?;
            let criteria: Vec<&str> = saved.iter().map(|j| j.criterion_id.as_str()).collect();
            audit::append(
                conn,
                audit_entry(
                    &actor,
                    &held.centre_id,
                    "double_marking_judged",
                    ("double_marking_exercise", &held.id),
                    json!({"criteria": criteria}),
                ),
                now,
            )?;
            Ok(())
        })
        .await?;
    Ok(rows)
}

/// The IQA closes the exercise: the figures appear. 409 when it is already closed.
pub async fn close(state: &AppState, actor: &Actor, exercise_id: &str) -> Result<(), ActionError> {
    let (exercise, markers) = find(state, exercise_id).await?;
    viewer(actor, &exercise, &markers)?;
    require_iqa(actor, &exercise.centre_id)?;
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
            audit::append(conn, audit_entry(&actor, &exercise.centre_id, "double_marking_closed", ("double_marking_exercise", &exercise.id), details), now)?;
            Ok(())
        })
        .await
}

/// The IQA records agreed outcomes with their rationale into the decision log. 409 while the
/// exercise is open or when a criterion's outcome is already recorded; 422 for bad input.
pub async fn agree(
    state: &AppState,
    actor: &Actor,
    exercise_id: &str,
    input: Vec<VerdictInput>,
) -> Result<Vec<Decision>, ActionError> {
    let (exercise, markers) = find(state, exercise_id).await?;
    viewer(actor, &exercise, &markers)?;
    require_iqa(actor, &exercise.centre_id)?;
    let criteria = criteria_of(&exercise);
    let checked = check_verdicts(&input, &criteria, true).map_err(ActionError::Invalid)?;
    let now = state.clock.naive();
    let actor = actor.clone();
    state
        .db
        .write(move |conn| -> Result<Vec<Decision>, ActionError> {
            let Some(held) = store::hold_exercise(conn, &exercise.id)? else {
                return Err(ActionError::NotFound(format!(
                    "double-marking exercise {}",
                    exercise.id
                )));
            };
            if held.status != CLOSED {
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
            let f = figures(&criteria, &store::judgements_of(conn, &held.id)?);
            let decisions: Vec<Decision> = checked
                .iter()
                .map(|(criterion_id, verdict, rationale)| Decision {
                    id: uuid::Uuid::new_v4().to_string(),
                    exercise_id: held.id.clone(),
                    centre_id: held.centre_id.clone(),
                    qualification_id: held.qualification_id.clone(),
                    criterion_id: criterion_id.clone(),
                    outcome: verdict.code().to_owned(),
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
                .collect();
            store::insert_decisions(conn, &decisions)?;
            let ids: Vec<&str> = decisions.iter().map(|d| d.criterion_id.as_str()).collect();
            audit::append(
                conn,
                audit_entry(
                    &actor,
                    &held.centre_id,
                    "double_marking_agreed",
                    ("double_marking_exercise", &held.id),
                    json!({"criteria": ids}),
                ),
                now,
            )?;
            Ok(decisions)
        })
        .await
}
