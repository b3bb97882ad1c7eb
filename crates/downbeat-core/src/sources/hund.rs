//! Hund.io pages, through Hund's REST API v1, which needs a key (the
//! source's `headers = { Authorization = { env = "HUND_KEY" } }`, sent as
//! `Bearer <key>`). Three documents under `<page>/api/v1/`: `statuses`
//! (the main one), `components` (the companion: names and groups) and
//! `issues?standing=true` (the extra: ongoing issues).
//!
//! **Built from the documented shape, not a capture** (none was found; the
//! API is key-scoped). Facts from hundio/api-specification: collections
//! are `{type: "paged_array", data: […]}` of at most 100 (`limit`);
//! a Status has `watchdog` (an id, or the object when expanded), `state`
//! (1 operational, 0 degraded, -1 outage: `libraries/core.raml`
//! `integer-state`) and `ended_at` (null for the current status of its
//! watchdog); a Component has `name` (a string, or an object of
//! translations), `watchdog` and `group` (expandable to `{name}`); an Issue
//! has `title`, `specialization` (`maintenance` for maintenances),
//! `state_override` (the state it forces on its components, or null),
//! `began_at` (UNIX seconds), `components.data[]` and `updates.data[]`
//! (each with a `label`, `created_at` and its own `state_override`).
//!
//! Mapping: state 1 → operational, 0 → degraded, -1 → major outage. A
//! standing issue's newest override decides its components over their
//! watchdogs; a standing maintenance without one puts them in maintenance.
//! A component whose watchdog has no current status among the newest 100
//! statuses is unknown (shown, never deciding the page). Without the
//! components the page is the worst current status; without the issues,
//! the watchdogs alone.

use super::dates::json_time;
use super::payload::{self, Shape};
use super::ParseError;
use crate::model::{Component, IncidentUpdate, Snapshot, Status, VendorIncident};
use chrono::{DateTime, Utc};
use serde_json::Value;
use std::collections::BTreeMap;

const FORMAT: &str = "hund";
const WHAT: &str = "Hund API statuses (a paged_array of status objects)";

fn state(value: &Value) -> Status {
    match value.as_i64() {
        Some(1) => Status::Operational,
        Some(0) => Status::Degraded,
        Some(-1) => Status::MajorOutage,
        _ => Status::Unknown,
    }
}

/// `data[]` of a paged array whose items are all of `kind`.
fn items<'a>(value: &'a Value, kind: &str) -> Option<&'a [Value]> {
    if value["type"] != "paged_array" {
        return None;
    }
    let data = value["data"].as_array()?;
    data.iter()
        .all(|item| item["type"] == kind)
        .then_some(data.as_slice())
}

/// An id, or the id of an expanded object.
fn id(value: &Value) -> Option<&str> {
    value.as_str().or_else(|| value["id"].as_str())
}

/// A translatable text: the string, or English, or the first translation.
fn text(value: &Value) -> Option<String> {
    let raw = match value {
        Value::String(text) => Some(text.as_str()),
        Value::Object(map) => map
            .get("en")
            .and_then(Value::as_str)
            .or_else(|| map.values().find_map(Value::as_str)),
        _ => None,
    }?;
    payload::non_empty(&payload::vendor_text(raw))
}

/// A standing issue as read, with what it does to its components.
struct Issue {
    read: VendorIncident,
    component_ids: Vec<String>,
    /// The state it forces, when it (or its newest update saying so) does.
    forced: Option<Status>,
    maintenance: bool,
}

fn issue(value: &Value) -> Option<Issue> {
    let title = text(&value["title"])?;
    let mut updates: Vec<&Value> = value["updates"]["data"]
        .as_array()
        .map(|u| u.iter().collect())
        .unwrap_or_default();
    updates.sort_by_key(|u| std::cmp::Reverse(json_time(&u["created_at"])));
    let forced = updates
        .iter()
        .map(|u| &u["state_override"])
        .chain([&value["state_override"]])
        .find(|o| o.is_i64())
        .map(state)
        .filter(|s| *s != Status::Unknown);
    let maintenance = value["specialization"] == "maintenance";
    // Standing means under way: a maintenance is in progress whatever its
    // updates' words (Hund's are incident stages).
    let stage = if maintenance {
        "in_progress"
    } else {
        updates
            .first()
            .and_then(|u| u["label"].as_str())
            .or(value["label"].as_str())
            .unwrap_or("investigating")
    };
    let components: Vec<&Value> = value["components"]["data"]
        .as_array()
        .map(|c| c.iter().collect())
        .unwrap_or_default();
    let started = json_time(&value["began_at"]);
    Some(Issue {
        read: VendorIncident {
            id: value["id"].as_str().unwrap_or_default().to_owned(),
            title,
            status: stage.to_owned(),
            impact: forced.unwrap_or(if maintenance {
                Status::Maintenance
            } else {
                Status::Degraded
            }),
            started_at: started,
            resolved_at: None,
            url: None,
            updates: updates
                .iter()
                .filter_map(|u| {
                    Some(IncidentUpdate {
                        status: u["label"].as_str().unwrap_or_default().to_owned(),
                        body: text(&u["body"]).unwrap_or_default(),
                        at: json_time(&u["created_at"])?,
                    })
                })
                .collect(),
            components: components.iter().filter_map(|c| text(&c["name"])).collect(),
            scheduled_for: maintenance.then_some(started).flatten(),
            scheduled_until: maintenance
                .then(|| json_time(&value["schedule"]["ends_at"]))
                .flatten(),
        },
        component_ids: components
            .iter()
            .filter_map(|c| id(&c["id"]).map(str::to_owned))
            .collect(),
        forced,
        maintenance,
    })
}

/// Statuses, and when fetched the components and the standing issues.
pub fn parse_statuses(
    bytes: &[u8],
    components: Option<&[u8]>,
    issues: Option<&[u8]>,
    _now: DateTime<Utc>,
) -> Result<Snapshot, ParseError> {
    let value: Value = payload::decode_json(FORMAT, bytes, Shape::Object, WHAT)?;
    let statuses =
        items(&value, "status").ok_or_else(|| ParseError::new(FORMAT, format!("not {WHAT}")))?;
    // Each watchdog's current status: the one not ended, newest first.
    let mut current: BTreeMap<&str, (Option<DateTime<Utc>>, Status)> = BTreeMap::new();
    for status in statuses.iter().filter(|s| s["ended_at"].is_null()) {
        let Some(watchdog) = id(&status["watchdog"]) else {
            continue;
        };
        let began = json_time(&status["began_at"]);
        let entry = current
            .entry(watchdog)
            .or_insert((began, state(&status["state"])));
        if began > entry.0 {
            *entry = (began, state(&status["state"]));
        }
    }
    let updated_at = statuses
        .iter()
        .filter_map(|s| json_time(&s["updated_at"]))
        .max();
    // A companion or extra that does not read leaves the page coarser.
    let json = |bytes: Option<&[u8]>| bytes.and_then(|b| serde_json::from_slice::<Value>(b).ok());
    let issues_value = json(issues);
    let standing: Vec<Issue> = issues_value
        .as_ref()
        .and_then(|v| items(v, "issue"))
        .unwrap_or_default()
        .iter()
        .filter(|i| i["resolved"] != true && i["cancelled"] != true)
        .filter_map(issue)
        .collect();
    let components_value = json(components);
    let listed = components_value
        .as_ref()
        .and_then(|v| items(v, "component"))
        .unwrap_or_default();
    let components: Vec<Component> = listed
        .iter()
        .filter_map(|c| {
            let own = id(&c["id"]).unwrap_or_default();
            let touching = standing
                .iter()
                .filter(|i| i.component_ids.iter().any(|x| x == own));
            let forced = payload::worst(touching.clone().filter_map(|i| i.forced));
            let in_maintenance = touching.clone().any(|i| i.maintenance);
            let watched = id(&c["watchdog"]).and_then(|w| current.get(w)).map(|s| s.1);
            Some(Component {
                name: text(&c["name"])?,
                group: text(&c["group"]["name"]),
                status: forced
                    .or(in_maintenance.then_some(Status::Maintenance))
                    .or(watched)
                    .unwrap_or(Status::Unknown),
            })
        })
        .collect();
    let (maintenances, incidents): (Vec<Issue>, Vec<Issue>) =
        standing.into_iter().partition(|i| i.maintenance);
    let overrides: Vec<Status> = incidents.iter().filter_map(|i| i.forced).collect();
    let status = if components.is_empty() {
        // No names: the watchdogs' states and the issues' overrides.
        payload::page_status(
            current
                .values()
                .map(|s| s.1)
                .chain(overrides)
                .chain(maintenances.iter().map(|_| Status::Maintenance)),
        )
    } else {
        payload::page_status(components.iter().map(|c| c.status))
    };
    let mut incidents: Vec<VendorIncident> = incidents.into_iter().map(|i| i.read).collect();
    payload::sort_newest_first(&mut incidents);
    let mut maintenances: Vec<VendorIncident> = maintenances.into_iter().map(|i| i.read).collect();
    payload::sort_soonest_first(&mut maintenances);
    Ok(Snapshot {
        page_name: None,
        status,
        description: None,
        updated_at,
        components,
        incidents,
        maintenances,
    })
}

#[cfg(test)]
#[path = "hund_tests.rs"]
mod tests;
