#![allow(clippy::unwrap_used, clippy::expect_used)]
use super::*;
use crate::sources::testing::{fixture, hostile_json_inputs, truncated, ts};

const SUMMARY_FIXTURE: &str = "perplexity-instatus-summary-ai-status-fixture.json";
const COMPONENTS_FIXTURE: &str = "perplexity-instatus-v2-components-ai-status-fixture.json";

fn instatus(name: &str) -> Vec<u8> {
    fixture("instatus", name)
}

fn ids(list: &[VendorIncident]) -> Vec<&str> {
    list.iter().map(|i| i.id.as_str()).collect()
}

#[test]
fn perplexity_summary_is_up() {
    let snapshot = parse_summary(&instatus(SUMMARY_FIXTURE)).unwrap();
    assert_eq!(snapshot.page_name.as_deref(), Some("Perplexity"));
    assert_eq!(snapshot.status, Status::Operational);
    assert_eq!(snapshot.description, None);
    assert_eq!(snapshot.updated_at, None);
    assert!(snapshot.components.is_empty());
    assert!(snapshot.incidents.is_empty());
    assert!(snapshot.maintenances.is_empty());
}

#[test]
fn perplexity_components_are_operational() {
    let components = parse_components(&instatus(COMPONENTS_FIXTURE)).unwrap();
    let names: Vec<&str> = components.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(names, ["Website", "API", "Computer"]);
    assert!(components
        .iter()
        .all(|c| c.status == Status::Operational && c.group.is_none()));

    let snapshot =
        parse_summary_and_components(&instatus(SUMMARY_FIXTURE), &instatus(COMPONENTS_FIXTURE))
            .unwrap();
    assert_eq!(snapshot.status, Status::Operational);
    assert_eq!(snapshot.components, components);
    assert_eq!(
        snapshot.status_for(&["api".to_owned()]),
        Status::Operational
    );
}

/// Not a saved payload: written for this test from the documented shape of
/// Instatus `summary.json` (no capture with incidents is among the fixtures).
const SUMMARY_WITH_TROUBLE: &str = r#"{
  "page": {"name": "Example", "url": "https://status.example.com", "status": "HASISSUES"},
  "activeIncidents": [
    {"id": "inc-a", "name": "Website slow", "started": "2024-03-01T09:00:00.000Z",
     "status": "MONITORING", "impact": "DEGRADEDPERFORMANCE",
     "url": "https://status.example.com/incident/inc-a", "updatedAt": "2024-03-01T09:30:00.000Z"},
    {"id": "inc-b", "name": "API down", "started": "2024-03-01T10:30:00+01:00",
     "status": "INVESTIGATING", "impact": "MAJOROUTAGE",
     "url": "https://status.example.com/incident/inc-b", "updatedAt": "2024-03-01T10:05:00+01:00"},
    {"id": "inc-c", "name": "Old", "started": "2024-02-01T00:00:00Z",
     "status": "RESOLVED", "impact": "PARTIALOUTAGE", "url": null, "updatedAt": "2024-02-01T01:00:00Z"}
  ],
  "activeMaintenances": [
    {"id": "mnt-later", "name": "Network", "start": "2024-03-05T22:00:00.000Z",
     "status": "NOTSTARTEDYET", "duration": "120", "url": "https://status.example.com/maintenance/mnt-later"},
    {"id": "mnt-now", "name": "Database", "start": "2024-03-01T08:00:00.000Z",
     "status": "INPROGRESS", "duration": 90, "url": "https://status.example.com/maintenance/mnt-now",
     "updatedAt": "2024-03-01T08:00:00.000Z"}
  ]
}"#;

#[test]
fn summary_with_incidents_and_maintenances() {
    let snapshot = parse_summary(SUMMARY_WITH_TROUBLE.as_bytes()).unwrap();
    // HASISSUES alone is "degraded"; the major outage incident decides.
    assert_eq!(snapshot.status, Status::MajorOutage);
    assert_eq!(snapshot.updated_at, Some(ts("2024-03-01T09:30:00Z")));
    // The resolved one is dropped; newest first (10:30+01:00 is 09:30Z).
    assert_eq!(ids(&snapshot.incidents), ["inc-b", "inc-a"]);
    let api = &snapshot.incidents[0];
    assert_eq!(api.title, "API down");
    assert_eq!(api.status, "investigating");
    assert_eq!(api.impact, Status::MajorOutage);
    assert_eq!(api.started_at, Some(ts("2024-03-01T09:30:00Z")));
    assert_eq!(
        api.url.as_deref(),
        Some("https://status.example.com/incident/inc-b")
    );
    assert!(api.updates.is_empty());
    assert_eq!(snapshot.incidents[1].status, "monitoring");
    assert_eq!(snapshot.incidents[1].impact, Status::Degraded);

    assert_eq!(ids(&snapshot.maintenances), ["mnt-now", "mnt-later"]);
    let now = &snapshot.maintenances[0];
    assert_eq!(now.status, "in_progress");
    assert_eq!(now.impact, Status::Maintenance);
    assert_eq!(now.started_at, Some(ts("2024-03-01T08:00:00Z")));
    assert_eq!(now.scheduled_until, Some(ts("2024-03-01T09:30:00Z")));
    let later = &snapshot.maintenances[1];
    assert_eq!(later.status, "scheduled");
    assert_eq!(later.started_at, None);
    assert_eq!(later.scheduled_for, Some(ts("2024-03-05T22:00:00Z")));
    assert_eq!(later.scheduled_until, Some(ts("2024-03-06T00:00:00Z")));
}

#[test]
fn page_words_alone() {
    let page = |status: &str| {
        let body = format!(r#"{{"page":{{"name":"P","url":"https://p","status":"{status}"}}}}"#);
        parse_summary(body.as_bytes()).unwrap().status
    };
    assert_eq!(page("UP"), Status::Operational);
    assert_eq!(page("HASISSUES"), Status::Degraded);
    assert_eq!(page("UNDERMAINTENANCE"), Status::Maintenance);
    assert_eq!(page("SOMETHINGNEW"), Status::Unknown);
    let body = br#"{"page":{"name":"P","status":"UP"},"activeIncidents":null,"activeMaintenances":[
        {"id":"m","name":"Work","start":"2024-01-01T00:00:00Z","status":"INPROGRESS","duration":"forever"}]}"#;
    let snapshot = parse_summary(body).unwrap();
    assert_eq!(snapshot.status, Status::Maintenance);
    assert_eq!(snapshot.maintenances[0].scheduled_until, None);
}

#[test]
fn status_words_map_onto_the_model() {
    for (word, status) in [
        ("UP", Status::Operational),
        ("OPERATIONAL", Status::Operational),
        ("HASISSUES", Status::Degraded),
        ("DEGRADEDPERFORMANCE", Status::Degraded),
        ("MINOROUTAGE", Status::Degraded),
        ("PARTIALOUTAGE", Status::PartialOutage),
        ("MAJOROUTAGE", Status::MajorOutage),
        ("UNDERMAINTENANCE", Status::Maintenance),
        ("major_outage", Status::MajorOutage),
        ("Degraded Performance", Status::Degraded),
        ("", Status::Unknown),
        ("DOWN", Status::Unknown),
    ] {
        assert_eq!(status_word(word), status, "{word}");
    }
}

#[test]
fn grouped_components_carry_their_group_name() {
    // Written for this test: one group header referenced by its children,
    // one child naming its group only by id, one by a bare name.
    let body = br#"{"components":[
        {"id":"g1","name":"Regions","description":"","status":"OPERATIONAL","group":null},
        {"id":"c1","name":"Europe","status":"PARTIALOUTAGE","group":{"id":"g1","name":"Regions"}},
        {"id":"c2","name":"Asia","status":"OPERATIONAL","group":{"id":"g1"}},
        {"id":"c3","name":"Billing","status":"UNDERMAINTENANCE","group":"Back office"},
        {"id":"c4","name":"  ","status":"MAJOROUTAGE","group":null},
        {"id":"c5","name":"Search","status":"brand-new","group":false}
    ]}"#;
    let components = parse_components(body).unwrap();
    let seen = crate::sources::testing::grouped_statuses(&components);
    assert_eq!(
        seen,
        [
            ("Europe", Some("Regions"), Status::PartialOutage),
            ("Asia", Some("Regions"), Status::Operational),
            ("Billing", Some("Back office"), Status::Maintenance),
            ("Search", None, Status::Unknown),
        ]
    );
    let snapshot = parse_summary_and_components(&instatus(SUMMARY_FIXTURE), body).unwrap();
    assert_eq!(snapshot.status, Status::PartialOutage);
}

#[test]
fn malformed_payloads_are_errors_not_panics() {
    let mut cases = hostile_json_inputs();
    cases.extend([
        ("truncated summary", truncated(&instatus(SUMMARY_FIXTURE))),
        (
            "truncated components",
            truncated(&instatus(COMPONENTS_FIXTURE)),
        ),
        (
            "truncated example",
            truncated(SUMMARY_WITH_TROUBLE.as_bytes()),
        ),
        ("empty object", b"{}".to_vec()),
        ("array", b"[]".to_vec()),
        (
            "wrong types",
            br#"{"page":"UP","components":"all good"}"#.to_vec(),
        ),
        (
            "betterstack",
            fixture(
                "betterstack",
                "together-ai-betterstack-index-2026-09-04-ai-status-fixture.json",
            ),
        ),
    ]);
    for (name, body) in &cases {
        for (which, result) in [
            ("summary", parse_summary(body).err()),
            ("components", parse_components(body).err()),
            ("both", parse_summary_and_components(body, body).err()),
        ] {
            let error = result.unwrap_or_else(|| panic!("{name}: {which} accepted it"));
            assert_eq!(error.format, "instatus", "{name}");
            assert!(!error.message.is_empty(), "{name}");
        }
    }
}

#[test]
fn errors_say_what_was_wrong() {
    let html = parse_summary(b"<html><body>Maintenance</body></html>").unwrap_err();
    assert!(html.message.contains("HTML"), "{html}");
    // A Statuspage summary.json has a page, but no page status.
    let statuspage = fixture(
        "statuspage",
        "github-summary-2026-07-31-all-operational.json",
    );
    let other = parse_summary(&statuspage).unwrap_err();
    assert!(other.message.contains("no \"status\""), "{other}");
    let components = parse_summary(&instatus(COMPONENTS_FIXTURE)).unwrap_err();
    assert!(components.message.contains("`page`"), "{components}");
    let summary = parse_components(&instatus(SUMMARY_FIXTURE)).unwrap_err();
    assert!(summary.message.contains("`components`"), "{summary}");
    let no_id =
        parse_summary(br#"{"page":{"status":"UP"},"activeIncidents":[{"name":"x"}]}"#).unwrap_err();
    assert!(no_id.message.contains("no id"), "{no_id}");
}
