//! What recording an observation, signing a unit off, countersigning and unlocking take and
//! give.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::rfc3339;
use crate::domain::observation::{ObservationInput, PersonPresentInput};
use crate::store::observations::Observation;
use crate::store::sign_offs::UnitSignOff;
use crate::store::signatures::Signature;

/// Someone present during an observation, as sent; consent must be stated either way.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
pub struct PersonPresentRequest {
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub role: String,
    #[serde(default)]
    pub consent: Option<bool>,
}

/// An observation of practice as sent: `POST /api/v1/registrations/{registration_id}/observations`.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
pub struct ObservationRequest {
    /// Whether the observation was planned (required: true or false).
    #[serde(default)]
    pub planned: Option<bool>,
    /// The day observed, `YYYY-MM-DD`.
    #[serde(default)]
    #[schema(example = "2026-03-02")]
    pub observed_on: String,
    #[serde(default)]
    pub setting: String,
    #[serde(default)]
    pub people_present: Vec<PersonPresentRequest>,
    #[serde(default)]
    pub narrative: String,
    /// The criteria the observation covers.
    #[serde(default)]
    pub criteria: Vec<String>,
    /// The range items it covers.
    #[serde(default)]
    pub range_items: Vec<String>,
}

impl From<ObservationRequest> for ObservationInput {
    fn from(r: ObservationRequest) -> Self {
        Self {
            planned: r.planned,
            observed_on: r.observed_on,
            setting: r.setting,
            people_present: r
                .people_present
                .into_iter()
                .map(|p| PersonPresentInput {
                    name: p.name,
                    role: p.role,
                    consent: p.consent,
                })
                .collect(),
            narrative: r.narrative,
            criteria: r.criteria,
            range_items: r.range_items,
        }
    }
}

/// An observation just recorded, signed by the observer.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ObservationRecorded {
    pub id: String,
    /// `assessor` or `expert_witness`.
    #[schema(example = "assessor")]
    pub observer_kind: String,
    /// SHA-256 of the record as signed.
    pub content_sha256: String,
}

impl ObservationRecorded {
    pub fn new(o: &Observation) -> Self {
        Self {
            id: o.id.clone(),
            observer_kind: o.observer_kind.into(),
            content_sha256: crate::domain::signature::content_hash(&o.record()),
        }
    }
}

/// A countersignature just made.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Countersignature {
    #[schema(example = "learner")]
    pub role: String,
    /// RFC 3339.
    pub signed_at: String,
    pub content_sha256: String,
}

impl From<&Signature> for Countersignature {
    fn from(s: &Signature) -> Self {
        Self {
            role: s.signer_role.clone(),
            signed_at: rfc3339(s.signed_at),
            content_sha256: s.content_sha256.clone(),
        }
    }
}

/// A unit just signed off (and so locked).
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct UnitSignedOff {
    pub id: String,
    pub unit_id: String,
    pub locked: bool,
    /// RFC 3339.
    pub signed_off_at: String,
}

impl From<&UnitSignOff> for UnitSignedOff {
    fn from(s: &UnitSignOff) -> Self {
        Self {
            id: s.id.clone(),
            unit_id: s.unit_id.clone(),
            locked: true,
            signed_off_at: rfc3339(s.signed_off_at),
        }
    }
}

/// A unit's sign-off countersigned by the learner.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct UnitCountersigned {
    pub unit_id: String,
    pub countersigned: bool,
}

/// Why a unit is unlocked: `POST .../units/{unit_id}/unlock`.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
pub struct UnlockRequest {
    /// Kept in the audit trail; required (422 when empty).
    #[serde(default)]
    pub reason: String,
}

/// A unit just unlocked.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct UnitUnlocked {
    pub id: String,
    pub unit_id: String,
    pub locked: bool,
    pub unlock_reason: Option<String>,
}

impl From<&UnitSignOff> for UnitUnlocked {
    fn from(s: &UnitSignOff) -> Self {
        Self {
            id: s.id.clone(),
            unit_id: s.unit_id.clone(),
            locked: false,
            unlock_reason: s.unlock_reason.clone(),
        }
    }
}
