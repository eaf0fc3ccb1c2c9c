//! Assessors and IQAs per unit (C6 and C8 are per unit): the centre administrator allocates one
//! unit of a registration to another assessor and IQA, say a Unit 001 assessor who holds only
//! the QCF Level 3 AVRA. A unit with no allocation of its own is held by the registration's
//! assessor and IQA.

use serde::{Deserialize, Serialize};
use serde_json::json;

use super::{change, entry, load, staff_facts};
use crate::actions::access::{assessor_of_unit, centre_of, iqa_of_unit, require_centre_role};
use crate::actions::{ActionError, Actor, AppState};
use crate::domain::ids::{RegistrationId, UnitId};
use crate::domain::registration::{RegistrationStatus, Staffing, check_unit_staff};
use crate::domain::roles::Role;
use crate::store::allocations::{self, UnitAllocation};
use crate::store::registrations::{self, Registration};
use crate::store::{DbConnection, StoreError, audit};

/// `PUT /api/v1/registrations/{registration_id}/units/{unit_id}/allocation`.
#[derive(Debug, Clone, Default, Deserialize, utoipa::ToSchema)]
#[schema(as = UnitAllocationRequest)]
pub struct UnitAllocationInput {
    /// The assessor of this unit (a user id of the centre's assessors).
    pub assessor_id: String,
    /// The IQA of this unit (a user id of the centre's IQAs); never the unit's assessor.
    pub iqa_id: String,
    /// Why, when it changes an earlier allocation (kept in the registration's history).
    #[serde(default)]
    pub reason: String,
}

/// Who holds one unit of a registration.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct UnitStaffing {
    pub unit_id: String,
    /// The unit's title, as the specification gives it.
    pub unit_title: String,
    pub assessor_id: String,
    pub iqa_id: String,
    /// True when the unit is allocated on its own, not with the registration.
    pub allocated_on_its_own: bool,
}

/// Every unit of a registration with who holds it.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct UnitStaffingList {
    pub units: Vec<UnitStaffing>,
}

/// Every unit of the registration's qualification, with who holds it.
pub fn staffing_of(
    state: &AppState,
    registration: &Registration,
    allocated: &[UnitAllocation],
) -> Vec<UnitStaffing> {
    let Some((_, qualification)) = state
        .curriculum
        .qualification(&registration.qualification_id)
    else {
        return Vec::new();
    };
    state
        .curriculum
        .units_of(qualification)
        .map(|unit| (unit, UnitId::from_stored(unit.id.as_str())))
        .map(|(unit, id)| UnitStaffing {
            unit_id: unit.id.clone(),
            unit_title: unit.title.clone(),
            assessor_id: assessor_of_unit(registration, allocated, &id).to_owned(),
            iqa_id: iqa_of_unit(registration, allocated, &id).to_owned(),
            allocated_on_its_own: allocated.iter().any(|a| a.unit_id == unit.id),
        })
        .collect()
}

/// The units of a registration the caller may see, with who holds each.
pub async fn unit_staffing(
    state: &AppState,
    registration: &Registration,
) -> Result<Vec<UnitStaffing>, ActionError> {
    let id = registration.id.clone();
    let allocated = state
        .db
        .run(move |conn| allocations::of_registration(conn, &id))
        .await?;
    Ok(staffing_of(state, registration, &allocated))
}

/// The unit's assessor and IQA as asked, checked against C6 for this unit and C8.
async fn checked_unit(
    state: &AppState,
    registration: &Registration,
    unit_id: &UnitId,
    input: &UnitAllocationInput,
) -> Result<(), ActionError> {
    let (centre, a, i) = (
        registration.centre_id.clone(),
        input.assessor_id.trim().to_owned(),
        input.iqa_id.trim().to_owned(),
    );
    let (assessor, iqa) = state
        .db
        .run(move |conn| -> Result<_, StoreError> {
            Ok((
                staff_facts(conn, &centre, &a, Role::Assessor)?,
                staff_facts(conn, &centre, &i, Role::Iqa)?,
            ))
        })
        .await?;
    let mut errors = Vec::new();
    let staffing = Staffing {
        assessor: assessor.as_ref(),
        iqa: iqa.as_ref(),
    };
    check_unit_staff(
        &state.curriculum,
        &registration.qualification_id,
        unit_id.as_str(),
        staffing,
        &mut errors,
    )?;
    if errors.is_empty() {
        Ok(())
    } else {
        Err(ActionError::Invalid(errors))
    }
}

/// Centre administrator: allocate one unit of an active registration. Refusals: 404 (no such
/// unit in the qualification), 422 C6 (the assessor may not assess this unit) or C8 (the IQA is
/// the unit's assessor, or not eligible), 409 (the registration is withdrawn).
pub async fn allocate_unit(
    state: &AppState,
    actor: &Actor,
    id: &RegistrationId,
    unit_id: &UnitId,
    input: UnitAllocationInput,
) -> Result<Vec<UnitStaffing>, ActionError> {
    let (registration, _) = load(state, actor, id).await?;
    require_centre_role(actor, &centre_of(&registration), &[Role::CentreAdmin])?;
    let unit = state
        .curriculum
        .unit_of(&registration.qualification_id, unit_id.as_str())
        .ok_or_else(|| ActionError::NotFound(format!("unit {unit_id}")))?;
    if registration.status != RegistrationStatus::Active {
        return Err(ActionError::Conflict(
            "This registration has been withdrawn; its units cannot be allocated.".to_owned(),
        ));
    }
    checked_unit(state, &registration, unit_id, &input).await?;
    let allocation = Allocation {
        unit_id: unit.id.clone(),
        assessor_id: input.assessor_id.trim().to_owned(),
        iqa_id: input.iqa_id.trim().to_owned(),
        reason: input.reason.trim().to_owned(),
    };
    let (actor, now, reg) = (actor.clone(), state.clock.naive(), registration.clone());
    let allocated = state
        .db
        .write(move |conn| allocation.store(conn, &actor, &reg, now))
        .await?;
    Ok(staffing_of(state, &registration, &allocated))
}

/// One unit's allocation, checked.
struct Allocation {
    unit_id: String,
    assessor_id: String,
    iqa_id: String,
    reason: String,
}

impl Allocation {
    /// Inside the transaction: the unit's row (none when it goes back to the registration's
    /// assessor and IQA), the history entry and the audit entry. The units as they now stand.
    fn store(
        self,
        conn: &mut DbConnection,
        actor: &Actor,
        registration: &Registration,
        now: chrono::NaiveDateTime,
    ) -> Result<Vec<UnitAllocation>, StoreError> {
        registrations::hold(conn, &registration.id)?;
        let before = allocations::of_registration(conn, &registration.id)?;
        let unit = UnitId::from_stored(self.unit_id.as_str());
        let from = json!({
            "assessor_id": assessor_of_unit(registration, &before, &unit),
            "iqa_id": iqa_of_unit(registration, &before, &unit),
        });
        let with_registration =
            self.assessor_id == registration.assessor_id && self.iqa_id == registration.iqa_id;
        let row = UnitAllocation {
            registration_id: registration.id.clone(),
            unit_id: self.unit_id.clone(),
            assessor_id: self.assessor_id.clone(),
            iqa_id: self.iqa_id.clone(),
            allocated_by: actor.user.id.clone(),
            allocated_at: now,
        };
        allocations::set(
            conn,
            &registration.id,
            &self.unit_id,
            (!with_registration).then_some(&row),
        )?;
        let details = json!({"unit_id": self.unit_id, "assessor_id": self.assessor_id,
            "iqa_id": self.iqa_id, "from": from});
        let what = change(
            &registration.id,
            &actor.user.id,
            now,
            "unit_allocated",
            &self.reason,
            details.clone(),
        );
        registrations::record_change(conn, &what)?;
        let reason = Some(self.reason).filter(|r| !r.is_empty());
        let id = &registration.id;
        let audited = entry(
            actor,
            &registration.centre_id,
            "unit_allocated",
            id,
            reason,
            details,
        );
        audit::append(conn, audited, now)?;
        allocations::of_registration(conn, &registration.id)
    }
}
