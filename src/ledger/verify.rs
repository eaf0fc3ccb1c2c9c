//! `audit verify`: the chain, every sealed decision row against the entry that recorded it, and
//! (given one) a checkpoint, each problem named by table, row and entry.

use std::collections::HashMap;

use super::{CheckpointError, CheckpointFile};
use crate::store::audit::{self, Verification};
use crate::store::ledger::{self, SealedTable, content_hash};
use crate::store::{DbConnection, StoreError};

/// One thing `audit verify` found wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Finding {
    /// The chain itself does not hold at this entry.
    ChainBroken { seq: i64, problem: String },
    /// The row's decision fields are not what the entry that recorded it sealed.
    RowChanged {
        table: &'static str,
        id: String,
        seq: i64,
    },
    /// The row's seal was removed, though an entry sealed it.
    SealRemoved {
        table: &'static str,
        id: String,
        seq: i64,
    },
    /// The row names an audit entry that did not seal it.
    SealUnknown { table: &'static str, id: String },
    /// The row names an earlier entry than the last one that sealed it.
    SealStale {
        table: &'static str,
        id: String,
        named: i64,
        last: i64,
    },
    /// The checkpoint's own signature does not hold.
    Checkpoint(CheckpointError),
    /// Fewer entries than the checkpoint counted: the tail was removed.
    Truncated { entries: i64, counted: i64 },
    /// The entry at the checkpoint's count is not the one the checkpoint signed.
    HeadDiffers { seq: i64 },
}

impl std::fmt::Display for Finding {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Finding::ChainBroken { seq, problem } => {
                write!(f, "audit trail broken at entry {seq}: {problem}")
            }
            Finding::RowChanged { table, id, seq } => write!(
                f,
                "{table} row {id} was changed after audit entry {seq} recorded it (its content no longer matches the entry's hash of it)"
            ),
            Finding::SealRemoved { table, id, seq } => write!(
                f,
                "{table} row {id} has lost its seal: audit entry {seq} recorded it"
            ),
            Finding::SealUnknown { table, id } => write!(
                f,
                "{table} row {id} names an audit entry that did not record it"
            ),
            Finding::SealStale {
                table,
                id,
                named,
                last,
            } => write!(
                f,
                "{table} row {id} names audit entry {named}, but entry {last} recorded it since"
            ),
            Finding::Checkpoint(e) => write!(f, "checkpoint refused: {e}"),
            Finding::Truncated { entries, counted } => write!(
                f,
                "the audit trail has {entries} entries but the checkpoint counted {counted}: entries {} to {counted} were removed",
                entries + 1
            ),
            Finding::HeadDiffers { seq } => write!(
                f,
                "audit entry {seq} is not the entry the checkpoint signed (its hash differs)"
            ),
        }
    }
}

/// What `audit verify` found.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct LedgerReport {
    /// Entries in the chain that hold.
    pub entries: i64,
    /// Decision rows checked against their seal.
    pub rows_sealed: usize,
    /// Decision rows written before the ledger, with no seal (table, how many).
    pub rows_not_sealed: Vec<(&'static str, usize)>,
    pub findings: Vec<Finding>,
}

impl LedgerReport {
    pub fn holds(&self) -> bool {
        self.findings.is_empty()
    }

    /// One line for a clean report.
    pub fn summary(&self) -> String {
        let mut line = format!(
            "audit trail intact: {} entries verified, {} decision rows match their entries",
            self.entries, self.rows_sealed
        );
        let unsealed: Vec<String> = self
            .rows_not_sealed
            .iter()
            .map(|(table, n)| format!("{n} in {table}"))
            .collect();
        if !unsealed.is_empty() {
            line.push_str(&format!(
                "; not sealed (written before the ledger): {}",
                unsealed.join(", ")
            ));
        }
        line
    }
}

struct SealRef {
    seq: i64,
    entry_hash: String,
    sha256: String,
}

type Seals = HashMap<(SealedTable, String), Vec<SealRef>>;

/// Verify the chain, the sealed rows and, given one, the checkpoint.
pub fn verify(
    conn: &mut DbConnection,
    checkpoint: Option<&CheckpointFile>,
) -> Result<LedgerReport, StoreError> {
    let mut seals = Seals::new();
    let mut at_count: Option<String> = None;
    let counted = checkpoint.map(|c| c.entry_count);
    let chain = audit::verify_with(conn, |entry| {
        if Some(entry.seq) == counted {
            at_count = Some(entry.hash.clone());
        }
        for (table, id, sha256) in ledger::seals_of(entry) {
            seals.entry((table, id)).or_default().push(SealRef {
                seq: entry.seq,
                entry_hash: entry.hash.clone(),
                sha256,
            });
        }
    })?;
    let mut report = LedgerReport::default();
    match chain {
        Verification::Intact { entries } => report.entries = entries,
        Verification::Broken { seq, problem } => {
            report.entries = seq - 1;
            report.findings.push(Finding::ChainBroken { seq, problem });
        }
    }
    for table in SealedTable::ALL {
        check_table(conn, table, &seals, &mut report)?;
    }
    if let Some(checkpoint) = checkpoint {
        let entries = report.entries;
        check_checkpoint(checkpoint, entries, at_count, &mut report);
    }
    Ok(report)
}

fn check_checkpoint(
    checkpoint: &CheckpointFile,
    entries: i64,
    at_count: Option<String>,
    report: &mut LedgerReport,
) {
    if let Err(e) = checkpoint.verify_signature() {
        report.findings.push(Finding::Checkpoint(e));
        return;
    }
    if checkpoint.entry_count == 0 {
        return;
    }
    match at_count {
        Some(hash) if hash == checkpoint.head_hash => {}
        Some(_) => report.findings.push(Finding::HeadDiffers {
            seq: checkpoint.entry_count,
        }),
        None if entries < checkpoint.entry_count => report.findings.push(Finding::Truncated {
            entries,
            counted: checkpoint.entry_count,
        }),
        // The chain broke before the checkpoint's count; that is already reported.
        None => {}
    }
}

/// What is wrong with a sealed row, if anything: the hash it holds against the entries that
/// sealed it (`last` is the latest of them).
fn seal_finding(
    name: &'static str,
    row: &ledger::SealedRow,
    hash: &str,
    refs: &[SealRef],
    last: i64,
) -> Option<Finding> {
    match refs.iter().find(|r| r.entry_hash == hash) {
        None => Some(Finding::SealUnknown {
            table: name,
            id: row.id.clone(),
        }),
        Some(named) if named.seq != last => Some(Finding::SealStale {
            table: name,
            id: row.id.clone(),
            named: named.seq,
            last,
        }),
        Some(named) if named.sha256 != content_hash(&row.canonical) => Some(Finding::RowChanged {
            table: name,
            id: row.id.clone(),
            seq: named.seq,
        }),
        Some(_) => None,
    }
}

fn check_table(
    conn: &mut DbConnection,
    table: SealedTable,
    seals: &Seals,
    report: &mut LedgerReport,
) -> Result<(), StoreError> {
    let name = table.name();
    let mut not_sealed = 0;
    for row in ledger::rows(conn, table, None)? {
        let refs = seals
            .get(&(table, row.id.clone()))
            .map(Vec::as_slice)
            .unwrap_or_default();
        let Some(last) = refs.last() else {
            match row.audit_hash {
                None => not_sealed += 1,
                Some(_) => report.findings.push(Finding::SealUnknown {
                    table: name,
                    id: row.id,
                }),
            }
            continue;
        };
        let Some(hash) = &row.audit_hash else {
            report.findings.push(Finding::SealRemoved {
                table: name,
                id: row.id,
                seq: last.seq,
            });
            continue;
        };
        let finding = seal_finding(name, &row, hash, refs, last.seq);
        match finding {
            Some(finding) => report.findings.push(finding),
            None => report.rows_sealed += 1,
        }
    }
    if not_sealed > 0 {
        report.rows_not_sealed.push((name, not_sealed));
    }
    Ok(())
}
