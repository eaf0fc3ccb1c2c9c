//! The `eportfolio` command: parse the command line, set up logging, call the library.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};
use eportfolio::commands::{self, ExportFormat};
use eportfolio::web::ApplicationError;
use eportfolio::web::settings::Settings;

#[derive(Parser)]
#[command(
    name = "eportfolio",
    version,
    about = "Training and assessment platform for the personalisation awards"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Serve the web application and the JSON API.
    Serve(ServeArgs),
    /// Check or export the curriculum files.
    Curriculum {
        #[command(subcommand)]
        command: CurriculumCommand,
    },
    /// Apply pending database migrations and exit (serve also does this at start).
    Migrate(DatabaseArgs),
    /// Platform administration.
    Admin {
        #[command(subcommand)]
        command: AdminCommand,
    },
    /// The audit trail.
    Audit {
        #[command(subcommand)]
        command: AuditCommand,
    },
    /// Learners' records: the retention purge (Q3).
    Records {
        #[command(subcommand)]
        command: RecordsCommand,
    },
    /// Copy the database and the file store into one archive, while the server runs.
    Backup {
        /// The archive to write.
        #[arg(long)]
        to: PathBuf,
        #[command(flatten)]
        database: DatabaseArgs,
    },
    /// Restore a backup made by `backup` (checked whole first; a truncated or altered one is refused).
    Restore {
        /// The archive to restore.
        #[arg(long)]
        from: PathBuf,
        /// Replace a database that already holds data.
        #[arg(long)]
        force: bool,
        #[command(flatten)]
        database: DatabaseArgs,
    },
    /// Build a large centre and measure throughput, latency, SQL statements and upload memory
    /// (built with `--features bench`).
    #[cfg(feature = "bench")]
    Bench(BenchArgs),
    /// The benchmark's reference servers (started by `bench`).
    #[cfg(feature = "bench")]
    #[command(hide = true)]
    BenchReference {
        #[arg(long)]
        bind: SocketAddr,
        #[arg(long)]
        data_dir: PathBuf,
    },
}

#[cfg(feature = "bench")]
#[derive(clap::Args)]
struct BenchArgs {
    /// Learners in the centre.
    #[arg(long, default_value_t = 2000)]
    learners: usize,
    /// Learners with many evidence items (all with the first assessor).
    #[arg(long, default_value_t = 10)]
    heavy: usize,
    /// Evidence items of each heavy learner.
    #[arg(long, default_value_t = 300)]
    evidence: usize,
    /// Mappings of each heavy learner's evidence, in all.
    #[arg(long, default_value_t = 600)]
    mappings: usize,
    /// Concurrent keep-alive connections.
    #[arg(long, default_value_t = 8)]
    connections: usize,
    /// Seconds measured per request (after the warm-up).
    #[arg(long, default_value_t = 10)]
    seconds: u64,
    /// Seconds of warm-up per request, not measured.
    #[arg(long, default_value_t = 2)]
    warmup: u64,
    /// Size of the upload to measure, in MiB (0 skips it).
    #[arg(long, default_value_t = 1024)]
    upload_mib: u64,
    /// Build the centre here (kept); default a temporary folder, removed afterwards.
    #[arg(long)]
    data_dir: Option<PathBuf>,
    /// An empty PostgreSQL database to use instead of SQLite.
    #[arg(long, env = "BENCH_DATABASE_URL", hide_env_values = true)]
    database_url: Option<String>,
    /// Measure only the requests whose name contains this (e.g. "tracker page").
    #[arg(long)]
    only: Option<String>,
}

#[derive(Subcommand)]
enum AdminCommand {
    /// Create a platform administrator and print a single-use link to set their password.
    Create {
        #[arg(long)]
        email: String,
        #[arg(long)]
        name: String,
        #[command(flatten)]
        link: LinkArgs,
    },
}

#[derive(Subcommand)]
enum RecordsCommand {
    /// Remove the records of registrations whose retention period after certification has ended.
    Purge {
        /// List what would be removed, and remove nothing.
        #[arg(long)]
        dry_run: bool,
        #[command(flatten)]
        database: DatabaseArgs,
    },
}

#[derive(Subcommand)]
enum AuditCommand {
    /// Walk the hash chain; report the first entry that does not hold and exit 1.
    Verify(DatabaseArgs),
}

#[derive(clap::Args)]
struct LinkArgs {
    #[command(flatten)]
    database: DatabaseArgs,
    /// Where people reach the service, for the link (default http://127.0.0.1:8080).
    #[arg(long, env = "EPORTFOLIO_PUBLIC_URL")]
    public_url: Option<String>,
    /// Token signing key (default: the key file in the data dir).
    #[arg(long, env = "EPORTFOLIO_JWT_KEY", hide_env_values = true)]
    jwt_key: Option<String>,
}

#[derive(clap::Args)]
struct DatabaseArgs {
    /// Folder for the SQLite database and evidence files.
    #[arg(long, env = "EPORTFOLIO_DATA_DIR", default_value = "./data")]
    data_dir: PathBuf,
    /// postgres://… for PostgreSQL; default: SQLite in the data dir.
    #[arg(long, env = "DATABASE_URL", hide_env_values = true)]
    database_url: Option<String>,
}

#[derive(clap::Args)]
struct ServeArgs {
    /// Address and port to listen on.
    #[arg(long, env = "EPORTFOLIO_BIND", default_value = "127.0.0.1:8080")]
    bind: SocketAddr,
    #[command(flatten)]
    database: DatabaseArgs,
    /// Folder of curriculum files; default: the curriculum built into this binary.
    #[arg(long, env = "EPORTFOLIO_CURRICULUM")]
    curriculum: Option<PathBuf>,
    /// HTTP worker threads; default: one per core.
    #[arg(long, env = "EPORTFOLIO_WORKERS")]
    workers: Option<usize>,
    /// Where people reach the service, for links in emails; default http://<bind>.
    #[arg(long, env = "EPORTFOLIO_PUBLIC_URL")]
    public_url: Option<String>,
    /// Token signing key (32+ characters; give the same to every node); default: a key file in the data dir.
    #[arg(long, env = "EPORTFOLIO_JWT_KEY", hide_env_values = true)]
    jwt_key: Option<String>,
    /// SMTP server for outgoing mail (smtp://host:port, smtps://user:pass@host); default: the outbox folder.
    #[arg(long, env = "SMTP_URL", hide_env_values = true)]
    smtp_url: Option<String>,
    /// The From address of outgoing mail.
    #[arg(
        long,
        env = "EPORTFOLIO_MAIL_FROM",
        default_value = "eportfolio <no-reply@localhost>"
    )]
    mail_from: String,
    /// Seed a demo centre with one account per role, and print how to sign in.
    #[arg(long)]
    demo: bool,
    /// Largest evidence file accepted, in MiB.
    #[arg(long, env = "EPORTFOLIO_MAX_UPLOAD_MIB", default_value_t = 512)]
    max_upload_mib: u64,
}

#[derive(Subcommand)]
enum CurriculumCommand {
    /// Load and check the curriculum; print every problem and exit non-zero if any.
    Check {
        /// Folder of curriculum files; default: the curriculum built into this binary.
        dir: Option<PathBuf>,
    },
    /// Print the whole curriculum as JSON or as 1EdTech CASE 1.0 packages.
    Export {
        #[arg(long, value_enum, default_value = "json")]
        format: Format,
        /// Folder of curriculum files; default: the curriculum built into this binary.
        #[arg(long)]
        dir: Option<PathBuf>,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    Json,
    Case,
}

/// The benchmark's own requests would drown its report in request logs.
#[cfg(feature = "bench")]
fn quiet(command: &Command) -> bool {
    matches!(command, Command::Bench(_) | Command::BenchReference { .. })
}

#[cfg(not(feature = "bench"))]
fn quiet(_: &Command) -> bool {
    false
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    init_tracing(if quiet(&cli.command) { "warn" } else { "info" });
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(lines) => {
            for line in lines {
                eprintln!("eportfolio: {line}");
            }
            ExitCode::FAILURE
        }
    }
}

fn run(cli: Cli) -> Result<(), Vec<String>> {
    let one = |e: commands::CommandError| vec![e.to_string()];
    match cli.command {
        Command::Serve(args) => {
            let settings = Settings {
                bind: args.bind,
                data_dir: args.database.data_dir,
                database_url: args.database.database_url,
                curriculum_dir: args.curriculum,
                workers: args.workers,
                public_url: args.public_url,
                jwt_key: args.jwt_key,
                smtp_url: args.smtp_url,
                mail_from: args.mail_from,
                demo: args.demo,
                max_upload_bytes: args.max_upload_mib.saturating_mul(1024 * 1024),
            };
            actix_web::rt::System::new()
                .block_on(commands::serve(settings))
                .map_err(|e| match e {
                    commands::CommandError::Curriculum(c)
                    | commands::CommandError::Application(ApplicationError::Curriculum(c)) => {
                        c.problems()
                    }
                    other => one(other),
                })
        }
        Command::Curriculum {
            command: CurriculumCommand::Check { dir },
        } => {
            let summary = commands::curriculum_check(dir.as_deref()).map_err(|e| {
                let mut lines = e.problems();
                lines.push(format!("{} problem(s) found", lines.len()));
                lines
            })?;
            println!("{summary}");
            Ok(())
        }
        Command::Curriculum {
            command: CurriculumCommand::Export { format, dir },
        } => {
            let format = match format {
                Format::Json => ExportFormat::Json,
                Format::Case => ExportFormat::Case,
            };
            let now = chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
            let text =
                commands::curriculum_export(dir.as_deref(), format, &now).map_err(|e| match e {
                    commands::CommandError::Curriculum(c) => c.problems(),
                    other => one(other),
                })?;
            println!("{text}");
            Ok(())
        }
        Command::Migrate(args) => {
            let applied = commands::migrate(&offline(args, None, None)).map_err(one)?;
            println!("{applied} migration(s) applied");
            Ok(())
        }
        Command::Admin {
            command: AdminCommand::Create { email, name, link },
        } => {
            let settings = offline(link.database, link.public_url, link.jwt_key);
            let url = commands::admin_create(&settings, &email, &name).map_err(one)?;
            println!("Platform administrator {email} created.");
            println!("Set the password within 72 hours (the link works once):\n{url}");
            Ok(())
        }
        #[cfg(feature = "bench")]
        Command::Bench(args) => {
            let defaults = eportfolio::bench::Options::default();
            let options = eportfolio::bench::Options {
                shape: eportfolio::bench::Shape {
                    learners: args.learners,
                    heavy: args.heavy.min(args.learners),
                    evidence: args.evidence.max(2),
                    mappings: args.mappings,
                    ..defaults.shape
                },
                load: eportfolio::bench::Load {
                    connections: args.connections.max(1),
                    warmup: std::time::Duration::from_secs(args.warmup),
                    measure: std::time::Duration::from_secs(args.seconds.max(1)),
                    ..defaults.load
                },
                upload_mib: args.upload_mib,
                data_dir: args.data_dir,
                database_url: args.database_url,
                only: args.only,
            };
            let report = actix_web::rt::System::new()
                .block_on(eportfolio::bench::run(options))
                .map_err(|e| vec![e.to_string()])?;
            println!("{report}");
            Ok(())
        }
        #[cfg(feature = "bench")]
        Command::BenchReference { bind, data_dir } => actix_web::rt::System::new()
            .block_on(eportfolio::bench::reference::serve(bind, &data_dir))
            .map_err(|e| vec![e.to_string()]),
        Command::Records {
            command: RecordsCommand::Purge { dry_run, database },
        } => {
            let report =
                commands::records_purge(&offline(database, None, None), dry_run).map_err(one)?;
            println!("{report}");
            Ok(())
        }
        Command::Backup { to, database } => {
            let report = commands::backup(&offline(database, None, None), &to).map_err(one)?;
            println!("{report}");
            Ok(())
        }
        Command::Restore {
            from,
            force,
            database,
        } => {
            let report =
                commands::restore(&offline(database, None, None), &from, force).map_err(one)?;
            println!("{report}");
            Ok(())
        }
        Command::Audit {
            command: AuditCommand::Verify(args),
        } => {
            let report = commands::audit_verify(&offline(args, None, None)).map_err(one)?;
            println!("{report}");
            Ok(())
        }
    }
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
        curriculum_dir: None,
        workers: None,
        public_url,
        jwt_key,
        smtp_url: None,
        mail_from: String::new(),
        demo: false,
        max_upload_bytes: eportfolio::files::DEFAULT_SIZE_LIMIT,
    }
}

fn init_tracing(default_level: &str) {
    use tracing_subscriber::EnvFilter;
    let filter =
        EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new(default_level));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr);
    if std::env::var("EPORTFOLIO_LOG_FORMAT").is_ok_and(|f| f == "json") {
        builder.json().init();
    } else {
        builder.init();
    }
}
