//! The tracker as JSON: every assessable item of a registration with its status and evidence,
//! percentages per outcome and unit, the gaps, and the latest judgement of each item.

use std::collections::BTreeMap;

use serde::Serialize;
use utoipa::ToSchema;

use super::rfc3339;
use crate::actions::evidence::items::TrackerView;
use crate::domain::tracker::{ItemStatus, ItemTrack, OutcomeTrack, Tracker, UnitTrack};

/// Where an assessable item stands.
#[derive(Debug, Clone, Copy, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum TrackedStatus {
    NoEvidence,
    EvidenceMapped,
    Submitted,
    Met,
    NotYetMet,
}

impl From<ItemStatus> for TrackedStatus {
    fn from(s: ItemStatus) -> Self {
        match s {
            ItemStatus::NoEvidence => Self::NoEvidence,
            ItemStatus::EvidenceMapped => Self::EvidenceMapped,
            ItemStatus::Submitted => Self::Submitted,
            ItemStatus::Met => Self::Met,
            ItemStatus::NotYetMet => Self::NotYetMet,
        }
    }
}

/// A criterion, Knowledge/Skills item or Evidence Requirement with its status and evidence.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct TrackedItem {
    pub id: String,
    pub number: String,
    pub text: String,
    pub status: TrackedStatus,
    /// The evidence items mapped to it.
    pub evidence: Vec<String>,
}

impl From<&ItemTrack> for TrackedItem {
    fn from(i: &ItemTrack) -> Self {
        Self {
            id: i.id.clone(),
            number: i.number.clone(),
            text: i.text.clone(),
            status: i.status.into(),
            evidence: i.evidence.clone(),
        }
    }
}

/// An outcome of a unit in the tracker.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct TrackedOutcome {
    pub id: String,
    pub number: u32,
    pub text: String,
    pub items: Vec<TrackedItem>,
    pub percent_evidenced: u8,
    pub percent_met: u8,
}

impl From<&OutcomeTrack> for TrackedOutcome {
    fn from(o: &OutcomeTrack) -> Self {
        Self {
            id: o.id.clone(),
            number: o.number,
            text: o.text.clone(),
            items: o.items.iter().map(TrackedItem::from).collect(),
            percent_evidenced: o.percent_evidenced,
            percent_met: o.percent_met,
        }
    }
}

/// A unit in the tracker.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct TrackedUnit {
    pub id: String,
    pub number: String,
    pub title: String,
    pub outcomes: Vec<TrackedOutcome>,
    /// SQA Evidence Requirements (none for City & Guilds units).
    pub evidence_requirements: Vec<TrackedItem>,
    pub percent_evidenced: u8,
    pub percent_met: u8,
}

impl From<&UnitTrack> for TrackedUnit {
    fn from(u: &UnitTrack) -> Self {
        Self {
            id: u.id.clone(),
            number: u.number.clone(),
            title: u.title.clone(),
            outcomes: u.outcomes.iter().map(TrackedOutcome::from).collect(),
            evidence_requirements: u
                .evidence_requirements
                .iter()
                .map(TrackedItem::from)
                .collect(),
            percent_evidenced: u.percent_evidenced,
            percent_met: u.percent_met,
        }
    }
}

/// Every unit with its items, percentages, and the gaps in plain words.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct TrackerOut {
    pub qualification_id: String,
    pub units: Vec<TrackedUnit>,
    pub percent_evidenced: u8,
    pub percent_met: u8,
    pub gaps: Vec<String>,
}

impl From<&Tracker> for TrackerOut {
    fn from(t: &Tracker) -> Self {
        Self {
            qualification_id: t.qualification_id.clone(),
            units: t.units.iter().map(TrackedUnit::from).collect(),
            percent_evidenced: t.percent_evidenced,
            percent_met: t.percent_met,
            gaps: t.gaps.clone(),
        }
    }
}

/// An evidence item in the tracker, with its word count.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct TrackerEvidence {
    pub id: String,
    pub title: String,
    pub kind: String,
    pub status: String,
    /// S1: the words of the item as it stands, typed and in every file, added up.
    pub word_count: Option<i32>,
}

/// The latest judgement of an item, in the tracker.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct TrackerJudgement {
    /// `met` or `not_yet_met`.
    #[schema(example = "met")]
    pub outcome: String,
    pub round: i32,
    pub feedback: String,
    /// RFC 3339.
    pub judged_at: String,
}

/// `GET /api/v1/registrations/{registration_id}/tracker`.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct TrackerReport {
    pub registration_id: String,
    pub tracker: TrackerOut,
    pub evidence: Vec<TrackerEvidence>,
    /// The latest judgement of each judged item, by item id.
    pub judgements: BTreeMap<String, TrackerJudgement>,
}

impl From<&TrackerView> for TrackerReport {
    fn from(view: &TrackerView) -> Self {
        Self {
            registration_id: view.registration.id.clone(),
            tracker: TrackerOut::from(&view.tracker),
            evidence: view
                .items
                .iter()
                .map(|(i, words)| TrackerEvidence {
                    id: i.id.clone(),
                    title: i.title.clone(),
                    kind: i.kind.clone(),
                    status: i.status.into(),
                    word_count: *words,
                })
                .collect(),
            judgements: view
                .latest_judgements()
                .into_iter()
                .map(|(item, j)| {
                    let judgement = TrackerJudgement {
                        outcome: j.outcome.into(),
                        round: j.round,
                        feedback: j.feedback.clone(),
                        judged_at: rfc3339(j.judged_at),
                    };
                    (item, judgement)
                })
                .collect(),
        }
    }
}
