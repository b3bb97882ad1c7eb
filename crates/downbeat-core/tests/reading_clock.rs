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

/// A feed with one post at 2026-09-07 10:00 UTC, titled `title`.
fn feed_with_one_post(title: &str, channel: &str) -> String {
    format!(
        "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>{channel}</title>\
         <item><title>{title}</title><pubDate>Mon, 07 Sep 2026 10:00:00 +0000</pubDate>\
         <description>Some customers see errors.</description></item></channel></rss>"
    )
}

/// Checks the feed at 11:00 (the post is current), at 20:00 (unchanged:
/// "not modified" is right) and the next day at 10:30 (the post is past: the
/// page must be read again although the server still says "not modified").
async fn a_post_goes_past_after_a_day(channel: &str, current: Status) {
    let page = FakeStatusPage::start("Feed").await.unwrap();
    page.set(PageState::Raw {
        status: 200,
        body: feed_with_one_post("Errors in the EU region", channel),
    });
    let source = SourceConfig::new(SourceKind::Feed, format!("{}/feed.rss", page.url()))
        .resolve()
        .unwrap();
    let checker = Checker::new(Fetcher::new(FetchOptions::default()).unwrap());

    let first = checker
        .check(&source, true, at("2026-09-07T11:00:00Z"))
        .await;
    let snapshot = first.snapshot.expect("read");
    assert_eq!(
        snapshot.status, current,
        "{channel}: while the post is current"
    );
    assert_eq!(snapshot.incidents[0].status, "update");

    let unchanged = checker
        .check(&source, true, at("2026-09-07T20:00:00Z"))
        .await;
    assert!(unchanged.not_modified, "{channel}: nothing changed yet");

    let next_day = checker
        .check(&source, true, at("2026-09-08T10:30:00Z"))
        .await;
    assert!(
        !next_day.not_modified,
        "{channel}: the post went past, read again"
    );
    let snapshot = next_day.snapshot.expect("read again");
    assert_eq!(
        snapshot.status,
        Status::Operational,
        "{channel}: a past post decides nothing"
    );
    assert_eq!(page.not_modified(), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_plain_post_is_read_again_once_it_is_past() {
    // A current post of a plain feed is news, not a state: unknown.
    a_post_goes_past_after_a_day("Acme blog", Status::Unknown).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_azure_post_is_read_again_once_it_is_past() {
    // Azure posts only while something is wrong: degraded while current.
    a_post_goes_past_after_a_day("Azure Status", Status::Degraded).await;
}
