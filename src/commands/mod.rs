//! What each subcommand does, called by `main` with parsed settings. Each returns an error that
//! says in one line what failed and where. `cli` declares the command line and `dispatch` maps a
//! parsed one onto these functions.

pub mod cli;
mod dispatch;

pub use dispatch::run;

use crate::records::objects::with_objects;
use std::path::Path;

use crate::auth::keys;
use crate::auth::tokens::Tokens;
use crate::curriculum::{self, CaseOptions, Curriculum, CurriculumError, case_packages};
use crate::store::{self, DatabaseUrl, Db, StoreError};
use crate::web::settings::Settings;
use crate::web::{Application, ApplicationError};

#[derive(Debug, thiserror::Error)]
pub enum CommandError {
    #[error(transparent)]
    Curriculum(#[from] CurriculumError),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Application(#[from] ApplicationError),
    #[error("the server stopped with an error: {0}")]
    Server(std::io::Error),
    #[error("cannot write the export: {0}")]
    Output(String),
    #[error(transparent)]
    Key(#[from] crate::auth::keys::KeyError),
    #[error(transparent)]
    Mail(#[from] crate::mail::MailError),
    #[error("{0}")]
    Setup(String),
    #[error(transparent)]
    Records(#[from] crate::records::RecordsError),
    #[error(transparent)]
    Demo(#[from] crate::demo::DemoError),
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
pub fn curriculum_export(dir: Option<&Path>, format: ExportFormat) -> Result<String, CommandError> {
    let c = load_curriculum(dir)?;
    let value = match format {
        ExportFormat::Json => curriculum::export_json(&c),
        ExportFormat::Case => case_packages(
            &c,
            &CaseOptions {
                base_uri: "urn:eportfolio:case",
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
    let missing = settings.missing_for_many_nodes();
    if !missing.is_empty() {
        return Err(CommandError::Setup(format!(
            "on PostgreSQL every node needs the same {}: give {}",
            "keys and public address",
            missing.join(" and ")
        )));
    }
    let app = Application::build(&settings)?;
    let transport = crate::mail::transport_from_settings(
        settings.smtp_url.as_deref(),
        &settings.mail_from,
        &settings.data_dir.join("outbox"),
    )?;
    if settings.demo {
        let guide = crate::demo::seed(app.state()).await?;
        println!("{guide}");
    }
    let delivery = crate::mail::spawn_delivery_loop(
        app.state().db.clone(),
        transport,
        std::time::Duration::from_secs(10),
    );
    let digests = crate::actions::people::mail_preference::spawn_digest_loop(
        app.state().db.clone(),
        app.state().public_url.clone(),
        std::time::Duration::from_secs(60),
    );
    let checkpoints = crate::ledger::schedule::spawn_checkpoint_loop(
        app.state().db.clone(),
        app.state().secrets.clone(),
        crate::ledger::schedule::EVERY,
    );
    let sweep =
        crate::records::sweep::spawn_sweep_loop(app.state().db.clone(), app.state().files.clone());
    tracing::info!(address = %settings.bind, "serving; stop with Ctrl+C");
    let result = app.run().await.map_err(CommandError::Server);
    delivery.abort();
    digests.abort();
    checkpoints.abort();
    sweep.abort();
    result
}

/// `admin create`: a platform administrator with no password yet, and the link to set one.
pub fn admin_create(settings: &Settings, email: &str, name: &str) -> Result<String, CommandError> {
    use crate::actions::people::sign_in::{PasswordLink, new_password_link};
    use crate::domain::people::{Email, Name};
    use crate::store::people::{self, User};
    let email = Email::parse("email", email)
        .map_err(|e| CommandError::Setup(format!("--email: {}", e.message)))?;
    let name = Name::parse("name", name)
        .map_err(|e| CommandError::Setup(format!("--name: {}", e.message)))?;
    let db = Db::connect(DatabaseUrl::parse(&settings.database_url())?, 1)?;
    let mut conn = db.get()?;
    store::run_migrations(&mut conn)?;
    let key = keys::load_or_create(&settings.data_dir, settings.jwt_key.as_deref())?;
    let now = chrono::Utc::now();
    let user = User {
        id: people::new_id(),
        email: email.as_str().to_owned(),
        name: name.as_str().to_owned(),
        password_hash: None,
        is_platform_admin: true,
        password_changed_at: None,
        disabled_at: None,
        created_at: now.naive_utc(),
    };
    let (row, path) = new_password_link(&Tokens::new(&key), &user, PasswordLink::Set, now)
        .map_err(|e| CommandError::Setup(e.to_string()))?;
    store::write_transaction(&mut conn, |conn| {
        people::insert_user(conn, &user)?;
        crate::store::sessions::insert_token(conn, &row)?;
        let entry = crate::store::audit::NewAuditEntry {
            actor_name: "command line".into(),
            action: "platform_admin_created".into(),
            record_type: "user".into(),
            record_id: user.id.clone(),
            details: serde_json::json!({"email": user.email}),
            ..Default::default()
        };
        crate::store::audit::append(conn, entry, now.naive_utc())?;
        Ok(())
    })
    .map_err(|e| match e {
        StoreError::Duplicate(_) => CommandError::Setup(format!(
            "an account with the email {} already exists",
            user.email
        )),
        other => other.into(),
    })?;
    Ok(format!("{}{path}", settings.public_url()))
}

/// `audit verify`: a line saying the chain holds, or an error naming the first broken entry.
pub fn audit_verify(
    settings: &Settings,
    checkpoint: Option<&Path>,
) -> Result<String, CommandError> {
    let checkpoint = match checkpoint {
        Some(path) => Some(read_checkpoint(path)?),
        None => None,
    };
    let db = Db::connect(DatabaseUrl::parse(&settings.database_url())?, 1)?;
    let mut conn = db.get()?;
    store::run_migrations(&mut conn)?;
    let report = crate::ledger::verify(&mut conn, checkpoint.as_ref())?;
    if !report.holds() {
        let mut lines: Vec<String> = report.findings.iter().map(ToString::to_string).collect();
        lines.push(format!("{} problem(s) found", report.findings.len()));
        return Err(CommandError::Setup(lines.join("\n")));
    }
    let mut summary = report.summary();
    if let Some(c) = checkpoint {
        summary.push_str(&format!(
            "\ncheckpoint of {} holds: {} entries, head {} (key {})",
            c.recorded_at, c.entry_count, c.head_hash, c.key_id
        ));
    }
    Ok(summary)
}

fn read_checkpoint(path: &Path) -> Result<crate::ledger::CheckpointFile, CommandError> {
    let text = std::fs::read_to_string(path).map_err(|e| {
        CommandError::Setup(format!(
            "cannot read the checkpoint {}: {e}",
            path.display()
        ))
    })?;
    crate::ledger::CheckpointFile::parse(&text)
        .map_err(|e| CommandError::Setup(format!("{}: {e}", path.display())))
}

/// `keys reseal`: every stored secret sealed under the current key-encryption key.
pub fn keys_reseal(settings: &Settings) -> Result<String, CommandError> {
    let db = Db::connect(DatabaseUrl::parse(&settings.database_url())?, 1)?;
    let mut conn = db.get()?;
    store::run_migrations(&mut conn)?;
    drop(conn);
    let sealer = crate::web::application::sealer(settings)?;
    let done = crate::web::application::reseal(&db, &sealer)?;
    Ok(format!(
        "{} stored secret(s) sealed again, {} already sealed under the current key-encryption key {}",
        done.resealed,
        done.current,
        sealer.key_id()
    ))
}

/// `audit checkpoint [--out FILE]`: sign, store and write a checkpoint of the chain's head.
pub fn audit_checkpoint(settings: &Settings, out: Option<&Path>) -> Result<String, CommandError> {
    let db = Db::connect(DatabaseUrl::parse(&settings.database_url())?, 1)?;
    let mut conn = db.get()?;
    store::run_migrations(&mut conn)?;
    let now = chrono::Utc::now().naive_utc();
    let sealer = crate::web::application::sealer(settings)?;
    let file =
        store::write_transaction(&mut conn, |c| store::checkpoints::record(c, &sealer, now))?;
    let json = file.to_json();
    match out {
        None => Ok(json),
        Some(path) => {
            std::fs::write(path, format!("{json}\n"))
                .map_err(|e| CommandError::Output(format!("{}: {e}", path.display())))?;
            Ok(format!(
                "checkpoint written to {}: {} entries, head {}, signed with key {}",
                path.display(),
                file.entry_count,
                file.head_hash,
                file.key_id
            ))
        }
    }
}

/// The database and file store a records command works on (migrated, like `serve` does).
fn records_target(
    settings: &Settings,
) -> Result<(Db, std::sync::Arc<dyn crate::files::FileStore>), CommandError> {
    let db = Db::connect(DatabaseUrl::parse(&settings.database_url())?, 2)?;
    store::run_migrations(&mut *db.get()?)?;
    let files = crate::files::open_store(
        settings.file_store.as_deref(),
        &settings.data_dir,
        crate::files::DEFAULT_SIZE_LIMIT,
    )
    .map_err(|e| CommandError::Setup(format!("the evidence file store cannot be used: {e}")))?;
    Ok((db, files))
}

/// `records purge [--dry-run]`: what the retention period (Q3) lets go today, removed unless a
/// dry run.
pub fn records_purge(settings: &Settings, dry_run: bool) -> Result<String, CommandError> {
    let (db, files) = records_target(settings)?;
    let now = chrono::Utc::now();
    let report = actix_web::rt::System::new().block_on(crate::records::purge::run(
        &db,
        files.as_ref(),
        now.date_naive(),
        now.naive_utc(),
        dry_run,
    ))?;
    Ok(report.to_string())
}

/// `files sweep [--dry-run] [--grace-hours N]`: stored files nothing refers to, removed.
pub fn files_sweep(
    settings: &Settings,
    dry_run: bool,
    grace_hours: u64,
) -> Result<String, CommandError> {
    let (db, files) = records_target(settings)?;
    let grace = std::time::Duration::from_secs(grace_hours.saturating_mul(3600));
    let report = actix_web::rt::System::new()
        .block_on(crate::records::sweep::run(
            &db,
            files.as_ref(),
            std::time::SystemTime::now(),
            grace,
            dry_run,
        ))
        .map_err(|e| CommandError::Setup(e.to_string()))?;
    Ok(report.to_string())
}

/// `backup --to FILE`: a consistent copy of the database and the file store, while it runs.
pub fn backup(settings: &Settings, to: &Path) -> Result<String, CommandError> {
    let db = Db::connect(DatabaseUrl::parse(&settings.database_url())?, 1)?;
    let created = chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
    let to_path = to.to_path_buf();
    let summary = with_objects(
        settings.file_store.as_deref(),
        &settings.data_dir,
        move |objects| crate::records::backup::write(&mut *db.get()?, objects, &to_path, &created),
    )?;
    Ok(format!(
        "backup written to {}: {} tables, {} rows, {} files, {} bytes before compression",
        to.display(),
        summary.tables,
        summary.rows,
        summary.files,
        summary.bytes
    ))
}

/// `restore --from FILE [--force]`: the backup checked whole first, then restored.
pub fn restore(settings: &Settings, from: &Path, force: bool) -> Result<String, CommandError> {
    let db = Db::connect(DatabaseUrl::parse(&settings.database_url())?, 1)?;
    let from_path = from.to_path_buf();
    let summary = with_objects(
        settings.file_store.as_deref(),
        &settings.data_dir,
        move |objects| {
            crate::records::restore::restore(&mut *db.get()?, objects, &from_path, force)
        },
    )?;
    Ok(format!(
        "restored the backup of {} from {}: {} tables, {} rows, {} files",
        summary.created_at,
        from.display(),
        summary.tables,
        summary.rows,
        summary.files
    ))
}
