//! C4 in the judgement path: a met judgement on a criterion of a unit assessed by an assignment
//! relies only on the learner's submission of the version in force.

use std::collections::BTreeMap;

use crate::actions::ActionError;
use crate::actions::AppState;
use crate::domain::assignment::{InForce, assessed_by_assignment, check_unit_001 as rule};
use crate::domain::ids::UnitId;
use crate::domain::judgement::CheckedJudgement;
use crate::store::DbConnection;
use crate::store::StoreError;
use crate::store::assignments;
use crate::store::evidence::{EvidenceItem, EvidenceVersion};
use crate::store::registrations::Registration;

/// The centre's version in force for the unit and the learner's submission of it.
pub fn in_force_of(
    conn: &mut DbConnection,
    registration: &Registration,
    unit_id: &UnitId,
) -> Result<Option<InForce>, StoreError> {
    let Some(assignment) = assignments::in_force(conn, &registration.centre_id, unit_id)? else {
        return Ok(None);
    };
    let submission = assignments::submission_of(conn, &assignment.id, &registration.id)?;
    Ok(Some(InForce {
        version_label: assignment.version_label,
        submission_evidence_id: submission.map(|s| s.evidence_id),
    }))
}

/// Refuse (`method_not_permitted`) a met judgement on a unit assessed by assignment that relies
/// on anything but the learner's submission of the version in force.
pub async fn check_unit_001(
    state: &AppState,
    registration: &Registration,
    checked: &CheckedJudgement,
    evidence: &[(EvidenceItem, EvidenceVersion)],
) -> Result<(), ActionError> {
    let Some((spec, unit)) = state.curriculum.unit(&checked.unit_id) else {
        return Ok(());
    };
    if !assessed_by_assignment(unit) {
        return Ok(());
    }
    let (reg, unit_id) = (registration.clone(), unit.id.clone());
    let in_force = state
        .db
        .run(move |conn| in_force_of(conn, &reg, &UnitId::from_stored(unit_id.as_str())))
        .await?;
    let relied_on: BTreeMap<String, String> = evidence
        .iter()
        .filter(|(item, _)| checked.evidence_ids.contains(&item.id))
        .map(|(item, _)| (item.id.clone(), item.title.clone()))
        .collect();
    rule(
        unit,
        &spec.specification.awarding_body,
        checked.outcome,
        &relied_on,
        in_force.as_ref(),
    )
    .map_err(ActionError::from)
}
