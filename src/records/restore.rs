//! `eportfolio restore --from FILE`: check the whole archive against its manifest first (a
//! truncated or altered backup is refused before anything is touched), then put the file store's
//! objects back and load every table in one transaction. A database that already holds data is
//! only replaced with `force`.

use std::fs::File;
use std::io::{BufRead, BufReader, Read};
use std::path::Path;

use sha2::{Digest, Sha256};
use zip::ZipArchive;

use super::RecordsError;
use super::backup::{FILES_PREFIX, FORMAT, FORMAT_VERSION, MANIFEST, Manifest, hex};
use super::objects::ObjectCopy;
use crate::files::FileKey;
use crate::store::{DbConnection, run_migrations, snapshot};

/// Rows inserted per statement.
const BATCH: usize = 500;
/// Tables a fresh server fills by itself; rows there do not make a database "not empty".
const BOOKKEEPING: &[&str] = &["curriculum_loads"];

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RestoreSummary {
    pub created_at: String,
    pub tables: usize,
    pub rows: u64,
    pub files: usize,
}

/// Opens the archive and checks every member against the manifest.
pub fn verify(from: &Path) -> Result<(ZipArchive<File>, Manifest), RecordsError> {
    let shown = from.display().to_string();
    let unreadable = |reason: String| RecordsError::Unreadable {
        path: shown.clone(),
        reason,
    };
    let altered = |reason: String| RecordsError::Altered {
        path: shown.clone(),
        reason,
    };
    let file = File::open(from).map_err(|e| unreadable(e.to_string()))?;
    let mut zip =
        ZipArchive::new(file).map_err(|e| altered(format!("not a whole archive ({e})")))?;
    let manifest: Manifest = {
        let mut text = String::new();
        zip.by_name(MANIFEST)
            .map_err(|_| altered("it has no manifest".to_owned()))?
            .read_to_string(&mut text)
            .map_err(|e| altered(format!("the manifest cannot be read ({e})")))?;
        serde_json::from_str(&text)
            .map_err(|e| altered(format!("the manifest is not valid ({e})")))?
    };
    if manifest.format != FORMAT || manifest.version != FORMAT_VERSION {
        return Err(unreadable(format!(
            "it is not an eportfolio backup of format version {FORMAT_VERSION}"
        )));
    }
    for member in &manifest.members {
        let mut entry = zip
            .by_name(&member.name)
            .map_err(|_| altered(format!("{} is missing", member.name)))?;
        let mut hasher = Sha256::new();
        let size = std::io::copy(&mut entry, &mut hasher)
            .map_err(|e| altered(format!("{} cannot be read ({e})", member.name)))?;
        if size != member.size || hex(&hasher.finalize()) != member.sha256 {
            return Err(altered(format!(
                "{} does not match its SHA-256",
                member.name
            )));
        }
    }
    let listed = manifest.members.len() + 1;
    if zip.len() != listed {
        return Err(altered(format!(
            "it holds {} members where the manifest lists {listed}",
            zip.len()
        )));
    }
    for table in &manifest.tables {
        if !manifest.members.iter().any(|m| m.name == table.member) {
            return Err(altered(format!("table {} has no member", table.name)));
        }
    }
    Ok((zip, manifest))
}

/// Restores `from` into the database behind `conn` and the file store's `objects`.
pub fn restore(
    conn: &mut DbConnection,
    objects: &dyn ObjectCopy,
    from: &Path,
    force: bool,
) -> Result<RestoreSummary, RecordsError> {
    let (mut zip, manifest) = verify(from)?;
    refuse_other_backend(conn, &manifest)?;
    run_migrations(conn)?;
    refuse_newer_migrations(conn, &manifest)?;
    let targets = snapshot::tables_in_order(conn)?;
    refuse_missing_columns(conn, &manifest)?;
    if !force && snapshot::has_data(conn, BOOKKEEPING)? {
        return Err(RecordsError::Refused(
            "the database already holds data; restore with --force to replace it".to_owned(),
        ));
    }
    let files = restore_files(&mut zip, &manifest, objects)?;
    let rows = load_tables(conn, &mut zip, &manifest, &targets, force)?;
    Ok(RestoreSummary {
        created_at: manifest.created_at,
        tables: manifest.tables.len(),
        rows,
        files,
    })
}

/// A backup restores only into the kind of database it was made from.
fn refuse_other_backend(conn: &DbConnection, manifest: &Manifest) -> Result<(), RecordsError> {
    let backend = match conn {
        DbConnection::Sqlite(_) => "sqlite",
        DbConnection::Postgresql(_) => "postgres",
    };
    if manifest.backend != backend {
        return Err(RecordsError::Refused(format!(
            "the backup is of a {} database and this one is {backend}; nothing was restored",
            manifest.backend
        )));
    }
    Ok(())
}

/// A backup made by a newer version (a migration this one does not know) is refused.
fn refuse_newer_migrations(
    conn: &mut DbConnection,
    manifest: &Manifest,
) -> Result<(), RecordsError> {
    let known = snapshot::migrations(conn)?;
    if let Some(newer) = manifest.migrations.iter().find(|m| !known.contains(m)) {
        return Err(RecordsError::Refused(format!(
            "the backup was made by a newer version (migration {newer}); nothing was restored"
        )));
    }
    Ok(())
}

/// Every column of the backup's tables must exist in this database.
fn refuse_missing_columns(
    conn: &mut DbConnection,
    manifest: &Manifest,
) -> Result<(), RecordsError> {
    for table in &manifest.tables {
        let present = snapshot::columns(conn, &table.name)?;
        if let Some(column) = table.columns.iter().find(|c| !present.contains(c)) {
            return Err(RecordsError::Refused(format!(
                "the backup's table {} has a column {column} this database lacks; nothing was restored",
                table.name
            )));
        }
    }
    Ok(())
}

/// Loads every table of the backup, parents before children, in one transaction (replacing what
/// is there with `force`); returns the rows inserted.
fn load_tables(
    conn: &mut DbConnection,
    zip: &mut ZipArchive<File>,
    manifest: &Manifest,
    targets: &[String],
    force: bool,
) -> Result<u64, RecordsError> {
    snapshot::in_transaction(conn, true, |conn| {
        if let DbConnection::Sqlite(c) = conn {
            use diesel::connection::SimpleConnection;
            c.batch_execute("PRAGMA defer_foreign_keys = ON")
                .map_err(crate::store::StoreError::from)?;
        }
        if force {
            snapshot::delete_all(conn)?;
        }
        let mut rows = 0;
        for name in targets {
            let Some(table) = manifest.tables.iter().find(|t| &t.name == name) else {
                continue;
            };
            rows += load_table(conn, zip, &table.name, &table.columns, &table.member)?;
        }
        Ok::<u64, RecordsError>(rows)
    })
}

fn load_table(
    conn: &mut DbConnection,
    zip: &mut ZipArchive<File>,
    table: &str,
    columns: &[String],
    member: &str,
) -> Result<u64, RecordsError> {
    let entry = zip.by_name(member).map_err(|e| RecordsError::Unreadable {
        path: member.to_owned(),
        reason: e.to_string(),
    })?;
    let mut batch = Vec::with_capacity(BATCH);
    let mut rows = 0;
    for line in BufReader::new(entry).lines() {
        let line = line.map_err(RecordsError::io(Path::new(member)))?;
        if line.is_empty() {
            continue;
        }
        batch.push(line);
        if batch.len() == BATCH {
            snapshot::insert_rows(conn, table, columns, &batch)?;
            rows += batch.len() as u64;
            batch.clear();
        }
    }
    snapshot::insert_rows(conn, table, columns, &batch)?;
    Ok(rows + batch.len() as u64)
}

/// Writes the archived objects into the store (each whole under its key, or not at all).
fn restore_files(
    zip: &mut ZipArchive<File>,
    manifest: &Manifest,
    objects: &dyn ObjectCopy,
) -> Result<usize, RecordsError> {
    let mut count = 0;
    for member in &manifest.members {
        let Some(relative) = member.name.strip_prefix(FILES_PREFIX) else {
            continue;
        };
        // Only names shaped like the store's own keys: nothing can land outside the store.
        let key = FileKey::parse(relative).map_err(|_| RecordsError::Altered {
            path: member.name.clone(),
            reason: "not a file store key".to_owned(),
        })?;
        let mut entry = zip
            .by_name(&member.name)
            .map_err(|e| RecordsError::Unreadable {
                path: member.name.clone(),
                reason: e.to_string(),
            })?;
        objects.write_from(&key, &mut entry)?;
        count += 1;
    }
    Ok(count)
}
