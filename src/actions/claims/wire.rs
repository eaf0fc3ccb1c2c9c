//! The JSON the certification claims API takes and gives. Field names are the API's contract
//! (API.md); add, never rename.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::actions::claims::claim::{Certificate, ClaimView};
use crate::actions::claims::claim_facts::Candidate;
use crate::domain::claims::Readiness;
use crate::domain::claims::{ClaimKind, ClaimStatus};
use crate::store::claims::{Claim, ClaimLearner};
use crate::store::registrations::Registration;

fn rfc3339(t: chrono::NaiveDateTime) -> String {
    t.and_utc().to_rfc3339()
}

/// What a ready learner may be claimed for: the whole qualification (`"qualification"`), or
/// unit certificates for these units.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(untagged)]
pub enum ClaimScope {
    #[schema(example = "qualification")]
    Qualification(String),
    Units {
        units: Vec<String>,
    },
}

/// A registration, ready to be claimed or with what is missing.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ClaimCandidate {
    pub registration_id: String,
    pub learner_id: String,
    pub learner_name: String,
    pub qualification_id: String,
    pub status: String,
    pub ready: bool,
    /// None when not ready.
    pub claimable: Option<ClaimScope>,
    /// What is missing, in plain words (empty when ready).
    pub missing: Vec<String>,
}

impl From<&Candidate> for ClaimCandidate {
    fn from(c: &Candidate) -> Self {
        let (ready, claimable, missing) = match &c.readiness {
            Readiness::Qualification => (
                true,
                Some(ClaimScope::Qualification("qualification".to_owned())),
                Vec::new(),
            ),
            Readiness::Units(units) => (
                true,
                Some(ClaimScope::Units {
                    units: units.clone(),
                }),
                Vec::new(),
            ),
            Readiness::NotReady(reasons) => (false, None, reasons.clone()),
        };
        Self {
            registration_id: c.registration.id.clone(),
            learner_id: c.registration.learner_id.clone(),
            learner_name: c.learner_name.clone(),
            qualification_id: c.registration.qualification_id.clone(),
            status: c.registration.status.into(),
            ready,
            claimable,
            missing,
        }
    }
}

/// `GET /api/v1/centres/{centre_id}/claims/eligible`.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ClaimEligibility {
    pub ready: Vec<ClaimCandidate>,
    pub not_ready: Vec<ClaimCandidate>,
}

impl ClaimEligibility {
    pub fn new(found: &[Candidate]) -> Self {
        let (ready, not_ready): (Vec<&Candidate>, Vec<&Candidate>) =
            found.iter().partition(|c| c.readiness.is_ready());
        Self {
            ready: ready.into_iter().map(ClaimCandidate::from).collect(),
            not_ready: not_ready.into_iter().map(ClaimCandidate::from).collect(),
        }
    }
}

/// A certification claim.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ClaimOut {
    pub id: String,
    pub centre_id: String,
    pub qualification_id: String,
    pub awarding_body: String,
    /// `draft`, `submitted`, `certificated` or `returned`.
    #[schema(example = "draft")]
    pub status: ClaimStatus,
    pub created_by: String,
    /// RFC 3339.
    pub created_at: String,
    /// RFC 3339.
    pub submitted_at: Option<String>,
    /// RFC 3339.
    pub certificated_at: Option<String>,
    /// RFC 3339.
    pub returned_at: Option<String>,
    pub return_reason: Option<String>,
}

impl From<&Claim> for ClaimOut {
    fn from(c: &Claim) -> Self {
        Self {
            id: c.id.clone(),
            centre_id: c.centre_id.clone(),
            qualification_id: c.qualification_id.clone(),
            awarding_body: c.awarding_body.clone(),
            status: c.status,
            created_by: c.created_by.clone(),
            created_at: rfc3339(c.created_at),
            submitted_at: c.submitted_at.map(rfc3339),
            certificated_at: c.certificated_at.map(rfc3339),
            returned_at: c.returned_at.map(rfc3339),
            return_reason: c.return_reason.clone(),
        }
    }
}

/// `GET /api/v1/centres/{centre_id}/claims`, newest first.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ClaimList {
    pub claims: Vec<ClaimOut>,
}

/// A learner on a claim.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ClaimLearnerOut {
    pub registration_id: String,
    pub learner_name: String,
    /// `qualification` or `unit`.
    #[schema(example = "qualification")]
    pub kind: ClaimKind,
    /// The units claimed.
    pub units: Vec<String>,
    /// Counts towards the claim (not since returned).
    pub live: bool,
    pub certificate_number: Option<String>,
    /// `YYYY-MM-DD`.
    pub certificated_on: Option<String>,
}

impl ClaimLearnerOut {
    fn new(row: &ClaimLearner, registration: &Registration, name: &str) -> Self {
        Self {
            registration_id: registration.id.clone(),
            learner_name: name.to_owned(),
            kind: row.claim_kind,
            units: row.unit_ids().to_vec(),
            live: row.live,
            certificate_number: row.certificate_number.clone(),
            certificated_on: row.certificated_on.map(|d| d.to_string()),
        }
    }
}

/// A claim with its learners and their certificates.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ClaimDetail {
    #[serde(flatten)]
    pub claim: ClaimOut,
    pub learners: Vec<ClaimLearnerOut>,
}

impl From<&ClaimView> for ClaimDetail {
    fn from(v: &ClaimView) -> Self {
        Self {
            claim: ClaimOut::from(&v.claim),
            learners: v
                .learners
                .iter()
                .map(|(row, registration, name)| ClaimLearnerOut::new(row, registration, name))
                .collect(),
        }
    }
}

/// A draft claim: `POST /api/v1/centres/{centre_id}/claims`.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(default)]
pub struct ClaimRequest {
    /// Registrations ready to be claimed, of one qualification.
    pub registration_ids: Vec<String>,
}

/// The claim made.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ClaimCreated {
    pub id: String,
    /// `draft`.
    #[schema(example = "draft")]
    pub status: ClaimStatus,
}

/// A learner's certificate, as sent.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct ClaimCertificate {
    pub registration_id: String,
    #[serde(default)]
    pub certificate_number: String,
    /// `YYYY-MM-DD`.
    #[serde(default)]
    pub certificated_on: String,
}

impl From<ClaimCertificate> for Certificate {
    fn from(c: ClaimCertificate) -> Self {
        Self {
            registration_id: c.registration_id,
            number: c.certificate_number,
            issued_on: c.certificated_on,
        }
    }
}

/// Marking a claim certificated: `POST /api/v1/claims/{claim_id}/certificated`.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(default)]
pub struct ClaimCertificatesRequest {
    /// Every learner's certificate.
    pub learners: Vec<ClaimCertificate>,
}

/// Marking a claim returned: `POST /api/v1/claims/{claim_id}/return`.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(default)]
pub struct ClaimReturnRequest {
    /// The awarding body's reason.
    pub reason: Option<String>,
}
