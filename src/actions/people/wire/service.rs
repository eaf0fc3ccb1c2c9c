//! The service's own answers (health, readiness, the OpenAPI document), the mail it sent, and a
//! centre's audit trail.

use serde::{Deserialize, Serialize};
use serde_json::Value;
use utoipa::ToSchema;

use crate::domain::ids::CentreId;
use crate::store::audit::{AuditEntry, AuditFilter};
use crate::store::mail_queue::QueuedMail;

/// `GET /healthz`: the process is up.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Health {
    #[schema(example = "ok")]
    pub status: String,
}

impl Health {
    pub fn ok() -> Self {
        Self {
            status: "ok".to_owned(),
        }
    }
}

/// `GET /readyz`: the database answers and is migrated.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Readiness {
    #[schema(example = "ready")]
    pub status: String,
    /// `sqlite` or `postgres`.
    pub database: String,
    /// SHA-256 of the curriculum files loaded.
    pub curriculum_version: String,
}

/// The OpenAPI 3.1 document itself (a JSON object).
#[derive(Debug, Clone, Serialize, ToSchema)]
#[schema(value_type = Object)]
pub struct ApiDocument(pub Value);

/// A message the platform sent or will send.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct MailOut {
    pub id: String,
    /// The recipient's address.
    pub to: String,
    pub subject: String,
    pub body: String,
    /// `queued`, `retrying`, `sent` or `failed`.
    #[schema(example = "sent")]
    pub status: String,
    pub attempts: i32,
}

impl From<&QueuedMail> for MailOut {
    fn from(m: &QueuedMail) -> Self {
        Self {
            id: m.id.clone(),
            to: m.to_address.clone(),
            subject: m.subject.clone(),
            body: m.body_text.clone(),
            status: m.status().label().to_owned(),
            attempts: m.attempts,
        }
    }
}

/// `GET /api/v1/mail`: the most recent messages, newest first.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct MailList {
    pub messages: Vec<MailOut>,
}

/// The filters of a centre's audit trail (query parameters).
#[derive(Debug, Default, Deserialize)]
pub struct AuditQuery {
    /// Only what this user id did.
    #[serde(default)]
    pub person: Option<String>,
    /// Only entries about this record id.
    #[serde(default)]
    pub record: Option<String>,
    /// Only entries of this action (`unit_signed_off`, …).
    #[serde(default)]
    pub action: Option<String>,
    /// Only entries before this sequence number (the next page).
    #[serde(default)]
    pub before: Option<i64>,
    /// Entries a page, 1 to 200 (default 50).
    #[serde(default)]
    pub per_page: Option<String>,
}

impl AuditQuery {
    pub fn filter(&self, centre_id: &CentreId) -> AuditFilter {
        let clean = |v: &Option<String>| {
            v.as_ref()
                .map(|s| s.trim().to_owned())
                .filter(|s| !s.is_empty())
        };
        AuditFilter {
            centre_id: Some(centre_id.to_string()),
            actor_id: clean(&self.person),
            record_id: clean(&self.record),
            action: clean(&self.action),
            before: self.before,
        }
    }
}

/// One entry of the append-only, hash-chained trail.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct AuditEntryOut {
    /// Position in the chain.
    pub seq: i64,
    /// RFC 3339.
    pub at: String,
    /// `null` for the system.
    pub actor_id: Option<String>,
    pub actor_name: String,
    #[schema(example = "registration_created")]
    pub action: String,
    pub record_type: String,
    pub record_id: String,
    pub reason: Option<String>,
    /// What was done (free-form).
    pub details: Value,
    /// This entry's hash in the chain.
    pub hash: String,
}

impl From<&AuditEntry> for AuditEntryOut {
    fn from(e: &AuditEntry) -> Self {
        Self {
            seq: e.seq,
            at: e.recorded_at.and_utc().to_rfc3339(),
            actor_id: e.actor_id.clone(),
            actor_name: e.actor_name.clone(),
            action: e.action.clone(),
            record_type: e.record_type.clone(),
            record_id: e.record_id.clone(),
            reason: e.reason.clone(),
            // The details are kept as the exact text the entry's hash covers, so that an edited
            // entry can still be read and named by the chain check; text that is not JSON is
            // shown as it is stored, never as an empty value.
            details: serde_json::from_str(&e.details)
                .unwrap_or_else(|_| Value::String(e.details.clone())),
            hash: e.hash.clone(),
        }
    }
}

/// `GET /api/v1/centres/{centre_id}/audit`: a page of entries, newest first.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct AuditTrail {
    pub entries: Vec<AuditEntryOut>,
    /// Give this as `before` for the next (older) page; null on the last page.
    pub next: Option<i64>,
}
