//! Statuspal status pages: `https://statuspal.io/api/v2/status_pages/<subdomain>/summary`
//! (also `statuspal.eu`), one JSON document:
//! `{status_page{name, url, subdomain, time_zone, current_incident_type},
//! services[] (a tree through children[]), incidents[], maintenances[],
//! upcoming_maintenances[], info_notices[]}`.
//!
//! Vocabulary (`current_incident_type` of the page and of each service, and
//! `type` of an incident): `null` → operational, `minor` and `performance`
//! → degraded, `major` → major outage, `info` → operational (a notice, no
//! trouble), `scheduled` and `emergency-maintenance` → maintenance; any other
//! word → unknown (shown, never deciding the page). The page's status is the
//! worst known of the page's own type and its services'.
//!
//! Services with children are groups: their children are the components,
//! named with the group; a service without children is a component itself.
//! Incidents and maintenances are open while `ends_at` is empty; their stage
//! is the type of the newest update (`issue`, `monitoring`, `resolved`,
//! `scheduled`, …). Times are written without an offset and read as UTC:
//! Statuspal's API documentation (statuspal.io/api-docs) says every datetime
//! field is stored in UTC; `status_page.time_zone` (an IANA name) is only the
//! zone the page displays times in.

use super::dates::json_time;
use super::payload::{self, Shape};
use super::ParseError;
use crate::model::{Component, IncidentUpdate, Snapshot, Status, VendorIncident};
use serde_json::Value;

const FORMAT: &str = "statuspal";
const WHAT: &str = "Statuspal summary";

/// `…/status_pages/<subdomain>/summary` → Snapshot.
pub fn parse_summary(bytes: &[u8]) -> Result<Snapshot, ParseError> {
    let value: Value = payload::decode_json(FORMAT, bytes, Shape::Object, WHAT)?;
    let page = &value["status_page"];
    let Some(services) = value["services"].as_array().filter(|_| page.is_object()) else {
        return Err(ParseError::new(
            FORMAT,
            format!("not a {WHAT}: it needs \"status_page\" and \"services\""),
        ));
    };
    let mut components = Vec::new();
    for service in services {
        let name = text(&service["name"]);
        match service["children"].as_array().filter(|c| !c.is_empty()) {
            Some(children) => {
                for child in children {
                    push(&mut components, child, payload::non_empty(&name));
                }
            }
            None => push(&mut components, service, None),
        }
    }
    let page_type = page.get("current_incident_type").map(kind_status);
    let status = payload::page_status(
        page_type
            .into_iter()
            .chain(components.iter().map(|c| c.status)),
    );
    let mut incidents: Vec<VendorIncident> = list(&value["incidents"])
        .filter_map(|raw| convert(raw, Kind::Incident))
        .collect();
    incidents.retain(|i| !i.is_resolved());
    payload::sort_newest_first(&mut incidents);
    let mut maintenances: Vec<VendorIncident> = list(&value["maintenances"])
        .filter_map(|raw| convert(raw, Kind::Current))
        .chain(list(&value["upcoming_maintenances"]).filter_map(|raw| convert(raw, Kind::Upcoming)))
        .collect();
    maintenances.retain(|m| !m.is_resolved());
    payload::sort_soonest_first(&mut maintenances);
    let notice = list(&value["info_notices"])
        .map(|n| text(&n["title"]))
        .find(|t| !t.is_empty());
    Ok(Snapshot {
        page_name: payload::non_empty(&text(&page["name"])),
        status,
        description: notice,
        updated_at: None,
        components,
        incidents,
        maintenances,
    })
}

fn list(value: &Value) -> impl Iterator<Item = &Value> {
    value.as_array().into_iter().flatten()
}

fn text(value: &Value) -> String {
    value.as_str().map(payload::vendor_text).unwrap_or_default()
}

fn push(components: &mut Vec<Component>, service: &Value, group: Option<String>) {
    if let Some(name) = payload::non_empty(&text(&service["name"])) {
        components.push(Component {
            name,
            group,
            status: kind_status(&service["current_incident_type"]),
        });
    }
}

/// A `current_incident_type` or incident `type`.
fn kind_status(value: &Value) -> Status {
    let Some(word) = value.as_str() else {
        return if value.is_null() {
            Status::Operational
        } else {
            Status::Unknown
        };
    };
    match word.trim().to_ascii_lowercase().as_str() {
        "" | "info" | "resolved" => Status::Operational,
        "minor" | "performance" => Status::Degraded,
        "major" => Status::MajorOutage,
        "scheduled" | "emergency-maintenance" | "maintenance" => Status::Maintenance,
        _ => Status::Unknown,
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Incident,
    /// A maintenance under way (`maintenances[]`).
    Current,
    /// `upcoming_maintenances[]`.
    Upcoming,
}

fn convert(raw: &Value, kind: Kind) -> Option<VendorIncident> {
    let title = payload::non_empty(&text(&raw["title"]))?;
    let mut updates: Vec<IncidentUpdate> = list(&raw["updates"])
        .filter_map(|update| {
            let at =
                json_time(&update["posted_at"]).or_else(|| json_time(&update["inserted_at"]))?;
            Some(IncidentUpdate {
                status: update["type"]
                    .as_str()
                    .unwrap_or("update")
                    .trim()
                    .to_ascii_lowercase(),
                body: text(&update["description"]),
                at,
            })
        })
        .collect();
    updates.sort_by_key(|u| std::cmp::Reverse(u.at));
    let ends_at = json_time(&raw["ends_at"]);
    let starts_at = json_time(&raw["starts_at"]);
    let stage = updates.first().map(|u| u.status.clone());
    let closed = matches!(stage.as_deref(), Some("resolved" | "completed"));
    // An incident's end is its resolution; a maintenance's is its plan.
    let (status, resolved_at) = match kind {
        Kind::Incident if closed || ends_at.is_some() => ("resolved".to_owned(), ends_at),
        Kind::Incident => (stage.unwrap_or_else(|| "update".to_owned()), None),
        _ if closed => ("completed".to_owned(), None),
        Kind::Current => ("in_progress".to_owned(), None),
        Kind::Upcoming => ("scheduled".to_owned(), None),
    };
    let maintenance = kind != Kind::Incident;
    Some(VendorIncident {
        id: payload::non_empty(&raw["id"].to_string()).unwrap_or_else(|| title.clone()),
        title,
        status,
        impact: if maintenance {
            Status::Maintenance
        } else {
            kind_status(&raw["type"])
        },
        started_at: starts_at,
        resolved_at,
        url: raw["url"].as_str().and_then(payload::non_empty),
        updates,
        components: Vec::new(),
        scheduled_for: if maintenance { starts_at } else { None },
        scheduled_until: if maintenance { ends_at } else { None },
    })
}

#[cfg(test)]
#[path = "statuspal_tests.rs"]
mod tests;
