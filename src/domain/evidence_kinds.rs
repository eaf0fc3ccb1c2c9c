//! Which kinds of evidence a learner is offered: those their awarding body's units assess by,
//! and those no unit ties to a method (a reflective account). A kind only another awarding body
//! uses (an SQA project or short-response answers for a City & Guilds learner) is not offered.

use std::collections::BTreeSet;

use super::evidence::EvidenceKind;
use super::reliance::methods_of;
use crate::curriculum::Curriculum;
use crate::curriculum::model::{EvidenceMethod, Unit};

fn methods_of_unit(unit: &Unit) -> impl Iterator<Item = EvidenceMethod> + '_ {
    let project = unit
        .project
        .iter()
        .flat_map(|p| p.supplementary_methods.iter());
    std::iter::once(&unit.assessment_method)
        .chain(unit.evidence.permitted.iter())
        .chain(unit.evidence.required_any_of.iter())
        .chain(project)
        .copied()
}

/// The kinds offered to a learner on `qualification_id`, in the usual order; every kind when
/// the qualification is unknown.
pub fn kinds_for(curriculum: &Curriculum, qualification_id: &str) -> Vec<EvidenceKind> {
    let Some((spec, _)) = curriculum.qualification(qualification_id) else {
        return EvidenceKind::ALL.to_vec();
    };
    let body = &spec.specification.awarding_body;
    let (mut own, mut anyone) = (BTreeSet::new(), BTreeSet::new());
    for s in curriculum.specifications() {
        for unit in &s.units {
            for method in methods_of_unit(unit) {
                anyone.insert(method.code());
                if &s.specification.awarding_body == body {
                    own.insert(method.code());
                }
            }
        }
    }
    EvidenceKind::ALL
        .into_iter()
        .filter(|kind| {
            let methods = methods_of(*kind);
            methods.iter().any(|m| own.contains(m.code()))
                || methods.iter().all(|m| !anyone.contains(m.code()))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sqa_only_kinds_are_not_offered_to_city_and_guilds_learners()
    -> Result<(), Box<dyn std::error::Error>> {
        let c = crate::curriculum::shipped()?;
        let cg = kinds_for(&c, "cg-3085-01");
        assert!(!cg.contains(&EvidenceKind::ProjectAssignment));
        assert!(!cg.contains(&EvidenceKind::ShortResponseAnswers));
        assert!(cg.contains(&EvidenceKind::ReflectiveAccount));
        assert!(cg.contains(&EvidenceKind::WrittenAssignment));
        let sqa = kinds_for(&c, "sqa-fx35-35");
        assert!(sqa.contains(&EvidenceKind::ProjectAssignment));
        assert!(sqa.contains(&EvidenceKind::ReflectiveAccount));
        assert!(!sqa.contains(&EvidenceKind::WrittenAssignment));
        Ok(())
    }
}
