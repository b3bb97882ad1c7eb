//! `downbeat status [--json]`: the stored state of every configured service,
//! in the config's order. Reads what `watch` (or the tray app) recorded; it
//! checks nothing itself.

use crate::cli::StatusArgs;
use crate::format;
use crate::setup;
use downbeat_core::config::paths::Paths;
use downbeat_core::model::i18n::{Language, Text};
use downbeat_core::model::ServiceState;
use downbeat_core::views::api::{status_rows, StatusList, StatusRow};
use std::collections::HashMap;
use std::io::Write as _;

pub fn run(args: &StatusArgs, paths: &Paths) -> anyhow::Result<u8> {
    let config = setup::load_config(paths)?;
    let (language, offset) = format::words(&config);
    // A read-only command does not create a database that is not there yet:
    // no database simply means nothing was checked.
    let stored: Vec<ServiceState> = if paths.database().exists() {
        setup::open_store(paths)?
            .states()
            .map_err(|error| crate::exit::Exit::new(crate::exit::FAILURE, error.to_string()))?
    } else {
        Vec::new()
    };
    let by_id: HashMap<&str, &ServiceState> =
        stored.iter().map(|s| (s.service.as_str(), s)).collect();
    let services = status_rows(&config, &by_id, language, offset);

    let overview = StatusList {
        services,
        connectivity: None,
    };
    if args.json {
        let mut stdout = crate::out::machine();
        serde_json::to_writer(&mut stdout, &overview)?;
        writeln!(stdout)?;
        stdout.flush()?;
    } else {
        let mut stdout = crate::out::human();
        write_table(&mut stdout, &overview.services, language)?;
        stdout.flush()?;
    }
    Ok(0)
}

/// "● GitHub   operational   since 2026-01-01 12:00", columns aligned; the
/// statuses stay the contract's words, the rest is in `language`.
fn write_table(
    out: &mut impl std::io::Write,
    rows: &[StatusRow],
    language: Language,
) -> std::io::Result<()> {
    if rows.is_empty() {
        return writeln!(out, "{}", language.text(Text::NothingConfigured));
    }
    let name_width = rows
        .iter()
        .map(|r| r.name.chars().count())
        .max()
        .unwrap_or(0);
    let status_width = rows
        .iter()
        .map(|r| r.status.as_str().len())
        .max()
        .unwrap_or(0);
    for row in rows {
        let since = match row.since {
            Some(since) => format!(
                "{} {}",
                language.text(Text::CheckSince),
                format::local_minute(since)
            ),
            None => language.text(Text::NeverChecked).to_string(),
        };
        writeln!(
            out,
            "{} {}  {}  {since}",
            format::glyph(row.status),
            format::pad(&row.name, name_width),
            format::pad(row.status.as_str(), status_width)
        )?;
    }
    Ok(())
}
