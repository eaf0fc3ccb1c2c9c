//! The CAMERA facts of a period's decisions, from the store's rows: the evidence each relied on
//! and its media, the records kept around it (feedback, plan, observation, testimony, sign-off)
//! and whether it is interim or summative. Pure over what the store loaded.

use std::collections::{BTreeSet, HashMap, HashSet};

use crate::domain::evidence::EvidenceKind;
use crate::domain::ids::JudgementId;
use crate::domain::sampling::Stage;
use crate::domain::sampling::camera::{
    Decision, RECORD_FEEDBACK, RECORD_OBSERVATION, RECORD_PLAN, RECORD_SIGN_OFF, RECORD_TESTIMONY,
    ReliedOn, methods_and_types,
};
use crate::store::sampling_decisions::{DecisionFacts, DecisionRow};

/// What the page shows of a decision besides its CAMERA values.
#[derive(Debug, Clone)]
pub struct DecisionInfo {
    pub round: i32,
    pub outcome: String,
    pub judged_at: chrono::NaiveDateTime,
}

/// The store's facts indexed for lookup by judgement, evidence and registration.
struct FactIndex<'a> {
    relied: HashMap<&'a str, Vec<(&'a str, &'a str)>>,
    files: HashMap<&'a str, Vec<String>>,
    signed: HashSet<(&'a str, &'a str)>,
    planned: HashSet<&'a str>,
    observed: HashSet<&'a str>,
}

impl<'a> FactIndex<'a> {
    fn new(facts: &'a DecisionFacts) -> Self {
        let mut relied: HashMap<&str, Vec<(&str, &str)>> = HashMap::new();
        for (judgement, evidence, kind) in &facts.relied_on {
            relied
                .entry(judgement.as_str())
                .or_default()
                .push((evidence.as_str(), kind.as_str()));
        }
        let mut files: HashMap<&str, Vec<String>> = HashMap::new();
        for (evidence, media) in &facts.files {
            files
                .entry(evidence.as_str())
                .or_default()
                .push(media.clone());
        }
        Self {
            relied,
            files,
            signed: facts
                .signed_off
                .iter()
                .map(|(r, u)| (r.as_str(), u.as_str()))
                .collect(),
            planned: facts.with_plan.iter().map(String::as_str).collect(),
            observed: facts.with_observation.iter().map(String::as_str).collect(),
        }
    }

    /// The evidence a judgement relied on: its kinds, and the media types of each one's files.
    fn relied_on(&self, judgement_id: &JudgementId) -> ReliedOn {
        let evidence = self.relied.get(judgement_id.as_str());
        ReliedOn {
            kinds: evidence
                .map(|e| e.iter().map(|(_, k)| (*k).to_owned()).collect())
                .unwrap_or_default(),
            media_types: evidence
                .map(|e| {
                    e.iter()
                        .map(|(id, _)| self.files.get(id).cloned().unwrap_or_default())
                        .collect()
                })
                .unwrap_or_default(),
        }
    }

    /// The records kept around a decision (the R of CAMERA).
    fn records(
        &self,
        row: &DecisionRow,
        relied_on: &ReliedOn,
        summative: bool,
    ) -> BTreeSet<String> {
        let registration = row.registration_id.as_str();
        let flags = [
            (row.has_feedback, RECORD_FEEDBACK),
            (self.planned.contains(registration), RECORD_PLAN),
            (self.observed.contains(registration), RECORD_OBSERVATION),
            (
                relied_on
                    .kinds
                    .iter()
                    .any(|k| k == EvidenceKind::WitnessTestimony.code()),
                RECORD_TESTIMONY,
            ),
            (summative, RECORD_SIGN_OFF),
        ];
        flags
            .iter()
            .filter(|(on, _)| *on)
            .map(|(_, r)| (*r).to_owned())
            .collect()
    }

    fn decision(&self, row: &DecisionRow) -> (Decision, DecisionInfo) {
        let relied_on = self.relied_on(&JudgementId::from_stored(row.judgement_id.as_str()));
        let (methods, evidence_types) = methods_and_types(&relied_on);
        let summative = self
            .signed
            .contains(&(row.registration_id.as_str(), row.unit_id.as_str()));
        let records = self.records(row, &relied_on, summative);
        let decision = Decision {
            judgement_id: row.judgement_id.clone(),
            registration_id: row.registration_id.clone(),
            learner_id: row.learner_id.clone(),
            assessor_id: row.assessor_id.clone(),
            unit_id: row.unit_id.clone(),
            item_id: row.item_id.clone(),
            workplace: row.workplace.clone(),
            stage: if summative {
                Stage::Summative
            } else {
                Stage::Interim
            },
            methods,
            evidence_types,
            records,
        };
        let info = DecisionInfo {
            round: row.round,
            outcome: row.outcome.clone(),
            judged_at: row.judged_at,
        };
        (decision, info)
    }
}

/// CAMERA facts from the store's rows; `rows` order is kept.
pub fn decisions_of(
    rows: &[DecisionRow],
    facts: &DecisionFacts,
) -> (Vec<Decision>, Vec<DecisionInfo>) {
    let index = FactIndex::new(facts);
    rows.iter().map(|row| index.decision(row)).unzip()
}
