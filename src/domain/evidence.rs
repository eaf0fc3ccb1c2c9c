//! Evidence items: their kinds, what counts as their content (for the authenticity declaration),
//! and which curriculum items a registration's evidence may be mapped to.

use std::collections::BTreeSet;

use sha2::{Digest, Sha256};

use super::people::FieldError;
use crate::curriculum::Curriculum;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EvidenceKind {
    ProjectAssignment,
    WrittenAssignment,
    ReflectiveAccount,
    WorkProduct,
    ProfessionalDiscussion,
    QuestioningRecord,
    ObservationRecord,
    WitnessTestimony,
    ShortResponseAnswers,
}

impl EvidenceKind {
    pub const ALL: [EvidenceKind; 9] = [
        Self::ProjectAssignment,
        Self::WrittenAssignment,
        Self::ReflectiveAccount,
        Self::WorkProduct,
        Self::ProfessionalDiscussion,
        Self::QuestioningRecord,
        Self::ObservationRecord,
        Self::WitnessTestimony,
        Self::ShortResponseAnswers,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Self::ProjectAssignment => "project_assignment",
            Self::WrittenAssignment => "written_assignment",
            Self::ReflectiveAccount => "reflective_account",
            Self::WorkProduct => "work_product",
            Self::ProfessionalDiscussion => "professional_discussion",
            Self::QuestioningRecord => "questioning_record",
            Self::ObservationRecord => "observation_record",
            Self::WitnessTestimony => "witness_testimony",
            Self::ShortResponseAnswers => "short_response_answers",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::ProjectAssignment => "Project assignment",
            Self::WrittenAssignment => "Written assignment",
            Self::ReflectiveAccount => "Reflective account",
            Self::WorkProduct => "Work product",
            Self::ProfessionalDiscussion => "Professional discussion",
            Self::QuestioningRecord => "Questioning record",
            Self::ObservationRecord => "Observation record",
            Self::WitnessTestimony => "Witness testimony",
            Self::ShortResponseAnswers => "Short-response answers",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.code() == code)
    }
}

crate::codes! {
    /// Where an item stands: a draft the learner may change, or submitted for assessment.
    pub enum EvidenceStatus { Draft = "draft", Submitted = "submitted" }
}

impl EvidenceStatus {
    /// In words, for pages.
    pub fn label(self) -> &'static str {
        match self {
            Self::Draft => "Draft",
            Self::Submitted => "Submitted for assessment",
        }
    }
}

/// The SHA-256 of what the learner declares as their own: title, description, text, and the
/// SHA-256 of every attached file (in a fixed order). Any change makes a different hash.
pub fn content_hash(title: &str, description: &str, body: &str, file_hashes: &[String]) -> String {
    let mut sorted: Vec<&String> = file_hashes.iter().collect();
    sorted.sort();
    let mut hasher = Sha256::new();
    for part in [title, description, body] {
        hasher.update((part.len() as u64).to_be_bytes());
        hasher.update(part.as_bytes());
    }
    for hash in sorted {
        hasher.update(hash.as_bytes());
    }
    hasher
        .finalize()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Every id a registration on `qualification_id` may map evidence to: its units' criteria,
/// Knowledge/Skills items, Evidence Requirements and range items, and the SDS core components.
pub fn mappable_items(curriculum: &Curriculum, qualification_id: &str) -> BTreeSet<String> {
    let mut ids = BTreeSet::new();
    let Some((_, qualification)) = curriculum.qualification(qualification_id) else {
        return ids;
    };
    for unit in curriculum.units_of(qualification) {
        for outcome in &unit.outcomes {
            ids.extend(outcome.criteria.iter().map(|c| c.id.clone()));
            ids.extend(outcome.knowledge_skills.iter().map(|k| k.id.clone()));
            for range in &outcome.range {
                ids.extend((0..range.items.len()).map(|i| range.item_id(i)));
            }
        }
        ids.extend(unit.evidence_requirements.iter().map(|e| e.id.clone()));
    }
    for (_, framework) in curriculum.frameworks() {
        for standard in &framework.standards {
            ids.extend(standard.components.iter().map(|c| c.id.clone()));
        }
    }
    ids
}

/// Refuse any id outside the registration's qualification (and the SDS framework).
pub fn check_mapping(
    curriculum: &Curriculum,
    qualification_id: &str,
    ids: &[String],
) -> Result<Vec<String>, FieldError> {
    let allowed = mappable_items(curriculum, qualification_id);
    let mut chosen: Vec<String> = ids
        .iter()
        .map(|i| i.trim().to_owned())
        .filter(|i| !i.is_empty())
        .collect();
    chosen.sort();
    chosen.dedup();
    let outside: Vec<&String> = chosen.iter().filter(|id| !allowed.contains(*id)).collect();
    if let Some(first) = outside.first() {
        return Err(FieldError::new(
            "criteria",
            &format!(
                "{first} is not part of this learner's qualification, so evidence cannot be mapped to it"
            ),
        ));
    }
    Ok(chosen)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn any_change_to_the_content_changes_its_hash() {
        let base = content_hash("Title", "About", "Body", &["a".into(), "b".into()]);
        assert_eq!(
            base,
            content_hash("Title", "About", "Body", &["b".into(), "a".into()])
        );
        assert_ne!(
            base,
            content_hash("Title", "About", "Body.", &["a".into(), "b".into()])
        );
        assert_ne!(base, content_hash("Title", "About", "Body", &["a".into()]));
        assert_ne!(
            content_hash("ab", "c", "", &[]),
            content_hash("a", "bc", "", &[])
        );
    }

    #[test]
    fn mapping_to_another_qualifications_criterion_is_refused()
    -> Result<(), Box<dyn std::error::Error>> {
        let c = crate::curriculum::shipped()?;
        // Unit 002 belongs to 3085-02, not 3085-01.
        let refused = check_mapping(&c, "cg-3085-01", &["cg-3085/u002/lo1/ac1.1".into()]);
        assert_eq!(
            refused.err().map(|e| e.message),
            Some("cg-3085/u002/lo1/ac1.1 is not part of this learner's qualification, so evidence cannot be mapped to it".into())
        );
        let ok = check_mapping(
            &c,
            "cg-3085-02",
            &[
                "cg-3085/u002/lo1/ac1.1".into(),
                "sds/12/12.9".into(),
                "cg-3085/u001/lo2/range1/3".into(),
            ],
        );
        assert_eq!(ok.map(|v| v.len()).ok(), Some(3));
        Ok(())
    }

    #[test]
    fn sqa_items_are_mappable() -> Result<(), Box<dyn std::error::Error>> {
        let c = crate::curriculum::shipped()?;
        let ids = mappable_items(&c, "sqa-fx35-35");
        assert!(ids.contains("sqa-fx35-35/o2/ks4") && ids.contains("sqa-fx35-35/er3"));
        assert!(!ids.contains("cg-3085/u001/lo1/ac1.1"));
        Ok(())
    }
}
