//! Sufficiency (issue 14 item 7): warnings, never refusals, for the assessor at sign-off and the
//! IQA in their sample, when a unit's met decisions rest on too little, or without the mix of
//! methods the unit expects: City & Guilds Unit 002 on observation plus additional sources
//! ("these may include work products, witness testimony, professional discussion, questioning"),
//! SQA FX35 35 on a project assignment as the primary assessment. Unit 001 is one assignment.

use std::collections::BTreeMap;

use crate::curriculum::model::EvidenceMethod;
use crate::domain::evidence::EvidenceKind;

/// What a unit's standing met decisions rest on.
#[derive(Debug, Clone, Default)]
pub struct UnitBasis {
    /// The distinct evidence items relied on by the unit's met decisions: id → (title, kind).
    pub relied_on: BTreeMap<String, (String, Option<EvidenceKind>)>,
    /// Observations recorded for criteria of the unit.
    pub observations: usize,
    /// How many of the unit's items are met.
    pub met: usize,
}

/// The warnings for a unit assessed by `method`, in plain words (none when nothing is met yet).
pub fn sufficiency_warnings(method: EvidenceMethod, basis: &UnitBasis) -> Vec<String> {
    if basis.met == 0 {
        return Vec::new();
    }
    let kinds: Vec<Option<EvidenceKind>> = basis.relied_on.values().map(|(_, k)| *k).collect();
    let has = |kind: EvidenceKind| kinds.contains(&Some(kind));
    let mut warnings = Vec::new();
    match method {
        EvidenceMethod::Portfolio => {
            let sources = basis.relied_on.len() + basis.observations;
            if sources <= 1 {
                warnings.push(single_source(basis));
            }
            let other = kinds
                .iter()
                .any(|k| !matches!(k, Some(EvidenceKind::ObservationRecord)));
            if sources > 1 && !other {
                warnings.push("The unit rests on observation alone. The handbook expects additional sources from real work as well, such as work products, witness testimony, professional discussion or questioning.".to_owned());
            }
        }
        EvidenceMethod::ProjectAssignment if !has(EvidenceKind::ProjectAssignment) => {
            warnings.push("No project assignment is relied on. The specification makes the project assignment the primary assessment, supplemented by professional discussion or short-response questions.".to_owned());
        }
        _ => {}
    }
    warnings
}

fn single_source(basis: &UnitBasis) -> String {
    match basis.relied_on.values().next() {
        Some((title, _)) if basis.observations == 0 => format!(
            "Every criterion met rests on one piece of evidence, \u{201c}{title}\u{201d}. An external quality assurer will expect the unit to draw on more than one source."
        ),
        _ => "Every criterion met rests on one piece of evidence. An external quality assurer will expect the unit to draw on more than one source.".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn basis(items: &[(&str, EvidenceKind)], observations: usize) -> UnitBasis {
        UnitBasis {
            relied_on: items
                .iter()
                .map(|(title, kind)| ((*title).to_owned(), ((*title).to_owned(), Some(*kind))))
                .collect(),
            observations,
            met: 3,
        }
    }

    #[test]
    fn sufficiency_unit_002_on_one_item_is_flagged() {
        let one = basis(&[("Care plan", EvidenceKind::WorkProduct)], 0);
        let warnings = sufficiency_warnings(EvidenceMethod::Portfolio, &one);
        assert_eq!(warnings.len(), 1);
        assert!(
            warnings[0].contains("\u{201c}Care plan\u{201d}"),
            "{warnings:?}"
        );
        let two = basis(&[("Care plan", EvidenceKind::WorkProduct)], 1);
        assert!(sufficiency_warnings(EvidenceMethod::Portfolio, &two).is_empty());
    }

    #[test]
    fn sufficiency_unit_002_on_observation_alone_is_flagged() {
        let only = basis(&[("Observation notes", EvidenceKind::ObservationRecord)], 2);
        let warnings = sufficiency_warnings(EvidenceMethod::Portfolio, &only);
        assert_eq!(warnings.len(), 1);
        assert!(warnings[0].contains("observation alone"), "{warnings:?}");
    }

    #[test]
    fn sufficiency_sqa_without_a_project_is_flagged_and_one_project_is_not() {
        let project = basis(&[("Project", EvidenceKind::ProjectAssignment)], 0);
        assert!(sufficiency_warnings(EvidenceMethod::ProjectAssignment, &project).is_empty());
        let reflective = basis(&[("Reflection", EvidenceKind::ReflectiveAccount)], 0);
        let warnings = sufficiency_warnings(EvidenceMethod::ProjectAssignment, &reflective);
        assert!(
            warnings[0].contains("No project assignment"),
            "{warnings:?}"
        );
    }

    #[test]
    fn sufficiency_nothing_met_warns_of_nothing() {
        let mut none = basis(&[], 0);
        none.met = 0;
        assert!(sufficiency_warnings(EvidenceMethod::Portfolio, &none).is_empty());
        let assignment = basis(&[("Assignment", EvidenceKind::WrittenAssignment)], 0);
        assert!(sufficiency_warnings(EvidenceMethod::Assignment, &assignment).is_empty());
    }
}
