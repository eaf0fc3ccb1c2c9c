//! The server under test: this same binary's `serve`, in its own process (so its memory can be
//! read from `/proc`), on a free port of 127.0.0.1, over the benchmark's data folder.

use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use super::BenchError;

pub struct Server {
    child: Child,
    pub base: String,
}

/// The signing key the bench's own state and the server under test share (as every node of one
/// deployment must; `serve` on PostgreSQL refuses to start without one).
pub const SIGNING_KEY: &str = "eportfolio bench: the signing key its two processes share";
/// The key-encryption key they share likewise (the server under test opens the secrets the
/// bench's own state sealed, such as its administrator's two-step secret).
pub const KEY_ENCRYPTION_KEY: &str =
    "eportfolio bench: the key-encryption key both processes share";

impl Server {
    pub async fn start(
        data_dir: &Path,
        options: &super::Options,
        max_upload_mib: u64,
    ) -> Result<Self, BenchError> {
        let max = max_upload_mib.to_string();
        let database_url = options.database_url.as_deref();
        let file_store = options.file_store.as_deref();
        Self::spawn(
            |command, bind| {
                command
                    .args(["serve", "--bind", bind])
                    .arg("--data-dir")
                    .arg(data_dir)
                    .args(["--max-upload-mib", &max])
                    .args(["--jwt-key", SIGNING_KEY])
                    .args(["--key-encryption-key", KEY_ENCRYPTION_KEY])
                    .args(["--public-url", &format!("http://{bind}")]);
                match database_url {
                    Some(url) => command.env("DATABASE_URL", url),
                    None => command.env_remove("DATABASE_URL"),
                };
                match file_store {
                    Some(store) => command.env("EPORTFOLIO_FILE_STORE", store),
                    None => command.env_remove("EPORTFOLIO_FILE_STORE"),
                };
            },
            "/readyz",
        )
        .await
    }

    /// The reference servers (`bench-reference`), with their database in `data_dir`.
    pub async fn start_reference(data_dir: &Path) -> Result<Self, BenchError> {
        Self::spawn(
            |command, bind| {
                command
                    .args(["bench-reference", "--bind", bind])
                    .arg("--data-dir")
                    .arg(data_dir);
            },
            "/plaintext",
        )
        .await
    }

    async fn spawn(
        configure: impl FnOnce(&mut Command, &str),
        ready_path: &str,
    ) -> Result<Self, BenchError> {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .map(|a| a.port())
            .map_err(|e| BenchError::Server(format!("no free port: {e}")))?;
        let exe = std::env::current_exe()
            .map_err(|e| BenchError::Server(format!("cannot find this program: {e}")))?;
        let mut command = Command::new(exe);
        configure(&mut command, &format!("127.0.0.1:{port}"));
        command
            .env("RUST_LOG", "warn")
            .stdout(Stdio::null())
            .stderr(Stdio::inherit());
        let child = command
            .spawn()
            .map_err(|e| BenchError::Server(format!("cannot start the server: {e}")))?;
        let server = Self {
            child,
            base: format!("http://127.0.0.1:{port}"),
        };
        server.wait_ready(ready_path).await?;
        Ok(server)
    }

    async fn wait_ready(&self, path: &str) -> Result<(), BenchError> {
        let client = awc::Client::default();
        let deadline = Instant::now() + Duration::from_secs(60);
        while Instant::now() < deadline {
            if let Ok(response) = client.get(format!("{}{path}", self.base)).send().await
                && response.status().is_success()
            {
                return Ok(());
            }
            actix_web::rt::time::sleep(Duration::from_millis(50)).await;
        }
        Err(BenchError::Server(
            "the server did not become ready within 60 s".to_owned(),
        ))
    }

    /// Resident memory now and at its peak since the process started, in KiB (Linux only).
    pub fn memory(&self) -> Option<Memory> {
        read_memory(self.child.id())
    }

    pub fn pid(&self) -> u32 {
        self.child.id()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        // Best effort: the process is ours and is stopped whatever happened.
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[derive(Debug, Clone, Copy)]
pub struct Memory {
    pub rss_kib: u64,
    pub peak_kib: u64,
}

pub fn read_memory(pid: u32) -> Option<Memory> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let field = |name: &str| {
        status
            .lines()
            .find(|l| l.starts_with(name))
            .and_then(|l| l.split_whitespace().nth(1))
            .and_then(|v| v.parse::<u64>().ok())
    };
    Some(Memory {
        rss_kib: field("VmRSS:")?,
        peak_kib: field("VmHWM:")?,
    })
}
