//! The application layer: what a person can do, shared by the pages and the API so both apply
//! the same rules, access checks and audit entries. An action takes who is acting ([`Actor`])
//! and plain input, reads and writes through `store`, decides through `domain`, and returns
//! plain data or an [`ActionError`]. Nothing here knows about HTTP: no file here imports the
//! HTTP framework or the web module (the `layering` test reads the files to hold that).
//!
//! Grouped by the qualification's own areas: evidence, assessment, iqa, eqa, learning, claims,
//! people.

pub mod access;
pub mod actor;
pub mod audit;
pub mod audit_trail;
pub mod error;
pub mod locks;

pub mod assessment;
pub mod claims;
pub mod eqa;
pub mod evidence;
pub mod health;
pub mod iqa;
pub mod learning;
pub mod people;
pub mod waiting;

#[cfg(test)]
mod layering;

use std::sync::Arc;

pub use actor::Actor;
pub use error::ActionError;

use crate::auth::tokens::Tokens;
use crate::clock::Clock;
use crate::curriculum::Curriculum;
use crate::store::Db;

/// What every action may use. Holds nothing another node would need: the curriculum is read
/// from files and the database holds the rest.
pub struct AppState {
    pub curriculum: Arc<Curriculum>,
    pub db: Db,
    /// When this process started (RFC 3339), for exports that need a date.
    pub started_at: String,
    pub clock: Arc<dyn Clock>,
    pub tokens: Arc<Tokens>,
    pub sessions: crate::auth::SessionPolicy,
    /// Where people reach the service, for links in emails (`http://127.0.0.1:8080`).
    pub public_url: String,
    /// Evidence files (a folder by default).
    pub files: Arc<dyn crate::files::FileStore>,
    /// Proxies whose `X-Forwarded-For` names the client (`--trusted-proxy`); none by default.
    pub trusted_proxies: Arc<[ipnet::IpNet]>,
    /// Seals and opens the secrets the database keeps, under the key-encryption key.
    pub secrets: Arc<crate::auth::sealing::Sealer>,
    /// Platform administrators must use two-step sign-in (off only for the demo, or by setting).
    pub platform_admins_two_step: bool,
    /// Passkeys' relying party: none when the site is served at a bare IP address.
    pub passkeys: Option<Arc<crate::auth::passkeys::RelyingParty>>,
    /// Set when the node has been told to stop: `/readyz` answers 503 and connections close
    /// after their current request.
    pub stopping: Arc<std::sync::atomic::AtomicBool>,
    /// A request body silent for this long is cut (408).
    pub body_timeout: std::time::Duration,
}
