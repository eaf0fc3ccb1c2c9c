//! Who is acting: the person, every role they hold at each centre, and their EQA grants, as read
//! for this request. No session and no HTTP: the web layer builds an `Actor` from a session, and
//! tests and commands can build one directly.

use crate::domain::ids::{CentreId, UserId};
use crate::domain::roles::Role;
use crate::store::allocations::UnitAllocation;
use crate::store::people::{EqaGrant, Membership, User};

#[derive(Debug, Clone)]
pub struct Actor {
    pub user: User,
    pub memberships: Vec<Membership>,
    pub eqa_grants: Vec<EqaGrant>,
    /// Units allocated to the person on their own (as assessor or IQA), beyond the
    /// registrations that name them for every unit.
    pub unit_allocations: Vec<UnitAllocation>,
    /// For a platform administrator: the centres they reach now (support access a centre's
    /// administrator gave that still stands, and centres with no administrator yet). Empty for
    /// everyone else.
    pub support_centres: Vec<String>,
}

impl Actor {
    /// The person's id, as its own type.
    pub fn id(&self) -> UserId {
        UserId::from_stored(self.user.id.as_str())
    }

    pub fn is_platform_admin(&self) -> bool {
        self.user.is_platform_admin
    }

    /// A platform administrator the centre lets in now (support access, or a centre still
    /// being set up): they act as its administrator.
    pub fn supports(&self, centre_id: &CentreId) -> bool {
        self.is_platform_admin() && self.support_centres.iter().any(|c| c == centre_id)
    }

    pub fn roles_at(&self, centre_id: &CentreId) -> Vec<Role> {
        self.memberships
            .iter()
            .filter(|m| m.centre_id == *centre_id)
            .filter_map(|m| Role::parse(&m.role))
            .collect()
    }

    pub fn has_role(&self, centre_id: &CentreId, role: Role) -> bool {
        self.roles_at(centre_id).contains(&role)
    }

    /// Centres where the person holds any role, in a stable order without repeats.
    pub fn centre_ids(&self) -> Vec<String> {
        let mut ids: Vec<String> = self
            .memberships
            .iter()
            .map(|m| m.centre_id.clone())
            .collect();
        ids.dedup();
        ids
    }

    /// Qualifications an EQA may read at a centre, now.
    pub fn eqa_qualifications_at(&self, centre_id: &CentreId) -> Vec<String> {
        self.eqa_grants
            .iter()
            .filter(|g| g.centre_id == *centre_id)
            .map(|g| g.qualification_id.clone())
            .collect()
    }
}
