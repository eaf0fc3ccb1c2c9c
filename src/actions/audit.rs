//! The one builder of audit entries: who did what to which record, at which centre, and why.
//! Every action that changes a record appends one in the same transaction.

use crate::actions::access::centre_of;
use serde_json::Value;

use crate::domain::ids::CentreId;
use crate::store::audit::NewAuditEntry;
use crate::store::registrations::Registration;

use super::Actor;

/// An entry by `actor` at `centre_id` about `record` (its type and id), with no reason and no
/// details yet (see [`Entry::because`] and [`Entry::details`]).
pub fn entry(
    actor: &Actor,
    centre_id: Option<&CentreId>,
    action: &str,
    record: (&str, &str),
) -> Entry {
    Entry(NewAuditEntry {
        actor_id: Some(actor.user.id.clone()),
        actor_name: actor.user.name.clone(),
        centre_id: centre_id.map(|c| c.as_str().to_owned()),
        action: action.to_owned(),
        record_type: record.0.to_owned(),
        record_id: record.1.to_owned(),
        reason: None,
        details: Value::Null,
    })
}

/// An entry by `actor` about a record of a registration (at the registration's centre).
pub fn about(
    actor: &Actor,
    registration: &Registration,
    action: &str,
    record: (&str, &str),
) -> Entry {
    let centre = centre_of(registration);
    entry(actor, Some(&centre), action, record)
}

/// An audit entry being built.
#[derive(Debug, Clone)]
pub struct Entry(NewAuditEntry);

impl Entry {
    pub fn because(mut self, reason: Option<String>) -> Self {
        self.0.reason = reason;
        self
    }

    pub fn details(mut self, details: Value) -> Self {
        self.0.details = details;
        self
    }

    pub fn build(self) -> NewAuditEntry {
        self.0
    }
}

impl From<Entry> for NewAuditEntry {
    fn from(entry: Entry) -> Self {
        entry.0
    }
}

/// An entry about a record of a registration, whole: the form most assessment actions use.
pub fn of_registration(
    actor: &Actor,
    registration: &Registration,
    action: &str,
    record: (&str, &str),
    reason: Option<String>,
    details: Value,
) -> NewAuditEntry {
    about(actor, registration, action, record)
        .because(reason)
        .details(details)
        .build()
}
