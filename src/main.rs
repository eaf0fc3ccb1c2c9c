//! The `eportfolio` command: parse the command line, set up logging, call the library.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};
use eportfolio::commands::{self, ExportFormat};
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

fn main() -> ExitCode {
    let cli = Cli::parse();
    init_tracing();
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
            };
            actix_web::rt::System::new()
                .block_on(commands::serve(settings))
                .map_err(|e| match e {
                    commands::CommandError::Curriculum(c) => c.problems(),
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
            let settings = Settings {
                bind: SocketAddr::from(([127, 0, 0, 1], 0)),
                data_dir: args.data_dir,
                database_url: args.database_url,
                curriculum_dir: None,
                workers: None,
            };
            let applied = commands::migrate(&settings).map_err(one)?;
            println!("{applied} migration(s) applied");
            Ok(())
        }
    }
}

fn init_tracing() {
    use tracing_subscriber::EnvFilter;
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info"));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr);
    if std::env::var("EPORTFOLIO_LOG_FORMAT").is_ok_and(|f| f == "json") {
        builder.json().init();
    } else {
        builder.init();
    }
}
