//! The centre records a version of the assignment the awarding body set, with its brief and
//! marking guidance as files and its tasks; the assignment's files are sent back to whoever may.

use serde_json::json;

use crate::actions::ActionError;
use crate::actions::Actor;
use crate::actions::AppState;
use crate::actions::access::{
    require_allocated_assessor, require_centre_role, visible_registration,
};
use crate::domain::assignment::{AssignmentInput, CheckedAssignment, check_assignment};
use crate::domain::ids::{CentreId, RegistrationId};
use crate::domain::people::FieldError;
use crate::domain::roles::Role;
use crate::files::{FileKey, NamedFile, StoredFile};
use crate::store::assignments::{self, Assignment, AssignmentTask};
use crate::store::audit::{self, NewAuditEntry};
use crate::store::json::Json;

/// Who records assignments: the centre's administrators and assessors.
pub const RECORDERS: &[Role] = &[Role::CentreAdmin, Role::Assessor];

/// A file as received: stored, with the name the person gave it.
pub type Received = (StoredFile, String);

/// Record an assignment. Refusals: not a recorder 403, bad input or a missing file 422, a
/// version label already recorded 409. A refused recording removes the files it was sent.
pub async fn record(
    state: &AppState,
    actor: &Actor,
    centre_id: &CentreId,
    input: AssignmentInput,
    brief: Option<Received>,
    guidance: Option<Received>,
) -> Result<(Assignment, Vec<AssignmentTask>), ActionError> {
    let keys: Vec<FileKey> = [&brief, &guidance]
        .iter()
        .filter_map(|f| f.as_ref().map(|(s, _)| s.key.clone()))
        .collect();
    let recorded = record_stored(state, actor, centre_id, input, brief, guidance).await;
    if recorded.is_err() {
        for key in &keys {
            let _ = state.files.delete(key).await;
        }
    }
    recorded
}

async fn record_stored(
    state: &AppState,
    actor: &Actor,
    centre_id: &CentreId,
    input: AssignmentInput,
    brief: Option<Received>,
    guidance: Option<Received>,
) -> Result<(Assignment, Vec<AssignmentTask>), ActionError> {
    require_centre_role(actor, centre_id, RECORDERS)?;
    let checked = check_assignment(&state.curriculum, &input);
    let mut errors = checked.as_ref().err().cloned().unwrap_or_default();
    if brief.is_none() {
        errors.push(FieldError::new("brief", "Attach the assignment brief"));
    }
    if guidance.is_none() {
        errors.push(FieldError::new("guidance", "Attach the marking guidance"));
    }
    let (Ok(checked), Some(brief), Some(guidance), true) =
        (checked, brief, guidance, errors.is_empty())
    else {
        return Err(ActionError::Invalid(errors));
    };
    let now = state.clock.naive();
    let (assignment, tasks) = rows(&checked, (brief, guidance), actor, centre_id, now);
    let entry = recorded_entry(actor, &assignment, tasks.len());
    let (row, rows) = (assignment.clone(), tasks.clone());
    state
        .db
        .write(move |conn| -> Result<(), ActionError> {
            if assignments::label_taken(conn, &row.centre_id, &row.unit_id, &row.version_label)? {
                return Err(ActionError::Conflict(format!(
                    "Version {} of this unit's assignment is already recorded; give the new version its own label.",
                    row.version_label
                )));
            }
            assignments::insert(conn, &row, &rows)?;
            audit::append(conn, entry, now)?;
            Ok(())
        })
        .await?;
    Ok((assignment, tasks))
}

/// The assignment's row, with its brief and guidance as stored, and a row per task.
fn rows(
    checked: &CheckedAssignment,
    (brief, guidance): (Received, Received),
    actor: &Actor,
    centre_id: &CentreId,
    now: chrono::NaiveDateTime,
) -> (Assignment, Vec<AssignmentTask>) {
    let ((brief, brief_name), (guidance, guidance_name)) = (brief, guidance);
    let assignment = Assignment {
        id: uuid::Uuid::new_v4().to_string(),
        centre_id: centre_id.to_string(),
        unit_id: checked.unit_id.clone(),
        version_label: checked.version_label.clone(),
        in_force: checked.in_force,
        brief_key: brief.key.as_str().to_owned(),
        brief_filename: brief_name,
        brief_media_type: brief.media_type.mime().to_owned(),
        brief_sha256: brief.sha256.to_hex(),
        guidance_key: guidance.key.as_str().to_owned(),
        guidance_filename: guidance_name,
        guidance_media_type: guidance.media_type.mime().to_owned(),
        guidance_sha256: guidance.sha256.to_hex(),
        recorded_by: actor.user.id.clone(),
        recorded_at: now,
    };
    let tasks = checked
        .tasks
        .iter()
        .map(|(number, title, criteria)| AssignmentTask {
            id: uuid::Uuid::new_v4().to_string(),
            assignment_id: assignment.id.clone(),
            number: *number,
            title: title.clone(),
            criterion_ids: Json(criteria.clone()),
        })
        .collect();
    (assignment, tasks)
}

fn recorded_entry(actor: &Actor, assignment: &Assignment, tasks: usize) -> NewAuditEntry {
    NewAuditEntry {
        actor_id: Some(actor.user.id.clone()),
        actor_name: actor.user.name.clone(),
        centre_id: Some(assignment.centre_id.clone()),
        action: "assignment_recorded".to_owned(),
        record_type: "assignment".to_owned(),
        record_id: assignment.id.clone(),
        reason: None,
        details: json!({"unit_id": assignment.unit_id, "version": assignment.version_label,
            "in_force": assignment.in_force, "tasks": tasks,
            "brief_sha256": assignment.brief_sha256, "guidance_sha256": assignment.guidance_sha256}),
    }
}

/// The centre's assignments with their tasks, newest first: for its staff and learners.
pub async fn list(
    state: &AppState,
    actor: &Actor,
    centre_id: &CentreId,
) -> Result<Vec<(Assignment, Vec<AssignmentTask>)>, ActionError> {
    require_centre_role(
        actor,
        centre_id,
        &[
            Role::CentreAdmin,
            Role::Assessor,
            Role::Iqa,
            Role::Tutor,
            Role::Learner,
        ],
    )?;
    let centre = centre_id.to_owned();
    state
        .db
        .run(move |conn| -> Result<_, ActionError> {
            let mut out = Vec::new();
            for a in assignments::of_centre(conn, &centre)? {
                let tasks = assignments::tasks_of(conn, &a.id)?;
                out.push((a, tasks));
            }
            Ok(out)
        })
        .await
}

/// Which of an assignment's files.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AssignmentFile {
    Brief,
    Guidance,
}

/// A file of the assignment in force for the learner's unit: the brief for whoever may see the
/// registration, the marking guidance for the allocated assessor only.
pub async fn file(
    state: &AppState,
    actor: &Actor,
    registration_id: &RegistrationId,
    which: AssignmentFile,
) -> Result<NamedFile, ActionError> {
    let registration = visible_registration(state, actor, registration_id).await?;
    if which == AssignmentFile::Guidance {
        require_allocated_assessor(actor, &registration)?;
    }
    let unit_id = super::submission::assignment_unit(state, &registration)?;
    let centre = registration.centre_id.clone();
    let assignment = state
        .db
        .run(move |conn| assignments::in_force(conn, &centre, &unit_id))
        .await?
        .ok_or_else(super::submission::none_in_force)?;
    let (key, filename, media_type) = match which {
        AssignmentFile::Brief => (
            assignment.brief_key,
            assignment.brief_filename,
            assignment.brief_media_type,
        ),
        AssignmentFile::Guidance => (
            assignment.guidance_key,
            assignment.guidance_filename,
            assignment.guidance_media_type,
        ),
    };
    let key = FileKey::parse(&key)?;
    Ok(NamedFile {
        opened: state.files.open(&key).await?,
        filename,
        media_type,
    })
}
