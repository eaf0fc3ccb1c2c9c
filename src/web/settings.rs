//! Settings for `serve`, from flags and the environment, passed in (never global).

use std::net::SocketAddr;
use std::path::PathBuf;

#[derive(Debug, Clone)]
pub struct Settings {
    pub bind: SocketAddr,
    pub data_dir: PathBuf,
    /// `DATABASE_URL`; `None` means the SQLite file in the data dir.
    pub database_url: Option<String>,
    /// A folder of curriculum files; `None` means the copy built into the binary.
    pub curriculum_dir: Option<PathBuf>,
    /// HTTP worker threads; `None` means one per core.
    pub workers: Option<usize>,
}

impl Settings {
    pub fn database_url(&self) -> String {
        self.database_url
            .clone()
            .filter(|u| !u.trim().is_empty())
            .unwrap_or_else(|| {
                format!("sqlite://{}", self.data_dir.join("eportfolio.db").display())
            })
    }
}
