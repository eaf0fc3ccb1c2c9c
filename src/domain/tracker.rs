//! The tracker: for one registration, every assessable item (City & Guilds criteria; SQA
//! Knowledge/Skills items and Evidence Requirements) with its status and evidence, percentages
//! per outcome and unit, and the gaps in plain words (C5, S1, uncovered items, untouched range).

use std::collections::{BTreeMap, HashMap};

use serde::Serialize;

use super::evidence::{EvidenceKind, EvidenceStatus};
use crate::curriculum::Curriculum;
use crate::curriculum::model::{EvidenceMethod, Unit};

/// What the tracker needs to know about one evidence item.
#[derive(Debug, Clone)]
pub struct EvidenceSummary {
    pub id: String,
    pub title: String,
    pub kind: String,
    pub status: EvidenceStatus,
    /// S1: the words of the item as it stands, typed and in every file, added up.
    pub word_count: Option<i32>,
    pub items: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ItemStatus {
    NoEvidence,
    EvidenceMapped,
    Submitted,
    Met,
    NotYetMet,
}

impl ItemStatus {
    pub fn label(self) -> &'static str {
        match self {
            Self::NoEvidence => "No evidence",
            Self::EvidenceMapped => "Evidence mapped",
            Self::Submitted => "Submitted",
            Self::Met => "Met",
            Self::NotYetMet => "Not yet met",
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct ItemTrack {
    pub id: String,
    pub number: String,
    pub text: String,
    pub status: ItemStatus,
    pub evidence: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct OutcomeTrack {
    pub id: String,
    pub number: u32,
    pub text: String,
    pub items: Vec<ItemTrack>,
    pub percent_evidenced: u8,
    pub percent_met: u8,
}

#[derive(Debug, Clone, Serialize)]
pub struct UnitTrack {
    pub id: String,
    pub number: String,
    pub title: String,
    pub outcomes: Vec<OutcomeTrack>,
    pub evidence_requirements: Vec<ItemTrack>,
    pub percent_evidenced: u8,
    pub percent_met: u8,
}

#[derive(Debug, Clone, Serialize)]
pub struct Tracker {
    pub qualification_id: String,
    pub units: Vec<UnitTrack>,
    pub percent_evidenced: u8,
    pub percent_met: u8,
    pub gaps: Vec<String>,
}

fn percent(part: usize, whole: usize) -> u8 {
    (part * 100)
        .checked_div(whole)
        .map_or(0, |p| p.min(100) as u8)
}

/// Pairs keyed by evidence id (mappings, file word counts) grouped once, so that building each
/// item's summary is a lookup rather than a scan of every pair.
pub fn by_evidence<T: Clone>(pairs: &[(String, T)]) -> HashMap<&str, Vec<T>> {
    let mut grouped: HashMap<&str, Vec<T>> = HashMap::new();
    for (evidence_id, value) in pairs {
        grouped
            .entry(evidence_id.as_str())
            .or_default()
            .push(value.clone());
    }
    grouped
}

/// Evidence by the ids it is mapped to, built once per tracker so that each item is a lookup
/// (the tracker's cost grows with items plus mappings, not with their product).
type ByItem<'a> = HashMap<&'a str, Vec<&'a EvidenceSummary>>;

fn by_item(evidence: &[EvidenceSummary]) -> ByItem<'_> {
    let mut index: ByItem<'_> = HashMap::new();
    for e in evidence {
        for item in &e.items {
            index.entry(item.as_str()).or_default().push(e);
        }
    }
    index
}

fn track(
    id: &str,
    number: String,
    text: &str,
    evidence: &ByItem<'_>,
    decisions: &BTreeMap<String, bool>,
) -> ItemTrack {
    let mapped: &[&EvidenceSummary] = evidence.get(id).map_or(&[], Vec::as_slice);
    let status = match decisions.get(id) {
        Some(true) => ItemStatus::Met,
        Some(false) => ItemStatus::NotYetMet,
        None if mapped.iter().any(|e| e.status == EvidenceStatus::Submitted) => {
            ItemStatus::Submitted
        }
        None if !mapped.is_empty() => ItemStatus::EvidenceMapped,
        None => ItemStatus::NoEvidence,
    };
    ItemTrack {
        id: id.to_owned(),
        number,
        text: text.to_owned(),
        status,
        evidence: mapped.iter().map(|e| e.id.clone()).collect(),
    }
}

fn counts<'a>(items: impl Iterator<Item = &'a ItemTrack>) -> (usize, usize, usize) {
    items.fold((0, 0, 0), |(all, evidenced, met), i| {
        (
            all + 1,
            evidenced + usize::from(i.status != ItemStatus::NoEvidence),
            met + usize::from(i.status == ItemStatus::Met),
        )
    })
}

fn unit_track(unit: &Unit, evidence: &ByItem<'_>, decisions: &BTreeMap<String, bool>) -> UnitTrack {
    let outcomes: Vec<OutcomeTrack> = unit
        .outcomes
        .iter()
        .map(|o| {
            let mut items: Vec<ItemTrack> = o
                .criteria
                .iter()
                .map(|c| track(&c.id, c.number.clone(), &c.text, evidence, decisions))
                .collect();
            items.extend(o.knowledge_skills.iter().map(|k| {
                track(
                    &k.id,
                    format!("{}.{}", o.number, k.number),
                    &k.text,
                    evidence,
                    decisions,
                )
            }));
            let (all, evidenced, met) = counts(items.iter());
            OutcomeTrack {
                id: o.id.clone(),
                number: o.number,
                text: o.text.clone(),
                items,
                percent_evidenced: percent(evidenced, all),
                percent_met: percent(met, all),
            }
        })
        .collect();
    let ers: Vec<ItemTrack> = unit
        .evidence_requirements
        .iter()
        .map(|e| track(&e.id, e.number.to_string(), &e.text, evidence, decisions))
        .collect();
    let (all, evidenced, met) = counts(
        outcomes
            .iter()
            .flat_map(|o| o.items.iter())
            .chain(ers.iter()),
    );
    UnitTrack {
        id: unit.id.clone(),
        number: unit.number.clone(),
        title: unit.title.clone(),
        outcomes,
        evidence_requirements: ers,
        percent_evidenced: percent(evidenced, all),
        percent_met: percent(met, all),
    }
}

/// The tracker for a registration on `qualification_id`; `decisions` holds assessment
/// judgements by item id (true: met), empty until an assessor judges.
pub fn tracker(
    curriculum: &Curriculum,
    qualification_id: &str,
    evidence: &[EvidenceSummary],
    decisions: &BTreeMap<String, bool>,
) -> Option<Tracker> {
    let (_, qualification) = curriculum.qualification(qualification_id)?;
    let index = by_item(evidence);
    let units: Vec<UnitTrack> = curriculum
        .units_of(qualification)
        .map(|u| unit_track(u, &index, decisions))
        .collect();
    let all_items = units.iter().flat_map(|u| {
        u.outcomes
            .iter()
            .flat_map(|o| o.items.iter())
            .chain(u.evidence_requirements.iter())
    });
    let (all, evidenced, met) = counts(all_items);
    let mut gaps = Vec::new();
    for (unit, track) in curriculum.units_of(qualification).zip(&units) {
        gaps.extend(unit_gaps(unit, track, evidence, &index));
    }
    Some(Tracker {
        qualification_id: qualification_id.to_owned(),
        units,
        percent_evidenced: percent(evidenced, all),
        percent_met: percent(met, all),
        gaps,
    })
}

fn unit_gaps(
    unit: &Unit,
    track: &UnitTrack,
    evidence: &[EvidenceSummary],
    index: &ByItem<'_>,
) -> Vec<String> {
    let name = format!("Unit {}", unit.number);
    let mut gaps = item_gaps(&name, track);
    gaps.extend(range_gaps(&name, unit, index));
    gaps.extend(observation_gap(&name, unit, track, evidence));
    gaps.extend(project_gaps(unit, evidence));
    gaps
}

/// Items and Evidence Requirements with no evidence yet.
fn item_gaps(name: &str, track: &UnitTrack) -> Vec<String> {
    let mut gaps = Vec::new();
    for outcome in &track.outcomes {
        for item in outcome
            .items
            .iter()
            .filter(|i| i.status == ItemStatus::NoEvidence)
        {
            gaps.push(format!(
                "{name}, {} ({}): no evidence yet.",
                item.number,
                item.text.trim_end_matches(':')
            ));
        }
    }
    for er in track
        .evidence_requirements
        .iter()
        .filter(|e| e.status == ItemStatus::NoEvidence)
    {
        gaps.push(format!(
            "{name}, Evidence Requirement {}: not yet covered by any evidence.",
            er.number
        ));
    }
    gaps
}

/// Range items no evidence touches yet.
fn range_gaps(name: &str, unit: &Unit, index: &ByItem<'_>) -> Vec<String> {
    let mut gaps = Vec::new();
    for outcome in &unit.outcomes {
        for range in &outcome.range {
            let untouched: Vec<&str> = range
                .items
                .iter()
                .enumerate()
                .filter(|(i, _)| !index.contains_key(range.item_id(*i).as_str()))
                .map(|(_, item)| item.trim_end_matches([',', '.']))
                .collect();
            if !untouched.is_empty() && !range.items.is_empty() {
                gaps.push(format!(
                    "{name}, range \"{}\" (outcome {}): not yet touched: {}.",
                    range.heading,
                    outcome.number,
                    untouched.join("; ")
                ));
            }
        }
    }
    gaps
}

/// C5: a unit that needs an observation by an assessor or an expert witness.
fn observation_gap(
    name: &str,
    unit: &Unit,
    track: &UnitTrack,
    evidence: &[EvidenceSummary],
) -> Option<String> {
    let needs_observation = unit.evidence.required_any_of.iter().any(|m| {
        matches!(
            m,
            EvidenceMethod::ObservationByAssessor | EvidenceMethod::ObservationByExpertWitness
        )
    });
    let unit_items: Vec<&str> = track
        .outcomes
        .iter()
        .flat_map(|o| o.items.iter().map(|i| i.id.as_str()))
        .collect();
    let observed = evidence.iter().any(|e| {
        e.kind == EvidenceKind::ObservationRecord.code()
            && e.items.iter().any(|i| unit_items.contains(&i.as_str()))
    });
    (needs_observation && !observed).then(|| format!("{name} needs an observation of practice by an assessor or an expert witness; none is on record yet."))
}

/// S1: the project's length.
fn project_gaps(unit: &Unit, evidence: &[EvidenceSummary]) -> Vec<String> {
    let Some(project) = &unit.project else {
        return Vec::new();
    };
    evidence
        .iter()
        .filter(|e| e.kind == EvidenceKind::ProjectAssignment.code())
        .filter_map(|e| {
            let words = e.word_count.filter(|w| *w > project.max_words as i32)?;
            Some(format!(
                "The project assignment \"{}\" has {words} words, over the {}-word limit.",
                e.title, project.max_words
            ))
        })
        .collect()
}

#[cfg(test)]
#[path = "tracker_tests.rs"]
mod tests;

#[path = "tracker_progress.rs"]
mod progress;
pub use progress::{percent_mapped, progress};
