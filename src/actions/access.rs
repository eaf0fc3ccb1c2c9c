//! The access rules, in one place. A record the caller may not see answers as if it did not
//! exist (404); a record they may see but not change answers 403.

use crate::domain::credentials::staff_record;
use crate::domain::eligibility::StaffRecord;
use crate::domain::ids::{CentreId, RegistrationId, UnitId, UserId};
use crate::domain::judgement::JudgeRefused;
use crate::domain::roles::Role;
use crate::store::allocations::{self, UnitAllocation};
use crate::store::registrations::{self, Registration};
use crate::store::{DbConnection, StoreError, people};

use super::{ActionError, Actor, AppState};

/// How the caller relates to a centre.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CentreRelation {
    PlatformAdmin,
    Member(Vec<Role>),
    /// An external quality assurer with read-only grants for these qualifications.
    Eqa(Vec<String>),
}

/// `None` when the caller has nothing to do with the centre (it answers 404).
pub fn centre_relation(actor: &Actor, centre_id: &CentreId) -> Option<CentreRelation> {
    let roles = actor.roles_at(centre_id);
    if !roles.is_empty() {
        return Some(CentreRelation::Member(roles));
    }
    if actor.supports(centre_id) {
        return Some(CentreRelation::PlatformAdmin);
    }
    let grants = actor.eqa_qualifications_at(centre_id);
    (!grants.is_empty()).then_some(CentreRelation::Eqa(grants))
}

/// The caller must hold one of `roles` at the centre; a platform administrator the centre lets
/// in (support access, or a centre with no administrator yet) counts as its administrator.
pub fn require_centre_role(
    actor: &Actor,
    centre_id: &CentreId,
    roles: &[Role],
) -> Result<(), ActionError> {
    match centre_relation(actor, centre_id) {
        None => Err(ActionError::NotFound(format!("centre {centre_id}"))),
        Some(CentreRelation::PlatformAdmin) if roles.contains(&Role::CentreAdmin) => Ok(()),
        Some(CentreRelation::Member(held)) if held.iter().any(|r| roles.contains(r)) => Ok(()),
        Some(_) => Err(ActionError::Forbidden),
    }
}

/// The caller must be able to see the centre at all (any role, an EQA grant, or a platform
/// administrator it lets in).
pub fn require_centre_visible(
    actor: &Actor,
    centre_id: &CentreId,
) -> Result<CentreRelation, ActionError> {
    centre_relation(actor, centre_id)
        .ok_or_else(|| ActionError::NotFound(format!("centre {centre_id}")))
}

pub fn require_platform_admin(actor: &Actor) -> Result<(), ActionError> {
    if actor.is_platform_admin() {
        Ok(())
    } else {
        Err(ActionError::Forbidden)
    }
}

/// Staff records (credentials, eligibility) of `user_id` at a centre where they hold roles:
/// the person themselves, or a centre administrator or IQA of that centre.
pub fn require_staff_record_visible(
    actor: &Actor,
    user_id: &UserId,
    their_centres: &[String],
) -> Result<(), ActionError> {
    if actor.user.id == *user_id {
        return Ok(());
    }
    let sees = their_centres
        .iter()
        .map(|c| CentreId::from_stored(c.as_str()))
        .any(|c| {
            actor.supports(&c)
                || actor.has_role(&c, Role::CentreAdmin)
                || actor.has_role(&c, Role::Iqa)
        });
    if sees {
        Ok(())
    } else {
        Err(ActionError::NotFound(format!("user {user_id}")))
    }
}

/// Changing a person's staff record: a centre administrator of one of their centres.
pub fn require_staff_record_editable(
    actor: &Actor,
    their_centres: &[String],
) -> Result<(), ActionError> {
    let administers = |c: &String| {
        let centre = CentreId::from_stored(c.as_str());
        actor.supports(&centre) || actor.has_role(&centre, Role::CentreAdmin)
    };
    if their_centres.iter().any(administers) {
        Ok(())
    } else {
        Err(ActionError::Forbidden)
    }
}

/// The registration's allocated assessor (of every unit, or of one unit allocated on its own),
/// while they hold the assessor role at its centre: a role removed ends the allocation's access
/// at once, whatever the registration still names.
fn is_its_assessor(actor: &Actor, registration: &Registration) -> bool {
    let me = actor.user.id.as_str();
    let of_a_unit = actor
        .unit_allocations
        .iter()
        .any(|u| u.registration_id == registration.id && u.assessor_id == me);
    (registration.assessor_id == me || of_a_unit)
        && actor.has_role(&centre_of(registration), Role::Assessor)
}

/// Who holds a unit (C6 and C8 are per unit): its own allocation's (assessor, IQA), or the
/// registration's.
fn holders_of_unit<'a>(
    registration: &'a Registration,
    allocated: &'a [UnitAllocation],
    unit_id: &UnitId,
) -> (&'a str, &'a str) {
    allocated
        .iter()
        .find(|u| u.unit_id == unit_id.as_str())
        .map_or((&registration.assessor_id, &registration.iqa_id), |u| {
            (&u.assessor_id, &u.iqa_id)
        })
}

/// Who assesses a unit: its own allocation, or the registration's assessor.
pub fn assessor_of_unit<'a>(
    registration: &'a Registration,
    allocated: &'a [UnitAllocation],
    unit_id: &UnitId,
) -> &'a str {
    holders_of_unit(registration, allocated, unit_id).0
}

/// Who quality-assures a unit: its own allocation, or the registration's IQA.
pub fn iqa_of_unit<'a>(
    registration: &'a Registration,
    allocated: &'a [UnitAllocation],
    unit_id: &UnitId,
) -> &'a str {
    holders_of_unit(registration, allocated, unit_id).1
}

/// Marking and signing off one unit: the assessor allocated to that unit. Others who may see
/// the registration (its assessor of other units included) get 403; anyone else 404.
pub async fn require_unit_assessor(
    state: &AppState,
    actor: &Actor,
    registration: &Registration,
    unit_id: &UnitId,
) -> Result<(), ActionError> {
    require_allocated_assessor(actor, registration)?;
    let id = registration.id.clone();
    let allocated = state
        .db
        .run(move |conn| allocations::of_registration(conn, &id))
        .await?;
    if assessor_of_unit(registration, &allocated, unit_id) == actor.user.id {
        Ok(())
    } else {
        Err(ActionError::Forbidden)
    }
}

/// Who may see a registration: the learner, their allocated assessor and tutor (while they hold
/// that role at the centre), the centre's administrators and IQAs, a platform administrator
/// the centre lets in (support access), and an EQA granted its qualification. Anyone else gets 404.
pub fn require_registration_visible(
    actor: &Actor,
    registration: &crate::store::registrations::Registration,
) -> Result<(), ActionError> {
    let me = actor.user.id.as_str();
    let centre = &centre_of(registration);
    let visible = registration.learner_id == me
        || is_its_assessor(actor, registration)
        || (registration.tutor_id.as_deref() == Some(me) && actor.has_role(centre, Role::Tutor))
        || actor.has_role(centre, Role::CentreAdmin)
        || actor.has_role(centre, Role::Iqa)
        || actor.supports(centre)
        || actor
            .eqa_qualifications_at(centre)
            .contains(&registration.qualification_id);
    if visible {
        Ok(())
    } else {
        Err(ActionError::NotFound(format!(
            "registration {}",
            registration.id
        )))
    }
}

/// Adding to or changing a registration's evidence: the learner, or their allocated assessor on
/// their behalf. Others who may see the registration get 403; anyone else 404.
pub fn require_evidence_writer(
    actor: &Actor,
    registration: &crate::store::registrations::Registration,
) -> Result<(), ActionError> {
    require_registration_visible(actor, registration)?;
    if registration.learner_id == actor.user.id || is_its_assessor(actor, registration) {
        Ok(())
    } else {
        Err(ActionError::Forbidden)
    }
}

/// Judging, observing and signing off: the registration's allocated assessor only. Others who
/// may see the registration (the learner included) get 403; anyone else 404. Eligibility for
/// the unit (C6) is checked after this, once the unit is known.
pub fn require_allocated_assessor(
    actor: &Actor,
    registration: &crate::store::registrations::Registration,
) -> Result<(), ActionError> {
    require_registration_visible(actor, registration)?;
    if is_its_assessor(actor, registration) && registration.learner_id != actor.user.id {
        Ok(())
    } else {
        Err(ActionError::Forbidden)
    }
}

/// Countersigning: the registration's learner only; others who may see it get 403, anyone
/// else 404.
pub fn require_learner(
    actor: &Actor,
    registration: &crate::store::registrations::Registration,
) -> Result<(), ActionError> {
    require_registration_visible(actor, registration)?;
    if registration.learner_id == actor.user.id {
        Ok(())
    } else {
        Err(ActionError::Forbidden)
    }
}

/// The centre a registration is at, as its own type.
pub fn centre_of(registration: &Registration) -> CentreId {
    CentreId::from_stored(registration.centre_id.as_str())
}

/// The registration, if the caller may see it (404 otherwise).
pub async fn visible_registration(
    state: &AppState,
    actor: &Actor,
    id: &RegistrationId,
) -> Result<Registration, ActionError> {
    let key = id.clone();
    let found = state
        .db
        .run(move |conn| registrations::find(conn, &key))
        .await?
        .ok_or_else(|| ActionError::NotFound(format!("registration {id}")))?;
    require_registration_visible(actor, &found)?;
    Ok(found)
}

/// What the centre has on record about a member of staff (for C6): credentials another centre
/// recorded do not count here.
pub fn staff_record_of(
    conn: &mut DbConnection,
    user_id: &UserId,
    centre_id: &CentreId,
) -> Result<StaffRecord, StoreError> {
    let credentials = people::credentials_at(conn, user_id, centre_id)?;
    Ok(staff_record(
        credentials
            .iter()
            .map(|c| (c.kind.as_str(), c.code.as_str())),
    ))
}

/// A refusal to let someone judge, as the web answers it.
pub fn refusal(refused: JudgeRefused) -> ActionError {
    match refused {
        JudgeRefused::OwnWork | JudgeRefused::NotAllocated => ActionError::Forbidden,
        JudgeRefused::NotEligible(rule) => ActionError::Rule(rule),
    }
}
