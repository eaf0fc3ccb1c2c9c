//! What an IQA reads before checking a sampled decision: the judgement with its feedback, the
//! criterion's wording, the evidence relied on, the checks so far and their actions.

use std::collections::BTreeMap;

use crate::actions::ActionError;
use crate::actions::Actor;
use crate::actions::AppState;
use crate::actions::assessment::record::load_record;
use crate::actions::assessment::sufficiency::warnings_for;
use crate::actions::iqa::sample_checks::visible_sample;
use crate::domain::ids::{SampleId, UserId};
use crate::store::evidence::EvidenceItem;
use crate::store::judgements::Judgement;
use crate::store::sample_checks::{self, Action, Check};
use crate::store::samples::Sample;
use crate::store::{DbConnection, StoreError, people, registrations, sign_offs};

pub struct SampleDetail {
    pub sample: Sample,
    pub judgement: Judgement,
    /// Evidence relied on, each with the version judged.
    pub evidence: Vec<(EvidenceItem, i32)>,
    /// The item in the specification's words, with its unit and number.
    pub item: String,
    pub learner_name: String,
    pub workplace: String,
    /// Names of the people the page mentions, by id.
    pub names: BTreeMap<String, String>,
    /// The unit has a standing sign-off (the decision is summative).
    pub signed_off: bool,
    pub checks: Vec<Check>,
    pub actions: Vec<Action>,
    /// Sufficiency warnings for the sampled decision's unit (what its met decisions rest on).
    pub sufficiency: Vec<String>,
}

impl SampleDetail {
    pub fn name_of(&self, user_id: &UserId) -> &str {
        self.names
            .get(user_id.as_str())
            .map_or("someone", String::as_str)
    }
}

/// A sample with everything its review page shows, if the caller may read it.
pub async fn detail(
    state: &AppState,
    actor: &Actor,
    sample_id: &SampleId,
) -> Result<SampleDetail, ActionError> {
    let sample = visible_sample(state, actor, sample_id).await?;
    let item = state
        .curriculum
        .item_words(&sample.unit_id, &sample.item_id);
    let unit = state
        .curriculum
        .unit(&sample.unit_id)
        .map(|(_, u)| u.clone());
    let found = state
        .db
        .run(move |conn| {
            let Some((judgement, evidence)) = sample_checks::decision(conn, &sample.judgement_id)?
            else {
                return Ok(None);
            };
            let Some(registration) = registrations::find(conn, &sample.registration_id)? else {
                return Ok(None);
            };
            let checks = sample_checks::checks_of_sample(conn, &sample.id)?;
            let actions = sample_checks::actions_of_sample(conn, &sample.id)?;
            let signed_off =
                sign_offs::standing(conn, &registration.id, &sample.unit_id)?.is_some();
            let sufficiency = match &unit {
                Some(unit) => warnings_for(&load_record(conn, registration.clone())?, unit),
                None => Vec::new(),
            };
            let ids = [
                &registration.learner_id,
                &sample.assessor_id,
                &sample.iqa_id,
            ]
            .into_iter()
            .chain(checks.iter().map(|c| &c.iqa_id))
            .chain(actions.iter().filter_map(|a| a.closed_by.as_ref()));
            let names = names_of(conn, ids)?;
            Ok::<_, StoreError>(Some(SampleDetail {
                learner_name: names
                    .get(&registration.learner_id)
                    .cloned()
                    .unwrap_or_default(),
                workplace: registration.workplace,
                sample,
                judgement,
                evidence,
                item,
                names,
                signed_off,
                checks,
                actions,
                sufficiency,
            }))
        })
        .await?;
    found.ok_or_else(|| ActionError::NotFound(format!("sample {sample_id}")))
}

/// The names of the people with these ids, each looked up once.
fn names_of<'a>(
    conn: &mut DbConnection,
    ids: impl Iterator<Item = &'a String>,
) -> Result<BTreeMap<String, String>, StoreError> {
    let mut names = BTreeMap::new();
    for id in ids {
        if names.contains_key(id) {
            continue;
        }
        if let Some(user) = people::find_user(conn, id)? {
            names.insert(id.clone(), user.name);
        }
    }
    Ok(names)
}
