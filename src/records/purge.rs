//! `eportfolio records purge`: find the registrations whose retention period has ended (Q3) and,
//! unless it is a dry run, remove their records one registration per transaction, each with its
//! audit entry; the evidence files go from the file store once their rows are gone.

use chrono::{NaiveDate, NaiveDateTime};

use crate::domain::retention::{self, RetentionDecision};
use crate::files::{FileKey, FileStore};
use crate::store::audit::{self, NewAuditEntry};
use crate::store::retention::{Candidate, candidates};
use crate::store::{Db, StoreError, purge};

/// One registration the purge would remove, or removed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Purged {
    pub registration_id: String,
    pub learner_name: String,
    pub qualification_id: String,
    pub certificated_on: NaiveDate,
    pub kept_until: NaiveDate,
    /// Rows removed per table (empty on a dry run).
    pub rows: Vec<(&'static str, usize)>,
    pub files: usize,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PurgeReport {
    pub dry_run: bool,
    pub purged: Vec<Purged>,
    /// Registrations with claims whose records stay, with the reason.
    pub kept: Vec<(String, String)>,
    /// Files whose rows were removed but which the file store could not remove.
    pub file_failures: Vec<String>,
}

impl std::fmt::Display for PurgeReport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let verb = if self.dry_run {
            "would remove"
        } else {
            "removed"
        };
        for p in &self.purged {
            write!(
                f,
                "{verb} the records of registration {} ({}, {}): certificated {}, kept until {}",
                p.registration_id,
                p.learner_name,
                p.qualification_id,
                p.certificated_on,
                p.kept_until
            )?;
            if !self.dry_run {
                let rows: Vec<String> = p.rows.iter().map(|(t, n)| format!("{t} {n}")).collect();
                write!(f, "; rows: {}; files: {}", rows.join(", "), p.files)?;
            }
            writeln!(f)?;
        }
        for key in &self.file_failures {
            writeln!(
                f,
                "could not remove the stored file {key}; remove it by hand"
            )?;
        }
        if self.purged.is_empty() {
            writeln!(
                f,
                "nothing to purge: {} registration(s) with claims, all still in retention or not yet certificated",
                self.kept.len()
            )?;
        }
        let word = if self.dry_run {
            "would be purged"
        } else {
            "purged"
        };
        write!(
            f,
            "{} registration(s) {word}; {} kept",
            self.purged.len(),
            self.kept.len()
        )
    }
}

fn due(candidate: &Candidate, today: NaiveDate) -> RetentionDecision {
    retention::decide(&candidate.facts, candidate.years, today)
}

/// Finds what is due on `today` and, unless `dry_run`, removes it (audit entries at `now`).
pub async fn run(
    db: &Db,
    files: &dyn FileStore,
    today: NaiveDate,
    now: NaiveDateTime,
    dry_run: bool,
) -> Result<PurgeReport, StoreError> {
    let all = db.run(|conn| candidates(conn, None)).await?;
    let mut report = PurgeReport {
        dry_run,
        ..PurgeReport::default()
    };
    for candidate in all {
        match due(&candidate, today) {
            RetentionDecision::Keep(why) => report
                .kept
                .push((candidate.registration_id.clone(), why.explain())),
            RetentionDecision::Purge {
                certificated_on,
                kept_until,
            } => {
                let mut purged = Purged {
                    registration_id: candidate.registration_id.clone(),
                    learner_name: candidate.learner_name.clone(),
                    qualification_id: candidate.qualification_id.clone(),
                    certificated_on,
                    kept_until,
                    rows: Vec::new(),
                    files: 0,
                };
                if !dry_run {
                    let Some(keys) = purge_one(db, candidate, today, now).await? else {
                        continue;
                    };
                    purged.rows = keys.rows;
                    purged.files = keys.file_keys.len();
                    for key in keys.file_keys {
                        if !remove_file(files, &key).await {
                            report.file_failures.push(key);
                        }
                    }
                }
                report.purged.push(purged);
            }
        }
    }
    Ok(report)
}

async fn remove_file(files: &dyn FileStore, key: &str) -> bool {
    match FileKey::parse(key) {
        Ok(key) => files.delete(&key).await.is_ok(),
        Err(_) => false,
    }
}

/// Removes one registration's records in one transaction, deciding again inside it (a claim
/// may have changed since the list was made). `None` when it is no longer due.
async fn purge_one(
    db: &Db,
    candidate: Candidate,
    today: NaiveDate,
    now: NaiveDateTime,
) -> Result<Option<purge::Removed>, StoreError> {
    db.write(move |conn| {
        let id = candidate.registration_id.as_str();
        let Some(fresh) = candidates(conn, Some(id))?.into_iter().next() else {
            return Ok(None);
        };
        let RetentionDecision::Purge {
            certificated_on,
            kept_until,
        } = due(&fresh, today)
        else {
            return Ok(None);
        };
        let years = fresh.years.get();
        let removed = purge::purge_registration(conn, id, certificated_on, years, now)?;
        let rows: serde_json::Map<String, serde_json::Value> = removed
            .rows
            .iter()
            .map(|(t, n)| ((*t).to_owned(), serde_json::json!(n)))
            .collect();
        let entry = NewAuditEntry {
            actor_name: "records purge (command line)".into(),
            centre_id: Some(fresh.centre_id.clone()),
            action: "records_purged".into(),
            record_type: "registration".into(),
            record_id: id.to_owned(),
            reason: Some(format!(
                "Q3: retention period of {years} year(s) after certification on {certificated_on} ended on {kept_until}"
            )),
            details: serde_json::json!({
                "certificated_on": certificated_on,
                "kept_until": kept_until,
                "retention_years": years,
                "rows": rows,
                "rows_removed": removed.total_rows(),
                "files_sha256": removed.file_hashes,
            }),
            ..Default::default()
        };
        audit::append(conn, entry, now)?;
        Ok(Some(removed))
    })
    .await
}
