//! Nintendo network status (`https://www.nintendo.co.jp/netinfo/<locale>/status.json`,
//! plain or as JSONP `getJSON(…)`): `{lang, categories[{name, type}],
//! operational_statuses[] (outages), temporary_maintenances[]}`.
//!
//! Each category (platform) is a component: `type` 0 → operational, 1 →
//! offline (major outage). An outage or maintenance is `{platform[],
//! software_title, message, begin, end, event_status, services[]}` with
//! `event_status` 0 planned, 1 identified, 2 ongoing, 3 ended (per
//! rNintendoSwitch/nsecpy). An outage not ended is an open incident of its
//! platforms, degraded (Nintendo lists partial service problems here); a
//! maintenance 0 is upcoming, 1–2 in progress, 3 left out. Both lists empty
//! and every platform online: operational.
//!
//! `begin`/`end` are local text (`Wednesday, February 24, 2021  6 :55 AM`)
//! in the region's zone, which the file does not name: read as UTC.

use chrono::NaiveDateTime;
use serde_json::Value;

use super::payload::{self, Shape};
use super::ParseError;
use crate::model::{Component, IncidentUpdate, Snapshot, Status, VendorIncident};

const FORMAT: &str = "nintendo";
const WHAT: &str = "Nintendo netinfo status.json";

/// `status.json` → Snapshot.
pub fn parse_status(bytes: &[u8]) -> Result<Snapshot, ParseError> {
    let value: Value = payload::decode_json(
        FORMAT,
        super::apple::unwrap_jsonp(bytes),
        Shape::Object,
        WHAT,
    )?;
    let (Some(outages), Some(maintenances)) = (
        value["operational_statuses"].as_array(),
        value["temporary_maintenances"].as_array(),
    ) else {
        return Err(ParseError::new(
            FORMAT,
            format!(
                "not a {WHAT}: it needs \"operational_statuses\" and \"temporary_maintenances\""
            ),
        ));
    };
    let mut components: Vec<Component> = value["categories"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|category| {
            Some(Component {
                name: payload::non_empty(category["name"].as_str()?)?,
                group: None,
                status: match category["type"].as_i64() {
                    Some(0) => Status::Operational,
                    Some(1) => Status::MajorOutage,
                    _ => Status::Unknown,
                },
            })
        })
        .collect();
    let mut incidents: Vec<VendorIncident> = outages
        .iter()
        .filter_map(|raw| convert(raw, false))
        .filter(|i| !i.is_resolved())
        .collect();
    for incident in &incidents {
        for component in components.iter_mut() {
            if incident
                .components
                .iter()
                .any(|p| p.eq_ignore_ascii_case(&component.name))
            {
                component.status = payload::worse(component.status, Status::Degraded);
            }
        }
    }
    let mut planned: Vec<VendorIncident> = maintenances
        .iter()
        .filter_map(|raw| convert(raw, true))
        .filter(|m| !m.is_resolved())
        .collect();
    payload::sort_newest_first(&mut incidents);
    payload::sort_soonest_first(&mut planned);
    let mut parts = payload::current_parts(&components, &incidents, &planned);
    parts.push(Status::Operational);
    let status = payload::page_status(parts);
    Ok(Snapshot {
        page_name: Some("Nintendo Network".to_owned()),
        status,
        description: None,
        updated_at: None,
        components,
        incidents,
        maintenances: planned,
    })
}

fn convert(raw: &Value, maintenance: bool) -> Option<VendorIncident> {
    let title = payload::non_empty(&payload::vendor_text(raw["software_title"].as_str()?))?;
    let stage = raw["event_status"]
        .as_str()
        .and_then(|s| s.trim().parse::<i64>().ok())
        .or(raw["event_status"].as_i64());
    let begin = raw["begin"].as_str().and_then(local_text);
    let end = raw["end"].as_str().and_then(local_text);
    let status = match (stage, maintenance) {
        (Some(3), true) => "completed",
        (Some(3), false) => "resolved",
        (Some(0), true) => "scheduled",
        (_, true) => "in_progress",
        (_, false) => "investigating",
    };
    let platforms: Vec<String> = raw["platform"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|p| p.as_str().and_then(payload::non_empty))
        .collect();
    let services: Vec<&str> = raw["services"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .collect();
    let body = [
        payload::vendor_text(raw["message"].as_str().unwrap_or_default()),
        services.join(", "),
    ]
    .into_iter()
    .filter(|t| !t.is_empty())
    .collect::<Vec<_>>()
    .join("\n");
    Some(VendorIncident {
        id: format!("{title}@{}", raw["begin"].as_str().unwrap_or_default()),
        title,
        status: status.to_owned(),
        impact: if maintenance {
            Status::Maintenance
        } else {
            Status::Degraded
        },
        started_at: begin,
        resolved_at: None,
        url: None,
        updates: begin
            .map(|at| IncidentUpdate {
                status: status.to_owned(),
                body,
                at,
            })
            .into_iter()
            .collect(),
        components: platforms,
        scheduled_for: if maintenance { begin } else { None },
        scheduled_until: if maintenance { end } else { None },
    })
}

/// `Wednesday, February 24, 2021  6 :55 AM` (the space before the colon is
/// Nintendo's) as a naive time read as UTC.
fn local_text(text: &str) -> Option<chrono::DateTime<chrono::Utc>> {
    let cleaned = text.replace(" :", ":");
    let cleaned = cleaned.split_whitespace().collect::<Vec<_>>().join(" ");
    NaiveDateTime::parse_from_str(&cleaned, "%A, %B %d, %Y %I:%M %p")
        .ok()
        .map(|t| t.and_utc())
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::*;
    use crate::sources::testing::{fixture, hostile_json_inputs, truncated, ts};

    const FILE: &str = "netinfo-status-en-us-sample-2021-02-converted-from-python.json";

    #[test]
    fn the_sample_has_one_listed_outage_and_one_upcoming_maintenance() {
        let page = parse_status(&fixture("nintendo", FILE)).unwrap();
        assert_eq!(page.components.len(), 9);
        // The 2018 outage on the web is still listed (event_status 0).
        assert_eq!(page.status, Status::Degraded);
        assert_eq!(page.incidents.len(), 1);
        assert_eq!(page.incidents[0].title, "Purchasing on Nintendo Game Store");
        assert_eq!(page.incidents[0].components, ["web"]);
        let web = page.components.iter().find(|c| c.name == "web").unwrap();
        assert_eq!(web.status, Status::Degraded);
        // The ended maintenance (event_status 3) is left out.
        assert_eq!(page.maintenances.len(), 1);
        let next = &page.maintenances[0];
        assert_eq!(next.title, "Network Services");
        assert_eq!(next.status, "scheduled");
        assert_eq!(next.scheduled_for, Some(ts("2021-02-24T20:30:00Z")));
        assert_eq!(next.scheduled_until, Some(ts("2021-02-24T23:30:00Z")));
    }

    #[test]
    fn empty_lists_are_operational_and_jsonp_is_read() {
        let empty = br#"getJSON({"lang":"en_US","categories":[{"name":"Nintendo Switch","type":0}],"operational_statuses":[],"temporary_maintenances":[]});"#;
        let page = parse_status(empty).unwrap();
        assert_eq!(page.status, Status::Operational);
        for (what, bytes) in hostile_json_inputs() {
            assert!(parse_status(&bytes).is_err(), "{what}");
        }
        assert!(parse_status(&truncated(&fixture("nintendo", FILE))).is_err());
    }
}
