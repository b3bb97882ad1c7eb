//! Google Cloud (`https://status.cloud.google.com/incidents.json`) and Google
//! Workspace (`https://www.google.com/appsstatus/dashboard/incidents.json`)
//! incident lists: a JSON array of incidents, each with `begin`, an `end`
//! once over, `external_desc` (the title), `updates[]`, `most_recent_update`,
//! `status_impact`, `severity` and `affected_products`.
//!
//! An incident with no `end` is ongoing; the page's status is the worst
//! impact of the ongoing ones (operational when none is). Impacts:
//! `SERVICE_OUTAGE` → major outage, `SERVICE_DISRUPTION` → partial outage,
//! `SERVICE_INFORMATION` → degraded; without `status_impact`, `severity`
//! high / medium / low maps the same way. The stage word is the newest
//! update's status in lower case (`service_information`, `available`…), and
//! `resolved` once the incident has ended. The components are the affected
//! products, each at the worst impact of its ongoing incidents.

use serde::Deserialize;

use super::payload::{self, nullable, text_or_number, Shape};
use super::{plain_text, ParseError};
use crate::model::{Component, IncidentUpdate, Snapshot, Status, VendorIncident};

const FORMAT: &str = "google";
const WHAT: &str = "Google Cloud / Workspace incidents.json";

/// `incidents.json` → Snapshot: every incident newest first (ended ones
/// marked resolved), the affected products as components. Incident URLs
/// stay unset: the payload only has paths; see [`parse_incidents_at`].
pub fn parse_incidents(bytes: &[u8]) -> Result<Snapshot, ParseError> {
    parse_incidents_at(bytes, None)
}

/// Like [`parse_incidents`], with each incident's `uri` resolved against the
/// dashboard's base URL (`https://status.cloud.google.com/`).
pub fn parse_incidents_at(bytes: &[u8], base_url: Option<&str>) -> Result<Snapshot, ParseError> {
    let raw: Vec<RawIncident> = payload::decode_json(FORMAT, bytes, Shape::Array, WHAT)?;
    let modified = raw
        .iter()
        .filter_map(|incident| payload::rfc3339(incident.modified.as_deref()))
        .max();
    let mut incidents = raw
        .into_iter()
        .enumerate()
        .map(|(index, incident)| convert_incident(incident, index, base_url))
        .collect::<Result<Vec<_>, _>>()?;
    payload::sort_newest_first(&mut incidents);

    let mut components: Vec<Component> = Vec::new();
    for incident in &incidents {
        let impact = if incident.is_resolved() {
            Status::Operational
        } else {
            incident.impact
        };
        for name in &incident.components {
            match components.iter_mut().find(|c| &c.name == name) {
                Some(component) => {
                    component.status = crate::sources::payload::worse(component.status, impact)
                }
                None => components.push(Component {
                    name: name.clone(),
                    group: None,
                    status: impact,
                }),
            }
        }
    }
    let status = payload::worst(
        incidents
            .iter()
            .filter(|i| !i.is_resolved())
            .map(|i| i.impact),
    )
    .unwrap_or(Status::Operational);
    let updated_at = modified.or_else(|| {
        incidents
            .iter()
            .filter_map(|i| i.updates.first().map(|u| u.at).max(i.resolved_at))
            .max()
    });

    Ok(Snapshot {
        page_name: None,
        status,
        description: None,
        updated_at,
        components,
        incidents,
        maintenances: Vec::new(),
    })
}

/// `status_impact`, or `severity` when that is missing.
fn impact_status(status_impact: &str, severity: &str) -> Status {
    match status_impact.trim().to_ascii_uppercase().as_str() {
        "SERVICE_OUTAGE" => return Status::MajorOutage,
        "SERVICE_DISRUPTION" => return Status::PartialOutage,
        "SERVICE_INFORMATION" => return Status::Degraded,
        _ => {}
    }
    match severity.trim().to_ascii_lowercase().as_str() {
        "high" => Status::MajorOutage,
        "medium" => Status::PartialOutage,
        "low" => Status::Degraded,
        _ => Status::Unknown,
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct RawIncident {
    #[serde(deserialize_with = "text_or_number")]
    id: String,
    begin: Option<String>,
    created: Option<String>,
    end: Option<String>,
    modified: Option<String>,
    #[serde(deserialize_with = "nullable")]
    external_desc: String,
    #[serde(deserialize_with = "nullable")]
    updates: Vec<RawUpdate>,
    most_recent_update: Option<RawUpdate>,
    #[serde(deserialize_with = "nullable")]
    status_impact: String,
    #[serde(deserialize_with = "nullable")]
    severity: String,
    #[serde(deserialize_with = "nullable")]
    service_name: String,
    #[serde(deserialize_with = "nullable")]
    affected_products: Vec<RawProduct>,
    uri: Option<String>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct RawUpdate {
    created: Option<String>,
    when: Option<String>,
    #[serde(deserialize_with = "nullable")]
    text: String,
    #[serde(deserialize_with = "nullable")]
    status: String,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct RawProduct {
    #[serde(deserialize_with = "nullable")]
    title: String,
}

fn convert_update(raw: RawUpdate) -> Option<IncidentUpdate> {
    Some(IncidentUpdate {
        status: raw.status.trim().to_ascii_lowercase(),
        body: payload::vendor_text(&raw.text),
        at: payload::rfc3339(raw.when.as_deref())
            .or_else(|| payload::rfc3339(raw.created.as_deref()))?,
    })
}

fn convert_incident(
    raw: RawIncident,
    index: usize,
    base_url: Option<&str>,
) -> Result<VendorIncident, ParseError> {
    if raw.id.is_empty() {
        return Err(ParseError::new(
            FORMAT,
            format!(
                "not a {WHAT}: incident #{} ({:?}) has no id",
                index + 1,
                raw.external_desc
            ),
        ));
    }
    let mut updates: Vec<IncidentUpdate> =
        raw.updates.into_iter().filter_map(convert_update).collect();
    if updates.is_empty() {
        updates.extend(raw.most_recent_update.and_then(convert_update));
    }
    updates.sort_by_key(|update| std::cmp::Reverse(update.at));

    let resolved_at = payload::rfc3339(raw.end.as_deref());
    let status = if resolved_at.is_some() {
        "resolved".to_owned()
    } else {
        updates
            .first()
            .map(|u| u.status.clone())
            .filter(|word| !word.is_empty() && word != "available")
            .unwrap_or_else(|| "ongoing".to_owned())
    };
    let mut components: Vec<String> = raw
        .affected_products
        .iter()
        .filter_map(|p| payload::non_empty(&p.title))
        .collect();
    if components.is_empty() {
        components.extend(payload::non_empty(&raw.service_name));
    }
    let url = raw
        .uri
        .as_deref()
        .and_then(payload::non_empty)
        .and_then(|uri| {
            if uri.starts_with("https://") || uri.starts_with("http://") {
                Some(uri)
            } else {
                let base = base_url?.trim_end_matches('/');
                Some(format!("{base}/{}", uri.trim_start_matches('/')))
            }
        });
    Ok(VendorIncident {
        id: raw.id,
        title: plain_text(&raw.external_desc),
        status,
        impact: impact_status(&raw.status_impact, &raw.severity),
        started_at: payload::rfc3339(raw.begin.as_deref())
            .or_else(|| payload::rfc3339(raw.created.as_deref())),
        resolved_at,
        url,
        updates,
        components,
        scheduled_for: None,
        scheduled_until: None,
    })
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;
    use crate::sources::testing::{fixture, hostile_json_inputs, truncated, ts};

    /// The fixture is a monitoring agent's output whose `health_info` is the
    /// raw `incidents.json` content.
    fn incidents_json() -> serde_json::Value {
        let bytes = fixture(
            "gcp",
            "gcp-incident-2023-03-10-bigquery-checkmk-agent-output.json",
        );
        let wrapper: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
        wrapper["health_info"].clone()
    }

    fn bytes(value: &serde_json::Value) -> Vec<u8> {
        serde_json::to_vec_pretty(value).unwrap()
    }

    #[test]
    fn ended_bigquery_incident_leaves_the_page_operational() {
        let snapshot = parse_incidents_at(
            &bytes(&incidents_json()),
            Some("https://status.cloud.google.com/"),
        )
        .unwrap();
        assert_eq!(snapshot.status, Status::Operational);
        assert_eq!(snapshot.updated_at, Some(ts("2023-03-10T14:54:50Z")));
        assert_eq!(snapshot.incidents.len(), 1);
        assert_eq!(snapshot.open_incidents().count(), 0);
        let incident = &snapshot.incidents[0];
        assert_eq!(incident.id, "rZvZvSKVdDHyWh4dZJ8D");
        assert_eq!(
            incident.title,
            "Retry errors for Google BigQuery in europe-north1"
        );
        assert_eq!(incident.status, "resolved");
        assert!(incident.is_resolved());
        assert_eq!(incident.impact, Status::Degraded); // SERVICE_INFORMATION
        assert_eq!(incident.started_at, Some(ts("2023-03-10T14:09:43Z")));
        assert_eq!(incident.resolved_at, Some(ts("2023-03-10T14:54:50Z")));
        assert_eq!(
            incident.url.as_deref(),
            Some("https://status.cloud.google.com/incidents/rZvZvSKVdDHyWh4dZJ8D")
        );
        assert_eq!(incident.components, ["Google BigQuery"]);
        assert_eq!(incident.updates.len(), 1);
        let update = &incident.updates[0];
        assert_eq!(update.status, "service_information");
        assert_eq!(update.at, ts("2023-03-10T14:26:17Z"));
        assert!(update.body.starts_with(
            "Summary: Retry errors for Google BigQuery in europe-north1\nDescription:"
        ));
        assert!(update.body.ends_with("\nWorkaround: Retry requests"));
        assert_eq!(update.body.lines().count(), 6);
        assert_eq!(
            snapshot.components,
            [Component {
                name: "Google BigQuery".to_owned(),
                group: None,
                status: Status::Operational
            }]
        );
        // Without a base URL the relative uri is not a URL.
        let bare = parse_incidents(&bytes(&incidents_json())).unwrap();
        assert_eq!(bare.incidents[0].url, None);
    }

    #[test]
    fn the_same_incident_ongoing_sets_the_status() {
        let mut value = incidents_json();
        let incident = value[0].as_object_mut().unwrap();
        incident.remove("end");
        let snapshot = parse_incidents(&bytes(&value)).unwrap();
        assert_eq!(snapshot.status, Status::Degraded);
        let incident = &snapshot.incidents[0];
        assert_eq!(incident.status, "service_information");
        assert!(!incident.is_resolved());
        assert_eq!(snapshot.open_incidents().count(), 1);
        assert_eq!(
            snapshot.status_for(&["Google BigQuery".to_owned()]),
            Status::Degraded
        );

        // An outage posted later: newest first, and the worst wins.
        let mut outage = value[0].clone();
        outage["id"] = "later".into();
        outage["begin"] = "2023-03-11T00:00:00+01:00".into();
        outage["status_impact"] = "SERVICE_OUTAGE".into();
        outage["affected_products"] = serde_json::json!([{"title": "Cloud Run", "id": "x"}]);
        value.as_array_mut().unwrap().push(outage);
        let snapshot = parse_incidents(&bytes(&value)).unwrap();
        assert_eq!(snapshot.status, Status::MajorOutage);
        assert_eq!(snapshot.incidents[0].id, "later");
        assert_eq!(
            snapshot.incidents[0].started_at,
            Some(ts("2023-03-10T23:00:00Z"))
        );
        assert_eq!(
            snapshot.status_for(&["Google BigQuery".to_owned()]),
            Status::Degraded
        );
        assert_eq!(
            snapshot.status_for(&["cloud run".to_owned()]),
            Status::MajorOutage
        );
    }

    #[test]
    fn impacts_and_severities() {
        assert_eq!(impact_status("SERVICE_OUTAGE", ""), Status::MajorOutage);
        assert_eq!(
            impact_status("SERVICE_DISRUPTION", "low"),
            Status::PartialOutage
        );
        assert_eq!(
            impact_status("SERVICE_INFORMATION", "high"),
            Status::Degraded
        );
        assert_eq!(impact_status("", "high"), Status::MajorOutage);
        assert_eq!(impact_status("", "medium"), Status::PartialOutage);
        assert_eq!(impact_status("", "low"), Status::Degraded);
        assert_eq!(impact_status("", ""), Status::Unknown);
        let empty = parse_incidents(b" [] ").unwrap();
        assert_eq!(empty.status, Status::Operational);
        assert!(empty.incidents.is_empty());
    }

    #[test]
    fn wrong_shapes_are_errors_not_panics() {
        let mut cases = hostile_json_inputs();
        cases.push(("truncated", truncated(&bytes(&incidents_json()))));
        cases.push(("object", b"{}".to_vec()));
        // The agent output around the list is not the list.
        cases.push((
            "wrapper",
            fixture(
                "gcp",
                "gcp-incident-2023-03-10-bigquery-checkmk-agent-output.json",
            ),
        ));
        cases.push((
            "slack",
            fixture("slack", "slack-current-2020-07-30-active.json"),
        ));
        // AWS's currentevents is an array too, of objects without "id".
        cases.push((
            "aws",
            fixture(
                "aws",
                "aws-health-public-currentevents-2026-ai-status-fixture.json",
            ),
        ));
        cases.push(("array of numbers", b"[1,2]".to_vec()));
        for (name, body) in &cases {
            let error = parse_incidents(body).expect_err(name);
            assert_eq!(error.format, "google", "{name}");
        }
        let object = parse_incidents(b"{}").unwrap_err();
        assert!(
            object
                .message
                .contains("expected a JSON array, got an object"),
            "{object}"
        );
    }
}
