//! A page read against the clock (a maintenance window given by its times)
//! is read again when the window opens, even though the page itself has
//! not changed and the server answers "not modified" (issue 12).
#![allow(clippy::expect_used, clippy::unwrap_used)]

use downbeat_core::config::{SourceConfig, SourceKind};
use downbeat_core::io::checker::Checker;
use downbeat_core::io::fetch::{FetchOptions, Fetcher};
use downbeat_core::model::Status;
use downbeat_core::testkit::{fixture, FakeStatusPage, PageState};

fn at(text: &str) -> chrono::DateTime<chrono::Utc> {
    chrono::DateTime::parse_from_rfc3339(text)
        .unwrap()
        .with_timezone(&chrono::Utc)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_unchanged_page_is_read_again_when_its_maintenance_starts() {
    // The real Uptime.com history capture: one maintenance, 2026-09-22
    // 12:00 to 13:00 UTC. The fake answers 304 to a matching ETag.
    let page = FakeStatusPage::start("Uptime").await.unwrap();
    let body = fixture("uptimecom/uptime-com-history-2026-09-12-maintenance-active-trimmed.json");
    page.set(PageState::Raw {
        status: 200,
        body: String::from_utf8(body).unwrap(),
    });
    let source = SourceConfig::new(
        SourceKind::Uptimecom,
        format!("{}/statuspage/uptime-status/history", page.url()),
    )
    .resolve()
    .unwrap();
    let checker = Checker::new(Fetcher::new(FetchOptions::default()).unwrap());

    let first = checker
        .check(&source, true, at("2026-09-12T12:30:00Z"))
        .await;
    let snapshot = first.snapshot.expect("read");
    assert_eq!(snapshot.status, Status::Operational);
    assert_eq!(snapshot.maintenances[0].status, "scheduled");

    // Nothing changed and the window has not opened: "not modified".
    let unchanged = checker
        .check(&source, true, at("2026-09-20T00:00:00Z"))
        .await;
    assert!(unchanged.not_modified);
    assert_eq!(page.not_modified(), 1);

    // The window opened: the same bytes are fetched in full and read anew.
    let during = checker
        .check(&source, true, at("2026-09-22T12:05:00Z"))
        .await;
    assert!(!during.not_modified);
    let snapshot = during.snapshot.expect("read again");
    assert_eq!(snapshot.status, Status::Maintenance);
    assert_eq!(snapshot.maintenances[0].status, "in_progress");
    assert_eq!(page.not_modified(), 1);

    // Its end is the next change; until then "not modified" is fine again.
    let still = checker
        .check(&source, true, at("2026-09-22T12:30:00Z"))
        .await;
    assert!(still.not_modified);
    assert_eq!(page.not_modified(), 2);
}
