//! What an external quality assurer (EQA) works with: their own sample of decisions (kept apart
//! from the IQA's samples, so picking one creates no IQA work), the log of what they opened (in
//! the audit trail, action `eqa_viewed`), and the centre a record belongs to (for that log).

use std::collections::{BTreeMap, BTreeSet};

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::audit::AuditEntry;
use super::judgements::Judgement;
use super::schema::{
    audit_entries, eqa_samples, evidence_items, judgements, registrations, samples,
    testimony_requests, users,
};
use super::{DbConnection, StoreError};

/// The audit action of an EQA opening a record.
pub const VIEWED: &str = "eqa_viewed";

#[derive(Debug, Clone, PartialEq, Eq, Queryable, Selectable, Insertable)]
#[diesel(table_name = eqa_samples)]
pub struct EqaSample {
    pub id: String,
    pub centre_id: String,
    pub qualification_id: String,
    pub eqa_id: String,
    pub judgement_id: String,
    pub registration_id: String,
    pub note: String,
    pub created_at: NaiveDateTime,
}

/// A decision (one judgement round) with the registration it belongs to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decision {
    pub judgement: Judgement,
    pub qualification_id: String,
    pub centre_id: String,
    pub learner_id: String,
}

pub fn insert_sample(conn: &mut DbConnection, row: &EqaSample) -> Result<(), StoreError> {
    diesel::insert_into(eqa_samples::table)
        .values(row)
        .execute(conn)?;
    Ok(())
}

/// The judgement ids this EQA has already picked at the centre.
pub fn picked_by(
    conn: &mut DbConnection,
    eqa_id: &str,
    centre_id: &str,
) -> Result<BTreeSet<String>, StoreError> {
    Ok(eqa_samples::table
        .filter(eqa_samples::eqa_id.eq(eqa_id))
        .filter(eqa_samples::centre_id.eq(centre_id))
        .select(eqa_samples::judgement_id)
        .load::<String>(conn)?
        .into_iter()
        .collect())
}

/// The EQA samples of a centre for these qualifications, newest first.
pub fn samples_of(
    conn: &mut DbConnection,
    centre_id: &str,
    qualifications: &[String],
) -> Result<Vec<EqaSample>, StoreError> {
    Ok(eqa_samples::table
        .filter(eqa_samples::centre_id.eq(centre_id))
        .filter(eqa_samples::qualification_id.eq_any(qualifications))
        .order((eqa_samples::created_at.desc(), eqa_samples::id))
        .select(EqaSample::as_select())
        .load(conn)?)
}

/// The decisions of a centre on one qualification, newest first, at most `limit`.
pub fn decisions_of(
    conn: &mut DbConnection,
    centre_id: &str,
    qualification_id: &str,
    limit: i64,
) -> Result<Vec<Decision>, StoreError> {
    let rows: Vec<(Judgement, String, String, String)> = judgements::table
        .inner_join(registrations::table.on(registrations::id.eq(judgements::registration_id)))
        .filter(registrations::centre_id.eq(centre_id))
        .filter(registrations::qualification_id.eq(qualification_id))
        .order((judgements::judged_at.desc(), judgements::id))
        .limit(limit)
        .select((
            Judgement::as_select(),
            registrations::qualification_id,
            registrations::centre_id,
            registrations::learner_id,
        ))
        .load(conn)?;
    Ok(rows.into_iter().map(decision).collect())
}

/// These decisions, wherever they are (the caller checks centre and qualification).
pub fn decisions(conn: &mut DbConnection, ids: &[String]) -> Result<Vec<Decision>, StoreError> {
    let rows: Vec<(Judgement, String, String, String)> = judgements::table
        .inner_join(registrations::table.on(registrations::id.eq(judgements::registration_id)))
        .filter(judgements::id.eq_any(ids))
        .select((
            Judgement::as_select(),
            registrations::qualification_id,
            registrations::centre_id,
            registrations::learner_id,
        ))
        .load(conn)?;
    Ok(rows.into_iter().map(decision).collect())
}

fn decision(
    (judgement, qualification_id, centre_id, learner_id): (Judgement, String, String, String),
) -> Decision {
    Decision {
        judgement,
        qualification_id,
        centre_id,
        learner_id,
    }
}

/// People's names by id (for lists that show who).
pub fn names(
    conn: &mut DbConnection,
    ids: &BTreeSet<String>,
) -> Result<BTreeMap<String, String>, StoreError> {
    let ids: Vec<&String> = ids.iter().collect();
    Ok(users::table
        .filter(users::id.eq_any(ids))
        .select((users::id, users::name))
        .load::<(String, String)>(conn)?
        .into_iter()
        .collect())
}

/// What kind of record a request opened, as the route names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RecordKind {
    Registration,
    Evidence,
    TestimonyRequest,
    Sample,
}

/// The centre and qualification a record belongs to; `None` when there is no such record.
pub fn owner_of(
    conn: &mut DbConnection,
    kind: RecordKind,
    id: &str,
) -> Result<Option<(String, String)>, StoreError> {
    let by_registration = |conn: &mut DbConnection, registration: Option<String>| {
        let Some(registration) = registration else {
            return Ok(None);
        };
        registrations::table
            .find(registration)
            .select((registrations::centre_id, registrations::qualification_id))
            .first::<(String, String)>(conn)
            .optional()
    };
    Ok(match kind {
        RecordKind::Registration => by_registration(conn, Some(id.to_owned()))?,
        RecordKind::Evidence => {
            let registration = evidence_items::table
                .find(id)
                .select(evidence_items::registration_id)
                .first::<String>(conn)
                .optional()?;
            by_registration(conn, registration)?
        }
        RecordKind::TestimonyRequest => {
            let registration = testimony_requests::table
                .find(id)
                .select(testimony_requests::registration_id)
                .first::<String>(conn)
                .optional()?;
            by_registration(conn, registration)?
        }
        RecordKind::Sample => samples::table
            .find(id)
            .select((samples::centre_id, samples::qualification_id))
            .first::<(String, String)>(conn)
            .optional()?,
    })
}

/// What EQAs opened at a centre, newest first.
pub fn views_at(
    conn: &mut DbConnection,
    centre_id: &str,
    limit: i64,
) -> Result<Vec<AuditEntry>, StoreError> {
    Ok(audit_entries::table
        .filter(audit_entries::centre_id.eq(centre_id))
        .filter(audit_entries::action.eq(VIEWED))
        .order(audit_entries::seq.desc())
        .limit(limit)
        .select(AuditEntry::as_select())
        .load(conn)?)
}

/// The audit entries of a centre about any of these records, oldest first.
pub fn audit_about(
    conn: &mut DbConnection,
    centre_id: &str,
    records: &BTreeSet<String>,
) -> Result<Vec<AuditEntry>, StoreError> {
    let mut entries = Vec::new();
    let ids: Vec<&String> = records.iter().collect();
    // In slices, so a learner with many records stays under SQLite's bound on parameters.
    for chunk in ids.chunks(500) {
        entries.extend(
            audit_entries::table
                .filter(audit_entries::centre_id.eq(centre_id))
                .filter(audit_entries::record_id.eq_any(chunk))
                .select(AuditEntry::as_select())
                .load(conn)?,
        );
    }
    entries.sort_by_key(|e| e.seq);
    Ok(entries)
}
