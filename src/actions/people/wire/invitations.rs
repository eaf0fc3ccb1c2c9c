//! Centres' invitations as JSON (people belong to centres by consent).

use serde::Serialize;
use utoipa::ToSchema;

use crate::domain::invitation::{roles_in_words, roles_stored};
use crate::domain::roles::Role;
use crate::store::invitations::Invitation;

/// `POST /api/v1/centres/{centre_id}/users` answers 202 with this when the person already has an
/// account and does not belong to the centre: they are asked, and join only once they accept.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct PersonInvited {
    pub invitation_id: String,
    /// Always `invited`.
    pub status: String,
    pub message: String,
}

impl From<&Invitation> for PersonInvited {
    fn from(i: &Invitation) -> Self {
        Self {
            invitation_id: i.id.clone(),
            status: "invited".to_owned(),
            message: "This person already has an account, so they have been asked to join the centre; until they accept, the centre sees nothing of them.".to_owned(),
        }
    }
}

/// One invitation waiting for the caller's answer.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct InvitationOut {
    pub centre_id: String,
    pub centre_name: String,
    /// Role codes: `centre_admin`, `tutor`, `assessor`, `iqa`, `learner`.
    pub roles: Vec<String>,
    /// The roles in words.
    pub roles_in_words: String,
    /// RFC 3339.
    pub invited_at: String,
    /// For a learner: the qualification the centre would register them on, made when they
    /// accept.
    pub qualification_id: Option<String>,
}

/// `GET /api/v1/invitations`.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct InvitationList {
    pub invitations: Vec<InvitationOut>,
}

impl InvitationList {
    pub fn new(asked: &[(Invitation, String)]) -> Self {
        let invitations = asked
            .iter()
            .map(|(i, centre)| {
                let roles = roles_stored(&i.roles);
                InvitationOut {
                    centre_id: i.centre_id.clone(),
                    centre_name: centre.clone(),
                    roles: roles.iter().map(|r| r.code().to_owned()).collect(),
                    roles_in_words: roles_in_words(&roles),
                    invited_at: i.invited_at.and_utc().to_rfc3339(),
                    qualification_id: i
                        .registration
                        .0
                        .as_ref()
                        .map(|p| p.checked.qualification_id.clone()),
                }
            })
            .collect();
        Self { invitations }
    }
}

/// `POST /api/v1/invitations/{centre_id}/accept`: the roles the caller now holds there.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct InvitationAccepted {
    /// Role codes added at the centre.
    pub roles: Vec<String>,
}

impl InvitationAccepted {
    pub fn new(roles: &[Role]) -> Self {
        Self {
            roles: roles.iter().map(|r| r.code().to_owned()).collect(),
        }
    }
}
