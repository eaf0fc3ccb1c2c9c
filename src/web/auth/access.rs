//! The access rules, in one place. A record the caller may not see answers as if it did not
//! exist (404); a record they may see but not change answers 403.

use crate::domain::roles::Role;
use crate::web::error::AppError;

use super::CurrentUser;

/// How the caller relates to a centre.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CentreRelation {
    PlatformAdmin,
    Member(Vec<Role>),
    /// An external quality assurer with read-only grants for these qualifications.
    Eqa(Vec<String>),
}

/// `None` when the caller has nothing to do with the centre (it answers 404).
pub fn centre_relation(current: &CurrentUser, centre_id: &str) -> Option<CentreRelation> {
    let roles = current.roles_at(centre_id);
    if !roles.is_empty() {
        return Some(CentreRelation::Member(roles));
    }
    if current.is_platform_admin() {
        return Some(CentreRelation::PlatformAdmin);
    }
    let grants = current.eqa_qualifications_at(centre_id);
    (!grants.is_empty()).then_some(CentreRelation::Eqa(grants))
}

/// The caller must hold one of `roles` at the centre; the platform administrator counts as a
/// centre administrator (to set a centre up).
pub fn require_centre_role(
    current: &CurrentUser,
    centre_id: &str,
    roles: &[Role],
) -> Result<(), AppError> {
    match centre_relation(current, centre_id) {
        None => Err(AppError::NotFound(format!("centre {centre_id}"))),
        Some(CentreRelation::PlatformAdmin) if roles.contains(&Role::CentreAdmin) => Ok(()),
        Some(CentreRelation::Member(held)) if held.iter().any(|r| roles.contains(r)) => Ok(()),
        Some(_) => Err(AppError::Forbidden),
    }
}

/// The caller must be able to see the centre at all (any role, an EQA grant, or platform admin).
pub fn require_centre_visible(
    current: &CurrentUser,
    centre_id: &str,
) -> Result<CentreRelation, AppError> {
    centre_relation(current, centre_id)
        .ok_or_else(|| AppError::NotFound(format!("centre {centre_id}")))
}

pub fn require_platform_admin(current: &CurrentUser) -> Result<(), AppError> {
    if current.is_platform_admin() {
        Ok(())
    } else {
        Err(AppError::Forbidden)
    }
}

/// Staff records (credentials, eligibility) of `user_id` at a centre where they hold roles:
/// the person themselves, or a centre administrator or IQA of that centre.
pub fn require_staff_record_visible(
    current: &CurrentUser,
    user_id: &str,
    their_centres: &[String],
) -> Result<(), AppError> {
    if current.user.id == user_id || current.is_platform_admin() {
        return Ok(());
    }
    let sees = their_centres
        .iter()
        .any(|c| current.has_role(c, Role::CentreAdmin) || current.has_role(c, Role::Iqa));
    if sees {
        Ok(())
    } else {
        Err(AppError::NotFound(format!("user {user_id}")))
    }
}

/// Changing a person's staff record: a centre administrator of one of their centres.
pub fn require_staff_record_editable(
    current: &CurrentUser,
    their_centres: &[String],
) -> Result<(), AppError> {
    if current.is_platform_admin()
        || their_centres
            .iter()
            .any(|c| current.has_role(c, Role::CentreAdmin))
    {
        Ok(())
    } else {
        Err(AppError::Forbidden)
    }
}

/// Who may see a registration: the learner, their allocated assessor and tutor, the centre's
/// administrators and IQAs, the platform administrator, and an EQA granted its qualification.
/// Anyone else gets 404.
pub fn require_registration_visible(
    current: &CurrentUser,
    registration: &crate::store::registrations::Registration,
) -> Result<(), AppError> {
    let me = current.user.id.as_str();
    let centre = registration.centre_id.as_str();
    let visible = registration.learner_id == me
        || registration.assessor_id == me
        || registration.tutor_id.as_deref() == Some(me)
        || current.has_role(centre, Role::CentreAdmin)
        || current.has_role(centre, Role::Iqa)
        || current.is_platform_admin()
        || current
            .eqa_qualifications_at(centre)
            .contains(&registration.qualification_id);
    if visible {
        Ok(())
    } else {
        Err(AppError::NotFound(format!(
            "registration {}",
            registration.id
        )))
    }
}

/// Adding to or changing a registration's evidence: the learner, or their allocated assessor on
/// their behalf. Others who may see the registration get 403; anyone else 404.
pub fn require_evidence_writer(
    current: &CurrentUser,
    registration: &crate::store::registrations::Registration,
) -> Result<(), AppError> {
    require_registration_visible(current, registration)?;
    let me = current.user.id.as_str();
    if registration.learner_id == me || registration.assessor_id == me {
        Ok(())
    } else {
        Err(AppError::Forbidden)
    }
}

/// Judging, observing and signing off: the registration's allocated assessor only. Others who
/// may see the registration (the learner included) get 403; anyone else 404. Eligibility for
/// the unit (C6) is checked after this, once the unit is known.
pub fn require_allocated_assessor(
    current: &CurrentUser,
    registration: &crate::store::registrations::Registration,
) -> Result<(), AppError> {
    require_registration_visible(current, registration)?;
    if registration.assessor_id == current.user.id && registration.learner_id != current.user.id {
        Ok(())
    } else {
        Err(AppError::Forbidden)
    }
}

/// Countersigning: the registration's learner only; others who may see it get 403, anyone
/// else 404.
pub fn require_learner(
    current: &CurrentUser,
    registration: &crate::store::registrations::Registration,
) -> Result<(), AppError> {
    require_registration_visible(current, registration)?;
    if registration.learner_id == current.user.id {
        Ok(())
    } else {
        Err(AppError::Forbidden)
    }
}
