//! A learner's own records, for their portfolio download (right of access): every table that
//! holds their records, read for one registration, one section per table. Internal columns
//! (file store keys, link ids) and other people's contact details are left out.

use serde_json::{Map, Value};

use super::{DbConnection, StoreError, snapshot};

const EVIDENCE: &str = "evidence_id IN (SELECT id FROM evidence_items WHERE registration_id = $1)";
const OWN: &str = "registration_id = $1";

/// (section in records.json, table, condition, columns left out).
const SECTIONS: &[(&str, &str, &str, &[&str])] = &[
    ("registration", "registrations", "id = $1", &[]),
    ("registration_changes", "registration_changes", OWN, &[]),
    ("prior_learning", "registration_prior_learning", OWN, &[]),
    ("evidence", "evidence_items", OWN, &[]),
    ("evidence_versions", "evidence_versions", EVIDENCE, &[]),
    ("evidence_files", "evidence_files", EVIDENCE, &["store_key"]),
    ("evidence_mappings", "evidence_mappings", EVIDENCE, &[]),
    (
        "evidence_declarations",
        "evidence_declarations",
        EVIDENCE,
        &[],
    ),
    ("judgements", "judgements", OWN, &[]),
    (
        "judgement_evidence",
        "judgement_evidence",
        "judgement_id IN (SELECT id FROM judgements WHERE registration_id = $1)",
        &[],
    ),
    ("observations", "observations", OWN, &[]),
    ("sign_offs", "unit_sign_offs", OWN, &[]),
    ("signatures", "signatures", OWN, &[]),
    (
        "testimony_requests",
        "testimony_requests",
        OWN,
        &["link_id", "witness_email"],
    ),
    (
        "witness_testimonies",
        "witness_testimonies",
        "request_id IN (SELECT id FROM testimony_requests WHERE registration_id = $1)",
        &["client_address"],
    ),
    ("assessment_plans", "assessment_plans", OWN, &[]),
    ("plan_reviews", "plan_reviews", OWN, &[]),
    ("occasions", "occasions", OWN, &["seed"]),
    (
        "occasion_answers",
        "occasion_items",
        "occasion_id IN (SELECT id FROM occasions WHERE registration_id = $1)",
        &[],
    ),
    ("learning_entries", "learning_entries", OWN, &[]),
    ("claims", "claim_learners", OWN, &[]),
];

/// Every section for the registration, as one JSON object (`registration` is an object, the
/// others arrays).
pub fn records_of(conn: &mut DbConnection, registration_id: &str) -> Result<Value, StoreError> {
    let mut out = Map::new();
    for (section, table, condition, omit) in SECTIONS {
        let rows = snapshot::rows_where(conn, table, condition, registration_id, omit)?;
        let value = if *section == "registration" {
            rows.into_iter().next().unwrap_or(Value::Null)
        } else {
            Value::Array(rows)
        };
        out.insert((*section).to_owned(), value);
    }
    Ok(Value::Object(out))
}

/// A stored evidence file of the registration: (file id, evidence id, store key, file name, size).
pub type PortfolioFile = (String, String, String, String, i64);

pub fn files_of(
    conn: &mut DbConnection,
    registration_id: &str,
) -> Result<Vec<PortfolioFile>, StoreError> {
    use super::schema::{evidence_files as f, evidence_items as e};
    use diesel::prelude::*;
    Ok(f::table
        .inner_join(e::table.on(e::id.eq(f::evidence_id)))
        .filter(e::registration_id.eq(registration_id))
        .order((f::evidence_id, f::created_at, f::id))
        .select((
            f::id,
            f::evidence_id,
            f::store_key,
            f::filename,
            f::size_bytes,
        ))
        .load(conn)?)
}
