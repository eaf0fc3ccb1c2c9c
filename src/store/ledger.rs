//! Q4, the ledger: a decision row is sealed by the audit entry that records it. The entry's
//! details name the row and carry the SHA-256 of the row's canonical content (its decision
//! fields as JSON, in a fixed order), and the row keeps the entry's hash in `audit_hash`. A row
//! edited in its own table then no longer matches the entry that recorded it.
//!
//! One mechanism for every decision table: [`SealedTable`] names the table, and the
//! `canonical_rows!` list below says which fields are its decision.

use diesel::prelude::*;
use serde::Serialize;
use serde_json::{Map, Value, json};
use sha2::{Digest, Sha256};

use super::audit::{self, AuditEntry, NewAuditEntry};
use super::schema::{
    claim_learners, claims, judgements, observations, sample_checks, signatures, unit_sign_offs,
};
use super::{DbConnection, StoreError};

/// The key in an audit entry's details that lists the rows it seals.
pub const SEALED: &str = "sealed";

/// A table whose rows are sealed by their audit entries.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum SealedTable {
    Judgements,
    Observations,
    UnitSignOffs,
    Signatures,
    SampleChecks,
    Claims,
    ClaimLearners,
}

impl SealedTable {
    pub const ALL: [SealedTable; 7] = [
        SealedTable::Judgements,
        SealedTable::Observations,
        SealedTable::UnitSignOffs,
        SealedTable::Signatures,
        SealedTable::SampleChecks,
        SealedTable::Claims,
        SealedTable::ClaimLearners,
    ];

    /// The table's name, as the audit entry records it.
    pub fn name(self) -> &'static str {
        match self {
            SealedTable::Judgements => "judgements",
            SealedTable::Observations => "observations",
            SealedTable::UnitSignOffs => "unit_sign_offs",
            SealedTable::Signatures => "signatures",
            SealedTable::SampleChecks => "sample_checks",
            SealedTable::Claims => "claims",
            SealedTable::ClaimLearners => "claim_learners",
        }
    }

    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|t| t.name() == name)
    }
}

/// A row to seal with the entry being appended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Seal {
    pub table: SealedTable,
    pub id: String,
}

impl Seal {
    pub fn new(table: SealedTable, id: impl Into<String>) -> Self {
        Self {
            table,
            id: id.into(),
        }
    }
}

/// A decision row as the ledger sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SealedRow {
    pub id: String,
    /// The canonical JSON of its decision fields.
    pub canonical: String,
    pub audit_hash: Option<String>,
}

/// SHA-256 (hex) of a row's canonical content.
pub fn content_hash(canonical: &str) -> String {
    Sha256::digest(canonical.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Load a table's rows (or the one row `only`) as canonical JSON: the decision fields listed,
/// in that order. `audit_hash` itself is not part of the content.
macro_rules! canonical_rows {
    ($conn:expr, $only:expr, $table:ident { $($col:ident : $ty:ty),* $(,)? }) => {{
        #[derive(Queryable, Serialize)]
        struct Row { $($col: $ty),* }
        let mut query = $table::table
            .select((($($table::$col,)*), $table::audit_hash))
            .order($table::id)
            .into_boxed();
        if let Some(id) = $only {
            query = query.filter($table::id.eq(id.to_owned()));
        }
        let loaded: Vec<(Row, Option<String>)> = query.load($conn)?;
        loaded
            .into_iter()
            .map(|(row, audit_hash)| SealedRow {
                id: row.id.clone(),
                canonical: serde_json::to_string(&row).unwrap_or_default(),
                audit_hash,
            })
            .collect::<Vec<_>>()
    }};
}

type Time = chrono::NaiveDateTime;
type Day = chrono::NaiveDate;

/// The rows of `table` (all of them, or only the one with id `only`), oldest id first.
pub fn rows(
    conn: &mut DbConnection,
    table: SealedTable,
    only: Option<&str>,
) -> Result<Vec<SealedRow>, StoreError> {
    Ok(match table {
        SealedTable::Judgements => canonical_rows! { conn, only, judgements {
            id: String, registration_id: String, item_id: String, unit_id: String, round: i32,
            outcome: String, feedback: String, assessor_id: String, judged_at: Time,
        }},
        SealedTable::Observations => canonical_rows!(conn, only, observations {
            id: String, registration_id: String, observer_kind: String,
            observer_id: Option<String>, observer_name: String, planned: bool,
            observed_on: Day, setting: String, people_present: String, narrative: String,
            criteria: String, range_items: String, recorded_at: Time,
        }),
        SealedTable::UnitSignOffs => canonical_rows!(conn, only, unit_sign_offs {
            id: String, registration_id: String, unit_id: String, signed_off_by: String,
            signed_off_at: Time, unlocked_at: Option<Time>, unlocked_by: Option<String>,
            unlock_kind: Option<String>, unlock_reason: Option<String>,
        }),
        SealedTable::Signatures => canonical_rows!(conn, only, signatures {
            id: String, registration_id: String, record_type: String, record_id: String,
            signer_role: String, signer_id: Option<String>, signer_name: String,
            signed_at: Time, client_address: String, content_sha256: String,
        }),
        SealedTable::SampleChecks => canonical_rows! { conn, only, sample_checks {
            id: String, sample_id: String, check_no: i32, outcome: String, feedback: String,
            iqa_id: String, recorded_at: Time,
        }},
        SealedTable::Claims => canonical_rows!(conn, only, claims {
            id: String, centre_id: String, qualification_id: String, awarding_body: String,
            status: String, created_by: String, created_at: Time, submitted_at: Option<Time>,
            submitted_by: Option<String>, certificated_at: Option<Time>,
            returned_at: Option<Time>, return_reason: Option<String>,
        }),
        SealedTable::ClaimLearners => canonical_rows!(conn, only, claim_learners {
            id: String, claim_id: String, registration_id: String, claim_kind: String,
            claim_key: String, units: String, live: bool, certificate_number: Option<String>,
            certificated_on: Option<Day>, created_at: Time,
        }),
    })
}

fn set_audit_hash(conn: &mut DbConnection, seal: &Seal, hash: &str) -> Result<(), StoreError> {
    let id = seal.id.as_str();
    let changed = match seal.table {
        SealedTable::Judgements => diesel::update(judgements::table.find(id))
            .set(judgements::audit_hash.eq(hash))
            .execute(conn)?,
        SealedTable::Observations => diesel::update(observations::table.find(id))
            .set(observations::audit_hash.eq(hash))
            .execute(conn)?,
        SealedTable::UnitSignOffs => diesel::update(unit_sign_offs::table.find(id))
            .set(unit_sign_offs::audit_hash.eq(hash))
            .execute(conn)?,
        SealedTable::Signatures => diesel::update(signatures::table.find(id))
            .set(signatures::audit_hash.eq(hash))
            .execute(conn)?,
        SealedTable::SampleChecks => diesel::update(sample_checks::table.find(id))
            .set(sample_checks::audit_hash.eq(hash))
            .execute(conn)?,
        SealedTable::Claims => diesel::update(claims::table.find(id))
            .set(claims::audit_hash.eq(hash))
            .execute(conn)?,
        SealedTable::ClaimLearners => diesel::update(claim_learners::table.find(id))
            .set(claim_learners::audit_hash.eq(hash))
            .execute(conn)?,
    };
    if changed == 0 {
        return Err(StoreError::Query(diesel::result::Error::NotFound));
    }
    Ok(())
}

/// Append `entry` sealing `seals`: each row (as written, in this transaction) is named in the
/// entry's details with the hash of its content, and keeps the entry's hash. Call after the
/// rows are written, inside the same transaction.
pub fn append_sealing(
    conn: &mut DbConnection,
    mut entry: NewAuditEntry,
    seals: &[Seal],
    now: chrono::NaiveDateTime,
) -> Result<AuditEntry, StoreError> {
    let mut sealed = Vec::with_capacity(seals.len());
    for seal in seals {
        let row = rows(conn, seal.table, Some(&seal.id))?
            .into_iter()
            .next()
            .ok_or(StoreError::Query(diesel::result::Error::NotFound))?;
        sealed.push(json!({
            "table": seal.table.name(), "id": seal.id, "sha256": content_hash(&row.canonical)
        }));
    }
    let mut details = match entry.details {
        Value::Object(map) => map,
        Value::Null => Map::new(),
        other => Map::from_iter([("value".to_owned(), other)]),
    };
    details.insert(SEALED.to_owned(), Value::Array(sealed));
    entry.details = Value::Object(details);
    let appended = audit::append(conn, entry, now)?;
    for seal in seals {
        set_audit_hash(conn, seal, &appended.hash)?;
    }
    Ok(appended)
}

/// What one audit entry says it sealed: (table, row id, content hash).
pub fn seals_of(entry: &AuditEntry) -> Vec<(SealedTable, String, String)> {
    if !entry.details.contains(SEALED) {
        return Vec::new();
    }
    let Ok(details) = serde_json::from_str::<Value>(&entry.details) else {
        return Vec::new();
    };
    let Some(list) = details.get(SEALED).and_then(Value::as_array) else {
        return Vec::new();
    };
    list.iter()
        .filter_map(|seal| {
            let table = SealedTable::from_name(seal.get("table")?.as_str()?)?;
            let id = seal.get("id")?.as_str()?.to_owned();
            let sha = seal.get("sha256")?.as_str()?.to_owned();
            Some((table, id, sha))
        })
        .collect()
}
