//! Standardisation activities and the decision log. The centre's IQAs record; its
//! administrators read; an EQA reads what belongs to the qualifications they are granted.
//! Each qualification the centre delivers shows whether its yearly activity is due.

use std::collections::{BTreeMap, BTreeSet};

use chrono::NaiveDate;
use serde_json::json;

use crate::actions::ActionError;
use crate::actions::Actor;
use crate::actions::AppState;
use crate::actions::access::{CentreRelation, centre_relation, require_centre_role};
use crate::domain::ids::{CentreId, QualificationId};
use crate::domain::judgement::judgeable_items;
use crate::domain::roles::Role;
use crate::domain::standardisation::ActivityRelation;
use crate::domain::standardisation::activity::{
    ActivityInput, CheckedActivity, Facts, check_activity,
};
use crate::domain::standardisation::decision_log::{LogEntry, matches};
use crate::domain::standardisation::due::{DueState, standardisation_due};
use crate::store::audit::{self, NewAuditEntry};
use crate::store::json::Json;
use crate::store::standardisation::{
    self as store, Activity, ActivityAction, ActivityPerson, ActivityRecord, Decision, Exercise,
};
use crate::store::{DbConnection, StoreError, people, registrations};

/// How the caller may read a centre's standardisation records.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reader {
    /// An IQA of the centre: reads and records.
    Iqa,
    /// A centre administrator or the platform administrator: reads.
    Admin,
    /// An EQA: reads these qualifications only.
    Eqa(Vec<String>),
}

impl Reader {
    pub fn sees(&self, qualification_id: &QualificationId) -> bool {
        match self {
            Self::Eqa(granted) => granted.iter().any(|q| q == qualification_id),
            Self::Iqa | Self::Admin => true,
        }
    }

    pub fn records(&self) -> bool {
        *self == Self::Iqa
    }
}

/// 404 for strangers, 403 for other roles at the centre.
pub fn reader(actor: &Actor, centre_id: &CentreId) -> Result<Reader, ActionError> {
    match centre_relation(actor, centre_id) {
        None => Err(ActionError::NotFound(format!("centre {centre_id}"))),
        Some(CentreRelation::PlatformAdmin) => Ok(Reader::Admin),
        Some(CentreRelation::Eqa(granted)) => Ok(Reader::Eqa(granted)),
        Some(CentreRelation::Member(roles)) if roles.contains(&Role::Iqa) => Ok(Reader::Iqa),
        Some(CentreRelation::Member(roles)) if roles.contains(&Role::CentreAdmin) => {
            Ok(Reader::Admin)
        }
        Some(CentreRelation::Member(_)) => Err(ActionError::Forbidden),
    }
}

/// Writing standardisation records: an IQA of the centre (an EQA or administrator: 403).
pub fn require_iqa(actor: &Actor, centre_id: &CentreId) -> Result<(), ActionError> {
    require_centre_role(actor, centre_id, &[Role::Iqa])
}

/// An audit entry by the caller about a standardisation record of the centre.
pub fn audit_entry(
    actor: &Actor,
    centre_id: &CentreId,
    action: &str,
    record: (&str, &str),
    details: serde_json::Value,
) -> NewAuditEntry {
    NewAuditEntry {
        actor_id: Some(actor.user.id.clone()),
        actor_name: actor.user.name.clone(),
        centre_id: Some(centre_id.to_string()),
        action: action.to_owned(),
        record_type: record.0.to_owned(),
        record_id: record.1.to_owned(),
        reason: None,
        details,
    }
}

/// One qualification's due state.
#[derive(Debug, Clone)]
pub struct QualificationDue {
    pub qualification_id: String,
    pub title: String,
    pub latest: Option<NaiveDate>,
    pub state: DueState,
}

/// What the standardisation page and `GET …/standardisation` show.
pub struct Overview {
    pub reader: Reader,
    pub due: Vec<QualificationDue>,
    pub activities: Vec<ActivityRecord>,
    pub exercises: Vec<Exercise>,
    /// Names of the centre's people, by id.
    pub names: BTreeMap<String, String>,
    /// The centre's assessors and everyone at the centre, for the form: (id, name).
    pub assessors: Vec<(String, String)>,
    pub members: Vec<(String, String)>,
}

pub fn qualification_title(state: &AppState, id: &QualificationId) -> String {
    state
        .curriculum
        .qualification(id)
        .map_or_else(|| id.to_string(), |(_, q)| q.title.clone())
}

type Loaded = (
    Vec<ActivityRecord>,
    Vec<Exercise>,
    BTreeSet<String>,
    Vec<(people::User, Vec<String>)>,
);

fn load(conn: &mut DbConnection, centre_id: &CentreId) -> Result<Loaded, StoreError> {
    let activities = store::activities_of_centre(conn, centre_id)?;
    let exercises = store::exercises_of_centre(conn, centre_id)?;
    let delivered = registrations::of_centre(conn, centre_id)?
        .into_iter()
        .map(|(r, _)| r.qualification_id)
        .collect();
    let people = people::people_of_centre(conn, centre_id)?;
    Ok((activities, exercises, delivered, people))
}

/// When each qualification the reader sees is next due its standardisation.
fn due_of(
    state: &AppState,
    reader: &Reader,
    qualifications: BTreeSet<String>,
    activities: &[ActivityRecord],
) -> Vec<QualificationDue> {
    let today = state.clock.naive().date();
    qualifications
        .into_iter()
        .filter(|q| reader.sees(&QualificationId::from_stored(q.as_str())))
        .map(|q| {
            // Newest first: the first of this qualification is its latest.
            let latest = activities
                .iter()
                .find(|a| a.activity.qualification_id == q)
                .map(|a| a.activity.held_on);
            QualificationDue {
                title: qualification_title(state, &QualificationId::from_stored(q.as_str())),
                state: standardisation_due(latest, today),
                qualification_id: q,
                latest,
            }
        })
        .collect()
}

/// The centre's activities, exercises and due states, as the caller may see them.
pub async fn overview(
    state: &AppState,
    actor: &Actor,
    centre_id: &CentreId,
) -> Result<Overview, ActionError> {
    let reader = reader(actor, centre_id)?;
    let key = centre_id.clone();
    let (activities, exercises, mut qualifications, people) =
        state.db.run(move |conn| load(conn, &key)).await?;
    qualifications.extend(
        activities
            .iter()
            .map(|a| a.activity.qualification_id.clone()),
    );
    let due = due_of(state, &reader, qualifications, &activities);
    Ok(Overview {
        due,
        activities: activities
            .into_iter()
            .filter(|a| {
                reader.sees(&QualificationId::from_stored(
                    a.activity.qualification_id.as_str(),
                ))
            })
            .collect(),
        exercises: exercises
            .into_iter()
            .filter(|e| reader.sees(&QualificationId::from_stored(e.qualification_id.as_str())))
            .collect(),
        names: people
            .iter()
            .map(|(u, _)| (u.id.clone(), u.name.clone()))
            .collect(),
        assessors: people
            .iter()
            .filter(|(_, roles)| Role::Assessor.is_among(roles))
            .map(|(u, _)| (u.id.clone(), u.name.clone()))
            .collect(),
        members: people
            .iter()
            .map(|(u, _)| (u.id.clone(), u.name.clone()))
            .collect(),
        reader,
    })
}

fn units_of(state: &AppState, qualification_id: &QualificationId) -> Option<BTreeSet<String>> {
    let (_, q) = state.curriculum.qualification(qualification_id)?;
    Some(state.curriculum.units_of(q).map(|u| u.id.clone()).collect())
}

/// The rows of a checked activity: the activity, its people and its actions.
fn activity_record(
    checked: &CheckedActivity,
    centre_id: &CentreId,
    recorded_by: &str,
    now: chrono::NaiveDateTime,
) -> Result<ActivityRecord, ActionError> {
    let id = uuid::Uuid::new_v4().to_string();
    let person = |user_id: &String, relation: ActivityRelation| ActivityPerson {
        activity_id: id.clone(),
        user_id: user_id.clone(),
        relation,
    };
    Ok(ActivityRecord {
        people: checked
            .attendees
            .iter()
            .map(|u| person(u, ActivityRelation::Attendee))
            .chain(
                checked
                    .assessors
                    .iter()
                    .map(|u| person(u, ActivityRelation::Concerns)),
            )
            .collect(),
        actions: checked
            .actions
            .iter()
            .map(|a| ActivityAction {
                id: uuid::Uuid::new_v4().to_string(),
                activity_id: id.clone(),
                description: a.description.clone(),
                due_on: a.due_on,
                owner_id: a.owner_id.clone(),
            })
            .collect(),
        activity: Activity {
            id: id.clone(),
            centre_id: centre_id.to_string(),
            qualification_id: checked.qualification_id.clone(),
            held_on: checked.held_on,
            title: checked.title.clone(),
            units: Json(checked.units.clone()),
            agreed: checked.agreed.clone(),
            recorded_by: recorded_by.to_owned(),
            created_at: now,
        },
    })
}

/// An IQA records an activity. 403 for anyone else who may read; 422 for incomplete input.
pub async fn record(
    state: &AppState,
    actor: &Actor,
    centre_id: &CentreId,
    input: ActivityInput,
) -> Result<ActivityRecord, ActionError> {
    require_iqa(actor, centre_id)?;
    let key = centre_id.to_string();
    let people = state
        .db
        .run(move |conn| people::people_of_centre(conn, &key))
        .await?;
    let members: BTreeSet<String> = people.iter().map(|(u, _)| u.id.clone()).collect();
    let assessors: BTreeSet<String> = people
        .iter()
        .filter(|(_, roles)| Role::Assessor.is_among(roles))
        .map(|(u, _)| u.id.clone())
        .collect();
    // What cannot be an id is no qualification of the curriculum: no units.
    let units = QualificationId::parse(input.qualification_id.trim())
        .ok()
        .and_then(|q| units_of(state, &q));
    let now = state.clock.naive();
    let facts = Facts {
        today: now.date(),
        units: units.as_ref(),
        members: &members,
        assessors: &assessors,
    };
    let checked = check_activity(&input, &facts).map_err(ActionError::Invalid)?;
    let record = activity_record(&checked, centre_id, &actor.user.id, now)?;
    let (saved, actor) = (record.clone(), actor.clone());
    state
        .db
        .write(move |conn| {
            store::insert_activity(conn, &saved)?;
            let a = &saved.activity;
            let details = json!({"qualification_id": a.qualification_id, "held_on": a.held_on.to_string(), "assessors": checked.assessors});
            let entry = audit_entry(&actor, &CentreId::from_stored(a.centre_id.as_str()), "standardisation_recorded", ("standardisation_activity", &a.id), details);
            audit::append(conn, entry, now)?;
            Ok::<(), StoreError>(())
        })
        .await?;
    Ok(record)
}

/// The decision log, searched by words (`q`) and by criterion (an id or an id above it).
pub async fn decision_log(
    state: &AppState,
    actor: &Actor,
    centre_id: &CentreId,
    q: &str,
    criterion: &str,
) -> Result<(Reader, Vec<Decision>), ActionError> {
    let reader = reader(actor, centre_id)?;
    let key = centre_id.to_string();
    let all = state
        .db
        .run(move |conn| store::decisions_of_centre(conn, &key))
        .await?;
    let found = all
        .into_iter()
        .filter(|d| reader.sees(&QualificationId::from_stored(d.qualification_id.as_str())))
        .filter(|d| {
            let words = state
                .curriculum
                .any_item_words(&d.criterion_id)
                .unwrap_or_default();
            let entry = LogEntry {
                criterion_id: &d.criterion_id,
                criterion_words: &words,
                outcome: d.outcome.as_str(),
                rationale: &d.rationale,
            };
            matches(&entry, q, criterion)
        })
        .collect();
    Ok((reader, found))
}

/// Every judgeable item of a qualification with its text, in the curriculum's order.
pub fn criterion_texts(
    state: &AppState,
    qualification_id: &QualificationId,
) -> BTreeMap<String, String> {
    let items = judgeable_items(&state.curriculum, qualification_id);
    let mut texts = BTreeMap::new();
    for unit_id in items.values().collect::<BTreeSet<_>>() {
        let Some((_, unit)) = state.curriculum.unit(unit_id) else {
            continue;
        };
        for outcome in &unit.outcomes {
            for c in &outcome.criteria {
                texts.insert(c.id.clone(), c.text.clone());
            }
            for k in &outcome.knowledge_skills {
                texts.insert(k.id.clone(), k.text.clone());
            }
        }
        for e in &unit.evidence_requirements {
            texts.insert(e.id.clone(), e.text.clone());
        }
    }
    texts.retain(|id, _| items.contains_key(id));
    texts
}
