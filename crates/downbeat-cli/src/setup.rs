//! What several commands share: logging, paths, the config and the store,
//! each failure mapped to the exit code it deserves.

use crate::cli::Global;
use crate::exit::{self, Exit};
use downbeat_core::config::catalog::Catalog;
use downbeat_core::config::connectivity::ConnectivityConfig;
use downbeat_core::config::paths::Paths;
use downbeat_core::config::{Config, ConfigError};
use downbeat_core::model::i18n::Language;
use downbeat_core::store::Store;
use std::io::IsTerminal as _;
use std::str::FromStr as _;
use tracing_subscriber::filter::{EnvFilter, LevelFilter};

/// Logs go to stderr so that stdout stays machine-readable.
pub fn init_logging(level: &str) -> anyhow::Result<()> {
    // A bare word would parse as a filter on a module of that name and
    // silently log nothing, so only levels and explicit directives pass.
    let filter = if LevelFilter::from_str(level).is_ok() || level.contains('=') {
        EnvFilter::try_new(level)
    } else {
        return Err(exit::usage(format!(
            "bad --log-level {level:?}: use off, error, warn, info, debug or trace"
        )));
    }
    .map_err(|error| exit::usage(format!("bad --log-level {level:?}: {error}")))?;
    let logs = tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .with_ansi(std::io::stderr().is_terminal())
        .with_env_filter(filter);
    if crate::journal::is_journal() {
        logs.event_format(crate::journal::Journald).try_init()
    } else {
        logs.try_init()
    }
    .map_err(|error| anyhow::anyhow!("cannot start logging: {error}"))
}

/// Flags, then environment, then the platform's directories.
pub fn paths(global: &Global) -> anyhow::Result<Paths> {
    Paths::resolve(global.config.clone(), global.data_dir.clone()).map_err(exit::usage)
}

/// The user's config. A bad file exits 78 with `path:line:col: message`,
/// and is left as it is. No file reads as the default, watching nothing, and
/// none is written: the desktop app's first run writes it, and asks what to
/// watch (a file written here would keep that question from being asked).
/// A wrong `[[hooks]]` table is a config error too (the desktop app leaves
/// the hook out instead).
pub fn load_config(paths: &Paths) -> anyhow::Result<Config> {
    let catalog = Catalog::builtin();
    match load_existing(paths, &catalog)? {
        Some(config) => config.hooks_checked(&paths.config).map_err(config_error),
        None => Config::default_in(&paths.config, &catalog).map_err(config_error),
    }
}

/// The config for a command that watches (`watch`, `serve`): a missing file
/// exits 78 saying how to start one, as does, for `watch`, a file that
/// lists no service (`serve` runs on one, to be filled and re-read on
/// SIGHUP).
pub fn config_to_watch(paths: &Paths, empty_is_fine: bool) -> anyhow::Result<Config> {
    let how = "add the services to watch there, one [[services]] table each with its catalog id \
        (id = \"github\"; `downbeat catalog` lists them), or pick them in the Downbeat app";
    let path = paths.config.display();
    match load_existing(paths, &Catalog::builtin())? {
        None => Err(Exit::new(
            exit::CONFIG,
            format!("nothing to watch: there is no config at {path}; {how}"),
        )
        .into()),
        Some(config) if config.services.is_empty() && !empty_is_fine => Err(Exit::new(
            exit::CONFIG,
            format!("nothing to watch: {path} lists no services; {how}"),
        )
        .into()),
        Some(config) => config.hooks_checked(&paths.config).map_err(config_error),
    }
}

/// The file as it is, and a word on stderr for each service in it whose
/// vendor shut it down (left out, the rest watched as before).
fn load_existing(paths: &Paths, catalog: &Catalog) -> anyhow::Result<Option<Config>> {
    let config = Config::load_existing(&paths.config, catalog).map_err(config_error)?;
    for retired in config.iter().flat_map(|config| &config.retired) {
        eprintln!("downbeat: {}: {retired}", paths.config.display());
    }
    Ok(config)
}

fn config_error(error: ConfigError) -> anyhow::Error {
    let code = match error {
        ConfigError::Invalid { .. } => exit::CONFIG,
        ConfigError::Io { .. } => exit::IO,
    };
    Exit::new(code, error.to_string()).into()
}

/// Open the database to read it, never writing to it. Every store error, a
/// database from a newer Downbeat included, exits 1 with the store's own
/// message.
pub fn open_store(paths: &Paths) -> anyhow::Result<Store> {
    Store::open_read_only(&paths.database())
        .map_err(|error| Exit::new(exit::FAILURE, error.to_string()).into())
}

/// The "is it me?" anchors and the language for a one-shot check: the
/// config's when it exists and reads, else the defaults and the system's
/// language. Nothing is written (no default config).
pub fn connectivity(global: &Global) -> (ConnectivityConfig, Language) {
    let path = Paths::resolve(global.config.clone(), global.data_dir.clone())
        .map(|paths| paths.config)
        .ok();
    // Only a regular file of a sane size (not a FIFO, not /dev/zero).
    let config = path
        .as_ref()
        .and_then(|path| downbeat_core::config::read_config_file(path).ok())
        .and_then(|bytes| String::from_utf8(bytes).ok())
        .and_then(|text| {
            let path = path
                .as_deref()
                .unwrap_or(std::path::Path::new("config.toml"));
            Config::parse(&text, path, &Catalog::builtin()).ok()
        })
        // No config (or a broken one): the defaults, the system's language.
        .or_else(|| Config::parse("", std::path::Path::new(""), &Catalog::builtin()).ok());
    match config {
        Some(config) => {
            let language = downbeat_core::app::engine::language_of(&config);
            (config.connectivity, language)
        }
        None => (ConnectivityConfig::default(), Language::En),
    }
}

/// Open (and migrate) the database as the data dir's one writer. Another
/// writer already running exits 75 naming it; a file that cannot be read
/// is moved aside, which is said here once.
pub fn open_writer(paths: &Paths, holder: &str) -> anyhow::Result<Store> {
    let store =
        Store::open_writer(&paths.database(), holder, chrono::Utc::now()).map_err(|error| {
            let code = match error {
                downbeat_core::store::StoreError::Locked { .. } => exit::TEMPFAIL,
                _ => exit::FAILURE,
            };
            anyhow::Error::from(Exit::new(code, error.to_string()))
        })?;
    if let Some(recovered) = store.recovered() {
        eprintln!(
            "downbeat: the database could not be read ({}); it was moved to {} and a new one started: the history before now is not in it",
            exit::one_line(&recovered.reason),
            recovered.moved_to.display()
        );
    }
    Ok(store)
}
