//! The append-only, hash-chained audit trail (Q4). Each entry carries the SHA-256 of the entry
//! before it and of its own canonical content, so an edited, removed or reordered row breaks the
//! chain at that point. Entries are written in the same transaction as the change they record.

use chrono::{NaiveDateTime, Timelike};
use diesel::connection::SimpleConnection;
use diesel::prelude::*;
use serde::Serialize;
use sha2::{Digest, Sha256};

use super::schema::audit_entries;
use super::{DbConnection, StoreError};

/// The hash that stands before the first entry.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

#[derive(Debug, Clone, PartialEq, Eq, Queryable, Selectable, Insertable)]
#[diesel(table_name = audit_entries, treat_none_as_default_value = false)]
pub struct AuditEntry {
    pub seq: i64,
    pub recorded_at: NaiveDateTime,
    pub actor_id: Option<String>,
    pub actor_name: String,
    pub centre_id: Option<String>,
    pub action: String,
    pub record_type: String,
    pub record_id: String,
    pub reason: Option<String>,
    pub details: String,
    pub prev_hash: String,
    pub hash: String,
}

/// What a caller records: who, what, on which record, why.
#[derive(Debug, Clone, Default)]
pub struct NewAuditEntry {
    pub actor_id: Option<String>,
    pub actor_name: String,
    pub centre_id: Option<String>,
    pub action: String,
    pub record_type: String,
    pub record_id: String,
    pub reason: Option<String>,
    /// A JSON object; keys are sorted when it is stored, so the content is canonical.
    pub details: serde_json::Value,
}

#[derive(Serialize)]
struct Canonical<'a> {
    seq: i64,
    recorded_at: String,
    actor_id: Option<&'a str>,
    actor_name: &'a str,
    centre_id: Option<&'a str>,
    action: &'a str,
    record_type: &'a str,
    record_id: &'a str,
    reason: Option<&'a str>,
    details: &'a str,
    prev_hash: &'a str,
}

/// SHA-256 over the entry's canonical JSON (every field but `hash`, in a fixed order).
pub fn hash_of(entry: &AuditEntry) -> String {
    let canonical = Canonical {
        seq: entry.seq,
        recorded_at: entry
            .recorded_at
            .format("%Y-%m-%dT%H:%M:%S%.6f")
            .to_string(),
        actor_id: entry.actor_id.as_deref(),
        actor_name: &entry.actor_name,
        centre_id: entry.centre_id.as_deref(),
        action: &entry.action,
        record_type: &entry.record_type,
        record_id: &entry.record_id,
        reason: entry.reason.as_deref(),
        details: &entry.details,
        prev_hash: &entry.prev_hash,
    };
    let json = serde_json::to_string(&canonical).unwrap_or_default();
    hex(&Sha256::digest(json.as_bytes()))
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Append an entry after the current last one. Call inside the transaction of the change;
/// on PostgreSQL the table is locked for the rest of it, so two writers cannot fork the chain.
pub fn append(
    conn: &mut DbConnection,
    new: NewAuditEntry,
    now: NaiveDateTime,
) -> Result<AuditEntry, StoreError> {
    append_all(conn, vec![new], now)?
        .pop()
        .ok_or(StoreError::Query(diesel::result::Error::NotFound))
}

/// Append entries in order after the current last one, chained in Rust and written in
/// multi-row statements (a bulk import's entries cost a few statements, not two each). The
/// same lock as [`append`].
pub fn append_all(
    conn: &mut DbConnection,
    new: Vec<NewAuditEntry>,
    now: NaiveDateTime,
) -> Result<Vec<AuditEntry>, StoreError> {
    if let DbConnection::Postgresql(pg) = conn {
        pg.batch_execute("LOCK TABLE audit_entries IN SHARE ROW EXCLUSIVE MODE")?;
    }
    let last: Option<(i64, String)> = audit_entries::table
        .order(audit_entries::seq.desc())
        .select((audit_entries::seq, audit_entries::hash))
        .first(conn)
        .optional()?;
    let (mut seq, mut prev_hash) = last.unwrap_or((0, GENESIS.to_owned()));
    // Both databases keep microseconds: hash exactly what is stored.
    let recorded_at = now
        .with_nanosecond(now.nanosecond() / 1000 * 1000)
        .unwrap_or(now);
    let mut entries = Vec::with_capacity(new.len());
    for new in new {
        seq += 1;
        let mut entry = AuditEntry {
            seq,
            recorded_at,
            actor_id: new.actor_id,
            actor_name: new.actor_name,
            centre_id: new.centre_id,
            action: new.action,
            record_type: new.record_type,
            record_id: new.record_id,
            reason: new.reason,
            details: new.details.to_string(),
            prev_hash: std::mem::take(&mut prev_hash),
            hash: String::new(),
        };
        entry.hash = hash_of(&entry);
        prev_hash.clone_from(&entry.hash);
        entries.push(entry);
    }
    insert_batched!(conn, audit_entries::table, entries);
    Ok(entries)
}

/// Filter for reading the trail.
#[derive(Debug, Clone, Default)]
pub struct AuditFilter {
    pub centre_id: Option<String>,
    pub actor_id: Option<String>,
    pub record_id: Option<String>,
    /// Only entries of this action (`unit_signed_off`, …).
    pub action: Option<String>,
    /// Only entries before this sequence number (paging backwards).
    pub before: Option<i64>,
}

/// Newest first.
pub fn list(
    conn: &mut DbConnection,
    filter: &AuditFilter,
    limit: i64,
) -> Result<Vec<AuditEntry>, StoreError> {
    let mut query = audit_entries::table.into_boxed();
    if let Some(centre) = &filter.centre_id {
        query = query.filter(audit_entries::centre_id.eq(centre.clone()));
    }
    if let Some(actor) = &filter.actor_id {
        query = query.filter(audit_entries::actor_id.eq(actor.clone()));
    }
    if let Some(record) = &filter.record_id {
        query = query.filter(audit_entries::record_id.eq(record.clone()));
    }
    if let Some(action) = &filter.action {
        query = query.filter(audit_entries::action.eq(action.clone()));
    }
    if let Some(before) = filter.before {
        query = query.filter(audit_entries::seq.lt(before));
    }
    Ok(query
        .order(audit_entries::seq.desc())
        .limit(limit)
        .select(AuditEntry::as_select())
        .load(conn)?)
}

/// The actions recorded at a centre, for the trail's filter.
pub fn actions_of_centre(
    conn: &mut DbConnection,
    centre_id: &str,
) -> Result<Vec<String>, StoreError> {
    Ok(audit_entries::table
        .filter(audit_entries::centre_id.eq(centre_id))
        .select(audit_entries::action)
        .distinct()
        .order(audit_entries::action)
        .load(conn)?)
}

/// The result of walking the chain.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verification {
    Intact { entries: i64 },
    Broken { seq: i64, problem: String },
}

/// Walk the whole chain in order, a batch at a time; report the first entry that does not hold.
pub fn verify(conn: &mut DbConnection) -> Result<Verification, StoreError> {
    verify_with(conn, |_| {})
}

/// [`verify`], showing `visit` each entry that holds, in order (the ledger reads their seals).
pub fn verify_with(
    conn: &mut DbConnection,
    mut visit: impl FnMut(&AuditEntry),
) -> Result<Verification, StoreError> {
    let mut expected_prev = GENESIS.to_owned();
    let mut expected_seq = 1;
    loop {
        let batch: Vec<AuditEntry> = audit_entries::table
            .filter(audit_entries::seq.ge(expected_seq))
            .order(audit_entries::seq)
            .limit(1000)
            .select(AuditEntry::as_select())
            .load(conn)?;
        if batch.is_empty() {
            return Ok(Verification::Intact {
                entries: expected_seq - 1,
            });
        }
        for entry in batch {
            let problem = if entry.seq != expected_seq {
                Some(format!(
                    "entry {expected_seq} is missing (next is {})",
                    entry.seq
                ))
            } else if entry.prev_hash != expected_prev {
                Some("its previous-hash does not match the entry before it".to_owned())
            } else if hash_of(&entry) != entry.hash {
                Some("its content does not match its hash (the row was changed)".to_owned())
            } else {
                None
            };
            if let Some(problem) = problem {
                return Ok(Verification::Broken {
                    seq: expected_seq.min(entry.seq),
                    problem,
                });
            }
            visit(&entry);
            expected_prev = entry.hash;
            expected_seq += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::testing::TestDb;
    use crate::store::write_transaction;

    fn at(seconds: i64) -> NaiveDateTime {
        chrono::DateTime::from_timestamp(1_800_000_000 + seconds, 123_456_789)
            .map(|t| t.naive_utc())
            .unwrap_or_default()
    }

    fn entry(action: &str) -> NewAuditEntry {
        NewAuditEntry {
            actor_id: Some("u1".into()),
            actor_name: "Mòrag O'Neill".into(),
            centre_id: Some("c1".into()),
            action: action.into(),
            record_type: "user".into(),
            record_id: "u2".into(),
            reason: Some("because".into()),
            details: serde_json::json!({"b": 1, "a": "x"}),
        }
    }

    #[test]
    fn q4_chain_verifies_and_names_an_edited_entry() -> Result<(), StoreError> {
        let db = TestDb::new()?;
        let mut conn = db.db().get()?;
        for (i, action) in ["sign_in", "role_added", "credential_added"]
            .iter()
            .enumerate()
        {
            write_transaction(&mut conn, |c| append(c, entry(action), at(i as i64)))?;
        }
        assert_eq!(verify(&mut conn)?, Verification::Intact { entries: 3 });
        diesel::update(audit_entries::table.find(2_i64))
            .set(audit_entries::reason.eq("edited by hand"))
            .execute(&mut *conn)?;
        assert_eq!(
            verify(&mut conn)?,
            Verification::Broken {
                seq: 2,
                problem: "its content does not match its hash (the row was changed)".into()
            }
        );
        Ok(())
    }

    #[test]
    fn q4_a_removed_entry_breaks_the_chain() -> Result<(), StoreError> {
        let db = TestDb::new()?;
        let mut conn = db.db().get()?;
        for i in 0..3 {
            write_transaction(&mut conn, |c| append(c, entry("x"), at(i)))?;
        }
        diesel::delete(audit_entries::table.find(2_i64)).execute(&mut *conn)?;
        assert_eq!(
            verify(&mut conn)?,
            Verification::Broken {
                seq: 2,
                problem: "entry 2 is missing (next is 3)".into()
            }
        );
        Ok(())
    }

    #[test]
    fn q4_entries_are_listed_newest_first_and_filtered() -> Result<(), StoreError> {
        let db = TestDb::new()?;
        let mut conn = db.db().get()?;
        write_transaction(&mut conn, |c| append(c, entry("first"), at(0)))?;
        let mut other = entry("second");
        other.record_id = "u3".into();
        write_transaction(&mut conn, |c| append(c, other, at(1)))?;
        let all = list(&mut conn, &AuditFilter::default(), 10)?;
        assert_eq!(
            all.iter().map(|e| e.action.as_str()).collect::<Vec<_>>(),
            ["second", "first"]
        );
        let filter = AuditFilter {
            record_id: Some("u3".into()),
            ..AuditFilter::default()
        };
        assert_eq!(list(&mut conn, &filter, 10)?.len(), 1);
        Ok(())
    }
}
