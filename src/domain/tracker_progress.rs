//! The tracker's percentages without the tracker: what the caseload shows for each learner, for
//! many learners at once.

use std::collections::{BTreeMap, HashSet};

use super::{EvidenceSummary, by_item, percent};
use crate::curriculum::Curriculum;
use crate::curriculum::model::Qualification;

/// Percentages evidenced and met, counted as [`super::tracker`] counts them but without building the
/// tracker's texts and gaps: the caseload needs only these, for thousands of learners at once.
pub fn progress(
    curriculum: &Curriculum,
    qualification_id: &str,
    evidence: &[EvidenceSummary],
    decisions: &BTreeMap<String, bool>,
) -> Option<(u8, u8)> {
    let (_, qualification) = curriculum.qualification(qualification_id)?;
    let index = by_item(evidence);
    let (mut all, mut evidenced, mut met) = (0, 0, 0);
    for id in counted_items(curriculum, qualification) {
        all += 1;
        match decisions.get(id) {
            Some(true) => (evidenced, met) = (evidenced + 1, met + 1),
            Some(false) => evidenced += 1,
            None => evidenced += usize::from(index.contains_key(id)),
        }
    }
    Some((percent(evidenced, all), percent(met, all)))
}

/// The percentage evidenced before any decision, as [`progress`] counts it, from the set of
/// items some evidence is mapped to: the caseload's figure, read from SQL as that set.
pub fn percent_mapped(
    curriculum: &Curriculum,
    qualification_id: &str,
    mapped: &HashSet<&str>,
) -> Option<u8> {
    let (_, qualification) = curriculum.qualification(qualification_id)?;
    let (all, evidenced) = counted_items(curriculum, qualification)
        .fold((0, 0), |(all, evidenced), id| {
            (all + 1, evidenced + usize::from(mapped.contains(id)))
        });
    Some(percent(evidenced, all))
}

/// Every item a qualification's tracker counts: each outcome's criteria and Knowledge/Skills
/// items, and each unit's Evidence Requirements.
fn counted_items<'a>(
    curriculum: &'a Curriculum,
    qualification: &'a Qualification,
) -> impl Iterator<Item = &'a str> + 'a {
    curriculum.units_of(qualification).flat_map(|unit| {
        let outcome_items = unit.outcomes.iter().flat_map(|o| {
            o.criteria
                .iter()
                .map(|c| c.id.as_str())
                .chain(o.knowledge_skills.iter().map(|k| k.id.as_str()))
        });
        outcome_items.chain(unit.evidence_requirements.iter().map(|e| e.id.as_str()))
    })
}
