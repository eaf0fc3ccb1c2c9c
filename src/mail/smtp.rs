//! Delivery over SMTP with lettre, configured from `SMTP_URL` (`smtp://host:port`,
//! `smtp://user:pass@host?tls=required`, `smtps://user:pass@host`).

use std::time::Duration;

use lettre::message::Mailbox;
use lettre::{SmtpTransport, Transport};

use super::{MailError, MailTransport, OutgoingMail, build_message, parse_from};

/// Bounds the connection and each SMTP command, so a dead server holds up a delivery round for
/// seconds, not minutes; long enough for a server's checks after the message body.
const SMTP_TIMEOUT: Duration = Duration::from_secs(10);

pub struct SmtpMailTransport {
    transport: SmtpTransport,
    from: Mailbox,
}

impl SmtpMailTransport {
    pub fn new(url: &str, from: &str) -> Result<Self, MailError> {
        let from = parse_from(from)?;
        let transport = SmtpTransport::from_url(url)
            .map_err(|e| MailError::SmtpUrl {
                url: redact(url),
                reason: e.to_string(),
            })?
            .timeout(Some(SMTP_TIMEOUT))
            .build();
        Ok(Self { transport, from })
    }
}

impl MailTransport for SmtpMailTransport {
    fn send(&self, mail: &OutgoingMail) -> Result<(), MailError> {
        let message = build_message(&self.from, mail)?;
        match self.transport.send(&message) {
            Ok(_) => Ok(()),
            // A 5xx reply about this message; anything else (refused, timed out, 4xx) is the
            // server's state, not the message's.
            Err(e) if e.is_permanent() => Err(MailError::Rejected(e.to_string())),
            Err(e) => Err(MailError::Unavailable(e.to_string())),
        }
    }
}

/// The URL with any password hidden, for logs and messages.
pub(crate) fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme), Some(at)) if at > scheme => {
            let credentials = &url[scheme + 3..at];
            match credentials.split_once(':') {
                Some((user, _)) => format!("{}{user}:***{}", &url[..scheme + 3], &url[at..]),
                None => url.to_owned(),
            }
        }
        _ => url.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_smtp_password_never_shows() {
        assert_eq!(
            redact("smtps://mailer:s3cret@smtp.example.org:465"),
            "smtps://mailer:***@smtp.example.org:465"
        );
        assert_eq!(redact("smtp://127.0.0.1:25"), "smtp://127.0.0.1:25");
    }

    #[test]
    fn smtp_and_smtps_urls_are_understood() {
        for url in [
            "smtp://127.0.0.1:2525",
            "smtp://user:pass@mail.example.org?tls=required",
            "smtps://user:pass@mail.example.org",
        ] {
            assert!(SmtpMailTransport::new(url, "").is_ok(), "{url}");
        }
        assert!(matches!(
            SmtpMailTransport::new("imap://mail.example.org", ""),
            Err(MailError::SmtpUrl { .. })
        ));
    }

    /// Nothing listens on the port: the attempt fails as "unavailable", quickly.
    #[test]
    fn a_server_that_is_down_is_unavailable() -> Result<(), Box<dyn std::error::Error>> {
        let port = std::net::TcpListener::bind("127.0.0.1:0")?
            .local_addr()?
            .port();
        let transport = SmtpMailTransport::new(&format!("smtp://127.0.0.1:{port}"), "")?;
        let outcome = transport.send(&OutgoingMail {
            to_address: "ada@example.org".into(),
            to_name: "Ada".into(),
            subject: "Hello".into(),
            body_text: "Body".into(),
        });
        assert!(
            matches!(outcome, Err(MailError::Unavailable(_))),
            "{outcome:?}"
        );
        Ok(())
    }
}
