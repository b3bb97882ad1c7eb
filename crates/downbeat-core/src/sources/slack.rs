//! Slack's own status API, `https://slack-status.com/api/v2.0.0/current`.
//!
//! The answer is `{"status": "ok" | "active", "date_created", "date_updated",
//! "active_incidents": [...]}`; each incident has a `type` (`incident`,
//! `outage`, `notice`, `maintenance`), a `status` (`active`, `resolved`,
//! `scheduled`, `completed`), the names of the Slack `services` it affects and
//! its `notes` (the updates, which carry no stage word of their own: they read
//! as `update`). Times come with the page's offset (`-07:00`) and are
//! normalized to UTC; URLs come with PHP-escaped slashes (`https:\/\/`),
//! which JSON reads as plain slashes.
//!
//! Vocabulary: `outage` → major outage, `incident` ("some users are
//! affected") → partial outage, `notice` → degraded, `maintenance` →
//! maintenance. The page's status is the worst of its active incidents;
//! `"ok"` with none is operational. The components are the services named by
//! the incidents, each at the worst impact of its active incidents: the
//! answer lists no other services.

use serde::Deserialize;

use super::payload::{self, nullable, text_or_number, Shape};
use super::{plain_text, ParseError};
use crate::model::{Component, IncidentUpdate, Snapshot, Status, VendorIncident};

const FORMAT: &str = "slack";
const WHAT: &str = "Slack status API answer (api/v2.0.0/current)";

/// `api/v2.0.0/current` → Snapshot: overall status, the services named by
/// active incidents as components, incidents newest first (resolved ones
/// kept and marked resolved), active and upcoming maintenances soonest first.
pub fn parse_current(bytes: &[u8]) -> Result<Snapshot, ParseError> {
    let raw: RawCurrent = payload::decode_json(FORMAT, bytes, Shape::Object, WHAT)?;
    let (Some(page_status), Some(raw_incidents)) = (raw.status, raw.active_incidents) else {
        return Err(ParseError::new(
            FORMAT,
            format!("not a {WHAT}: it needs both \"status\" and \"active_incidents\""),
        ));
    };

    let mut incidents = Vec::new();
    let mut maintenances = Vec::new();
    for (index, raw_incident) in raw_incidents.into_iter().enumerate() {
        let incident = convert_incident(raw_incident, index)?;
        if incident.impact == Status::Maintenance {
            if !incident.is_resolved() {
                maintenances.push(incident);
            }
        } else {
            incidents.push(incident);
        }
    }
    payload::sort_newest_first(&mut incidents);
    payload::sort_soonest_first(&mut maintenances);

    let mut components: Vec<Component> = Vec::new();
    for incident in incidents.iter().chain(&maintenances) {
        let impact = if is_current(incident) {
            incident.impact
        } else {
            Status::Operational
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

    let current = payload::worst(
        incidents
            .iter()
            .chain(&maintenances)
            .filter(|i| is_current(i))
            .map(|i| i.impact),
    );
    let status = match (page_status.trim().to_ascii_lowercase().as_str(), current) {
        (_, Some(worst)) => worst,
        ("ok", None) => Status::Operational,
        // "active" with no incident in the answer: something is going on.
        ("active", None) => Status::Degraded,
        (_, None) => Status::Unknown,
    };

    Ok(Snapshot {
        page_name: Some("Slack".to_owned()),
        status,
        description: None,
        updated_at: payload::rfc3339(raw.date_updated.as_deref())
            .or_else(|| payload::rfc3339(raw.date_created.as_deref())),
        components,
        incidents,
        maintenances,
    })
}

/// Counts towards the page's status now: unresolved, and for a maintenance,
/// under way (not only scheduled).
fn is_current(incident: &VendorIncident) -> bool {
    !incident.is_resolved() && incident.status != "scheduled"
}

/// An incident's `type`.
fn type_status(word: &str) -> Status {
    match word.trim().to_ascii_lowercase().as_str() {
        "outage" => Status::MajorOutage,
        "incident" => Status::PartialOutage,
        "notice" => Status::Degraded,
        "maintenance" => Status::Maintenance,
        _ => Status::Unknown,
    }
}

#[derive(Deserialize)]
struct RawCurrent {
    #[serde(default)]
    status: Option<String>,
    #[serde(default)]
    date_created: Option<String>,
    #[serde(default)]
    date_updated: Option<String>,
    #[serde(default)]
    active_incidents: Option<Vec<RawIncident>>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct RawIncident {
    #[serde(deserialize_with = "text_or_number")]
    id: String,
    date_created: Option<String>,
    date_updated: Option<String>,
    #[serde(deserialize_with = "nullable")]
    title: String,
    #[serde(rename = "type", deserialize_with = "nullable")]
    kind: String,
    #[serde(deserialize_with = "nullable")]
    status: String,
    url: Option<String>,
    #[serde(deserialize_with = "nullable")]
    services: Vec<String>,
    #[serde(deserialize_with = "nullable")]
    notes: Vec<RawNote>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct RawNote {
    date_created: Option<String>,
    #[serde(deserialize_with = "nullable")]
    body: String,
}

fn convert_incident(raw: RawIncident, index: usize) -> Result<VendorIncident, ParseError> {
    if raw.id.is_empty() {
        return Err(ParseError::new(
            FORMAT,
            format!("incident #{} ({:?}) has no id", index + 1, raw.title),
        ));
    }
    let mut updates: Vec<IncidentUpdate> = raw
        .notes
        .into_iter()
        .filter_map(|note| {
            Some(IncidentUpdate {
                status: "update".to_owned(),
                body: payload::vendor_text(&note.body),
                at: payload::rfc3339(note.date_created.as_deref())?,
            })
        })
        .collect();
    updates.sort_by_key(|update| std::cmp::Reverse(update.at));

    let status = raw.status.trim().to_ascii_lowercase();
    let resolved = matches!(status.as_str(), "resolved" | "completed");
    let updated = payload::rfc3339(raw.date_updated.as_deref());
    Ok(VendorIncident {
        id: raw.id,
        title: plain_text(&raw.title),
        impact: type_status(&raw.kind),
        started_at: payload::rfc3339(raw.date_created.as_deref()),
        resolved_at: if resolved {
            updated.or_else(|| updates.first().map(|u| u.at))
        } else {
            None
        },
        status,
        url: raw.url.as_deref().and_then(payload::non_empty),
        updates,
        components: raw
            .services
            .iter()
            .filter_map(|name| payload::non_empty(name))
            .collect(),
        scheduled_for: None,
        scheduled_until: None,
    })
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;
    use crate::sources::testing::{fixture, hostile_json_inputs, truncated, ts};

    fn current() -> Vec<u8> {
        fixture("slack", "slack-current-2020-07-30-active.json")
    }

    #[test]
    fn two_active_incidents_in_utc_with_unescaped_urls() {
        let snapshot = parse_current(&current()).unwrap();
        assert_eq!(snapshot.page_name.as_deref(), Some("Slack"));
        // Two active incidents of type "incident": a partial outage.
        assert_eq!(snapshot.status, Status::PartialOutage);
        // 2020-07-30T15:12:34-07:00
        assert_eq!(snapshot.updated_at, Some(ts("2020-07-30T22:12:34Z")));
        assert!(snapshot.maintenances.is_empty());

        let ids: Vec<&str> = snapshot.incidents.iter().map(|i| i.id.as_str()).collect();
        assert_eq!(ids, ["878", "879"]); // newest first
        let newest = &snapshot.incidents[0];
        assert_eq!(
            newest.title,
            "We are investigating an issue with notification settings"
        );
        assert_eq!(newest.status, "active");
        assert!(!newest.is_resolved());
        assert_eq!(newest.impact, Status::PartialOutage);
        assert_eq!(newest.started_at, Some(ts("2020-07-30T22:12:34Z")));
        assert_eq!(newest.resolved_at, None);
        assert_eq!(
            newest.url.as_deref(),
            Some("https://status.slack.com/2020-07/ea58a170d343b2ad")
        );
        assert_eq!(newest.components, ["Notifications"]);
        assert_eq!(newest.updates.len(), 1);
        assert_eq!(newest.updates[0].status, "update");
        assert_eq!(newest.updates[0].at, ts("2020-07-30T22:12:34Z"));
        assert!(newest.updates[0]
            .body
            .starts_with("Some users might notice that their notifications settings"));

        let older = &snapshot.incidents[1];
        assert_eq!(
            older.title,
            "We're looking into an issue with certain API calls"
        );
        // 2020-07-24T10:45:08-07:00
        assert_eq!(older.started_at, Some(ts("2020-07-24T17:45:08Z")));
        assert_eq!(older.components, ["Apps/Integrations/APIs"]);
        assert_eq!(
            older.url.as_deref(),
            Some("https://status.slack.com/2020-07/7d32ad54b0703c47")
        );
        assert!(older.updates[0]
            .body
            .ends_with("Sorry for the inconvenience."));
        assert_eq!(snapshot.open_incidents().count(), 2);

        let components: Vec<(&str, Status)> = snapshot
            .components
            .iter()
            .map(|c| (c.name.as_str(), c.status))
            .collect();
        assert_eq!(
            components,
            [
                ("Notifications", Status::PartialOutage),
                ("Apps/Integrations/APIs", Status::PartialOutage)
            ]
        );
        assert_eq!(
            snapshot.status_for(&["notifications".to_owned()]),
            Status::PartialOutage
        );
    }

    #[test]
    fn ok_outage_notice_maintenance_and_resolved() {
        let ok = br#"{"status":"ok","date_created":"2024-01-01T00:00:00-08:00",
            "date_updated":"2024-01-02T00:00:00-08:00","active_incidents":[]}"#;
        let snapshot = parse_current(ok).unwrap();
        assert_eq!(snapshot.status, Status::Operational);
        assert_eq!(snapshot.updated_at, Some(ts("2024-01-02T08:00:00Z")));
        assert!(snapshot.incidents.is_empty() && snapshot.components.is_empty());

        let body = br#"{"status":"active","active_incidents":[
            {"id":1,"title":"Old","type":"outage","status":"resolved",
             "date_created":"2024-01-01T00:00:00Z","date_updated":"2024-01-01T02:00:00Z",
             "services":["Messaging"],"notes":[]},
            {"id":"2","title":"Heads-up","type":"notice","status":"active",
             "date_created":"2024-01-02T00:00:00Z","services":["Search"],
             "notes":[{"date_created":"2024-01-02T00:00:00Z","body":"a<br>b"},
                      {"date_created":"2024-01-02T01:00:00Z","body":"newer"},
                      {"body":"no time"}]},
            {"id":3,"title":"Upgrade","type":"maintenance","status":"scheduled",
             "date_created":"2024-01-03T00:00:00Z","services":["Huddles"]}
        ]}"#;
        let snapshot = parse_current(body).unwrap();
        // The outage is resolved, the maintenance only scheduled: the notice stands.
        assert_eq!(snapshot.status, Status::Degraded);
        let old = snapshot.incidents.iter().find(|i| i.id == "1").unwrap();
        assert!(old.is_resolved());
        assert_eq!(old.resolved_at, Some(ts("2024-01-01T02:00:00Z")));
        let notice = &snapshot.incidents[0];
        assert_eq!(notice.id, "2");
        assert_eq!(notice.updates.len(), 2);
        assert_eq!(notice.updates[0].body, "newer");
        assert_eq!(notice.updates[1].body, "a\nb");
        assert_eq!(snapshot.maintenances.len(), 1);
        assert_eq!(snapshot.maintenances[0].impact, Status::Maintenance);
        assert_eq!(
            snapshot.status_for(&["Messaging".to_owned()]),
            Status::Operational
        );
        assert_eq!(
            snapshot.status_for(&["Search".to_owned()]),
            Status::Degraded
        );
    }

    #[test]
    fn wrong_shapes_are_errors_not_panics() {
        let mut cases = hostile_json_inputs();
        cases.push(("truncated", truncated(&current())));
        cases.push(("array", b"[]".to_vec()));
        cases.push(("empty object", b"{}".to_vec()));
        cases.push((
            "statuspage",
            br#"{"page":{"name":"x"},"status":{"indicator":"none"}}"#.to_vec(),
        ));
        cases.push((
            "heroku",
            br#"{"status":[{"system":"Apps","status":"green"}],"incidents":[]}"#.to_vec(),
        ));
        cases.push((
            "no id",
            br#"{"status":"active","active_incidents":[{"title":"x"}]}"#.to_vec(),
        ));
        for (name, body) in &cases {
            let error = parse_current(body).expect_err(name);
            assert_eq!(error.format, "slack", "{name}");
            assert!(!error.message.is_empty(), "{name}");
        }
        let html = parse_current(b"<html><body>Slack</body></html>").unwrap_err();
        assert!(html.message.contains("HTML"), "{html}");
        let other = parse_current(br#"{"result":{}}"#).unwrap_err();
        assert!(other.message.contains("active_incidents"), "{other}");
    }
}
