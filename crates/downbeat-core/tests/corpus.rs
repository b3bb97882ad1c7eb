//! The shared corpus, read as `downbeat check URL` reads it: every file under
//! `../shared/fixtures/status-pages/` is served on 127.0.0.1 at the path the
//! real page serves it, the address of that endpoint is pasted into
//! detection ([`Checker::detect`], what `downbeat check` and `auto` sources
//! use), and the kind found and the status read must be those of the table.
//! A file the table does not name fails the test: a new capture is read
//! right before it counts. Each file is read at the time it was captured
//! (the date in its name, or [`CAPTURED`]): some formats give maintenance
//! windows, not stages, and are read against the clock.
#![allow(clippy::expect_used, clippy::unwrap_used)]

use downbeat_core::io::checker::Checker;
use downbeat_core::io::fetch::{FetchOptions, Fetcher};
use downbeat_core::model::Status;
use downbeat_core::testkit::{corpus_files, fixture, serve_routes};
use std::collections::BTreeSet;

use Status::{Degraded as Deg, Maintenance as Mnt, MajorOutage as Maj, Operational as Ok};
use Status::{PartialOutage as Par, Unknown as Unk};

struct Row {
    file: &'static str,
    /// Where the real page serves it (and where it is pasted from).
    path: &'static str,
    /// A second file the page serves beside it, and where.
    companion: Option<(&'static str, &'static str)>,
    /// The kind detection must find (`http` = no status page was read).
    kind: &'static str,
    status: Status,
}

const fn row(file: &'static str, path: &'static str, kind: &'static str, status: Status) -> Row {
    Row {
        file,
        path,
        companion: None,
        kind,
        status,
    }
}

const fn pair(
    file: &'static str,
    path: &'static str,
    companion: (&'static str, &'static str),
    kind: &'static str,
    status: Status,
) -> Row {
    Row {
        file,
        path,
        companion: Some(companion),
        kind,
        status,
    }
}

const SP: &str = "statuspage";

#[rustfmt::skip]
const TABLE: &[Row] = &[
    row("apple/apple-developer-system-status-2020-02-inner-json.json", "/support/systemstatus/data/developer/system_status_en_US.js", "apple", Ok),
    row("aws/aws-all-rss-2023-02-13-checkmk-test.rss", "/rss/all.rss", "feed", Deg),
    row("aws/aws-all-rss-2023-02-16-empty-channel-checkmk-test.rss", "/rss/all.rss", "feed", Ok),
    row("aws/aws-health-public-currentevents-2026-ai-status-fixture.json", "/public/currentevents", "aws", Par),
    row("betterstack/together-ai-betterstack-index-2026-09-04-ai-status-fixture.json", "/index.json", "betterstack", Ok),
    row("cachet/yoti-cachet-api-v1-components-2020-10-doc-excerpt.json", "/api/v1/components", "cachet", Ok),
    row("cstate/torproject-cstate-index-2025-05-01.json", "/index.json", "cstate", Deg),
    // Served as the page serves it: the agent output's inner incidents.json.
    row("gcp/gcp-incident-2023-03-10-bigquery-checkmk-agent-output.json", "/incidents.json", "google", Ok),
    row("heroku/heroku-current-status-v4-incident.json", "/api/v4/current-status", "heroku", Deg),
    row("heroku/heroku-current-status-v4-maintenance.json", "/api/v4/current-status", "heroku", Mnt),
    row("incidentio/linear-status-page-good-2026-03.html", "/", "incidentio", Ok),
    row("incidentio/openai-status-page-major-2026-03-17.html", "/", "incidentio", Deg),
    pair("instatus/perplexity-instatus-summary-ai-status-fixture.json", "/summary.json",
        ("instatus/perplexity-instatus-v2-components-ai-status-fixture.json", "/v2/components.json"), "instatus", Ok),
    row("microsoft/azure-status-rss-2026-09-07-no-items.xml", "/en-us/status/feed/", "feed", Ok),
    row("microsoft/m365-status-cloud-api-posts-mac-2026-09-18-available-doc-excerpt.json", "/api/posts/mac", "microsoft", Ok),
    // Its only outage ended in 2018; its maintenance is that evening.
    row("nintendo/netinfo-status-en-us-sample-2021-02-converted-from-python.json", "/netinfo/en_US/status.json", "nintendo", Ok),
    row("pagerduty/pagerduty-status-page-good-2023-12.html", "/", "pagerduty", Ok),
    row("pagerduty/pagerduty-status-page-minor-2023-12-15.html", "/", "pagerduty", Deg),
    row("riot/lol-status-v4-la2-maintenances-array-2021-11-12-in-progress-js-literal.json", "/lol/status/v4/platform-data", "riot", Mnt),
    row("riot/lol-status-v4-oc1-2023-01-19-incident-info-swift-comment.json", "/lol/status/v4/platform-data", "riot", Deg),
    pair("salesforce/trust-instances-status-preview-2020-07-29-na137-minor-incident-core.json", "/v1/instances/status/preview",
        ("salesforce/trust-localizations-2020-07.json", "/v1/localizations"), "salesforce", Deg),
    row("site24x7-statusiq/kobv-statusiq-rss-2025-03-06-major-outage.xml", "/rss", "feed", Maj),
    row("site24x7-statusiq/trustid-statusiq-rss-2025-03-05-operational.xml", "/rss", "feed", Ok),
    row("slack/slack-current-2020-07-30-active.json", "/api/v2.0.0/current", "slack", Par),
    row("statusio/docker-statusio-2020-07-16-partial.json", "/1.0/status/533c6539221ae15e3f000031", "statusio", Par),
    row("statusio/gitlab-statusio-2020-09-05-planned-maintenance.json", "/1.0/status/5b36dc6502d06804c08349f7", "statusio", Mnt),
    row("statuspage/cloudamqp-summary-2020-07-16-maintenance-in-progress.json", "/api/v2/summary.json", SP, Mnt),
    row("statuspage/cloudflare-incidents-2019-01-10-excerpt.json", "/api/v2/incidents.json", SP, Ok),
    row("statuspage/digitalocean-history-2019-10-30.atom", "/history.atom", "feed", Ok),
    row("statuspage/digitalocean-history-2020-01-21.rss", "/history.rss", "feed", Mnt),
    row("statuspage/discord-components-2022-02-15-doc-excerpt.json", "/api/v2/components.json", SP, Ok),
    row("statuspage/discord-incidents-2022-02-15-doc-excerpt.json", "/api/v2/incidents.json", SP, Ok),
    row("statuspage/discord-scheduled-maintenances-2022-02-doc-excerpt.json", "/api/v2/scheduled-maintenances.json", SP, Ok),
    row("statuspage/discord-status-2022-02-15-doc-excerpt.json", "/api/v2/status.json", SP, Ok),
    row("statuspage/github-history-atom-2026-08-22.atom", "/history.atom", "feed", Ok),
    row("statuspage/github-history-atom-maintenance-in-progress.atom", "/history.atom", "feed", Mnt),
    row("statuspage/github-history-atom-ongoing-actions-delays.atom", "/history.atom", "feed", Deg),
    row("statuspage/github-incident-00km0kwpz23b-single-endpoint.json", "/api/v2/incidents/00km0kwpz23b.json", SP, Ok),
    row("statuspage/github-incident-lc8s9rtyjmgq-single-endpoint.json", "/api/v2/incidents/lc8s9rtyjmgq.json", SP, Ok),
    row("statuspage/github-incident-object-actions-critical-2026-07.json", "/api/v2/incidents/actions.json", SP, Ok),
    row("statuspage/github-incidents-2026-07-31.json", "/api/v2/incidents.json", SP, Ok),
    row("statuspage/github-summary-2022-11-25-packages-unresolved.json", "/api/v2/summary.json", SP, Par),
    row("statuspage/github-summary-2026-07-31-all-operational.json", "/api/v2/summary.json", SP, Ok),
    row("statuspage/hashicorp-components-2021-08-06-groups-statuses-edited.json", "/api/v2/components.json", SP, Deg),
    row("statuspage/twilio-summary-2020-06-16-unresolved-degraded-maintenances.json", "/api/v2/summary.json", SP, Deg),
    row("statuspal/ascentlogistics-summary-2022-04-20-major-two-incidents.json", "/api/v2/status_pages/ascentlogistics/summary", "statuspal", Maj),
    row("statuspal/exoscale-summary-2023-09-operational-upcoming-maintenance.json", "/api/v2/status_pages/exoscalestatus/summary", "statuspal", Ok),
    row("statuspal/exoscale-summary-2025-03-08-info-incident-compact.json", "/api/v2/status_pages/exoscalestatus/summary", "statuspal", Ok),
    row("statuspal/exoscale-summary-2025-07-18-performance-incident.json", "/api/v2/status_pages/exoscalestatus/summary", "statuspal", Deg),
    row("statuspal/exoscale-summary-2025-10-17-emergency-maintenance.json", "/api/v2/status_pages/exoscalestatus/summary", "statuspal", Mnt),
    row("statuspal/hosttech-summary-2023-09-13-minor-incident.json", "/api/v2/status_pages/hosttech/summary", "statuspal", Deg),
    row("uptimecom/uptime-com-ajax-2026-09-10-operational-trimmed.json", "/statuspage/uptime-status/ajax", "uptimecom", Ok),
    row("uptimecom/uptime-com-history-2026-09-12-maintenance-active-trimmed.json", "/statuspage/uptime-status/history", "uptimecom", Ok),
    pair("uptimekuma/isitdown-recorded-demo-status-page-2026-09-12-incident-maintenance.json", "/api/status-page/demo",
        ("uptimekuma/isitdown-recorded-demo-heartbeat-2026-09-12-down-and-maintenance.json", "/api/status-page/heartbeat/demo"), "uptimekuma", Maj),
    pair("uptimekuma/open-slum-status-page-2026-06-22-pinned-incident.json", "/api/status-page/slum",
        ("uptimekuma/open-slum-heartbeat-2026-06-22-9-of-19-down.json", "/api/status-page/heartbeat/slum"), "uptimekuma", Par),
    pair("uptimerobot/bsky-getMonitorList-2025-04-24-psp-9-down-go-literal.json", "/api/getMonitorList/bsky",
        ("uptimerobot/bsky-getEventFeed-2025-04-24-pds-outage-go-literal.json", "/api/getEventFeed/bsky"), "uptimerobot", Par),
    row("uptimerobot/fundednext-getMonitorList-psp-4-down.json", "/api/getMonitorList/fundednext", "uptimerobot", Par),
    row("uptimerobot/getMonitorList-psp-single-monitor-paused.json", "/api/getMonitorList/single", "uptimerobot", Unk),
    row("uptimerobot/gwc-getMonitorList-psp-mixed-down-paused.json", "/api/getMonitorList/gwc", "uptimerobot", Par),
    pair("uptimerobot/trakt-getMonitorList-2026-09-19-new-format-data-plus-psp.json", "/api/getMonitorList/wVLWNFLGN9",
        ("uptimerobot/trakt-getEventFeed-2026-09-19-new-format-empty.json", "/api/getEventFeed/wVLWNFLGN9"), "uptimerobot", Ok),
    row("uptimerobot/yumzi-getMonitor-single-monitor-ok.json", "/api/getMonitorList/yumzi", "uptimerobot", Ok),
    row("xbox/xbox-servicestatusv4-us-2026-09-19-all-none.xml", "/servicestatusv4/US/en-US", "xbox", Ok),
];

/// When files whose name gives no day (or not the hour) were captured.
const CAPTURED: &[(&str, &str)] = &[
    // The sample's newest update_date; its ended maintenance ended at 15:01 UTC.
    (
        "nintendo/netinfo-status-en-us-sample-2021-02-converted-from-python.json",
        "2021-02-24T16:00:00Z",
    ),
    // Its period_end.
    (
        "uptimecom/uptime-com-history-2026-09-12-maintenance-active-trimmed.json",
        "2026-09-12T12:21:51Z",
    ),
];

/// The time a corpus file is read at: [`CAPTURED`], else noon UTC of the
/// first `YYYY-MM-DD` in its name, else 2026-12-01 (when the newest
/// captures were added).
fn captured(file: &str) -> chrono::DateTime<chrono::Utc> {
    let utc = |text: &str| {
        chrono::DateTime::parse_from_rfc3339(text)
            .map(|t| t.with_timezone(&chrono::Utc))
            .ok()
    };
    let listed = CAPTURED.iter().find(|(name, _)| *name == file);
    let named = || {
        (0..file.len().saturating_sub(9)).find_map(|at| {
            let day = file.get(at..at + 10)?;
            chrono::NaiveDate::parse_from_str(day, "%Y-%m-%d").ok()?;
            utc(&format!("{day}T12:00:00Z"))
        })
    };
    listed
        .and_then(|(_, at)| utc(at))
        .or_else(named)
        .or_else(|| utc("2026-12-01T00:00:00Z"))
        .expect("a time")
}

/// The bytes the real page serves for a corpus file.
fn served(file: &str) -> Vec<u8> {
    let bytes = fixture(file);
    if !file.starts_with("gcp/") {
        return bytes;
    }
    // Checkmk's agent output holds the page's incidents.json as a string.
    let value: serde_json::Value = serde_json::from_slice(&bytes).expect("gcp");
    match value.get("health_info") {
        Some(serde_json::Value::String(text)) => text.clone().into_bytes(),
        Some(other) => other.to_string().into_bytes(),
        None => bytes,
    }
}

#[test]
fn every_corpus_file_is_in_the_table() {
    let on_disk: BTreeSet<String> = corpus_files().into_iter().collect();
    let listed: BTreeSet<String> = TABLE
        .iter()
        .flat_map(|row| std::iter::once(row.file).chain(row.companion.map(|(file, _)| file)))
        .map(str::to_owned)
        .collect();
    let missing: Vec<&String> = on_disk.difference(&listed).collect();
    assert!(
        missing.is_empty(),
        "corpus files the table does not name: {missing:#?}"
    );
    let gone: Vec<&String> = listed.difference(&on_disk).collect();
    assert!(gone.is_empty(), "table rows without a file: {gone:#?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_corpus_file_reads_as_the_table_says() {
    let checker = || Checker::new(Fetcher::new(FetchOptions::default()).expect("fetcher"));
    let mut wrong = Vec::new();
    for row in TABLE {
        let mut routes = vec![(row.path.to_owned(), served(row.file))];
        if let Some((file, path)) = row.companion {
            routes.push((path.to_owned(), fixture(file)));
        }
        let base = serve_routes(routes).await;
        let result = checker()
            .detect(&format!("{base}{}", row.path), captured(row.file))
            .await;
        let kind = result.detected.as_ref().map_or("none", |d| d.kind.as_str());
        let status = result.snapshot.as_ref().map_or(result.status, |s| s.status);
        if kind != row.kind || status != row.status {
            wrong.push(format!(
                "{}: read as {kind} {status:?}, table says {} {:?} ({:?})",
                row.file, row.kind, row.status, result.error
            ));
        }
    }
    assert!(
        wrong.is_empty(),
        "{} of {} read wrong:\n{}",
        wrong.len(),
        TABLE.len(),
        wrong.join("\n")
    );
}
