//! The tracker of a registration: every assessable item with its status and evidence, built
//! from the evidence, its mappings, word counts and the judgement rounds, in four queries
//! whatever the number of evidence items.

use std::collections::BTreeMap;

use crate::actions::ActionError;
use crate::actions::Actor;
use crate::actions::AppState;
use crate::actions::access::require_registration_visible;
use crate::actions::assessment::record::latest_decisions_of;
use crate::domain::ids::RegistrationId;
use crate::domain::tracker::{EvidenceSummary, Tracker, by_evidence, tracker as build};
use crate::domain::word_count::s1_project_words;
use crate::store::evidence::{self as store, EvidenceBrief};
use crate::store::judgements::{self, Judgement};
use crate::store::registrations::{self, Registration};
use crate::store::{DbConnection, StoreError, people};

/// The tracker with what it was built from.
pub struct TrackerView {
    pub registration: Registration,
    pub learner_name: String,
    pub tracker: Tracker,
    /// Each evidence item with its words as S1 counts them (typed and in every file).
    pub items: Vec<(EvidenceBrief, Option<i32>)>,
    /// Every judgement round, by item then round (the latest decides the item's status).
    pub judgements: Vec<Judgement>,
}

impl TrackerView {
    /// The latest judgement of each judged item.
    pub fn latest_judgements(&self) -> BTreeMap<String, &Judgement> {
        let mut latest = BTreeMap::new();
        for j in &self.judgements {
            latest.insert(j.item_id.clone(), j);
        }
        latest
    }
}

/// What the tracker is built from, read in one trip to the database.
struct TrackerRows {
    registration: Registration,
    learner_name: String,
    items: Vec<(EvidenceBrief, Option<i32>)>,
    mappings: Vec<(String, String)>,
    file_words: Vec<(String, i32)>,
    judgements: Vec<Judgement>,
}

fn tracker_rows(
    conn: &mut DbConnection,
    id: &RegistrationId,
) -> Result<Option<TrackerRows>, StoreError> {
    let Some(registration) = registrations::find(conn, id)? else {
        return Ok(None);
    };
    let learner_name = people::find_user(conn, &registration.learner_id)?
        .map(|u| u.name)
        .unwrap_or_default();
    Ok(Some(TrackerRows {
        items: store::briefs_of(conn, id)?,
        mappings: store::mappings_of_registration(conn, id)?,
        file_words: store::file_words_of_registration(conn, id)?,
        judgements: judgements::of_registration(conn, id)?,
        registration,
        learner_name,
    }))
}

/// Each item as the tracker sees it: its mappings, and its words as S1 counts a project: the
/// words written in the page and in every file of the item as it stands, added up.
fn summaries(rows: &TrackerRows) -> Vec<EvidenceSummary> {
    let mapped = by_evidence(&rows.mappings);
    let in_files = by_evidence(&rows.file_words);
    rows.items
        .iter()
        .map(|(item, typed)| {
            let files = in_files
                .get(item.id.as_str())
                .map(Vec::as_slice)
                .unwrap_or_default();
            EvidenceSummary {
                id: item.id.clone(),
                title: item.title.clone(),
                kind: item.kind.clone(),
                status: item.status,
                word_count: s1_project_words(*typed, files),
                items: mapped.get(item.id.as_str()).cloned().unwrap_or_default(),
            }
        })
        .collect()
}

/// The registration's tracker (anyone who may see the registration).
pub async fn tracker(
    state: &AppState,
    actor: &Actor,
    registration_id: &RegistrationId,
) -> Result<TrackerView, ActionError> {
    let key = registration_id.clone();
    let rows = state.db.run(move |conn| tracker_rows(conn, &key)).await?;
    let rows =
        rows.ok_or_else(|| ActionError::NotFound(format!("registration {registration_id}")))?;
    // Nothing read is shown before this check.
    require_registration_visible(actor, &rows.registration)?;
    let summaries = summaries(&rows);
    let decisions = latest_decisions_of(&rows.judgements);
    let qualification_id = &rows.registration.qualification_id;
    let tracker =
        build(&state.curriculum, qualification_id, &summaries, &decisions).ok_or_else(|| {
            ActionError::Internal(format!(
                "qualification {qualification_id} missing from the curriculum"
            ))
        })?;
    let TrackerRows {
        registration,
        learner_name,
        items,
        judgements,
        ..
    } = rows;
    let items = items
        .into_iter()
        .zip(&summaries)
        .map(|((item, _typed), summary)| (item, summary.word_count))
        .collect();
    Ok(TrackerView {
        registration,
        learner_name,
        tracker,
        items,
        judgements,
    })
}
