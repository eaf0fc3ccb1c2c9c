//! A stored resource file, for whoever may read the centre's resources.

use crate::actions::ActionError;
use crate::actions::AppState;
use crate::files::{FileKey, NamedFile};
use crate::store::resources::Resource;

/// The resource's file, to send as an attachment.
pub async fn file_of(state: &AppState, resource: &Resource) -> Result<NamedFile, ActionError> {
    let key = FileKey::parse(resource.store_key.as_deref().unwrap_or(""))?;
    Ok(NamedFile {
        opened: state.files.open(&key).await?,
        filename: resource
            .filename
            .clone()
            .unwrap_or_else(|| "resource".to_owned()),
        media_type: resource
            .media_type
            .clone()
            .unwrap_or_else(|| "application/octet-stream".to_owned()),
    })
}
