//! The facts a judgement's checks on its evidence need (issue 14: authenticity before judgement,
//! mapping, C4 for Unit 002), loaded inside the judgement's transaction, and the mappings the
//! assessor adds in the same submission: stored as theirs and audited.

use std::collections::{BTreeMap, BTreeSet};

use chrono::NaiveDateTime;
use serde_json::json;

use crate::actions::ActionError;
use crate::actions::Actor;
use crate::actions::audit::of_registration as entry;
use crate::domain::evidence::{EvidenceKind, EvidenceStatus};
use crate::domain::ids::CriterionId;
use crate::domain::people::FieldError;
use crate::domain::reliance::Relied;
use crate::store::DbConnection;
use crate::store::audit;
use crate::store::evidence::{self as evidence_store, EvidenceItem, EvidenceVersion};
use crate::store::registrations::Registration;

/// The evidence ids the assessor asked to map to the criterion, sorted and without repeats: each
/// must be among the evidence relied on.
pub fn check_to_map(to_map: &[String], relied_on: &[String]) -> Result<Vec<String>, ActionError> {
    let mut ids: Vec<String> = to_map
        .iter()
        .map(|e| e.trim().to_owned())
        .filter(|e| !e.is_empty())
        .collect();
    ids.sort();
    ids.dedup();
    if ids.iter().any(|id| !relied_on.contains(id)) {
        return Err(ActionError::Invalid(vec![FieldError::new(
            "map_evidence_ids",
            "Map only evidence you chose to rely on",
        )]));
    }
    Ok(ids)
}

/// Each item relied on, as the checks see it: its kind, whether its current version carries the
/// learner's valid declaration, whether staff wrote it, and what it is mapped to (counting the
/// mappings the assessor is adding to `item_id`).
pub fn facts(
    conn: &mut DbConnection,
    registration: &Registration,
    relied_on: &[(EvidenceItem, EvidenceVersion)],
    item_id: &CriterionId,
    adding: &[String],
) -> Result<Vec<Relied>, ActionError> {
    let mut mapped: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (evidence, item) in evidence_store::mappings_of_registration(conn, &registration.id)? {
        mapped.entry(evidence).or_default().insert(item);
    }
    let learner = registration.learner_id.as_str();
    let mut out = Vec::with_capacity(relied_on.len());
    for (item, version) in relied_on {
        let declaration = evidence_store::latest_declaration(conn, &item.id)?;
        let declared = declaration.is_some_and(|d| {
            d.signed_by == learner
                && d.version == version.version
                && d.content_sha256 == version.content_sha256
        });
        let mut mapped_to = mapped.remove(&item.id).unwrap_or_default();
        if adding.contains(&item.id) {
            mapped_to.insert(item_id.to_string());
        }
        out.push(Relied {
            title: item.title.clone(),
            kind: EvidenceKind::parse(&item.kind),
            current: version.version == item.current_version,
            declared,
            draft: item.status == EvidenceStatus::Draft,
            made_by_staff: item.created_by != learner && version.created_by != learner,
            mapped_to,
        });
    }
    Ok(out)
}

/// Store the assessor's mappings of `ids` to `item_id` (those not already mapped), as theirs,
/// each with an audit entry. Returns the ids newly mapped.
pub fn add_mappings(
    conn: &mut DbConnection,
    actor: &Actor,
    registration: &Registration,
    item_id: &CriterionId,
    ids: &[String],
    now: NaiveDateTime,
) -> Result<Vec<String>, ActionError> {
    let mut added = Vec::new();
    for id in ids {
        if evidence_store::mappings_of(conn, id)?
            .iter()
            .any(|m| m == item_id)
        {
            continue;
        }
        evidence_store::add_mapping(conn, id, item_id, &actor.user.id, now)?;
        let details = json!({"items": [item_id], "added_with": "judgement", "by_role": "assessor"});
        let audit_entry = entry(
            actor,
            registration,
            "evidence_mapped_by_assessor",
            ("evidence", id),
            None,
            details,
        );
        audit::append(conn, audit_entry, now)?;
        added.push(id.clone());
    }
    Ok(added)
}
