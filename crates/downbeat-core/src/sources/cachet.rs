//! Cachet 2.x status pages: `<page>/api/v1/components`.
//!
//! `{"meta": {"pagination": {...}}, "data": [{"id", "name", "description",
//! "link", "status", "order", "group_id", "created_at", "updated_at",
//! "deleted_at", "enabled", "status_name", "tags"}]}`. Disabled and deleted
//! components are left out. The answer is paginated (20 a page by default):
//! a caller that wants every component asks for a big `per_page`.
//!
//! Status codes: `1` operational, `2` performance issues → degraded, `3`
//! partial outage, `4` major outage, `0` (or anything else) unknown; the code
//! may come as a number or a string, and `status_name` stands in when it is
//! missing. Cachet has no maintenance status for components.
//!
//! Groups come as ids only (their names are in `/api/v1/components/groups`,
//! read by [`parse_groups`] and joined by [`parse_components_with_groups`]).
//! Cachet's times are naive (`2020-10-05 11:22:03`, in the server's zone,
//! which the answer does not say), so the snapshot carries no `updated_at`
//! rather than a guess.

use serde::Deserialize;
use std::collections::HashMap;

use super::payload::{self, nullable, text_or_number, Shape};
use super::{plain_text, ParseError};
use crate::model::{Component, Snapshot, Status};

const FORMAT: &str = "cachet";
const COMPONENTS: &str = "Cachet API v1 components answer";
const GROUPS: &str = "Cachet API v1 component groups answer";

/// `/api/v1/components` → Snapshot: components (without group names), the
/// status being the worst of them (`unknown` when there is none).
pub fn parse_components(bytes: &[u8]) -> Result<Snapshot, ParseError> {
    parse_components_with_groups(bytes, &HashMap::new())
}

/// `/api/v1/components/groups` → group names by id.
pub fn parse_groups(bytes: &[u8]) -> Result<HashMap<String, String>, ParseError> {
    let raw: RawList<RawGroup> = payload::decode_json(FORMAT, bytes, Shape::Object, GROUPS)?;
    let Some(data) = raw.data else {
        return Err(error(format!("not a {GROUPS}: missing field `data`")));
    };
    Ok(data
        .into_iter()
        .filter_map(|group| {
            let name = payload::non_empty(&plain_text(&group.name))?;
            Some((payload::non_empty(&group.id)?, name))
        })
        .collect())
}

/// `/api/v1/components` → Snapshot, each component carrying the name of its
/// group from `groups` (see [`parse_groups`]).
pub fn parse_components_with_groups(
    bytes: &[u8],
    groups: &HashMap<String, String>,
) -> Result<Snapshot, ParseError> {
    let raw: RawList<RawComponent> =
        payload::decode_json(FORMAT, bytes, Shape::Object, COMPONENTS)?;
    let Some(data) = raw.data else {
        return Err(error(format!("not a {COMPONENTS}: missing field `data`")));
    };
    let mut listed: Vec<(i64, usize, Component)> = Vec::new();
    for (index, component) in data.into_iter().enumerate() {
        if component.enabled == Some(false) || component.deleted_at.is_some() {
            continue;
        }
        let Some(name) = payload::non_empty(&plain_text(&component.name)) else {
            continue;
        };
        let status = match component.status.trim() {
            "" => status_name(&component.status_name),
            code => status_code(code),
        };
        listed.push((
            component.order.trim().parse().unwrap_or(0),
            index,
            Component {
                name,
                group: groups.get(component.group_id.trim()).cloned(),
                status,
            },
        ));
    }
    // Cachet's own display order: `order`, then as listed.
    listed.sort_by_key(|(order, index, _)| (*order, *index));
    let components: Vec<Component> = listed.into_iter().map(|(_, _, c)| c).collect();
    let status = payload::worst(components.iter().map(|c| c.status)).unwrap_or(Status::Unknown);
    Ok(Snapshot {
        page_name: None,
        status,
        description: None,
        updated_at: None,
        components,
        incidents: Vec::new(),
        maintenances: Vec::new(),
    })
}

/// A component status code.
fn status_code(code: &str) -> Status {
    match code.trim() {
        "1" => Status::Operational,
        "2" => Status::Degraded,
        "3" => Status::PartialOutage,
        "4" => Status::MajorOutage,
        _ => Status::Unknown,
    }
}

/// A component's `status_name`, when the code is missing.
fn status_name(name: &str) -> Status {
    match name.trim().to_ascii_lowercase().as_str() {
        "operational" => Status::Operational,
        "performance issues" => Status::Degraded,
        "partial outage" => Status::PartialOutage,
        "major outage" => Status::MajorOutage,
        _ => Status::Unknown,
    }
}

#[derive(Deserialize)]
struct RawList<T> {
    #[serde(default)]
    data: Option<Vec<T>>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct RawComponent {
    #[serde(deserialize_with = "nullable")]
    name: String,
    #[serde(deserialize_with = "text_or_number")]
    status: String,
    #[serde(deserialize_with = "nullable")]
    status_name: String,
    #[serde(deserialize_with = "text_or_number")]
    order: String,
    #[serde(deserialize_with = "text_or_number")]
    group_id: String,
    enabled: Option<bool>,
    deleted_at: Option<String>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct RawGroup {
    #[serde(deserialize_with = "text_or_number")]
    id: String,
    #[serde(deserialize_with = "nullable")]
    name: String,
}

fn error(message: impl Into<String>) -> ParseError {
    ParseError::new(FORMAT, message)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::*;
    use crate::sources::testing::{fixture, hostile_json_inputs, truncated};

    const YOTI: &str = "yoti-cachet-api-v1-components-2020-10-doc-excerpt.json";

    fn yoti() -> Vec<u8> {
        fixture("cachet", YOTI)
    }

    #[test]
    fn yoti_components_are_operational() {
        let snapshot = parse_components(&yoti()).unwrap();
        assert_eq!(snapshot.status, Status::Operational);
        assert_eq!(snapshot.page_name, None);
        assert_eq!(snapshot.updated_at, None);
        assert!(snapshot.incidents.is_empty() && snapshot.maintenances.is_empty());
        let names: Vec<&str> = snapshot
            .components
            .iter()
            .map(|c| c.name.as_str())
            .collect();
        // All have order 0: listed order stands.
        assert_eq!(
            names,
            [
                "Yoti Website",
                "Yoti Age Scan",
                "Yoti App",
                "Yoti Doc Scan",
                "Yoti Doc Scan",
                "Yoti Sign",
                "Yoti Hub",
            ]
        );
        assert!(snapshot
            .components
            .iter()
            .all(|c| c.status == Status::Operational && c.group.is_none()));
    }

    #[test]
    fn group_names_tell_same_named_components_apart() {
        let groups =
            parse_groups(br#"{"meta":{},"data":[{"id":1,"name":"Global"},{"id":"2","name":"Canada"},{"id":3,"name":" "}]}"#)
                .unwrap();
        assert_eq!(groups.len(), 2);
        let snapshot = parse_components_with_groups(&yoti(), &groups).unwrap();
        let doc_scans: Vec<Option<&str>> = snapshot
            .components
            .iter()
            .filter(|c| c.name == "Yoti Doc Scan")
            .map(|c| c.group.as_deref())
            .collect();
        assert_eq!(doc_scans, [Some("Canada"), Some("Global")]);
        assert_eq!(
            snapshot.status_for(&["Canada".to_owned()]),
            Status::Operational
        );
    }

    #[test]
    fn status_codes_order_and_hidden_components() {
        // Written for this test in the shape of the fixture.
        let body = br#"{"data":[
            {"id":1,"name":"Web","status":4,"order":2,"group_id":0,"enabled":true},
            {"id":2,"name":"API","status":"3","order":1,"enabled":true},
            {"id":3,"name":"Mail","status":2,"order":"1","enabled":true},
            {"id":4,"name":"Old","status":4,"order":0,"enabled":false},
            {"id":5,"name":"Gone","status":4,"order":0,"deleted_at":"2020-01-01 00:00:00"},
            {"id":6,"name":"DNS","status":null,"status_name":"Performance Issues","order":3},
            {"id":7,"name":"CDN","status":0,"order":4},
            {"id":8,"name":"<b>Bold</b>","status":1,"order":5}
        ]}"#;
        let snapshot = parse_components(body).unwrap();
        let seen: Vec<(&str, Status)> = snapshot
            .components
            .iter()
            .map(|c| (c.name.as_str(), c.status))
            .collect();
        assert_eq!(
            seen,
            [
                ("API", Status::PartialOutage),
                ("Mail", Status::Degraded),
                ("Web", Status::MajorOutage),
                ("DNS", Status::Degraded),
                ("CDN", Status::Unknown),
                ("<b>Bold</b>", Status::Operational),
            ]
        );
        assert_eq!(snapshot.status, Status::MajorOutage);
        let empty = parse_components(br#"{"meta":{},"data":[]}"#).unwrap();
        assert_eq!(empty.status, Status::Unknown);
    }

    #[test]
    fn malformed_payloads_are_errors_not_panics() {
        let mut cases = hostile_json_inputs();
        cases.extend([
            ("truncated", truncated(&yoti())),
            ("empty object", b"{}".to_vec()),
            ("array", b"[]".to_vec()),
            ("data object", br#"{"data":{"id":1}}"#.to_vec()),
            ("wrong field type", br#"{"data":[{"name":["x"]}]}"#.to_vec()),
            (
                "betterstack",
                fixture(
                    "betterstack",
                    "together-ai-betterstack-index-2026-09-04-ai-status-fixture.json",
                ),
            ),
            (
                "statuspage",
                fixture(
                    "statuspage",
                    "github-summary-2026-07-31-all-operational.json",
                ),
            ),
        ]);
        for (name, body) in &cases {
            for error in [parse_components(body).err(), parse_groups(body).err()] {
                let error = error.unwrap_or_else(|| panic!("{name}: accepted"));
                assert_eq!(error.format, "cachet", "{name}");
                assert!(!error.message.is_empty(), "{name}");
            }
        }
        let html = parse_components(b"<html>Service Unavailable</html>").unwrap_err();
        assert!(html.message.contains("HTML"), "{html}");
        let missing = parse_components(b"{}").unwrap_err();
        assert!(missing.message.contains("`data`"), "{missing}");
    }
}
