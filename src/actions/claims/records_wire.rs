//! The JSON of what a learner keeps and a centre keeps of them: Open Badges credentials for
//! achieved units, their public check, the issuer's profile, and the centre's records retention
//! period. Field names are the API's contract (API.md): add, never rename.

use serde::{Deserialize, Serialize};
use serde_json::Value;
use utoipa::ToSchema;

use crate::actions::claims::open_badges::{Achieved, Verified};
use crate::domain::ids::RegistrationId;
use crate::domain::people::FieldError;
use crate::domain::retention::RetentionYears;

/// An achieved unit (signed off and countersigned) with where its credential is.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct AchievedUnit {
    pub unit_id: String,
    /// "Unit 001: Understand the context of personalisation".
    pub name: String,
    pub achieved_on: chrono::NaiveDate,
    /// The API path of the unit's credential (the learner may fetch it).
    pub credential: String,
}

impl AchievedUnit {
    pub fn new(registration_id: &RegistrationId, a: &Achieved) -> Self {
        Self {
            unit_id: a.unit_id.clone(),
            name: a.name.clone(),
            achieved_on: a.achieved_on(),
            credential: format!(
                "/api/v1/registrations/{registration_id}/units/{}/credential",
                a.unit_id
            ),
        }
    }
}

/// `GET /api/v1/registrations/{registration_id}/credentials`.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct AchievedUnits {
    pub units: Vec<AchievedUnit>,
}

/// The learner's Open Badges 3.0 credential for an achieved unit.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CredentialIssued {
    /// The signed credential (VC-JWT, EdDSA, the centre's key).
    pub credential: String,
    /// A file name to save it under (`credential-unit-001.jwt`).
    pub file_name: String,
    #[schema(example = "vc+jwt")]
    pub format: String,
}

impl CredentialIssued {
    pub fn new(file_name: String, credential: String) -> Self {
        Self {
            credential,
            file_name,
            format: "vc+jwt".to_owned(),
        }
    }
}

/// `POST /api/v1/credentials/verify`: the credential to check.
#[derive(Debug, Clone, Deserialize, ToSchema)]
pub struct CredentialCheckRequest {
    /// The text of the .jwt file.
    #[serde(default)]
    pub credential: String,
}

/// What a valid credential says (a credential that is not valid is a 422 with the reason).
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CredentialCheck {
    pub valid: bool,
    /// The issuer's id (a URL: its profile).
    pub issuer: String,
    pub issuer_name: String,
    /// The unit achieved.
    pub achievement: String,
    /// YYYY-MM-DD.
    pub achieved_on: String,
    /// RFC 3339.
    pub valid_from: String,
    pub credential_id: String,
}

impl From<Verified> for CredentialCheck {
    fn from(v: Verified) -> Self {
        Self {
            valid: v.valid,
            issuer: v.issuer,
            issuer_name: v.issuer_name,
            achievement: v.achievement,
            achieved_on: v.achieved_on,
            valid_from: v.valid_from,
            credential_id: v.credential_id,
        }
    }
}

/// An issuer's public key as a JWK (Ed25519).
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct IssuerKey {
    #[schema(example = "OKP")]
    pub kty: String,
    #[schema(example = "Ed25519")]
    pub crv: String,
    #[schema(example = "EdDSA")]
    pub alg: String,
    #[serde(rename = "use")]
    #[schema(example = "sig")]
    pub key_use: String,
    /// The key id credentials name: the centre id.
    pub kid: String,
    /// The public key, base64url.
    pub x: String,
}

impl IssuerKey {
    pub fn ed25519(kid: &str, public_x: &str) -> Self {
        Self {
            kty: "OKP".to_owned(),
            crv: "Ed25519".to_owned(),
            alg: "EdDSA".to_owned(),
            key_use: "sig".to_owned(),
            kid: kid.to_owned(),
            x: public_x.to_owned(),
        }
    }
}

/// `GET /issuers/{centre_id}`: a centre's Open Badges issuer profile.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct IssuerProfile {
    #[serde(rename = "@context")]
    pub context: Vec<String>,
    pub id: String,
    #[serde(rename = "type")]
    pub kind: Vec<String>,
    pub name: String,
    pub public_key: IssuerKey,
}

/// `PUT /api/v1/centres/{centre_id}/retention`.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
pub struct RetentionRequest {
    /// Whole years after certification, from 1 to 50 (a string holding the number is accepted
    /// too).
    #[serde(default)]
    #[schema(value_type = i64, minimum = 1, maximum = 50)]
    pub years: Value,
}

impl RetentionRequest {
    /// The years, parsed; anything but a whole number in range is a field error.
    pub fn years(&self) -> Result<RetentionYears, FieldError> {
        match &self.years {
            Value::Number(n) => match n.as_i64() {
                Some(years) => RetentionYears::from_number("years", years),
                None => RetentionYears::parse("years", &n.to_string()),
            },
            Value::String(s) => RetentionYears::parse("years", s),
            _ => RetentionYears::parse("years", ""),
        }
    }
}

/// The centre's retention period as set.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct RetentionOut {
    pub centre_id: String,
    pub years: u32,
}
