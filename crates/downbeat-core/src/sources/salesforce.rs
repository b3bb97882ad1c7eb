//! Salesforce Trust (`https://api.status.salesforce.com/v1/instances/status/preview`,
//! optionally `?products=<key>`): a JSON list of instances `{key, location,
//! environment, status, Incidents[], Maintenances[]}`, with
//! `/v1/localizations` as the companion that gives incidents their titles
//! (rows `{modelName incidentImpactType, modelKey, modelAttribute
//! serviceIssue / endUserImpact, text}`; the API's incidents carry none).
//!
//! Each instance is a component grouped by its location (`NA`, `EMEA`,
//! `APAC`); its `status` is `OK` → operational or
//! `{INFORMATIONAL, MAINTENANCE, MINOR_INCIDENT, MAJOR_INCIDENT}_{CORE,
//! NONCORE}` → operational, maintenance, degraded, major outage. The page is
//! the worst known instance (watch your instance by name to see only it).
//! Incidents are listed once however many instances they affect; open while
//! an impact has no `endTime`; impact by the worst `severity` (`minor` →
//! degraded, `major` → major outage). Maintenances are upcoming until their
//! `plannedStartTime`, in progress until their `plannedEndTime` and then left
//! out (as cancelled ones are), measured against the time of the check.

use std::collections::HashMap;

use super::dates::json_time;
use super::payload::{self, Shape};
use super::ParseError;
use crate::model::{Component, IncidentUpdate, Snapshot, Status, VendorIncident};
use chrono::{DateTime, Utc};
use serde_json::Value;

const FORMAT: &str = "salesforce";
const WHAT: &str = "Salesforce Trust instances status";

/// `instances/status/preview` (with `localizations` when fetched) → Snapshot,
/// read at `now`.
pub fn parse_instances(
    bytes: &[u8],
    localizations: Option<&[u8]>,
    now: DateTime<Utc>,
) -> Result<Snapshot, ParseError> {
    let value: Value = payload::decode_json(FORMAT, bytes, Shape::Array, WHAT)?;
    let instances = value.as_array().map(Vec::as_slice).unwrap_or_default();
    if instances.is_empty()
        || !instances
            .iter()
            .all(|i| i["key"].is_string() && i["status"].is_string())
    {
        return Err(ParseError::new(
            FORMAT,
            format!("not a {WHAT}: instances need \"key\" and \"status\""),
        ));
    }
    let titles = match localizations {
        Some(bytes) => parse_localizations(bytes)?,
        None => HashMap::new(),
    };
    let mut components = Vec::with_capacity(instances.len());
    let mut incidents: Vec<VendorIncident> = Vec::new();
    let mut maintenances: Vec<VendorIncident> = Vec::new();
    for instance in instances {
        let key = instance["key"].as_str().unwrap_or_default().to_owned();
        components.push(Component {
            name: key.clone(),
            group: instance["location"].as_str().and_then(payload::non_empty),
            status: instance_status(instance["status"].as_str().unwrap_or_default()),
        });
        for raw in instance["Incidents"].as_array().into_iter().flatten() {
            merge(&mut incidents, incident(raw, &titles), &key);
        }
        for raw in instance["Maintenances"].as_array().into_iter().flatten() {
            merge(&mut maintenances, maintenance(raw, now), &key);
        }
    }
    incidents.retain(|i| !i.is_resolved());
    maintenances.retain(|m| !m.is_resolved());
    payload::sort_newest_first(&mut incidents);
    payload::sort_soonest_first(&mut maintenances);
    Ok(Snapshot {
        page_name: Some("Salesforce".to_owned()),
        status: payload::page_status(components.iter().map(|c| c.status)),
        description: None,
        updated_at: None,
        components,
        incidents,
        maintenances,
    })
}

/// `localizations` → impact type → title (`serviceIssue`, English).
pub fn parse_localizations(bytes: &[u8]) -> Result<HashMap<String, String>, ParseError> {
    let value: Value =
        payload::decode_json(FORMAT, bytes, Shape::Array, "Salesforce localizations")?;
    Ok(value
        .as_array()
        .into_iter()
        .flatten()
        .filter(|row| row["modelAttribute"].as_str() == Some("serviceIssue"))
        .filter(|row| row["locale"].as_str().is_none_or(|l| l.starts_with("en")))
        .filter_map(|row| {
            Some((
                row["modelKey"].as_str()?.to_owned(),
                payload::vendor_text(row["text"].as_str()?),
            ))
        })
        .collect())
}

fn instance_status(word: &str) -> Status {
    let base = word.trim_end_matches("_NONCORE").trim_end_matches("_CORE");
    match base {
        "OK" | "INFORMATIONAL" => Status::Operational,
        "MAINTENANCE" => Status::Maintenance,
        "MINOR_INCIDENT" => Status::Degraded,
        "MAJOR_INCIDENT" => Status::MajorOutage,
        _ => Status::Unknown,
    }
}

fn merge(list: &mut Vec<VendorIncident>, event: Option<VendorIncident>, instance: &str) {
    let Some(event) = event else { return };
    match list.iter_mut().find(|e| e.id == event.id) {
        Some(known) if !known.components.iter().any(|c| c == instance) => {
            known.components.push(instance.to_owned())
        }
        Some(_) => {}
        None => list.push(VendorIncident {
            components: vec![instance.to_owned()],
            ..event
        }),
    }
}

fn incident(raw: &Value, titles: &HashMap<String, String>) -> Option<VendorIncident> {
    let impacts: Vec<&Value> = raw["IncidentImpacts"]
        .as_array()
        .into_iter()
        .flatten()
        .collect();
    let open = impacts.iter().any(|i| i["endTime"].is_null());
    let impact = payload::page_status(impacts.iter().map(|i| match i["severity"].as_str() {
        Some("minor") => Status::Degraded,
        Some("major") => Status::MajorOutage,
        _ => Status::Unknown,
    }));
    let kind = impacts
        .first()
        .and_then(|i| i["type"].as_str())
        .unwrap_or_default();
    let title = titles
        .get(kind)
        .cloned()
        .unwrap_or_else(|| format!("Incident {}", raw["id"]));
    let started = impacts
        .iter()
        .filter_map(|i| json_time(&i["startTime"]))
        .min();
    let ended = if open {
        None
    } else {
        impacts
            .iter()
            .filter_map(|i| json_time(&i["endTime"]))
            .max()
    };
    let mut updates: Vec<IncidentUpdate> = raw["IncidentEvents"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|e| {
            Some(IncidentUpdate {
                status: "update".to_owned(),
                body: payload::vendor_text(e["message"].as_str().unwrap_or_default()),
                at: json_time(&e["createdAt"])?,
            })
        })
        .collect();
    updates.sort_by_key(|u| std::cmp::Reverse(u.at));
    Some(VendorIncident {
        id: raw["id"].to_string(),
        title,
        status: if open { "investigating" } else { "resolved" }.to_owned(),
        impact: if impact == Status::Unknown {
            Status::Degraded
        } else {
            impact
        },
        started_at: started,
        resolved_at: ended,
        url: Some(format!(
            "https://status.salesforce.com/incidents/{}",
            raw["id"]
        )),
        updates,
        components: Vec::new(),
        scheduled_for: None,
        scheduled_until: None,
    })
}

fn maintenance(raw: &Value, now: DateTime<Utc>) -> Option<VendorIncident> {
    let message = &raw["message"];
    let from = json_time(&raw["plannedStartTime"]);
    let until = json_time(&raw["plannedEndTime"]);
    let status = if raw["isCancelled"].as_bool() == Some(true) || until.is_some_and(|t| t <= now) {
        "completed"
    } else if from.is_some_and(|t| t <= now) {
        "in_progress"
    } else {
        "scheduled"
    };
    let title = message["eventType"]
        .as_str()
        .or(raw["name"].as_str())
        .and_then(payload::non_empty)
        .unwrap_or_else(|| "Maintenance".to_owned());
    Some(payload::planned(
        raw["id"].to_string(),
        title,
        status,
        from,
        until,
    ))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::*;
    use crate::sources::testing::{fixture, hostile_json_inputs, truncated, ts};

    const INSTANCES: &str =
        "trust-instances-status-preview-2020-07-29-na137-minor-incident-core.json";

    /// When the capture was made (the incident began at 16:08 that day).
    fn captured() -> DateTime<Utc> {
        ts("2020-07-29T18:00:00Z")
    }

    #[test]
    fn na137_has_the_one_open_minor_incident_titled_from_the_localizations() {
        let page = parse_instances(
            &fixture("salesforce", INSTANCES),
            Some(&fixture("salesforce", "trust-localizations-2020-07.json")),
            captured(),
        )
        .unwrap();
        assert_eq!(page.components.len(), 1528);
        assert_eq!(page.status, Status::Degraded);
        let troubled: Vec<(&str, Option<&str>)> = page
            .components
            .iter()
            .filter(|c| c.status != Status::Operational)
            .map(|c| (c.name.as_str(), c.group.as_deref()))
            .collect();
        assert_eq!(troubled, [("NA137", Some("NA"))]);
        assert_eq!(page.incidents.len(), 1);
        let incident = &page.incidents[0];
        assert_eq!(incident.id, "5968");
        assert_eq!(
            incident.title,
            "Performance Degradation - Asynchronous Processing"
        );
        assert_eq!(incident.impact, Status::Degraded);
        assert_eq!(incident.components, ["NA137"]);
        assert_eq!(incident.started_at, Some(ts("2020-07-29T16:08:00Z")));
        assert!(incident.updates.is_empty());
        assert!(page.maintenances.is_empty());
    }

    #[test]
    fn without_localizations_the_incident_is_still_there() {
        let page = parse_instances(&fixture("salesforce", INSTANCES), None, captured()).unwrap();
        assert_eq!(page.incidents[0].title, "Incident 5968");
    }

    #[test]
    fn broken_input_is_an_error() {
        for (what, bytes) in hostile_json_inputs() {
            assert!(parse_instances(&bytes, None, captured()).is_err(), "{what}");
        }
        assert!(parse_instances(
            &truncated(&fixture("salesforce", INSTANCES)),
            None,
            captured()
        )
        .is_err());
        assert!(parse_instances(b"[]", None, captured()).is_err());
    }

    #[test]
    fn a_planned_maintenance_is_upcoming_then_in_progress_then_gone() {
        // The real capture with one maintenance window given to NA137, in
        // the API's shape (plannedStartTime / plannedEndTime).
        let mut value: Value = serde_json::from_slice(&fixture("salesforce", INSTANCES)).unwrap();
        let na137 = value
            .as_array_mut()
            .unwrap()
            .iter_mut()
            .find(|i| i["key"] == "NA137")
            .unwrap();
        na137["Maintenances"] = serde_json::json!([{
            "id": 777, "name": "NA137 Major Release",
            "plannedStartTime": "2020-08-01T04:00:00.000Z",
            "plannedEndTime": "2020-08-01T09:00:00.000Z",
            "isCancelled": false, "message": {"eventType": "release"}
        }]);
        let bytes = serde_json::to_vec(&value).unwrap();
        let stage = |now: &str| {
            let page = parse_instances(&bytes, None, ts(now)).unwrap();
            page.maintenances.first().map(|m| m.status.clone())
        };
        assert_eq!(stage("2020-07-29T18:00:00Z").as_deref(), Some("scheduled"));
        assert_eq!(
            stage("2020-08-01T04:00:00Z").as_deref(),
            Some("in_progress")
        );
        assert_eq!(stage("2020-08-01T09:00:00Z"), None);
        let page = parse_instances(&bytes, None, captured()).unwrap();
        assert_eq!(page.maintenances[0].components, ["NA137"]);
        assert_eq!(
            page.maintenances[0].scheduled_until,
            Some(ts("2020-08-01T09:00:00Z"))
        );
    }
}
