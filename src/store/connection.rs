//! One connection type for both databases, the pool, and the helper that runs diesel work off the
//! async workers. SQLite connections are set up for durability (WAL, synchronous=FULL, foreign keys,
//! busy timeout); write transactions on SQLite begin IMMEDIATE so that two writers never deadlock.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use diesel::Connection;
use diesel::connection::{
    AnsiTransactionManager, InstrumentationEvent, SimpleConnection, TransactionManager,
};
use diesel::pg::PgConnection;
use diesel::r2d2::{self, ManageConnection, R2D2Connection};
use diesel::sqlite::SqliteConnection;

use super::StoreError;

#[derive(diesel::MultiConnection)]
pub enum DbConnection {
    Sqlite(SqliteConnection),
    Postgresql(PgConnection),
}

/// Where the data lives, parsed from `DATABASE_URL`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DatabaseUrl {
    Sqlite(PathBuf),
    Postgres(String),
}

impl DatabaseUrl {
    /// `postgres://…` or `postgresql://…` selects PostgreSQL; `sqlite://PATH` or a bare path, SQLite.
    pub fn parse(url: &str) -> Result<Self, StoreError> {
        let url = url.trim();
        if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            return Ok(Self::Postgres(url.to_owned()));
        }
        if let Some(path) = url.strip_prefix("sqlite://") {
            return Ok(Self::Sqlite(PathBuf::from(path)));
        }
        if url.is_empty() || url.contains("://") {
            return Err(StoreError::UnsupportedUrl(redact(url)));
        }
        Ok(Self::Sqlite(PathBuf::from(url)))
    }

    pub fn backend_name(&self) -> &'static str {
        match self {
            Self::Sqlite(_) => "sqlite",
            Self::Postgres(_) => "postgres",
        }
    }

    /// The URL with any password hidden, for logs and messages.
    pub fn redacted(&self) -> String {
        match self {
            Self::Sqlite(path) => format!("sqlite://{}", path.display()),
            Self::Postgres(url) => redact(url),
        }
    }
}

fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme), Some(at)) if at > scheme => {
            let credentials = &url[scheme + 3..at];
            match credentials.split_once(':') {
                Some((user, _)) => format!("{}{user}:***{}", &url[..scheme + 3], &url[at..]),
                None => url.to_owned(),
            }
        }
        _ => url.to_owned(),
    }
}

/// Opens connections of the one backend the URL names (never falls back to another).
#[derive(Debug, Clone)]
pub struct Manager {
    url: DatabaseUrl,
    /// Counts every SQL statement run on this pool's connections (tests that bound the
    /// statements a page issues).
    statements: Option<Arc<AtomicU64>>,
}

impl Manager {
    fn instrument(&self, conn: &mut DbConnection) {
        if let Some(counter) = &self.statements {
            let counter = Arc::clone(counter);
            conn.set_instrumentation(move |event: InstrumentationEvent<'_>| {
                if matches!(event, InstrumentationEvent::StartQuery { .. }) {
                    counter.fetch_add(1, Ordering::Relaxed);
                }
            });
        }
    }
}

impl ManageConnection for Manager {
    type Connection = DbConnection;
    type Error = r2d2::Error;

    fn connect(&self) -> Result<DbConnection, r2d2::Error> {
        match &self.url {
            DatabaseUrl::Sqlite(path) => {
                let path = path.to_string_lossy();
                let mut conn =
                    SqliteConnection::establish(&path).map_err(r2d2::Error::ConnectionError)?;
                conn.batch_execute(
                    "PRAGMA busy_timeout = 10000; PRAGMA journal_mode = WAL; \
                     PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON;",
                )
                .map_err(r2d2::Error::QueryError)?;
                let mut conn = DbConnection::Sqlite(conn);
                self.instrument(&mut conn);
                Ok(conn)
            }
            DatabaseUrl::Postgres(url) => {
                let mut conn = PgConnection::establish(url)
                    .map(DbConnection::Postgresql)
                    .map_err(r2d2::Error::ConnectionError)?;
                self.instrument(&mut conn);
                Ok(conn)
            }
        }
    }

    /// Checked at each checkout. A PostgreSQL connection is pinged, since the server may have
    /// gone away; a SQLite connection is a file held open and cannot, so it costs no `SELECT 1`
    /// per trip to the database (a statement on every request's every trip, before).
    fn is_valid(&self, conn: &mut DbConnection) -> Result<(), r2d2::Error> {
        match conn {
            DbConnection::Sqlite(_) => Ok(()),
            DbConnection::Postgresql(_) => conn.ping().map_err(r2d2::Error::QueryError),
        }
    }

    fn has_broken(&self, conn: &mut DbConnection) -> bool {
        conn.is_broken()
    }
}

pub type Pool = r2d2::Pool<Manager>;

/// The database: a pool and the backend it talks to. Cheap to clone.
#[derive(Clone)]
pub struct Db {
    pool: Pool,
    url: DatabaseUrl,
}

impl std::fmt::Debug for Db {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Db")
            .field("url", &self.url.redacted())
            .finish()
    }
}

impl Db {
    /// Open the pool and check that a connection can be made now, so a bad URL fails at start.
    pub fn connect(url: DatabaseUrl, max_size: u32) -> Result<Self, StoreError> {
        Self::open(url, max_size, None)
    }

    /// Like [`Db::connect`], counting every statement into `statements`.
    pub fn connect_counting(
        url: DatabaseUrl,
        max_size: u32,
        statements: Arc<AtomicU64>,
    ) -> Result<Self, StoreError> {
        Self::open(url, max_size, Some(statements))
    }

    fn open(
        url: DatabaseUrl,
        max_size: u32,
        statements: Option<Arc<AtomicU64>>,
    ) -> Result<Self, StoreError> {
        if let DatabaseUrl::Sqlite(path) = &url {
            check_sqlite_folder(path)?;
        }
        let manager = Manager {
            url: url.clone(),
            statements,
        };
        // One connection made here, so an unreachable server fails at once with its own reason.
        let first = manager.connect().map_err(|e| StoreError::Unreachable {
            url: url.redacted(),
            reason: e
                .to_string()
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" "),
        })?;
        drop(first);
        let pool = r2d2::Pool::builder()
            .max_size(max_size.max(1))
            .min_idle(Some(1))
            .connection_timeout(Duration::from_secs(10))
            .build_unchecked(manager);
        let db = Self { pool, url };
        Ok(db)
    }

    pub fn url(&self) -> &DatabaseUrl {
        &self.url
    }

    /// The URL to hand to another process (tests that start the binary).
    pub fn url_for_child(&self) -> String {
        match &self.url {
            DatabaseUrl::Sqlite(path) => format!("sqlite://{}", path.display()),
            DatabaseUrl::Postgres(url) => url.clone(),
        }
    }

    /// Run diesel work on the blocking pool, never on an async worker. The work's error type is
    /// the caller's, as for [`Db::write`].
    pub async fn run<T, E, F>(&self, work: F) -> Result<T, E>
    where
        F: FnOnce(&mut DbConnection) -> Result<T, E> + Send + 'static,
        T: Send + 'static,
        E: From<StoreError> + Send + 'static,
    {
        let pool = self.pool.clone();
        tokio::task::spawn_blocking(move || {
            let mut conn = pool.get().map_err(StoreError::from)?;
            work(&mut conn)
        })
        .await
        .map_err(|_| StoreError::Cancelled)?
    }

    /// Like [`Db::run`], inside one write transaction (IMMEDIATE on SQLite). The work's error
    /// type is the caller's (a store failure converts into it), so a refusal decided inside the
    /// transaction rolls it back and comes out as itself.
    pub async fn write<T, E, F>(&self, work: F) -> Result<T, E>
    where
        F: FnOnce(&mut DbConnection) -> Result<T, E> + Send + 'static,
        T: Send + 'static,
        E: From<StoreError> + Send + 'static,
    {
        let pool = self.pool.clone();
        tokio::task::spawn_blocking(move || {
            let mut conn = pool.get().map_err(StoreError::from)?;
            write_transaction(&mut conn, work)
        })
        .await
        .map_err(|_| StoreError::Cancelled)?
    }

    /// A connection for synchronous callers (start-up, command-line tasks, tests).
    pub fn get(&self) -> Result<r2d2::PooledConnection<Manager>, StoreError> {
        Ok(self.pool.get()?)
    }
}

/// Run `work` in a transaction that takes the write lock at once on SQLite (`BEGIN IMMEDIATE`),
/// so a read-then-write never fails half-way with "database is locked".
pub fn write_transaction<T, E, F>(conn: &mut DbConnection, work: F) -> Result<T, E>
where
    F: FnOnce(&mut DbConnection) -> Result<T, E>,
    E: From<StoreError>,
{
    let began = match conn {
        DbConnection::Sqlite(c) => {
            AnsiTransactionManager::begin_transaction_sql(c, "BEGIN IMMEDIATE")
        }
        DbConnection::Postgresql(c) => AnsiTransactionManager::begin_transaction(c),
    };
    began.map_err(StoreError::from)?;
    match work(conn) {
        Ok(value) => {
            <DbConnection as TransactionManager<DbConnection>>::commit_transaction(conn)
                .map_err(StoreError::from)?;
            Ok(value)
        }
        Err(error) => {
            // The work's error is what the caller needs to see; a failed rollback is logged.
            if let Err(rollback) =
                <DbConnection as TransactionManager<DbConnection>>::rollback_transaction(conn)
            {
                tracing::error!(error = %rollback, "rollback failed");
            }
            Err(error)
        }
    }
}

/// The SQLite file's folder must exist (it is created) and be writable, or we say which and why.
fn check_sqlite_folder(path: &Path) -> Result<(), StoreError> {
    let folder = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let unwritable = |e: std::io::Error| StoreError::DataDir {
        path: folder.display().to_string(),
        reason: e.to_string(),
    };
    std::fs::create_dir_all(folder).map_err(unwritable)?;
    let probe = folder.join(format!(".write-test-{}", std::process::id()));
    std::fs::write(&probe, b"").map_err(unwritable)?;
    std::fs::remove_file(&probe).map_err(unwritable)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn database_url_selects_the_backend() {
        assert_eq!(
            DatabaseUrl::parse("postgres://u:p@localhost/db").ok(),
            Some(DatabaseUrl::Postgres("postgres://u:p@localhost/db".into()))
        );
        assert_eq!(
            DatabaseUrl::parse("sqlite://data/e.db").ok(),
            Some(DatabaseUrl::Sqlite("data/e.db".into()))
        );
        assert_eq!(
            DatabaseUrl::parse("e.db").ok(),
            Some(DatabaseUrl::Sqlite("e.db".into()))
        );
    }

    /// A failure part-way through a write leaves nothing behind: no silent partial save.
    #[test]
    fn a_failed_write_transaction_leaves_nothing_behind() -> Result<(), StoreError> {
        use crate::store::schema::curriculum_loads::dsl;
        use diesel::prelude::*;
        let test_db = crate::store::testing::TestDb::new()?;
        let mut conn = test_db.db().get()?;
        let row = (
            dsl::id.eq("one"),
            dsl::version.eq("v"),
            dsl::files.eq(1),
            dsl::loaded_at.eq(chrono::NaiveDateTime::default()),
        );
        let outcome: Result<(), StoreError> = write_transaction(&mut conn, |conn| {
            diesel::insert_into(dsl::curriculum_loads)
                .values(row)
                .execute(conn)?;
            // The same primary key again: the second insert fails, so the first must not stay.
            diesel::insert_into(dsl::curriculum_loads)
                .values(row)
                .execute(conn)?;
            Ok(())
        });
        assert!(matches!(outcome, Err(StoreError::Query(_))));
        let count: i64 = dsl::curriculum_loads.count().get_result(&mut *conn)?;
        assert_eq!(count, 0);
        // The connection is usable afterwards and commits normally.
        write_transaction(&mut conn, |conn| -> Result<(), StoreError> {
            diesel::insert_into(dsl::curriculum_loads)
                .values(row)
                .execute(conn)?;
            Ok(())
        })?;
        let count: i64 = dsl::curriculum_loads.count().get_result(&mut *conn)?;
        assert_eq!(count, 1);
        Ok(())
    }

    #[test]
    fn unknown_scheme_is_refused_with_the_password_hidden() {
        let err = DatabaseUrl::parse("mysql://root:secret@localhost/x")
            .err()
            .map(|e| e.to_string());
        assert_eq!(
            err.as_deref(),
            Some(
                "unsupported DATABASE_URL mysql://root:***@localhost/x: use postgres://… or sqlite://PATH"
            )
        );
    }
}
