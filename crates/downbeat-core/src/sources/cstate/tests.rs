#![allow(clippy::unwrap_used, clippy::expect_used)]
use super::*;
use crate::sources::testing::{fixture, hostile_json_inputs, truncated, ts};

const TOR: &str = "torproject-cstate-index-2025-05-01.json";

fn tor() -> Vec<u8> {
    fixture("cstate", TOR)
}

#[test]
fn tor_project_index() {
    let snapshot = parse_index(&tor(), ts("2025-05-01T12:00:00Z")).unwrap();
    assert_eq!(snapshot.page_name.as_deref(), Some("Tor Project status"));
    // As captured: summaryStatus "disrupted" while every listed system is
    // "ok" (an active issue affects no listed system). The page says
    // "Experiencing disruptions", so the snapshot does too.
    assert_eq!(snapshot.status, Status::Degraded);
    assert_eq!(snapshot.updated_at, Some(ts("2025-05-01T15:22:00Z")));
    assert_eq!(snapshot.description, None);

    assert_eq!(snapshot.components.len(), 15);
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
    assert_eq!(
        in_group("Tor Network"),
        [
            "v3 Onion Services",
            "Directory Authorities",
            "Network Experiments"
        ]
    );
    assert_eq!(in_group("Deprecated"), ["v2 Onion Services"]);
    assert_eq!(in_group("Tor Project websites").len(), 7);
    assert_eq!(
        in_group("Internal systems"),
        ["GitLab", "Email", "Mailing lists", "DNS"]
    );
    // Watching systems that are ok gives ok, even on a "disrupted" page.
    assert_eq!(
        snapshot.status_for(&["DNS".to_owned(), "GitLab".to_owned()]),
        Status::Operational
    );
    assert!(snapshot.incidents.is_empty());
    assert!(snapshot.maintenances.is_empty());
}

/// Written for this test in the shape of cState's index.json template: one
/// issue listed under two systems, a pinned notice, Go-style times.
/// When `WITH_ISSUES` was built (14:05 CEST).
fn built() -> DateTime<Utc> {
    ts("2025-06-01T12:05:00Z")
}

const WITH_ISSUES: &str = r#"{
  "is": "index", "cStateVersion": "6.0", "apiVersion": "2.0", "title": "Example",
  "summaryStatus": "down",
  "pinnedIssues": [
    {"is": "issue", "title": "Planned DB move", "createdAt": "2025-06-02 22:00:00 +0200 CEST",
     "lastMod": "2025-06-01 10:00:00 +0000 UTC", "permalink": "https://status.example.com/issues/db-move/",
     "severity": "notice", "resolved": false, "informational": true, "resolvedAt": "<no value>",
     "affected": ["Database"], "filename": "db-move.md"}
  ],
  "systems": [
    {"name": "API", "category": "Core", "status": "down", "unresolvedIssues": [
      {"is": "issue", "title": "API and web down", "createdAt": "2025-06-01 09:30:00.5 -0400 EDT",
       "lastMod": "2025-06-01 13:47:08 +0000 UTC", "permalink": "https://status.example.com/issues/outage/",
       "severity": "down", "resolved": false, "informational": false, "resolvedAt": "<no value>",
       "affected": ["API", "Website"], "filename": "outage.md"}]},
    {"name": "Website", "category": "Core", "status": "down", "unresolvedIssues": [
      {"is": "issue", "title": "API and web down", "createdAt": "2025-06-01 09:30:00.5 -0400 EDT",
       "permalink": "https://status.example.com/issues/outage/", "severity": "down",
       "resolved": false, "resolvedAt": "<no value>", "affected": ["API", "Website"], "filename": "outage.md"},
      {"is": "issue", "title": "Slow pages", "createdAt": "2025-05-30T08:00:00Z",
       "permalink": "https://status.example.com/issues/slow/", "severity": "disrupted",
       "resolved": false, "resolvedAt": "<no value>", "affected": ["Website"], "filename": "slow.md"}]},
    {"name": "Database", "category": "Uncategorized", "status": "notice", "unresolvedIssues": null},
    {"name": "", "category": "Core", "status": "ok", "unresolvedIssues": []}
  ],
  "buildDate": "2025-06-01", "buildTime": "14:05", "buildTimezone": "CEST"
}"#;

#[test]
fn issues_under_several_systems_count_once() {
    let snapshot = parse_index(WITH_ISSUES.as_bytes(), built()).unwrap();
    assert_eq!(snapshot.status, Status::MajorOutage);
    // A zone name alone gives no offset: no update time rather than a guess.
    assert_eq!(snapshot.updated_at, None);
    let components = crate::sources::testing::grouped_statuses(&snapshot.components);
    assert_eq!(
        components,
        [
            ("API", Some("Core"), Status::MajorOutage),
            ("Website", Some("Core"), Status::MajorOutage),
            ("Database", Some("Uncategorized"), Status::Maintenance),
        ]
    );

    let ids: Vec<&str> = snapshot.incidents.iter().map(|i| i.id.as_str()).collect();
    assert_eq!(ids, ["outage.md", "slow.md"]);
    let outage = &snapshot.incidents[0];
    assert_eq!(outage.title, "API and web down");
    assert_eq!(outage.status, "unresolved");
    assert_eq!(outage.impact, Status::MajorOutage);
    assert_eq!(outage.started_at, Some(ts("2025-06-01T13:30:00.5Z")));
    assert_eq!(outage.resolved_at, None);
    assert_eq!(outage.components, ["API", "Website"]);
    assert_eq!(
        outage.url.as_deref(),
        Some("https://status.example.com/issues/outage/")
    );
    assert!(outage.updates.is_empty());
    assert_eq!(snapshot.incidents[1].impact, Status::Degraded);
    assert_eq!(
        snapshot.incidents[1].started_at,
        Some(ts("2025-05-30T08:00:00Z"))
    );

    assert_eq!(snapshot.maintenances.len(), 1);
    let notice = &snapshot.maintenances[0];
    assert_eq!(notice.id, "db-move.md");
    assert_eq!(notice.impact, Status::Maintenance);
    assert_eq!(notice.scheduled_for, Some(ts("2025-06-02T20:00:00Z")));
    assert_eq!(notice.status, "scheduled");
    assert_eq!(notice.components, ["Database"]);
    // Read once the move has begun: under way.
    let later = parse_index(WITH_ISSUES.as_bytes(), ts("2025-06-02T20:00:00Z")).unwrap();
    assert_eq!(later.maintenances[0].status, "in_progress");
}

#[test]
fn times_and_words() {
    assert_eq!(
        issue_time("2025-04-10 13:00:00 +0000 UTC"),
        Some(ts("2025-04-10T13:00:00Z"))
    );
    assert_eq!(
        issue_time("2025-04-10 15:00:00 +0200 CEST"),
        Some(ts("2025-04-10T13:00:00Z"))
    );
    assert_eq!(
        issue_time("2025-04-10 13:00:00 +0000"),
        Some(ts("2025-04-10T13:00:00Z"))
    );
    assert_eq!(
        issue_time("2025-04-10T15:00:00+02:00"),
        Some(ts("2025-04-10T13:00:00Z"))
    );
    assert_eq!(issue_time("<no value>"), None);
    assert_eq!(issue_time(""), None);
    // A zone label is understood (sources/dates.rs).
    assert_eq!(
        issue_time("2025-04-10 13:00:00 UTC"),
        Some(ts("2025-04-10T13:00:00Z"))
    );
    assert_eq!(
        build_time("2025-05-01", "15:22", "UTC"),
        Some(ts("2025-05-01T15:22:00Z"))
    );
    assert_eq!(build_time("2025-05-01", "15:22", "PDT"), None);
    assert_eq!(build_time("yesterday", "15:22", "UTC"), None);
    assert_eq!(severity("ok"), Status::Operational);
    assert_eq!(severity("disrupted"), Status::Degraded);
    assert_eq!(severity("down"), Status::MajorOutage);
    assert_eq!(severity("notice"), Status::Maintenance);
    assert_eq!(severity("on fire"), Status::Unknown);
}

#[test]
fn resolved_issues_are_left_out() {
    let body = br#"{"systems":[{"name":"A","status":"ok","unresolvedIssues":[
        {"title":"Old","createdAt":"2025-01-01 00:00:00 +0000 UTC","severity":"down",
         "resolved":true,"resolvedAt":"2025-01-01 01:00:00 +0000 UTC","filename":"old.md"}]}]}"#;
    let snapshot = parse_index(body, built()).unwrap();
    assert!(snapshot.incidents.is_empty());
    // No summaryStatus: the systems decide.
    assert_eq!(snapshot.status, Status::Operational);
    assert_eq!(snapshot.page_name, None);
}

#[test]
fn malformed_payloads_are_errors_not_panics() {
    let mut cases = hostile_json_inputs();
    cases.extend([
        ("truncated", truncated(&tor())),
        ("empty object", b"{}".to_vec()),
        ("array", b"[]".to_vec()),
        (
            "an issue page",
            br#"{"is":"issue","title":"x","systems":[]}"#.to_vec(),
        ),
        ("wrong types", br#"{"systems":{"name":"A"}}"#.to_vec()),
        (
            "instatus",
            fixture(
                "instatus",
                "perplexity-instatus-summary-ai-status-fixture.json",
            ),
        ),
        (
            "statuspage",
            fixture(
                "statuspage",
                "github-summary-2026-07-31-all-operational.json",
            ),
        ),
    ]);
    for (name, body) in &cases {
        let error = parse_index(body, built())
            .err()
            .unwrap_or_else(|| panic!("{name}: accepted"));
        assert_eq!(error.format, "cstate", "{name}");
        assert!(!error.message.is_empty(), "{name}");
    }
}

#[test]
fn errors_say_what_was_wrong() {
    let html = parse_index(b"<html><body>ok</body></html>", built()).unwrap_err();
    assert!(html.message.contains("HTML"), "{html}");
    let missing = parse_index(b"{}", built()).unwrap_err();
    assert!(missing.message.contains("`systems`"), "{missing}");
    let issue = parse_index(br#"{"is":"issue","systems":[]}"#, built()).unwrap_err();
    assert!(issue.message.contains("\"issue\""), "{issue}");
}
