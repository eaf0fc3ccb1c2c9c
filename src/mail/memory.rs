//! A transport that keeps messages in memory, for tests: what was sent can be read back, and it
//! can be told to behave like a mail server that is down.

use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};

use super::{MailError, MailTransport, OutgoingMail};

#[derive(Debug, Default)]
pub struct InMemoryTransport {
    sent: Mutex<Vec<OutgoingMail>>,
    unavailable: AtomicBool,
}

impl InMemoryTransport {
    pub fn new() -> Self {
        Self::default()
    }

    /// Every message accepted so far, oldest first.
    pub fn sent(&self) -> Vec<OutgoingMail> {
        self.sent
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .clone()
    }

    /// While set, every send fails as a down server would.
    pub fn set_unavailable(&self, unavailable: bool) {
        self.unavailable.store(unavailable, Ordering::SeqCst);
    }
}

impl MailTransport for InMemoryTransport {
    fn send(&self, mail: &OutgoingMail) -> Result<(), MailError> {
        if self.unavailable.load(Ordering::SeqCst) {
            return Err(MailError::Unavailable(
                "the in-memory server is down".into(),
            ));
        }
        self.sent
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .push(mail.clone());
        Ok(())
    }
}
