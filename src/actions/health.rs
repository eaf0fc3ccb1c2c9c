//! Whether this node can serve: the database answers and every migration this binary knows is
//! applied. Public, by design (a load balancer asks without credentials).

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
    Ok(Readiness {
        status: "ready".to_owned(),
        database: state.db.url().backend_name().to_owned(),
        curriculum_version: state.curriculum.version().to_owned(),
    })
}
