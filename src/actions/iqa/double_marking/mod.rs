//! Blind double-marking. The IQA picks an evidence item of the centre and criteria of its
//! qualification; the platform keeps an anonymised copy and invites the assessors chosen. Each
//! marker judges each criterion once, seeing only their own judgements; when the IQA closes the
//! exercise the agreement figures appear, and the IQA records the agreed outcome per criterion
//! into the decision log.

use crate::actions::access::{CentreRelation, centre_relation};
use crate::actions::iqa::standardisation::{Reader, criterion_texts};
use crate::actions::{ActionError, Actor, AppState};
use crate::domain::ids::{CentreId, ExerciseId, QualificationId};
use crate::domain::roles::Role;
use crate::domain::standardisation::agreement::{ExerciseAgreement, exercise as figures_of};
use crate::domain::standardisation::{ExerciseStatus, Verdict};
use crate::store::standardisation::{self as store, Decision, Exercise, MarkerJudgement};
use crate::store::{StoreError, people};

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
        self.exercise.status == ExerciseStatus::Open
    }
}

pub fn criteria_of(exercise: &Exercise) -> Vec<String> {
    exercise.criteria.0.clone()
}

pub(super) fn figures(criteria: &[String], judgements: &[MarkerJudgement]) -> ExerciseAgreement {
    let verdicts: Vec<(String, String, Verdict)> = judgements
        .iter()
        .map(|j| (j.marker_id.clone(), j.criterion_id.clone(), j.outcome))
        .collect();
    figures_of(criteria, &verdicts)
}

pub(super) async fn find(
    state: &AppState,
    exercise_id: &str,
) -> Result<(Exercise, Vec<String>), ActionError> {
    let key = exercise_id.to_string();
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
pub(super) fn viewer(
    actor: &Actor,
    exercise: &Exercise,
    markers: &[String],
) -> Result<Viewer, ActionError> {
    let hidden = || ActionError::NotFound(format!("double-marking exercise {}", exercise.id));
    let invited = markers.contains(&actor.user.id);
    match centre_relation(actor, &CentreId::from_stored(exercise.centre_id.as_str())) {
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

/// The judgements, progress and figures the viewer may see: a marker only their own; a reader
/// everyone's progress, and the judgements and figures once the exercise is closed.
fn what_is_shown(
    viewer: &Viewer,
    actor: &Actor,
    all: Vec<MarkerJudgement>,
    marker_ids: &[String],
    (criteria, closed): (&[String], bool),
) -> (
    Vec<MarkerJudgement>,
    Vec<(String, usize)>,
    Option<ExerciseAgreement>,
) {
    match viewer {
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
            let figures = closed.then(|| figures(criteria, &all));
            (if closed { all } else { Vec::new() }, progress, figures)
        }
    }
}

/// The exercise as the caller may see it.
pub async fn show(
    state: &AppState,
    actor: &Actor,
    exercise_id: &ExerciseId,
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
    let texts = criterion_texts(
        state,
        &QualificationId::from_stored(exercise.qualification_id.as_str()),
    );
    let criteria: Vec<String> = criteria_of(&exercise);
    let name = |id: &str| {
        people
            .iter()
            .find(|(u, _)| u.id == id)
            .map_or_else(|| id.to_owned(), |(u, _)| u.name.clone())
    };
    let closed = exercise.status != ExerciseStatus::Open;
    let (judgements, progress, figures) =
        what_is_shown(&viewer, actor, all, &marker_ids, (&criteria, closed));
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

mod candidates;
mod marking;
mod setup;

pub use candidates::candidates;
pub use marking::{agree, judge};
pub use setup::{close, create};
