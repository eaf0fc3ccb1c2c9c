//! What each route's access rule says each caller of the matrix (`access_matrix.rs`) gets.

use eportfolio::domain::roles::Role;
use eportfolio::web::routes::Access;

use crate::access_matrix::{Caller, Outcome};
use crate::access_samples::{Sample, Writers};

/// What the route's rule says `caller` gets. Staff-record samples are about centre A's assessor.
/// The platform administrator is called twice: before centre A gives support access (a stranger
/// to it) and after (acting as its administrator).
/// `None` for a rule this test does not know yet (the test fails and says so).
pub(crate) fn expected(access: Access, caller: Caller, sample: &Sample) -> Option<Outcome> {
    use Outcome::{Allowed, Forbidden, NotFound, Unauthenticated};
    // Access follows current facts: a removed role is no relation at all (as for another
    // centre's administrator), a moved allocation leaves an assessor with no part in the
    // registration (what remains is what any assessor at the centre may do).
    // Their own staff record by user (not by centre) stays theirs to read and log CPD on.
    match caller {
        Caller::RoleRemoved => {
            return match access {
                Access::StaffRecord if sample.path.starts_with("/api/v1/users/") => {
                    Some(match sample.writers {
                        Writers::AdminOnly => Forbidden,
                        _ => Allowed,
                    })
                }
                _ => expected(access, Caller::AdminOfB, sample),
            };
        }
        // A platform administrator the centre has not let in is a stranger to it.
        Caller::PlatformAdmin => {
            return match access {
                Access::PlatformAdmin => Some(Allowed),
                _ => expected(access, Caller::AdminOfB, sample),
            };
        }
        Caller::AllocationMoved => {
            return match access {
                Access::Registration
                | Access::RegistrationAdmin
                | Access::EvidenceWriter
                | Access::Learner
                | Access::Assessor
                | Access::AttemptReader
                | Access::AttemptLearner
                | Access::AttemptMarker => Some(NotFound),
                _ => expected(access, Caller::Assessor, sample),
            };
        }
        _ => {}
    }
    if caller == Caller::Anonymous {
        return Some(match access {
            Access::Public | Access::LinkToken => Allowed,
            _ => Unauthenticated,
        });
    }
    Some(match access {
        Access::Public | Access::LinkToken | Access::SignedIn => Allowed,
        Access::PlatformAdmin
            if matches!(caller, Caller::PlatformAdmin | Caller::SupportAccess) =>
        {
            Allowed
        }
        Access::PlatformAdmin => Forbidden,
        Access::Centre(roles) => match caller {
            Caller::SupportAccess if roles.contains(&Role::CentreAdmin) => Allowed,
            Caller::Eqa if sample.eqa_reads => Allowed,
            Caller::AdminOfB => NotFound,
            other => match other.role_at_a() {
                Some(role) if roles.contains(&role) => Allowed,
                _ => Forbidden,
            },
        },
        // Given, renewed and ended by the centre's own administrators only.
        Access::CentreOwnAdmin => match caller {
            Caller::CentreAdmin => Allowed,
            Caller::AdminOfB => NotFound,
            _ => Forbidden,
        },
        Access::StaffRecord => match (caller, sample.writers) {
            (Caller::SupportAccess | Caller::CentreAdmin, _) => Allowed,
            (Caller::Assessor, Writers::AdminOnly) => Forbidden,
            (Caller::Assessor, _) => Allowed,
            (Caller::Iqa, Writers::Read) => Allowed,
            (Caller::Iqa, _) => Forbidden,
            _ => NotFound,
        },
        // The sample registration: the learner's, assessed by the assessor, sampled by the IQA,
        // on the EQA's qualification, with no tutor (so the tutor has nothing to do with it).
        Access::Registration => match caller {
            Caller::Tutor | Caller::AdminOfB => NotFound,
            _ => Allowed,
        },
        Access::RegistrationAdmin => match caller {
            Caller::SupportAccess | Caller::CentreAdmin => Allowed,
            Caller::Tutor | Caller::AdminOfB => NotFound,
            _ => Forbidden,
        },
        Access::EvidenceWriter => match caller {
            Caller::Learner | Caller::Assessor => Allowed,
            Caller::Tutor | Caller::AdminOfB => NotFound,
            _ => Forbidden,
        },
        Access::Learner => match caller {
            Caller::Learner => Allowed,
            Caller::Tutor | Caller::AdminOfB => NotFound,
            _ => Forbidden,
        },
        Access::Claim => match caller {
            Caller::SupportAccess | Caller::CentreAdmin => Allowed,
            _ => NotFound,
        },
        Access::Assessor => match caller {
            Caller::Assessor => Allowed,
            Caller::Tutor | Caller::AdminOfB => NotFound,
            _ => Forbidden,
        },
        // The sample programme is centre A's, with the learner on it (knowledge checks).
        Access::CheckReader => match caller {
            Caller::Learner | Caller::Tutor | Caller::CentreAdmin | Caller::SupportAccess => {
                Allowed
            }
            Caller::Assessor | Caller::Iqa => Forbidden,
            _ => NotFound,
        },
        Access::CheckWriter => match caller {
            Caller::Tutor | Caller::CentreAdmin | Caller::SupportAccess => Allowed,
            Caller::Learner | Caller::Assessor | Caller::Iqa => Forbidden,
            _ => NotFound,
        },
        Access::CheckTaker => match caller {
            Caller::Learner => Allowed,
            Caller::Eqa | Caller::AdminOfB => NotFound,
            _ => Forbidden,
        },
        Access::AttemptReader => match caller {
            Caller::AdminOfB => NotFound,
            _ => Allowed,
        },
        Access::AttemptLearner => match caller {
            Caller::Learner => Allowed,
            Caller::AdminOfB => NotFound,
            _ => Forbidden,
        },
        Access::AttemptMarker => match caller {
            Caller::Tutor | Caller::CentreAdmin | Caller::SupportAccess => Allowed,
            Caller::AdminOfB => NotFound,
            _ => Forbidden,
        },
    })
}
