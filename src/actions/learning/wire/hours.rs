//! Learning hours: an entry as the learner logs it, and the totals against the guided or
//! notional hours of the units.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::rfc3339;
use crate::actions::learning::learning_hours::{HoursView, UnitHours};
use crate::domain::learning_hours::{EntryInput, HoursTotal};
use crate::store::learning_hours::Entry;

/// Learning as logged: `POST /api/v1/registrations/{registration_id}/learning-hours`.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(default)]
pub struct LearningEntryRequest {
    /// `YYYY-MM-DD`, not in the future.
    #[schema(example = "2025-09-01")]
    pub activity_on: String,
    /// 1 to 1440; at most 24 hours logged on one day.
    pub minutes: i64,
    pub description: String,
    /// Outcomes of the learner's qualification.
    pub outcome_ids: Vec<String>,
}

impl From<LearningEntryRequest> for EntryInput {
    fn from(r: LearningEntryRequest) -> Self {
        Self {
            activity_on: r.activity_on,
            minutes: r.minutes,
            description: r.description,
            outcome_ids: r.outcome_ids,
        }
    }
}

/// One entry of logged learning.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct LearningEntry {
    pub id: String,
    pub activity_on: NaiveDate,
    pub minutes: i32,
    pub description: String,
    pub outcome_ids: Vec<String>,
    /// RFC 3339.
    pub created_at: String,
}

impl From<&Entry> for LearningEntry {
    fn from(e: &Entry) -> Self {
        Self {
            id: e.id.clone(),
            activity_on: e.activity_on,
            minutes: e.minutes,
            description: e.description.clone(),
            outcome_ids: e.outcome_ids.0.clone(),
            created_at: rfc3339(e.created_at),
        }
    }
}

/// Hours logged against the hours a unit (or the qualification) expects.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct LearningHoursTotal {
    pub logged_minutes: i64,
    /// Guided learning hours (City & Guilds) or notional hours (SQA); null if unknown.
    pub expected_hours: Option<u32>,
    /// `guided` or `notional`.
    #[schema(example = "guided")]
    pub basis: String,
    /// Whole per cent of the expected hours logged (capped at 100), when they are known.
    pub percent: Option<u32>,
}

impl From<&HoursTotal> for LearningHoursTotal {
    fn from(t: &HoursTotal) -> Self {
        Self {
            logged_minutes: t.logged_minutes,
            expected_hours: t.expected_hours,
            basis: t.basis.to_owned(),
            percent: t.percent,
        }
    }
}

/// One unit's hours.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct UnitLearningHours {
    pub unit_id: String,
    pub title: String,
    pub total: LearningHoursTotal,
}

impl From<&UnitHours> for UnitLearningHours {
    fn from(u: &UnitHours) -> Self {
        Self {
            unit_id: u.unit_id.clone(),
            title: u.title.clone(),
            total: LearningHoursTotal::from(&u.total),
        }
    }
}

/// A registration's logged learning, totalled for the qualification and by unit.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct LearningHours {
    pub registration_id: String,
    pub total: LearningHoursTotal,
    pub units: Vec<UnitLearningHours>,
    pub entries: Vec<LearningEntry>,
}

impl From<&HoursView> for LearningHours {
    fn from(v: &HoursView) -> Self {
        Self {
            registration_id: v.registration.id.clone(),
            total: LearningHoursTotal::from(&v.overall),
            units: v.units.iter().map(UnitLearningHours::from).collect(),
            entries: v.entries.iter().map(LearningEntry::from).collect(),
        }
    }
}
