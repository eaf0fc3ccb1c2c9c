//! C6, C8: the assessor may assess every unit of the qualification; the IQA is eligible and is
//! not the assessor.

use super::{Refused, StaffFacts};
use crate::curriculum::Curriculum;
use crate::domain::eligibility::{may_quality_assure, require_assessor};
use crate::domain::people::FieldError;
use crate::domain::rules::RuleViolation;

/// C6 for every unit of the qualification; C8 eligibility, and the IQA is not the assessor.
pub fn check_staff(
    curriculum: &Curriculum,
    qualification_id: &str,
    assessor: Option<&StaffFacts>,
    iqa: Option<&StaffFacts>,
    errors: &mut Vec<FieldError>,
) -> Result<(), Refused> {
    let Some((_, qualification)) = curriculum.qualification(qualification_id) else {
        return Ok(());
    };
    match assessor {
        Some(a) if a.holds_role => {
            for unit in curriculum.units_of(qualification) {
                require_assessor(curriculum, &unit.id, &a.record).map_err(Refused::Rule)?;
            }
        }
        _ => errors.push(FieldError::new(
            "assessor_id",
            "Choose an assessor of this centre",
        )),
    }
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
