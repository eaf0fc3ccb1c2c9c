//! Migrations are embedded in the binary, one set per backend with the same directory names,
//! and run at start.

use diesel::RunQueryDsl;
use diesel_migrations::{EmbeddedMigrations, MigrationHarness, embed_migrations};

use super::{DbConnection, StoreError};

const SQLITE: EmbeddedMigrations = embed_migrations!("migrations/sqlite");
const POSTGRES: EmbeddedMigrations = embed_migrations!("migrations/postgres");

/// The PostgreSQL advisory lock every node takes to migrate: one at a time, so nodes started
/// together on an empty database do not race to create the same tables.
const MIGRATION_LOCK: i64 = 0x6570_6f72_7466_6f6c; // "eportfol"

/// Apply every pending migration, one node at a time (PostgreSQL: an advisory lock held for the
/// run; SQLite: the write lock, taken at once); return how many ran here.
pub fn run_migrations(conn: &mut DbConnection) -> Result<usize, StoreError> {
    match conn {
        DbConnection::Sqlite(_) => super::write_transaction(conn, run_pending),
        DbConnection::Postgresql(c) => {
            diesel::sql_query(format!("SELECT pg_advisory_lock({MIGRATION_LOCK})")).execute(c)?;
            let applied = run_pending(conn);
            let unlock = format!("SELECT pg_advisory_unlock({MIGRATION_LOCK})");
            let unlocked = match conn {
                DbConnection::Postgresql(c) => diesel::sql_query(unlock).execute(c).map(drop),
                DbConnection::Sqlite(_) => Ok(()),
            };
            let applied = applied?;
            unlocked?;
            Ok(applied)
        }
    }
}

fn run_pending(conn: &mut DbConnection) -> Result<usize, StoreError> {
    let applied = match conn {
        DbConnection::Sqlite(c) => c.run_pending_migrations(SQLITE).map(|v| v.len()),
        DbConnection::Postgresql(c) => c.run_pending_migrations(POSTGRES).map(|v| v.len()),
    };
    applied.map_err(|e| StoreError::Migration(e.to_string()))
}

/// True when the database lacks a migration this binary knows (what `/readyz` checks).
pub fn migrations_pending(conn: &mut DbConnection) -> Result<bool, StoreError> {
    let pending = match conn {
        DbConnection::Sqlite(c) => c.has_pending_migration(SQLITE),
        DbConnection::Postgresql(c) => c.has_pending_migration(POSTGRES),
    };
    pending.map_err(|e| StoreError::Migration(e.to_string()))
}

/// Names of the embedded migrations, to check both backends carry the same set.
#[cfg(test)]
fn migration_names() -> Result<(Vec<String>, Vec<String>), StoreError> {
    let names = |source: &EmbeddedMigrations| -> Result<Vec<String>, StoreError> {
        let migrations =
            diesel::migration::MigrationSource::<diesel::sqlite::Sqlite>::migrations(source)
                .map_err(|e| StoreError::Migration(e.to_string()))?;
        Ok(migrations.iter().map(|m| m.name().to_string()).collect())
    };
    Ok((names(&SQLITE)?, names(&POSTGRES)?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_backends_carry_the_same_migrations() -> Result<(), StoreError> {
        let (sqlite, postgres) = migration_names()?;
        assert!(!sqlite.is_empty());
        assert_eq!(sqlite, postgres);
        Ok(())
    }
}
