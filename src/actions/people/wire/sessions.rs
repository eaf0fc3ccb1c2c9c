//! Signing in and out, and password resets.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::actions::people::sign_in::SignedIn;
use crate::store::people::Membership;

/// `POST /api/v1/sessions`.
#[derive(Debug, Clone, Deserialize, ToSchema)]
pub struct SignInRequest {
    pub email: String,
    pub password: String,
    /// For people who use two-step sign-in: the six-digit code their authenticator app shows
    /// now, or one of their recovery codes. Without it such a person is answered 401
    /// `second_factor_required`.
    #[serde(default)]
    #[schema(example = "492039")]
    pub one_time_code: Option<String>,
}

/// A role the person holds at a centre.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct SessionRole {
    pub centre_id: String,
    /// `centre_admin`, `tutor`, `assessor`, `iqa` or `learner`.
    #[schema(example = "assessor")]
    pub role: String,
}

/// Who signed in.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct SessionUser {
    pub id: String,
    pub name: String,
    pub platform_admin: bool,
    pub roles: Vec<SessionRole>,
}

/// A new session: the bearer token and who it belongs to.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct SessionCreated {
    /// Send as `Authorization: Bearer <token>`.
    pub token: String,
    /// RFC 3339.
    pub expires_at: String,
    pub user: SessionUser,
    /// True when the person's centre requires two-step sign-in of their role (or they are a
    /// platform administrator) and they have not set it up: until they do (`POST
    /// /api/v1/account/two-step`, then `/confirm`), the token reaches nothing else (403
    /// `two_step_setup_required`).
    pub two_step_setup_required: bool,
}

impl SessionCreated {
    pub fn new(signed_in: SignedIn, memberships: &[Membership]) -> Self {
        Self {
            token: signed_in.token,
            expires_at: signed_in.session.expires_at.and_utc().to_rfc3339(),
            two_step_setup_required: signed_in.session.two_step_setup,
            user: SessionUser {
                id: signed_in.user.id,
                name: signed_in.user.name,
                platform_admin: signed_in.user.is_platform_admin,
                roles: memberships
                    .iter()
                    .map(|m| SessionRole {
                        centre_id: m.centre_id.clone(),
                        role: m.role.clone(),
                    })
                    .collect(),
            },
        }
    }
}

/// `POST /api/v1/password-resets`.
#[derive(Debug, Clone, Deserialize, ToSchema)]
pub struct PasswordResetRequest {
    pub email: String,
}

/// The answer to a reset request: the same whether or not the account exists.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct PasswordResetAccepted {
    pub status: String,
}

impl Default for PasswordResetAccepted {
    fn default() -> Self {
        Self {
            status: "If an account uses that email address, a link has been sent to it.".to_owned(),
        }
    }
}

/// `POST /api/v1/password-resets/{token}`: the new password.
#[derive(Debug, Clone, Deserialize, ToSchema)]
pub struct PasswordResetUse {
    pub password: String,
}

/// `POST /api/v1/account/two-step`: what to put into the authenticator app.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct TwoStepEnrolmentOut {
    /// The secret in base32, for typing into the app by hand.
    #[schema(example = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP")]
    pub secret: String,
    /// The `otpauth://` address (what the page's QR code holds).
    pub otpauth_url: String,
}

/// `POST /api/v1/account/two-step/confirm`.
#[derive(Debug, Clone, Deserialize, ToSchema)]
pub struct TwoStepConfirmRequest {
    /// The six-digit code the app shows now.
    #[schema(example = "492039")]
    pub code: String,
}

/// Two-step sign-in is on: the recovery codes, shown this once.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct RecoveryCodesOut {
    pub recovery_codes: Vec<String>,
}

/// `PUT /api/v1/centres/{centre_id}/two-step-policy`.
#[derive(Debug, Clone, Deserialize, ToSchema)]
pub struct TwoStepPolicyRequest {
    /// Who must use two-step sign-in at the centre: `administrators` (the default),
    /// `all_staff` (administrators, assessors, IQAs and tutors) or `not_required`.
    #[serde(default)]
    #[schema(example = "all_staff")]
    pub required_for: String,
}

/// Who must use two-step sign-in at a centre.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct TwoStepPolicyOut {
    pub centre_id: String,
    /// `administrators`, `all_staff` or `not_required`.
    #[schema(example = "administrators")]
    pub required_for: String,
    /// In words.
    pub label: String,
}

impl TwoStepPolicyOut {
    pub fn new(
        centre: &crate::domain::ids::CentreId,
        policy: crate::domain::two_step_policy::TwoStepPolicy,
    ) -> Self {
        Self {
            centre_id: centre.to_string(),
            required_for: policy.code().to_owned(),
            label: policy.label().to_owned(),
        }
    }
}

/// One open session of the caller.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct SignedInPlaceOut {
    /// Names this place for `DELETE /api/v1/account/sessions/{reference}` (not the session id).
    pub reference: String,
    /// The device in words, from its user-agent text: "Firefox on Linux", "A program (curl)".
    pub device: String,
    /// `page` (a browser) or `api` (a token).
    pub kind: String,
    pub client_address: String,
    /// RFC 3339.
    pub signed_in_at: String,
    /// RFC 3339.
    pub last_seen_at: String,
    /// The session this request came with.
    pub this_one: bool,
}

/// `GET /api/v1/account/sessions`: where the caller is signed in, most recently used first.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct SignedInPlaces {
    pub sessions: Vec<SignedInPlaceOut>,
}

impl SignedInPlaces {
    pub fn new(places: &[crate::actions::people::signed_in_places::SignedInPlace]) -> Self {
        let sessions = places
            .iter()
            .map(|p| SignedInPlaceOut {
                reference: p.reference.clone(),
                device: p.device.clone(),
                kind: if p.api { "api" } else { "page" }.to_owned(),
                client_address: p.client_address.clone(),
                signed_in_at: p.signed_in_at.and_utc().to_rfc3339(),
                last_seen_at: p.last_seen_at.and_utc().to_rfc3339(),
                this_one: p.this_one,
            })
            .collect();
        Self { sessions }
    }
}
