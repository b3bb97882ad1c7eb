//! Gatus (`https://<host>/api/v1/endpoints/statuses`): a JSON list of
//! endpoints `[{name, group, key, results[{success, timestamp, …}]}]`,
//! results oldest first. No real capture was found; the shape is the one
//! TwiN/gatus-sdk `models.go` documents, and the tests' input is written
//! from it.
//!
//! An endpoint is a component in its group, operational when its newest
//! result succeeded, a major outage when it failed, unknown with no result.
//! The page: some endpoints down → partial outage, all down → major outage.

use super::dates::json_time;
use super::payload::{self, Shape};
use super::ParseError;
use crate::model::{Component, Snapshot, Status};
use serde_json::Value;

const FORMAT: &str = "gatus";
const WHAT: &str = "Gatus endpoint statuses (/api/v1/endpoints/statuses)";

/// `endpoints/statuses` → Snapshot.
pub fn parse_statuses(bytes: &[u8]) -> Result<Snapshot, ParseError> {
    let value: Value = payload::decode_json(FORMAT, bytes, Shape::Array, WHAT)?;
    let endpoints = value.as_array().map(Vec::as_slice).unwrap_or_default();
    if !endpoints
        .iter()
        .all(|e| e["name"].is_string() && e["results"].is_array())
    {
        return Err(ParseError::new(
            FORMAT,
            format!("not {WHAT}: endpoints need \"name\" and \"results\""),
        ));
    }
    let mut updated_at = None;
    let components: Vec<Component> = endpoints
        .iter()
        .map(|endpoint| {
            let newest = endpoint["results"].as_array().and_then(|r| r.last());
            updated_at = updated_at.max(newest.and_then(|r| json_time(&r["timestamp"])));
            Component {
                name: payload::vendor_text(endpoint["name"].as_str().unwrap_or_default()),
                group: endpoint["group"].as_str().and_then(payload::non_empty),
                status: match newest.map(|r| r["success"].as_bool()) {
                    Some(Some(true)) => Status::Operational,
                    Some(Some(false)) => Status::MajorOutage,
                    _ => Status::Unknown,
                },
            }
        })
        .collect();
    Ok(Snapshot {
        page_name: None,
        status: payload::monitors_status(&components),
        description: None,
        updated_at,
        components,
        incidents: Vec::new(),
        maintenances: Vec::new(),
    })
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::*;
    use crate::sources::testing::{hostile_json_inputs, ts};

    #[test]
    fn the_newest_result_decides_each_endpoint() {
        let page = parse_statuses(crate::sources::documented::GATUS_STATUSES.as_bytes()).unwrap();
        let statuses: Vec<(&str, Status)> = page
            .components
            .iter()
            .map(|c| (c.name.as_str(), c.status))
            .collect();
        assert_eq!(
            statuses,
            [
                ("api", Status::MajorOutage),
                ("web", Status::Operational),
                ("new", Status::Unknown)
            ]
        );
        assert_eq!(page.status, Status::PartialOutage);
        assert_eq!(page.updated_at, Some(ts("2026-11-30T09:01:00.5Z")));
        for (what, bytes) in hostile_json_inputs() {
            assert!(parse_statuses(&bytes).is_err(), "{what}");
        }
        assert!(parse_statuses(br#"[{"name": "x"}]"#).is_err());
    }
}
