//! Every table's rows as JSON objects, for backups: read inside one snapshot (REPEATABLE READ on
//! PostgreSQL, one read transaction on SQLite in WAL mode) and written back in the order the
//! foreign keys need. Generic over the tables, so a table added later is backed up without a
//! change here. The values are the database's own (SQLite: timestamps as text, booleans as 0/1;
//! PostgreSQL: `row_to_json`), so a backup restores into the same kind of database.

use std::collections::{BTreeMap, BTreeSet};

use diesel::QueryableByName;
use diesel::RunQueryDsl;
use diesel::connection::{AnsiTransactionManager, TransactionManager};
use diesel::sql_types::{BigInt, Text};

use super::{DbConnection, StoreError};

/// The migrations table is the schema's, not data: the target's own migrations make it.
const MIGRATIONS_TABLE: &str = "__diesel_schema_migrations";
/// Rows read per trip.
const PAGE: i64 = 1000;

#[derive(QueryableByName)]
struct Name {
    #[diesel(sql_type = Text)]
    name: String,
}

#[derive(QueryableByName)]
struct Edge {
    #[diesel(sql_type = Text)]
    child: String,
    #[diesel(sql_type = Text)]
    parent: String,
}

#[derive(QueryableByName)]
struct Line {
    #[diesel(sql_type = BigInt)]
    rid: i64,
    #[diesel(sql_type = Text)]
    line: String,
}

fn names(conn: &mut DbConnection, sqlite: &str, postgres: &str) -> Result<Vec<String>, StoreError> {
    let rows: Vec<Name> = match conn {
        DbConnection::Sqlite(c) => diesel::sql_query(sqlite).load(c)?,
        DbConnection::Postgresql(c) => diesel::sql_query(postgres).load(c)?,
    };
    Ok(rows.into_iter().map(|n| n.name).collect())
}

/// Quotes an identifier read from the catalogue.
fn quoted(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

/// The data tables, parents before the tables that reference them.
pub fn tables_in_order(conn: &mut DbConnection) -> Result<Vec<String>, StoreError> {
    let tables = names(
        conn,
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name",
        "SELECT table_name::text AS name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY table_name",
    )?;
    let tables: Vec<String> = tables
        .into_iter()
        .filter(|t| t != MIGRATIONS_TABLE)
        .collect();
    let edges: Vec<Edge> = match conn {
        DbConnection::Sqlite(c) => diesel::sql_query(
            "SELECT m.name AS child, f.\"table\" AS parent FROM sqlite_master m, pragma_foreign_key_list(m.name) f WHERE m.type = 'table'",
        )
        .load(c)?,
        DbConnection::Postgresql(c) => diesel::sql_query(
            "SELECT cl.relname::text AS child, pr.relname::text AS parent FROM pg_constraint k \
             JOIN pg_class cl ON cl.oid = k.conrelid JOIN pg_class pr ON pr.oid = k.confrelid \
             JOIN pg_namespace n ON n.oid = cl.relnamespace WHERE k.contype = 'f' AND n.nspname = current_schema()",
        )
        .load(c)?,
    };
    let mut parents: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    for e in &edges {
        if e.child != e.parent {
            parents.entry(&e.child).or_default().insert(&e.parent);
        }
    }
    let mut ordered: Vec<String> = Vec::with_capacity(tables.len());
    let mut placed: BTreeSet<&str> = BTreeSet::new();
    while ordered.len() < tables.len() {
        let before = ordered.len();
        for t in &tables {
            let ready = parents.get(t.as_str()).is_none_or(|ps| {
                ps.iter()
                    .all(|p| placed.contains(p) || !tables.contains(&(*p).to_owned()))
            });
            if !placed.contains(t.as_str()) && ready {
                placed.insert(t);
                ordered.push(t.clone());
            }
        }
        if ordered.len() == before {
            // A cycle: the rest in name order (the backend's own checks will say if it matters).
            ordered.extend(
                tables
                    .iter()
                    .filter(|t| !placed.contains(t.as_str()))
                    .cloned(),
            );
        }
    }
    Ok(ordered)
}

/// The table's columns in their order.
pub fn columns(conn: &mut DbConnection, table: &str) -> Result<Vec<String>, StoreError> {
    let literal = table.replace('\'', "''");
    names(
        conn,
        &format!("SELECT name FROM pragma_table_info('{literal}') ORDER BY cid"),
        &format!(
            "SELECT column_name::text AS name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = '{literal}' ORDER BY ordinal_position"
        ),
    )
}

/// The versions of the migrations the database has run.
pub fn migrations(conn: &mut DbConnection) -> Result<Vec<String>, StoreError> {
    names(
        conn,
        "SELECT version AS name FROM __diesel_schema_migrations ORDER BY version",
        "SELECT version::text AS name FROM __diesel_schema_migrations ORDER BY version",
    )
}

/// Runs `work` in one transaction: a read-only snapshot of the whole database (`write` false,
/// always rolled back), or a write transaction (`write` true: IMMEDIATE on SQLite, committed when
/// `work` succeeds).
pub fn in_transaction<T, E: From<StoreError>>(
    conn: &mut DbConnection,
    write: bool,
    work: impl FnOnce(&mut DbConnection) -> Result<T, E>,
) -> Result<T, E> {
    let begun = match (&mut *conn, write) {
        (DbConnection::Sqlite(c), false) => {
            AnsiTransactionManager::begin_transaction_sql(c, "BEGIN")
        }
        (DbConnection::Sqlite(c), true) => {
            AnsiTransactionManager::begin_transaction_sql(c, "BEGIN IMMEDIATE")
        }
        (DbConnection::Postgresql(c), false) => AnsiTransactionManager::begin_transaction_sql(
            c,
            "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY",
        ),
        (DbConnection::Postgresql(c), true) => AnsiTransactionManager::begin_transaction(c),
    };
    begun.map_err(StoreError::from)?;
    let outcome = work(conn);
    let end = match (&outcome, write) {
        (Ok(_), true) => {
            <DbConnection as TransactionManager<DbConnection>>::commit_transaction(conn)
        }
        _ => <DbConnection as TransactionManager<DbConnection>>::rollback_transaction(conn),
    };
    match (outcome, end) {
        (Ok(value), Ok(())) => Ok(value),
        (Ok(_), Err(e)) => Err(StoreError::from(e).into()),
        (Err(e), end) => {
            if let Err(rollback) = end {
                tracing::error!(error = %rollback, "rollback failed");
            }
            Err(e)
        }
    }
}

/// Hands every row of `table` to `each` as one line of JSON, a page at a time.
pub fn each_row<E: From<StoreError>>(
    conn: &mut DbConnection,
    table: &str,
    each: &mut dyn FnMut(&str) -> Result<(), E>,
) -> Result<u64, E> {
    let mut count = 0u64;
    match conn {
        DbConnection::Sqlite(c) => {
            let cols: Vec<String> = columns_sqlite(c, table)?;
            let pairs: Vec<String> = cols
                .iter()
                .map(|col| format!("'{}', {}", col.replace('\'', "''"), quoted(col)))
                .collect();
            let sql = format!(
                "SELECT rowid AS rid, json_object({}) AS line FROM {} WHERE rowid > ?1 ORDER BY rowid LIMIT {PAGE}",
                pairs.join(", "),
                quoted(table)
            );
            let mut after = i64::MIN;
            loop {
                let page: Vec<Line> = diesel::sql_query(&sql)
                    .bind::<BigInt, _>(after)
                    .load(c)
                    .map_err(StoreError::from)?;
                let Some(last) = page.last() else { break };
                after = last.rid;
                for row in &page {
                    each(&row.line)?;
                    count += 1;
                }
            }
        }
        DbConnection::Postgresql(c) => {
            diesel::sql_query(format!(
                "DECLARE backup_rows NO SCROLL CURSOR FOR SELECT 0::bigint AS rid, row_to_json(t)::text AS line FROM {} t",
                quoted(table)
            ))
            .execute(c)
            .map_err(StoreError::from)?;
            loop {
                let page: Vec<Line> = diesel::sql_query(format!("FETCH {PAGE} FROM backup_rows"))
                    .load(c)
                    .map_err(StoreError::from)?;
                if page.is_empty() {
                    break;
                }
                for row in &page {
                    each(&row.line)?;
                    count += 1;
                }
            }
            diesel::sql_query("CLOSE backup_rows")
                .execute(c)
                .map_err(StoreError::from)?;
        }
    }
    Ok(count)
}

fn columns_sqlite(
    c: &mut diesel::sqlite::SqliteConnection,
    table: &str,
) -> Result<Vec<String>, StoreError> {
    let literal = table.replace('\'', "''");
    let rows: Vec<Name> = diesel::sql_query(format!(
        "SELECT name FROM pragma_table_info('{literal}') ORDER BY cid"
    ))
    .load(c)?;
    Ok(rows.into_iter().map(|n| n.name).collect())
}

/// Inserts rows (JSON objects with these columns) into `table`. Call inside a transaction.
pub fn insert_rows(
    conn: &mut DbConnection,
    table: &str,
    columns: &[String],
    rows: &[String],
) -> Result<(), StoreError> {
    if rows.is_empty() {
        return Ok(());
    }
    let array = format!("[{}]", rows.join(","));
    let list: Vec<String> = columns.iter().map(|c| quoted(c)).collect();
    match conn {
        DbConnection::Sqlite(c) => {
            let values: Vec<String> = columns
                .iter()
                .map(|col| {
                    format!(
                        "json_extract(value, '$.{}')",
                        quoted(col).replace('\'', "''")
                    )
                })
                .collect();
            diesel::sql_query(format!(
                "INSERT INTO {} ({}) SELECT {} FROM json_each(?1)",
                quoted(table),
                list.join(", "),
                values.join(", ")
            ))
            .bind::<Text, _>(array)
            .execute(c)?;
        }
        DbConnection::Postgresql(c) => {
            diesel::sql_query(format!(
                "INSERT INTO {t} ({cols}) SELECT {cols} FROM json_populate_recordset(NULL::{t}, $1::json)",
                t = quoted(table),
                cols = list.join(", ")
            ))
            .bind::<Text, _>(array)
            .execute(c)?;
        }
    }
    Ok(())
}

/// Whether any data table but `except` holds a row.
pub fn has_data(conn: &mut DbConnection, except: &[&str]) -> Result<bool, StoreError> {
    for table in tables_in_order(conn)? {
        if except.contains(&table.as_str()) {
            continue;
        }
        let sql = format!(
            "SELECT COUNT(*) AS rid, '' AS line FROM (SELECT 1 FROM {} LIMIT 1) t",
            quoted(&table)
        );
        let found: Vec<Line> = match conn {
            DbConnection::Sqlite(c) => diesel::sql_query(sql).load(c)?,
            DbConnection::Postgresql(c) => diesel::sql_query(sql).load(c)?,
        };
        if found.first().is_some_and(|l| l.rid > 0) {
            return Ok(true);
        }
    }
    Ok(false)
}

/// Removes every row of every data table, children first. Call inside a transaction.
pub fn delete_all(conn: &mut DbConnection) -> Result<(), StoreError> {
    for table in tables_in_order(conn)?.iter().rev() {
        let sql = format!("DELETE FROM {}", quoted(table));
        match conn {
            DbConnection::Sqlite(c) => diesel::sql_query(sql).execute(c)?,
            DbConnection::Postgresql(c) => diesel::sql_query(sql).execute(c)?,
        };
    }
    Ok(())
}

/// The rows of `table` matching `condition` (written with `$1` for the one text parameter), as
/// JSON objects without the `omit` columns; booleans as JSON booleans on both backends.
pub fn rows_where(
    conn: &mut DbConnection,
    table: &str,
    condition: &str,
    parameter: &str,
    omit: &[&str],
) -> Result<Vec<serde_json::Value>, StoreError> {
    let lines: Vec<Line> = match conn {
        DbConnection::Sqlite(c) => diesel::sql_query(format!(
            "SELECT rowid AS rid, json_object({}) AS line FROM {} WHERE {} ORDER BY rowid",
            sqlite_json_pairs(c, table, omit)?.join(", "),
            quoted(table),
            condition.replace("$1", "?1")
        ))
        .bind::<Text, _>(parameter)
        .load(c)?,
        DbConnection::Postgresql(c) => diesel::sql_query(format!(
            "SELECT 0::bigint AS rid, row_to_json(t)::text AS line FROM {} t WHERE {}",
            quoted(table),
            condition
        ))
        .bind::<Text, _>(parameter)
        .load(c)?,
    };
    // A line that is not JSON fails the read; it never silently goes missing from the result.
    lines
        .into_iter()
        .map(|l| {
            let mut v: serde_json::Value = serde_json::from_str(&l.line)
                .map_err(|e| diesel::result::Error::DeserializationError(Box::new(e)))?;
            if let Some(object) = v.as_object_mut() {
                for column in omit {
                    object.remove(*column);
                }
            }
            Ok::<_, StoreError>(v)
        })
        .collect()
}

/// The `'name', value` pairs of SQLite's `json_object` for the columns of `table` but `omit`,
/// with BOOLEAN columns (0/1 in SQLite) turned into JSON booleans.
fn sqlite_json_pairs(
    c: &mut diesel::SqliteConnection,
    table: &str,
    omit: &[&str],
) -> Result<Vec<String>, StoreError> {
    #[derive(QueryableByName)]
    struct Column {
        #[diesel(sql_type = Text)]
        name: String,
        #[diesel(sql_type = Text)]
        kind: String,
    }
    let literal = table.replace('\'', "''");
    let cols: Vec<Column> = diesel::sql_query(format!(
        "SELECT name, type AS kind FROM pragma_table_info('{literal}') ORDER BY cid"
    ))
    .load(c)?;
    Ok(cols
        .iter()
        .filter(|col| !omit.contains(&col.name.as_str()))
        .map(|col| {
            let q = quoted(&col.name);
            let value = if col.kind.eq_ignore_ascii_case("BOOLEAN") {
                format!("CASE WHEN {q} IS NULL THEN NULL WHEN {q} THEN json('true') ELSE json('false') END")
            } else {
                q
            };
            format!("'{}', {value}", col.name.replace('\'', "''"))
        })
        .collect())
}
