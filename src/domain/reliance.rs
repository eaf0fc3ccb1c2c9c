//! What a "met" judgement may rely on (issue 14). Authenticity before judgement: learner evidence
//! counts only in its current version carrying the learner's valid declaration; records the
//! assessor made (observation, questioning, professional discussion, accepted testimony) need
//! none. Every item relied on is mapped to the criterion judged. C4 for a unit assessed on real
//! work (City & Guilds Unit 002): at least one item of performance evidence; other kinds, such as
//! a reflective account, may support it but never carry a criterion alone. "Not yet met" is not
//! restricted by any of these.

use std::collections::BTreeSet;

use super::evidence::EvidenceKind;
use super::judgement::JudgementOutcome;
use super::rules::RuleViolation;
use crate::curriculum::model::{EvidenceMethod, Unit};

/// One evidence item a judgement relies on, as the checks need it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Relied {
    /// The learner's title for it (what messages name it by).
    pub title: String,
    /// Its kind (`None` for a kind this build does not know).
    pub kind: Option<EvidenceKind>,
    /// The version relied on is the item's current version.
    pub current: bool,
    /// The current version carries a declaration by the learner that still holds (its content
    /// is what was signed).
    pub declared: bool,
    /// The learner has it as a draft (returned to them, or never submitted).
    pub draft: bool,
    /// Written by someone other than the learner (see [`is_assessor_record`]).
    pub made_by_staff: bool,
    /// The curriculum items it is mapped to.
    pub mapped_to: BTreeSet<String>,
}

impl Relied {
    /// A record the assessor made, or testimony they accepted: needs no learner declaration.
    pub fn is_assessor_record(&self) -> bool {
        self.kind
            .is_some_and(|kind| is_assessor_record(kind, self.made_by_staff))
    }
}

impl Relied {
    /// An assessor's record, or learner evidence in its current, declared version.
    pub fn is_authentic(&self) -> bool {
        self.is_assessor_record() || (self.current && self.declared)
    }
}

/// The kinds the assessor records themselves (observation, questioning, professional
/// discussion) or accepts from a witness (testimony), when someone other than the learner wrote
/// them. The same kinds written by the learner are learner evidence.
pub fn is_assessor_record(kind: EvidenceKind, made_by_staff: bool) -> bool {
    made_by_staff
        && matches!(
            kind,
            EvidenceKind::ObservationRecord
                | EvidenceKind::QuestioningRecord
                | EvidenceKind::ProfessionalDiscussion
                | EvidenceKind::WitnessTestimony
        )
}

/// The assessment methods an item of this kind is evidence of.
pub fn methods_of(kind: EvidenceKind) -> &'static [EvidenceMethod] {
    use EvidenceMethod as M;
    match kind {
        EvidenceKind::ObservationRecord => {
            &[M::ObservationByAssessor, M::ObservationByExpertWitness]
        }
        EvidenceKind::WitnessTestimony => &[M::WitnessTestimony, M::ObservationByExpertWitness],
        EvidenceKind::WorkProduct => &[M::WorkProduct],
        EvidenceKind::ProfessionalDiscussion => &[M::ProfessionalDiscussion],
        EvidenceKind::QuestioningRecord => &[M::Questioning],
        EvidenceKind::ReflectiveAccount => &[M::ReflectiveAccount],
        EvidenceKind::ProjectAssignment => &[M::ProjectAssignment],
        EvidenceKind::WrittenAssignment => &[M::Assignment],
        EvidenceKind::ShortResponseAnswers => &[M::ShortResponseQuestions],
    }
}

/// The order messages name performance evidence in (the handbook's).
const PERFORMANCE_ORDER: [EvidenceKind; 5] = [
    EvidenceKind::ObservationRecord,
    EvidenceKind::WorkProduct,
    EvidenceKind::WitnessTestimony,
    EvidenceKind::ProfessionalDiscussion,
    EvidenceKind::QuestioningRecord,
];

fn quoted(items: &[&Relied]) -> Vec<String> {
    items
        .iter()
        .map(|r| format!("\u{201c}{}\u{201d}", r.title))
        .collect()
}

/// Authenticity: learner evidence in its current, declared version, or an assessor's record.
pub fn check_authenticity(relied: &[Relied]) -> Result<(), RuleViolation> {
    let undeclared: Vec<&Relied> = relied.iter().filter(|r| !r.is_authentic()).collect();
    if undeclared.is_empty() {
        Ok(())
    } else {
        Err(RuleViolation::EvidenceNotDeclared {
            items: quoted(&undeclared),
        })
    }
}

/// Either outcome is judged on what the learner submitted: learner evidence they have back as a
/// draft cannot be relied on. The assessor's own records are never drafts with the learner.
pub fn check_submitted(relied: &[Relied]) -> Result<(), RuleViolation> {
    let drafts: Vec<&Relied> = relied
        .iter()
        .filter(|r| r.draft && !r.is_assessor_record())
        .collect();
    if drafts.is_empty() {
        Ok(())
    } else {
        Err(RuleViolation::EvidenceNotSubmitted {
            items: quoted(&drafts),
        })
    }
}

/// Every item relied on is mapped to the criterion judged.
pub fn check_mapped(item_id: &str, relied: &[Relied]) -> Result<(), RuleViolation> {
    let unmapped: Vec<&Relied> = relied
        .iter()
        .filter(|r| !r.mapped_to.contains(item_id))
        .collect();
    if unmapped.is_empty() {
        Ok(())
    } else {
        Err(RuleViolation::EvidenceNotMapped {
            items: quoted(&unmapped),
        })
    }
}

/// C4 for a unit assessed on real work: at least one item relied on is performance evidence of
/// a method the unit permits. Units not assessed on real work are left to their own rule.
pub fn check_real_work(unit: &Unit, relied: &[Relied]) -> Result<(), RuleViolation> {
    if !unit.evidence.real_work_environment {
        return Ok(());
    }
    let permitted = &unit.evidence.permitted;
    let performance = |kind: EvidenceKind| methods_of(kind).iter().any(|m| permitted.contains(m));
    if relied.iter().any(|r| r.kind.is_some_and(&performance)) {
        return Ok(());
    }
    let kinds: Vec<String> = PERFORMANCE_ORDER
        .into_iter()
        .filter(|k| performance(*k))
        .map(|k| k.label().to_lowercase())
        .collect();
    let kinds = match kinds.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} or {last}", rest.join(", ")),
        Some((last, _)) => last.clone(),
        None => "performance evidence".to_owned(),
    };
    Err(RuleViolation::MethodNotPermitted {
        reason: format!(
            "Unit {} is assessed on evidence from real work: {} can support a criterion but never carry it alone. Rely also on at least one item of performance evidence: {kinds}.",
            unit.number,
            quoted(&relied.iter().collect::<Vec<_>>()).join(", ")
        ),
    })
}

/// Every check on what a judgement relies on. A "not yet met": submitted only. A "met", in
/// order: authenticity, submitted, mapping, then the unit's method (C4).
pub fn check_reliance(
    unit: &Unit,
    item_id: &str,
    outcome: JudgementOutcome,
    relied: &[Relied],
) -> Result<(), RuleViolation> {
    if outcome != JudgementOutcome::Met {
        return check_submitted(relied);
    }
    check_authenticity(relied)?;
    check_submitted(relied)?;
    check_mapped(item_id, relied)?;
    check_real_work(unit, relied)
}

#[cfg(test)]
#[path = "reliance_tests.rs"]
mod tests;
