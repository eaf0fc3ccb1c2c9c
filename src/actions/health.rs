//! Whether this node can serve: the database answers, every migration this binary knows is
//! applied, and the file store can take a file. Public, by design (a load balancer asks without credentials).

use crate::actions::AppState;
use crate::actions::people::wire::service::Readiness;
use crate::store;

/// Why the node is not ready, in words for the operator.
#[derive(Debug, thiserror::Error)]
pub enum NotReady {
    #[error("the database cannot be reached ({0})")]
    Unreachable(String),
    #[error("database migrations are pending")]
    MigrationsPending,
    #[error("the file store cannot take a file ({0})")]
    StorageUnwritable(String),
}

/// Ready, with what serves: the database kind and the curriculum version.
pub async fn readiness(state: &AppState) -> Result<Readiness, NotReady> {
    let pending = state
        .db
        .run(|conn| {
            diesel::connection::SimpleConnection::batch_execute(conn, "SELECT 1")?;
            store::migrations_pending(conn)
        })
        .await
        .map_err(|e| NotReady::Unreachable(e.to_string()))?;
    if pending {
        return Err(NotReady::MigrationsPending);
    }
    state
        .files
        .probe()
        .await
        .map_err(|e| NotReady::StorageUnwritable(e.to_string()))?;
    Ok(Readiness {
        status: "ready".to_owned(),
        database: state.db.url().backend_name().to_owned(),
        curriculum_version: state.curriculum.version().to_owned(),
    })
}
