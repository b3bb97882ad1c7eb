//! status.io's public status API, `https://api.status.io/1.0/status/<page id>`.
//!
//! The answer is `{"result": {"status_overall": {...}, "status": [...],
//! "incidents": [...], "maintenance": {"active": [...], "upcoming": [...]}}}`.
//! Status codes: 100 operational, 200 planned maintenance, 300 degraded
//! performance, 400 partial service disruption, 500 service disruption,
//! 600 security event. A security event is mapped to `degraded`: the vendor
//! says something is wrong, not that the service is down.
//!
//! Each entry of `status` is a component, at the worst of its own code and
//! its containers' (the places it runs: "AWS", "Google Compute Engine").
//! The public API lists only open incidents; a message's `state` is the stage
//! (100 investigating, 200 identified, 300 monitoring) and its `status` the
//! impact at that time. Maintenances carry their planned window; the stage of
//! an active one is `in_progress`, of an upcoming one `scheduled`.
//!
//! The page's status is the worst of the overall code and the components;
//! the open incidents' impacts count only when those say nothing.

use serde::Deserialize;

use super::payload::{self, nullable, text_or_number, Shape};
use super::{plain_text, ParseError};
use crate::model::{Component, IncidentUpdate, Snapshot, Status, VendorIncident};

const FORMAT: &str = "statusio";
const WHAT: &str = "status.io public status answer (api.status.io/1.0/status/<id>)";

/// `api.status.io/1.0/status/<page id>` → Snapshot.
pub fn parse_status(bytes: &[u8]) -> Result<Snapshot, ParseError> {
    let raw: RawAnswer = payload::decode_json(FORMAT, bytes, Shape::Object, WHAT)?;
    let result = raw.result;

    let components: Vec<Component> = result
        .status
        .iter()
        .filter_map(|entry| {
            let status = payload::worst(
                std::iter::once(code_status(entry.status_code))
                    .chain(entry.containers.iter().map(|c| code_status(c.status_code))),
            )
            .unwrap_or(Status::Unknown);
            Some(Component {
                name: payload::non_empty(&entry.name)?,
                group: None,
                status,
            })
        })
        .collect();

    let mut incidents = result
        .incidents
        .into_iter()
        .enumerate()
        .map(|(index, event)| convert_event(event, index, Kind::Incident))
        .collect::<Result<Vec<_>, _>>()?;
    payload::sort_newest_first(&mut incidents);

    let active = result
        .maintenance
        .active
        .into_iter()
        .map(|m| (m, Kind::Active));
    let upcoming = result
        .maintenance
        .upcoming
        .into_iter()
        .map(|m| (m, Kind::Upcoming));
    let mut maintenances = active
        .chain(upcoming)
        .enumerate()
        .map(|(index, (event, kind))| convert_event(event, index, kind))
        .collect::<Result<Vec<_>, _>>()?;
    payload::sort_soonest_first(&mut maintenances);

    // The overall code and the components say how things are now. A
    // message's status is what was set when it was posted (GitLab's page
    // says "Planned Maintenance" with every component operational while an
    // open incident's messages carry 400): it only counts when the page
    // gives nothing else.
    let overall = result.status_overall;
    let page = payload::worst(
        std::iter::once(code_status(overall.status_code))
            .chain(components.iter().map(|c| c.status))
            .filter(|status| *status != Status::Unknown),
    );
    let status = page
        .or_else(|| payload::worst(incidents.iter().map(|i| i.impact)))
        .unwrap_or(Status::Unknown);

    Ok(Snapshot {
        page_name: None,
        status,
        description: payload::non_empty(&overall.status),
        updated_at: payload::rfc3339(overall.updated.as_deref()),
        components,
        incidents,
        maintenances,
    })
}

/// A status code (number or digits).
fn code_status(code: Option<u32>) -> Status {
    match code {
        Some(100) => Status::Operational,
        Some(200) => Status::Maintenance,
        Some(300) | Some(600) => Status::Degraded,
        Some(400) => Status::PartialOutage,
        Some(500) => Status::MajorOutage,
        _ => Status::Unknown,
    }
}

/// An incident message's `state`.
fn state_word(code: Option<u32>) -> &'static str {
    match code {
        Some(100) => "investigating",
        Some(200) => "identified",
        Some(300) => "monitoring",
        _ => "update",
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Incident,
    Active,
    Upcoming,
}

#[derive(Deserialize)]
struct RawAnswer {
    result: RawResult,
}

#[derive(Deserialize)]
struct RawResult {
    status_overall: RawOverall,
    #[serde(default, deserialize_with = "nullable")]
    status: Vec<RawEntry>,
    #[serde(default, deserialize_with = "nullable")]
    incidents: Vec<RawEvent>,
    #[serde(default, deserialize_with = "nullable")]
    maintenance: RawMaintenance,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct RawOverall {
    updated: Option<String>,
    #[serde(deserialize_with = "nullable")]
    status: String,
    #[serde(deserialize_with = "code")]
    status_code: Option<u32>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct RawEntry {
    #[serde(deserialize_with = "nullable")]
    name: String,
    #[serde(deserialize_with = "code")]
    status_code: Option<u32>,
    #[serde(deserialize_with = "nullable")]
    containers: Vec<RawEntry>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct RawMaintenance {
    #[serde(deserialize_with = "nullable")]
    active: Vec<RawEvent>,
    #[serde(deserialize_with = "nullable")]
    upcoming: Vec<RawEvent>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct RawEvent {
    #[serde(rename = "_id", deserialize_with = "text_or_number")]
    id: String,
    #[serde(deserialize_with = "nullable")]
    name: String,
    datetime_open: Option<String>,
    datetime_planned_start: Option<String>,
    datetime_planned_end: Option<String>,
    #[serde(deserialize_with = "nullable")]
    messages: Vec<RawMessage>,
    #[serde(deserialize_with = "nullable")]
    components_affected: Vec<RawNamed>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct RawMessage {
    #[serde(deserialize_with = "nullable")]
    details: String,
    #[serde(deserialize_with = "code")]
    state: Option<u32>,
    #[serde(deserialize_with = "code")]
    status: Option<u32>,
    datetime: Option<String>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct RawNamed {
    #[serde(deserialize_with = "nullable")]
    name: String,
}

/// A code given as a number or as digits; anything else reads as absent.
fn code<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<Option<u32>, D::Error> {
    Ok(text_or_number(deserializer)?.parse().ok())
}

fn convert_event(raw: RawEvent, index: usize, kind: Kind) -> Result<VendorIncident, ParseError> {
    if raw.id.is_empty() {
        let what = if kind == Kind::Incident {
            "incident"
        } else {
            "maintenance"
        };
        return Err(ParseError::new(
            FORMAT,
            format!("{what} #{} ({:?}) has no _id", index + 1, raw.name),
        ));
    }
    let list_stage = match kind {
        Kind::Incident => None,
        Kind::Active => Some("in_progress"),
        Kind::Upcoming => Some("scheduled"),
    };
    let mut dated: Vec<(IncidentUpdate, Status)> = raw
        .messages
        .into_iter()
        .filter_map(|message| {
            let update = IncidentUpdate {
                status: list_stage
                    .unwrap_or_else(|| state_word(message.state))
                    .to_owned(),
                body: payload::vendor_text(&message.details),
                at: payload::rfc3339(message.datetime.as_deref())?,
            };
            Some((update, code_status(message.status)))
        })
        .collect();
    dated.sort_by_key(|(update, _)| std::cmp::Reverse(update.at));
    let impact = match kind {
        Kind::Incident => dated.first().map_or(Status::Unknown, |(_, impact)| *impact),
        Kind::Active | Kind::Upcoming => Status::Maintenance,
    };
    let updates: Vec<IncidentUpdate> = dated.into_iter().map(|(update, _)| update).collect();
    let status = match list_stage {
        Some(stage) => stage.to_owned(),
        None => updates
            .first()
            .map_or_else(|| "investigating".to_owned(), |u| u.status.clone()),
    };
    Ok(VendorIncident {
        id: raw.id,
        title: plain_text(&raw.name),
        status,
        impact,
        started_at: payload::rfc3339(raw.datetime_open.as_deref())
            .or_else(|| updates.last().map(|u| u.at)),
        resolved_at: None,
        url: None,
        updates,
        components: raw
            .components_affected
            .iter()
            .filter_map(|c| payload::non_empty(&c.name))
            .collect(),
        scheduled_for: payload::rfc3339(raw.datetime_planned_start.as_deref()),
        scheduled_until: payload::rfc3339(raw.datetime_planned_end.as_deref()),
    })
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;
    use crate::sources::testing::{fixture, hostile_json_inputs, truncated, ts};

    fn docker() -> Vec<u8> {
        fixture("statusio", "docker-statusio-2020-07-16-partial.json")
    }

    #[test]
    fn docker_partial_service_disruption() {
        let snapshot = parse_status(&docker()).unwrap();
        assert_eq!(snapshot.status, Status::PartialOutage); // code 400
        assert_eq!(
            snapshot.description.as_deref(),
            Some("Partial Service Disruption")
        );
        assert_eq!(snapshot.updated_at, Some(ts("2020-07-16T17:22:25.333Z")));
        assert_eq!(snapshot.components.len(), 8);
        let troubled: Vec<(&str, Status)> = snapshot
            .components
            .iter()
            .filter(|c| c.status != Status::Operational)
            .map(|c| (c.name.as_str(), c.status))
            .collect();
        assert_eq!(
            troubled,
            [("Docker Hub Automated Builds", Status::PartialOutage)]
        );
        assert_eq!(
            snapshot.status_for(&["Docker Hub Registry".to_owned()]),
            Status::Operational
        );
        assert!(snapshot.maintenances.is_empty());

        assert_eq!(snapshot.incidents.len(), 1);
        let incident = &snapshot.incidents[0];
        assert_eq!(incident.id, "5f108cc06e9c9104c0553a46");
        assert_eq!(incident.title, "Docker Hub automated builds issue");
        assert_eq!(incident.status, "investigating"); // state 100
        assert_eq!(incident.impact, Status::PartialOutage); // status 400
        assert!(!incident.is_resolved());
        assert_eq!(incident.started_at, Some(ts("2020-07-16T17:22:08.325Z")));
        assert_eq!(incident.components, ["Docker Hub Automated Builds"]);
        assert_eq!(incident.updates.len(), 1);
        assert_eq!(incident.updates[0].at, ts("2020-07-16T17:22:08.369Z"));
        assert_eq!(
            incident.updates[0].body,
            "We are investigating reports of automated builds getting stuck or not getting triggered."
        );
    }

    #[test]
    fn gitlab_planned_maintenance_and_an_identified_incident() {
        let bytes = fixture(
            "statusio",
            "gitlab-statusio-2020-09-05-planned-maintenance.json",
        );
        let snapshot = parse_status(&bytes).unwrap();
        // Overall 200 and every component operational but one in
        // maintenance: the open incident's messages (status 400) do not
        // make the page an outage.
        assert_eq!(snapshot.description.as_deref(), Some("Planned Maintenance"));
        assert_eq!(snapshot.status, Status::Maintenance);
        assert_eq!(snapshot.updated_at, Some(ts("2020-09-05T09:45:32.537Z")));
        assert_eq!(snapshot.components.len(), 15);
        let not_operational: Vec<(&str, Status)> = snapshot
            .components
            .iter()
            .filter(|c| c.status != Status::Operational)
            .map(|c| (c.name.as_str(), c.status))
            .collect();
        assert_eq!(
            not_operational,
            [("dashboards.gitlab.com", Status::Maintenance)]
        );
        assert_eq!(
            snapshot.status_for(&["Git (ssh and https)".to_owned()]),
            Status::Operational
        );

        let incident = &snapshot.incidents[0];
        assert_eq!(incident.id, "5f52b8074ef75804bc7d2c3e");
        assert_eq!(incident.title, "500 Error - User Notification Settings");
        assert_eq!(incident.status, "identified"); // state 200
        assert_eq!(incident.impact, Status::PartialOutage);
        assert_eq!(incident.components, ["Website"]);
        assert_eq!(incident.updates.len(), 2);
        assert_eq!(incident.updates[0].at, ts("2020-09-05T09:23:23.591Z"));
        assert_eq!(incident.updates[1].at, ts("2020-09-04T21:56:00Z"));
        assert!(incident.updates[0]
            .body
            .starts_with("We've determined that the error"));
        assert!(incident.updates[0]
            .body
            .contains("2020-09-07.\n\nTracking in: https://gitlab.com/"));

        assert_eq!(snapshot.maintenances.len(), 1);
        let maintenance = &snapshot.maintenances[0];
        assert_eq!(maintenance.id, "5f4e8b7f2250a004bc3453da");
        assert_eq!(maintenance.title, "Maintenance on dashboards.gitlab.com");
        assert_eq!(maintenance.status, "in_progress");
        assert_eq!(maintenance.impact, Status::Maintenance);
        assert!(!maintenance.is_resolved());
        assert_eq!(maintenance.started_at, Some(ts("2020-09-01T17:57:19.597Z")));
        assert_eq!(maintenance.scheduled_for, Some(ts("2020-09-02T17:55:00Z")));
        assert_eq!(
            maintenance.scheduled_until,
            Some(ts("2020-09-07T17:55:00Z"))
        );
        assert_eq!(maintenance.components, ["dashboards.gitlab.com"]);
        assert_eq!(maintenance.updates.len(), 2);
        assert_eq!(maintenance.updates[0].at, ts("2020-09-05T09:38:00Z"));
        assert!(maintenance
            .updates
            .iter()
            .all(|u| u.status == "in_progress"));
    }

    #[test]
    fn codes_map_onto_the_model_and_containers_count() {
        assert_eq!(code_status(Some(100)), Status::Operational);
        assert_eq!(code_status(Some(200)), Status::Maintenance);
        assert_eq!(code_status(Some(300)), Status::Degraded);
        assert_eq!(code_status(Some(400)), Status::PartialOutage);
        assert_eq!(code_status(Some(500)), Status::MajorOutage);
        assert_eq!(code_status(Some(600)), Status::Degraded);
        assert_eq!(code_status(Some(700)), Status::Unknown);
        assert_eq!(code_status(None), Status::Unknown);
        let body = br#"{"result":{"status_overall":{"status":"Operational","status_code":"100"},
            "status":[{"name":"API","status_code":100,
                       "containers":[{"name":"EU","status_code":500}]}],
            "incidents":null,"maintenance":{"active":[],"upcoming":[
              {"_id":"m1","name":"Later","datetime_planned_start":"2030-01-01T00:00:00Z",
               "messages":[]}]}}}"#;
        let snapshot = parse_status(body).unwrap();
        assert_eq!(snapshot.components[0].status, Status::MajorOutage);
        assert_eq!(snapshot.status, Status::MajorOutage);
        assert_eq!(snapshot.maintenances[0].status, "scheduled");
        assert_eq!(
            snapshot.maintenances[0].scheduled_for,
            Some(ts("2030-01-01T00:00:00Z"))
        );
        // Nothing but an incident: its impact stands.
        let bare = br#"{"result":{"status_overall":{},"incidents":[{"_id":"i","name":"x",
            "messages":[{"details":"d","state":300,"status":500,"datetime":"2024-01-01T00:00:00Z"}]}]}}"#;
        let snapshot = parse_status(bare).unwrap();
        assert_eq!(snapshot.status, Status::MajorOutage);
        assert_eq!(snapshot.incidents[0].status, "monitoring");
    }

    #[test]
    fn wrong_shapes_are_errors_not_panics() {
        let mut cases = hostile_json_inputs();
        cases.push(("truncated", truncated(&docker())));
        cases.push(("array", b"[]".to_vec()));
        cases.push(("empty object", b"{}".to_vec()));
        cases.push(("empty result", br#"{"result":{}}"#.to_vec()));
        cases.push((
            "slack",
            fixture("slack", "slack-current-2020-07-30-active.json"),
        ));
        cases.push((
            "heroku",
            fixture("heroku", "heroku-current-status-v4-incident.json"),
        ));
        cases.push((
            "incident without id",
            br#"{"result":{"status_overall":{},"incidents":[{"name":"x"}]}}"#.to_vec(),
        ));
        for (name, body) in &cases {
            let error = parse_status(body).expect_err(name);
            assert_eq!(error.format, "statusio", "{name}");
        }
        let empty = parse_status(b"{}").unwrap_err();
        assert!(empty.message.contains("`result`"), "{empty}");
    }
}
