//! The brief and marking guidance of any version the centre recorded (not only the one in
//! force), for the people who record assignments: the centre's list of versions links to them.

use crate::actions::ActionError;
use crate::actions::Actor;
use crate::actions::AppState;
use crate::actions::access::require_centre_role;
use crate::domain::ids::{AssignmentId, CentreId};
use crate::files::{FileKey, NamedFile};
use crate::store::assignments;

use super::recording::{AssignmentFile, RECORDERS};

/// One file of a recorded version. Refusals: not a recorder 403; another centre's version, or
/// none, 404.
pub async fn version_file(
    state: &AppState,
    actor: &Actor,
    centre_id: &CentreId,
    assignment_id: &AssignmentId,
    which: AssignmentFile,
) -> Result<NamedFile, ActionError> {
    require_centre_role(actor, centre_id, RECORDERS)?;
    let centre = centre_id.to_string();
    let wanted = assignment_id.clone();
    let assignment = state
        .db
        .run(move |conn| assignments::of_centre(conn, &centre))
        .await?
        .into_iter()
        .find(|a| wanted == a.id)
        .ok_or_else(|| ActionError::NotFound(format!("assignment {assignment_id}")))?;
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
