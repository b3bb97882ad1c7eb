//! Feeds read against the time of the check, not the feed's own build time:
//! a post dated after the check is an announcement of what is ahead.
#![allow(clippy::unwrap_used, clippy::expect_used)]
use super::*;
use crate::sources::plan::next_change;
use crate::sources::testing::{fixture, ts};

/// cState's issues feed as it dates a planned maintenance: at its start.
const ISSUES: &str = r#"<?xml version="1.0"?><rss version="2.0"><channel><title>Issues</title>
<lastBuildDate>Mon, 01 Dec 2025 10:00:00 +0000</lastBuildDate>
<item><title>Database maintenance</title><pubDate>Sat, 06 Dec 2025 22:00:00 +0000</pubDate><description>Planned.</description></item>
<item><title>[Resolved] Mail delays</title><pubDate>Mon, 01 Dec 2025 09:00:00 +0000</pubDate></item>
</channel></rss>"#;

#[test]
fn a_post_dated_after_the_check_is_upcoming_and_current_from_its_date() {
    let before = parse_feed(ISSUES.as_bytes(), ts("2025-12-05T12:00:00Z")).unwrap();
    assert_eq!(before.status, Status::Operational);
    assert_eq!(before.maintenances.len(), 1);
    assert_eq!(before.maintenances[0].status, "scheduled");
    assert_eq!(
        next_change(
            crate::sources::plan::Format::Feed,
            &before,
            ts("2025-12-05T12:00:00Z")
        ),
        Some(ts("2025-12-06T22:00:00Z"))
    );
    // The feed was built days before (a cached copy, a page rebuilt
    // rarely): from the post's date on it is current, not upcoming.
    let during = parse_feed(ISSUES.as_bytes(), ts("2025-12-06T23:00:00Z")).unwrap();
    assert!(during.maintenances.is_empty());
    let post = during
        .incidents
        .iter()
        .find(|i| i.title == "Database maintenance")
        .unwrap();
    assert_eq!(post.status, "update");
    assert!(!post.is_resolved());
    // A week on, it is past: listed, deciding nothing.
    let later = parse_feed(ISSUES.as_bytes(), ts("2025-12-13T00:00:00Z")).unwrap();
    assert!(later.maintenances.is_empty());
    assert_eq!(later.status, Status::Operational);
}

#[test]
fn a_post_dated_before_the_build_time_but_after_the_check_is_upcoming() {
    // Built at 10:00; a post for 09:00 read at 08:00 (the reader's clock,
    // not the feed's, says what is ahead).
    let feed = ISSUES.replace("Sat, 06 Dec 2025 22:00:00", "Mon, 01 Dec 2025 09:30:00");
    let early = parse_feed(feed.as_bytes(), ts("2025-12-01T08:00:00Z")).unwrap();
    assert_eq!(early.maintenances.len(), 1);
    assert_eq!(
        early.maintenances[0].scheduled_for,
        Some(ts("2025-12-01T09:30:00Z"))
    );
}

#[test]
fn azure_posts_dated_ahead_are_announcements_not_incidents() {
    // The real (empty) Azure feed with one item, as Azure posts one.
    let empty = fixture("microsoft", "azure-status-rss-2026-09-07-no-items.xml");
    let text = String::from_utf8(empty).unwrap().replace(
        "  </channel>",
        "<item><title>Planned maintenance: Storage in West Europe</title><pubDate>Tue, 08 Sep 2026 01:00:00 Z</pubDate><description>Storage accounts may be briefly unavailable.</description></item></channel>",
    );
    let ahead = parse_feed(text.as_bytes(), ts("2026-09-07T07:00:00Z")).unwrap();
    assert_eq!(ahead.status, Status::Operational);
    assert!(ahead.incidents.is_empty());
    assert_eq!(ahead.maintenances[0].status, "scheduled");
    let now = parse_feed(text.as_bytes(), ts("2026-09-08T01:05:00Z")).unwrap();
    assert_eq!(now.status, Status::Degraded);
    assert_eq!(now.incidents.len(), 1);
}
