//! The assessor's marking workspace for one unit of a registration: every criterion of the unit
//! in the specification's words, each with its latest decision and the evidence mapped to it, so
//! the assessor judges the whole unit in one submission ([`super::judgements::judge_all`]), each
//! "met" relying on the evidence they tick.

use std::collections::BTreeSet;

use crate::actions::access::{
    require_allocated_assessor, require_unit_assessor, visible_registration,
};
use crate::actions::{ActionError, Actor, AppState};
use crate::curriculum::model::Unit;
use crate::domain::evidence::{EvidenceKind, EvidenceStatus};
use crate::domain::ids::{RegistrationId, UnitId};
use crate::domain::judgement::{JudgementOutcome, judgeable_items_of_unit};
use crate::store::evidence::{self, EvidenceItem};
use crate::store::judgements::{self, Judgement};
use crate::store::registrations::Registration;

/// A piece of the learner's evidence as the unit page lists it.
#[derive(Debug, Clone)]
pub struct UnitEvidence {
    pub item: EvidenceItem,
    /// "Work product", "Observation record"…
    pub kind: String,
    /// Whether it can be relied on now: submitted by the learner, or a record the assessor made.
    pub ready: bool,
}

/// A criterion (or Knowledge/Skills item, Evidence Requirement) of the unit.
#[derive(Debug, Clone)]
pub struct UnitCriterion {
    pub item_id: String,
    /// "1.1 Explain …", in the specification's words.
    pub words: String,
    pub latest: Option<Judgement>,
    /// Ids of the evidence mapped to it, in the order of [`UnitMarking::evidence`].
    pub mapped: Vec<String>,
}

impl UnitCriterion {
    pub fn is_met(&self) -> bool {
        self.latest
            .as_ref()
            .is_some_and(|j| j.outcome == JudgementOutcome::Met)
    }
}

/// What the unit's workspace shows.
pub struct UnitMarking {
    pub registration: Registration,
    pub learner_name: String,
    pub unit_id: String,
    /// "Unit 002 Understand person-centred approaches…".
    pub unit_title: String,
    /// The evidence mapped to any criterion of the unit, newest first.
    pub evidence: Vec<UnitEvidence>,
    pub criteria: Vec<UnitCriterion>,
}

impl UnitMarking {
    /// How many of the unit's criteria are met now.
    pub fn met(&self) -> usize {
        self.criteria.iter().filter(|c| c.is_met()).count()
    }

    /// The listed evidence with this id.
    pub fn evidence_item(&self, evidence: &str) -> Option<&UnitEvidence> {
        self.evidence.iter().find(|e| e.item.id == evidence)
    }
}

/// The allocated assessor's workspace for a unit of their learner's qualification (others who
/// may read the registration get 403; anyone else 404; a unit outside the qualification 404).
pub async fn unit_workspace(
    state: &AppState,
    actor: &Actor,
    registration_id: &RegistrationId,
    unit_id: &UnitId,
) -> Result<UnitMarking, ActionError> {
    let registration = visible_registration(state, actor, registration_id).await?;
    require_allocated_assessor(actor, &registration)?;
    let unit = state
        .curriculum
        .unit_of(&registration.qualification_id, unit_id.as_str())
        .ok_or_else(|| ActionError::NotFound(format!("unit {unit_id}")))?;
    require_unit_assessor(state, actor, &registration, unit_id).await?;
    let key = registration.id.clone();
    let (items, mappings, rounds) = state
        .db
        .run(move |conn| -> Result<_, crate::store::StoreError> {
            Ok((
                evidence::items_of(conn, &key)?,
                evidence::mappings_of_registration(conn, &key)?,
                judgements::of_registration(conn, &key)?,
            ))
        })
        .await?;
    let learner_name =
        crate::actions::people::directory::learner_name(state, &registration).await?;
    let unit_items = judgeable_items_of_unit(unit);
    let criteria = unit_criteria(unit, &unit_items, &rounds, &mappings);
    let on_unit: BTreeSet<&str> = mappings
        .iter()
        .filter(|(_, i)| unit_items.contains(i))
        .map(|(e, _)| e.as_str())
        .collect();
    let mut listed: Vec<UnitEvidence> = items
        .into_iter()
        .map(|(item, _)| item)
        .filter(|item| on_unit.contains(item.id.as_str()))
        .map(|item| listed_evidence(item, &registration))
        .collect();
    listed.sort_by_key(|e| std::cmp::Reverse(e.item.activity_date));
    Ok(UnitMarking {
        learner_name,
        unit_id: unit_id.to_string(),
        unit_title: format!("Unit {} {}", unit.number, unit.title),
        evidence: listed,
        criteria,
        registration,
    })
}

/// Each criterion of the unit with its words, latest judgement and the evidence mapped to it.
fn unit_criteria(
    unit: &Unit,
    unit_items: &[String],
    rounds: &[Judgement],
    mappings: &[(String, String)],
) -> Vec<UnitCriterion> {
    unit_items
        .iter()
        .map(|item_id| UnitCriterion {
            item_id: item_id.clone(),
            words: unit.item_words(item_id).unwrap_or_else(|| item_id.clone()),
            latest: rounds
                .iter()
                .filter(|j| j.item_id == *item_id)
                .max_by_key(|j| j.round)
                .cloned(),
            mapped: mappings
                .iter()
                .filter(|(_, i)| i == item_id)
                .map(|(e, _)| e.clone())
                .collect(),
        })
        .collect()
}

fn listed_evidence(item: EvidenceItem, registration: &Registration) -> UnitEvidence {
    let kind =
        EvidenceKind::parse(&item.kind).map_or_else(|| item.kind.clone(), |k| k.label().to_owned());
    let ready =
        item.status == EvidenceStatus::Submitted || item.created_by != registration.learner_id;
    UnitEvidence { item, kind, ready }
}
