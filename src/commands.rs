//! What each subcommand does, called by `main` with parsed settings. Each returns an error that
//! says in one line what failed and where.

use std::net::TcpListener;
use std::path::Path;
use std::sync::Arc;

use crate::curriculum::{self, CaseOptions, Curriculum, CurriculumError, case_packages};
use crate::store::{self, DatabaseUrl, Db, StoreError, curriculum_loads};
use crate::web::settings::Settings;
use crate::web::{AppState, Application, ServeError};

#[derive(Debug, thiserror::Error)]
pub enum CommandError {
    #[error(transparent)]
    Curriculum(#[from] CurriculumError),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Serve(#[from] ServeError),
    #[error("the server stopped with an error: {0}")]
    Server(std::io::Error),
    #[error("cannot write the export: {0}")]
    Output(String),
}

/// The curriculum from `dir`, or the copy built into the binary.
pub fn load_curriculum(dir: Option<&Path>) -> Result<Curriculum, CurriculumError> {
    match dir {
        Some(dir) => curriculum::load_dir(dir),
        None => curriculum::shipped(),
    }
}

/// `curriculum check`: a summary of what was loaded, or every problem.
pub fn curriculum_check(dir: Option<&Path>) -> Result<String, CurriculumError> {
    let c = load_curriculum(dir)?;
    let mut lines = vec![format!(
        "curriculum OK: {} specification files, version {}",
        c.specifications().len(),
        c.version()
    )];
    for (_, q) in c.qualifications() {
        lines.push(format!("  qualification {}: {}", q.id, q.title));
    }
    for spec in c.specifications() {
        for unit in &spec.units {
            let criteria: usize = unit.outcomes.iter().map(|o| o.criteria.len()).sum();
            let ks: usize = unit.outcomes.iter().map(|o| o.knowledge_skills.len()).sum();
            let ranges: usize = unit.outcomes.iter().map(|o| o.range.len()).sum();
            lines.push(format!(
                "  unit {}: {} outcomes, {} criteria, {} range entries, {} Knowledge/Skills items, {} Evidence Requirements",
                unit.id,
                unit.outcomes.len(),
                criteria,
                ranges,
                ks,
                unit.evidence_requirements.len()
            ));
        }
        if let Some(f) = &spec.framework {
            let components: usize = f.standards.iter().map(|s| s.components.len()).sum();
            lines.push(format!(
                "  framework {}: {} standards, {} core components",
                f.id,
                f.standards.len(),
                components
            ));
        }
    }
    Ok(lines.join("\n"))
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportFormat {
    Json,
    Case,
}

/// `curriculum export`: the JSON text to print.
pub fn curriculum_export(
    dir: Option<&Path>,
    format: ExportFormat,
    now: &str,
) -> Result<String, CommandError> {
    let c = load_curriculum(dir)?;
    let value = match format {
        ExportFormat::Json => curriculum::export_json(&c),
        ExportFormat::Case => case_packages(
            &c,
            &CaseOptions {
                base_uri: "urn:eportfolio:case",
                fallback_date: now,
            },
        ),
    };
    serde_json::to_string_pretty(&value).map_err(|e| CommandError::Output(e.to_string()))
}

/// `migrate`: apply pending migrations and say how many ran.
pub fn migrate(settings: &Settings) -> Result<usize, CommandError> {
    let db = Db::connect(DatabaseUrl::parse(&settings.database_url())?, 1)?;
    Ok(store::run_migrations(&mut *db.get()?)?)
}

/// `serve`: load and check everything, then serve until told to stop.
pub async fn serve(settings: Settings) -> Result<(), CommandError> {
    let curriculum = load_curriculum(settings.curriculum_dir.as_deref())?;
    let listener = TcpListener::bind(settings.bind).map_err(|source| ServeError::Bind {
        addr: settings.bind.to_string(),
        source,
    })?;
    let url = DatabaseUrl::parse(&settings.database_url())?;
    let workers = settings
        .workers
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(2, |n| n.get()));
    let db = Db::connect(url, (workers as u32) * 2 + 2)?;
    let now = chrono::Utc::now();
    let version = curriculum.version().to_owned();
    let files = curriculum.specifications().len() as i32;
    let applied = db
        .run(move |conn| {
            let applied = store::run_migrations(conn)?;
            curriculum_loads::record(conn, &version, files, now.naive_utc())?;
            Ok(applied)
        })
        .await?;
    tracing::info!(
        database = %db.url().redacted(),
        migrations_applied = applied,
        curriculum.version = %curriculum.version(),
        "database ready"
    );
    let state = AppState {
        curriculum: Arc::new(curriculum),
        db,
        started_at: now.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
    };
    let app = Application::build(listener, state, settings.workers)?;
    tracing::info!(address = %settings.bind, "serving; stop with Ctrl+C");
    app.run().await.map_err(CommandError::Server)
}
