//! AWS Health Dashboard, public current events:
//! `https://health.aws.amazon.com/public/currentevents` (served as UTF-16
//! with a byte-order mark; UTF-8 is accepted too). The RSS feeds of the same
//! dashboard (`status.aws.amazon.com/rss/all.rss`) are read by
//! [`feed`](super::feed), with the vocabulary defined here.
//!
//! The answer is a JSON array of events: `arn`, `date` (epoch seconds),
//! `region_name`, `status`, `summary` (`[RESOLVED] …` once over), `event_log`,
//! `impacted_services` (`{"sts-us-west-2": {"service_name", "current",
//! "max"}}`) and `end_time` once over. Status levels: 0 resolved, 1
//! informational, 2 degraded, 3 disrupted; they map to operational, degraded,
//! degraded and major outage. The log entries carry no stage word: they read
//! as `update`.
//!
//! Components are the impacted services, named by `service_name` and grouped
//! by region (`AWS Sign-In` in `Oregon`), each at its `current` level. AWS
//! reports per service and region, so a disruption of some of them is a
//! partial outage of AWS as a whole: the page's status is the worst of its
//! components and open events, but never more than `partial_outage` (a
//! component filter gives the exact service-region status).

use serde::Deserialize;
use std::collections::BTreeMap;

use super::payload::{self, nullable, text_or_number, Shape};
use super::{plain_text, ParseError};
use crate::model::{Component, IncidentUpdate, Snapshot, Status, VendorIncident};

const FORMAT: &str = "aws";
const WHAT: &str = "AWS Health public currentevents JSON";

/// `health.aws.amazon.com/public/currentevents` → Snapshot: events newest
/// first (resolved ones kept and marked resolved), impacted services as
/// components.
pub fn parse_current_events(bytes: &[u8]) -> Result<Snapshot, ParseError> {
    // UTF-16, as the live endpoint serves it, is read by decode_json.
    let raw: Vec<RawEvent> = payload::decode_json(FORMAT, bytes, Shape::Array, WHAT)?;

    let mut components: Vec<Component> = Vec::new();
    let mut incidents = Vec::with_capacity(raw.len());
    for (index, event) in raw.into_iter().enumerate() {
        let (incident, impacted) = convert_event(event, index)?;
        for component in impacted {
            match components
                .iter_mut()
                .find(|c| c.name == component.name && c.group == component.group)
            {
                Some(known) => {
                    known.status = crate::sources::payload::worse(known.status, component.status)
                }
                None => components.push(component),
            }
        }
        incidents.push(incident);
    }
    payload::sort_newest_first(&mut incidents);

    let status = page_status(
        components.iter().map(|c| c.status).chain(
            incidents
                .iter()
                .filter(|i| !i.is_resolved())
                .map(|i| i.impact),
        ),
    );
    let updated_at = incidents
        .iter()
        .filter_map(|i| {
            i.updates
                .first()
                .map(|u| u.at)
                .max(i.started_at)
                .max(i.resolved_at)
        })
        .max();
    Ok(Snapshot {
        page_name: Some("AWS".to_owned()),
        status,
        description: None,
        updated_at,
        components,
        incidents,
        maintenances: Vec::new(),
    })
}

/// A level (0 resolved … 3 disrupted) as a status.
pub(crate) fn level_status(level: u8) -> Status {
    match level {
        0 => Status::Operational,
        1 | 2 => Status::Degraded,
        3 => Status::MajorOutage,
        _ => Status::Unknown,
    }
}

/// A level as the stage word of an event.
pub(crate) fn level_word(level: u8) -> &'static str {
    match level {
        0 => "resolved",
        1 => "informational",
        2 => "degraded",
        3 => "disrupted",
        _ => "update",
    }
}

/// The page's status from its service-region statuses: the worst, at most a
/// partial outage; operational when there are none.
pub(crate) fn page_status(statuses: impl IntoIterator<Item = Status>) -> Status {
    match payload::worst(statuses) {
        None => Status::Operational,
        Some(Status::MajorOutage) => Status::PartialOutage,
        Some(worst) => worst,
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct RawEvent {
    #[serde(deserialize_with = "text_or_number")]
    arn: String,
    #[serde(deserialize_with = "text_or_number")]
    date: String,
    #[serde(deserialize_with = "text_or_number")]
    end_time: String,
    #[serde(deserialize_with = "nullable")]
    region_name: String,
    #[serde(deserialize_with = "text_or_number")]
    status: String,
    #[serde(deserialize_with = "nullable")]
    service: String,
    #[serde(deserialize_with = "nullable")]
    service_name: String,
    #[serde(deserialize_with = "nullable")]
    summary: String,
    #[serde(deserialize_with = "nullable")]
    event_log: Vec<RawLog>,
    #[serde(deserialize_with = "nullable")]
    impacted_services: BTreeMap<String, RawImpacted>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct RawLog {
    #[serde(deserialize_with = "nullable")]
    summary: String,
    #[serde(deserialize_with = "nullable")]
    message: String,
    #[serde(deserialize_with = "text_or_number")]
    timestamp: String,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct RawImpacted {
    #[serde(deserialize_with = "nullable")]
    service_name: String,
    #[serde(deserialize_with = "text_or_number")]
    current: String,
    #[serde(deserialize_with = "text_or_number")]
    max: String,
}

fn level(text: &str) -> Option<u8> {
    text.trim().parse().ok()
}

/// `[RESOLVED] Increased API Error Rates` → `Increased API Error Rates`.
pub(crate) fn strip_resolved(title: &str) -> (&str, bool) {
    let title = title.trim();
    match title.get(..10) {
        Some(head) if head.eq_ignore_ascii_case("[resolved]") => (title[10..].trim_start(), true),
        _ => (title, false),
    }
}

fn convert_event(
    raw: RawEvent,
    index: usize,
) -> Result<(VendorIncident, Vec<Component>), ParseError> {
    if raw.arn.is_empty() {
        return Err(ParseError::new(
            FORMAT,
            format!("not an {WHAT}: event #{} has no arn", index + 1),
        ));
    }
    let (title, titled_resolved) = strip_resolved(&raw.summary);
    let title = payload::non_empty(title)
        .or_else(|| payload::non_empty(&raw.service_name))
        .unwrap_or_else(|| raw.arn.clone());
    let event_level = level(&raw.status);
    let end = payload::epoch_seconds(&raw.end_time);
    let resolved = event_level == Some(0) || end.is_some() || titled_resolved;

    let mut updates: Vec<IncidentUpdate> = raw
        .event_log
        .iter()
        .filter_map(|log| {
            let body = if log.message.trim().is_empty() {
                &log.summary
            } else {
                &log.message
            };
            Some(IncidentUpdate {
                status: "update".to_owned(),
                body: payload::vendor_text(body),
                at: payload::epoch_seconds(&log.timestamp)?,
            })
        })
        .collect();
    updates.sort_by_key(|update| std::cmp::Reverse(update.at));

    let region = payload::non_empty(&raw.region_name);
    let mut components: Vec<Component> = raw
        .impacted_services
        .iter()
        .map(|(key, impacted)| Component {
            name: payload::non_empty(&impacted.service_name).unwrap_or_else(|| key.clone()),
            group: region.clone(),
            status: level(&impacted.current).map_or(Status::Unknown, level_status),
        })
        .collect();
    if components.is_empty() {
        if let Some(name) =
            payload::non_empty(&raw.service_name).or_else(|| payload::non_empty(&raw.service))
        {
            let current = if resolved { Some(0) } else { event_level };
            components.push(Component {
                name,
                group: region.clone(),
                status: current.map_or(Status::Unknown, level_status),
            });
        }
    }
    let impact = if resolved {
        // The worst level the event reached.
        payload::worst(
            raw.impacted_services
                .values()
                .filter_map(|impacted| level(&impacted.max))
                .map(level_status),
        )
        .unwrap_or(Status::Unknown)
    } else {
        event_level.map_or(Status::Unknown, level_status)
    };
    let incident = VendorIncident {
        status: if resolved {
            "resolved".to_owned()
        } else {
            event_level.map_or("update", level_word).to_owned()
        },
        id: raw.arn,
        title: plain_text(&title),
        impact,
        started_at: payload::epoch_seconds(&raw.date).or_else(|| updates.last().map(|u| u.at)),
        resolved_at: if resolved {
            end.or_else(|| updates.first().map(|u| u.at))
        } else {
            None
        },
        url: None,
        updates,
        components: components.iter().map(|c| c.name.clone()).collect(),
        scheduled_for: None,
        scheduled_until: None,
    };
    Ok((incident, components))
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;
    use crate::sources::testing::{fixture, hostile_json_inputs, truncated, ts};

    fn current_events() -> Vec<u8> {
        fixture(
            "aws",
            "aws-health-public-currentevents-2026-ai-status-fixture.json",
        )
    }

    #[test]
    fn two_open_disruptions_and_a_resolved_event() {
        let snapshot = parse_current_events(&current_events()).unwrap();
        assert_eq!(snapshot.page_name.as_deref(), Some("AWS"));
        // Two regions disrupted (level 3): AWS as a whole is partly down.
        assert_eq!(snapshot.status, Status::PartialOutage);
        assert_eq!(snapshot.updated_at, Some(ts("2026-09-04T00:07:54Z")));

        let summary: Vec<(&str, &str, Status)> = snapshot
            .incidents
            .iter()
            .map(|i| (i.title.as_str(), i.status.as_str(), i.impact))
            .collect();
        assert_eq!(
            summary,
            [
                ("Increased API Error Rates", "resolved", Status::Degraded),
                ("Increased Error Rates", "disrupted", Status::MajorOutage),
                ("Increased Error Rates", "disrupted", Status::MajorOutage),
            ]
        );
        let resolved = &snapshot.incidents[0];
        assert!(resolved.is_resolved());
        assert!(resolved
            .id
            .ends_with("AWS_MULTIPLE_SERVICES_OPERATIONAL_ISSUE_926DB_F0036494EA4"));
        assert_eq!(resolved.started_at, Some(ts("2026-09-03T21:49:58Z")));
        assert_eq!(resolved.resolved_at, Some(ts("2026-09-04T00:07:54Z")));
        assert_eq!(
            resolved.components,
            ["AWS Sign-In", "AWS Security Token Service"]
        );
        assert_eq!(resolved.updates.len(), 1);
        assert_eq!(resolved.updates[0].status, "update");
        assert!(resolved.updates[0]
            .body
            .starts_with("Starting at 2:12 PM PDT"));

        let bahrain = &snapshot.incidents[1];
        assert!(bahrain.id.contains("me-south-1"));
        assert!(!bahrain.is_resolved());
        assert_eq!(bahrain.started_at, Some(ts("2026-03-02T05:56:27Z")));
        assert_eq!(bahrain.resolved_at, None);
        assert_eq!(bahrain.updates[0].at, ts("2026-03-02T05:56:27Z"));
        assert_eq!(
            bahrain.updates[0].body,
            "We are investigating increased API error rates in a single Availability Zone \
             (mes1-az2) in the ME-SOUTH-1 Region."
        );
        assert_eq!(
            snapshot.incidents[2].started_at,
            Some(ts("2026-03-01T12:51:25Z"))
        );
        assert_eq!(snapshot.open_incidents().count(), 2);

        assert_eq!(snapshot.components.len(), 8);
        let region = |group: &str| -> Vec<(&str, Status)> {
            snapshot
                .components
                .iter()
                .filter(|c| c.group.as_deref() == Some(group))
                .map(|c| (c.name.as_str(), c.status))
                .collect()
        };
        assert_eq!(
            region("Oregon"),
            [
                ("AWS Sign-In", Status::Operational),
                ("AWS Security Token Service", Status::Operational)
            ]
        );
        assert_eq!(
            region("UAE"),
            [
                ("Amazon Bedrock", Status::MajorOutage),
                ("AWS Sign-In", Status::MajorOutage),
                ("AWS Security Token Service", Status::MajorOutage)
            ]
        );
        assert_eq!(region("Bahrain").len(), 3);
        assert_eq!(
            snapshot.status_for(&["Oregon".to_owned()]),
            Status::Operational
        );
        assert_eq!(
            snapshot.status_for(&["Amazon Bedrock".to_owned()]),
            Status::MajorOutage
        );
    }

    #[test]
    fn utf16_as_served_reads_the_same() {
        let text = String::from_utf8(current_events()).unwrap();
        let utf8 = parse_current_events(text.as_bytes()).unwrap();
        let mut le = vec![0xFF, 0xFE];
        le.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
        assert_eq!(parse_current_events(&le).unwrap(), utf8);
        let mut be = vec![0xFE, 0xFF];
        be.extend(text.encode_utf16().flat_map(u16::to_be_bytes));
        assert_eq!(parse_current_events(&be).unwrap(), utf8);
        let no_bom: Vec<u8> = text.encode_utf16().flat_map(u16::to_le_bytes).collect();
        assert_eq!(parse_current_events(&no_bom).unwrap(), utf8);
        // An odd number of bytes, or a lone surrogate, is not UTF-16.
        assert!(parse_current_events(&le[..le.len() - 1]).is_err());
        assert!(parse_current_events(&[0xFF, 0xFE, 0x00, 0xD8, 0x5B, 0x00]).is_err());
    }

    #[test]
    fn levels_and_an_empty_list() {
        assert_eq!(level_status(0), Status::Operational);
        assert_eq!(level_status(1), Status::Degraded);
        assert_eq!(level_status(2), Status::Degraded);
        assert_eq!(level_status(3), Status::MajorOutage);
        assert_eq!(level_status(9), Status::Unknown);
        assert_eq!(page_status([Status::MajorOutage]), Status::PartialOutage);
        assert_eq!(page_status([]), Status::Operational);
        assert_eq!(strip_resolved(" [Resolved]  Done "), ("Done", true));
        assert_eq!(strip_resolved("Ongoing"), ("Ongoing", false));
        let empty = parse_current_events(b"[]").unwrap();
        assert_eq!(empty.status, Status::Operational);
        let informational = br#"[{"arn":"a","date":1700000000,"status":1,"service_name":"S3",
            "region_name":"N. Virginia","summary":"Heads-up","event_log":[]}]"#;
        let snapshot = parse_current_events(informational).unwrap();
        assert_eq!(snapshot.status, Status::Degraded);
        assert_eq!(snapshot.incidents[0].status, "informational");
        assert_eq!(snapshot.components[0].name, "S3");
        assert_eq!(snapshot.components[0].group.as_deref(), Some("N. Virginia"));
    }

    #[test]
    fn wrong_shapes_are_errors_not_panics() {
        let mut cases = hostile_json_inputs();
        cases.push(("truncated", truncated(&current_events())));
        cases.push(("object", b"{}".to_vec()));
        cases.push((
            "google",
            br#"[{"id":"x","begin":"2023-01-01T00:00:00Z"}]"#.to_vec(),
        ));
        cases.push((
            "slack",
            fixture("slack", "slack-current-2020-07-30-active.json"),
        ));
        cases.push(("array of strings", br#"["a"]"#.to_vec()));
        for (name, body) in &cases {
            let error = parse_current_events(body).expect_err(name);
            assert_eq!(error.format, "aws", "{name}");
        }
        let google = parse_current_events(br#"[{"id":"x"}]"#).unwrap_err();
        assert!(google.message.contains("no arn"), "{google}");
    }
}
