//! PlayStation Network (`https://status.playstation.com/data/statuses/region/<SCEA|SCEE|SCEJA>.json`).
//!
//! **Built from a documented shape, not a capture** (none was found): the
//! fields are those inket/stts `PlayStationNetwork.swift` decodes
//! (`{regionName, status[{statusId, statusType}]}`, `statusType` `OK` /
//! `Degraded` / `Outage` / `Maintenance`) and the ones other public readers
//! use (`countries[{countryCode, services[{serviceId, serviceName,
//! status[]}]}]`, an empty `status` list meaning the service is fine).
//!
//! Each service is a component (named once across the region's countries),
//! operational while its `status` list is empty everywhere, else the worst
//! `statusType` its entries give (an entry without a known type: degraded).
//! The page: the worst of the region's own `status[]` and the services;
//! every list empty: operational.

use super::payload::{self, Shape};
use super::ParseError;
use crate::model::{Component, Snapshot, Status};
use serde_json::Value;

const FORMAT: &str = "playstation";
const WHAT: &str = "PlayStation Network region status";

/// `data/statuses/region/<region>.json` → Snapshot.
pub fn parse_region(bytes: &[u8]) -> Result<Snapshot, ParseError> {
    let value: Value = payload::decode_json(FORMAT, bytes, Shape::Object, WHAT)?;
    let Some(region) = value["status"].as_array() else {
        return Err(ParseError::new(
            FORMAT,
            format!("not a {WHAT}: it needs a \"status\" list"),
        ));
    };
    let mut components: Vec<Component> = Vec::new();
    for country in value["countries"].as_array().into_iter().flatten() {
        for service in country["services"].as_array().into_iter().flatten() {
            let Some(name) = service["serviceName"]
                .as_str()
                .or(service["serviceId"].as_str())
                .and_then(payload::non_empty)
            else {
                continue;
            };
            let status = entries_status(service["status"].as_array());
            match components.iter_mut().find(|c| c.name == name) {
                Some(known) => known.status = payload::worse(known.status, status),
                None => components.push(Component {
                    name,
                    group: None,
                    status,
                }),
            }
        }
    }
    let mut parts: Vec<Status> = components.iter().map(|c| c.status).collect();
    parts.push(entries_status(Some(region)));
    Ok(Snapshot {
        page_name: value["regionName"]
            .as_str()
            .and_then(payload::non_empty)
            .map(|region| format!("PlayStation Network ({region})")),
        status: payload::page_status(parts),
        description: None,
        updated_at: None,
        components,
        incidents: Vec::new(),
        maintenances: Vec::new(),
    })
}

/// A `status[]` list: empty → operational, else its worst `statusType`.
fn entries_status(entries: Option<&Vec<Value>>) -> Status {
    let entries = entries.map(Vec::as_slice).unwrap_or_default();
    payload::worst(entries.iter().map(
        |entry| match entry["statusType"].as_str().unwrap_or_default() {
            "OK" => Status::Operational,
            "Maintenance" => Status::Maintenance,
            "Outage" => Status::MajorOutage,
            _ => Status::Degraded,
        },
    ))
    .unwrap_or(Status::Operational)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::*;
    use crate::sources::testing::{hostile_json_inputs, statuses};

    use crate::sources::documented::PLAYSTATION_SCEA as DOCUMENTED;

    #[test]
    fn services_are_components_worst_across_countries() {
        let page = parse_region(DOCUMENTED.as_bytes()).unwrap();
        assert_eq!(
            page.page_name.as_deref(),
            Some("PlayStation Network (SCEA)")
        );
        assert_eq!(
            statuses(&page),
            [
                ("Gaming and Social", Status::MajorOutage),
                ("PlayStation Store", Status::Degraded)
            ]
        );
        assert_eq!(page.status, Status::MajorOutage);
    }

    #[test]
    fn empty_lists_are_operational_and_maintenance_is_read() {
        let fine = br#"{"regionName": "SCEE", "status": [], "countries": []}"#;
        assert_eq!(parse_region(fine).unwrap().status, Status::Operational);
        let maintenance = br#"{"regionName": "SCEE", "status": [{"statusId": "9", "statusType": "Maintenance"}]}"#;
        assert_eq!(
            parse_region(maintenance).unwrap().status,
            Status::Maintenance
        );
        for (what, bytes) in hostile_json_inputs() {
            assert!(parse_region(&bytes).is_err(), "{what}");
        }
        assert!(parse_region(br#"{"regionName": "SCEA"}"#).is_err());
    }
}
