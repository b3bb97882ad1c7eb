//! cState (Hugo static status pages): `<page>/index.json` (API 2.0).
//!
//! `{"is": "index", "title", "summaryStatus", "categories": [...],
//! "pinnedIssues": [...], "systems": [{"name", "description", "category",
//! "status", "unresolvedIssues": [issue]}], "buildDate", "buildTime",
//! "buildTimezone"}`; an issue is `{"title", "createdAt", "lastMod",
//! "permalink", "severity", "resolved", "informational", "resolvedAt",
//! "affected": [names], "filename"}`. cState writes issue times in Go's
//! default format (`2025-04-10 13:00:00 +0000 UTC`) and absent ones as
//! `<no value>`; both that format and RFC 3339 are read, in UTC.
//!
//! Vocabulary: `ok` → operational, `disrupted` → degraded (cState's middle
//! level, "Experiencing disruptions"), `down` → major outage, `notice` →
//! maintenance (cState labels it "Maintenance"). The page's status is the
//! worst of `summaryStatus` and the systems'. Issues have no stage words:
//! they read `unresolved` or `resolved`, and carry no updates (the index has
//! no issue bodies). Issues of severity `notice` are maintenances, dated at
//! their start: `scheduled` before it, `in_progress` from it on, measured
//! against the time of the check.

use chrono::{DateTime, NaiveDate, NaiveDateTime, NaiveTime, Utc};
use serde::Deserialize;

use super::payload::{self, nullable, Shape};
use super::{plain_text, ParseError};
use crate::model::{Component, Snapshot, Status, VendorIncident};

const FORMAT: &str = "cstate";
const WHAT: &str = "cState index.json";

/// `index.json` → Snapshot: title, overall status, systems as components
/// (grouped by category), unresolved issues (from the systems and the pinned
/// list, each once) newest first, notices as maintenances. `updated_at` is
/// the build time when its zone is UTC.
pub fn parse_index(bytes: &[u8], now: DateTime<Utc>) -> Result<Snapshot, ParseError> {
    let raw: RawIndex = payload::decode_json(FORMAT, bytes, Shape::Object, WHAT)?;
    if let Some(is) = raw.is.as_deref().filter(|is| *is != "index") {
        return Err(error(format!(
            "not a {WHAT}: \"is\" is {is:?}, expected \"index\""
        )));
    }
    let Some(systems) = raw.systems else {
        return Err(error(format!("not a {WHAT}: missing field `systems`")));
    };

    let mut issues: Vec<RawIssue> = Vec::new();
    let mut components = Vec::new();
    for system in systems {
        issues.extend(system.unresolved_issues);
        let Some(name) = payload::non_empty(&plain_text(&system.name)) else {
            continue;
        };
        components.push(Component {
            name,
            group: payload::non_empty(&plain_text(&system.category)),
            status: severity(&system.status),
        });
    }
    issues.extend(raw.pinned_issues);

    let mut incidents: Vec<VendorIncident> = Vec::new();
    let mut maintenances: Vec<VendorIncident> = Vec::new();
    for issue in issues {
        let issue = convert_issue(issue);
        let seen = incidents
            .iter()
            .chain(&maintenances)
            .any(|known| known.id == issue.id);
        if seen || issue.is_resolved() {
            continue;
        }
        if issue.impact == Status::Maintenance {
            let ahead = issue.scheduled_for.is_some_and(|at| at > now);
            let stage = if ahead { "scheduled" } else { "in_progress" };
            maintenances.push(VendorIncident {
                status: stage.to_owned(),
                ..issue
            });
        } else {
            incidents.push(issue);
        }
    }
    payload::sort_newest_first(&mut incidents);
    payload::sort_soonest_first(&mut maintenances);

    let summary = payload::non_empty(&raw.summary_status).map(|s| severity(&s));
    let status = payload::worst(
        summary
            .into_iter()
            .chain(components.iter().map(|c| c.status)),
    )
    .unwrap_or(Status::Unknown);
    Ok(Snapshot {
        page_name: payload::non_empty(&plain_text(&raw.title)),
        status,
        description: None,
        updated_at: build_time(&raw.build_date, &raw.build_time, &raw.build_timezone),
        components,
        incidents,
        maintenances,
    })
}

/// A system status or issue severity.
fn severity(word: &str) -> Status {
    match word.trim().to_ascii_lowercase().as_str() {
        "ok" => Status::Operational,
        "disrupted" => Status::Degraded,
        "down" => Status::MajorOutage,
        "notice" => Status::Maintenance,
        _ => Status::Unknown,
    }
}

/// RFC 3339, or Go's `2006-01-02 15:04:05.999 -0700 MST` (the zone name is
/// ignored, the offset is used); `<no value>` and the like read as absent.
fn issue_time(text: &str) -> Option<DateTime<Utc>> {
    let text = text.trim();
    if let Some(time) = payload::rfc3339(Some(text)) {
        return Some(time);
    }
    // Drop a trailing zone name ("UTC", "CEST") after the numeric offset.
    let mut parts: Vec<&str> = text.split_whitespace().collect();
    if parts.len() == 4 && parts[3].chars().all(|c| c.is_ascii_alphabetic()) {
        parts.pop();
    }
    let joined = parts.join(" ");
    DateTime::parse_from_str(&joined, "%Y-%m-%d %H:%M:%S%.f %z")
        .ok()
        .map(|t| t.with_timezone(&Utc))
}

/// `buildDate` + `buildTime` in `buildTimezone`, when that zone is UTC (a
/// zone name alone says nothing certain about the offset).
fn build_time(date: &str, time: &str, zone: &str) -> Option<DateTime<Utc>> {
    if !matches!(
        zone.trim().to_ascii_uppercase().as_str(),
        "UTC" | "GMT" | "Z"
    ) {
        return None;
    }
    let date = NaiveDate::parse_from_str(date.trim(), "%Y-%m-%d").ok()?;
    let time = NaiveTime::parse_from_str(time.trim(), "%H:%M")
        .or_else(|_| NaiveTime::parse_from_str(time.trim(), "%H:%M:%S"))
        .ok()?;
    Some(NaiveDateTime::new(date, time).and_utc())
}

#[derive(Deserialize)]
struct RawIndex {
    #[serde(default)]
    is: Option<String>,
    #[serde(default, deserialize_with = "nullable")]
    title: String,
    #[serde(default, rename = "summaryStatus", deserialize_with = "nullable")]
    summary_status: String,
    #[serde(default, rename = "pinnedIssues", deserialize_with = "nullable")]
    pinned_issues: Vec<RawIssue>,
    #[serde(default)]
    systems: Option<Vec<RawSystem>>,
    #[serde(default, rename = "buildDate", deserialize_with = "nullable")]
    build_date: String,
    #[serde(default, rename = "buildTime", deserialize_with = "nullable")]
    build_time: String,
    #[serde(default, rename = "buildTimezone", deserialize_with = "nullable")]
    build_timezone: String,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct RawSystem {
    #[serde(deserialize_with = "nullable")]
    name: String,
    #[serde(deserialize_with = "nullable")]
    category: String,
    #[serde(deserialize_with = "nullable")]
    status: String,
    #[serde(rename = "unresolvedIssues", deserialize_with = "nullable")]
    unresolved_issues: Vec<RawIssue>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct RawIssue {
    #[serde(deserialize_with = "nullable")]
    title: String,
    #[serde(rename = "createdAt", deserialize_with = "nullable")]
    created_at: String,
    #[serde(deserialize_with = "nullable")]
    permalink: String,
    #[serde(deserialize_with = "nullable")]
    severity: String,
    #[serde(deserialize_with = "nullable")]
    resolved: bool,
    #[serde(rename = "resolvedAt", deserialize_with = "nullable")]
    resolved_at: String,
    #[serde(deserialize_with = "nullable")]
    affected: Vec<String>,
    #[serde(deserialize_with = "nullable")]
    filename: String,
}

fn convert_issue(raw: RawIssue) -> VendorIncident {
    let title = plain_text(&raw.title);
    // The issue's file is its identity; the permalink or title stand in.
    let id = [&raw.filename, &raw.permalink, &title]
        .into_iter()
        .find_map(|candidate| payload::non_empty(candidate))
        .unwrap_or_else(|| "issue".to_owned());
    let resolved_at = issue_time(&raw.resolved_at);
    let resolved = raw.resolved || resolved_at.is_some();
    let mut components: Vec<String> = Vec::new();
    for name in &raw.affected {
        if let Some(name) = payload::non_empty(&plain_text(name)) {
            if !components.contains(&name) {
                components.push(name);
            }
        }
    }
    let started_at = issue_time(&raw.created_at);
    let impact = match severity(&raw.severity) {
        // An issue is at least a disruption when its severity is unknown.
        Status::Unknown | Status::Operational => Status::Degraded,
        other => other,
    };
    VendorIncident {
        id,
        title,
        status: if resolved { "resolved" } else { "unresolved" }.to_owned(),
        impact,
        started_at,
        resolved_at,
        url: payload::non_empty(&raw.permalink),
        updates: Vec::new(),
        components,
        scheduled_for: started_at.filter(|_| impact == Status::Maintenance),
        scheduled_until: None,
    }
}

fn error(message: impl Into<String>) -> ParseError {
    ParseError::new(FORMAT, message)
}

#[cfg(test)]
mod tests;
