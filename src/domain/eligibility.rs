//! Who may assess a unit (C6), act as an expert witness (C7) and quality-assure a qualification
//! (C8), worked out from the staffing rules in the curriculum. Nothing here names a qualification
//! or a unit: the specification's own lists decide, and the reasons quote its titles.

use serde::Serialize;

use super::rules::RuleViolation;
use crate::curriculum::Curriculum;
use crate::curriculum::model::{Competence, Specification, Unit};

/// What the centre has on record about a member of staff.
#[derive(Debug, Clone, Default, Serialize)]
pub struct StaffRecord {
    /// Staff qualification ids from the curriculum, e.g. "a1".
    pub qualifications: Vec<String>,
    pub occupationally_competent: bool,
    pub occupationally_knowledgeable: bool,
    pub working_knowledge_of_units: bool,
    pub work_role_evaluates_practice: bool,
}

impl StaffRecord {
    /// Whether the record meets a competence; being competent implies being knowledgeable.
    pub fn meets(&self, competence: Competence) -> bool {
        match competence {
            Competence::OccupationallyCompetent => self.occupationally_competent,
            Competence::OccupationallyKnowledgeable => {
                self.occupationally_knowledgeable || self.occupationally_competent
            }
        }
    }

    fn held<'a>(&self, listed: &'a [String]) -> Vec<&'a str> {
        listed
            .iter()
            .filter(|id| self.qualifications.contains(id))
            .map(String::as_str)
            .collect()
    }
}

/// The answer to "may this person do this?", with the reasons in plain words.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Decision {
    pub allowed: bool,
    pub reasons: Vec<String>,
    pub warnings: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct UnitEligibility {
    pub unit_id: String,
    pub unit_title: String,
    pub decision: Decision,
}

#[derive(Debug, Clone, Serialize)]
pub struct QualificationDecision {
    pub qualification_id: String,
    pub decision: Decision,
}

/// Everything a member of staff may do across the curriculum, in curriculum order.
#[derive(Debug, Clone, Serialize)]
pub struct Eligibility {
    pub units: Vec<UnitEligibility>,
    pub quality_assurance: Vec<QualificationDecision>,
    pub expert_witness: Vec<QualificationDecision>,
}

/// A decision being worked out: the reasons that refuse are kept apart for the violations.
#[derive(Default)]
struct Draft {
    reasons: Vec<String>,
    failures: Vec<String>,
    warnings: Vec<String>,
}

impl Draft {
    fn note(&mut self, reason: String) {
        self.reasons.push(reason);
    }

    fn refuse(&mut self, reason: String) {
        self.failures.push(reason.clone());
        self.reasons.push(reason);
    }

    fn check(&mut self, ok: bool, reason: String) {
        if ok {
            self.note(reason)
        } else {
            self.refuse(reason)
        }
    }

    fn decision(self) -> Decision {
        Decision {
            allowed: self.failures.is_empty(),
            reasons: self.reasons,
            warnings: self.warnings,
        }
    }
}

/// C6: may this person assess the unit? `None` if there is no such unit.
pub fn may_assess(curriculum: &Curriculum, unit_id: &str, staff: &StaffRecord) -> Option<Decision> {
    let (spec, unit) = curriculum.unit(unit_id)?;
    Some(assessor_draft(curriculum, spec, unit, staff).decision())
}

/// C8: may this person quality-assure the qualification? `None` if there is no such qualification.
pub fn may_quality_assure(
    curriculum: &Curriculum,
    qualification_id: &str,
    staff: &StaffRecord,
) -> Option<Decision> {
    let (spec, _) = curriculum.qualification(qualification_id)?;
    Some(iqa_draft(curriculum, spec, staff).decision())
}

/// C7: may this person act as an expert witness for the qualification? `None` if there is no such
/// qualification.
pub fn may_be_expert_witness(
    curriculum: &Curriculum,
    qualification_id: &str,
    staff: &StaffRecord,
) -> Option<Decision> {
    let (spec, _) = curriculum.qualification(qualification_id)?;
    Some(expert_witness_draft(curriculum, spec, staff).decision())
}

/// Every unit and every qualification of the curriculum, for one member of staff.
pub fn eligibility(curriculum: &Curriculum, staff: &StaffRecord) -> Eligibility {
    let units = curriculum
        .specifications()
        .iter()
        .flat_map(|spec| spec.units.iter().map(move |unit| (spec, unit)))
        .map(|(spec, unit)| UnitEligibility {
            unit_id: unit.id.clone(),
            unit_title: unit.title.clone(),
            decision: assessor_draft(curriculum, spec, unit, staff).decision(),
        })
        .collect();
    let per_qualification = |draft: fn(&Curriculum, &Specification, &StaffRecord) -> Draft| {
        curriculum
            .qualifications()
            .map(|(spec, q)| QualificationDecision {
                qualification_id: q.id.clone(),
                decision: draft(curriculum, spec, staff).decision(),
            })
            .collect()
    };
    Eligibility {
        units,
        quality_assurance: per_qualification(iqa_draft),
        expert_witness: per_qualification(expert_witness_draft),
    }
}

/// C8: an assessor cannot quality-assure their own assessment decisions.
pub fn check_not_own_decision(
    iqa_user_id: &str,
    assessor_user_id: &str,
) -> Result<(), RuleViolation> {
    if iqa_user_id == assessor_user_id {
        Err(RuleViolation::IqaOwnDecision)
    } else {
        Ok(())
    }
}

/// C6 as a guard: the reasons that refuse, or Ok.
pub fn require_assessor(
    curriculum: &Curriculum,
    unit_id: &str,
    staff: &StaffRecord,
) -> Result<(), RuleViolation> {
    let reasons = match curriculum.unit(unit_id) {
        Some((spec, unit)) => assessor_draft(curriculum, spec, unit, staff).failures,
        None => vec![format!("There is no unit {unit_id} in the curriculum")],
    };
    if reasons.is_empty() {
        return Ok(());
    }
    Err(RuleViolation::AssessorNotEligible {
        unit_id: unit_id.to_owned(),
        reasons,
    })
}

/// C7 as a guard: the reasons that refuse, or Ok.
pub fn require_expert_witness(
    curriculum: &Curriculum,
    qualification_id: &str,
    staff: &StaffRecord,
) -> Result<(), RuleViolation> {
    let reasons = match curriculum.qualification(qualification_id) {
        Some((spec, _)) => expert_witness_draft(curriculum, spec, staff).failures,
        None => vec![format!(
            "There is no qualification {qualification_id} in the curriculum"
        )],
    };
    if reasons.is_empty() {
        return Ok(());
    }
    Err(RuleViolation::ExpertWitnessNotEligible { reasons })
}

/// What the platform asks for where a specification sets no staffing rule.
const KNOWLEDGEABLE: Competence = Competence::OccupationallyKnowledgeable;

fn assessor_draft(
    curriculum: &Curriculum,
    spec: &Specification,
    unit: &Unit,
    staff: &StaffRecord,
) -> Draft {
    let name = format!("Unit {}", unit.number);
    let mut draft = Draft::default();
    let Some(rule) = &unit.assessor else {
        draft.note(format!(
            "The specification sets no assessor qualification for {name}, so the centre's own requirements apply"
        ));
        let requirer = "the platform asks of every assessor";
        check_competence(&mut draft, KNOWLEDGEABLE, staff, requirer);
        draft.warnings.push(format!(
            "Check this assessor against the centre's own requirements for {name}: the specification does not set any"
        ));
        return draft;
    };
    check_competence(
        &mut draft,
        rule.competence,
        staff,
        &format!("{name} requires"),
    );
    let held = staff.held(&rule.qualifications_any_of);
    for id in &held {
        let title = title_of(curriculum, spec, id);
        draft.note(format!("Holds {title}, which the unit accepts"));
    }
    if held.is_empty() {
        for id in &staff.qualifications {
            let title = title_of(curriculum, spec, id);
            draft.note(format!("Holds {title}, which {name} does not accept"));
        }
        let accepted = titles_of(curriculum, spec, &rule.qualifications_any_of);
        draft.refuse(format!(
            "Holds none of the qualifications {name} accepts: {accepted}"
        ));
    }
    draft
}

fn iqa_draft(curriculum: &Curriculum, spec: &Specification, staff: &StaffRecord) -> Draft {
    let body = &spec.specification.awarding_body;
    let mut draft = Draft::default();
    let Some(rule) = &spec.iqa else {
        draft.note(
            "The specification sets no requirements for internal quality assurers, so the platform asks for occupational knowledge".to_owned(),
        );
        let requirer = "the platform asks of every internal quality assurer";
        check_competence(&mut draft, KNOWLEDGEABLE, staff, requirer);
        return draft;
    };
    let requirer = format!("{body} requires of an internal quality assurer");
    check_competence(&mut draft, rule.competence, staff, &requirer);
    let held = staff.held(&rule.recommended_qualifications_any_of);
    for id in &held {
        let title = title_of(curriculum, spec, id);
        draft.note(format!(
            "Holds {title}, which {body} recommends for internal quality assurers"
        ));
    }
    if held.is_empty() && !rule.recommended_qualifications_any_of.is_empty() {
        let recommended = titles_of(curriculum, spec, &rule.recommended_qualifications_any_of);
        draft.warnings.push(format!(
            "Holds none of the qualifications {body} recommends for internal quality assurers ({recommended}); this is recommended as best practice, not required"
        ));
    }
    if !rule.may_quality_assure_own_assessments {
        draft.note(format!(
            "{body} does not allow anyone to quality-assure their own assessment decisions"
        ));
    }
    draft
}

fn expert_witness_draft(
    curriculum: &Curriculum,
    spec: &Specification,
    staff: &StaffRecord,
) -> Draft {
    let body = &spec.specification.awarding_body;
    let mut draft = Draft::default();
    let Some(rule) = &spec.expert_witness else {
        draft.refuse("This specification makes no provision for expert witnesses".to_owned());
        return draft;
    };
    let requirer = format!("{body} requires of an expert witness");
    if rule.working_knowledge_of_units {
        let ok = staff.working_knowledge_of_units;
        let reason = if ok {
            "Recorded as having a working knowledge of the units".to_owned()
        } else {
            format!("Not recorded as having a working knowledge of the units, which {requirer}")
        };
        draft.check(ok, reason);
    }
    check_competence(&mut draft, rule.competence, staff, &requirer);
    let held = staff.held(&rule.qualifications_any_of);
    for id in &held {
        let title = title_of(curriculum, spec, id);
        draft.note(format!(
            "Holds {title}, which {body} accepts for an expert witness"
        ));
    }
    if !held.is_empty() {
        return draft;
    }
    let accepted = titles_of(curriculum, spec, &rule.qualifications_any_of);
    match rule.or_work_role.as_deref() {
        Some(role) if staff.work_role_evaluates_practice => draft.note(format!(
            "Holds none of the qualifications {body} lists for an expert witness, but has \"{role}\", which {body} accepts instead"
        )),
        Some(role) => draft.refuse(format!(
            "Holds none of the qualifications {body} accepts for an expert witness ({accepted}), and is not recorded as having \"{role}\", which it accepts instead"
        )),
        None => draft.refuse(format!(
            "Holds none of the qualifications {body} accepts for an expert witness: {accepted}"
        )),
    }
    draft
}

/// Records whether the staff member meets `required`; `requirer` finishes "…, which {requirer}".
fn check_competence(draft: &mut Draft, required: Competence, staff: &StaffRecord, requirer: &str) {
    let reason = match required {
        _ if !staff.meets(required) => {
            format!("Not recorded as {}, which {requirer}", word(required))
        }
        Competence::OccupationallyKnowledgeable if !staff.occupationally_knowledgeable => {
            format!("Recorded as occupationally competent, and so knowledgeable, which {requirer}")
        }
        _ => format!("Recorded as {}, which {requirer}", word(required)),
    };
    draft.check(staff.meets(required), reason);
}

fn word(competence: Competence) -> &'static str {
    match competence {
        Competence::OccupationallyCompetent => "occupationally competent",
        Competence::OccupationallyKnowledgeable => "occupationally knowledgeable",
    }
}

/// A staff qualification's title, from its own specification first, without a closing full stop
/// (titles are copied word for word and some end a list in the source).
fn title_of<'a>(curriculum: &'a Curriculum, spec: &'a Specification, id: &'a str) -> &'a str {
    spec.staff_qualifications
        .iter()
        .chain(
            curriculum
                .specifications()
                .iter()
                .flat_map(|s| s.staff_qualifications.iter()),
        )
        .find(|q| q.id == id)
        .map_or(id, |q| q.title.as_str())
        .trim_end_matches('.')
}

/// "A, B or C".
fn titles_of(curriculum: &Curriculum, spec: &Specification, ids: &[String]) -> String {
    let titles: Vec<&str> = ids
        .iter()
        .map(|id| title_of(curriculum, spec, id))
        .collect();
    match titles.split_last() {
        None => "none".to_owned(),
        Some((last, [])) => (*last).to_owned(),
        Some((last, rest)) => format!("{} or {last}", rest.join(", ")),
    }
}

#[cfg(test)]
#[path = "eligibility_tests.rs"]
mod tests;
