//! The command line: what `eportfolio` accepts, as clap types. `dispatch` turns a parsed
//! command into a call of the library.

use std::net::SocketAddr;
use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

#[derive(Parser)]
#[command(
    name = "eportfolio",
    version,
    about = "Training and assessment platform for the personalisation awards"
)]
pub struct Cli {
    #[command(subcommand)]
    pub(super) command: Command,
}

#[derive(Subcommand)]
pub enum Command {
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
    /// The key-encryption key: seal every stored secret under the current one.
    Keys {
        #[command(subcommand)]
        command: KeysCommand,
    },
    /// The file store: the sweep of files nothing refers to.
    Files {
        #[command(subcommand)]
        command: FilesCommand,
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
pub struct BenchArgs {
    /// Learners in the centre.
    #[arg(long, default_value_t = 2000)]
    pub(super) learners: usize,
    /// Learners with many evidence items (all with the first assessor).
    #[arg(long, default_value_t = 10)]
    pub(super) heavy: usize,
    /// Evidence items of each heavy learner.
    #[arg(long, default_value_t = 300)]
    pub(super) evidence: usize,
    /// Mappings of each heavy learner's evidence, in all.
    #[arg(long, default_value_t = 600)]
    pub(super) mappings: usize,
    /// Concurrent keep-alive connections.
    #[arg(long, default_value_t = 8)]
    pub(super) connections: usize,
    /// Seconds measured per request (after the warm-up).
    #[arg(long, default_value_t = 10)]
    pub(super) seconds: u64,
    /// Seconds of warm-up per request, not measured.
    #[arg(long, default_value_t = 2)]
    pub(super) warmup: u64,
    /// Size of the upload to measure, in MiB (0 skips it).
    #[arg(long, default_value_t = 1024)]
    pub(super) upload_mib: u64,
    /// Build the centre here (kept); default a temporary folder, removed afterwards.
    #[arg(long)]
    pub(super) data_dir: Option<PathBuf>,
    /// An empty PostgreSQL database to use instead of SQLite.
    #[arg(long, env = "BENCH_DATABASE_URL", hide_env_values = true)]
    pub(super) database_url: Option<String>,
    /// Measure only the requests whose name contains this (e.g. "tracker page").
    #[arg(long)]
    pub(super) only: Option<String>,
    /// s3://bucket/prefix: the server under test keeps files there (AWS_* variables as for
    /// serve); default: its data folder.
    #[arg(long, env = "BENCH_FILE_STORE")]
    pub(super) file_store: Option<String>,
}

#[derive(Subcommand)]
pub enum AdminCommand {
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
pub enum RecordsCommand {
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
pub enum KeysCommand {
    /// Seal every stored secret (signing keys, two-step secrets) under the current
    /// key-encryption key, opening those sealed under a previous one: the second step of a
    /// rotation (serve also does it at start). Reports how many were sealed again.
    Reseal {
        #[command(flatten)]
        database: DatabaseArgs,
    },
}

#[derive(Subcommand)]
pub enum FilesCommand {
    /// Remove stored files no record refers to (left by an upload cut off half-way), once they
    /// are older than the grace period; report each. `serve` also sweeps once a day.
    Sweep {
        /// List what would be removed, and remove nothing.
        #[arg(long)]
        dry_run: bool,
        /// Leave files younger than this many hours (an upload whose record is about to be saved).
        #[arg(long, default_value_t = 24)]
        grace_hours: u64,
        #[command(flatten)]
        database: DatabaseArgs,
    },
}

#[derive(Subcommand)]
pub enum AuditCommand {
    /// Walk the hash chain and check every sealed decision row against the entry that recorded
    /// it; report each problem (naming the table, row and entry) and exit 1.
    Verify {
        /// A checkpoint file (from `audit checkpoint` or an EQA sample pack): also find a chain
        /// cut short or rewritten since it was signed.
        #[arg(long)]
        checkpoint: Option<PathBuf>,
        #[command(flatten)]
        database: DatabaseArgs,
    },
    /// Sign a checkpoint of the chain's head with the platform key, store it, and write it
    /// (with the public key) as JSON to FILE or standard output.
    Checkpoint {
        /// Where to write the checkpoint file; default: standard output.
        #[arg(long)]
        out: Option<PathBuf>,
        #[command(flatten)]
        database: DatabaseArgs,
    },
}

#[derive(clap::Args)]
pub struct LinkArgs {
    #[command(flatten)]
    pub(super) database: DatabaseArgs,
    /// Where people reach the service, for the link (default http://127.0.0.1:8080).
    #[arg(long, env = "EPORTFOLIO_PUBLIC_URL")]
    pub(super) public_url: Option<String>,
    /// Token signing key (default: the key file in the data dir).
    #[arg(long, env = "EPORTFOLIO_JWT_KEY", hide_env_values = true)]
    pub(super) jwt_key: Option<String>,
}

#[derive(clap::Args)]
pub struct DatabaseArgs {
    /// Folder for the SQLite database and evidence files.
    #[arg(long, env = "EPORTFOLIO_DATA_DIR", default_value = "./data")]
    pub(super) data_dir: PathBuf,
    /// postgres://… for PostgreSQL; default: SQLite in the data dir.
    #[arg(long, env = "DATABASE_URL", hide_env_values = true)]
    pub(super) database_url: Option<String>,
    /// Where evidence files live: s3://bucket/prefix for an S3-compatible object store (endpoint,
    /// region and credentials from AWS_ENDPOINT, AWS_REGION, AWS_ACCESS_KEY_ID,
    /// AWS_SECRET_ACCESS_KEY; AWS_ALLOW_HTTP=true for plain http); default: the data dir.
    #[arg(long, env = "EPORTFOLIO_FILE_STORE")]
    pub(super) file_store: Option<String>,
    /// The key that seals the signing keys and two-step secrets the database keeps (32+
    /// characters; give the same to every node); default: a key file in the data dir.
    #[arg(long, env = "EPORTFOLIO_KEY_ENCRYPTION_KEY", hide_env_values = true)]
    pub(super) key_encryption_key: Option<String>,
    /// A key-encryption key being rotated out: secrets sealed under it still open, and are
    /// sealed again under the current key at start (or by `keys reseal`). Repeat or separate
    /// with commas.
    #[arg(
        long = "previous-key-encryption-key",
        env = "EPORTFOLIO_PREVIOUS_KEY_ENCRYPTION_KEY",
        value_delimiter = ',',
        hide_env_values = true
    )]
    pub(super) previous_key_encryption_keys: Vec<String>,
}

#[derive(clap::Args)]
pub struct ServeArgs {
    /// Address and port to listen on.
    #[arg(long, env = "EPORTFOLIO_BIND", default_value = "127.0.0.1:8080")]
    pub(super) bind: SocketAddr,
    #[command(flatten)]
    pub(super) database: DatabaseArgs,
    /// Folder of curriculum files; default: the curriculum built into this binary.
    #[arg(long, env = "EPORTFOLIO_CURRICULUM")]
    pub(super) curriculum: Option<PathBuf>,
    /// HTTP worker threads; default: one per core.
    #[arg(long, env = "EPORTFOLIO_WORKERS")]
    pub(super) workers: Option<usize>,
    /// Where people reach the service, for links in emails; default http://<bind>.
    #[arg(long, env = "EPORTFOLIO_PUBLIC_URL")]
    pub(super) public_url: Option<String>,
    /// Token signing key (32+ characters; give the same to every node); default: a key file in the data dir.
    #[arg(long, env = "EPORTFOLIO_JWT_KEY", hide_env_values = true)]
    pub(super) jwt_key: Option<String>,
    /// SMTP server for outgoing mail (smtp://host:port, smtps://user:pass@host); default: the outbox folder.
    #[arg(long, env = "SMTP_URL", hide_env_values = true)]
    pub(super) smtp_url: Option<String>,
    /// The From address of outgoing mail.
    #[arg(
        long,
        env = "EPORTFOLIO_MAIL_FROM",
        default_value = "eportfolio <no-reply@localhost>"
    )]
    pub(super) mail_from: String,
    /// Seed a demo centre with one account per role, and print how to sign in.
    #[arg(long)]
    pub(super) demo: bool,
    /// Largest evidence file accepted, in MiB.
    #[arg(long, env = "EPORTFOLIO_MAX_UPLOAD_MIB", default_value_t = 512)]
    pub(super) max_upload_mib: u64,
    /// A proxy in front of the service (an address or a range like 10.0.0.0/8; repeat it or
    /// separate with commas) whose X-Forwarded-For names the client, for the sign-in throttle and
    /// the addresses signatures record. Without it the socket's peer is the client.
    #[arg(
        long = "trusted-proxy",
        env = "EPORTFOLIO_TRUSTED_PROXY",
        value_delimiter = ','
    )]
    pub(super) trusted_proxies: Vec<String>,
    /// Let platform administrators sign in without two-step sign-in (by default they must set
    /// it up; `--demo`, whose passwords are public anyway, lets them).
    #[arg(long, env = "EPORTFOLIO_PLATFORM_ADMINS_WITHOUT_TWO_STEP")]
    pub(super) platform_admins_without_two_step: bool,
    /// On SIGTERM, seconds to keep answering with `/readyz` at 503 (so a load balancer stops
    /// sending new work) before closing the listener; requests in flight then have 30 s more.
    #[arg(long, env = "EPORTFOLIO_DRAIN_SECONDS", default_value_t = 5)]
    pub(super) drain_seconds: u64,
    /// A request body that sends nothing for this many seconds is cut (408).
    #[arg(long, env = "EPORTFOLIO_BODY_TIMEOUT_SECONDS", default_value_t = 60)]
    pub(super) body_timeout_seconds: u64,
}

#[derive(Subcommand)]
pub enum CurriculumCommand {
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
pub enum Format {
    Json,
    Case,
}

impl Cli {
    /// The benchmark's own requests would drown its report in request logs.
    pub fn quiet(&self) -> bool {
        #[cfg(feature = "bench")]
        return matches!(
            self.command,
            Command::Bench(_) | Command::BenchReference { .. }
        );
        #[cfg(not(feature = "bench"))]
        false
    }
}
