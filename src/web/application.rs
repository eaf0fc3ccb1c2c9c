//! One way to put the service together, used by `serve`, the tests and the bench: settings in,
//! an [`AppState`] (curriculum checked, database migrated, signing key, file store, clock) and a
//! bound server out. What differs between them (a test's fresh database and fixed clock, the
//! bench's statement-counting pool) is passed as [`Parts`]; everything else comes from
//! [`Settings`], so a test runs the same assembly a deployment does.

use std::net::TcpListener;
use std::sync::Arc;

use actix_web::dev::Server;
use actix_web::{HttpServer, web};

use super::settings::Settings;
use super::{AppState, build_app};
use crate::auth::SessionPolicy;
use crate::auth::keys::{self, KeyError};
use crate::auth::passkeys::RelyingParty;
use crate::auth::sealing::Sealer;
use crate::auth::tokens::Tokens;
use crate::clock::{Clock, SystemClock};
use crate::curriculum::{self, Curriculum, CurriculumError};
use crate::store::{self, DatabaseUrl, Db, StoreError, curriculum_loads, sealed_secrets};

/// What can stop the service from starting, each in one line that says where.
#[derive(Debug, thiserror::Error)]
pub enum ApplicationError {
    #[error(transparent)]
    Curriculum(#[from] CurriculumError),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Key(#[from] KeyError),
    #[error("the evidence folder {folder} cannot be used: {message}")]
    Files { folder: String, message: String },
    #[error(transparent)]
    Serve(#[from] ServeError),
    #[error("{0}")]
    Settings(String),
}

#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    #[error("cannot listen on {addr}: {source}")]
    Bind {
        addr: String,
        #[source]
        source: std::io::Error,
    },
}

/// What a caller brings instead of what the settings would make. `Parts::default()` is `serve`.
#[derive(Default)]
pub struct Parts {
    /// A database already connected (a test's fresh one, the bench's counting pool).
    pub db: Option<Db>,
    /// The clock (tests: a fixed one they move); the system clock otherwise.
    pub clock: Option<Arc<dyn Clock>>,
    /// The curriculum already loaded; otherwise read from the settings' folder or the shipped copy.
    pub curriculum: Option<Arc<Curriculum>>,
    /// A file store already made (tests: one that fails as a full disk does); otherwise the
    /// folder under the data folder.
    pub files: Option<Arc<dyn crate::files::FileStore>>,
}

/// The state every handler and action sees, assembled from settings: the curriculum loaded and
/// checked, the database connected and migrated (and the curriculum load recorded), the token
/// signing key, the evidence file store, the session policy and the public address.
pub fn assemble(settings: &Settings, parts: Parts) -> Result<AppState, ApplicationError> {
    // Settings first, so a mistyped one touches nothing.
    let trusted_proxies = super::client_address::trusted_proxies(&settings.trusted_proxies)
        .map_err(ApplicationError::Settings)?;
    let curriculum = match parts.curriculum {
        Some(curriculum) => curriculum,
        None => Arc::new(match settings.curriculum_dir.as_deref() {
            Some(dir) => curriculum::load_dir(dir)?,
            None => curriculum::shipped()?,
        }),
    };
    let db = match parts.db {
        Some(db) => db,
        None => Db::connect(
            DatabaseUrl::parse(&settings.database_url())?,
            pool_size(settings),
        )?,
    };
    let clock = parts.clock.unwrap_or_else(|| Arc::new(SystemClock));
    let now = clock.now();
    let secrets = Arc::new(sealer(settings)?);
    migrate(&db, &curriculum, now.naive_utc())?;
    reseal(&db, &secrets)?;
    let key = keys::load_or_create(&settings.data_dir, settings.jwt_key.as_deref())?;
    let files: Arc<dyn crate::files::FileStore> = match parts.files {
        Some(files) => files,
        None => crate::files::open_store(
            settings.file_store.as_deref(),
            &settings.data_dir,
            settings.max_upload_bytes,
        )
        .map_err(|e| ApplicationError::Files {
            folder: settings
                .file_store
                .clone()
                .unwrap_or_else(|| settings.data_dir.join("files").display().to_string()),
            message: e.to_string(),
        })?,
    };
    let public_url = settings.public_url();
    Ok(AppState {
        curriculum,
        db,
        started_at: now.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        clock,
        tokens: Arc::new(Tokens::new(&key)),
        sessions: SessionPolicy {
            secure_cookies: public_url.starts_with("https://"),
            ..SessionPolicy::default()
        },
        passkeys: RelyingParty::for_site(&public_url).map(Arc::new),
        stopping: Arc::default(),
        body_timeout: settings.serving.body_timeout,
        public_url,
        files,
        trusted_proxies: trusted_proxies.into(),
        secrets,
        platform_admins_two_step: settings.platform_admins_two_step,
    })
}

/// The sealer of stored secrets from the settings' key-encryption keys (or the key file).
pub fn sealer(settings: &Settings) -> Result<Sealer, KeyError> {
    let (current, previous) = keys::key_encryption_keys(
        &settings.data_dir,
        settings.key_encryption_key.as_deref(),
        &settings.previous_key_encryption_keys,
    )?;
    Ok(Sealer::new(&current, &previous))
}

/// Seal every stored secret under the current key-encryption key (those stored before sealing
/// began, and those under a key being rotated out).
pub fn reseal(db: &Db, sealer: &Sealer) -> Result<sealed_secrets::Resealed, StoreError> {
    let mut conn = db.get()?;
    let done =
        store::write_transaction(&mut conn, |conn| sealed_secrets::reseal_all(conn, sealer))?;
    if done.resealed > 0 {
        tracing::info!(
            secrets.resealed = done.resealed,
            key_encryption_key.id = sealer.key_id(),
            "stored secrets sealed under the current key-encryption key"
        );
    }
    Ok(done)
}

/// Two connections per worker and two for the mail loop and the odd command.
fn pool_size(settings: &Settings) -> u32 {
    (workers(settings.workers) as u32) * 2 + 2
}

fn workers(configured: Option<usize>) -> usize {
    configured.unwrap_or_else(|| std::thread::available_parallelism().map_or(2, |n| n.get()))
}

/// Apply pending migrations and record which curriculum this process serves.
fn migrate(db: &Db, curriculum: &Curriculum, now: chrono::NaiveDateTime) -> Result<(), StoreError> {
    let mut conn = db.get()?;
    let applied = store::run_migrations(&mut conn)?;
    let files = i32::try_from(curriculum.specifications().len()).unwrap_or(i32::MAX);
    curriculum_loads::record(&mut conn, curriculum.version(), files, now)?;
    tracing::info!(
        database = %db.url().redacted(),
        migrations_applied = applied,
        curriculum.version = %curriculum.version(),
        "database ready"
    );
    Ok(())
}

/// A bound, not yet running server, with the state it serves.
pub struct Application {
    server: Server,
    port: u16,
    state: web::Data<AppState>,
    /// On SIGTERM: how long `/readyz` answers 503 before the listener closes.
    drain: std::time::Duration,
}

impl Application {
    /// `serve`: assemble everything from the settings and bind to `settings.bind`.
    pub fn build(settings: &Settings) -> Result<Self, ApplicationError> {
        let listener = TcpListener::bind(settings.bind).map_err(|source| ServeError::Bind {
            addr: settings.bind.to_string(),
            source,
        })?;
        let state = assemble(settings, Parts::default())?;
        let app = Self::listen(listener, web::Data::new(state), settings.workers)?;
        Ok(Self {
            drain: settings.serving.drain,
            ..app
        })
    }

    /// Serve an assembled state on `listener` (port 0 picks a free port, as tests do).
    pub fn listen(
        listener: TcpListener,
        state: web::Data<AppState>,
        workers: Option<usize>,
    ) -> Result<Self, ServeError> {
        let local = listener.local_addr().ok();
        let addr = local.map_or_else(|| "?".to_owned(), |a| a.to_string());
        let port = local.map_or(0, |a| a.port());
        let shared = state.clone();
        let server = HttpServer::new(move || build_app(shared.clone()))
            .workers(self::workers(workers))
            .worker_max_blocking_threads(2)
            .shutdown_timeout(SHUTDOWN_GRACE_SECONDS)
            .keep_alive(std::time::Duration::from_secs(5))
            .disable_signals()
            .listen(listener)
            .map_err(|source| ServeError::Bind { addr, source })?
            .run();
        Ok(Self {
            server,
            port,
            state,
            drain: super::settings::Serving::default().drain,
        })
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    /// The state the server's handlers see (to seed the demo before serving).
    pub fn state(&self) -> &AppState {
        &self.state
    }

    /// Serve until SIGINT/SIGTERM. Then: `/readyz` answers 503 and every connection closes
    /// after its current answer; after the drain period the listener closes, and the requests
    /// in flight have the grace period to finish.
    pub async fn run(self) -> std::io::Result<()> {
        let (handle, stopping, drain) = (
            self.server.handle(),
            self.state.stopping.clone(),
            self.drain,
        );
        let watcher = actix_web::rt::spawn(async move {
            stop_signal().await;
            stopping.store(true, std::sync::atomic::Ordering::SeqCst);
            tracing::info!(
                drain_seconds = drain.as_secs(),
                "stopping: not ready, draining"
            );
            actix_web::rt::time::sleep(drain).await;
            handle.stop(true).await;
        });
        let served = self.server.await;
        watcher.abort();
        served
    }
}

/// How long requests in flight may take to finish once the listener has closed.
const SHUTDOWN_GRACE_SECONDS: u64 = 30;

/// The first SIGTERM or SIGINT (Ctrl+C).
async fn stop_signal() {
    use tokio::signal::unix::{SignalKind, signal};
    match (
        signal(SignalKind::terminate()),
        signal(SignalKind::interrupt()),
    ) {
        (Ok(mut term), Ok(mut int)) => {
            tokio::select! {
                _ = term.recv() => {}
                _ = int.recv() => {}
            }
        }
        _ => {
            let _ = tokio::signal::ctrl_c().await;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn settings(dir: &std::path::Path) -> Settings {
        Settings {
            bind: "127.0.0.1:0".parse().unwrap_or_else(|_| unreachable!()),
            data_dir: dir.to_path_buf(),
            database_url: None,
            file_store: None,
            curriculum_dir: None,
            workers: Some(1),
            public_url: Some("https://portfolio.example.org/".to_owned()),
            jwt_key: None,
            smtp_url: None,
            mail_from: "eportfolio <noreply@example.org>".to_owned(),
            demo: false,
            trusted_proxies: Vec::new(),
            key_encryption_key: None,
            previous_key_encryption_keys: Vec::new(),
            platform_admins_two_step: true,
            serving: crate::web::settings::Serving::default(),
            max_upload_bytes: 1024,
        }
    }

    #[test]
    fn assembly_from_settings_migrates_and_keeps_the_public_address()
    -> Result<(), Box<dyn std::error::Error>> {
        let dir =
            std::env::temp_dir().join(format!("eportfolio-assemble-{}", uuid::Uuid::new_v4()));
        std::fs::create_dir_all(&dir)?;
        let state = assemble(&settings(&dir), Parts::default())?;
        assert_eq!(state.public_url, "https://portfolio.example.org");
        assert!(
            state.sessions.secure_cookies,
            "an https address means secure cookies"
        );
        assert!(
            dir.join("eportfolio.db").exists(),
            "the SQLite file is made in the data folder"
        );
        let loads = curriculum_loads::latest(&mut *state.db.get()?)?;
        assert!(loads.is_some(), "the curriculum load is recorded");
        std::fs::remove_dir_all(&dir)?;
        Ok(())
    }

    #[test]
    fn a_short_signing_key_stops_the_start() -> Result<(), Box<dyn std::error::Error>> {
        let dir =
            std::env::temp_dir().join(format!("eportfolio-assemble-{}", uuid::Uuid::new_v4()));
        std::fs::create_dir_all(&dir)?;
        let mut short = settings(&dir);
        short.jwt_key = Some("too short".to_owned());
        let refused = assemble(&short, Parts::default());
        assert!(matches!(
            refused,
            Err(ApplicationError::Key(KeyError::TooShort))
        ));
        std::fs::remove_dir_all(&dir)?;
        Ok(())
    }
}
