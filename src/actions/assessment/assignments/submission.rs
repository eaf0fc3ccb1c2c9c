//! The learner's one submission against the assignment in force: an evidence item (versioned,
//! declared and submitted like all evidence) tied to the assignment and mapped to the unit's
//! criteria; and everything about the learner's assignment in one view.

use crate::actions::ActionError;
use crate::actions::Actor;
use crate::actions::AppState;
use crate::actions::access::{require_learner, visible_registration};
use crate::actions::evidence::items::{self, EvidenceInput};
use crate::domain::assignment::{assessed_by_assignment, criteria_of};
use crate::domain::evidence::EvidenceKind;
use crate::domain::ids::{EvidenceId, RegistrationId, UnitId};
use crate::store::assignments::{
    self, Assignment, AssignmentTask, Submission, TaskMark, Verification,
};
use crate::store::evidence::{self as evidence_store, EvidenceItem};
use crate::store::registrations::Registration;

/// The refusal when the centre has no version of the assignment in force.
pub fn none_in_force() -> ActionError {
    ActionError::Conflict(
        "The centre has not recorded the assignment in force for this unit yet; ask the centre to record it."
            .to_owned(),
    )
}

/// The unit of the learner's qualification assessed by an assignment.
pub fn assignment_unit(
    state: &AppState,
    registration: &Registration,
) -> Result<String, ActionError> {
    state
        .curriculum
        .qualification(&registration.qualification_id)
        .and_then(|(_, q)| {
            q.mandatory_units.iter().find(|u| {
                state
                    .curriculum
                    .unit(u)
                    .is_some_and(|(_, unit)| assessed_by_assignment(unit))
            })
        })
        .cloned()
        .ok_or_else(|| {
            ActionError::Conflict(
                "No unit of this learner's qualification is assessed by an assignment set by the awarding body."
                    .to_owned(),
            )
        })
}

/// The learner's assignment: the version in force with its tasks, their submission and its
/// item, the latest marks, and the unit's external verification.
#[derive(Debug, Clone)]
pub struct AssignmentOverview {
    pub registration: Registration,
    pub unit_id: String,
    pub assignment: Option<(Assignment, Vec<AssignmentTask>)>,
    pub submission: Option<(Submission, EvidenceItem)>,
    /// The latest round of marks, by task.
    pub marks: Vec<TaskMark>,
    pub verification: Option<Verification>,
}

/// Whoever may see the registration.
pub async fn overview(
    state: &AppState,
    actor: &Actor,
    registration_id: &RegistrationId,
) -> Result<AssignmentOverview, ActionError> {
    let registration = visible_registration(state, actor, registration_id).await?;
    let unit_id = assignment_unit(state, &registration)?;
    let (reg, unit) = (registration.clone(), unit_id.clone());
    state
        .db
        .run(move |conn| -> Result<_, ActionError> {
            let assignment = match assignments::in_force(conn, &reg.centre_id, &unit)? {
                Some(a) => {
                    let tasks = assignments::tasks_of(conn, &a.id)?;
                    Some((a, tasks))
                }
                None => None,
            };
            let mut submission = None;
            let mut marks = Vec::new();
            if let Some((a, _)) = &assignment {
                if let Some(s) = assignments::submission_of(conn, &a.id, &reg.id)? {
                    let all = assignments::marks_of(conn, &s.id)?;
                    let latest = all.iter().map(|m| m.round).max();
                    marks = all
                        .into_iter()
                        .filter(|m| Some(m.round) == latest)
                        .collect();
                    if let Some(item) = evidence_store::find_item(conn, &s.evidence_id)? {
                        submission = Some((s, item));
                    }
                }
            }
            Ok(AssignmentOverview {
                verification: assignments::verification_of(conn, &reg.id, &unit)?,
                registration: reg,
                unit_id: unit,
                assignment,
                submission,
                marks,
            })
        })
        .await
}

/// What the learner sends with their submission.
#[derive(Debug, Clone, Default)]
pub struct SubmissionInput {
    pub title: String,
    pub activity_date: String,
    pub text: String,
}

/// The learner submits their work against the assignment in force: a new evidence item (a
/// draft, version 1, a written assignment) mapped to the unit's criteria. One per learner per
/// assignment (409 after); they add files, declare and submit it like any evidence.
pub async fn submit(
    state: &AppState,
    actor: &Actor,
    registration_id: &RegistrationId,
    input: SubmissionInput,
) -> Result<Submission, ActionError> {
    let registration = visible_registration(state, actor, registration_id).await?;
    require_learner(actor, &registration)?;
    let unit_id = assignment_unit(state, &registration)?;
    let assignment =
        open_assignment(state, &registration, &UnitId::from_stored(unit_id.as_str())).await?;
    let evidence = EvidenceInput {
        kind: EvidenceKind::WrittenAssignment.code().to_owned(),
        title: input.title,
        activity_date: input.activity_date,
        description: format!(
            "Submission of assignment version {}",
            assignment.version_label
        ),
        text: input.text,
    };
    let item = items::create(state, actor, registration_id, evidence).await?;
    let id = EvidenceId::from_stored(item.id.clone());
    let criteria = state
        .curriculum
        .unit(&unit_id)
        .map(|(_, u)| criteria_of(u))
        .unwrap_or_default();
    items::map(state, actor, &id, criteria).await?;
    let row = Submission {
        id: uuid::Uuid::new_v4().to_string(),
        assignment_id: assignment.id.clone(),
        registration_id: registration.id.clone(),
        evidence_id: item.id.clone(),
        created_at: state.clock.naive(),
    };
    record_submission(state, row.clone(), assignment.version_label.clone()).await?;
    Ok(row)
}

/// The assignment in force for the learner's unit, when they have not submitted against it yet.
async fn open_assignment(
    state: &AppState,
    registration: &Registration,
    unit_id: &UnitId,
) -> Result<Assignment, ActionError> {
    let (centre, unit, reg) = (
        registration.centre_id.clone(),
        unit_id.to_owned(),
        registration.id.clone(),
    );
    let (assignment, existing) = state
        .db
        .run(move |conn| -> Result<_, ActionError> {
            let Some(a) = assignments::in_force(conn, &centre, &unit)? else {
                return Ok((None, None));
            };
            let existing = assignments::submission_of(conn, &a.id, &reg)?;
            Ok((Some(a), existing))
        })
        .await?;
    let assignment = assignment.ok_or_else(none_in_force)?;
    if existing.is_some() {
        return Err(already_submitted(&assignment.version_label));
    }
    Ok(assignment)
}

/// The submission's row, unless one was made meanwhile.
async fn record_submission(
    state: &AppState,
    row: Submission,
    label: String,
) -> Result<(), ActionError> {
    state
        .db
        .write(move |conn| -> Result<(), ActionError> {
            if assignments::submission_of(conn, &row.assignment_id, &row.registration_id)?.is_some()
            {
                return Err(already_submitted(&label));
            }
            assignments::insert_submission(conn, &row)?;
            Ok(())
        })
        .await
}

fn already_submitted(label: &str) -> ActionError {
    ActionError::Conflict(format!(
        "You have already made your submission of assignment version {label}. Change it by saving a new version of it, then declare and submit it again."
    ))
}
