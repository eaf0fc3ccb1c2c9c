//! What a unit's standing met decisions rest on, read from the assessment record, and the
//! sufficiency warnings that follow (issue 14 item 7; the rules are in
//! `domain::sufficiency`). Shown to the assessor at sign-off and to the IQA in their sample.

use std::collections::BTreeSet;

use crate::actions::assessment::record::AssessmentRecord;
use crate::curriculum::model::Unit;
use crate::domain::evidence::EvidenceKind;
use crate::domain::ids::{CriterionId, JudgementId};
use crate::domain::judgement::{JudgementOutcome, judgeable_items_of_unit};
use crate::domain::sufficiency::{UnitBasis, sufficiency_warnings};

/// The evidence and observations the unit's latest met decisions rest on.
pub fn basis_of(record: &AssessmentRecord, unit: &Unit) -> UnitBasis {
    let items: BTreeSet<String> = judgeable_items_of_unit(unit).into_iter().collect();
    let mut basis = UnitBasis::default();
    for item in &items {
        let Some(latest) = record.latest(&CriterionId::from_stored(item.as_str())) else {
            continue;
        };
        if latest.outcome != JudgementOutcome::Met {
            continue;
        }
        basis.met += 1;
        for relied in record.evidence_of(&JudgementId::from_stored(latest.id.as_str())) {
            let found = record
                .evidence
                .iter()
                .find(|(e, _)| e.id == relied.evidence_id);
            if let Some((e, _)) = found {
                let kind = EvidenceKind::parse(&e.kind);
                basis
                    .relied_on
                    .insert(e.id.clone(), (e.title.clone(), kind));
            }
        }
    }
    basis.observations = record
        .observations
        .iter()
        .filter(|o| o.criteria_ids().iter().any(|c| items.contains(c)))
        .count();
    basis
}

/// The unit's sufficiency warnings, in plain words.
pub fn warnings_for(record: &AssessmentRecord, unit: &Unit) -> Vec<String> {
    sufficiency_warnings(unit.assessment_method, &basis_of(record, unit))
}
