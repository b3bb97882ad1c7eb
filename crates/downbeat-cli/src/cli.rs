//! The command line, declared with clap's derive API.

use clap::{Args, Parser, Subcommand, ValueEnum};
use downbeat_core::config::paths::{CONFIG_ENV, DATA_DIR_ENV};
use std::path::PathBuf;

#[derive(Debug, Parser)]
#[command(
    name = "downbeat",
    version,
    about = "Is it down, or is it me? Check and watch the status pages of the services you depend on."
)]
pub struct Cli {
    #[command(flatten)]
    pub global: Global,
    #[command(subcommand)]
    pub command: Command,
}

/// Flags every command accepts, before or after its name.
#[derive(Debug, Args)]
pub struct Global {
    /// The config file [default: config.toml in the platform's config directory]
    #[arg(long, value_name = "FILE", env = CONFIG_ENV, global = true)]
    pub config: Option<PathBuf>,
    /// Where the database lives [default: the platform's data directory]
    #[arg(long, value_name = "DIR", env = DATA_DIR_ENV, global = true)]
    pub data_dir: Option<PathBuf>,
    /// Log verbosity on stderr: off, error, warn, info, debug or trace (or a
    /// tracing filter such as "downbeat_core=debug")
    #[arg(long, value_name = "LEVEL", default_value = "warn", global = true)]
    pub log_level: String,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check one service once and exit with its status
    #[command(after_help = "Exit codes: 0 operational, 1 degraded or maintenance, \
        2 partial or major outage, 3 unknown (the page could not be fetched or read), \
        64 bad input.")]
    Check(CheckArgs),
    /// Show the stored state of every configured service
    Status(StatusArgs),
    /// Watch the configured services until interrupted, printing every event
    Watch(WatchArgs),
    /// List the built-in catalog of known services
    Catalog(CatalogArgs),
    /// Show a service's uptime and incidents, with their timelines
    History(HistoryArgs),
    /// Export the configuration as JSON, or the history as CSV
    Export(ExportArgs),
    /// Replace the configuration with an exported one (the old file is kept
    /// as a timestamped .bak; the last 5 are kept)
    Import(ImportArgs),
    /// Run as a service: watch headless and serve /metrics, /api/v1 and /healthz
    #[command(
        after_help = "SIGTERM or SIGINT stops it (within 5 s); SIGHUP re-reads the config. \
        Listening on anything but loopback needs --token."
    )]
    Serve(ServeArgs),
    /// Wait until a service is up, down or changes (for scripts)
    #[command(
        after_help = "Exit codes: 0 reached, 124 timed out, 3 the service cannot be \
        observed (its page cannot be read, or you are offline), 64 bad input.\n\n\
        SERVICE is a configured service id, or, as for check, a catalog id or a status \
        page's URL. While Downbeat runs on the same data dir (the tray app, watch or \
        serve), wait follows it through its database (read-only) for a service it \
        watches; otherwise it checks the service itself at the service's interval (the \
        config's interval for one not in the config). \"up\" is operational or degraded, \"down\" a \
        partial or major outage, \"any-change\" any status other than the first one seen.\n\n\
        Example: downbeat wait github --until up --timeout 30m && git push"
    )]
    Wait(WaitArgs),
}

#[derive(Debug, Args)]
pub struct WaitArgs {
    /// A configured service id (see `downbeat status`), a catalog id or a URL
    #[arg(value_name = "SERVICE")]
    pub service: String,
    /// What to wait for
    #[arg(long, value_enum, default_value_t = Until::Up)]
    pub until: Until,
    /// Give up after this long ("90s", "30m", "2h") and exit 124 [default: no limit]
    #[arg(long, value_name = "DURATION")]
    pub timeout: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Until {
    /// Operational or degraded
    Up,
    /// A partial or major outage
    Down,
    /// Any status other than the first one seen
    AnyChange,
}

impl Until {
    pub fn describe(self) -> &'static str {
        match self {
            Until::Up => "up",
            Until::Down => "down",
            Until::AnyChange => "something else",
        }
    }
}

#[derive(Debug, Args)]
pub struct ServeArgs {
    /// The address and port to listen on
    #[arg(long, value_name = "ADDR", default_value = downbeat_core::app::serve::DEFAULT_LISTEN)]
    pub listen: String,
    /// A file holding the bearer token every request must present; required
    /// to listen on anything but loopback
    #[arg(long, value_name = "FILE")]
    pub token: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct HistoryArgs {
    /// A configured service id (see `downbeat status`), a catalog id or a URL
    #[arg(value_name = "SERVICE")]
    pub service: String,
    /// How far back: "7d", "30d", "12h"
    #[arg(long, value_name = "AGE", default_value = "30d")]
    pub since: String,
    /// Print one JSON object instead of a summary
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    /// Write here instead of standard output
    #[arg(value_name = "FILE")]
    pub file: Option<PathBuf>,
    /// Export the history instead: one CSV row per service per day
    #[arg(long, conflicts_with = "incidents")]
    pub history: bool,
    /// Export the incidents instead: one CSV row each
    #[arg(long)]
    pub incidents: bool,
}

#[derive(Debug, Args)]
pub struct ImportArgs {
    /// A file written by `downbeat export`
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// Go ahead even when the import removes services
    #[arg(long)]
    pub yes: bool,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// A catalog id (see `downbeat catalog`) or a Statuspage URL
    /// (https://www.githubstatus.com, status.example.com, …)
    #[arg(value_name = "TARGET")]
    pub target: String,
    /// Print one JSON object instead of a summary
    #[arg(long)]
    pub json: bool,
    /// Give up after this many seconds, whatever is still being tried
    #[arg(long, value_name = "SECONDS", default_value_t = 20, value_parser = clap::value_parser!(u64).range(1..=600))]
    pub timeout: u64,
}

#[derive(Debug, Args)]
pub struct StatusArgs {
    /// Print one JSON object instead of a table
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct WatchArgs {
    /// Print one JSON object per line for every event
    #[arg(long)]
    pub json: bool,
    /// Do not show desktop notifications (they are still printed)
    #[arg(long)]
    pub no_notify: bool,
}

#[derive(Debug, Args)]
pub struct CatalogArgs {
    /// Only entries whose name, id, alias or category matches this, best first
    #[arg(value_name = "QUERY")]
    pub query: Option<String>,
    /// Print one JSON object instead of a table
    #[arg(long)]
    pub json: bool,
    /// Count services and parts by category and by kind
    #[arg(long, conflicts_with = "query")]
    pub stats: bool,
}
