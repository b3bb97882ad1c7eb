//! Nintendo network status (`https://www.nintendo.co.jp/netinfo/<locale>/status.json`,
//! plain or as JSONP `getJSON(…)`): `{lang, categories[{name, type}],
//! operational_statuses[] (outages), temporary_maintenances[]}`.
//!
//! Each category (platform) is a component: `type` 0 → operational, 1 →
//! offline (major outage). An outage or maintenance is `{platform[],
//! software_title, message, begin, end, event_status, services[]}` with
//! `event_status` 0 planned, 1 identified, 2 ongoing, 3 ended (per
//! rNintendoSwitch/nsecpy). An outage not ended is an open incident of its
//! platforms, degraded (Nintendo lists partial service problems here); one
//! whose `end` has passed is over (Nintendo keeps it listed about a day,
//! until `utc_del_time`). A maintenance 3, or past its `end`, is left out;
//! 1–2 is in progress; 0 is upcoming until its `begin`, then in progress.
//! Times are measured against the time of the check. Both lists empty and
//! every platform online: operational.
//!
//! `begin`/`end` are local text (`Wednesday, February 24, 2021  6 :55 AM`)
//! in the region's zone, which the file does not name; `lang` tells it:
//! `en_US` is US Pacific time (the sample's `utc_del_time`, 15:01 UTC a day
//! after an `end` of 7:01 AM in February, is UTC−8), `ja_JP` Japan time;
//! other regions are read as UTC.

use chrono::{DateTime, NaiveDateTime, Utc};
use serde_json::Value;

use super::dates::Zone;
use super::payload::{self, Shape};
use super::ParseError;
use crate::model::{Component, IncidentUpdate, Snapshot, Status, VendorIncident};

const FORMAT: &str = "nintendo";
const WHAT: &str = "Nintendo netinfo status.json";

/// `status.json` → Snapshot, read at `now`.
pub fn parse_status(bytes: &[u8], now: DateTime<Utc>) -> Result<Snapshot, ParseError> {
    let value: Value = payload::decode_json(
        FORMAT,
        super::apple::unwrap_jsonp(bytes),
        Shape::Object,
        WHAT,
    )?;
    let (Some(outages), Some(maintenances)) = (
        value["operational_statuses"].as_array(),
        value["temporary_maintenances"].as_array(),
    ) else {
        return Err(ParseError::new(
            FORMAT,
            format!(
                "not a {WHAT}: it needs \"operational_statuses\" and \"temporary_maintenances\""
            ),
        ));
    };
    let mut components: Vec<Component> = value["categories"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|category| {
            Some(Component {
                name: payload::non_empty(category["name"].as_str()?)?,
                group: None,
                status: match category["type"].as_i64() {
                    Some(0) => Status::Operational,
                    Some(1) => Status::MajorOutage,
                    _ => Status::Unknown,
                },
            })
        })
        .collect();
    let zone = match value["lang"].as_str().unwrap_or_default() {
        "en_US" => Zone::UsPacific,
        "ja_JP" => Zone::Tokyo,
        _ => Zone::Utc,
    };
    let read = |raw: &Value, maintenance: bool| convert(raw, maintenance, zone, now);
    let mut incidents: Vec<VendorIncident> = outages
        .iter()
        .filter_map(|raw| read(raw, false))
        .filter(|i| !i.is_resolved())
        .collect();
    for incident in &incidents {
        for component in components.iter_mut() {
            if incident
                .components
                .iter()
                .any(|p| p.eq_ignore_ascii_case(&component.name))
            {
                component.status = payload::worse(component.status, Status::Degraded);
            }
        }
    }
    let mut planned: Vec<VendorIncident> = maintenances
        .iter()
        .filter_map(|raw| read(raw, true))
        .filter(|m| !m.is_resolved())
        .collect();
    payload::sort_newest_first(&mut incidents);
    payload::sort_soonest_first(&mut planned);
    let mut parts = payload::current_parts(&components, &incidents, &planned);
    parts.push(Status::Operational);
    let status = payload::page_status(parts);
    Ok(Snapshot {
        page_name: Some("Nintendo Network".to_owned()),
        status,
        description: None,
        updated_at: None,
        components,
        incidents,
        maintenances: planned,
    })
}

fn convert(
    raw: &Value,
    maintenance: bool,
    zone: Zone,
    now: DateTime<Utc>,
) -> Option<VendorIncident> {
    let title = payload::non_empty(&payload::vendor_text(raw["software_title"].as_str()?))?;
    let stage = raw["event_status"]
        .as_str()
        .and_then(|s| s.trim().parse::<i64>().ok())
        .or(raw["event_status"].as_i64());
    let begin = raw["begin"].as_str().and_then(|t| local_text(t, zone));
    let end = raw["end"].as_str().and_then(|t| local_text(t, zone));
    let ended = stage == Some(3) || end.is_some_and(|end| end <= now);
    let started = begin.is_none_or(|begin| begin <= now);
    let status = match (maintenance, ended, stage) {
        (true, true, _) => "completed",
        (false, true, _) => "resolved",
        (true, false, Some(1 | 2)) => "in_progress",
        (true, false, _) if started => "in_progress",
        (true, false, _) => "scheduled",
        (false, false, _) => "investigating",
    };
    let platforms: Vec<String> = raw["platform"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|p| p.as_str().and_then(payload::non_empty))
        .collect();
    let services: Vec<&str> = raw["services"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .collect();
    let body = [
        payload::vendor_text(raw["message"].as_str().unwrap_or_default()),
        services.join(", "),
    ]
    .into_iter()
    .filter(|t| !t.is_empty())
    .collect::<Vec<_>>()
    .join("\n");
    Some(VendorIncident {
        id: format!("{title}@{}", raw["begin"].as_str().unwrap_or_default()),
        title,
        status: status.to_owned(),
        impact: if maintenance {
            Status::Maintenance
        } else {
            Status::Degraded
        },
        started_at: begin,
        resolved_at: None,
        url: None,
        updates: begin
            .map(|at| IncidentUpdate {
                status: status.to_owned(),
                body,
                at,
            })
            .into_iter()
            .collect(),
        components: platforms,
        scheduled_for: if maintenance { begin } else { None },
        scheduled_until: if maintenance { end } else { None },
    })
}

/// `Wednesday, February 24, 2021  6 :55 AM` (the space before the colon is
/// Nintendo's) in `zone`, as UTC.
fn local_text(text: &str, zone: Zone) -> Option<DateTime<Utc>> {
    let cleaned = text.replace(" :", ":");
    let cleaned = cleaned.split_whitespace().collect::<Vec<_>>().join(" ");
    NaiveDateTime::parse_from_str(&cleaned, "%A, %B %d, %Y %I:%M %p")
        .ok()
        .and_then(|t| zone.to_utc(t))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::*;
    use crate::sources::testing::{fixture, hostile_json_inputs, truncated, ts};

    const FILE: &str = "netinfo-status-en-us-sample-2021-02-converted-from-python.json";

    /// The sample's day: its newest `update_date` is Wednesday, February 24,
    /// 2021; its ended maintenance ended at 7:01 AM Pacific.
    fn captured() -> DateTime<Utc> {
        ts("2021-02-24T16:00:00Z")
    }

    #[test]
    fn the_sample_read_on_its_day_has_one_upcoming_maintenance() {
        let page = parse_status(&fixture("nintendo", FILE), captured()).unwrap();
        assert_eq!(page.components.len(), 9);
        // The 2018 web outage is still listed (event_status 0) but ended
        // at 3:07 AM on January 22, 2018: over, not current.
        assert_eq!(page.status, Status::Operational);
        assert!(page.incidents.is_empty());
        let web = page.components.iter().find(|c| c.name == "web").unwrap();
        assert_eq!(web.status, Status::Operational);
        // The ended maintenance (event_status 3) is left out.
        assert_eq!(page.maintenances.len(), 1);
        let next = &page.maintenances[0];
        assert_eq!(next.title, "Network Services");
        assert_eq!(next.status, "scheduled");
        // 8:30 PM to 11:30 PM Pacific standard time (UTC−8).
        assert_eq!(next.scheduled_for, Some(ts("2021-02-25T04:30:00Z")));
        assert_eq!(next.scheduled_until, Some(ts("2021-02-25T07:30:00Z")));
    }

    #[test]
    fn the_same_file_is_read_against_the_clock() {
        let bytes = fixture("nintendo", FILE);
        let at = |now: &str| parse_status(&bytes, ts(now)).unwrap();
        // During the 2018 outage (2:14 to 3:07 AM PST on January 22).
        let outage = at("2018-01-22T10:30:00Z");
        assert_eq!(outage.status, Status::Degraded);
        assert_eq!(
            outage.incidents[0].title,
            "Purchasing on Nintendo Game Store"
        );
        assert_eq!(outage.incidents[0].components, ["web"]);
        // The maintenance window opens at 04:30 UTC and closes at 07:30.
        let during = at("2021-02-25T04:30:00Z");
        assert_eq!(during.status, Status::Maintenance);
        assert_eq!(during.maintenances[0].status, "in_progress");
        assert!(at("2021-02-25T07:30:00Z").maintenances.is_empty());
        // In summer, Pacific time is UTC−7.
        let summer = String::from_utf8(bytes.clone())
            .unwrap()
            .replace("February 24, 2021  8 :30 PM", "July 14, 2021  8 :30 PM");
        let page = parse_status(summer.as_bytes(), captured()).unwrap();
        assert_eq!(
            page.maintenances[0].scheduled_for,
            Some(ts("2021-07-15T03:30:00Z"))
        );
        // Another region's file is read in UTC (its zone is not known).
        let other = String::from_utf8(bytes)
            .unwrap()
            .replace("\"en_US\"", "\"de_DE\"");
        let page = parse_status(other.as_bytes(), captured()).unwrap();
        assert_eq!(
            page.maintenances[0].scheduled_for,
            Some(ts("2021-02-24T20:30:00Z"))
        );
    }

    #[test]
    fn empty_lists_are_operational_and_jsonp_is_read() {
        let empty = br#"getJSON({"lang":"en_US","categories":[{"name":"Nintendo Switch","type":0}],"operational_statuses":[],"temporary_maintenances":[]});"#;
        let page = parse_status(empty, captured()).unwrap();
        assert_eq!(page.status, Status::Operational);
        for (what, bytes) in hostile_json_inputs() {
            assert!(parse_status(&bytes, captured()).is_err(), "{what}");
        }
        assert!(parse_status(&truncated(&fixture("nintendo", FILE)), captured()).is_err());
    }
}
