//! `downbeat export [FILE] [--history | --incidents]` and
//! `downbeat import FILE`: the configuration as versioned JSON, the history
//! as CSV.

use crate::cli::{ExportArgs, ImportArgs};
use crate::exit::{self, Exit};
use crate::setup;
use chrono::{DateTime, Utc};
use downbeat_core::app::transfer::{self, TransferError};
use downbeat_core::config::catalog::Catalog;
use downbeat_core::config::paths::Paths;
use downbeat_core::config::write_atomically;
use std::io::Write as _;
use std::path::Path;

pub fn export(args: &ExportArgs, paths: &Paths, now: DateTime<Utc>) -> anyhow::Result<u8> {
    let config = setup::load_config(paths)?;
    let fail = |error: TransferError| Exit::new(exit::FAILURE, error.to_string());
    let text = if args.history || args.incidents {
        if !paths.database().exists() {
            return Err(
                Exit::new(exit::FAILURE, "nothing to export: no history recorded yet").into(),
            );
        }
        let store = setup::open_store(paths)?;
        let since = DateTime::<Utc>::MIN_UTC;
        if args.history {
            let services: Vec<(String, String)> = config
                .services
                .iter()
                .map(|s| (s.id.clone(), s.name.clone()))
                .collect();
            transfer::history_csv(&store, &services, since).map_err(fail)?
        } else {
            let rows = downbeat_core::views::report::incidents(&store, &config, since, now)
                .map_err(|e| fail(e.into()))?;
            transfer::incidents_csv(&rows)
        }
    } else {
        let text = std::fs::read_to_string(&paths.config)
            .map_err(|e| Exit::new(exit::IO, format!("{}: {e}", paths.config.display())))?;
        transfer::export_config(&text, now).map_err(fail)?
    };
    match &args.file {
        Some(file) => write_atomically(file, &text)
            .map_err(|e| Exit::new(exit::IO, format!("{}: {e}", file.display())))?,
        None => {
            let mut stdout = std::io::stdout().lock();
            stdout.write_all(text.as_bytes())?;
            stdout.flush()?;
        }
    }
    Ok(0)
}

/// Validate the export fully, keep the old config as `config.toml.bak`, then
/// write the new one atomically: a bad export changes nothing.
pub fn import(args: &ImportArgs, paths: &Paths) -> anyhow::Result<u8> {
    let document = std::fs::read_to_string(&args.file)
        .map_err(|e| Exit::new(exit::IO, format!("{}: {e}", args.file.display())))?;
    let text = transfer::import_config(&document, &paths.config, &Catalog::builtin())
        .map_err(|error| exit::usage(format!("{}: {error}", args.file.display())))?;
    let backup = backup_path(&paths.config);
    if paths.config.exists() {
        std::fs::copy(&paths.config, &backup)
            .map_err(|e| Exit::new(exit::IO, format!("{}: {e}", backup.display())))?;
    }
    write_atomically(&paths.config, &text)
        .map_err(|e| Exit::new(exit::IO, format!("{}: {e}", paths.config.display())))?;
    let config = setup::load_config(paths)?;
    let mut stderr = std::io::stderr().lock();
    writeln!(
        stderr,
        "Imported {} services into {}{}.",
        config.services.len(),
        paths.config.display(),
        if backup.exists() {
            format!(" (the previous file is {})", backup.display())
        } else {
            String::new()
        }
    )?;
    Ok(0)
}

fn backup_path(config: &Path) -> std::path::PathBuf {
    let mut name = config.file_name().unwrap_or_default().to_owned();
    name.push(".bak");
    config.with_file_name(name)
}
