//! UptimeRobot public status pages (`stats.uptimerobot.com/<id>` or a
//! custom domain such as `status.bsky.app`): `<page>/api/getMonitorList/<id>`,
//! with `<page>/api/getEventFeed/<id>` (announcements) as the companion.
//!
//! Three shapes of the monitor list are read: the older
//! `{psp{monitors[], totalMonitors, perPage}, statistics{counts}}`, the
//! current one that adds `data[]` (the same monitor objects, with `groupName`),
//! and a page with one monitor that answers `{monitor{…}}` instead.
//! Each monitor is a component; `statusClass` `success` → operational,
//! `warning` → degraded, `danger` → major outage, `black` / `paused` →
//! unknown (paused, not watched: shown, never deciding the page).
//!
//! The list is paged (30 monitors at a time), so the page's status comes from
//! `statistics.counts` when present: some monitors down → partial outage,
//! every watched monitor down → major outage, none down → the worst of the
//! listed monitors; nothing watched (all paused) → unknown.
//! Announcements (`results[]` of the event feed) are incidents with no
//! impact of their own, open until they have an `endDate`.

use super::dates::json_time;
use super::payload::{self, Shape};
use super::ParseError;
use crate::model::{Component, IncidentUpdate, Snapshot, Status, VendorIncident};
use serde_json::Value;

const FORMAT: &str = "uptimerobot";
const WHAT: &str = "UptimeRobot getMonitorList answer";

/// `getMonitorList` (and optionally `getEventFeed`) → Snapshot.
pub fn parse_monitor_list(bytes: &[u8], events: Option<&[u8]>) -> Result<Snapshot, ParseError> {
    let value: Value = payload::decode_json(FORMAT, bytes, Shape::Object, WHAT)?;
    let monitors: Vec<&Value> = if let Some(data) = value["data"].as_array() {
        data.iter().collect()
    } else if let Some(list) = value["psp"]["monitors"].as_array() {
        list.iter().collect()
    } else if value["monitor"].is_object() {
        vec![&value["monitor"]]
    } else {
        return Err(ParseError::new(
            FORMAT,
            format!("not a {WHAT}: no \"psp.monitors\", \"data\" or \"monitor\""),
        ));
    };
    let components: Vec<Component> = monitors
        .iter()
        .filter_map(|monitor| {
            let name = payload::non_empty(&payload::vendor_text(monitor["name"].as_str()?))?;
            Some(Component {
                name,
                group: monitor["groupName"]
                    .as_str()
                    .map(payload::vendor_text)
                    .and_then(|g| payload::non_empty(&g)),
                status: class_status(monitor["statusClass"].as_str().unwrap_or_default()),
            })
        })
        .collect();
    let counts = &value["statistics"]["counts"];
    let count = |key: &str| counts[key].as_u64();
    let listed = payload::page_status(components.iter().map(|c| c.status));
    let status = match (count("up"), count("down")) {
        (Some(up), Some(down)) if down > 0 && up == 0 => Status::MajorOutage,
        (Some(_), Some(down)) if down > 0 => Status::PartialOutage,
        // Monitors up, none down: not unknown even if page 1 lists only paused ones.
        (Some(up), Some(_)) if up > 0 && listed == Status::Unknown => Status::Operational,
        _ => listed,
    };
    let incidents = match events {
        Some(bytes) => parse_event_feed(bytes)?,
        None => Vec::new(),
    };
    let title = value["title"].as_str().or(value["psp"]["name"].as_str());
    Ok(Snapshot {
        page_name: title.and_then(payload::non_empty),
        status,
        description: value["statistics"]["count_result"]
            .as_str()
            .and_then(payload::non_empty),
        updated_at: None,
        components,
        incidents,
        maintenances: Vec::new(),
    })
}

/// `getEventFeed` → announcements, newest first.
pub fn parse_event_feed(bytes: &[u8]) -> Result<Vec<VendorIncident>, ParseError> {
    let value: Value = payload::decode_json(
        FORMAT,
        bytes,
        Shape::Object,
        "UptimeRobot getEventFeed answer",
    )?;
    let Some(results) = value["results"].as_array() else {
        return Err(ParseError::new(
            FORMAT,
            "not an UptimeRobot getEventFeed answer: no \"results\"",
        ));
    };
    let mut incidents: Vec<VendorIncident> = results
        .iter()
        .filter_map(|event| {
            let title = payload::non_empty(&payload::vendor_text(event["title"].as_str()?))?;
            let at = json_time(&event["ts"]);
            let ended = json_time(&event["endDate"])
                .or_else(|| json_time(&event["endDateGMT"]))
                .or_else(|| (!event["endDate"].is_null()).then_some(at).flatten());
            let stage = if ended.is_some() {
                "resolved"
            } else {
                "update"
            };
            Some(VendorIncident {
                id: payload::non_empty(&event["id"].to_string())
                    .filter(|id| id != "null")
                    .unwrap_or_else(|| format!("{}-{}", title, at.map_or(0, |t| t.timestamp()))),
                updates: at
                    .map(|at| IncidentUpdate {
                        status: stage.to_owned(),
                        body: payload::vendor_text(event["content"].as_str().unwrap_or_default()),
                        at,
                    })
                    .into_iter()
                    .collect(),
                title,
                status: stage.to_owned(),
                impact: Status::Unknown,
                started_at: at,
                resolved_at: ended,
                url: None,
                components: Vec::new(),
                scheduled_for: None,
                scheduled_until: None,
            })
        })
        .collect();
    payload::sort_newest_first(&mut incidents);
    Ok(incidents)
}

fn class_status(class: &str) -> Status {
    match class.trim().to_ascii_lowercase().as_str() {
        "success" => Status::Operational,
        "warning" => Status::Degraded,
        "danger" => Status::MajorOutage,
        _ => Status::Unknown,
    }
}

#[cfg(test)]
#[path = "uptimerobot_tests.rs"]
mod tests;
