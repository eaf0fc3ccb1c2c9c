//! Records as a whole: the retention purge (Q3), a learner's portfolio download, and backups of
//! the database and file store (`eportfolio backup` / `restore`).

pub mod backup;
pub mod objects;
pub mod purge;
pub mod restore;
pub mod sweep;

/// Why a backup or restore could not be made; nothing is changed when one is refused.
#[derive(Debug, thiserror::Error)]
pub enum RecordsError {
    #[error(transparent)]
    Store(#[from] crate::store::StoreError),
    #[error("{path}: {source}")]
    Io {
        path: String,
        source: std::io::Error,
    },
    #[error("the backup {path} cannot be read ({reason}); nothing was restored")]
    Unreadable { path: String, reason: String },
    #[error("the backup {path} is altered or incomplete: {reason}; nothing was restored")]
    Altered { path: String, reason: String },
    #[error("{0}")]
    Refused(String),
}

impl RecordsError {
    pub(crate) fn io(path: &std::path::Path) -> impl FnOnce(std::io::Error) -> Self + '_ {
        move |source| Self::Io {
            path: path.display().to_string(),
            source,
        }
    }
}
