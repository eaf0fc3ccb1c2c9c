//! Removing one registration's records at the end of their retention period (Q3), table by
//! table. Each step is one DELETE with the registration id as its only parameter (`$1`), in an
//! order that removes rows before the rows they reference. A table that comes to hold a
//! learner's records gets a line in [`STEPS`]. What stays is a tombstone: the registration row
//! (marked purged in `registration_purges`, its support needs cleared), the claim rows and the
//! audit trail, which is never touched.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::RunQueryDsl;
use diesel::prelude::*;
use diesel::sql_types::Text;

use super::schema::{registration_purges, registrations};
use super::{DbConnection, StoreError};

const EVIDENCE: &str = "SELECT id FROM evidence_items WHERE registration_id = $1";
const EXERCISES: &str = "SELECT id FROM double_marking_exercises WHERE evidence_id IN \
    (SELECT id FROM evidence_items WHERE registration_id = $1)";

/// (table, DELETE statement), children before parents.
pub const STEPS: &[(&str, &str)] = &[
    (
        "double_marking_judgements",
        "DELETE FROM double_marking_judgements WHERE exercise_id IN (#X)",
    ),
    (
        "double_marking_markers",
        "DELETE FROM double_marking_markers WHERE exercise_id IN (#X)",
    ),
    (
        "standardisation_decisions",
        "DELETE FROM standardisation_decisions WHERE exercise_id IN (#X)",
    ),
    (
        "double_marking_exercises",
        "DELETE FROM double_marking_exercises WHERE evidence_id IN (#E)",
    ),
    (
        "eqa_samples",
        "DELETE FROM eqa_samples WHERE registration_id = $1",
    ),
    (
        "iqa_actions",
        "DELETE FROM iqa_actions WHERE registration_id = $1 OR sample_id IN (SELECT id FROM samples WHERE registration_id = $1)",
    ),
    (
        "sample_checks",
        "DELETE FROM sample_checks WHERE sample_id IN (SELECT id FROM samples WHERE registration_id = $1)",
    ),
    ("samples", "DELETE FROM samples WHERE registration_id = $1"),
    (
        "judgement_evidence",
        "DELETE FROM judgement_evidence WHERE judgement_id IN (SELECT id FROM judgements WHERE registration_id = $1) OR evidence_id IN (#E)",
    ),
    (
        "judgements",
        "DELETE FROM judgements WHERE registration_id = $1",
    ),
    (
        "check_attempts",
        "DELETE FROM check_attempts WHERE registration_id = $1",
    ),
    (
        "witness_testimonies",
        "DELETE FROM witness_testimonies WHERE request_id IN (SELECT id FROM testimony_requests WHERE registration_id = $1)",
    ),
    (
        "testimony_requests",
        "DELETE FROM testimony_requests WHERE registration_id = $1",
    ),
    (
        "evidence_declarations",
        "DELETE FROM evidence_declarations WHERE evidence_id IN (#E)",
    ),
    (
        "evidence_mappings",
        "DELETE FROM evidence_mappings WHERE evidence_id IN (#E)",
    ),
    (
        "evidence_files",
        "DELETE FROM evidence_files WHERE evidence_id IN (#E)",
    ),
    (
        "evidence_versions",
        "DELETE FROM evidence_versions WHERE evidence_id IN (#E)",
    ),
    (
        "evidence_items",
        "DELETE FROM evidence_items WHERE registration_id = $1",
    ),
    (
        "observations",
        "DELETE FROM observations WHERE registration_id = $1",
    ),
    (
        "unit_sign_offs",
        "DELETE FROM unit_sign_offs WHERE registration_id = $1",
    ),
    (
        "signatures",
        "DELETE FROM signatures WHERE registration_id = $1",
    ),
    (
        "occasion_items",
        "DELETE FROM occasion_items WHERE occasion_id IN (SELECT id FROM occasions WHERE registration_id = $1)",
    ),
    (
        "occasions",
        "DELETE FROM occasions WHERE registration_id = $1",
    ),
    (
        "plan_reviews",
        "DELETE FROM plan_reviews WHERE registration_id = $1",
    ),
    (
        "assessment_plans",
        "DELETE FROM assessment_plans WHERE registration_id = $1",
    ),
    (
        "programme_progress",
        "DELETE FROM programme_progress WHERE registration_id = $1",
    ),
    (
        "programme_members",
        "DELETE FROM programme_members WHERE registration_id = $1",
    ),
    (
        "learning_entries",
        "DELETE FROM learning_entries WHERE registration_id = $1",
    ),
    (
        "registration_changes",
        "DELETE FROM registration_changes WHERE registration_id = $1",
    ),
    (
        "unit_allocations",
        "DELETE FROM unit_allocations WHERE registration_id = $1",
    ),
    (
        "registration_prior_learning",
        "DELETE FROM registration_prior_learning WHERE registration_id = $1",
    ),
];

/// A statement with its sub-selects filled in, in the backend's placeholder style.
fn statement(template: &str, postgres: bool) -> String {
    let sql = template.replace("#X", EXERCISES).replace("#E", EVIDENCE);
    if postgres {
        sql
    } else {
        sql.replace("$1", "?1")
    }
}

/// Runs one statement with the registration id bound.
fn execute(conn: &mut DbConnection, template: &str, id: &str) -> Result<usize, StoreError> {
    Ok(match conn {
        DbConnection::Sqlite(c) => diesel::sql_query(statement(template, false))
            .bind::<Text, _>(id)
            .execute(c)?,
        DbConnection::Postgresql(c) => diesel::sql_query(statement(template, true))
            .bind::<Text, _>(id)
            .execute(c)?,
    })
}

/// What was removed for one registration.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Removed {
    /// Rows removed per table (tables with none left out), in the order removed.
    pub rows: Vec<(&'static str, usize)>,
    /// File store keys of the evidence files, to remove once the transaction commits.
    pub file_keys: Vec<String>,
    /// SHA-256 of each removed file, for the audit entry.
    pub file_hashes: Vec<String>,
}

impl Removed {
    pub fn total_rows(&self) -> usize {
        self.rows.iter().map(|(_, n)| n).sum()
    }
}

/// Removes the registration's records and leaves the tombstone. Call inside the write
/// transaction that also records the audit entry.
pub fn purge_registration(
    conn: &mut DbConnection,
    registration_id: &str,
    certificated_on: NaiveDate,
    retention_years: u32,
    now: NaiveDateTime,
) -> Result<Removed, StoreError> {
    use super::schema::{evidence_files, evidence_items};
    let files: Vec<(String, String)> = evidence_files::table
        .inner_join(evidence_items::table.on(evidence_items::id.eq(evidence_files::evidence_id)))
        .filter(evidence_items::registration_id.eq(registration_id))
        .select((evidence_files::store_key, evidence_files::sha256))
        .load(conn)?;
    let mut removed = Removed::default();
    for (table, template) in STEPS {
        let n = execute(conn, template, registration_id)?;
        if n > 0 {
            removed.rows.push((table, n));
        }
    }
    (removed.file_keys, removed.file_hashes) = files.into_iter().unzip();
    diesel::update(registrations::table.find(registration_id))
        .set((
            registrations::support_needs.eq(""),
            registrations::reasonable_adjustments.eq(""),
        ))
        .execute(conn)?;
    diesel::insert_into(registration_purges::table)
        .values((
            registration_purges::registration_id.eq(registration_id),
            registration_purges::certificated_on.eq(certificated_on),
            registration_purges::retention_years.eq(i32::try_from(retention_years).unwrap_or(0)),
            registration_purges::rows_removed.eq(removed.total_rows() as i64),
            registration_purges::files_removed.eq(removed.file_keys.len() as i64),
            registration_purges::purged_at.eq(now),
        ))
        .execute(conn)?;
    Ok(removed)
}

/// Whether a registration's records were purged (and when).
pub fn purged_at(
    conn: &mut DbConnection,
    registration_id: &str,
) -> Result<Option<NaiveDateTime>, StoreError> {
    Ok(registration_purges::table
        .find(registration_id)
        .select(registration_purges::purged_at)
        .first(conn)
        .optional()?)
}
