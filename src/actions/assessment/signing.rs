//! What a person reads before signing a unit: the assessor before signing it off, the learner
//! before countersigning. The record of the unit with its sufficiency warnings, for those two
//! only; the signing itself is [`super::sign_off`].

use crate::actions::access::{require_allocated_assessor, require_learner, require_unit_assessor};
use crate::actions::assessment::record::{AssessmentRecord, record};
use crate::actions::assessment::sufficiency::warnings_for;
use crate::actions::{ActionError, Actor, AppState};
use crate::curriculum::model::Unit;
use crate::domain::ids::{RegistrationId, UnitId};

/// Who signs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Signer {
    /// The allocated assessor signs the unit off.
    Assessor,
    /// The learner countersigns the assessor's sign-off.
    Learner,
}

/// A unit as it is about to be signed.
pub struct UnitSigning {
    pub record: AssessmentRecord,
    pub unit: Unit,
    /// Where the evidence the unit's met decisions rest on may be thin.
    pub warnings: Vec<String>,
    pub signer: Signer,
}

/// The unit for `signer` to confirm. Refusals: 404 (registration or unit not visible), 403 (not
/// the allocated assessor, or not the learner).
pub async fn unit_signing(
    state: &AppState,
    actor: &Actor,
    registration_id: &RegistrationId,
    unit_id: &UnitId,
    signer: Signer,
) -> Result<UnitSigning, ActionError> {
    let record = record(state, actor, registration_id).await?;
    match signer {
        Signer::Assessor => require_allocated_assessor(actor, &record.registration)?,
        Signer::Learner => require_learner(actor, &record.registration)?,
    }
    let unit = super::sign_off::unit_of(state, &record.registration, unit_id)?;
    if signer == Signer::Assessor {
        require_unit_assessor(state, actor, &record.registration, unit_id).await?;
    }
    let warnings = warnings_for(&record, &unit);
    Ok(UnitSigning {
        record,
        unit,
        warnings,
        signer,
    })
}
