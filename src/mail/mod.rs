//! Outgoing mail. Requests only queue messages (`store::mail_queue::enqueue`, in their own
//! transaction); `deliver_due` hands them to a [`MailTransport`] in the background: SMTP via lettre
//! when `SMTP_URL` is set, otherwise an outbox folder the administrator can read, or memory in tests.

mod delivery;
mod memory;
mod outbox;
mod smtp;

use std::path::Path;
use std::sync::Arc;

use lettre::Message;
use lettre::message::Mailbox;
use lettre::message::header::ContentType;

pub use delivery::{DELIVERY_BATCH, DeliveryReport, deliver_due, retry_delay, spawn_delivery_loop};
pub use memory::InMemoryTransport;
pub use outbox::{OutboxEntry, OutboxTransport, list_outbox, read_outbox};
pub use smtp::SmtpMailTransport;

/// The sender used when no `From` address is configured.
pub const DEFAULT_FROM: &str = "eportfolio <no-reply@localhost>";

/// One plain-text message to one person.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutgoingMail {
    pub to_address: String,
    pub to_name: String,
    pub subject: String,
    pub body_text: String,
}

impl From<&crate::store::mail_queue::QueuedMail> for OutgoingMail {
    fn from(queued: &crate::store::mail_queue::QueuedMail) -> Self {
        Self {
            to_address: queued.to_address.clone(),
            to_name: queued.to_name.clone(),
            subject: queued.subject.clone(),
            body_text: queued.body_text.clone(),
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum MailError {
    #[error("the sender address {address:?} is not a valid mailbox: {reason}")]
    InvalidFrom { address: String, reason: String },
    #[error("the recipient address is not valid: {0}")]
    InvalidRecipient(String),
    #[error("the message cannot be built: {0}")]
    Message(String),
    #[error("SMTP_URL {url} cannot be used: {reason}")]
    SmtpUrl { url: String, reason: String },
    /// The server could not be reached or asked us to try later; worth retrying soon.
    #[error("the mail server is unavailable: {0}")]
    Unavailable(String),
    /// The server refused this message.
    #[error("the mail server refused the message: {0}")]
    Rejected(String),
    #[error("the outbox {path} cannot be written: {source}")]
    Outbox {
        path: String,
        #[source]
        source: std::io::Error,
    },
    #[error("the delivery attempt was interrupted")]
    Interrupted,
}

impl MailError {
    /// True when the next message would most likely fail the same way (the server is down),
    /// so a delivery round stops rather than waiting on it once per message.
    pub fn is_unavailable(&self) -> bool {
        matches!(self, Self::Unavailable(_) | Self::Outbox { .. })
    }
}

/// Hands a message to whatever delivers it. Blocking: call it on the blocking pool.
pub trait MailTransport: Send + Sync {
    /// `Ok` only once the message is accepted (by the server, or safely on disk).
    fn send(&self, mail: &OutgoingMail) -> Result<(), MailError>;
}

/// SMTP when `smtp_url` is set (and not blank), otherwise the outbox folder.
pub fn transport_from_settings(
    smtp_url: Option<&str>,
    from: &str,
    outbox_dir: &Path,
) -> Result<Arc<dyn MailTransport>, MailError> {
    match smtp_url.map(str::trim).filter(|url| !url.is_empty()) {
        Some(url) => {
            let transport = SmtpMailTransport::new(url, from)?;
            tracing::info!(smtp.url = %smtp::redact(url), "mail goes out over SMTP");
            Ok(Arc::new(transport))
        }
        None => {
            let transport = OutboxTransport::new(outbox_dir, from)?;
            tracing::info!(outbox = %outbox_dir.display(), "no SMTP_URL: mail goes to the outbox folder");
            Ok(Arc::new(transport))
        }
    }
}

/// Parse the configured sender, e.g. `eportfolio <no-reply@example.org>`.
pub(crate) fn parse_from(from: &str) -> Result<Mailbox, MailError> {
    let from = if from.trim().is_empty() {
        DEFAULT_FROM
    } else {
        from.trim()
    };
    from.parse::<Mailbox>().map_err(|e| MailError::InvalidFrom {
        address: from.to_owned(),
        reason: e.to_string(),
    })
}

/// The RFC 5322 message for `mail`, plain text in UTF-8.
pub(crate) fn build_message(from: &Mailbox, mail: &OutgoingMail) -> Result<Message, MailError> {
    let address = mail
        .to_address
        .trim()
        .parse()
        .map_err(|e: lettre::address::AddressError| MailError::InvalidRecipient(e.to_string()))?;
    let name = Some(mail.to_name.trim().to_owned()).filter(|n| !n.is_empty());
    Message::builder()
        .from(from.clone())
        .to(Mailbox::new(name, address))
        .subject(mail.subject.clone())
        .message_id(None)
        .header(ContentType::TEXT_PLAIN)
        .body(mail.body_text.clone())
        .map_err(|e| MailError::Message(e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mail() -> OutgoingMail {
        OutgoingMail {
            to_address: "ada@example.org".to_owned(),
            to_name: "Ada Lovelace".to_owned(),
            subject: "Feedback on your reflective account".to_owned(),
            body_text: "Criterion 3.2 is met. Well done — see the comments.".to_owned(),
        }
    }

    #[test]
    fn the_default_sender_is_used_when_none_is_configured() -> Result<(), MailError> {
        assert_eq!(
            parse_from("")?.to_string(),
            parse_from(DEFAULT_FROM)?.to_string()
        );
        assert_eq!(parse_from("")?.email.to_string(), "no-reply@localhost");
        assert!(matches!(
            parse_from("not an address"),
            Err(MailError::InvalidFrom { .. })
        ));
        Ok(())
    }

    #[test]
    fn a_message_has_the_headers_a_mail_client_expects() -> Result<(), MailError> {
        let message = build_message(&parse_from(DEFAULT_FROM)?, &mail())?;
        let text = String::from_utf8_lossy(&message.formatted()).into_owned();
        assert!(
            text.contains("From: eportfolio <no-reply@localhost>"),
            "{text}"
        );
        assert!(
            text.contains("To: \"Ada Lovelace\" <ada@example.org>"),
            "{text}"
        );
        assert!(
            text.contains("Subject: Feedback on your reflective account"),
            "{text}"
        );
        assert!(text.contains("Message-ID: <"), "{text}");
        assert!(
            text.contains("Content-Type: text/plain; charset=utf-8"),
            "{text}"
        );
        Ok(())
    }

    #[test]
    fn a_bad_recipient_is_refused_before_anything_is_sent() {
        let mut bad = mail();
        bad.to_address = "not-an-address".to_owned();
        let outcome = parse_from(DEFAULT_FROM).and_then(|from| build_message(&from, &bad));
        assert!(matches!(outcome, Err(MailError::InvalidRecipient(_))));
    }

    #[test]
    fn settings_choose_smtp_or_the_outbox() -> Result<(), Box<dyn std::error::Error>> {
        let dir = tempfile::tempdir()?;
        let outbox = dir.path().join("outbox");
        transport_from_settings(None, DEFAULT_FROM, &outbox)?;
        assert!(outbox.is_dir());
        transport_from_settings(Some("smtp://127.0.0.1:2525"), DEFAULT_FROM, &outbox)?;
        let refused = transport_from_settings(Some("ftp://u:secret@h"), DEFAULT_FROM, &outbox);
        let message = refused.err().map(|e| e.to_string()).unwrap_or_default();
        assert!(message.starts_with("SMTP_URL ftp://u:***@h"), "{message}");
        assert!(!message.contains("secret"));
        Ok(())
    }
}
