//! Riot Games status (lol-status v4): `https://<platform>.api.riotgames.com/lol/status/v4/platform-data`
//! and the key-less files of status.riotgames.com with the same keys:
//! `{id, name, locales[], maintenances[], incidents[]}`. A bare list of such
//! entries (one of the two lists on its own) is read too.
//!
//! Each entry: `maintenance_status` `scheduled` (upcoming) / `in_progress`
//! / `complete` (left out); `incident_severity` `critical` → major outage,
//! `warning` and `info` → degraded (an open incident is a problem some
//! players have, even when Riot rates it informational). Titles and update
//! texts come in many locales; `en_US` is used, else the first. Empty lists
//! mean no issue: the page is operational; an in-progress maintenance makes
//! it `maintenance`.

use super::dates::json_time;
use super::payload::{self, Shape};
use super::ParseError;
use crate::model::{IncidentUpdate, Snapshot, Status, VendorIncident};
use serde_json::Value;

const FORMAT: &str = "riot";
const WHAT: &str = "Riot lol-status v4 platform-data answer";

/// `platform-data` (or a bare list of its entries) → Snapshot.
pub fn parse_platform_data(bytes: &[u8]) -> Result<Snapshot, ParseError> {
    let body = payload::trim_start(bytes);
    let shape = if body.first() == Some(&b'[') {
        Shape::Array
    } else {
        Shape::Object
    };
    let value: Value = payload::decode_json(FORMAT, bytes, shape, WHAT)?;
    let entries: Vec<&Value> = match &value {
        Value::Array(list) if !list.is_empty() && list.iter().all(is_entry) => {
            list.iter().collect()
        }
        Value::Object(_) if value["maintenances"].is_array() && value["incidents"].is_array() => {
            value["maintenances"]
                .as_array()
                .into_iter()
                .chain(value["incidents"].as_array())
                .flatten()
                .collect()
        }
        _ => {
            return Err(ParseError::new(
                FORMAT,
                format!("not a {WHAT}: it needs \"maintenances\" and \"incidents\" lists"),
            ))
        }
    };
    let mut incidents = Vec::new();
    let mut maintenances = Vec::new();
    for entry in entries {
        let maintenance = !entry["maintenance_status"].is_null();
        let Some(converted) = convert(entry, maintenance) else {
            continue;
        };
        match (maintenance, converted.status.as_str()) {
            (true, "complete") => {}
            (true, _) => maintenances.push(converted),
            (false, _) => incidents.push(converted),
        }
    }
    payload::sort_newest_first(&mut incidents);
    payload::sort_soonest_first(&mut maintenances);
    let status = payload::worst(payload::current_parts(&[], &incidents, &maintenances))
        .unwrap_or(Status::Operational);
    Ok(Snapshot {
        page_name: value["name"].as_str().and_then(payload::non_empty),
        status,
        description: None,
        updated_at: None,
        components: Vec::new(),
        incidents,
        maintenances,
    })
}

fn is_entry(value: &Value) -> bool {
    value.get("titles").is_some() && value.get("id").is_some()
}

/// The `en_US` text of a `[{locale, content}]` list, else the first.
fn localized(list: &Value) -> Option<String> {
    let items = list.as_array()?;
    items
        .iter()
        .find(|item| item["locale"].as_str() == Some("en_US"))
        .or_else(|| items.first())
        .and_then(|item| item["content"].as_str())
        .map(payload::vendor_text)
        .and_then(|text| payload::non_empty(&text))
}

fn convert(entry: &Value, maintenance: bool) -> Option<VendorIncident> {
    let title = localized(&entry["titles"])?;
    let mut updates: Vec<IncidentUpdate> = entry["updates"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|update| {
            let at =
                json_time(&update["updated_at"]).or_else(|| json_time(&update["created_at"]))?;
            Some(IncidentUpdate {
                status: "update".to_owned(),
                body: localized(&update["translations"]).unwrap_or_default(),
                at,
            })
        })
        .collect();
    updates.sort_by_key(|u| std::cmp::Reverse(u.at));
    let status = if maintenance {
        entry["maintenance_status"]
            .as_str()
            .unwrap_or("scheduled")
            .to_owned()
    } else {
        "update".to_owned()
    };
    let impact = if maintenance {
        Status::Maintenance
    } else {
        match entry["incident_severity"].as_str().unwrap_or_default() {
            "critical" => Status::MajorOutage,
            "warning" | "info" => Status::Degraded,
            _ => Status::Unknown,
        }
    };
    let started = json_time(&entry["created_at"]);
    Some(VendorIncident {
        id: entry["id"].to_string(),
        title,
        status,
        impact,
        started_at: started,
        resolved_at: None,
        url: None,
        updates,
        components: entry["platforms"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|p| p.as_str().and_then(payload::non_empty))
            .collect(),
        scheduled_for: if maintenance { started } else { None },
        scheduled_until: None,
    })
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::*;
    use crate::sources::testing::{fixture, hostile_json_inputs, truncated, ts};

    #[test]
    fn oceania_has_one_open_account_transfer_incident() {
        let page = parse_platform_data(&fixture(
            "riot",
            "lol-status-v4-oc1-2023-01-19-incident-info-swift-comment.json",
        ))
        .unwrap();
        assert_eq!(page.page_name.as_deref(), Some("Oceania"));
        assert_eq!(page.status, Status::Degraded);
        assert!(page.maintenances.is_empty());
        let incident = &page.incidents[0];
        assert_eq!(incident.id, "5818");
        assert_eq!(incident.title, "Account Transfers Unavailable");
        assert_eq!(incident.updates.len(), 1);
        assert_eq!(
            incident.updates[0].body,
            "Account transfers are currently unavailable while we work on a reported issue."
        );
        assert_eq!(incident.updates[0].at, ts("2023-01-19T02:14:00Z"));
        assert_eq!(incident.components, ["windows", "macos"]);
    }

    #[test]
    fn la2_transfers_disabled_is_maintenance_in_progress() {
        let page = parse_platform_data(&fixture(
            "riot",
            "lol-status-v4-la2-maintenances-array-2021-11-12-in-progress-js-literal.json",
        ))
        .unwrap();
        assert_eq!(page.status, Status::Maintenance);
        assert!(page.incidents.is_empty());
        let maintenance = &page.maintenances[0];
        assert_eq!(
            (
                maintenance.id.as_str(),
                maintenance.title.as_str(),
                maintenance.status.as_str()
            ),
            ("3980", "Transfers Disabled", "in_progress")
        );
        assert_eq!(maintenance.components.len(), 4);
    }

    #[test]
    fn empty_lists_are_operational_and_broken_input_is_an_error() {
        let page = parse_platform_data(
            br#"{"id":"EUW1","name":"EU West","maintenances":[],"incidents":[]}"#,
        )
        .unwrap();
        assert_eq!(page.status, Status::Operational);
        for (what, bytes) in hostile_json_inputs() {
            assert!(parse_platform_data(&bytes).is_err(), "{what}");
        }
        let whole = fixture(
            "riot",
            "lol-status-v4-oc1-2023-01-19-incident-info-swift-comment.json",
        );
        assert!(parse_platform_data(&truncated(&whole)).is_err());
        assert!(parse_platform_data(b"[1, 2]").is_err());
    }
}
