//! Settings for `serve`, from flags and the environment, passed in (never global).

use std::net::SocketAddr;
use std::path::PathBuf;

#[derive(Debug, Clone)]
pub struct Settings {
    pub bind: SocketAddr,
    pub data_dir: PathBuf,
    /// `DATABASE_URL`; `None` means the SQLite file in the data dir.
    pub database_url: Option<String>,
    /// `s3://bucket/prefix` for evidence files in an object store; `None` means the folder
    /// `files` in the data dir.
    pub file_store: Option<String>,
    /// A folder of curriculum files; `None` means the copy built into the binary.
    pub curriculum_dir: Option<PathBuf>,
    /// HTTP worker threads; `None` means one per core.
    pub workers: Option<usize>,
    /// Where people reach the service (for links in emails); default `http://<bind>`.
    pub public_url: Option<String>,
    /// The token signing key; `None` means the key file in the data dir (made on first start).
    pub jwt_key: Option<String>,
    /// `smtp://…` or `smtps://…`; `None` means mail goes to the outbox folder in the data dir.
    pub smtp_url: Option<String>,
    /// The From address of the platform's mail.
    pub mail_from: String,
    /// Seed a demo centre with one account per role and print how to sign in.
    pub demo: bool,
    /// Largest evidence file accepted, in bytes.
    pub max_upload_bytes: u64,
    /// Proxies (addresses or ranges) whose `X-Forwarded-For` names the client.
    pub trusted_proxies: Vec<String>,
    /// The key that seals stored secrets; `None` means the key file in the data dir.
    pub key_encryption_key: Option<String>,
    /// Key-encryption keys being rotated out (opened, never used to seal).
    pub previous_key_encryption_keys: Vec<String>,
    /// Platform administrators must use two-step sign-in (default; the demo turns it off).
    pub platform_admins_two_step: bool,
    /// How a node stops and how long it waits for a body (`--drain-seconds`,
    /// `--body-timeout-seconds`).
    pub serving: Serving,
}

/// How a node stops and waits for slow clients.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Serving {
    /// On SIGTERM: how long `/readyz` answers 503 before the listener closes.
    pub drain: std::time::Duration,
    /// A request body silent for this long is cut.
    pub body_timeout: std::time::Duration,
}

impl Default for Serving {
    fn default() -> Self {
        Self {
            drain: std::time::Duration::from_secs(5),
            body_timeout: std::time::Duration::from_secs(60),
        }
    }
}

impl Settings {
    /// On PostgreSQL any number of nodes may serve the one database, so each must be given the
    /// same signing key and public address (a key file or a default address differs per node):
    /// the flags missing, if any.
    pub fn missing_for_many_nodes(&self) -> Vec<&'static str> {
        let given = |v: &Option<String>| v.as_deref().is_some_and(|v| !v.trim().is_empty());
        if !self.database_url().starts_with("postgres") {
            return Vec::new();
        }
        [
            (!given(&self.jwt_key)).then_some("--jwt-key (EPORTFOLIO_JWT_KEY)"),
            (!given(&self.public_url)).then_some("--public-url (EPORTFOLIO_PUBLIC_URL)"),
            (!given(&self.key_encryption_key))
                .then_some("--key-encryption-key (EPORTFOLIO_KEY_ENCRYPTION_KEY)"),
        ]
        .into_iter()
        .flatten()
        .collect()
    }

    pub fn public_url(&self) -> String {
        self.public_url
            .clone()
            .filter(|u| !u.trim().is_empty())
            .map(|u| u.trim().trim_end_matches('/').to_owned())
            .unwrap_or_else(|| format!("http://{}", self.bind))
    }

    pub fn database_url(&self) -> String {
        self.database_url
            .clone()
            .filter(|u| !u.trim().is_empty())
            .unwrap_or_else(|| {
                format!("sqlite://{}", self.data_dir.join("eportfolio.db").display())
            })
    }
}
