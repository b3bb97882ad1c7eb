//! Any single Statuspage v2 endpoint a person may paste, read as a page:
//! `summary.json`, `status.json`, `components.json`, `incidents.json`,
//! `incidents/unresolved.json`, `incidents/<id>.json`,
//! `scheduled-maintenances*.json`. The content decides which one it is (the
//! keys at the top level), not the path, so a copy saved under another name
//! reads the same.
//!
//! What each one says about the page: `status.json` its indicator;
//! `components.json` the worst known component; incident lists the worst
//! impact of the unresolved incidents (`operational` when none is open);
//! maintenance lists `maintenance` while one is in progress or verifying,
//! else `operational` (upcoming ones are listed, not current).

use super::{
    parse_components, parse_incident, parse_incidents, parse_scheduled_maintenances, parse_status,
    parse_summary,
};
use crate::model::{Snapshot, Status};
use crate::sources::payload::{self, Shape};
use crate::sources::ParseError;

/// Which endpoint a payload is, from its top-level keys.
pub(crate) fn endpoint_name(value: &serde_json::Value) -> Option<&'static str> {
    let object = value.as_object()?;
    let has = |key: &str| object.contains_key(key);
    let page_like = has("page");
    Some(if has("status") && has("components") && page_like {
        "summary.json"
    } else if (has("incident") && page_like) || (has("incident_updates") && has("shortlink")) {
        "incident"
    } else if has("scheduled_maintenances") && !has("incidents") && page_like {
        "scheduled-maintenances.json"
    } else if has("incidents") && page_like && value["incidents"].is_array() {
        "incidents.json"
    } else if has("components") && page_like && value["components"].is_array() {
        "components.json"
    } else if page_like && value["status"].get("indicator").is_some() {
        "status.json"
    } else {
        return None;
    })
}

/// Any Statuspage v2 endpoint → the page as far as that endpoint shows it.
pub fn parse_endpoint(bytes: &[u8]) -> Result<Snapshot, ParseError> {
    let value: serde_json::Value = payload::decode_json(
        "statuspage",
        bytes,
        Shape::Object,
        "Statuspage v2 API answer",
    )?;
    let Some(name) = endpoint_name(&value) else {
        return Err(ParseError::new(
            "statuspage",
            "not a Statuspage v2 API answer: no \"page\" with status, components, incidents or maintenances",
        ));
    };
    let page_name = value["page"]["name"].as_str().and_then(payload::non_empty);
    let updated_at = payload::rfc3339(value["page"]["updated_at"].as_str());
    let mut snapshot = Snapshot {
        page_name,
        status: Status::Operational,
        description: None,
        updated_at,
        components: Vec::new(),
        incidents: Vec::new(),
        maintenances: Vec::new(),
    };
    match name {
        "summary.json" => return parse_summary(bytes),
        "status.json" => {
            let (status, description) = parse_status(bytes)?;
            snapshot.status = status;
            snapshot.description = description;
        }
        "components.json" => {
            snapshot.components = parse_components(bytes)?;
            snapshot.status = payload::page_status(snapshot.components.iter().map(|c| c.status));
        }
        "incident" => snapshot.incidents = vec![parse_incident(bytes)?],
        "incidents.json" => snapshot.incidents = parse_incidents(bytes)?,
        _ => {
            let mut maintenances = parse_scheduled_maintenances(bytes)?;
            maintenances.retain(|m| !m.is_resolved());
            let under_way = maintenances
                .iter()
                .any(|m| matches!(m.status.as_str(), "in_progress" | "verifying"));
            if under_way {
                snapshot.status = Status::Maintenance;
            }
            snapshot.maintenances = maintenances;
        }
    }
    if matches!(name, "incident" | "incidents.json") {
        snapshot.status = payload::worst(
            snapshot
                .incidents
                .iter()
                .filter(|i| !i.is_resolved())
                .map(|i| i.impact),
        )
        .unwrap_or(Status::Operational);
    }
    Ok(snapshot)
}
