//! The `eportfolio` command: parse the command line, set up logging, call the library.

use std::process::ExitCode;

use clap::Parser;
use eportfolio::commands::{self, cli::Cli};

fn main() -> ExitCode {
    let cli = Cli::parse();
    init_tracing(if cli.quiet() { "warn" } else { "info" });
    match commands::run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(lines) => {
            for line in lines {
                eprintln!("eportfolio: {line}");
            }
            ExitCode::FAILURE
        }
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
