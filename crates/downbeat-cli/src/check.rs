//! `downbeat check TARGET [--json]`: fetch one status page once, print what
//! it says, exit with its status (0 operational … 3 unknown).

use crate::cli::CheckArgs;
use crate::format;
use crate::target::{self, Target};
use chrono::{DateTime, Utc};
use downbeat_core::catalog::Catalog;
use downbeat_core::fetch::{FetchOptions, Fetcher};
use downbeat_core::model::{
    CheckError, Component, ErrorKind, IncidentUpdate, Snapshot, Status, VendorIncident,
};
use downbeat_core::sources::statuspage;
use serde::Serialize;
use std::io::Write as _;

/// The contract's `check --json` object.
#[derive(Debug, Serialize)]
struct Report {
    service: String,
    name: String,
    kind: &'static str,
    url: String,
    status: Status,
    components: Vec<Component>,
    incidents: Vec<IncidentOut>,
    maintenances: Vec<IncidentOut>,
    checked_at: DateTime<Utc>,
    latency_ms: u64,
    error: Option<CheckError>,
    /// Not in the JSON contract; kept for the human summary.
    #[serde(skip)]
    description: Option<String>,
    /// Whether `name` came from the catalog (curated, so it wins over the
    /// page's own name).
    #[serde(skip)]
    catalog_named: bool,
}

/// An incident or maintenance as the contract spells it (the model's own
/// serialization carries extra fields and omits absent schedules).
#[derive(Debug, Serialize)]
struct IncidentOut {
    id: String,
    title: String,
    status: String,
    impact: Status,
    started_at: Option<DateTime<Utc>>,
    resolved_at: Option<DateTime<Utc>>,
    url: Option<String>,
    updates: Vec<IncidentUpdate>,
    /// Present (possibly null) on maintenances only.
    #[serde(flatten, skip_serializing_if = "Option::is_none")]
    schedule: Option<Schedule>,
}

#[derive(Debug, Serialize)]
struct Schedule {
    scheduled_for: Option<DateTime<Utc>>,
    scheduled_until: Option<DateTime<Utc>>,
}

impl IncidentOut {
    fn new(incident: VendorIncident, maintenance: bool) -> IncidentOut {
        let schedule = maintenance.then_some(Schedule {
            scheduled_for: incident.scheduled_for,
            scheduled_until: incident.scheduled_until,
        });
        IncidentOut {
            id: incident.id,
            title: incident.title,
            status: incident.status,
            impact: incident.impact,
            started_at: incident.started_at,
            resolved_at: incident.resolved_at,
            url: incident.url,
            updates: incident.updates,
            schedule,
        }
    }
}

pub async fn run(args: &CheckArgs) -> anyhow::Result<u8> {
    let target = target::resolve(&args.target, &Catalog::builtin())?;
    let report = check(target).await;
    let mut stdout = std::io::stdout().lock();
    if args.json {
        serde_json::to_writer(&mut stdout, &report)?;
        writeln!(stdout)?;
    } else {
        write_summary(&mut stdout, &report)?;
    }
    stdout.flush()?;
    Ok(format::exit_code(report.status))
}

/// Fetch and parse once. Every failure ends up in the report (status
/// `unknown`), never as an error: a script still gets its JSON object.
async fn check(target: Target) -> Report {
    let checked_at = Utc::now();
    let catalog_named = target.name.is_some();
    let mut report = Report {
        // Until the page names itself, a URL's host is the best name we have.
        name: target.name.unwrap_or_else(|| target.authority.clone()),
        service: target.service,
        kind: "statuspage",
        url: target.url,
        status: Status::Unknown,
        components: Vec::new(),
        incidents: Vec::new(),
        maintenances: Vec::new(),
        checked_at,
        latency_ms: 0,
        error: None,
        description: None,
        catalog_named,
    };
    let fetcher = match Fetcher::new(FetchOptions::default()) {
        Ok(fetcher) => fetcher,
        Err(failure) => {
            report.error = Some(failure.error);
            return report;
        }
    };
    // Not conditional: a one-shot check has no earlier copy to compare with.
    let body = match fetcher.get(&report.url, false).await {
        Ok(fetched) => {
            report.latency_ms = fetched.latency_ms;
            fetched.body
        }
        Err(failure) => {
            report.latency_ms = failure.latency_ms;
            report.error = Some(failure.error);
            return report;
        }
    };
    let Some(body) = body else {
        // Only a conditional request can get a 304, so this is a broken server.
        report.error = Some(CheckError {
            kind: ErrorKind::HttpStatus,
            message: "HTTP 304 Not Modified to an unconditional request".into(),
        });
        return report;
    };
    match statuspage::parse_summary(&body) {
        Ok(snapshot) => fill(&mut report, snapshot),
        Err(error) => {
            report.error = Some(CheckError {
                kind: ErrorKind::Parse,
                message: error.to_string(),
            });
        }
    }
    report
}

fn fill(report: &mut Report, snapshot: Snapshot) {
    if !report.catalog_named {
        if let Some(page_name) = snapshot.page_name {
            report.name = page_name;
        }
    }
    report.status = snapshot.status;
    report.description = snapshot.description;
    report.components = snapshot.components;
    report.incidents = snapshot
        .incidents
        .into_iter()
        .map(|incident| IncidentOut::new(incident, false))
        .collect();
    report.maintenances = snapshot
        .maintenances
        .into_iter()
        .map(|maintenance| IncidentOut::new(maintenance, true))
        .collect();
}

/// "GitHub: major_outage — Major System Outage", then the troubled
/// components, the open incidents with their latest update, and the
/// maintenances.
fn write_summary(out: &mut impl std::io::Write, report: &Report) -> std::io::Result<()> {
    let status = report.status;
    match (&report.error, &report.description) {
        (Some(error), _) => writeln!(
            out,
            "{} {}: {status} — cannot read its status page: {} ({})",
            format::glyph(status),
            report.name,
            error.message,
            error.kind.as_str()
        )?,
        (None, Some(description)) => writeln!(
            out,
            "{} {}: {status} — {description}",
            format::glyph(status),
            report.name
        )?,
        (None, None) => writeln!(out, "{} {}: {status}", format::glyph(status), report.name)?,
    }
    let troubled: Vec<String> = report
        .components
        .iter()
        .filter(|c| c.status != Status::Operational)
        .map(|c| format!("{} ({})", c.name, c.status))
        .collect();
    if !troubled.is_empty() {
        writeln!(out, "  affected: {}", troubled.join(", "))?;
    }
    for incident in report.incidents.iter().filter(|i| i.resolved_at.is_none()) {
        write_incident(out, incident, incident.started_at, "since")?;
    }
    for maintenance in &report.maintenances {
        let when = maintenance
            .schedule
            .as_ref()
            .and_then(|s| s.scheduled_for)
            .or(maintenance.started_at);
        write_incident(out, maintenance, when, "from")?;
    }
    writeln!(out, "  checked {} in {} ms", report.url, report.latency_ms)
}

fn write_incident(
    out: &mut impl std::io::Write,
    incident: &IncidentOut,
    when: Option<DateTime<Utc>>,
    word: &str,
) -> std::io::Result<()> {
    let when = when
        .map(|at| format!(", {word} {}", format::local_minute(at)))
        .unwrap_or_default();
    writeln!(
        out,
        "  {} {} ({}{when})",
        format::glyph(incident.impact),
        incident.title,
        incident.status
    )?;
    if let Some(update) = incident.updates.first() {
        // Bodies may span lines; indent them all under the incident.
        let body = update.body.replace('\n', "\n      ");
        writeln!(
            out,
            "    {} {}: {body}",
            format::local_minute(update.at),
            update.status
        )?;
    }
    Ok(())
}
