//! Standardisation activities and the decision log: `…/standardisation`, `…/decision-log`.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::double_marking::DoubleMarkingSummary;
use super::rfc3339;
use crate::actions::iqa::standardisation::{Overview, QualificationDue};
use crate::domain::ids::{CentreId, UserId};
use crate::domain::standardisation::ActivityRelation;
use crate::domain::standardisation::Verdict;
use crate::domain::standardisation::activity::{ActionInput, ActivityInput};
use crate::store::standardisation::{ActivityRecord, Decision};

/// Whether a qualification's yearly standardisation activity is due.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct StandardisationDue {
    pub qualification_id: String,
    pub title: String,
    /// `YYYY-MM-DD` of the latest activity, if any.
    pub latest_held_on: Option<String>,
    /// `YYYY-MM-DD`; none when no activity was ever held.
    pub due_on: Option<String>,
    /// `never_held`, `up_to_date`, `due_soon` (within 30 days) or `overdue`.
    #[schema(example = "up_to_date")]
    pub status: String,
    /// The warning in plain words, when there is one.
    pub warning: Option<String>,
}

impl From<&QualificationDue> for StandardisationDue {
    fn from(d: &QualificationDue) -> Self {
        Self {
            qualification_id: d.qualification_id.clone(),
            title: d.title.clone(),
            latest_held_on: d.latest.map(|l| l.to_string()),
            due_on: d.state.due_on().map(|l| l.to_string()),
            status: d.state.code().to_owned(),
            warning: d.state.message(&d.title),
        }
    }
}

/// A person, by id with their name when known.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct StandardisationPerson {
    pub id: String,
    pub name: Option<String>,
}

impl StandardisationPerson {
    fn new(id: &UserId, names: &BTreeMap<String, String>) -> Self {
        Self {
            id: id.to_string(),
            name: names.get(id.as_str()).cloned(),
        }
    }
}

/// An action agreed at an activity.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct StandardisationActionOut {
    pub id: String,
    pub description: String,
    /// `YYYY-MM-DD`.
    pub due_on: String,
    pub owner: StandardisationPerson,
}

/// A standardisation activity.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct StandardisationActivity {
    pub id: String,
    pub qualification_id: String,
    /// `YYYY-MM-DD`.
    pub held_on: String,
    pub title: String,
    /// Unit ids.
    pub units: Vec<String>,
    /// What was agreed.
    pub agreed: String,
    pub attendees: Vec<StandardisationPerson>,
    /// The assessors the activity concerns.
    pub assessors: Vec<StandardisationPerson>,
    pub actions: Vec<StandardisationActionOut>,
    pub recorded_by: StandardisationPerson,
    /// RFC 3339.
    pub created_at: String,
}

impl StandardisationActivity {
    /// The activity, with the names of its people where `names` knows them.
    pub fn new(r: &ActivityRecord, names: &BTreeMap<String, String>) -> Self {
        let a = &r.activity;
        let with = |attending: bool| -> Vec<StandardisationPerson> {
            r.people
                .iter()
                .filter(|p| (p.relation == ActivityRelation::Attendee) == attending)
                .map(|p| {
                    StandardisationPerson::new(&UserId::from_stored(p.user_id.as_str()), names)
                })
                .collect()
        };
        Self {
            id: a.id.clone(),
            qualification_id: a.qualification_id.clone(),
            held_on: a.held_on.to_string(),
            title: a.title.clone(),
            units: a.units.0.clone(),
            agreed: a.agreed.clone(),
            attendees: with(true),
            assessors: with(false),
            actions: r
                .actions
                .iter()
                .map(|x| StandardisationActionOut {
                    id: x.id.clone(),
                    description: x.description.clone(),
                    due_on: x.due_on.to_string(),
                    owner: StandardisationPerson::new(
                        &UserId::from_stored(x.owner_id.as_str()),
                        names,
                    ),
                })
                .collect(),
            recorded_by: StandardisationPerson::new(
                &UserId::from_stored(a.recorded_by.as_str()),
                names,
            ),
            created_at: rfc3339(a.created_at),
        }
    }
}

/// `GET /api/v1/centres/{centre_id}/standardisation`.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct StandardisationOverview {
    pub centre_id: String,
    pub due: Vec<StandardisationDue>,
    pub activities: Vec<StandardisationActivity>,
    pub exercises: Vec<DoubleMarkingSummary>,
}

impl StandardisationOverview {
    pub fn new(centre_id: &CentreId, o: &Overview) -> Self {
        Self {
            centre_id: centre_id.to_string(),
            due: o.due.iter().map(StandardisationDue::from).collect(),
            activities: o
                .activities
                .iter()
                .map(|a| StandardisationActivity::new(a, &o.names))
                .collect(),
            exercises: o.exercises.iter().map(DoubleMarkingSummary::from).collect(),
        }
    }
}

/// An action agreed at an activity, as sent.
#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema)]
#[serde(default)]
pub struct StandardisationActionRequest {
    pub description: String,
    /// `YYYY-MM-DD`.
    pub due_on: String,
    pub owner_id: String,
}

/// An activity as sent: `POST /api/v1/centres/{centre_id}/standardisation`.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(default)]
pub struct StandardisationActivityRequest {
    pub qualification_id: String,
    /// `YYYY-MM-DD`.
    pub held_on: String,
    pub title: String,
    /// User ids of the people who took part.
    pub attendees: Vec<String>,
    /// User ids of the assessors the activity concerns.
    pub assessors: Vec<String>,
    /// Unit ids.
    pub units: Vec<String>,
    pub agreed: String,
    pub actions: Vec<StandardisationActionRequest>,
}

impl From<StandardisationActivityRequest> for ActivityInput {
    fn from(b: StandardisationActivityRequest) -> Self {
        Self {
            qualification_id: b.qualification_id,
            held_on: b.held_on,
            title: b.title,
            attendees: b.attendees,
            assessors: b.assessors,
            units: b.units,
            agreed: b.agreed,
            actions: b
                .actions
                .into_iter()
                .map(|a| ActionInput {
                    description: a.description,
                    due_on: a.due_on,
                    owner_id: a.owner_id,
                })
                .collect(),
        }
    }
}

/// An agreed outcome in the decision log.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct StandardisationDecision {
    pub id: String,
    pub exercise_id: String,
    pub qualification_id: String,
    pub criterion_id: String,
    /// `met` or `not_yet_met`.
    #[schema(example = "met")]
    pub outcome: Verdict,
    pub rationale: String,
    /// The markers' agreement on the criterion, percent, when it was measured.
    pub agreement_percent: Option<i32>,
    pub recorded_by: String,
    /// RFC 3339.
    pub recorded_at: String,
}

impl From<&Decision> for StandardisationDecision {
    fn from(d: &Decision) -> Self {
        Self {
            id: d.id.clone(),
            exercise_id: d.exercise_id.clone(),
            qualification_id: d.qualification_id.clone(),
            criterion_id: d.criterion_id.clone(),
            outcome: d.outcome,
            rationale: d.rationale.clone(),
            agreement_percent: d.agreement_percent,
            recorded_by: d.recorded_by.clone(),
            recorded_at: rfc3339(d.recorded_at),
        }
    }
}

/// `GET /api/v1/centres/{centre_id}/decision-log`: the search and what it found.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct DecisionLog {
    pub q: String,
    pub criterion: String,
    pub decisions: Vec<StandardisationDecision>,
}
