//! `downbeat check TARGET [--json]`: fetch one status page once, print what
//! it says, exit with its status (0 operational … 3 unknown).

use crate::cli::CheckArgs;
use crate::format;
use crate::target::{self, Target};
use chrono::{DateTime, Utc};
use downbeat_core::config::catalog::Catalog;
use downbeat_core::config::connectivity::ConnectivityConfig;
use downbeat_core::config::SourceKind;
use downbeat_core::io::checker::{Checker, SourceCheck};
use downbeat_core::io::connectivity::ConnectivityChecker;
use downbeat_core::io::fetch::{FetchOptions, Fetcher};
use downbeat_core::model::i18n::{Language, Text};
use downbeat_core::model::text::redact_url;
use downbeat_core::model::{
    Component, Connectivity, ErrorKind, Failure, IncidentUpdate, Outcome, Snapshot, Status,
    VendorIncident,
};
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
    error: Option<ErrorOut>,
    /// Not in the JSON contract; kept for the human summary.
    #[serde(skip)]
    description: Option<String>,
    /// Whether `name` came from the catalog (curated, so it wins over the
    /// page's own name).
    #[serde(skip)]
    catalog_named: bool,
    /// What the URL was found to be, for the human summary.
    #[serde(skip)]
    detected: Option<String>,
    /// Set when nothing answered and the user's own connection is not
    /// online: then nobody can tell whether the service is down.
    #[serde(skip_serializing_if = "Option::is_none")]
    connectivity: Option<Connectivity>,
    #[serde(skip)]
    connectivity_reason: Option<String>,
}

/// The contract's `error`: its `kind`, and `message`, one sentence for a
/// person in the config's language; `detail` adds the technical cause (the
/// HTTP library's words, or the reader's) for whoever wants it.
#[derive(Debug, Serialize)]
struct ErrorOut {
    kind: ErrorKind,
    message: String,
    detail: String,
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

pub async fn run(
    args: &CheckArgs,
    connectivity: ConnectivityConfig,
    language: Language,
) -> anyhow::Result<u8> {
    let target = target::resolve(&args.target, &Catalog::builtin())?;
    let deadline = std::time::Duration::from_secs(args.timeout);
    let report = check(target, connectivity, deadline, language).await;
    if args.json {
        let mut stdout = crate::out::machine();
        serde_json::to_writer(&mut stdout, &report)?;
        writeln!(stdout)?;
        stdout.flush()?;
    } else {
        let mut stdout = crate::out::human();
        write_summary(&mut stdout, &report, language)?;
        stdout.flush()?;
    }
    Ok(format::exit_code(report.status))
}

/// Check every source of the target once. Every failure ends up in the
/// report (status `unknown` when nothing could be read), never as an error:
/// a script still gets its JSON object.
async fn check(
    target: Target,
    connectivity: ConnectivityConfig,
    deadline: std::time::Duration,
    language: Language,
) -> Report {
    let checked_at = Utc::now();
    let catalog_named = target.name.is_some();
    let first = target.sources.first();
    let mut report = Report {
        // Until the page names itself, a URL's host is the best name we have.
        name: target.name.unwrap_or_else(|| target.authority.clone()),
        service: target.service,
        kind: first.map_or("auto", |s| s.kind.as_str()),
        url: first.map(|s| redact_url(&s.url)).unwrap_or_default(),
        status: Status::Unknown,
        components: Vec::new(),
        incidents: Vec::new(),
        maintenances: Vec::new(),
        checked_at,
        latency_ms: 0,
        error: None,
        description: None,
        catalog_named,
        detected: None,
        connectivity: None,
        connectivity_reason: None,
    };
    // Each request may take a little longer than the whole check, so that
    // a server that never answers meets the check's deadline ("no answer
    // within N s", status unknown) rather than a request's.
    let options = FetchOptions {
        timeout: deadline + std::time::Duration::from_secs(1),
        ..FetchOptions::default()
    };
    let fetcher = match Fetcher::new(options) {
        Ok(fetcher) => fetcher,
        Err(failure) => {
            report.error = Some(ErrorOut {
                kind: failure.error.kind,
                message: failure.error.message.clone(),
                detail: failure.error.message,
            });
            return report;
        }
    };
    let resolver = fetcher.resolver();
    let checker = Checker::new(fetcher).with_deadline(deadline);
    let mut results = Vec::with_capacity(target.sources.len());
    for source in &target.sources {
        // Not conditional: a one-shot check has no earlier copy to compare with.
        results.push(checker.check(source, false, checked_at).await);
    }
    // The main result: the first status page that was read, else the first.
    let main = results
        .iter()
        .position(|r| r.snapshot.is_some())
        .unwrap_or(0);
    if let Some(result) = results.get(main) {
        report.url = redact_url(&result.url);
        report.latency_ms = result.latency_ms;
        if let Some(detected) = &result.detected {
            report.kind = detected.kind.as_str();
            report.detected = Some(detected.explanation.clone());
        }
    }
    report.error = results.iter().find_map(|r| {
        let error = r.error.as_ref()?;
        let failure = Failure::new(Some(error.kind), r.http_status, &error.message);
        let host = downbeat_core::model::text::host(&r.url);
        let page = report.kind != "http";
        Some(ErrorOut {
            kind: error.kind,
            message: language.check_failed(&host, &failure, page),
            detail: error.message.clone(),
        })
    });
    let probes: Vec<&SourceCheck> = target
        .sources
        .iter()
        .zip(&results)
        .filter(|(source, result)| result.snapshot.is_none() && is_probe(source.kind, result))
        .map(|(_, result)| result)
        .collect();
    let probed = match (
        probes.len(),
        probes
            .iter()
            .filter(|r| r.outcome == Outcome::Failed)
            .count(),
    ) {
        (0, _) => None,
        (all, failed) if failed == all => Some(Status::MajorOutage),
        (_, 0) => probes.iter().map(|r| r.status).reduce(Status::worst),
        _ => Some(Status::PartialOutage),
    };
    let vendor = results.get_mut(main).and_then(|r| r.snapshot.take());
    // A catalog part is judged on its own components, as the app does.
    let every_listed = target
        .sources
        .get(main)
        .is_none_or(|s| s.kind.lists_every_component());
    let vendor_status = vendor
        .as_ref()
        .map(|s| s.status_through(&target.components, every_listed));
    if let Some(snapshot) = vendor {
        fill(&mut report, snapshot);
    }
    report.status = match (vendor_status, probed) {
        (Some(a), Some(b)) => Status::worst(a, b),
        (Some(status), None) | (None, Some(status)) => status,
        (None, None) => Status::Unknown,
    };
    // Nothing answered at all: before blaming the service, ask whether the
    // connection works ("is it me?"), as the app does. An answer of any
    // kind (a 503 included) already shows the way there works.
    let unanswered = |r: &SourceCheck| {
        r.error.as_ref().is_some_and(|e| {
            matches!(
                e.kind,
                ErrorKind::Dns | ErrorKind::Connect | ErrorKind::Timeout
            )
        })
    };
    let silent = !results.is_empty() && results.iter().all(unanswered);
    if silent && report.status != Status::Operational {
        if let Ok(anchors) = ConnectivityChecker::new(connectivity, resolver) {
            let assessment = anchors.check().await;
            if assessment.state != Connectivity::Online {
                report.status = Status::Unknown;
                report.connectivity = Some(assessment.state);
                let offset = *chrono::Local::now().offset();
                report.connectivity_reason = Some(assessment.reason.render(language, offset));
            }
        }
    }
    report
}

/// An endpoint probe (configured, or what an `auto` URL turned out to be).
fn is_probe(kind: SourceKind, result: &SourceCheck) -> bool {
    match &result.detected {
        Some(detected) => detected.kind == SourceKind::Http,
        None => kind == SourceKind::Http,
    }
}

fn fill(report: &mut Report, snapshot: Snapshot) {
    if !report.catalog_named {
        if let Some(page_name) = snapshot.page_name {
            report.name = page_name;
        }
    }
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
/// maintenances, in `language` (the statuses stay the contract's words, as
/// in `status`).
fn write_summary(
    out: &mut impl std::io::Write,
    report: &Report,
    language: Language,
) -> std::io::Result<()> {
    let status = report.status;
    let word = |key| language.text(key);
    if let Some(reason) = &report.connectivity_reason {
        writeln!(
            out,
            "{} {}: {status} — {}: {reason}",
            format::glyph(status),
            report.name,
            word(Text::CheckCantTell)
        )?;
        return writeln!(out, "  {} {}", word(Text::CheckChecked), report.url);
    }
    match (&report.error, &report.description) {
        (Some(error), _) => {
            writeln!(
                out,
                "{} {}: {status} — {}",
                format::glyph(status),
                report.name,
                error.message
            )?;
            // The technical cause, for whoever wants it: one line, plain.
            let detail = downbeat_core::model::text::plain_line(&error.detail);
            if !detail.is_empty() && detail != error.message {
                writeln!(out, "  {}: {detail}", word(Text::Details).to_lowercase())?;
            }
        }
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
        writeln!(
            out,
            "  {}: {}",
            word(Text::CheckAffected),
            troubled.join(", ")
        )?;
    }
    for incident in report.incidents.iter().filter(|i| i.resolved_at.is_none()) {
        write_incident(out, incident, incident.started_at, &word(Text::CheckSince))?;
    }
    for maintenance in &report.maintenances {
        let when = maintenance
            .schedule
            .as_ref()
            .and_then(|s| s.scheduled_for)
            .or(maintenance.started_at);
        write_incident(out, maintenance, when, &word(Text::CheckFrom))?;
    }
    if let Some(detected) = &report.detected {
        writeln!(
            out,
            "  {}",
            language.found(report.kind, &report.url, detected)
        )?;
    }
    writeln!(
        out,
        "  {} {} {} {} ms",
        word(Text::CheckChecked),
        report.url,
        word(Text::CheckIn),
        report.latency_ms
    )
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
