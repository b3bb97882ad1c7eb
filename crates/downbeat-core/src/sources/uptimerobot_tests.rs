#![allow(clippy::unwrap_used, clippy::expect_used)]
use super::*;
use crate::sources::testing::{fixture, hostile_json_inputs, truncated, ts};

fn read(name: &str) -> Snapshot {
    parse_monitor_list(&fixture("uptimerobot", name), None).unwrap()
}

fn named(snapshot: &Snapshot, status: Status) -> Vec<&str> {
    snapshot
        .components
        .iter()
        .filter(|c| c.status == status)
        .map(|c| c.name.as_str())
        .collect()
}

#[test]
fn bluesky_pds_outage_old_psp_shape_with_its_announcements() {
    let list = fixture(
        "uptimerobot",
        "bsky-getMonitorList-2025-04-24-psp-9-down-go-literal.json",
    );
    let events = fixture(
        "uptimerobot",
        "bsky-getEventFeed-2025-04-24-pds-outage-go-literal.json",
    );
    let page = parse_monitor_list(&list, Some(&events)).unwrap();
    // 9 of 51 watched monitors down (page 1 lists 30 of them).
    assert_eq!(page.status, Status::PartialOutage);
    assert_eq!(page.description.as_deref(), Some("9 monitors down"));
    assert_eq!(page.components.len(), 30);
    assert_eq!(
        named(&page, Status::MajorOutage),
        [
            "chaga.us-west.host.bsky.network",
            "coral.us-east.host.bsky.network/xrpc/_health",
            "enoki.us-east.host.bsky.network",
            "ganoderma.us-west.host.bsky.network/xrpc/_health"
        ]
    );
    // Paused: shown as unknown, not deciding the page.
    assert_eq!(named(&page, Status::Unknown), ["api.events.bsky.app"]);
    let titles: Vec<&str> = page.incidents.iter().map(|i| i.title.as_str()).collect();
    assert_eq!(
        titles,
        ["Update on PDS Downtime", "Major PDS Networking Problems"]
    );
    assert!(page.incidents.iter().all(|i| !i.is_resolved()));
    assert_eq!(
        page.incidents[0].started_at,
        Some(ts("2025-04-24T23:38:00Z"))
    );
}

#[test]
fn fundednext_and_gwc_some_monitors_down() {
    let funded = read("fundednext-getMonitorList-psp-4-down.json");
    assert_eq!(funded.status, Status::PartialOutage);
    assert_eq!(
        named(&funded, Status::MajorOutage),
        [
            "Backend Client Portal",
            "Competition Trade Server",
            "Mt4 Fundednext demo",
            "MT5 Server | Growthnext"
        ]
    );
    let gwc = read("gwc-getMonitorList-psp-mixed-down-paused.json");
    assert_eq!(gwc.status, Status::PartialOutage);
    assert_eq!(
        named(&gwc, Status::MajorOutage),
        ["GWC - Lovett", "GWC - Truckee"]
    );
    assert_eq!(named(&gwc, Status::Unknown), ["GWC - Kings Beach"]);
}

#[test]
fn a_page_whose_only_monitor_is_paused_is_unknown() {
    let page = read("getMonitorList-psp-single-monitor-paused.json");
    assert_eq!(page.status, Status::Unknown);
    assert_eq!(named(&page, Status::Unknown), ["Ironworkers 786"]);
}

#[test]
fn single_monitor_shape_and_new_data_shape_read_operational() {
    let yumzi = read("yumzi-getMonitor-single-monitor-ok.json");
    assert_eq!(yumzi.status, Status::Operational);
    assert_eq!(named(&yumzi, Status::Operational), ["https://yumzi.app/"]);

    let list = fixture(
        "uptimerobot",
        "trakt-getMonitorList-2026-09-19-new-format-data-plus-psp.json",
    );
    let events = fixture(
        "uptimerobot",
        "trakt-getEventFeed-2026-09-19-new-format-empty.json",
    );
    let trakt = parse_monitor_list(&list, Some(&events)).unwrap();
    assert_eq!(trakt.status, Status::Operational);
    let groups: Vec<(&str, Option<&str>)> = trakt
        .components
        .iter()
        .map(|c| (c.name.as_str(), c.group.as_deref()))
        .collect();
    assert_eq!(
        groups,
        [("Trending API", Some("API")), ("Web App", Some("Apps"))]
    );
    assert!(trakt.incidents.is_empty());
}

#[test]
fn broken_input_is_an_error() {
    for (what, bytes) in hostile_json_inputs() {
        assert!(parse_monitor_list(&bytes, None).is_err(), "{what}");
        assert!(parse_event_feed(&bytes).is_err(), "{what}");
    }
    let whole = fixture(
        "uptimerobot",
        "gwc-getMonitorList-psp-mixed-down-paused.json",
    );
    assert!(parse_monitor_list(&truncated(&whole), None).is_err());
    // A broken companion is an error too, not a page without announcements.
    assert!(parse_monitor_list(&whole, Some(b"{\"results\": [")).is_err());
}
