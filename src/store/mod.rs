//! Persistence with diesel, on SQLite (the default) or PostgreSQL. Query functions live in one
//! file per area and return [`StoreError`]; nothing here knows about HTTP.

/// `EXISTS` a membership of `$user` in `$role` at the centre of the registration row being
/// read: staff see an allocation's work only while they hold its role there.
macro_rules! holds_role_at_its_centre {
    ($user:expr, $role:expr) => {
        diesel::dsl::exists(
            $crate::store::schema::memberships::table
                .filter($crate::store::schema::memberships::user_id.eq($user))
                .filter(
                    $crate::store::schema::memberships::centre_id
                        .eq($crate::store::schema::registrations::centre_id),
                )
                .filter($crate::store::schema::memberships::role.eq($role.code())),
        )
    };
}

/// `EXISTS` a unit of the registration row being read allocated on its own to `$user`, in
/// `unit_allocations.$column` (`assessor_id` or `iqa_id`).
macro_rules! holds_a_unit {
    ($user:expr, $column:ident) => {
        diesel::dsl::exists(
            $crate::store::schema::unit_allocations::table
                .filter(
                    $crate::store::schema::unit_allocations::registration_id
                        .eq($crate::store::schema::registrations::id),
                )
                .filter($crate::store::schema::unit_allocations::$column.eq($user)),
        )
    };
}

/// The registration row being read is one `$staff` works with: as its (or a unit's) assessor,
/// its tutor, or its (or a unit's) IQA, while they hold that role at its centre.
macro_rules! works_with {
    ($staff:expr) => {
        ($crate::store::schema::registrations::assessor_id.eq($staff))
            .or(holds_a_unit!($staff, assessor_id))
            .and(holds_role_at_its_centre!(
                $staff,
                $crate::domain::roles::Role::Assessor
            ))
            .or($crate::store::schema::registrations::tutor_id
                .eq($staff)
                .and(holds_role_at_its_centre!(
                    $staff,
                    $crate::domain::roles::Role::Tutor
                )))
            .or(($crate::store::schema::registrations::iqa_id.eq($staff))
                .or(holds_a_unit!($staff, iqa_id))
                .and(holds_role_at_its_centre!(
                    $staff,
                    $crate::domain::roles::Role::Iqa
                )))
    };
}

/// Rows per multi-row `INSERT`: well under the bound values SQLite (32,766) and PostgreSQL
/// (65,535) take, for the widest table written in bulk (registrations, 23 columns).
pub const BATCH_ROWS: usize = 400;

/// Insert the slice `$rows` into `$table` in multi-row statements of at most [`BATCH_ROWS`]
/// rows: one statement per batch, not per row. diesel's `MultiConnection` cannot build a
/// multi-row `INSERT`, so each database's own connection does. The rows' structs must treat
/// `None` as `NULL` (`treat_none_as_default_value = false`), or SQLite would not take them in
/// one statement.
macro_rules! insert_batched {
    ($conn:expr, $table:expr, $rows:expr) => {{
        for chunk in $rows.chunks($crate::store::BATCH_ROWS) {
            let insert = diesel::insert_into($table).values(chunk.to_vec());
            match &mut *$conn {
                $crate::store::DbConnection::Sqlite(c) => insert.execute(c)?,
                $crate::store::DbConnection::Postgresql(c) => insert.execute(c)?,
            };
        }
    }};
}

// Private to the store: its modules search with it.
diesel::define_sql_function! {
    /// Lower case, so a search ignores case on both databases.
    fn lower(text: diesel::sql_types::Text) -> diesel::sql_types::Text;
}

pub mod allocations;
pub mod assignments;
pub mod audit;
pub mod authentication;
pub mod caseload;
pub mod checkpoints;
pub mod claim_sources;
pub mod claims;
pub mod codes;
mod connection;
pub mod curriculum_loads;
pub mod eqa;
pub mod evidence;
pub mod exercise_candidates;
pub mod file_references;
pub mod invitations;
pub mod jobs;
pub mod json;
pub mod judgements;
pub mod knowledge_checks;
pub mod learning_hours;
pub mod ledger;
pub mod mail_preferences;
pub mod mail_queue;
pub mod members;
mod migrate;
pub mod notifications;
pub mod observations;
pub mod occasions;
pub mod passkeys;
pub mod people;
pub mod plans;
pub mod portfolio;
pub mod programmes;
pub mod purge;
pub mod registrations;
pub mod resources;
pub mod retention;
pub mod sample_checks;
pub mod samples;
pub mod sampling_decisions;
pub mod sampling_plans;
pub mod schema;
pub mod sealed_secrets;
pub mod sessions;
pub mod sign_offs;
pub mod signatures;
pub mod signing_keys;
pub mod snapshot;
pub mod standardisation;
pub mod support_access;
/// Fresh databases for tests (unit tests, and `tests/` through the `testing` feature).
#[cfg(any(test, feature = "testing"))]
pub mod testing;
pub mod two_step;
pub mod two_step_policy;
pub mod waiting;
pub mod witness;

pub use connection::{DatabaseUrl, Db, DbConnection, write_transaction};
pub use migrate::{migrations_pending, run_migrations};

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("unsupported DATABASE_URL {0}: use postgres://… or sqlite://PATH")]
    UnsupportedUrl(String),
    #[error("the data folder {path} cannot be written: {reason}")]
    DataDir { path: String, reason: String },
    #[error("cannot reach the database at {url}: {reason}")]
    Unreachable { url: String, reason: String },
    #[error("database connection unavailable: {0}")]
    Pool(#[from] diesel::r2d2::PoolError),
    #[error("database query failed: {0}")]
    Query(#[from] diesel::result::Error),
    #[error("database migration failed: {0}")]
    Migration(String),
    #[error("{0} is already in use")]
    Duplicate(String),
    #[error("the database task was cancelled")]
    Cancelled,
    #[error(transparent)]
    Sealed(#[from] crate::auth::sealing::SealError),
}
