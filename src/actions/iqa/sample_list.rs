//! The centre's samples as the IQA works through them: one row per learner and unit, with the
//! assessors, stages, how many decisions are sampled and how many wait for a check.

use std::collections::BTreeMap;

use crate::actions::ActionError;
use crate::actions::Actor;
use crate::actions::AppState;
use crate::actions::iqa::sampling::require_reader;
use crate::domain::ids::{CentreId, QualificationId};
use crate::domain::iqa_check::SampleStatus;
use crate::store::samples::{self, Sample};
use crate::store::{StoreError, people, registrations};

/// The sampled decisions of one learner's unit.
#[derive(Debug, Clone)]
pub struct SampleGroup {
    pub registration_id: String,
    pub learner_name: String,
    pub unit_id: String,
    /// "Unit 001 Understand person-centred …"; the id when the curriculum does not know it.
    pub unit_title: String,
    pub assessors: Vec<String>,
    /// "Interim", "Summative".
    pub stages: Vec<&'static str>,
    pub decisions: usize,
    /// Not checked yet.
    pub to_check: usize,
    /// Referred back to the assessor (waiting for their actions, or for a check again).
    pub referred: usize,
    pub newest: chrono::NaiveDateTime,
}

/// The centre's samples by learner and unit, the newest first; an EQA sees those of the
/// qualifications they are granted.
pub async fn sample_groups(
    state: &AppState,
    actor: &Actor,
    centre_id: &CentreId,
) -> Result<Vec<SampleGroup>, ActionError> {
    let readable = require_reader(actor, centre_id)?;
    let centre = centre_id.to_string();
    let (all, learners, names) = state
        .db
        .run(move |conn| {
            let all = samples::of_centre(conn, &centre)?;
            let learners: BTreeMap<String, String> = registrations::of_centre(conn, &centre)?
                .into_iter()
                .map(|(r, name)| (r.id, name))
                .collect();
            let names: BTreeMap<String, String> = people::people_of_centre(conn, &centre)?
                .into_iter()
                .map(|(u, _)| (u.id, u.name))
                .collect();
            Ok::<_, StoreError>((all, learners, names))
        })
        .await?;
    let mut groups: Vec<SampleGroup> = Vec::new();
    for sample in all
        .iter()
        .filter(|s| readable.allows(&QualificationId::from_stored(s.qualification_id.as_str())))
    {
        let at = groups.iter().position(|g| {
            g.registration_id == sample.registration_id && g.unit_id == sample.unit_id
        });
        let group = match at {
            Some(at) => &mut groups[at],
            None => {
                groups.push(new_group(state, sample, &learners));
                let last = groups.len() - 1;
                &mut groups[last]
            }
        };
        add(group, sample, &names);
    }
    Ok(groups)
}

fn new_group(
    state: &AppState,
    sample: &Sample,
    learners: &BTreeMap<String, String>,
) -> SampleGroup {
    let unit_title = state.curriculum.unit(&sample.unit_id).map_or_else(
        || sample.unit_id.clone(),
        |(_, u)| format!("Unit {} {}", u.number, u.title),
    );
    SampleGroup {
        registration_id: sample.registration_id.clone(),
        learner_name: learners
            .get(&sample.registration_id)
            .cloned()
            .unwrap_or_else(|| "A learner".to_owned()),
        unit_id: sample.unit_id.clone(),
        unit_title,
        assessors: Vec::new(),
        stages: Vec::new(),
        decisions: 0,
        to_check: 0,
        referred: 0,
        newest: sample.created_at,
    }
}

fn add(group: &mut SampleGroup, sample: &Sample, names: &BTreeMap<String, String>) {
    let assessor = names
        .get(&sample.assessor_id)
        .cloned()
        .unwrap_or_else(|| "An assessor".to_owned());
    if !group.assessors.contains(&assessor) {
        group.assessors.push(assessor);
    }
    let stage = sample.stage.label();
    if !group.stages.contains(&stage) {
        group.stages.push(stage);
    }
    group.decisions += 1;
    match sample.status {
        SampleStatus::Open => group.to_check += 1,
        SampleStatus::Referred => group.referred += 1,
        SampleStatus::Agreed | SampleStatus::Resolved => {}
    }
    group.newest = group.newest.max(sample.created_at);
}
