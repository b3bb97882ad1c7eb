//! Apple's system status pages (`https://www.apple.com/support/systemstatus/data/
//! system_status_en_US.js` and the developer one under `…/data/developer/`):
//! JSONP, `jsonCallback({...});`. The wrapped form and the bare JSON are
//! both accepted.
//!
//! The JSON is `{"services": [{"serviceName", "redirectUrl", "events":
//! [...]}]}`; an event has `eventStatus` (ongoing, resolved, upcoming,
//! completed, scheduled), `statusType` (Outage, Issue, Performance,
//! Maintenance), `usersAffected`, `message`, `messageId`, and its times.
//! Vocabulary: Outage → major outage, Issue ("some users are affected") →
//! partial outage, Performance → degraded, Maintenance → maintenance.
//!
//! Times: `epochStartDate`/`epochEndDate` (milliseconds since the epoch) are
//! used when present; otherwise the strings `MM/dd/yyyy HH:mm ZZZ` are read
//! with their zone (PST, PDT, other US zones, UTC, GMT). A string without a
//! zone, or with `PT`, is taken as US Pacific time (America/Los_Angeles,
//! UTC−8, or UTC−7 from the second Sunday of March to the first Sunday of
//! November), the zone Apple's pages are written in.
//!
//! Each service is a component, at the worst impact of its ongoing events.
//! Every non-maintenance event is an incident (resolved ones marked so);
//! maintenances not completed are listed soonest first, their stage words
//! normalized to `in_progress` (ongoing) and `scheduled` (upcoming).

use chrono::{DateTime, Datelike, Duration, NaiveDate, NaiveDateTime, TimeZone, Utc, Weekday};
use serde::Deserialize;

use super::payload::{self, nullable, text_or_number, Shape};
use super::{plain_text, ParseError};
use crate::model::{Component, IncidentUpdate, Snapshot, Status, VendorIncident};

const FORMAT: &str = "apple";
const WHAT: &str = "Apple system status JSON";

/// Apple system status (JSONP or bare JSON) → Snapshot.
pub fn parse_system_status(bytes: &[u8]) -> Result<Snapshot, ParseError> {
    let raw: RawStatus = payload::decode_json(FORMAT, unwrap_jsonp(bytes), Shape::Object, WHAT)?;
    let Some(services) = raw.services else {
        return Err(ParseError::new(
            FORMAT,
            format!("not an {WHAT}: missing the \"services\" list"),
        ));
    };

    let mut components = Vec::new();
    let mut events: Vec<VendorIncident> = Vec::new();
    for service in services {
        let Some(name) = payload::non_empty(&service.service_name) else {
            return Err(ParseError::new(FORMAT, "a service has no serviceName"));
        };
        let mut status = Status::Operational;
        for event in service.events {
            let event = convert_event(event, &name);
            if is_current(&event) {
                status = crate::sources::payload::worse(status, event.impact);
            }
            // One event can be listed under each service it affects.
            match events
                .iter_mut()
                .find(|e| e.id == event.id && !e.id.is_empty())
            {
                Some(known) => {
                    for component in event.components {
                        if !known.components.contains(&component) {
                            known.components.push(component);
                        }
                    }
                }
                None => events.push(event),
            }
        }
        components.push(Component {
            name,
            group: None,
            status,
        });
    }

    let (mut maintenances, mut incidents): (Vec<_>, Vec<_>) = events
        .into_iter()
        .partition(|event| event.impact == Status::Maintenance);
    maintenances.retain(|maintenance| !maintenance.is_resolved());
    payload::sort_newest_first(&mut incidents);
    payload::sort_soonest_first(&mut maintenances);

    let status = payload::worst(components.iter().map(|c| c.status)).unwrap_or(Status::Unknown);
    let updated_at = incidents
        .iter()
        .chain(&maintenances)
        .filter_map(|event| event.updates.first().map(|u| u.at))
        .max();
    Ok(Snapshot {
        page_name: None,
        status,
        description: raw.dr_message.as_deref().and_then(payload::non_empty),
        updated_at,
        components,
        incidents,
        maintenances,
    })
}

/// The JSON inside `callback( … );`, or the bytes as they are.
pub(crate) fn unwrap_jsonp(bytes: &[u8]) -> &[u8] {
    let body = payload::trim_start(bytes);
    let Some(open) = body.iter().position(|&b| b == b'(') else {
        return body;
    };
    let callback = &body[..open];
    let is_identifier = !callback.is_empty()
        && callback
            .iter()
            .all(|&b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'$' | b'.'));
    let Some(close) = body.iter().rposition(|&b| b == b')') else {
        return body;
    };
    let tail_is_end = body[close + 1..]
        .iter()
        .all(|&b| b == b';' || b.is_ascii_whitespace());
    if is_identifier && tail_is_end && close > open {
        &body[open + 1..close]
    } else {
        body
    }
}

fn type_status(word: &str) -> Status {
    match word.trim().to_ascii_lowercase().as_str() {
        "outage" => Status::MajorOutage,
        "issue" => Status::PartialOutage,
        "performance" => Status::Degraded,
        "maintenance" => Status::Maintenance,
        _ => Status::Unknown,
    }
}

/// Counts towards a service's status now.
fn is_current(event: &VendorIncident) -> bool {
    matches!(event.status.as_str(), "ongoing" | "in_progress")
}

#[derive(Deserialize)]
struct RawStatus {
    #[serde(default, rename = "drMessage")]
    dr_message: Option<String>,
    #[serde(default)]
    services: Option<Vec<RawService>>,
}

#[derive(Deserialize, Default)]
#[serde(default, rename_all = "camelCase")]
struct RawService {
    #[serde(deserialize_with = "nullable")]
    service_name: String,
    #[serde(deserialize_with = "nullable")]
    events: Vec<RawEvent>,
}

#[derive(Deserialize, Default)]
#[serde(default, rename_all = "camelCase")]
struct RawEvent {
    start_date: Option<String>,
    end_date: Option<String>,
    date_posted: Option<String>,
    epoch_start_date: Option<i64>,
    epoch_end_date: Option<i64>,
    #[serde(deserialize_with = "nullable")]
    affected_services: Vec<String>,
    #[serde(deserialize_with = "nullable")]
    event_status: String,
    #[serde(deserialize_with = "nullable")]
    status_type: String,
    #[serde(deserialize_with = "nullable")]
    users_affected: String,
    #[serde(deserialize_with = "text_or_number")]
    message_id: String,
    #[serde(deserialize_with = "nullable")]
    message: String,
}

fn convert_event(raw: RawEvent, service: &str) -> VendorIncident {
    let impact = type_status(&raw.status_type);
    let word = raw.event_status.trim().to_ascii_lowercase();
    let status = match (impact, word.as_str()) {
        (Status::Maintenance, "ongoing") => "in_progress".to_owned(),
        (Status::Maintenance, "upcoming") => "scheduled".to_owned(),
        _ => word,
    };
    let start = raw
        .epoch_start_date
        .and_then(payload::epoch_millis)
        .or_else(|| raw.start_date.as_deref().and_then(apple_time));
    let end = raw
        .epoch_end_date
        .and_then(payload::epoch_millis)
        .or_else(|| raw.end_date.as_deref().and_then(apple_time));
    let posted = raw.date_posted.as_deref().and_then(apple_time);
    let body = [raw.users_affected.trim(), raw.message.trim()]
        .into_iter()
        .filter(|part| !part.is_empty())
        .collect::<Vec<_>>()
        .join("\n");
    let updates = posted
        .or(start)
        .map(|at| IncidentUpdate {
            status: status.clone(),
            body: payload::vendor_text(&body),
            at,
        })
        .into_iter()
        .collect();
    let mut components = vec![service.to_owned()];
    for other in raw
        .affected_services
        .iter()
        .filter_map(|s| payload::non_empty(s))
    {
        if !components.contains(&other) {
            components.push(other);
        }
    }
    let kind = payload::non_empty(&raw.status_type).unwrap_or_else(|| "Event".to_owned());
    let resolved = matches!(status.as_str(), "resolved" | "completed");
    let maintenance = impact == Status::Maintenance;
    VendorIncident {
        id: raw.message_id,
        title: plain_text(&format!("{service}: {kind}")),
        impact,
        started_at: start,
        resolved_at: if resolved { end.or(posted) } else { None },
        url: None,
        updates,
        components,
        scheduled_for: if maintenance { start } else { None },
        scheduled_until: if maintenance { end } else { None },
        status,
    }
}

/// `MM/dd/yyyy HH:mm[ ZONE]` in UTC (see the module notes for zones).
fn apple_time(text: &str) -> Option<DateTime<Utc>> {
    let text = text.trim();
    let (local, zone) = match text.rsplit_once(' ') {
        Some((local, zone)) if zone.chars().all(|c| c.is_ascii_alphabetic()) => (local, zone),
        _ => (text, ""),
    };
    let naive = NaiveDateTime::parse_from_str(local.trim(), "%m/%d/%Y %H:%M").ok()?;
    let hours = match zone.to_ascii_uppercase().as_str() {
        "" | "PT" => pacific_offset_hours(naive),
        other => payload::zone_offset_hours(other)?,
    };
    Utc.from_utc_datetime(&naive)
        .checked_sub_signed(Duration::hours(hours))
}

/// US Pacific offset for a local time: −7 during daylight saving time
/// (second Sunday of March 02:00 to first Sunday of November 02:00), else −8.
fn pacific_offset_hours(local: NaiveDateTime) -> i64 {
    let year = local.year();
    let sunday = |month: u32, nth: u8| {
        NaiveDate::from_weekday_of_month_opt(year, month, Weekday::Sun, nth)
            .and_then(|day| day.and_hms_opt(2, 0, 0))
    };
    match (sunday(3, 2), sunday(11, 1)) {
        (Some(start), Some(end)) if local >= start && local < end => -7,
        _ => -8,
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;
    use crate::sources::testing::{fixture, hostile_json_inputs, truncated, ts};

    fn developer() -> Vec<u8> {
        fixture(
            "apple",
            "apple-developer-system-status-2020-02-inner-json.json",
        )
    }

    #[test]
    fn developer_status_with_a_resolved_testflight_issue() {
        let snapshot = parse_system_status(&developer()).unwrap();
        assert_eq!(snapshot.status, Status::Operational);
        assert_eq!(snapshot.description, None);
        assert_eq!(snapshot.components.len(), 27);
        assert!(snapshot
            .components
            .iter()
            .all(|c| c.status == Status::Operational && c.group.is_none()));
        assert_eq!(snapshot.components[0].name, "Account");
        assert_eq!(
            snapshot.components[26].name,
            "Xcode Automatic Configuration"
        );
        assert!(snapshot.maintenances.is_empty());
        // 02/15/2020 01:00 PST
        assert_eq!(snapshot.updated_at, Some(ts("2020-02-15T09:00:00Z")));

        assert_eq!(snapshot.incidents.len(), 1);
        assert_eq!(snapshot.open_incidents().count(), 0);
        let issue = &snapshot.incidents[0];
        assert_eq!(issue.id, "1003214");
        assert_eq!(issue.title, "TestFlight: Issue");
        assert_eq!(issue.status, "resolved");
        assert!(issue.is_resolved());
        assert_eq!(issue.impact, Status::PartialOutage);
        // epochStartDate 1581363900000 = 02/10/2020 11:45 PST
        assert_eq!(issue.started_at, Some(ts("2020-02-10T19:45:00Z")));
        // epochEndDate 1581505200000 = 02/12/2020 03:00 PST
        assert_eq!(issue.resolved_at, Some(ts("2020-02-12T11:00:00Z")));
        assert_eq!(issue.components, ["TestFlight"]);
        assert_eq!(issue.updates.len(), 1);
        assert_eq!(issue.updates[0].status, "resolved");
        assert_eq!(issue.updates[0].at, ts("2020-02-15T09:00:00Z"));
        assert_eq!(
            issue.updates[0].body,
            "Some users were affected\nUsers experienced a problem with this service."
        );
    }

    #[test]
    fn jsonp_wrapper_is_accepted_and_strings_agree_with_epochs() {
        let mut wrapped = b"jsonCallback(".to_vec();
        wrapped.extend_from_slice(&developer());
        wrapped.extend_from_slice(b");\n");
        let bare = parse_system_status(&developer()).unwrap();
        assert_eq!(parse_system_status(&wrapped).unwrap(), bare);

        // Without the epoch fields, the PST strings give the same instants.
        let text = String::from_utf8(developer()).unwrap();
        let no_epochs = text
            .replace("\"epochStartDate\":1581363900000,", "")
            .replace("\"epochEndDate\":1581505200000,", "");
        assert_ne!(no_epochs, text);
        let snapshot = parse_system_status(no_epochs.as_bytes()).unwrap();
        assert_eq!(
            snapshot.incidents[0].started_at,
            Some(ts("2020-02-10T19:45:00Z"))
        );
        assert_eq!(
            snapshot.incidents[0].resolved_at,
            Some(ts("2020-02-12T11:00:00Z"))
        );
    }

    #[test]
    fn ongoing_outage_and_maintenances() {
        let body = br#"jsonCallback({"drpost":false,"drMessage":null,"services":[
          {"serviceName":"iCloud Mail","events":[
            {"eventStatus":"ongoing","statusType":"Outage","messageId":"1",
             "startDate":"07/04/2024 10:00","usersAffected":"All users","message":"Down."}]},
          {"serviceName":"App Store","events":[
            {"eventStatus":"ongoing","statusType":"Maintenance","messageId":"2",
             "startDate":"01/15/2024 09:00 PT","endDate":"01/15/2024 11:00 PT",
             "affectedServices":["App Store","Apple Arcade"]},
            {"eventStatus":"upcoming","statusType":"Maintenance","messageId":"3",
             "epochStartDate":1900000000000},
            {"eventStatus":"completed","statusType":"Maintenance","messageId":"4"}]},
          {"serviceName":"Apple Arcade","events":[
            {"eventStatus":"ongoing","statusType":"Maintenance","messageId":"2",
             "affectedServices":["App Store","Apple Arcade"]}]}
        ]});"#;
        let snapshot = parse_system_status(body).unwrap();
        assert_eq!(snapshot.status, Status::MajorOutage);
        let statuses: Vec<(&str, Status)> = snapshot
            .components
            .iter()
            .map(|c| (c.name.as_str(), c.status))
            .collect();
        assert_eq!(
            statuses,
            [
                ("iCloud Mail", Status::MajorOutage),
                ("App Store", Status::Maintenance),
                ("Apple Arcade", Status::Maintenance)
            ]
        );
        let outage = &snapshot.incidents[0];
        assert_eq!(outage.status, "ongoing");
        assert!(!outage.is_resolved());
        // No zone: US Pacific, daylight saving time in July.
        assert_eq!(outage.started_at, Some(ts("2024-07-04T17:00:00Z")));
        let maintenances: Vec<(&str, &str)> = snapshot
            .maintenances
            .iter()
            .map(|m| (m.id.as_str(), m.status.as_str()))
            .collect();
        assert_eq!(maintenances, [("2", "in_progress"), ("3", "scheduled")]);
        let window = &snapshot.maintenances[0];
        // PT in January: standard time.
        assert_eq!(window.scheduled_for, Some(ts("2024-01-15T17:00:00Z")));
        assert_eq!(window.scheduled_until, Some(ts("2024-01-15T19:00:00Z")));
        assert_eq!(window.components, ["App Store", "Apple Arcade"]);
    }

    #[test]
    fn apple_times() {
        assert_eq!(
            apple_time("02/10/2020 11:45 PST"),
            Some(ts("2020-02-10T19:45:00Z"))
        );
        assert_eq!(
            apple_time("06/10/2020 11:45 PDT"),
            Some(ts("2020-06-10T18:45:00Z"))
        );
        assert_eq!(
            apple_time("06/10/2020 11:45 UTC"),
            Some(ts("2020-06-10T11:45:00Z"))
        );
        assert_eq!(
            apple_time("03/10/2024 01:59"),
            Some(ts("2024-03-10T09:59:00Z"))
        );
        assert_eq!(
            apple_time("03/10/2024 03:00"),
            Some(ts("2024-03-10T10:00:00Z"))
        );
        assert_eq!(
            apple_time("11/03/2024 02:00"),
            Some(ts("2024-11-03T10:00:00Z"))
        );
        assert_eq!(apple_time("02/10/2020 11:45 XYZ"), None);
        assert_eq!(apple_time("2020-02-10 11:45"), None);
        assert_eq!(apple_time(""), None);
        // Out of chrono's range once shifted: absent, not a panic.
        assert_eq!(apple_time("12/31/262143 23:00 EDT"), None);
    }

    #[test]
    fn wrong_shapes_are_errors_not_panics() {
        let mut cases = hostile_json_inputs();
        cases.push(("truncated", truncated(&developer())));
        cases.push(("array", b"[]".to_vec()));
        cases.push(("empty object", b"{}".to_vec()));
        cases.push(("empty callback", b"jsonCallback();".to_vec()));
        cases.push(("callback of a string", b"jsonCallback(\"x\");".to_vec()));
        cases.push((
            "unclosed callback",
            b"jsonCallback({\"services\":[]}".to_vec(),
        ));
        cases.push(("script", b"alert(1); jsonCallback({});".to_vec()));
        cases.push((
            "slack",
            fixture("slack", "slack-current-2020-07-30-active.json"),
        ));
        cases.push((
            "service without name",
            br#"{"services":[{"events":[]}]}"#.to_vec(),
        ));
        for (name, body) in &cases {
            let error = parse_system_status(body).expect_err(name);
            assert_eq!(error.format, "apple", "{name}");
        }
        let html = parse_system_status(b"<html></html>").unwrap_err();
        assert!(html.message.contains("HTML"), "{html}");
    }
}
