//! Uptime Kuma status pages (`https://<host>/status/<slug>`): the page
//! document `/api/status-page/<slug>` (names, groups, the pinned incident,
//! maintenances) and its companion `/api/status-page/heartbeat/<slug>`
//! (`heartbeatList{"<monitor id>": [beats, oldest first]}`), which alone says
//! how each monitor is.
//!
//! A monitor's status is its newest beat: `1` up → operational, `0` down →
//! major outage, `2` pending → degraded, `3` → maintenance; no beat (or no
//! heartbeat document) → unknown. The page: some monitors down → partial
//! outage, every monitor that is watched down → major outage, else the worst
//! known monitor; the pinned incident counts by its style (`danger` → major
//! outage, `warning` → degraded, `info`/`primary`/others → no impact of
//! its own). Maintenances `under-maintenance` are in progress, `scheduled`
//! upcoming; ended and inactive ones are left out.
//!
//! Kuma writes times in the server's zone without saying which (read as UTC,
//! see [`dates`](super::dates)); a maintenance's `timezoneOffset` is applied.

use super::dates::parse_time;
use super::payload::{self, Shape};
use super::ParseError;
use crate::model::{Component, IncidentUpdate, Snapshot, Status, VendorIncident};
use serde_json::Value;

const FORMAT: &str = "uptimekuma";
const WHAT: &str = "Uptime Kuma status page (/api/status-page/<slug>)";

/// The page document and (when fetched) its heartbeats → Snapshot.
pub fn parse_status_page(bytes: &[u8], heartbeat: Option<&[u8]>) -> Result<Snapshot, ParseError> {
    let page: Value = payload::decode_json(FORMAT, bytes, Shape::Object, WHAT)?;
    let Some(groups) = page["publicGroupList"].as_array() else {
        return Err(ParseError::new(
            FORMAT,
            format!("not an {WHAT}: no \"publicGroupList\""),
        ));
    };
    let beats: Value = match heartbeat {
        Some(bytes) => {
            let value: Value =
                payload::decode_json(FORMAT, bytes, Shape::Object, "Uptime Kuma heartbeat list")?;
            if !value["heartbeatList"].is_object() {
                return Err(ParseError::new(
                    FORMAT,
                    "not an Uptime Kuma heartbeat list: no \"heartbeatList\"",
                ));
            }
            value
        }
        None => Value::Null,
    };
    let mut components = Vec::new();
    let mut newest = None;
    for group in groups {
        let group_name = group["name"].as_str().map(payload::vendor_text);
        for monitor in group["monitorList"].as_array().into_iter().flatten() {
            let Some(name) = monitor["name"].as_str().map(payload::vendor_text) else {
                continue;
            };
            let id = monitor["id"].to_string();
            let last = beats["heartbeatList"][id.as_str()]
                .as_array()
                .and_then(|list| list.last());
            newest = newest.max(
                last.and_then(|beat| beat["time"].as_str())
                    .and_then(parse_time),
            );
            components.push(Component {
                name,
                group: group_name.as_deref().and_then(payload::non_empty),
                status: last.map_or(Status::Unknown, |beat| beat_status(&beat["status"])),
            });
        }
    }
    let incident = pinned_incident(&page["incident"]);
    let status = payload::page_status(
        std::iter::once(payload::monitors_status(&components))
            .chain(incident.iter().map(|i| i.impact)),
    );
    let mut maintenances: Vec<VendorIncident> = page["maintenanceList"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(maintenance)
        .collect();
    payload::sort_soonest_first(&mut maintenances);
    let status = if status == Status::Operational
        && maintenances.iter().any(|m| m.status == "in_progress")
    {
        Status::Maintenance
    } else {
        status
    };
    Ok(Snapshot {
        page_name: page["config"]["title"]
            .as_str()
            .and_then(payload::non_empty),
        status,
        description: page["config"]["description"]
            .as_str()
            .and_then(payload::non_empty),
        updated_at: newest,
        components,
        incidents: incident.into_iter().collect(),
        maintenances,
    })
}

fn beat_status(value: &Value) -> Status {
    match value.as_i64() {
        Some(1) => Status::Operational,
        Some(0) => Status::MajorOutage,
        Some(2) => Status::Degraded,
        Some(3) => Status::Maintenance,
        _ => Status::Unknown,
    }
}

fn pinned_incident(raw: &Value) -> Option<VendorIncident> {
    let title = payload::non_empty(&payload::vendor_text(raw["title"].as_str()?))?;
    let at = raw["lastUpdatedDate"]
        .as_str()
        .or(raw["createdDate"].as_str())
        .and_then(parse_time);
    let impact = match raw["style"].as_str().unwrap_or_default() {
        "danger" => Status::MajorOutage,
        "warning" => Status::Degraded,
        _ => Status::Unknown,
    };
    Some(VendorIncident {
        id: raw["id"].to_string(),
        updates: at
            .map(|at| IncidentUpdate {
                status: "update".to_owned(),
                body: payload::vendor_text(raw["content"].as_str().unwrap_or_default()),
                at,
            })
            .into_iter()
            .collect(),
        title,
        status: "update".to_owned(),
        impact,
        started_at: raw["createdDate"].as_str().and_then(parse_time),
        resolved_at: None,
        url: None,
        components: Vec::new(),
        scheduled_for: None,
        scheduled_until: None,
    })
}

fn maintenance(raw: &Value) -> Option<VendorIncident> {
    let stage = match raw["status"].as_str()? {
        "under-maintenance" => "in_progress",
        "scheduled" => "scheduled",
        _ => return None,
    };
    let title = payload::non_empty(&payload::vendor_text(raw["title"].as_str()?))?;
    let offset = raw["timezoneOffset"].as_str().unwrap_or("+00:00");
    let slot = &raw["timeslotList"][0];
    let time = |key: &str| {
        slot[key]
            .as_str()
            .or(raw["dateRange"][usize::from(key == "endDate")].as_str())
            .and_then(|text| local_time(text, offset))
    };
    let (from, until) = (time("startDate"), time("endDate"));
    Some(payload::planned(
        raw["id"].to_string(),
        title,
        stage,
        from,
        until,
    ))
}

/// `2026-09-12 11:26` at `+02:00` in UTC.
fn local_time(text: &str, offset: &str) -> Option<chrono::DateTime<chrono::Utc>> {
    let naive = parse_time(text)?;
    let sign = if offset.starts_with('-') { -1 } else { 1 };
    let (hours, minutes) = offset.trim_start_matches(['+', '-']).split_once(':')?;
    let minutes = hours.parse::<i64>().ok()? * 60 + minutes.parse::<i64>().ok()?;
    naive.checked_sub_signed(chrono::Duration::minutes(sign * minutes))
}

#[cfg(test)]
#[path = "uptimekuma_tests.rs"]
mod tests;
