//! C6, C8: the registration's assessor may assess every unit they hold (every unit not
//! allocated to someone else); the IQA is eligible and is not the assessor. One unit's own
//! allocation is checked by `check_unit_staff`.

use super::{Refused, StaffFacts};
use crate::curriculum::Curriculum;
use crate::domain::eligibility::{may_quality_assure, require_assessor};
use crate::domain::people::FieldError;
use crate::domain::rules::RuleViolation;

#[derive(Debug, Clone, Copy)]
/// The people a check is about: the assessor and the IQA, as the centre has them on record.
pub struct Staffing<'a> {
    pub assessor: Option<&'a StaffFacts>,
    pub iqa: Option<&'a StaffFacts>,
}

/// C6 for every unit of the qualification except `allocated_elsewhere`; C8 eligibility, and
/// the IQA is not the assessor.
pub fn check_staff(
    curriculum: &Curriculum,
    qualification_id: &str,
    staffing: Staffing<'_>,
    allocated_elsewhere: &[String],
    errors: &mut Vec<FieldError>,
) -> Result<(), Refused> {
    let Some((_, qualification)) = curriculum.qualification(qualification_id) else {
        return Ok(());
    };
    let assessor = staffing.assessor;
    match assessor {
        Some(a) if a.holds_role => {
            let held = curriculum
                .units_of(qualification)
                .filter(|u| !allocated_elsewhere.contains(&u.id));
            for unit in held {
                require_assessor(curriculum, &unit.id, &a.record).map_err(Refused::Rule)?;
            }
        }
        _ => errors.push(FieldError::new(
            "assessor_id",
            "Choose an assessor of this centre",
        )),
    }
    check_iqa(curriculum, qualification_id, staffing, errors)
}

/// C8: the IQA holds the role, may quality-assure the qualification, and is not the assessor.
fn check_iqa(
    curriculum: &Curriculum,
    qualification_id: &str,
    Staffing { assessor, iqa }: Staffing<'_>,
    errors: &mut Vec<FieldError>,
) -> Result<(), Refused> {
    match iqa {
        Some(i) if i.holds_role => {
            if let Some(a) = assessor
                && a.user_id == i.user_id
            {
                return Err(Refused::Rule(RuleViolation::IqaOwnDecision));
            }
            if let Some(decision) = may_quality_assure(curriculum, qualification_id, &i.record)
                && !decision.allowed
            {
                errors.push(FieldError::new(
                    "iqa_id",
                    &format!(
                        "This IQA cannot quality-assure this qualification: {}",
                        decision.reasons.join("; ")
                    ),
                ));
            }
        }
        _ => errors.push(FieldError::new(
            "iqa_id",
            "Choose an internal quality assurer of this centre",
        )),
    }
    Ok(())
}

/// C6 and C8 for one unit allocated on its own: the assessor may assess this unit (a Unit 001
/// assessor may hold only the QCF Level 3 AVRA), and the IQA is eligible and not that assessor.
pub fn check_unit_staff(
    curriculum: &Curriculum,
    qualification_id: &str,
    unit_id: &str,
    staffing: Staffing<'_>,
    errors: &mut Vec<FieldError>,
) -> Result<(), Refused> {
    let assessor = staffing.assessor;
    match assessor {
        Some(a) if a.holds_role => {
            require_assessor(curriculum, unit_id, &a.record).map_err(Refused::Rule)?
        }
        _ => errors.push(FieldError::new(
            "assessor_id",
            "Choose an assessor of this centre",
        )),
    }
    check_iqa(curriculum, qualification_id, staffing, errors)
}
