//! Heroku's status API, `https://status.heroku.com/api/v4/current-status`.
//!
//! The answer is `{"status": [{"system": "Apps", "status": "green"}, …],
//! "incidents": [...], "scheduled": [...]}`. Systems (Apps, Data, Tools) are
//! the components; their colours map as green → operational, yellow →
//! degraded, red → major outage, blue → maintenance. An incident's updates
//! carry an `update_type` (investigating, issue, update, monitoring,
//! resolved, scheduled, maintenance…), kept as the stage word, and the
//! colours of production and development at that time: the incident's impact
//! is the worse of the two in its newest update. `scheduled` holds
//! maintenances; completed ones (`resolved: true`) are left out.
//!
//! The page's status is the worst of the systems and the open incidents.

use serde::Deserialize;

use super::payload::{self, nullable, text_or_number, Shape};
use super::{plain_text, ParseError};
use crate::model::{Component, IncidentUpdate, Snapshot, Status, VendorIncident};

const FORMAT: &str = "heroku";
const WHAT: &str = "Heroku status answer (api/v4/current-status)";

/// `api/v4/current-status` → Snapshot: the systems as components,
/// incidents newest first (resolved ones kept and marked resolved), open
/// maintenances soonest first.
pub fn parse_current_status(bytes: &[u8]) -> Result<Snapshot, ParseError> {
    let raw: RawCurrent = payload::decode_json(FORMAT, bytes, Shape::Object, WHAT)?;
    let Some(systems) = raw.status else {
        return Err(ParseError::new(
            FORMAT,
            format!("not a {WHAT}: missing the \"status\" list of systems"),
        ));
    };
    let components: Vec<Component> = systems
        .into_iter()
        .filter_map(|system| {
            Some(Component {
                name: payload::non_empty(&system.system)?,
                group: None,
                status: colour_status(&system.status),
            })
        })
        .collect();

    let mut incidents = raw
        .incidents
        .into_iter()
        .enumerate()
        .map(|(index, issue)| convert_issue(issue, index, false))
        .collect::<Result<Vec<_>, _>>()?;
    payload::sort_newest_first(&mut incidents);

    let mut maintenances = raw
        .scheduled
        .into_iter()
        .enumerate()
        .map(|(index, issue)| convert_issue(issue, index, true))
        .collect::<Result<Vec<_>, _>>()?;
    maintenances.retain(|maintenance| !maintenance.is_resolved());
    payload::sort_soonest_first(&mut maintenances);

    let status = payload::worst(
        components.iter().map(|c| c.status).chain(
            incidents
                .iter()
                .filter(|i| !i.is_resolved())
                .map(|i| i.impact),
        ),
    )
    .unwrap_or(Status::Unknown);

    let updated_at = incidents
        .iter()
        .chain(&maintenances)
        .filter_map(|i| i.updates.first().map(|u| u.at))
        .max();
    Ok(Snapshot {
        page_name: Some("Heroku".to_owned()),
        status,
        description: None,
        updated_at,
        components,
        incidents,
        maintenances,
    })
}

/// A system's or an update's colour.
fn colour_status(word: &str) -> Status {
    match word.trim().to_ascii_lowercase().as_str() {
        "green" => Status::Operational,
        "yellow" => Status::Degraded,
        "red" => Status::MajorOutage,
        "blue" => Status::Maintenance,
        _ => Status::Unknown,
    }
}

#[derive(Deserialize)]
struct RawCurrent {
    #[serde(default)]
    status: Option<Vec<RawSystem>>,
    #[serde(default, deserialize_with = "nullable")]
    incidents: Vec<RawIssue>,
    #[serde(default, deserialize_with = "nullable")]
    scheduled: Vec<RawIssue>,
}

#[derive(Deserialize)]
struct RawSystem {
    system: String,
    #[serde(default, deserialize_with = "nullable")]
    status: String,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct RawIssue {
    #[serde(deserialize_with = "text_or_number")]
    id: String,
    #[serde(deserialize_with = "nullable")]
    title: String,
    created_at: Option<String>,
    resolved_at: Option<String>,
    #[serde(deserialize_with = "nullable")]
    resolved: bool,
    #[serde(deserialize_with = "nullable")]
    upcoming: bool,
    #[serde(deserialize_with = "nullable")]
    state: String,
    full_url: Option<String>,
    #[serde(deserialize_with = "nullable")]
    updates: Vec<RawUpdate>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct RawUpdate {
    created_at: Option<String>,
    #[serde(deserialize_with = "nullable")]
    update_type: String,
    #[serde(deserialize_with = "nullable")]
    contents: String,
    #[serde(deserialize_with = "nullable")]
    status_dev: String,
    #[serde(deserialize_with = "nullable")]
    status_prod: String,
}

fn convert_issue(
    raw: RawIssue,
    index: usize,
    maintenance: bool,
) -> Result<VendorIncident, ParseError> {
    if raw.id.is_empty() {
        return Err(ParseError::new(
            FORMAT,
            format!("issue #{} ({:?}) has no id", index + 1, raw.title),
        ));
    }
    let mut dated: Vec<(IncidentUpdate, Status)> = raw
        .updates
        .into_iter()
        .filter_map(|update| {
            let impact = crate::sources::payload::worse(
                colour_status(&update.status_prod),
                colour_status(&update.status_dev),
            );
            let update = IncidentUpdate {
                status: update.update_type.trim().to_ascii_lowercase(),
                body: payload::vendor_text(&update.contents),
                at: payload::rfc3339(update.created_at.as_deref())?,
            };
            Some((update, impact))
        })
        .collect();
    dated.sort_by_key(|(update, _)| std::cmp::Reverse(update.at));
    let newest_impact = dated.first().map(|(_, impact)| *impact);
    let worst_impact = payload::worst(dated.iter().map(|(_, impact)| *impact));
    let updates: Vec<IncidentUpdate> = dated.into_iter().map(|(update, _)| update).collect();

    let state = raw.state.trim().to_ascii_lowercase();
    let resolved = raw.resolved
        || state == "resolved"
        || raw.resolved_at.is_some()
        || updates.first().is_some_and(|u| u.status == "resolved");
    let status = match (maintenance, resolved) {
        (true, true) => "completed".to_owned(),
        (true, false) if raw.upcoming => "scheduled".to_owned(),
        (true, false) => "in_progress".to_owned(),
        (false, true) => "resolved".to_owned(),
        (false, false) => updates
            .first()
            .map(|u| u.status.clone())
            .filter(|word| !word.is_empty())
            .unwrap_or(state),
    };
    let impact = if maintenance {
        Status::Maintenance
    } else if resolved {
        // Once resolved the colours are green again: the impact is the worst
        // colour the incident had.
        worst_impact.unwrap_or(Status::Unknown)
    } else {
        newest_impact.unwrap_or(Status::Unknown)
    };
    Ok(VendorIncident {
        id: raw.id,
        title: plain_text(&raw.title),
        status,
        impact,
        started_at: payload::rfc3339(raw.created_at.as_deref())
            .or_else(|| updates.last().map(|u| u.at)),
        resolved_at: payload::rfc3339(raw.resolved_at.as_deref())
            .or_else(|| resolved.then(|| updates.first().map(|u| u.at)).flatten()),
        url: raw.full_url.as_deref().and_then(payload::non_empty),
        updates,
        components: Vec::new(),
        scheduled_for: None,
        scheduled_until: None,
    })
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;
    use crate::sources::testing::{fixture, hostile_json_inputs, truncated, ts};

    fn incident_fixture() -> Vec<u8> {
        fixture("heroku", "heroku-current-status-v4-incident.json")
    }

    fn statuses(snapshot: &Snapshot) -> Vec<(&str, Status)> {
        snapshot
            .components
            .iter()
            .map(|c| (c.name.as_str(), c.status))
            .collect()
    }

    #[test]
    fn open_incident_with_every_system_yellow() {
        let snapshot = parse_current_status(&incident_fixture()).unwrap();
        assert_eq!(snapshot.page_name.as_deref(), Some("Heroku"));
        assert_eq!(
            statuses(&snapshot),
            [
                ("Apps", Status::Degraded),
                ("Data", Status::Degraded),
                ("Tools", Status::Degraded)
            ]
        );
        assert_eq!(snapshot.status, Status::Degraded);
        assert_eq!(snapshot.updated_at, Some(ts("2019-10-24T18:49:47.743Z")));
        assert!(snapshot.maintenances.is_empty());

        assert_eq!(snapshot.incidents.len(), 1);
        let incident = &snapshot.incidents[0];
        assert_eq!(incident.id, "1918");
        assert_eq!(
            incident.title,
            "Connection timeouts to applications and Heroku Postgres"
        );
        // The newest update's type is the stage.
        assert_eq!(incident.status, "issue");
        assert!(!incident.is_resolved());
        assert_eq!(incident.impact, Status::Degraded);
        assert_eq!(incident.started_at, Some(ts("2019-10-24T18:39:30.231Z")));
        assert_eq!(incident.resolved_at, None);
        assert_eq!(
            incident.url.as_deref(),
            Some("https://status.heroku.com/incidents/1918")
        );
        let stages: Vec<&str> = incident.updates.iter().map(|u| u.status.as_str()).collect();
        assert_eq!(stages, ["issue", "investigating"]);
        assert_eq!(incident.updates[0].at, ts("2019-10-24T18:49:47.743Z"));
        assert_eq!(incident.updates[1].at, ts("2019-10-24T18:39:30.231Z"));
        // CRLF paragraphs become plain newlines.
        assert_eq!(
            incident.updates[0].body,
            "Due to connection timeouts there is a disruption of multiple services such as \
             releases, scaling dynos, Heroku Dashboard, etc.\n\nCustomer applications and \
             add-on services including Heroku Postgres are also being impacted by connection \
             timeouts."
        );
        assert!(incident.updates[1]
            .body
            .ends_with("Heroku Postgres requests."));
    }

    #[test]
    fn data_in_maintenance_and_the_completed_maintenance_left_out() {
        let bytes = fixture("heroku", "heroku-current-status-v4-maintenance.json");
        let snapshot = parse_current_status(&bytes).unwrap();
        assert_eq!(
            statuses(&snapshot),
            [
                ("Apps", Status::Operational),
                ("Data", Status::Maintenance),
                ("Tools", Status::Operational)
            ]
        );
        assert_eq!(snapshot.status, Status::Maintenance);
        assert!(!snapshot.status.is_outage());
        assert!(snapshot.incidents.is_empty());
        // The only scheduled item is resolved (completed).
        assert!(snapshot.maintenances.is_empty());
        assert_eq!(
            snapshot.status_for(&["Apps".to_owned()]),
            Status::Operational
        );

        // The maintenance itself, read as the snapshot reads it.
        let raw: RawCurrent = payload::decode_json(FORMAT, &bytes, Shape::Object, WHAT).unwrap();
        let issue = raw.scheduled.into_iter().next().unwrap();
        let maintenance = convert_issue(issue, 0, true).unwrap();
        assert_eq!(maintenance.id, "2120");
        assert_eq!(
            maintenance.title,
            "Data Service Update on Monday, November 9 at 19:00 UTC (14:00 EST)"
        );
        assert_eq!(maintenance.status, "completed");
        assert!(maintenance.is_resolved());
        assert_eq!(maintenance.impact, Status::Maintenance);
        assert_eq!(maintenance.started_at, Some(ts("2020-10-30T00:55:34.418Z")));
        assert_eq!(
            maintenance.resolved_at,
            Some(ts("2020-11-09T19:47:23.669Z"))
        );
        let stages: Vec<&str> = maintenance
            .updates
            .iter()
            .map(|u| u.status.as_str())
            .collect();
        assert_eq!(
            stages,
            ["resolved", "maintenance", "maintenance", "scheduled"]
        );
        assert_eq!(
            maintenance.updates[2].body,
            "The scheduled service update is now underway.\n\nWe'll post more updates as \
             necessary or when the service update is complete."
        );
    }

    #[test]
    fn open_and_upcoming_maintenances_red_and_resolved_incidents() {
        let body = br#"{"status":[{"system":"Apps","status":"red"},{"system":"Data","status":"green"}],
          "incidents":[
            {"id":1,"title":"Old","created_at":"2024-01-01T00:00:00Z","resolved":true,
             "updates":[{"created_at":"2024-01-01T01:00:00Z","update_type":"resolved",
                         "contents":"done","status_prod":"green","status_dev":"green"},
                        {"created_at":"2024-01-01T00:00:00Z","update_type":"investigating",
                         "contents":"looking","status_prod":"red","status_dev":"green"}]},
            {"id":2,"title":"Now","created_at":"2024-02-01T00:00:00Z","resolved":false,
             "state":"open","updates":[{"created_at":"2024-02-01T00:00:00Z",
             "update_type":"investigating","contents":"x","status_prod":"red","status_dev":"yellow"}]}],
          "scheduled":[
            {"id":3,"title":"Later","created_at":"2024-03-01T00:00:00Z","upcoming":true,"updates":[]},
            {"id":4,"title":"Going on","created_at":"2024-02-15T00:00:00Z","updates":null}]}"#;
        let snapshot = parse_current_status(body).unwrap();
        assert_eq!(snapshot.status, Status::MajorOutage);
        let ids: Vec<&str> = snapshot.incidents.iter().map(|i| i.id.as_str()).collect();
        assert_eq!(ids, ["2", "1"]);
        assert_eq!(snapshot.incidents[0].impact, Status::MajorOutage);
        let old = &snapshot.incidents[1];
        assert!(old.is_resolved());
        assert_eq!(old.impact, Status::MajorOutage); // red before it was resolved
        assert_eq!(old.resolved_at, Some(ts("2024-01-01T01:00:00Z")));
        let maintenances: Vec<(&str, &str)> = snapshot
            .maintenances
            .iter()
            .map(|m| (m.id.as_str(), m.status.as_str()))
            .collect();
        assert_eq!(maintenances, [("4", "in_progress"), ("3", "scheduled")]);
    }

    #[test]
    fn wrong_shapes_are_errors_not_panics() {
        let mut cases = hostile_json_inputs();
        cases.push(("truncated", truncated(&incident_fixture())));
        cases.push(("array", b"[]".to_vec()));
        cases.push(("empty object", b"{}".to_vec()));
        cases.push((
            "slack",
            fixture("slack", "slack-current-2020-07-30-active.json"),
        ));
        cases.push((
            "statuspage status.json",
            br#"{"page":{},"status":{"indicator":"none","description":"x"}}"#.to_vec(),
        ));
        cases.push((
            "system without name",
            br#"{"status":[{"status":"green"}]}"#.to_vec(),
        ));
        cases.push((
            "incident without id",
            br#"{"status":[],"incidents":[{"title":"x"}]}"#.to_vec(),
        ));
        for (name, body) in &cases {
            let error = parse_current_status(body).expect_err(name);
            assert_eq!(error.format, "heroku", "{name}");
        }
        let empty = parse_current_status(b"{}").unwrap_err();
        assert!(empty.message.contains("\"status\""), "{empty}");
    }
}
