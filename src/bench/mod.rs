//! `eportfolio bench`: build a large centre, then measure the pages and API calls people use most
//! (throughput, p50/p99 latency under concurrent load, SQL statements per request) and a large
//! upload's effect on the server's memory. The server runs as its own process (`serve`), exactly
//! as deployed; statements are counted in-process through the same application.

pub mod claim_documents;
pub mod import_and_pdf;
mod load;
mod probes;
pub mod reference;
mod report;
pub mod sampling;
mod seed;
mod server;
mod upload;

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use actix_web::web;

pub use load::{Load, Outcome, Target};
pub use report::Report;
pub use seed::Shape;
pub use upload::UploadOutcome;

use crate::auth::tokens::Audience;
use crate::store::{DatabaseUrl, Db, StoreError};
use crate::web::application::{Parts, assemble};
use crate::web::auth::cookie_name;
use crate::web::settings::Settings;
use crate::web::{AppState, build_app};

const PASSWORD: &str = "benchmark password for everyone";

#[derive(Debug, thiserror::Error)]
pub enum BenchError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("benchmark set-up failed: {0}")]
    Setup(String),
    #[error("the server under test: {0}")]
    Server(String),
    #[error("load generation: {0}")]
    Load(String),
}

#[derive(Debug, Clone)]
pub struct Options {
    pub shape: Shape,
    pub load: Load,
    /// Size of the upload to measure, in MiB (0: skip it).
    pub upload_mib: u64,
    /// Where to build the centre; default a new temporary folder, removed afterwards.
    pub data_dir: Option<PathBuf>,
    /// An empty PostgreSQL database to use instead of SQLite.
    pub database_url: Option<String>,
    /// Measure only the requests whose name contains this.
    pub only: Option<String>,
    /// `s3://bucket/prefix`: the server under test keeps files in this object store (endpoint
    /// and credentials from the `AWS_*` variables); default its data folder.
    pub file_store: Option<String>,
}

pub async fn run(options: Options) -> Result<Report, BenchError> {
    let temporary = options.data_dir.is_none();
    let data_dir = options.data_dir.clone().unwrap_or_else(|| {
        std::env::temp_dir().join(format!(
            "eportfolio-bench-{}",
            uuid::Uuid::new_v4().simple()
        ))
    });
    let result = run_in(&options, &data_dir).await;
    if temporary {
        // Best effort: a temporary folder left behind is only disk space.
        let _ = std::fs::remove_dir_all(&data_dir);
    }
    result
}

async fn run_in(options: &Options, data_dir: &std::path::Path) -> Result<Report, BenchError> {
    std::fs::create_dir_all(data_dir)
        .map_err(|e| BenchError::Setup(format!("{}: {e}", data_dir.display())))?;
    let counter = Arc::new(AtomicU64::new(0));
    let state = web::Data::new(app_state(options, data_dir, counter.clone())?);
    let (seeded, seed_seconds) = build_centre(options, &state).await?;
    let sampling = wanted(options, "sampling proposal").then(|| {
        eprintln!("bench: timing the sampling proposal…");
        sampling::measure()
    });
    let claim_documents = wanted(options, "claim documents").then(|| {
        eprintln!("bench: timing the claim documents…");
        claim_documents::measure()
    });
    let (mut probes, admin_api) = probes::probes(&state, &seeded, options.shape).await?;
    if let Some(only) = &options.only {
        probes.retain(|p| p.name.contains(only.as_str()));
    }
    eprintln!("bench: counting SQL statements per request…");
    let statements = count_statements(state.clone(), &counter, &probes).await?;
    let references = measure_references(data_dir, &options.load).await?;
    let results = load_probes(options, data_dir, &probes, statements).await?;
    let import_and_pdf = if wanted(options, "import and PDF") {
        eprintln!("bench: the CSV import and the record PDF, against C6 and C8…");
        Some(import_and_pdf(&state, &counter, data_dir, &seeded, &admin_api).await?)
    } else {
        None
    };
    let upload = measure_upload(options, data_dir, &state, &seeded).await?;
    Ok(Report {
        backend: state.db.url().backend_name().to_owned(),
        shape: options.shape,
        load: options.load.clone(),
        seed_seconds,
        assessor_caseload: seeded.assessor_caseload,
        results,
        references,
        upload,
        sampling,
        claim_documents,
        import_and_pdf,
    })
}

/// The CSV import and the record PDF, in-process, with C6 and C8 measured beside them.
async fn import_and_pdf(
    state: &web::Data<AppState>,
    counter: &AtomicU64,
    data_dir: &std::path::Path,
    seeded: &seed::Seeded,
    admin: &str,
) -> Result<import_and_pdf::Figures, BenchError> {
    let learner = probes::token(state, &seeded.heavy_learner, Audience::Session).await?;
    let cookie = (
        "cookie".to_owned(),
        format!("{}={learner}", cookie_name(false)),
    );
    let app = import_and_pdf::InProcess {
        state: state.clone(),
        counter,
    };
    let dir = data_dir.join("reference");
    import_and_pdf::measure(&app, &dir, admin, &cookie, &seeded.heavy_registration).await
}

/// Whether `--only` leaves the measurement called `name` in.
fn wanted(options: &Options, name: &str) -> bool {
    options
        .only
        .as_deref()
        .is_none_or(|only| name.contains(only))
}

/// The large centre, and how many seconds building it took.
async fn build_centre(
    options: &Options,
    state: &AppState,
) -> Result<(seed::Seeded, f64), BenchError> {
    let hash = crate::auth::password::hash_password(PASSWORD)
        .map_err(|e| BenchError::Setup(e.to_string()))?;
    eprintln!(
        "bench: building the centre ({} learners)…",
        options.shape.learners
    );
    let started = std::time::Instant::now();
    let seeded = seed::build(
        &state.db,
        &state.curriculum,
        options.shape,
        hash,
        state.clock.naive(),
    )
    .await?;
    Ok((seeded, started.elapsed().as_secs_f64()))
}

/// Each probe under concurrent load against the server as its own process.
async fn load_probes(
    options: &Options,
    data_dir: &std::path::Path,
    probes: &[Target],
    statements: Vec<(u64, Duration)>,
) -> Result<Vec<(String, u64, Duration, Outcome)>, BenchError> {
    let server = server::Server::start(data_dir, options, 1).await?;
    let mut results = Vec::new();
    for (probe, (statements, alone)) in probes.iter().zip(statements) {
        eprintln!("bench: loading {}…", probe.name);
        let outcome = load::run(&server.base, probe, &options.load)?;
        results.push((probe.name.clone(), statements, alone, outcome));
    }
    Ok(results)
}

/// One large upload to a server allowed that size (none when `--upload-mib 0`).
async fn measure_upload(
    options: &Options,
    data_dir: &std::path::Path,
    state: &AppState,
    seeded: &seed::Seeded,
) -> Result<Option<UploadOutcome>, BenchError> {
    if options.upload_mib == 0 {
        return Ok(None);
    }
    eprintln!("bench: uploading {} MiB…", options.upload_mib);
    let server = server::Server::start(data_dir, options, options.upload_mib + 16).await?;
    let bearer = probes::token(state, &seeded.heavy_learner, Audience::Api).await?;
    let evidence = format!("{}-e0001", seeded.heavy_registration);
    Ok(Some(
        upload::run(&server, &evidence, &bearer, options.upload_mib).await?,
    ))
}

/// C1, C3, C4 and C5 of `../shared/PERFORMANCE.md`, loaded exactly as the product's requests are.
async fn measure_references(
    data_dir: &std::path::Path,
    load: &Load,
) -> Result<Vec<(String, Outcome)>, BenchError> {
    let server = server::Server::start_reference(&data_dir.join("reference")).await?;
    let mut outcomes = Vec::new();
    for (name, path) in [
        ("C1 reference: actix-web plaintext", "/plaintext"),
        (
            "C3 reference: one query by primary key, small page",
            "/by-key",
        ),
        ("C4 reference: 200 rows, 64 KB page", "/two-hundred-rows"),
        (
            "C5 reference: tracker-shaped page, 69 KB",
            "/tracker-shaped",
        ),
    ] {
        eprintln!("bench: loading {name}…");
        let target = Target {
            name: name.to_owned(),
            path: path.to_owned(),
            headers: Vec::new(),
        };
        outcomes.push((name.to_owned(), load::run(&server.base, &target, load)?));
    }
    Ok(outcomes)
}

fn app_state(
    options: &Options,
    data_dir: &std::path::Path,
    counter: Arc<AtomicU64>,
) -> Result<AppState, BenchError> {
    let settings = Settings {
        bind: std::net::SocketAddr::from(([127, 0, 0, 1], 0)),
        data_dir: data_dir.to_path_buf(),
        database_url: options.database_url.clone(),
        file_store: options.file_store.clone(),
        curriculum_dir: None,
        workers: Some(1),
        public_url: Some("http://127.0.0.1".to_owned()),
        jwt_key: Some(server::SIGNING_KEY.to_owned()),
        smtp_url: None,
        mail_from: "eportfolio bench <bench@localhost>".to_owned(),
        demo: false,
        max_upload_bytes: crate::files::DEFAULT_SIZE_LIMIT,
        trusted_proxies: Vec::new(),
        key_encryption_key: Some(server::KEY_ENCRYPTION_KEY.to_owned()),
        previous_key_encryption_keys: Vec::new(),
        platform_admins_two_step: true,
        serving: crate::web::settings::Serving::default(),
    };
    let db = Db::connect_counting(DatabaseUrl::parse(&settings.database_url())?, 4, counter)?;
    let parts = Parts {
        db: Some(db),
        ..Parts::default()
    };
    assemble(&settings, parts).map_err(|e| BenchError::Setup(e.to_string()))
}

/// SQL statements each probe issues (the second of two calls, so one-off work is not counted).
async fn count_statements(
    state: web::Data<AppState>,
    counter: &AtomicU64,
    probes: &[Target],
) -> Result<Vec<(u64, Duration)>, BenchError> {
    let app = actix_web::test::init_service(build_app(state)).await;
    let mut counts = Vec::new();
    for probe in probes {
        let mut count = (0, Duration::ZERO);
        for _ in 0..2 {
            let mut request = actix_web::test::TestRequest::get()
                .uri(&probe.path)
                .insert_header(("host", "127.0.0.1"));
            for (name, value) in &probe.headers {
                request = request.insert_header((name.as_str(), value.as_str()));
            }
            let (before, started) = (counter.load(Ordering::Relaxed), std::time::Instant::now());
            let response = actix_web::test::call_service(&app, request.to_request()).await;
            if !response.status().is_success() {
                return Err(BenchError::Setup(format!(
                    "{} answered {}",
                    probe.path,
                    response.status()
                )));
            }
            let _ = actix_web::test::read_body(response).await;
            count = (counter.load(Ordering::Relaxed) - before, started.elapsed());
        }
        counts.push(count);
    }
    Ok(counts)
}

/// Defaults: the centre the issue describes, 8 connections over 2 client threads, 2 s warm-up,
/// 10 s measured, a 1 GiB upload.
impl Default for Options {
    fn default() -> Self {
        Self {
            shape: Shape {
                learners: 2000,
                heavy: 10,
                evidence: 300,
                mappings: 600,
                per_assessor: 100,
            },
            load: Load {
                connections: 8,
                threads: 2,
                warmup: Duration::from_secs(2),
                measure: Duration::from_secs(10),
            },
            upload_mib: 1024,
            data_dir: None,
            database_url: None,
            only: None,
            file_store: None,
        }
    }
}
