//! Adobe status (`https://data.status.adobe.com/adobestatus/StatusEvents`).
//!
//! **Built from a documented shape, not a capture**: a real one exists
//! (inket/stts `adobe-analytics-minor.json`) but is too large for any copy
//! reachable here. The fields are those inket/stts `AdobeStore.swift`
//! decodes: `{incidentEvent{incidents{<id>{id, clouds{<k>{id, name}},
//! products{<k>{id, name, history{<epoch>{id, status, severity,
//! titleToken}}}}}}}, maintenanceEvent{maintenance{<id>{id, status,
//! clouds{}, products{<k>{id, name}}, startedOn, endedOn}}}, messages{en{<token>{textMessage}}}}`.
//!
//! An incident product's newest history entry (keys are epoch times) says
//! whether it is open (`opened`, `started`, `updated`, `reopened`,
//! `discovery`, `scheduled`) or not (`closed`, `canceled`, `completed`,
//! `dismissed`), and its `severity`: `major` → major outage, `minor` →
//! degraded, `maintenance` → maintenance, `potential` / `trivial` →
//! operational (a notice). Each product named by an open incident or a
//! started maintenance is a component with the worst of them; the page is
//! the worst of those, operational when nothing is open. A maintenance
//! `started` is in progress, `scheduled` upcoming, others left out.
//!
//! Names: Adobe's product list writes some names with "Adobe " and some
//! without (inket/stts `generate_adobe_services.swift` adds the prefix
//! where it is missing), so names are shown without it ("Photoshop",
//! "Creative Cloud"): a components filter then matches either spelling.
//! An incident product's group is the first cloud the incident names.
//! Only affected products are listed (see `SourceKind::lists_every_component`).

use super::dates::json_time;
use super::payload::{self, Shape};
use super::ParseError;
use crate::model::{Component, IncidentUpdate, Snapshot, Status, VendorIncident};
use serde_json::Value;

const FORMAT: &str = "adobe";
const WHAT: &str = "Adobe StatusEvents";
const OPEN: [&str; 6] = [
    "opened",
    "started",
    "updated",
    "reopened",
    "discovery",
    "scheduled",
];

/// `adobestatus/StatusEvents` → Snapshot.
pub fn parse_events(bytes: &[u8]) -> Result<Snapshot, ParseError> {
    let value: Value = payload::decode_json(FORMAT, bytes, Shape::Object, WHAT)?;
    let (Some(incidents), Some(maintenance)) = (
        value["incidentEvent"]["incidents"].as_object(),
        value["maintenanceEvent"]["maintenance"].as_object(),
    ) else {
        return Err(ParseError::new(
            FORMAT,
            format!(
                "not {WHAT}: it needs incidentEvent.incidents and maintenanceEvent.maintenance"
            ),
        ));
    };
    let messages = &value["messages"]["en"];
    let mut components: Vec<Component> = Vec::new();
    let mut mark = |name: String, group: Option<String>, status: Status| match components
        .iter_mut()
        .find(|c| c.name == name)
    {
        Some(known) => known.status = payload::worse(known.status, status),
        None => components.push(Component {
            name,
            group,
            status,
        }),
    };
    let mut open = Vec::new();
    for (id, incident) in incidents {
        let cloud = objects(&incident["clouds"]).find_map(|c| text(&c["name"]));
        for product in objects(&incident["products"]) {
            let history = product["history"].as_object();
            let mut entries: Vec<(&String, &Value)> = history.into_iter().flatten().collect();
            // Keys are epoch times: the newest is the largest number.
            entries.sort_by_key(|(key, _)| key.parse::<i64>().unwrap_or_default());
            let Some((at, newest)) = entries.last() else {
                continue;
            };
            let stage = newest["status"]
                .as_str()
                .unwrap_or_default()
                .to_ascii_lowercase();
            if !OPEN.contains(&stage.as_str()) {
                continue;
            }
            let severity = newest["severity"]
                .as_str()
                .unwrap_or_default()
                .to_ascii_lowercase();
            let impact = match severity.as_str() {
                "major" => Status::MajorOutage,
                "minor" => Status::Degraded,
                "maintenance" => Status::Maintenance,
                "potential" | "trivial" => Status::Operational,
                _ => Status::Unknown,
            };
            let name = text(&product["name"]).unwrap_or_else(|| format!("Product {id}"));
            mark(name.clone(), cloud.clone(), impact);
            let title = newest["titleToken"]
                .as_str()
                .and_then(|token| text(&messages[token]["textMessage"]))
                .unwrap_or_else(|| format!("{name}: incident {id}"));
            let epoch = |key: &str| {
                key.parse::<i64>()
                    .ok()
                    .and_then(|t| json_time(&Value::from(t)))
            };
            let updated = epoch(at);
            open.push(VendorIncident {
                id: format!("{id}/{}", product["id"].as_str().unwrap_or_default()),
                title,
                status: stage.clone(),
                impact,
                started_at: entries.first().and_then(|(first, _)| epoch(first)),
                resolved_at: None,
                url: None,
                updates: updated
                    .map(|at| IncidentUpdate {
                        status: stage.clone(),
                        body: String::new(),
                        at,
                    })
                    .into_iter()
                    .collect(),
                components: vec![name],
                scheduled_for: None,
                scheduled_until: None,
            });
        }
    }
    let mut planned = Vec::new();
    for (id, event) in maintenance {
        let stage = match event["status"]
            .as_str()
            .map(str::to_ascii_lowercase)
            .as_deref()
        {
            Some("started") => "in_progress",
            Some("scheduled") => "scheduled",
            _ => continue,
        };
        let names: Vec<String> = objects(&event["products"])
            .chain(objects(&event["clouds"]))
            .filter_map(|p| text(&p["name"]))
            .collect();
        if stage == "in_progress" {
            for name in &names {
                mark(name.clone(), None, Status::Maintenance);
            }
        }
        let mut window = payload::planned(
            id.clone(),
            format!("Maintenance: {}", names.join(", ")),
            stage,
            json_time(&event["startedOn"]),
            json_time(&event["endedOn"]),
        );
        window.components = names;
        planned.push(window);
    }
    payload::sort_newest_first(&mut open);
    payload::sort_soonest_first(&mut planned);
    let mut parts = payload::current_parts(&components, &open, &planned);
    parts.push(Status::Operational);
    Ok(Snapshot {
        page_name: Some("Adobe".to_owned()),
        status: payload::page_status(parts),
        description: None,
        updated_at: None,
        components,
        incidents: open,
        maintenances: planned,
    })
}

/// The objects of a map keyed by id, as values (a missing key of a value
/// indexes as null; of a `Map`, as a panic).
fn objects(value: &Value) -> impl Iterator<Item = &Value> {
    value
        .as_object()
        .into_iter()
        .flat_map(|map| map.values().filter(|v| v.is_object()))
}

fn text(value: &Value) -> Option<String> {
    let text = payload::vendor_text(value.as_str()?);
    let bare = text.strip_prefix("Adobe ").unwrap_or(&text);
    payload::non_empty(bare)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::*;
    use crate::sources::plan::SourceKind;
    use crate::sources::testing::{hostile_json_inputs, statuses, ts};

    use crate::sources::documented::ADOBE_STATUS_EVENTS as DOCUMENTED;

    #[test]
    fn open_incidents_and_started_maintenances_decide() {
        let page = parse_events(DOCUMENTED.as_bytes()).unwrap();
        assert_eq!(page.incidents.len(), 1);
        let incident = &page.incidents[0];
        assert_eq!(incident.title, "Reports are delayed");
        assert_eq!(incident.status, "updated");
        assert_eq!(incident.impact, Status::Degraded);
        assert_eq!(incident.components, ["Analytics"]);
        assert_eq!(incident.started_at, Some(ts("2023-11-14T22:13:20Z")));
        assert_eq!(
            statuses(&page),
            [
                ("Analytics", Status::Degraded),
                ("Target", Status::Maintenance)
            ]
        );
        // The incident's cloud is its product's group, as Adobe names it.
        assert_eq!(
            page.components[0].group.as_deref(),
            Some("Experience Cloud")
        );
        // With or without "Adobe ", a filter on the product or its cloud.
        assert_eq!(
            page.status_through(&["analytics".into()], false),
            Status::Degraded
        );
        assert_eq!(
            page.status_through(&["Experience Cloud".into()], false),
            Status::Degraded
        );
        // Only affected products are listed: one not named is not affected.
        assert!(!SourceKind::Adobe.lists_every_component());
        assert_eq!(
            page.status_through(&["Photoshop".into()], false),
            Status::Operational
        );
        assert_eq!(page.maintenances.len(), 1);
        assert_eq!(page.maintenances[0].status, "in_progress");
        assert_eq!(page.status, Status::Degraded);
    }

    #[test]
    fn nothing_open_is_operational() {
        let quiet =
            br#"{"incidentEvent": {"incidents": {}}, "maintenanceEvent": {"maintenance": {}}}"#;
        assert_eq!(parse_events(quiet).unwrap().status, Status::Operational);
        for (what, bytes) in hostile_json_inputs() {
            assert!(parse_events(&bytes).is_err(), "{what}");
        }
        assert!(parse_events(br#"{"incidentEvent": {}}"#).is_err());
        // Entries missing their keys are skipped, never a panic (found by
        // the per-format mutation run).
        let bare = br#"{"incidentEvent": {"incidents": {"I": {"products": {"p": {}}}}},
            "maintenanceEvent": {"maintenance": {"M": {"status": "started", "products": {"p": {}}}}}}"#;
        assert_eq!(parse_events(bare).unwrap().status, Status::Maintenance);
    }
}
