//! The one sentence that explains a verdict, from what each source says.

use super::{SourceTrack, View};
use crate::model::{Observation, Snapshot, Status};
use chrono::FixedOffset;

/// "api.example.com" from "https://api.example.com/health".
pub(super) fn host(url: &str) -> String {
    url::Url::parse(url)
        .ok()
        .and_then(|u| u.host_str().map(str::to_owned))
        .unwrap_or_else(|| url.to_owned())
}

/// "connection refused (HTTP 503)": what went wrong with one check.
pub(super) fn failure_detail(observation: &Observation) -> String {
    match (&observation.error, observation.http_status) {
        (Some(error), Some(code)) if !error.message.contains(&code.to_string()) => {
            format!("{} (HTTP {code})", error.message)
        }
        (Some(error), _) => error.message.clone(),
        (None, Some(code)) => format!("HTTP {code}"),
        (None, None) => "no answer".into(),
    }
}

pub(super) fn not_yet_checked(name: &str, failure: Option<&str>) -> String {
    match failure {
        Some(detail) => format!("{name} could not be checked yet ({detail}); trying again."),
        None => format!("{name} has not been checked yet."),
    }
}

/// The title of a maintenance in progress.
pub(super) fn maintenance_title(snapshot: &Snapshot) -> Option<String> {
    snapshot
        .maintenances
        .iter()
        .find(|m| m.status == "in_progress" || m.status == "verifying")
        .map(|m| m.title.clone())
}

pub(super) fn sentence(
    name: &str,
    status: Status,
    sources: &[SourceTrack],
    offset: FixedOffset,
) -> String {
    let vendor = sources.iter().find_map(|s| match &s.view {
        View::Vendor {
            status,
            headline,
            maintenance,
        } => Some((*status, headline.as_deref(), maintenance.as_deref())),
        _ => None,
    });
    let has_vendor = sources.iter().any(|s| !s.probe);
    let failing: Vec<&SourceTrack> = sources
        .iter()
        .filter(|s| matches!(s.view, View::Failing { .. }))
        .collect();
    let answering: Vec<&SourceTrack> = sources
        .iter()
        .filter(|s| matches!(s.view, View::Answering { .. }))
        .collect();

    // Our own checks fail: say which, since when, and what the vendor says.
    if let Some(first) = failing.first() {
        let View::Failing {
            since,
            failures,
            detail,
        } = &first.view
        else {
            return String::new();
        };
        let down = if answering.is_empty() {
            "down"
        } else {
            "partly down"
        };
        let time = since.with_timezone(&offset).format("%H:%M");
        let mut text = format!(
            "{name} is {down}: {} has failed {failures} checks since {time} ({detail}). Your connection is fine.",
            first.label
        );
        match vendor {
            Some((Status::Operational, _, _)) => {
                text.push_str(&format!(" {name} has not posted an incident yet."))
            }
            Some((_, Some(headline), _)) => {
                text.push_str(&format!(" Its status page reports “{headline}”."))
            }
            Some((status, None, _)) => text.push_str(&format!(
                " Its status page reports {}.",
                vendor_phrase(status)
            )),
            None if has_vendor => text.push_str(" Its status page cannot be read either."),
            None => {}
        }
        return text;
    }

    if let Some((vendor_status, headline, maintenance)) = vendor {
        if vendor_status == status && status != Status::Operational {
            let title = |t: Option<&str>| t.map(|t| format!(" (“{t}”)")).unwrap_or_default();
            return match status {
                Status::Maintenance => {
                    format!(
                        "{name} is under maintenance{}, according to its status page.",
                        title(maintenance)
                    )
                }
                Status::Degraded => format!(
                    "{name} is degraded: its status page reports degraded performance{}.",
                    title(headline)
                ),
                Status::PartialOutage => format!(
                    "{name} is partly down: its status page reports a partial outage{}.",
                    title(headline)
                ),
                Status::MajorOutage => format!(
                    "{name} is down: its status page reports a major outage{}.",
                    title(headline)
                ),
                _ => format!("{name}'s status page does not say how it is."),
            };
        }
    }

    if status == Status::Degraded {
        let slow = answering.iter().find_map(|s| match s.view {
            View::Answering {
                status: Status::Degraded,
                latency_ms,
            } => Some((s.label.as_str(), latency_ms)),
            _ => None,
        });
        if let Some((host, latency)) = slow {
            let took = latency
                .map(|ms| format!(" in {:.1} s", ms as f64 / 1000.0))
                .unwrap_or_default();
            return format!("{name} is slow: {host} answered{took}, above its limit.");
        }
    }

    if status == Status::Operational {
        let hosts: Vec<&str> = answering.iter().map(|s| s.label.as_str()).collect();
        let probes = match hosts.as_slice() {
            [] => None,
            [one] => Some(format!("{one} answers")),
            [first, ..] => Some(format!(
                "{first} and {} other endpoint(s) answer",
                hosts.len() - 1
            )),
        };
        return match (vendor.is_some(), probes) {
            (true, Some(probes)) => {
                format!("{name} is up: its status page reports no problem and {probes}.")
            }
            (true, None) => format!("{name} is up: its status page reports no problem."),
            (false, Some(probes)) => format!("{name} is up: {probes}."),
            (false, None) => format!("{name} is up."),
        };
    }

    // Nothing readable: say why.
    if let Some((failures, detail)) = sources.iter().find_map(|s| match &s.view {
        View::Unreadable { failures, detail } => Some((*failures, detail.as_str())),
        _ => None,
    }) {
        return format!(
            "{name} is not observed: its status page failed {failures} checks in a row ({detail})."
        );
    }
    format!("{name}'s status page does not say how it is.")
}

fn vendor_phrase(status: Status) -> &'static str {
    match status {
        Status::Degraded => "degraded performance",
        Status::PartialOutage => "a partial outage",
        Status::MajorOutage => "a major outage",
        Status::Maintenance => "maintenance",
        _ => "no problem",
    }
}
