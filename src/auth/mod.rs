//! Credentials without HTTP: signing and checking tokens, keys, password hashing, and how long
//! sessions last. The web layer carries tokens in cookies and headers; the actions issue links.

pub mod keys;
pub mod passkeys;
pub mod password;
pub mod sealing;
pub mod tokens;
pub mod two_step;

/// How sessions behave.
#[derive(Debug, Clone)]
pub struct SessionPolicy {
    pub idle_timeout: chrono::Duration,
    pub absolute_lifetime: chrono::Duration,
    /// Serve cookies `Secure` with the `__Host-` prefix (when the public URL is https).
    pub secure_cookies: bool,
}

impl Default for SessionPolicy {
    fn default() -> Self {
        Self {
            idle_timeout: chrono::Duration::minutes(30),
            absolute_lifetime: chrono::Duration::hours(12),
            secure_cookies: false,
        }
    }
}
