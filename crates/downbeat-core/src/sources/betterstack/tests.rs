#![allow(clippy::unwrap_used, clippy::expect_used)]
use super::*;
use crate::sources::testing::{fixture, hostile_json_inputs, truncated, ts};

const TOGETHER: &str = "together-ai-betterstack-index-2026-09-04-ai-status-fixture.json";

fn together() -> Vec<u8> {
    fixture("betterstack", TOGETHER)
}

#[test]
fn together_ai_index_is_operational() {
    let snapshot = parse_index(&together()).unwrap();
    assert_eq!(snapshot.page_name.as_deref(), Some("Together AI"));
    assert_eq!(snapshot.status, Status::Operational);
    assert_eq!(snapshot.description, None);
    assert_eq!(snapshot.updated_at, Some(ts("2026-09-04T10:17:22.958Z")));

    assert_eq!(snapshot.components.len(), 22);
    assert!(snapshot
        .components
        .iter()
        .all(|c| c.status == Status::Operational));
    let in_group = |group: &str| -> Vec<&str> {
        snapshot
            .components
            .iter()
            .filter(|c| c.group.as_deref() == Some(group))
            .map(|c| c.name.as_str())
            .collect()
    };
    assert_eq!(in_group("Website"), ["Website", "Playground"]);
    assert_eq!(
        in_group("Inference - Voice"),
        ["Whisper Large V3", "Orpheus TTS", "Kokoro-82M"]
    );
    assert_eq!(
        in_group("Inference - Embeddings"),
        ["Multilingual E5 Large Instruct"]
    );
    assert_eq!(in_group("Inference - Chat").len(), 16);
    assert!(in_group("Inference - Chat").contains(&"Kimi K3"));
    // Sections without resources on this page.
    assert!(in_group("Inference - Vision").is_empty());
    assert!(snapshot.components.iter().all(|c| c.group.is_some()));
    assert_eq!(
        snapshot.status_for(&["Inference - Voice".to_owned()]),
        Status::Operational
    );

    // The only report is a maintenance that ended in July: nothing open.
    assert!(snapshot.incidents.is_empty());
    assert!(snapshot.maintenances.is_empty());
}

#[test]
fn together_ai_reports_keep_the_ended_maintenance() {
    let reports = parse_reports(&together()).unwrap();
    assert_eq!(reports.len(), 1);
    let maintenance = &reports[0];
    assert_eq!(maintenance.id, "941865");
    assert_eq!(maintenance.title, "Scheduled network maintenance");
    assert_eq!(maintenance.status, "resolved");
    assert!(maintenance.is_resolved());
    assert_eq!(maintenance.impact, Status::Maintenance);
    assert_eq!(maintenance.started_at, Some(ts("2026-07-03T04:00:59Z")));
    assert_eq!(maintenance.scheduled_for, Some(ts("2026-07-03T04:00:59Z")));
    assert_eq!(
        maintenance.scheduled_until,
        Some(ts("2026-07-03T06:59:00Z"))
    );
    assert_eq!(maintenance.resolved_at, Some(ts("2026-07-03T06:59:00Z")));
    assert_eq!(maintenance.url, None);
    // Eight resources affected; only two of them are on this page.
    assert_eq!(maintenance.components, ["MiniMax M3", "GLM 5.2"]);
    // Newest first.
    assert_eq!(maintenance.updates.len(), 2);
    assert_eq!(maintenance.updates[0].body, "Maintenance ended");
    assert_eq!(maintenance.updates[0].at, ts("2026-07-03T06:59:00Z"));
    assert_eq!(maintenance.updates[0].status, "update");
    assert_eq!(maintenance.updates[1].at, ts("2026-07-03T04:00:59Z"));
    assert!(maintenance.updates[1]
        .body
        .starts_with("We will be performing scheduled network maintenance on July 2nd"));
    assert!(maintenance.updates[1]
        .body
        .contains("\n\nDuring this window"));
}

/// Written for this test in the shape of the fixture: a page in downtime
/// with an open incident report, an open maintenance, numeric references.
const TROUBLE: &str = r#"{
  "data": {"id": "1", "type": "status_page", "attributes": {
    "company_name": "Acme", "aggregate_state": "downtime", "announcement": "  Read <b>this</b>  ",
    "updated_at": "2026-01-01T12:00:00.000+01:00"}},
  "included": [
    {"id": "10", "type": "status_page_section", "attributes": {"name": "Core"}},
    {"id": "100", "type": "status_page_resource", "attributes": {
      "status_page_section_id": 10, "public_name": "API", "status": "downtime"}},
    {"id": "101", "type": "status_page_resource", "attributes": {
      "status_page_section_id": "10", "public_name": "Web", "status": "degraded"}},
    {"id": "102", "type": "status_page_resource", "attributes": {
      "status_page_section_id": null, "public_name": "Docs", "status": "not_monitored"}},
    {"id": "7", "type": "status_update", "attributes": {
      "message": "Investigating.", "published_at": "2026-01-01T10:00:00Z"}},
    {"id": "8", "type": "status_update", "attributes": {
      "message": "Found it.", "published_at": "2026-01-01T11:00:00Z"}},
    {"id": "9", "type": "status_update", "attributes": {
      "message": "Starting.", "published_at": "2026-01-02T00:00:00Z", "status_report_id": 60}},
    {"id": "50", "type": "status_report", "attributes": {
      "title": "API down", "report_type": "manual", "starts_at": "2026-01-01T10:00:00Z", "ends_at": null,
      "aggregate_state": "downtime",
      "affected_resources": [{"status_page_resource_id": 100, "status": "downtime"},
                             {"status_page_resource_id": "101", "status": "degraded"}]},
     "relationships": {"status_updates": {"data": [{"id": "8", "type": "status_update"}, {"id": 7, "type": "status_update"}]}}},
    {"id": "60", "type": "status_report", "attributes": {
      "title": "DB upgrade", "report_type": "maintenance", "starts_at": "2026-01-02T00:00:00Z",
      "ends_at": "2026-01-02T02:00:00Z", "aggregate_state": "maintenance", "affected_resources": []}}
  ]
}"#;

#[test]
fn downtime_report_and_maintenance() {
    let snapshot = parse_index(TROUBLE.as_bytes()).unwrap();
    assert_eq!(snapshot.status, Status::MajorOutage);
    assert_eq!(snapshot.description.as_deref(), Some("Read <b>this</b>"));
    assert_eq!(snapshot.updated_at, Some(ts("2026-01-01T11:00:00Z")));
    let components = crate::sources::testing::grouped_statuses(&snapshot.components);
    assert_eq!(
        components,
        [
            ("API", Some("Core"), Status::MajorOutage),
            ("Web", Some("Core"), Status::Degraded),
            ("Docs", None, Status::Unknown),
        ]
    );
    let incident = &snapshot.incidents[0];
    assert_eq!(snapshot.incidents.len(), 1);
    assert_eq!(incident.id, "50");
    assert_eq!(incident.status, "downtime");
    assert_eq!(incident.impact, Status::MajorOutage);
    assert_eq!(incident.components, ["API", "Web"]);
    assert_eq!(incident.resolved_at, None);
    assert_eq!(incident.scheduled_for, None);
    let bodies: Vec<&str> = incident.updates.iter().map(|u| u.body.as_str()).collect();
    assert_eq!(bodies, ["Found it.", "Investigating."]);

    assert_eq!(snapshot.maintenances.len(), 1);
    let maintenance = &snapshot.maintenances[0];
    assert_eq!(maintenance.id, "60");
    assert_eq!(maintenance.impact, Status::Maintenance);
    assert_eq!(
        maintenance.scheduled_until,
        Some(ts("2026-01-02T02:00:00Z"))
    );
    // Linked by the update's status_report_id.
    assert_eq!(maintenance.updates.len(), 1);
    assert_eq!(maintenance.updates[0].body, "Starting.");

    // All reports, newest first.
    let ids: Vec<String> = parse_reports(TROUBLE.as_bytes())
        .unwrap()
        .into_iter()
        .map(|r| r.id)
        .collect();
    assert_eq!(ids, ["60", "50"]);
}

#[test]
fn state_words_map_onto_the_model() {
    assert_eq!(state("operational"), Status::Operational);
    assert_eq!(state("degraded"), Status::Degraded);
    assert_eq!(state("downtime"), Status::MajorOutage);
    assert_eq!(state("maintenance"), Status::Maintenance);
    assert_eq!(state("resolved"), Status::Operational);
    assert_eq!(state("recovered"), Status::Operational);
    assert_eq!(state("not_monitored"), Status::Unknown);
    assert_eq!(state(""), Status::Unknown);
}

#[test]
fn malformed_payloads_are_errors_not_panics() {
    let mut cases = hostile_json_inputs();
    cases.extend([
        ("truncated", truncated(&together())),
        ("empty object", b"{}".to_vec()),
        ("array", b"[]".to_vec()),
        ("data array", fixture("cachet", "yoti-cachet-api-v1-components-2020-10-doc-excerpt.json")),
        ("wrong data type", br#"{"data":{"id":"1","type":"monitor","attributes":{}}}"#.to_vec()),
        ("bad attributes", br#"{"data":{"id":"1","type":"status_page","attributes":{"company_name":[1]}}}"#.to_vec()),
        (
            "bad report",
            br#"{"data":{"id":"1","type":"status_page"},"included":[{"id":"5","type":"status_report","attributes":{"title":{}}}]}"#
                .to_vec(),
        ),
        ("statuspage", fixture("statuspage", "github-summary-2026-07-31-all-operational.json")),
    ]);
    for (name, body) in &cases {
        for (which, error) in [
            ("index", parse_index(body).err()),
            ("reports", parse_reports(body).err()),
        ] {
            let error = error.unwrap_or_else(|| panic!("{name}: {which} accepted it"));
            assert_eq!(error.format, "betterstack", "{name}");
            assert!(!error.message.is_empty(), "{name}");
        }
    }
}

#[test]
fn errors_say_what_was_wrong() {
    let html = parse_index(b"<!doctype html><title>Status</title>").unwrap_err();
    assert!(html.message.contains("HTML"), "{html}");
    let statuspage = fixture(
        "statuspage",
        "github-summary-2026-07-31-all-operational.json",
    );
    let missing = parse_index(&statuspage).unwrap_err();
    assert!(missing.message.contains("`data`"), "{missing}");
    let other = parse_index(br#"{"data":{"id":"1","type":"monitor"}}"#).unwrap_err();
    assert!(other.message.contains("\"monitor\""), "{other}");
    // A page with no resources and no state says nothing.
    let bare = parse_index(br#"{"data":{"id":"1","type":"status_page"}}"#).unwrap();
    assert_eq!(bare.status, Status::Unknown);
}
