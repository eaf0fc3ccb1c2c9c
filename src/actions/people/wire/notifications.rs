//! The JSON the people API takes and gives. Field names are the API's contract (API.md); add,
//! never rename.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::domain::digest::MailCadence;
use crate::store::notifications::Notification;

/// An in-app notification.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct NotificationOut {
    pub id: String,
    pub subject: String,
    pub body: String,
    /// A path in the app where the person acts on it.
    pub link: String,
    /// RFC 3339.
    pub created_at: String,
    /// RFC 3339; null while unread.
    pub read_at: Option<String>,
}

impl From<&Notification> for NotificationOut {
    fn from(n: &Notification) -> Self {
        Self {
            id: n.id.clone(),
            subject: n.subject.clone(),
            body: n.body.clone(),
            link: n.link.clone(),
            created_at: n.created_at.and_utc().to_rfc3339(),
            read_at: n.read_at.map(|t| t.and_utc().to_rfc3339()),
        }
    }
}

/// The caller's notifications, newest first, and how many are unread.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct NotificationList {
    pub unread: i64,
    pub notifications: Vec<NotificationOut>,
}

/// Which notifications to mark read: `POST /api/v1/notifications/read`.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(default)]
pub struct NotificationsReadRequest {
    /// The notifications to mark; absent (or null) means all. Another person's ids are ignored.
    pub ids: Option<Vec<String>>,
}

/// How many notifications were marked read.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct NotificationsMarked {
    pub marked: usize,
}

/// How the caller is emailed about their work: `GET` and `PUT /api/v1/account/mail`. The in-app
/// notification is written either way.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct MailPreferenceOut {
    /// `each`: an email for each message as it happens; `daily`: one email a day at 07:00 UTC
    /// listing the messages since the last one.
    pub cadence: MailCadence,
    /// The choice in words.
    pub label: String,
}

impl From<MailCadence> for MailPreferenceOut {
    fn from(cadence: MailCadence) -> Self {
        Self {
            cadence,
            label: cadence.label().to_owned(),
        }
    }
}

/// The caller's choice: `PUT /api/v1/account/mail`.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MailPreferenceRequest {
    pub cadence: MailCadence,
}
