//! `downbeat status [--json]`: the stored state of every configured service,
//! in the config's order. Reads what `watch` (or the tray app) recorded; it
//! checks nothing itself.

use crate::cli::StatusArgs;
use crate::format;
use crate::setup;
use chrono::{DateTime, Utc};
use downbeat_core::config::paths::Paths;
use downbeat_core::model::{Cause, ServiceState, Status};
use serde::Serialize;
use std::collections::HashMap;
use std::io::Write as _;

const NOT_CHECKED: &str = "not checked yet";

#[derive(Debug, Serialize)]
struct Overview {
    services: Vec<Row>,
}

/// One service. `since`, `cause` and `last_check` are null until the first
/// check.
#[derive(Debug, Serialize)]
struct Row {
    service: String,
    name: String,
    status: Status,
    since: Option<DateTime<Utc>>,
    cause: Option<Cause>,
    reason: String,
    last_check: Option<DateTime<Utc>>,
}

pub fn run(args: &StatusArgs, paths: &Paths) -> anyhow::Result<u8> {
    let config = setup::load_config(paths)?;
    // A read-only command does not create a database that is not there yet:
    // no database simply means nothing was checked.
    let stored: HashMap<String, ServiceState> = if paths.database().exists() {
        setup::open_store(paths)?
            .states()
            .map_err(|error| crate::exit::Exit::new(crate::exit::FAILURE, error.to_string()))?
            .into_iter()
            .map(|state| (state.service.clone(), state))
            .collect()
    } else {
        HashMap::new()
    };
    let services: Vec<Row> = config
        .services
        .iter()
        .map(|spec| match stored.get(&spec.id) {
            Some(state) => Row {
                service: spec.id.clone(),
                // The config's name: the user may have renamed it since.
                name: spec.name.clone(),
                status: state.status,
                since: Some(state.since),
                cause: Some(state.cause),
                reason: state.reason.clone(),
                last_check: state.last_check,
            },
            None => Row {
                service: spec.id.clone(),
                name: spec.name.clone(),
                status: Status::Unknown,
                since: None,
                cause: None,
                reason: NOT_CHECKED.to_owned(),
                last_check: None,
            },
        })
        .collect();

    let overview = Overview { services };
    if args.json {
        let mut stdout = crate::out::machine();
        serde_json::to_writer(&mut stdout, &overview)?;
        writeln!(stdout)?;
        stdout.flush()?;
    } else {
        let mut stdout = crate::out::human();
        write_table(&mut stdout, &overview.services)?;
        stdout.flush()?;
    }
    Ok(0)
}

/// "● GitHub   operational   since 2026-01-01 12:00", columns aligned.
fn write_table(out: &mut impl std::io::Write, rows: &[Row]) -> std::io::Result<()> {
    if rows.is_empty() {
        return writeln!(out, "No services configured.");
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
            Some(since) => format!("since {}", format::local_minute(since)),
            None => NOT_CHECKED.to_owned(),
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
