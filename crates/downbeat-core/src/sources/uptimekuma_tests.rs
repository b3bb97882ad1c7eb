#![allow(clippy::unwrap_used, clippy::expect_used)]
use super::*;
use crate::sources::testing::{fixture, hostile_json_inputs, truncated, ts};

fn slum(with_heartbeat: bool) -> Snapshot {
    let page = fixture(
        "uptimekuma",
        "open-slum-status-page-2026-06-22-pinned-incident.json",
    );
    let beats = fixture(
        "uptimekuma",
        "open-slum-heartbeat-2026-06-22-9-of-19-down.json",
    );
    parse_status_page(&page, with_heartbeat.then_some(beats.as_slice())).unwrap()
}

#[test]
fn open_slum_nine_of_nineteen_monitors_down_with_a_pinned_incident() {
    let page = slum(true);
    assert_eq!(
        page.page_name.as_deref(),
        Some("SLUM: The Shadow Library Uptime Monitor")
    );
    assert_eq!(page.status, Status::PartialOutage);
    assert_eq!(page.components.len(), 19);
    let down = page
        .components
        .iter()
        .filter(|c| c.status == Status::MajorOutage)
        .count();
    assert_eq!(down, 9);
    let first = &page.components[0];
    assert_eq!(
        (first.name.as_str(), first.group.as_deref(), first.status),
        (
            "Anna's Archive",
            Some("Overall Health Summary"),
            Status::MajorOutage
        )
    );
    assert_eq!(page.incidents.len(), 1);
    let incident = &page.incidents[0];
    assert_eq!(incident.title, "Unstable due to high traffic");
    assert_eq!(incident.impact, Status::Degraded);
    assert_eq!(incident.started_at, Some(ts("2026-01-05T14:45:42Z")));
    assert!(page.maintenances.is_empty());
}

#[test]
fn without_heartbeats_monitors_are_unknown_and_the_incident_speaks() {
    let page = slum(false);
    assert!(page.components.iter().all(|c| c.status == Status::Unknown));
    assert_eq!(page.status, Status::Degraded);
}

#[test]
fn demo_recording_one_monitor_in_maintenance_the_other_down() {
    let page = fixture(
        "uptimekuma",
        "isitdown-recorded-demo-status-page-2026-09-12-incident-maintenance.json",
    );
    let beats = fixture(
        "uptimekuma",
        "isitdown-recorded-demo-heartbeat-2026-09-12-down-and-maintenance.json",
    );
    let page = parse_status_page(&page, Some(&beats)).unwrap();
    let statuses: Vec<(&str, Status)> = page
        .components
        .iter()
        .map(|c| (c.name.as_str(), c.status))
        .collect();
    assert_eq!(
        statuses,
        [
            ("API", Status::Maintenance),
            ("Webhooks", Status::MajorOutage)
        ]
    );
    assert_eq!(page.status, Status::MajorOutage);
    assert_eq!(page.maintenances.len(), 1);
    let maintenance = &page.maintenances[0];
    assert_eq!(maintenance.title, "Database upgrade");
    assert_eq!(maintenance.status, "in_progress");
    assert_eq!(maintenance.scheduled_for, Some(ts("2026-09-12T11:26:00Z")));
    assert_eq!(
        maintenance.scheduled_until,
        Some(ts("2026-09-12T13:26:00Z"))
    );
    assert_eq!(page.incidents[0].title, "Elevated error rates");
    assert_eq!(page.updated_at, Some(ts("2026-09-12T12:27:20.773Z")));
}

#[test]
fn broken_input_is_an_error() {
    for (what, bytes) in hostile_json_inputs() {
        assert!(parse_status_page(&bytes, None).is_err(), "{what}");
    }
    let whole = fixture(
        "uptimekuma",
        "open-slum-status-page-2026-06-22-pinned-incident.json",
    );
    assert!(parse_status_page(&truncated(&whole), None).is_err());
    assert!(parse_status_page(&whole, Some(b"{\"heartbeatList\": {")).is_err());
}
