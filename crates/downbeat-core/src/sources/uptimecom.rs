//! Uptime.com status pages (`https://<host>/statuspage/<slug>`), two JSON
//! documents under the page: `…/ajax` `{data{name, components[] (groups
//! with subcomponents[]), active_incidents[], upcoming_maintenance[]}}` and
//! `…/history` `{data{active_incidents[], past_incidents[], period_end}}`.
//!
//! Component words: `operational` → operational, `degraded-performance` →
//! degraded, `partial-outage` → partial outage, `major-outage` → major
//! outage, `under-maintenance` → maintenance, others → unknown. Groups are
//! left out; their subcomponents carry the group's name. An incident's
//! impact is the worst status it gives its components. A scheduled
//! maintenance (`incident_type` `SCHEDULED_MAINTENANCE`, or every affected
//! component under maintenance) is upcoming until its `starts_at`, measured
//! against the time of the check (not the document's `period_end`, which
//! a cached copy keeps).
//! The page: the worst known of the components and the current incidents.

use super::dates::json_time;
use super::payload::{self, Shape};
use super::ParseError;
use crate::model::{Component, IncidentUpdate, Snapshot, Status, VendorIncident};
use chrono::{DateTime, Utc};
use serde_json::Value;

const FORMAT: &str = "uptimecom";
const WHAT: &str = "Uptime.com status page answer (/ajax or /history)";

/// `…/ajax` or `…/history` → Snapshot, read at `now`.
pub fn parse_page(bytes: &[u8], now: DateTime<Utc>) -> Result<Snapshot, ParseError> {
    let value: Value = payload::decode_json(FORMAT, bytes, Shape::Object, WHAT)?;
    let data = &value["data"];
    let ajax = data["components"].is_array();
    if !ajax && !data["past_incidents"].is_array() {
        return Err(ParseError::new(
            FORMAT,
            format!("not an {WHAT}: \"data\" has neither \"components\" nor \"past_incidents\""),
        ));
    }
    let mut components = Vec::new();
    for raw in data["components"].as_array().into_iter().flatten() {
        let children = raw["subcomponents"].as_array().filter(|c| !c.is_empty());
        match children {
            Some(children) => {
                let group = raw["name"].as_str().and_then(payload::non_empty);
                components.extend(children.iter().filter_map(|c| component(c, group.clone())));
            }
            None => components.extend(component(raw, None)),
        }
    }
    let reference = json_time(&data["period_end"]);
    let mut incidents = Vec::new();
    let mut maintenances = Vec::new();
    let listed = data["active_incidents"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|raw| (raw, false))
        .chain(
            data["upcoming_maintenance"]
                .as_array()
                .into_iter()
                .flatten()
                .map(|raw| (raw, true)),
        );
    for (raw, upcoming) in listed {
        let Some(mut event) = convert(raw) else {
            continue;
        };
        let maintenance = upcoming
            || raw["incident_type"].as_str() == Some("SCHEDULED_MAINTENANCE")
            || event.impact == Status::Maintenance;
        if maintenance {
            let ahead = upcoming || event.scheduled_for.is_some_and(|at| at > now);
            event.status = if ahead { "scheduled" } else { "in_progress" }.to_owned();
            event.impact = Status::Maintenance;
            maintenances.push(event);
        } else {
            incidents.push(event);
        }
    }
    payload::sort_newest_first(&mut incidents);
    payload::sort_soonest_first(&mut maintenances);
    let mut parts = payload::current_parts(&components, &incidents, &maintenances);
    // The history document lists no components: no current event is all well.
    parts.extend((!ajax).then_some(Status::Operational));
    let status = payload::page_status(parts);
    Ok(Snapshot {
        page_name: data["name"].as_str().and_then(payload::non_empty),
        status,
        description: None,
        updated_at: reference,
        components,
        incidents,
        maintenances,
    })
}

fn component(raw: &Value, group: Option<String>) -> Option<Component> {
    Some(Component {
        name: payload::non_empty(&payload::vendor_text(raw["name"].as_str()?))?,
        group,
        status: word_status(raw["status"].as_str().unwrap_or_default()),
    })
}

fn word_status(word: &str) -> Status {
    match word.trim().to_ascii_lowercase().replace('_', "-").as_str() {
        "operational" => Status::Operational,
        "degraded-performance" => Status::Degraded,
        "partial-outage" => Status::PartialOutage,
        "major-outage" => Status::MajorOutage,
        "under-maintenance" => Status::Maintenance,
        _ => Status::Unknown,
    }
}

fn convert(raw: &Value) -> Option<VendorIncident> {
    let title = payload::non_empty(&payload::vendor_text(raw["name"].as_str()?))?;
    let affected: Vec<&Value> = raw["affected_components"]
        .as_array()
        .into_iter()
        .flatten()
        .collect();
    let impact = payload::page_status(
        affected
            .iter()
            .map(|c| word_status(c["status"].as_str().unwrap_or_default())),
    );
    let mut updates: Vec<IncidentUpdate> = raw["updates"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|u| {
            Some(IncidentUpdate {
                status: u["incident_state"]
                    .as_str()
                    .unwrap_or("update")
                    .to_ascii_lowercase(),
                body: payload::vendor_text(u["description"].as_str().unwrap_or_default()),
                at: json_time(&u["updated_at"])?,
            })
        })
        .collect();
    updates.sort_by_key(|u| std::cmp::Reverse(u.at));
    let starts = json_time(&raw["starts_at"]);
    Some(VendorIncident {
        id: raw["id"].to_string(),
        title,
        status: updates
            .first()
            .map_or_else(|| "investigating".to_owned(), |u| u.status.clone()),
        impact: if impact == Status::Unknown {
            Status::Degraded
        } else {
            impact
        },
        started_at: starts,
        resolved_at: None,
        url: None,
        updates,
        components: affected
            .iter()
            .filter_map(|c| c["name"].as_str().and_then(payload::non_empty))
            .collect(),
        scheduled_for: starts,
        scheduled_until: json_time(&raw["ends_at"]),
    })
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::*;
    use crate::sources::testing::{fixture, hostile_json_inputs, truncated, ts};

    #[test]
    fn ajax_lists_components_with_their_group() {
        let page = parse_page(
            &fixture(
                "uptimecom",
                "uptime-com-ajax-2026-09-10-operational-trimmed.json",
            ),
            ts("2026-09-10T12:00:00Z"),
        )
        .unwrap();
        assert_eq!(page.page_name.as_deref(), Some("Uptime.com Status"));
        assert_eq!(page.status, Status::Operational);
        let names: Vec<(&str, Option<&str>)> = page
            .components
            .iter()
            .map(|c| (c.name.as_str(), c.group.as_deref()))
            .collect();
        assert_eq!(names[0], ("API", None));
        assert!(names.contains(&("AUTO (SingleLocationChecks)", Some("Check Servers"))));
        assert!(!names.iter().any(|(name, _)| *name == "Check Servers"));
        assert!(page.incidents.is_empty() && page.maintenances.is_empty());
    }

    const HISTORY: &str = "uptime-com-history-2026-09-12-maintenance-active-trimmed.json";

    #[test]
    fn history_maintenance_ahead_of_the_check_is_upcoming() {
        // Read when it was captured (its period_end).
        let page = parse_page(&fixture("uptimecom", HISTORY), ts("2026-09-12T12:21:51Z")).unwrap();
        assert_eq!(page.status, Status::Operational);
        assert!(page.incidents.is_empty());
        let maintenance = &page.maintenances[0];
        assert_eq!(maintenance.id, "721");
        assert_eq!(maintenance.status, "scheduled");
        assert_eq!(maintenance.scheduled_for, Some(ts("2026-09-22T12:00:00Z")));
        assert_eq!(
            maintenance.components,
            ["Panama-Panama City", "Bolivia-La Paz"]
        );
    }

    #[test]
    fn the_same_history_read_once_the_window_opens_is_maintenance() {
        let bytes = fixture("uptimecom", HISTORY);
        // The document is as captured (period_end 2026-09-12); the clock is not.
        let during = parse_page(&bytes, ts("2026-09-22T12:10:00Z")).unwrap();
        assert_eq!(during.status, Status::Maintenance);
        assert_eq!(during.maintenances[0].status, "in_progress");
        let before = parse_page(&bytes, ts("2026-09-22T11:59:00Z")).unwrap();
        assert_eq!(before.status, Status::Operational);
        assert_eq!(
            crate::sources::plan::next_change(
                crate::sources::plan::Format::UptimecomPage,
                &before,
                ts("2026-09-22T11:59:00Z")
            ),
            Some(ts("2026-09-22T12:00:00Z"))
        );
    }

    #[test]
    fn broken_input_is_an_error() {
        let now = ts("2026-09-10T12:00:00Z");
        for (what, bytes) in hostile_json_inputs() {
            assert!(parse_page(&bytes, now).is_err(), "{what}");
        }
        let whole = fixture(
            "uptimecom",
            "uptime-com-ajax-2026-09-10-operational-trimmed.json",
        );
        assert!(parse_page(&truncated(&whole), now).is_err());
    }
}
