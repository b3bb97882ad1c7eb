//! `downbeat export [FILE] [--history | --incidents]` and
//! `downbeat import FILE`: the configuration as versioned JSON, the history
//! as CSV.

use crate::cli::{ExportArgs, ImportArgs};
use crate::exit::{self, Exit};
use crate::setup;
use chrono::{DateTime, Utc};
use downbeat_core::app::install::{install_config, is_same_file, InstallError};
use downbeat_core::app::transfer::{self, TransferError};
use downbeat_core::config::catalog::Catalog;
use downbeat_core::config::paths::Paths;
use downbeat_core::config::write_atomically;
use std::io::Write as _;

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
            let (language, offset) = crate::format::words(&config);
            let rows = downbeat_core::views::report::incidents(
                &store, &config, since, now, offset, language,
            )
            .map_err(|e| fail(e.into()))?;
            transfer::incidents_csv(&rows)
        }
    } else {
        let text = downbeat_core::config::read_config_file(&paths.config)
            .map(|bytes| String::from_utf8_lossy(&bytes).into_owned())
            .map_err(|e| Exit::new(exit::IO, format!("{}: {e}", paths.config.display())))?;
        transfer::export_config(&text, now).map_err(fail)?
    };
    match &args.file {
        Some(file) if is_same_file(file, &paths.config) => {
            return Err(exit::usage(format!(
                "{} is the config itself; export to another file",
                file.display()
            )))
        }
        Some(file) => {
            // A typo in a folder name must not create folders silently.
            let parent = file.parent().filter(|p| !p.as_os_str().is_empty());
            if let Some(dir) = parent.filter(|dir| !dir.is_dir()) {
                return Err(
                    Exit::new(exit::IO, format!("{}: no such folder", dir.display())).into(),
                );
            }
            write_atomically(file, &text)
                .map_err(|e| Exit::new(exit::IO, format!("{}: {e}", file.display())))?;
            let what = if args.history {
                "the daily history"
            } else if args.incidents {
                "the incidents"
            } else {
                "the config"
            };
            let mut stdout = crate::out::human();
            writeln!(
                stdout,
                "Exported {what} to {} ({} bytes).",
                file.display(),
                text.len()
            )?;
            stdout.flush()?;
        }
        None => {
            let mut stdout = crate::out::machine();
            stdout.write_all(text.as_bytes())?;
            stdout.flush()?;
        }
    }
    Ok(0)
}

/// Validate the export fully, keep the old config as `config.toml.bak`, then
/// write the new one atomically: a bad export changes nothing.
pub fn import(args: &ImportArgs, paths: &Paths, now: DateTime<Utc>) -> anyhow::Result<u8> {
    let document = downbeat_core::config::read_config_file(&args.file)
        .map(|bytes| String::from_utf8_lossy(&bytes).into_owned())
        .map_err(|e| Exit::new(exit::IO, format!("{}: {e}", args.file.display())))?;
    let catalog = Catalog::builtin();
    let text = transfer::import_config(&document, &paths.config, &catalog)
        .map_err(|error| exit::usage(format!("{}: {error}", args.file.display())))?;
    let installed = install_config(&paths.config, &text, &catalog, args.yes, now).map_err(
        |error| match error {
            InstallError::NeedsYes { .. } => exit::usage(format!("this import {error}")),
            InstallError::Io { .. } => Exit::new(exit::IO, error.to_string()).into(),
        },
    )?;
    let mut stderr = std::io::stderr().lock();
    writeln!(
        stderr,
        "Imported into {}: {}{}.",
        paths.config.display(),
        installed.change,
        installed
            .backup
            .map(|backup| format!("; the previous file is {}", backup.display()))
            .unwrap_or_default()
    )?;
    Ok(0)
}
