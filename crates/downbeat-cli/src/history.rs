//! `downbeat history SERVICE [--since 30d] [--json]`: uptime over each
//! window and the incidents with their timelines, from the database.

use crate::cli::HistoryArgs;
use crate::exit::{self, Exit};
use crate::format;
use crate::setup;
use chrono::{DateTime, Utc};
use downbeat_core::config::paths::Paths;
use downbeat_core::logic::history::Entry;
use downbeat_core::views::api::{history_report, HistoryReport};
use std::io::Write as _;

pub fn run(args: &HistoryArgs, paths: &Paths, now: DateTime<Utc>) -> anyhow::Result<u8> {
    let config = setup::load_config(paths)?;
    let Some(spec) = config.services.iter().find(|s| s.id == args.service) else {
        let known: Vec<&str> = config.services.iter().map(|s| s.id.as_str()).collect();
        return Err(exit::usage(format!(
            "{} is not a configured service (configured: {})",
            downbeat_core::config::shown(&args.service),
            known.join(", ")
        )));
    };
    let window = downbeat_core::config::parse_interval(&args.since)
        .map_err(|error| exit::usage(format!("bad --since: {error}")))?;
    // At most a year (parse_interval's bound), so this cannot overflow.
    let since = chrono::Duration::from_std(window)
        .ok()
        .and_then(|window| now.checked_sub_signed(window))
        .ok_or_else(|| exit::usage("bad --since: too far back"))?;
    let store = if paths.database().exists() {
        Some(setup::open_store(paths)?)
    } else {
        None
    };
    let (language, offset) = format::words(&config);
    let report = history_report(store.as_ref(), &config, spec, since, now, offset, language)
        .map_err(|error| Exit::new(exit::FAILURE, error.to_string()))?;
    if args.json {
        let mut stdout = crate::out::machine();
        serde_json::to_writer(&mut stdout, &report)?;
        writeln!(stdout)?;
        stdout.flush()?;
    } else {
        let mut stdout = crate::out::human();
        write_report(&mut stdout, &report)?;
        stdout.flush()?;
    }
    Ok(0)
}

fn write_report(out: &mut impl std::io::Write, report: &HistoryReport) -> std::io::Result<()> {
    writeln!(
        out,
        "{}: incidents since {}",
        report.name,
        format::local_minute(report.since)
    )?;
    // A window is shown over the time actually watched, and says so; the
    // core decides which windows are worth showing (`Uptime::useful`).
    let mut uptime: Vec<String> = Vec::new();
    for u in report.uptime.iter().filter(|u| u.useful) {
        let Some(share) = u.uptime else { continue };
        if u.whole {
            uptime.push(format!("{} {:.2}%", u.window, share * 100.0));
        } else {
            uptime.push(format!(
                "{:.2}% over {} watched",
                share * 100.0,
                format::duration(u.observed_ms)
            ));
        }
    }
    if uptime.is_empty() {
        writeln!(out, "Uptime: nothing observed yet")?;
    } else {
        writeln!(
            out,
            "Uptime (time not observed left out): {}",
            uptime.join("  ")
        )?;
    }
    if report.incidents.is_empty() {
        return writeln!(out, "No incidents.");
    }
    for incident in &report.incidents {
        writeln!(out)?;
        let end = match incident.ended_at {
            Some(end) => format::local_minute(end),
            None => "ongoing".to_owned(),
        };
        writeln!(
            out,
            "{} {} → {end} ({})  {}  [{}]",
            format::glyph(incident.worst),
            format::local_minute(incident.started_at),
            format::duration(incident.duration_ms),
            one_line(&incident.title),
            incident.worst.phrase(),
        )?;
        if let Some(lead) = incident.detection_lead_ms {
            let text = if lead >= 0 {
                format!(
                    "Detected {} before the vendor said so.",
                    format::duration(lead)
                )
            } else {
                format!(
                    "The vendor said so {} before we detected it.",
                    format::duration(-lead)
                )
            };
            writeln!(out, "   {text}")?;
        }
        for entry in &incident.entries {
            let line = match entry {
                Entry::FirstFailure { .. } => "first failing check".to_owned(),
                Entry::Verdict { status, reason, .. } => {
                    format!("{}: {}", status.phrase(), one_line(reason))
                }
                Entry::Recovered { .. } => "back up".to_owned(),
                Entry::Vendor { status, body, .. } => {
                    format!("vendor · {status}: {}", one_line(body))
                }
            };
            writeln!(out, "   {}  {line}", format::local_minute(entry.at()))?;
        }
    }
    Ok(())
}

/// Vendor text on one line, control characters dropped: it is untrusted and
/// must not move the cursor or clear the terminal.
pub(crate) fn one_line(text: &str) -> String {
    // A no-break space stays: French puts one before a colon.
    text.split(|c: char| c.is_whitespace() && c != '\u{a0}')
        .filter(|word| !word.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
        .chars()
        .filter(|c| !c.is_control())
        .collect()
}
