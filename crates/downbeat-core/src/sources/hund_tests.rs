#![allow(clippy::unwrap_used, clippy::expect_used)]
use super::*;
use crate::sources::documented::{HUND_COMPONENTS, HUND_ISSUES, HUND_STATUSES};
use crate::sources::testing::{hostile_json_inputs, statuses, truncated, ts};

fn now() -> DateTime<Utc> {
    ts("2026-11-30T12:00:00Z")
}

#[test]
fn watchdogs_name_components_and_issues_override_them() {
    let page = parse_statuses(
        HUND_STATUSES.as_bytes(),
        Some(HUND_COMPONENTS.as_bytes()),
        Some(HUND_ISSUES.as_bytes()),
        now(),
    )
    .unwrap();
    assert_eq!(
        statuses(&page),
        [
            // w1's current status (-1), not its ended one.
            ("API", Status::MajorOutage),
            // The issue's newest update forces -1 over the watchdog's 0.
            ("Dashboard", Status::MajorOutage),
            // A standing maintenance on it, no override.
            ("Email", Status::Maintenance),
            // w4 has no current status: shown, unknown.
            ("Webhooks", Status::Unknown),
        ]
    );
    assert_eq!(page.components[0].group.as_deref(), Some("Platform"));
    // A group given only as an id has no name to show.
    assert_eq!(page.components[2].group, None);
    assert_eq!(page.status, Status::MajorOutage);
    assert_eq!(page.incidents.len(), 1);
    let incident = &page.incidents[0];
    assert_eq!(incident.title, "Dashboard unreachable");
    assert_eq!(incident.status, "identified");
    assert_eq!(incident.impact, Status::MajorOutage);
    assert_eq!(incident.updates.len(), 2);
    assert_eq!(incident.updates[0].body, "A bad deploy.");
    assert_eq!(incident.components, ["Dashboard"]);
    assert_eq!(
        incident.started_at,
        DateTime::from_timestamp(1_796_001_000, 0)
    );
    let maintenance = &page.maintenances[0];
    assert_eq!(maintenance.title, "Mail relay upgrade");
    assert_eq!(maintenance.status, "in_progress");
    assert_eq!(
        maintenance.scheduled_until,
        DateTime::from_timestamp(1_796_010_000, 0)
    );
    assert_eq!(page.updated_at, DateTime::from_timestamp(1_796_003_600, 0));
}

#[test]
fn without_companions_the_page_is_coarser_not_wrong() {
    let alone = parse_statuses(HUND_STATUSES.as_bytes(), None, None, now()).unwrap();
    assert!(alone.components.is_empty());
    assert_eq!(alone.status, Status::MajorOutage);
    // Only w3 current and operational: the page is operational.
    let calm = br#"{"type": "paged_array", "data": [
        {"type": "status", "watchdog": "w3", "state": 1, "ended_at": null}]}"#;
    let page = parse_statuses(calm, Some(b"{}"), Some(b"<html>"), now()).unwrap();
    assert_eq!(page.status, Status::Operational);
    // No current status at all: nothing can be read.
    let none = br#"{"type": "paged_array", "data": []}"#;
    assert_eq!(
        parse_statuses(none, None, None, now()).unwrap().status,
        Status::Unknown
    );
}

#[test]
fn other_documents_are_errors() {
    for (what, bytes) in hostile_json_inputs() {
        assert!(parse_statuses(&bytes, None, None, now()).is_err(), "{what}");
    }
    // A Hund collection of something else, and a truncated answer.
    assert!(parse_statuses(HUND_COMPONENTS.as_bytes(), None, None, now()).is_err());
    assert!(parse_statuses(&truncated(HUND_STATUSES.as_bytes()), None, None, now()).is_err());
}
