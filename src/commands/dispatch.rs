//! From a parsed command line to a call of the library: one fn per subcommand, each printing
//! what the command reports and returning the lines to print as the error.

use std::net::SocketAddr;
use std::path::Path;

use super::cli::{
    AdminCommand, AuditCommand, Cli, Command, CurriculumCommand, DatabaseArgs, FilesCommand,
    Format, KeysCommand, LinkArgs, RecordsCommand, ServeArgs,
};
use super::{CommandError, ExportFormat};
use crate::web::ApplicationError;
use crate::web::settings::Settings;

/// Run the command; `Err` holds the lines to print, one problem each.
pub fn run(cli: Cli) -> Result<(), Vec<String>> {
    match cli.command {
        Command::Serve(args) => serve(args),
        Command::Curriculum {
            command: CurriculumCommand::Check { dir },
        } => curriculum_check(dir.as_deref()),
        Command::Curriculum {
            command: CurriculumCommand::Export { format, dir },
        } => curriculum_export(format, dir.as_deref()),
        Command::Migrate(args) => migrate(args),
        Command::Admin {
            command: AdminCommand::Create { email, name, link },
        } => admin_create(&email, &name, link),
        #[cfg(feature = "bench")]
        Command::Bench(args) => bench(args),
        #[cfg(feature = "bench")]
        Command::BenchReference { bind, data_dir } => actix_web::rt::System::new()
            .block_on(crate::bench::reference::serve(bind, &data_dir))
            .map_err(|e| vec![e.to_string()]),
        Command::Records {
            command: RecordsCommand::Purge { dry_run, database },
        } => report(super::records_purge(
            &offline(database, None, None),
            dry_run,
        )),
        Command::Files { command } => files(command),
        Command::Keys {
            command: KeysCommand::Reseal { database },
        } => report(super::keys_reseal(&offline(database, None, None))),
        Command::Backup { to, database } => {
            report(super::backup(&offline(database, None, None), &to))
        }
        Command::Restore {
            from,
            force,
            database,
        } => report(super::restore(&offline(database, None, None), &from, force)),
        Command::Audit {
            command:
                AuditCommand::Verify {
                    checkpoint,
                    database,
                },
        } => report(super::audit_verify(
            &offline(database, None, None),
            checkpoint.as_deref(),
        )),
        Command::Audit {
            command: AuditCommand::Checkpoint { out, database },
        } => report(super::audit_checkpoint(
            &offline(database, None, None),
            out.as_deref(),
        )),
    }
}

fn files(command: FilesCommand) -> Result<(), Vec<String>> {
    let FilesCommand::Sweep {
        dry_run,
        grace_hours,
        database,
    } = command;
    report(super::files_sweep(
        &offline(database, None, None),
        dry_run,
        grace_hours,
    ))
}

fn migrate(args: DatabaseArgs) -> Result<(), Vec<String>> {
    let applied = super::migrate(&offline(args, None, None)).map_err(one)?;
    println!("{applied} migration(s) applied");
    Ok(())
}

fn admin_create(email: &str, name: &str, link: LinkArgs) -> Result<(), Vec<String>> {
    let settings = offline(link.database, link.public_url, link.jwt_key);
    let url = super::admin_create(&settings, email, name).map_err(one)?;
    println!("Platform administrator {email} created.");
    println!("Set the password within 72 hours (the link works once):\n{url}");
    Ok(())
}

fn one(e: CommandError) -> Vec<String> {
    vec![e.to_string()]
}

/// Print a command's report, or its error as one line.
fn report(result: Result<String, CommandError>) -> Result<(), Vec<String>> {
    let report = result.map_err(one)?;
    println!("{report}");
    Ok(())
}

fn serve(args: ServeArgs) -> Result<(), Vec<String>> {
    let settings = Settings {
        bind: args.bind,
        data_dir: args.database.data_dir,
        database_url: args.database.database_url,
        file_store: args.database.file_store,
        curriculum_dir: args.curriculum,
        workers: args.workers,
        public_url: args.public_url,
        jwt_key: args.jwt_key,
        smtp_url: args.smtp_url,
        mail_from: args.mail_from,
        demo: args.demo,
        max_upload_bytes: args.max_upload_mib.saturating_mul(1024 * 1024),
        trusted_proxies: args.trusted_proxies,
        key_encryption_key: args.database.key_encryption_key,
        previous_key_encryption_keys: args.database.previous_key_encryption_keys,
        platform_admins_two_step: !(args.platform_admins_without_two_step || args.demo),
        serving: crate::web::settings::Serving {
            drain: std::time::Duration::from_secs(args.drain_seconds),
            body_timeout: std::time::Duration::from_secs(args.body_timeout_seconds.max(1)),
        },
    };
    actix_web::rt::System::new()
        .block_on(super::serve(settings))
        .map_err(|e| match e {
            CommandError::Curriculum(c)
            | CommandError::Application(ApplicationError::Curriculum(c)) => c.problems(),
            other => one(other),
        })
}

fn curriculum_check(dir: Option<&Path>) -> Result<(), Vec<String>> {
    let summary = super::curriculum_check(dir).map_err(|e| {
        let mut lines = e.problems();
        lines.push(format!("{} problem(s) found", lines.len()));
        lines
    })?;
    println!("{summary}");
    Ok(())
}

fn curriculum_export(format: Format, dir: Option<&Path>) -> Result<(), Vec<String>> {
    let format = match format {
        Format::Json => ExportFormat::Json,
        Format::Case => ExportFormat::Case,
    };
    let text = super::curriculum_export(dir, format).map_err(|e| match e {
        CommandError::Curriculum(c) => c.problems(),
        other => one(other),
    })?;
    println!("{text}");
    Ok(())
}

#[cfg(feature = "bench")]
fn bench(args: super::cli::BenchArgs) -> Result<(), Vec<String>> {
    let defaults = crate::bench::Options::default();
    let options = crate::bench::Options {
        shape: crate::bench::Shape {
            learners: args.learners,
            heavy: args.heavy.min(args.learners),
            evidence: args.evidence.max(2),
            mappings: args.mappings,
            ..defaults.shape
        },
        load: crate::bench::Load {
            connections: args.connections.max(1),
            warmup: std::time::Duration::from_secs(args.warmup),
            measure: std::time::Duration::from_secs(args.seconds.max(1)),
            ..defaults.load
        },
        upload_mib: args.upload_mib,
        data_dir: args.data_dir,
        database_url: args.database_url,
        only: args.only,
        file_store: args.file_store,
    };
    let report = actix_web::rt::System::new()
        .block_on(crate::bench::run(options))
        .map_err(|e| vec![e.to_string()])?;
    println!("{report}");
    Ok(())
}

/// Settings for a command that does not serve.
fn offline(
    database: DatabaseArgs,
    public_url: Option<String>,
    jwt_key: Option<String>,
) -> Settings {
    Settings {
        bind: SocketAddr::from(([127, 0, 0, 1], 8080)),
        data_dir: database.data_dir,
        database_url: database.database_url,
        file_store: database.file_store,
        curriculum_dir: None,
        workers: None,
        public_url,
        jwt_key,
        smtp_url: None,
        mail_from: String::new(),
        demo: false,
        max_upload_bytes: crate::files::DEFAULT_SIZE_LIMIT,
        trusted_proxies: Vec::new(),
        key_encryption_key: database.key_encryption_key,
        previous_key_encryption_keys: database.previous_key_encryption_keys,
        platform_admins_two_step: true,
        serving: crate::web::settings::Serving::default(),
    }
}
