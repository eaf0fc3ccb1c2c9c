//! Fresh databases for tests: a new SQLite file each, or, when `TEST_DATABASE_URL` names a
//! PostgreSQL server, a new database on it each (created here, dropped when the test ends).
//! Tests never share a database, so they run in parallel without `#[serial]`.

use std::path::PathBuf;

use diesel::Connection;
use diesel::connection::SimpleConnection;
use diesel::pg::PgConnection;

use super::{DatabaseUrl, Db, StoreError, run_migrations};

pub struct TestDb {
    db: Db,
    statements: std::sync::Arc<std::sync::atomic::AtomicU64>,
    folder: PathBuf,
    postgres: Option<(String, String)>,
}

impl TestDb {
    /// A migrated, empty database.
    pub fn new() -> Result<Self, StoreError> {
        let test_db = Self::empty()?;
        run_migrations(&mut *test_db.db.get()?)?;
        Ok(test_db)
    }

    /// A database with nothing in it, not even the schema (for testing start-up).
    pub fn empty() -> Result<Self, StoreError> {
        let folder =
            std::env::temp_dir().join(format!("eportfolio-test-{}", uuid::Uuid::new_v4().simple()));
        std::fs::create_dir_all(&folder).map_err(|e| StoreError::DataDir {
            path: folder.display().to_string(),
            reason: e.to_string(),
        })?;
        let (url, postgres) = match std::env::var("TEST_DATABASE_URL") {
            Ok(server) if !server.trim().is_empty() => {
                let name = format!("eportfolio_test_{}", uuid::Uuid::new_v4().simple());
                let mut admin =
                    PgConnection::establish(&server).map_err(|e| StoreError::Unreachable {
                        url: server.clone(),
                        reason: e.to_string(),
                    })?;
                admin.batch_execute(&format!("CREATE DATABASE \"{name}\""))?;
                let url = with_database(&server, &name);
                (DatabaseUrl::Postgres(url), Some((server, name)))
            }
            _ => (DatabaseUrl::Sqlite(folder.join("eportfolio.db")), None),
        };
        let statements = std::sync::Arc::new(std::sync::atomic::AtomicU64::new(0));
        let db = Db::connect_counting(url, 4, statements.clone())?;
        Ok(Self {
            db,
            statements,
            folder,
            postgres,
        })
    }

    pub fn db(&self) -> &Db {
        &self.db
    }

    /// How many SQL statements this database has run so far.
    pub fn statements(&self) -> u64 {
        self.statements.load(std::sync::atomic::Ordering::SeqCst)
    }

    /// A folder that lives as long as the database (a data dir for the app under test).
    pub fn folder(&self) -> &std::path::Path {
        &self.folder
    }
}

/// Replace the database name (the URL's path) of a PostgreSQL URL.
fn with_database(server: &str, name: &str) -> String {
    let (base, query) = match server.split_once('?') {
        Some((b, q)) => (b, Some(q)),
        None => (server, None),
    };
    let authority_end = base.find("://").map_or(0, |i| i + 3);
    let root = match base[authority_end..].find('/') {
        Some(slash) => &base[..authority_end + slash],
        None => base,
    };
    match query {
        Some(q) => format!("{root}/{name}?{q}"),
        None => format!("{root}/{name}"),
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        if let Some((server, name)) = &self.postgres
            && let Ok(mut admin) = PgConnection::establish(server)
        {
            let _ =
                admin.batch_execute(&format!("DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)"));
        }
        let _ = std::fs::remove_dir_all(&self.folder);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn database_name_is_replaced() {
        assert_eq!(
            with_database("postgres://h:5432/test", "x"),
            "postgres://h:5432/x"
        );
        assert_eq!(
            with_database("postgres://h/test?sslmode=disable", "x"),
            "postgres://h/x?sslmode=disable"
        );
        assert_eq!(with_database("postgres://u@h", "x"), "postgres://u@h/x");
    }
}
