#![allow(clippy::unwrap_used, clippy::expect_used)]
use super::*;
use crate::sources::testing::{fixture, hostile_json_inputs, truncated, ts};

fn read(name: &str) -> Snapshot {
    parse_summary(&fixture("statuspal", name)).unwrap()
}

fn status_of(snapshot: &Snapshot, name: &str) -> Status {
    snapshot
        .components
        .iter()
        .find(|c| c.name == name)
        .map(|c| c.status)
        .unwrap_or_else(|| panic!("no component {name}"))
}

#[test]
fn exoscale_performance_incident_degrades_one_transit_link() {
    let page = read("exoscale-summary-2025-07-18-performance-incident.json");
    assert_eq!(page.page_name.as_deref(), Some("Exoscale"));
    assert_eq!(page.status, Status::Degraded);
    let degraded: Vec<(&str, Option<&str>)> = page
        .components
        .iter()
        .filter(|c| c.status != Status::Operational)
        .map(|c| (c.name.as_str(), c.group.as_deref()))
        .collect();
    assert_eq!(
        degraded,
        [("Network Internet Transit Connectivity", Some("CH-DK-2"))]
    );
    assert_eq!(page.incidents.len(), 1);
    let incident = &page.incidents[0];
    assert_eq!(incident.id, "198647");
    assert_eq!(incident.impact, Status::Degraded);
    assert_eq!(incident.status, "monitoring");
    assert_eq!(incident.updates.len(), 2);
    assert_eq!(incident.updates[1].status, "issue");
    assert_eq!(incident.started_at, Some(ts("2025-07-18T08:18:26Z")));
}

#[test]
fn exoscale_emergency_maintenance_is_maintenance_with_one_upcoming() {
    let page = read("exoscale-summary-2025-10-17-emergency-maintenance.json");
    assert_eq!(page.status, Status::Maintenance);
    let vienna: Vec<Status> = page
        .components
        .iter()
        .filter(|c| c.group.as_deref() == Some("AT-VIE-2"))
        .map(|c| c.status)
        .collect();
    assert_eq!(vienna.len(), 9);
    assert!(vienna.iter().all(|s| *s == Status::Maintenance));
    let stages: Vec<(&str, &str)> = page
        .maintenances
        .iter()
        .map(|m| (m.id.as_str(), m.status.as_str()))
        .collect();
    assert_eq!(stages, [("209618", "in_progress"), ("208172", "scheduled")]);
    assert_eq!(
        page.maintenances[1].scheduled_until,
        Some(ts("2025-11-14T05:00:00Z"))
    );
    assert!(page.incidents.is_empty());
}

#[test]
fn an_info_incident_is_listed_but_the_page_stays_operational() {
    let page = read("exoscale-summary-2025-03-08-info-incident-compact.json");
    assert_eq!(page.status, Status::Operational);
    assert_eq!(page.incidents.len(), 1);
    assert_eq!(
        page.incidents[0].title,
        "[AT-VIE-2] Network connectivity issue"
    );
    assert_eq!(
        page.description.as_deref(),
        Some("Swisscom is blocking port 22")
    );
}

#[test]
fn hosttech_minor_and_ascent_major_outages() {
    let hosttech = read("hosttech-summary-2023-09-13-minor-incident.json");
    assert_eq!(hosttech.status, Status::Degraded);
    assert_eq!(
        status_of(&hosttech, "Webhosting & Reseller"),
        Status::Degraded
    );
    assert_eq!(hosttech.incidents[0].title, "Serverausfall");

    let ascent = read("ascentlogistics-summary-2022-04-20-major-two-incidents.json");
    assert_eq!(ascent.status, Status::MajorOutage);
    let down: Vec<&str> = ascent
        .components
        .iter()
        .filter(|c| c.status == Status::MajorOutage)
        .map(|c| c.name.as_str())
        .collect();
    assert_eq!(
        down,
        [
            "PEAK - Customer API  Integration",
            "PEAK - Customer API  Production"
        ]
    );
    assert_eq!(ascent.incidents.len(), 2);
    assert!(ascent.incidents.iter().all(|i| i.updates.len() == 1));
    // The page's time_zone (America/Detroit) is how it displays times; the
    // data is UTC, so nothing is shifted.
    let newest = ascent.incidents[0].started_at;
    assert_eq!(newest, Some(ts("2022-04-20T18:27:16Z")));
}

#[test]
fn operational_page_with_an_open_ended_upcoming_maintenance() {
    let page = read("exoscale-summary-2023-09-operational-upcoming-maintenance.json");
    assert_eq!(page.status, Status::Operational);
    assert_eq!(page.maintenances.len(), 1);
    assert_eq!(page.maintenances[0].status, "scheduled");
    assert_eq!(
        page.maintenances[0].scheduled_for,
        Some(ts("2023-09-20T07:00:00Z"))
    );
    assert_eq!(page.maintenances[0].scheduled_until, None);
}

#[test]
fn broken_input_is_an_error() {
    for (what, bytes) in hostile_json_inputs() {
        assert!(parse_summary(&bytes).is_err(), "{what}");
    }
    let whole = fixture(
        "statuspal",
        "hosttech-summary-2023-09-13-minor-incident.json",
    );
    assert!(parse_summary(&truncated(&whole)).is_err());
    assert!(parse_summary(br#"{"services": []}"#).is_err());
}
