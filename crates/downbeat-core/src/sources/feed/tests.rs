#![allow(clippy::unwrap_used, clippy::expect_used)]
use super::*;
use crate::model::VendorIncident;
use crate::sources::testing::{fixture, truncated, ts};

fn statuspage(name: &str) -> Snapshot {
    parse_feed(
        &fixture("statuspage", name),
        captured(&fixture("statuspage", name)),
    )
    .unwrap()
}

/// When a feed was captured, for tests not about the clock: its own newest
/// time, else its newest entry's.
pub(super) fn captured(bytes: &[u8]) -> DateTime<Utc> {
    let Ok(feed) = read_feed(bytes) else {
        return ts("2026-01-01T00:00:00Z");
    };
    feed.times
        .iter()
        .filter_map(|t| feed_time(t))
        .max()
        .or_else(|| feed.entries.iter().filter_map(entry_time).max())
        .unwrap_or_else(|| ts("2026-01-01T00:00:00Z"))
}

/// A feed read at the time it was captured.
pub(super) fn read(bytes: &[u8]) -> Result<Snapshot, ParseError> {
    parse_feed(bytes, captured(bytes))
}

fn stages(incident: &VendorIncident) -> Vec<&str> {
    incident.updates.iter().map(|u| u.status.as_str()).collect()
}

fn update_count(list: &[VendorIncident]) -> usize {
    list.iter().map(|i| i.updates.len()).sum()
}

/// What every parsed feed must satisfy.
pub(super) fn assert_well_ordered(snapshot: &Snapshot) {
    assert!(snapshot
        .incidents
        .windows(2)
        .all(|w| w[0].started_at >= w[1].started_at));
    for incident in snapshot.incidents.iter().chain(&snapshot.maintenances) {
        assert!(
            incident.updates.windows(2).all(|w| w[0].at >= w[1].at),
            "updates of {} not newest first",
            incident.id
        );
        assert!(incident.started_at <= incident.resolved_at || incident.resolved_at.is_none());
        for update in &incident.updates {
            for markup in ["<p>", "<br", "<strong>", "<small>", "<var", "&lt;", "&amp;"] {
                assert!(
                    !update.body.contains(markup),
                    "{markup} left in {}",
                    incident.id
                );
            }
        }
    }
}

#[test]
fn github_atom_with_an_ongoing_actions_incident() {
    let snapshot = statuspage("github-history-atom-ongoing-actions-delays.atom");
    assert_well_ordered(&snapshot);
    assert_eq!(snapshot.page_name.as_deref(), Some("GitHub"));
    assert_eq!(snapshot.updated_at, Some(ts("2026-07-09T07:04:08Z")));
    // One open incident, no impact in the feed: degraded.
    assert_eq!(snapshot.status, Status::Degraded);
    assert!(snapshot.components.is_empty() && snapshot.maintenances.is_empty());
    assert_eq!(snapshot.incidents.len(), 25);
    assert_eq!(update_count(&snapshot.incidents), 131);
    let open: Vec<&str> = snapshot.open_incidents().map(|i| i.id.as_str()).collect();
    assert_eq!(open, ["cstx3v63mklm"]);

    let ongoing = &snapshot.incidents[0];
    assert_eq!(ongoing.title, "Delays starting Actions runs");
    assert_eq!(
        ongoing.url.as_deref(),
        Some("https://www.githubstatus.com/incidents/cstx3v63mklm")
    );
    // Newest labels Update, Update, Investigating: still investigating.
    assert_eq!(ongoing.status, "investigating");
    assert_eq!(stages(ongoing), ["update", "update", "investigating"]);
    let times: Vec<DateTime<Utc>> = ongoing.updates.iter().map(|u| u.at).collect();
    assert_eq!(
        times,
        [
            ts("2026-07-09T06:01:00Z"),
            ts("2026-07-09T04:51:00Z"),
            ts("2026-07-09T04:34:00Z")
        ]
    );
    assert_eq!(ongoing.started_at, Some(ts("2026-07-09T04:34:00Z")));
    assert_eq!(ongoing.resolved_at, None);
    assert_eq!(ongoing.impact, Status::Degraded);
    assert_eq!(
        ongoing.updates[0].body,
        "We are continuing to work on a mitigation."
    );
    assert_eq!(
        ongoing.updates[2].body,
        "We are investigating reports of degraded performance for Actions"
    );

    let previous = &snapshot.incidents[1];
    assert_eq!(previous.id, "fz9sdc2q008p");
    assert_eq!(
        previous.title,
        "Actions and Codespaces APIs experiencing partial failures"
    );
    assert_eq!(previous.status, "resolved");
    assert!(previous.is_resolved());
    assert_eq!(previous.updates.len(), 9);
    assert_eq!(&stages(previous)[..3], ["resolved", "monitoring", "update"]);
    assert_eq!(previous.resolved_at, Some(ts("2026-07-07T16:17:00Z")));
    assert_eq!(previous.started_at, Some(ts("2026-07-07T14:14:00Z")));
    // "Codespaces is experiencing degraded availability."
    assert_eq!(previous.impact, Status::PartialOutage);
    // <br /><br /> become a blank line; non-breaking spaces collapse.
    assert_eq!(
        previous.updates[5].body,
        "Customers accessing the Actions and Codespaces REST APIs may see 500 class errors a \
         percentage of the time. Retries may be successful.\n\nActions runs and codespaces in \
         progress are continuing successfully.\n\nWe are continuing to investigate the source \
         of these errors."
    );
    assert_eq!(previous.updates[5].at, ts("2026-07-07T14:47:00Z"));
}

#[test]
fn github_atom_with_a_maintenance_in_progress() {
    let snapshot = statuspage("github-history-atom-maintenance-in-progress.atom");
    assert_well_ordered(&snapshot);
    assert_eq!(snapshot.status, Status::Maintenance);
    assert_eq!(snapshot.updated_at, Some(ts("2025-05-30T03:50:58Z")));
    // 25 entries: 21 incidents, 1 maintenance in progress, 3 completed ones left out.
    assert_eq!(snapshot.incidents.len(), 21);
    assert_eq!(update_count(&snapshot.incidents), 111);
    assert_eq!(snapshot.open_incidents().count(), 0);
    assert!(snapshot
        .incidents
        .iter()
        .chain(&snapshot.maintenances)
        .all(|i| i.id != "67vdd3b7d1zq"));

    assert_eq!(snapshot.maintenances.len(), 1);
    let maintenance = &snapshot.maintenances[0];
    assert_eq!(maintenance.id, "nwjwwhj118sf");
    assert_eq!(maintenance.title, "Codespaces Scheduled Maintenance");
    assert_eq!(maintenance.status, "in_progress");
    assert_eq!(maintenance.impact, Status::Maintenance);
    assert!(!maintenance.is_resolved());
    assert_eq!(stages(maintenance), ["in_progress", "scheduled"]);
    assert_eq!(maintenance.updates[0].at, ts("2025-05-29T21:30:00Z"));
    assert_eq!(maintenance.updates[1].at, ts("2025-05-29T21:01:00Z"));
    assert!(maintenance.updates[1]
        .body
        .starts_with("Codespaces will be undergoing global maintenance from May 29, 2025"));

    // Published when posted, updated the next day: the later time dates the trail.
    let actions = snapshot
        .incidents
        .iter()
        .find(|i| i.id == "l5jqk83qnfzd")
        .unwrap();
    assert_eq!(actions.updates.len(), 7);
    assert_eq!(actions.started_at, Some(ts("2025-05-28T11:11:00Z")));
    assert_eq!(actions.resolved_at, Some(ts("2025-05-28T14:43:00Z")));
    assert!(actions.updates[2]
        .body
        .contains("recovery with the affected Actions runners.\n\nThe team will continue"));
}

#[test]
fn github_atom_all_resolved() {
    let snapshot = statuspage("github-history-atom-2026-08-22.atom");
    assert_well_ordered(&snapshot);
    assert_eq!(snapshot.status, Status::Operational);
    assert_eq!(snapshot.updated_at, Some(ts("2026-08-22T03:43:56Z")));
    assert_eq!(snapshot.incidents.len(), 25);
    assert_eq!(update_count(&snapshot.incidents), 178);
    assert!(snapshot
        .incidents
        .iter()
        .all(|i| i.status == "resolved" && i.resolved_at.is_some()));
    let newest = &snapshot.incidents[0];
    assert_eq!(newest.id, "bhbcjn4n3jzp");
    assert_eq!(newest.title, "Intermittent failures creating agent tasks");
    assert_eq!(newest.updates.len(), 12);
    // The trail crosses midnight.
    assert_eq!(newest.started_at, Some(ts("2026-08-20T14:43:00Z")));
    assert_eq!(newest.resolved_at, Some(ts("2026-08-21T00:37:00Z")));
    let longest = snapshot
        .incidents
        .iter()
        .max_by_key(|i| i.updates.len())
        .unwrap();
    assert_eq!(longest.id, "zkxwbgr0cnmx");
    assert_eq!(longest.updates.len(), 36);
    assert!(longest.updates[0]
        .body
        .starts_with("On August 17, 2026, from 13:28\u{2013}21:15 UTC (7h 47m)"));
}

#[test]
fn digitalocean_rss_across_the_new_year_with_a_maintenance_in_progress() {
    let snapshot = statuspage("digitalocean-history-2020-01-21.rss");
    assert_well_ordered(&snapshot);
    assert_eq!(snapshot.page_name.as_deref(), Some("DigitalOcean"));
    assert_eq!(snapshot.updated_at, Some(ts("2020-01-21T21:00:29Z")));
    assert_eq!(snapshot.status, Status::Maintenance);
    // 25 items: 19 incidents, 1 maintenance in progress, 5 completed left out.
    assert_eq!(snapshot.incidents.len(), 19);
    assert_eq!(update_count(&snapshot.incidents), 65);
    assert_eq!(snapshot.open_incidents().count(), 0);
    let maintenance = &snapshot.maintenances[0];
    assert_eq!(maintenance.id, "x0xytvsvky35");
    assert_eq!(maintenance.title, "AMS3 Region Network Maintenance");
    assert_eq!(maintenance.status, "in_progress");
    assert_eq!(maintenance.started_at, Some(ts("2020-01-21T20:59:00Z")));
    assert!(maintenance.updates[1]
        .body
        .contains("AMS3 location.\n\nExpected Impact:\n\nThere may be a few minutes"));

    // December items carry their own 2019 pubDate.
    let ams2 = snapshot
        .incidents
        .iter()
        .find(|i| i.id == "t9w8x953n4sd")
        .unwrap();
    assert_eq!(ams2.title, "Network Connectivity Issues in AMS2 Region");
    assert_eq!(ams2.started_at, Some(ts("2019-12-26T21:32:00Z")));
    assert_eq!(ams2.resolved_at, Some(ts("2019-12-27T01:20:00Z")));
    let newest = &snapshot.incidents[0];
    assert_eq!(newest.id, "3vhcly1y2kgz");
    assert_eq!(stages(newest), ["resolved", "monitoring", "investigating"]);
    assert_eq!(newest.updates[2].at, ts("2020-01-18T07:29:00Z"));
    assert_eq!(snapshot.incidents[18].id, "m1f204zrp44m");
}

#[test]
fn digitalocean_atom_all_resolved() {
    let snapshot = statuspage("digitalocean-history-2019-10-30.atom");
    assert_well_ordered(&snapshot);
    assert_eq!(snapshot.status, Status::Operational);
    assert_eq!(snapshot.updated_at, Some(ts("2019-10-30T23:05:12Z")));
    assert_eq!(snapshot.incidents.len(), 24);
    assert_eq!(update_count(&snapshot.incidents), 92);
    assert!(snapshot.maintenances.is_empty());
    let droplets = snapshot
        .incidents
        .iter()
        .find(|i| i.id == "w4j2nj1trtsg")
        .unwrap();
    // The title's &amp; is decoded once.
    assert_eq!(
        droplets.title,
        "Event Processing Delays & Droplet Creates Issue"
    );
    assert_eq!(stages(droplets), ["resolved", "monitoring", "identified"]);
    assert_eq!(droplets.started_at, Some(ts("2019-10-29T15:05:00Z")));
    assert_eq!(droplets.resolved_at, Some(ts("2019-10-30T23:05:00Z")));
}

#[test]
fn trails_in_other_shapes_and_plain_posts() {
    let feed = r#"<?xml version="1.0"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Acme Status - Incident History</title>
<entry><id>tag:x,2005:Incident/1</id><published>2024-01-02T01:00:00Z</published>
<link rel="self" href="https://status.acme.test/self"/>
<link rel="alternate" href="https://status.acme.test/incidents/abc123?u=1"/>
<title>Outage &amp; more</title>
<content type="html">&lt;p&gt;&lt;small&gt;Jan 2, 00:30 UTC&lt;/small&gt;&lt;br&gt;&lt;strong&gt;Postmortem&lt;/strong&gt; - Why.&lt;/p&gt;&lt;p&gt;&lt;small&gt;Jan 1, 00:10 UTC&lt;/small&gt;&lt;br&gt;&lt;strong&gt;Resolved&lt;/strong&gt; - Fixed.&lt;/p&gt;&lt;p&gt;&lt;small&gt;Dec 31, 2023 - 15:00 PST&lt;/small&gt;&lt;br&gt;&lt;strong&gt;Identified&lt;/strong&gt; - A major outage of the API.&lt;/p&gt;</content></entry>
<entry><id>urn:post:2</id><updated>2024-01-03T00:00:00Z</updated><title>New region</title>
<content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><p>We opened <b>Paris</b>.</p><p>Enjoy &lt;it&gt;</p></div></content></entry>
<entry><id>urn:post:3</id><updated>2024-01-01T00:00:00Z</updated><title>[Resolved] Old thing</title><summary>Done.</summary></entry>
</feed>"#;
    let snapshot = read(feed.as_bytes()).unwrap();
    assert_well_ordered(&snapshot);
    assert_eq!(snapshot.page_name.as_deref(), Some("Acme"));
    assert_eq!(snapshot.updated_at, Some(ts("2024-01-03T00:00:00Z")));
    // A plain post says nothing of how things are.
    assert_eq!(snapshot.status, Status::Unknown);

    let outage = snapshot
        .incidents
        .iter()
        .find(|i| i.id == "abc123")
        .unwrap();
    assert_eq!(outage.title, "Outage & more");
    assert_eq!(
        outage.url.as_deref(),
        Some("https://status.acme.test/incidents/abc123?u=1")
    );
    assert_eq!(outage.status, "postmortem");
    assert!(outage.is_resolved());
    assert_eq!(outage.impact, Status::MajorOutage);
    // Dec 31, 2023 15:00 PST; "Jan 1" belongs to the entry's year.
    assert_eq!(outage.started_at, Some(ts("2023-12-31T23:00:00Z")));
    assert_eq!(outage.resolved_at, Some(ts("2024-01-01T00:10:00Z")));
    assert_eq!(stages(outage), ["postmortem", "resolved", "identified"]);

    let post = snapshot
        .incidents
        .iter()
        .find(|i| i.id == "urn:post:2")
        .unwrap();
    assert_eq!(post.status, "update");
    assert_eq!(post.impact, Status::Unknown);
    assert!(!post.is_resolved());
    assert_eq!(post.updates[0].body, "We opened Paris.\n\nEnjoy <it>");
    let old = snapshot
        .incidents
        .iter()
        .find(|i| i.id == "urn:post:3")
        .unwrap();
    assert!(old.is_resolved());
    assert_eq!(old.updates[0].body, "Done.");
}

#[test]
fn rss_content_encoded_wins_over_description() {
    let feed = r#"<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>
<title>X</title><item><title>T</title><guid>g1</guid><pubDate>Tue, 21 Jan 2020 21:00:29 +0000</pubDate>
<description>short</description><content:encoded><![CDATA[<p><small>Jan 21, 20:00 UTC</small><br><strong>Investigating</strong> - Long.</p>]]></content:encoded>
</item></channel></rss>"#;
    let snapshot = read(feed.as_bytes()).unwrap();
    let incident = &snapshot.incidents[0];
    assert_eq!(incident.id, "g1");
    assert_eq!(incident.status, "investigating");
    assert_eq!(incident.updates[0].body, "Long.");
    assert_eq!(incident.updates[0].at, ts("2020-01-21T20:00:00Z"));
    assert_eq!(snapshot.status, Status::Degraded);
}

#[test]
fn entity_bombs_are_never_expanded() {
    let mut bomb =
        String::from("<?xml version=\"1.0\"?>\n<!DOCTYPE rss [\n<!ENTITY lol \"lol\">\n");
    for level in 1..=9 {
        let previous = if level == 1 {
            "lol".to_owned()
        } else {
            format!("lol{}", level - 1)
        };
        bomb.push_str(&format!(
            "<!ENTITY lol{level} \"{}\">\n",
            format!("&{previous};").repeat(10)
        ));
    }
    bomb.push_str("<!ENTITY xxe SYSTEM \"file:///etc/passwd\">\n]>\n");
    bomb.push_str(
        "<rss version=\"2.0\"><channel><title>&lol9;&xxe;</title><item><title>&lol9;</title>\
        <guid>b</guid><description>&lol9;</description></item></channel></rss>",
    );
    let snapshot = read(bomb.as_bytes()).unwrap();
    assert_eq!(snapshot.page_name.as_deref(), Some("&lol9;&xxe;"));
    let incident = &snapshot.incidents[0];
    assert_eq!(incident.title, "&lol9;");
    assert!(incident.updates.is_empty()); // no date anywhere
}

#[test]
fn malformed_feeds_are_errors_not_panics() {
    let github = fixture(
        "statuspage",
        "github-history-atom-ongoing-actions-delays.atom",
    );
    let deep = format!(
        "<rss><channel>{}{}</channel></rss>",
        "<a>".repeat(100_000),
        "</a>".repeat(100_000)
    );
    let deep_in_content = format!(
        "<feed><entry><content>{}</content></entry></feed>",
        "<div>".repeat(10_000)
    );
    let cases: Vec<(&str, Vec<u8>)> = vec![
        ("empty", b"".to_vec()),
        ("whitespace", b" \n\t ".to_vec()),
        ("text", b"All Systems Operational".to_vec()),
        ("json", br#"{"status":"ok"}"#.to_vec()),
        ("json array", b"[]".to_vec()),
        (
            "html",
            b"<!DOCTYPE html><html><body><p>Status</p></body></html>".to_vec(),
        ),
        (
            "other xml",
            b"<?xml version=\"1.0\"?><note><to>x</to></note>".to_vec(),
        ),
        ("only a declaration", b"<?xml version=\"1.0\"?>".to_vec()),
        ("truncated", truncated(&github)),
        (
            "unclosed root",
            b"<rss><channel><title>x</title></channel>".to_vec(),
        ),
        (
            "mismatched",
            b"<rss><channel></item></channel></rss>".to_vec(),
        ),
        ("deep", deep.into_bytes()),
        ("deep in content", deep_in_content.into_bytes()),
        ("binary", vec![0x3c, 0xff, 0xfe, 0x00, 0x01, 0x3e]),
        ("bad attribute", b"<feed><link href=\"x></feed>".to_vec()),
    ];
    for (name, body) in &cases {
        let error = read(body).expect_err(name);
        assert_eq!(error.format, "feed", "{name}");
        assert!(!error.message.is_empty(), "{name}");
    }
    let html = read(b"<html><body/></html>").unwrap_err();
    assert!(html.message.contains("HTML"), "{html}");
    let json = read(b"{}").unwrap_err();
    assert!(json.message.contains("JSON"), "{json}");
    let truncated = read(&truncated(&github)).unwrap_err();
    assert!(
        truncated.message.contains("truncated") || truncated.message.contains("invalid XML"),
        "{truncated}"
    );
    let deep = read("<rss>".repeat(1000).as_bytes()).unwrap_err();
    assert!(deep.message.contains("nested deeper"), "{deep}");
}

#[test]
fn feed_times_in_utc() {
    assert_eq!(
        feed_time("2026-07-09T06:01:43Z"),
        Some(ts("2026-07-09T06:01:43Z"))
    );
    assert_eq!(
        feed_time("2020-06-16T14:00:29.031-07:00"),
        Some(ts("2020-06-16T21:00:29.031Z"))
    );
    assert_eq!(
        feed_time("Tue, 21 Jan 2020 21:00:29 +0000"),
        Some(ts("2020-01-21T21:00:29Z"))
    );
    assert_eq!(
        feed_time("Fri, 10 Feb 2023 15:48:00 PST"),
        Some(ts("2023-02-10T23:48:00Z"))
    );
    assert_eq!(
        feed_time("Mon, 10 Jul 2023 15:48:00 PDT"),
        Some(ts("2023-07-10T22:48:00Z"))
    );
    assert_eq!(
        feed_time(" Thu, 16 Feb 2023 00:05:51 GMT "),
        Some(ts("2023-02-16T00:05:51Z"))
    );
    assert_eq!(feed_time("yesterday"), None);
    assert_eq!(feed_time(""), None);
}

#[test]
fn statusiq_feeds_are_components_with_the_headline() {
    let kobv = read(&fixture(
        "site24x7-statusiq",
        "kobv-statusiq-rss-2025-03-06-major-outage.xml",
    ))
    .unwrap();
    assert_eq!(kobv.page_name.as_deref(), Some("KOBV Service Status"));
    assert_eq!(
        kobv.description.as_deref(),
        Some("ZIB Wartungstag am 11.03.2025")
    );
    assert_eq!(kobv.status, Status::MajorOutage);
    let down: Vec<&str> = kobv
        .components
        .iter()
        .filter(|c| c.status != Status::Operational)
        .map(|c| c.name.as_str())
        .collect();
    assert_eq!(down, ["GVI via SRU"]);
    assert_eq!(kobv.updated_at, Some(ts("2025-03-06T14:46:05Z")));

    let trustid = read(&fixture(
        "site24x7-statusiq",
        "trustid-statusiq-rss-2025-03-05-operational.xml",
    ))
    .unwrap();
    assert_eq!(trustid.status, Status::Operational);
    assert_eq!(trustid.components.len(), 6);
}

#[test]
fn plain_posts_resolved_in_other_languages_upcoming_or_past() {
    let feed = r#"<?xml version="1.0"?><rss version="2.0"><channel><title>Issues</title>
<lastBuildDate>Mon, 01 Dec 2025 10:00:00 +0000</lastBuildDate>
<item><title>Database maintenance</title><pubDate>Sat, 06 Dec 2025 22:00:00 +0000</pubDate><description>Planned.</description></item>
<item><title>[Gelöst] Mailserver gestört</title><pubDate>Mon, 01 Dec 2025 09:00:00 +0000</pubDate><description>Behoben.</description></item>
<item><title>Résolu: Panne API</title><pubDate>Mon, 01 Dec 2025 08:00:00 +0000</pubDate></item>
<item><title>[Resuelto] Caída</title><pubDate>Mon, 01 Dec 2025 07:00:00 +0000</pubDate></item>
<item><title>Slow logins</title><pubDate>Mon, 03 Nov 2025 07:00:00 +0000</pubDate></item>
</channel></rss>"#;
    let snapshot = read(feed.as_bytes()).unwrap();
    // Nothing current: the maintenance is ahead, the rest resolved or past.
    assert_eq!(snapshot.status, Status::Operational);
    assert_eq!(snapshot.maintenances.len(), 1);
    assert_eq!(snapshot.maintenances[0].status, "scheduled");
    assert_eq!(
        snapshot.maintenances[0].scheduled_for,
        Some(ts("2025-12-06T22:00:00Z"))
    );
    let resolved: Vec<&str> = snapshot
        .incidents
        .iter()
        .filter(|i| i.is_resolved())
        .map(|i| i.title.as_str())
        .collect();
    assert_eq!(
        resolved,
        [
            "[Gelöst] Mailserver gestört",
            "Résolu: Panne API",
            "[Resuelto] Caída"
        ]
    );
    for marker in [
        "[Risolto] x",
        "[Opgelost] x",
        "[Resolvido] x",
        "RESOLVED: x",
    ] {
        assert!(generic::resolved_marker(marker), "{marker}");
    }
    assert!(!generic::resolved_marker("Resolving DNS issues"));
}

#[test]
fn azure_is_healthy_while_its_feed_is_empty_and_degraded_by_a_current_post() {
    let empty = fixture("microsoft", "azure-status-rss-2026-09-07-no-items.xml");
    let healthy = read(&empty).unwrap();
    assert_eq!(healthy.status, Status::Operational);
    assert_eq!(healthy.page_name.as_deref(), Some("Azure Status"));
    // Written from the same envelope with one item, as Azure posts one.
    let text = String::from_utf8(empty).unwrap().replace(
        "  </channel>",
        "<item><title>Storage errors in West Europe</title><pubDate>Mon, 07 Sep 2026 06:40:00 Z</pubDate><description>Starting at 05:10 UTC customers saw errors.</description></item></channel>",
    );
    let trouble = read(text.as_bytes()).unwrap();
    assert_eq!(trouble.status, Status::Degraded);
    assert_eq!(trouble.incidents.len(), 1);
}
