//! Learning hours. The learner logs activity against their registration; the totals against the
//! units' guided (City & Guilds) or notional (SQA) hours are seen by whoever may see the
//! registration (the learner, their assessor and tutor, the centre's administrators and IQAs).

use std::collections::BTreeSet;

use chrono::NaiveDate;
use serde_json::json;

use crate::actions::ActionError;
use crate::actions::Actor;
use crate::actions::AppState;
use crate::actions::access::require_learner;
use crate::actions::access::visible_registration;
use crate::actions::learning::programmes::{audit_entry, outcomes_of};
use crate::curriculum::Curriculum;
use crate::domain::ids::{CentreId, QualificationId, RegistrationId};
use crate::domain::learning_hours::{CheckedEntry, EntryInput, HoursTotal, check_entry, total};
use crate::domain::registration::RegistrationStatus;
use crate::store::DbConnection;
use crate::store::audit;
use crate::store::json::Json;
use crate::store::learning_hours::{self as store, Entry};
use crate::store::registrations::Registration;

/// One unit's (or the qualification's) hours.
pub struct UnitHours {
    pub unit_id: String,
    pub title: String,
    pub total: HoursTotal,
}

pub struct HoursView {
    pub registration: Registration,
    pub entries: Vec<Entry>,
    pub units: Vec<UnitHours>,
    pub overall: HoursTotal,
}

/// Minutes logged against each unit: an entry counts towards every unit whose outcomes it
/// names; an entry naming none counts only towards the qualification.
fn totals(
    curriculum: &Curriculum,
    qualification_id: &QualificationId,
    entries: &[Entry],
) -> (Vec<UnitHours>, HoursTotal) {
    let logged: i64 = entries.iter().map(|e| i64::from(e.minutes)).sum();
    let Some((_, q)) = curriculum.qualification(qualification_id) else {
        return (Vec::new(), total(logged, None, "guided"));
    };
    let mut units = Vec::new();
    let (mut expected, mut basis, mut known) = (0u32, "guided", true);
    for unit in curriculum.units_of(q) {
        let (hours, b) = match (unit.guided_learning_hours, unit.notional_hours) {
            (Some(h), _) => (Some(h), "guided"),
            (None, Some(h)) => (Some(h), "notional"),
            (None, None) => (None, "guided"),
        };
        basis = b;
        match hours {
            Some(h) => expected += h,
            None => known = false,
        }
        let minutes: i64 = entries
            .iter()
            .filter(|e| {
                e.outcome_ids
                    .iter()
                    .any(|o| unit.outcomes.iter().any(|u| &u.id == o))
            })
            .map(|e| i64::from(e.minutes))
            .sum();
        units.push(UnitHours {
            unit_id: unit.id.clone(),
            title: format!("Unit {}: {}", unit.number, unit.title),
            total: total(minutes, hours, b),
        });
    }
    (units, total(logged, known.then_some(expected), basis))
}

/// A registration's entries and totals.
pub async fn view(
    state: &AppState,
    actor: &Actor,
    registration_id: &RegistrationId,
) -> Result<HoursView, ActionError> {
    let registration = visible_registration(state, actor, registration_id).await?;
    let id = registration.id.clone();
    let entries = state
        .db
        .run(move |conn| store::of_registration(conn, &id))
        .await?;
    let (units, overall) = totals(
        &state.curriculum,
        &QualificationId::from_stored(registration.qualification_id.as_str()),
        &entries,
    );
    Ok(HoursView {
        registration,
        entries,
        units,
        overall,
    })
}

/// The entry checked against what the learner has logged that day already.
fn checked_in(
    conn: &mut DbConnection,
    input: &EntryInput,
    (today, learner): (NaiveDate, &str),
    outcomes: &BTreeSet<String>,
) -> Result<CheckedEntry, ActionError> {
    let mut failed = None;
    let checked = check_entry(
        input,
        today,
        |day| match store::minutes_on(conn, learner, day) {
            Ok(m) => m,
            Err(e) => {
                failed = Some(e);
                0
            }
        },
        outcomes,
    );
    if let Some(e) = failed {
        return Err(e.into());
    }
    checked.map_err(ActionError::Invalid)
}

/// The learner logs an activity. 422 with field errors for a date in the future, a duration of
/// zero or less, more than 24 hours in a day, or outcomes not of their qualification.
pub async fn log(
    state: &AppState,
    actor: &Actor,
    registration_id: &RegistrationId,
    input: EntryInput,
) -> Result<Entry, ActionError> {
    let registration = visible_registration(state, actor, registration_id).await?;
    require_learner(actor, &registration)?;
    if registration.status != RegistrationStatus::Active {
        return Err(ActionError::Conflict(
            "This registration has been withdrawn.".to_owned(),
        ));
    }
    let outcomes = outcomes_of(
        &state.curriculum,
        &QualificationId::from_stored(registration.qualification_id.as_str()),
    );
    let now = state.clock.naive();
    let today = now.date();
    let learner = registration.learner_id.clone();
    let (actor, centre) = (actor.clone(), registration.centre_id.clone());
    state
        .db
        .write(move |conn| -> Result<Entry, ActionError> {
            // Checked inside the write so two entries at once cannot pass 24 hours together.
            let c = checked_in(conn, &input, (today, &learner), &outcomes)?;
            let entry = Entry {
                id: uuid::Uuid::new_v4().to_string(),
                registration_id: registration.id.clone(),
                learner_id: learner.clone(),
                activity_on: c.activity_on,
                minutes: c.minutes,
                description: c.description,
                outcome_ids: Json(c.outcome_ids),
                created_at: now,
            };
            store::insert(conn, &entry)?;
            let details =
                json!({"minutes": entry.minutes, "activity_on": entry.activity_on.to_string()});
            audit::append(
                conn,
                audit_entry(
                    &actor,
                    &CentreId::from_stored(centre.as_str()),
                    "learning_logged",
                    ("registration", &entry.registration_id),
                    details,
                ),
                now,
            )?;
            Ok(entry)
        })
        .await
}
