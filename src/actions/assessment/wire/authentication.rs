//! S4 open-learning authentication as JSON: who the authenticator is, what is authenticated and
//! outstanding, the requests emailed to them, and their own link.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::rfc3339;
use crate::actions::assessment::authentication::{AuthenticationStatus, ItemState};
use crate::actions::assessment::authentication_link::LinkView;
use crate::domain::authentication::{Authenticator, CONFIRMATION, SignFields};
use crate::domain::witness::LinkState;
use crate::store::authentication::{AuthenticationRequest, EvidenceAuthentication};

/// `PUT /api/v1/registrations/{registration_id}/authenticator`: name the authenticator.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(default)]
pub struct AuthenticatorRequest {
    pub name: String,
    /// For example Line manager.
    pub role: String,
    /// Where their single-use links are emailed.
    pub email: String,
}

/// The open-learning authenticator (no account).
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct AuthenticatorOut {
    pub name: String,
    pub role: String,
    pub email: String,
}

impl From<&Authenticator> for AuthenticatorOut {
    fn from(a: &Authenticator) -> Self {
        Self {
            name: a.name.clone(),
            role: a.role.clone(),
            email: a.email.clone(),
        }
    }
}

/// What the authenticator signed for one evidence version.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct AuthenticationOut {
    pub evidence_id: String,
    pub evidence_version: i32,
    pub signed_name: String,
    pub signed_role: String,
    pub signed_at: String,
}

impl From<&EvidenceAuthentication> for AuthenticationOut {
    fn from(a: &EvidenceAuthentication) -> Self {
        Self {
            evidence_id: a.evidence_id.clone(),
            evidence_version: a.evidence_version,
            signed_name: a.signed_name.clone(),
            signed_role: a.signed_role.clone(),
            signed_at: rfc3339(a.signed_at),
        }
    }
}

/// A declared evidence item in its current version: authenticated or outstanding.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct AuthenticationItemOut {
    pub evidence_id: String,
    pub title: String,
    pub version: i32,
    /// Absent: outstanding.
    pub authenticated: Option<AuthenticationOut>,
}

impl From<&ItemState> for AuthenticationItemOut {
    fn from(i: &ItemState) -> Self {
        Self {
            evidence_id: i.evidence_id.clone(),
            title: i.title.clone(),
            version: i.version,
            authenticated: i.authenticated.as_ref().map(AuthenticationOut::from),
        }
    }
}

/// A request emailed to the authenticator (the link itself is never shown).
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct AuthenticationRequestOut {
    pub id: String,
    pub registration_id: String,
    pub authenticator_name: String,
    pub authenticator_email: String,
    /// The evidence ids listed, each in the version sent.
    pub items: Vec<AuthenticationRequestItem>,
    pub link_expires_at: String,
    pub link_used_at: Option<String>,
    pub created_at: String,
}

/// An evidence version listed in a request.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct AuthenticationRequestItem {
    pub evidence_id: String,
    pub version: i32,
}

impl From<&AuthenticationRequest> for AuthenticationRequestOut {
    fn from(r: &AuthenticationRequest) -> Self {
        Self {
            id: r.id.clone(),
            registration_id: r.registration_id.clone(),
            authenticator_name: r.authenticator_name.clone(),
            authenticator_email: r.authenticator_email.clone(),
            items: r
                .items
                .iter()
                .map(|(evidence_id, version)| AuthenticationRequestItem {
                    evidence_id: evidence_id.clone(),
                    version: *version,
                })
                .collect(),
            link_expires_at: rfc3339(r.link_expires_at),
            link_used_at: r.link_used_at.map(rfc3339),
            created_at: rfc3339(r.created_at),
        }
    }
}

/// Where a registration's authentication stands (S4).
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct AuthenticationStatusOut {
    pub registration_id: String,
    pub open_learning: bool,
    /// Absent: not yet named in full (name, role and email).
    pub authenticator: Option<AuthenticatorOut>,
    pub items: Vec<AuthenticationItemOut>,
    pub requests: Vec<AuthenticationRequestOut>,
}

impl From<&AuthenticationStatus> for AuthenticationStatusOut {
    fn from(s: &AuthenticationStatus) -> Self {
        Self {
            registration_id: s.registration.id.clone(),
            open_learning: s.registration.open_learning,
            authenticator: s.authenticator.as_ref().map(AuthenticatorOut::from),
            items: s.items.iter().map(AuthenticationItemOut::from).collect(),
            requests: s
                .requests
                .iter()
                .map(AuthenticationRequestOut::from)
                .collect(),
        }
    }
}

/// `POST /api/v1/authenticate/{token}`: the authenticator signs.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(default)]
pub struct AuthenticationSignRequest {
    pub signed_name: String,
    /// For example Line manager.
    pub signed_role: String,
    /// The evidence ids confirmed as the candidate's own work (of those the link lists).
    pub confirmed: Vec<String>,
}

impl From<AuthenticationSignRequest> for SignFields {
    fn from(r: AuthenticationSignRequest) -> Self {
        Self {
            signed_name: r.signed_name,
            signed_role: r.signed_role,
            confirmed: r.confirmed,
        }
    }
}

/// An item as the authenticator reads it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct AuthenticationLinkItem {
    pub evidence_id: String,
    pub title: String,
    pub version: i32,
    pub description: String,
    pub body_text: String,
    pub files: Vec<String>,
    pub authenticated: Option<AuthenticationOut>,
}

/// What an authentication link lists; once used, what was signed.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct AuthenticationLinkOut {
    pub learner_name: String,
    pub authenticator_name: String,
    /// The sentence signed for each item.
    pub confirmation: String,
    /// open, used or expired.
    pub link: String,
    pub items: Vec<AuthenticationLinkItem>,
}

impl From<&LinkView> for AuthenticationLinkOut {
    fn from(v: &LinkView) -> Self {
        Self {
            learner_name: v.learner_name.clone(),
            authenticator_name: v.request.authenticator_name.clone(),
            confirmation: CONFIRMATION.to_owned(),
            link: match v.link {
                LinkState::Open => "open",
                LinkState::Used(_) => "used",
                LinkState::Expired => "expired",
            }
            .to_owned(),
            items: v
                .items
                .iter()
                .map(|i| AuthenticationLinkItem {
                    evidence_id: i.item.id.clone(),
                    title: i.item.title.clone(),
                    version: i.version.version,
                    description: i.version.description.clone(),
                    body_text: i.version.body_text.clone(),
                    files: i.files.iter().map(|f| f.filename.clone()).collect(),
                    authenticated: i.authenticated.as_ref().map(AuthenticationOut::from),
                })
                .collect(),
        }
    }
}
