//! `make bench`: parse throughput of every status-page format on the real
//! fixtures, and the bytes on the wire of watching 20 status pages for an
//! hour at a 60 s interval, with and without conditional requests.
//!
//! Run by `cargo bench` (full measurement). Under `cargo test` (no
//! `--bench` argument) every measurement runs once, as a smoke test.
#![allow(clippy::expect_used, clippy::unwrap_used)]

use downbeat_core::config::{SourceConfig, SourceKind};
use downbeat_core::io::checker::Checker;
use downbeat_core::io::fetch::{FetchOptions, Fetcher};
use downbeat_core::sources::plan::{self, Format};
use downbeat_core::testkit::fixture;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

const FORMATS: &[(Format, &str)] = &[
    (
        Format::StatuspageSummary,
        "statuspage/twilio-summary-2020-06-16-unresolved-degraded-maintenances.json",
    ),
    (
        Format::IncidentioPage,
        "incidentio/openai-status-page-major-2026-03-17.html",
    ),
    (
        Format::InstatusSummary,
        "instatus/perplexity-instatus-summary-ai-status-fixture.json",
    ),
    (
        Format::BetterstackIndex,
        "betterstack/together-ai-betterstack-index-2026-09-04-ai-status-fixture.json",
    ),
    (
        Format::StatusioStatus,
        "statusio/gitlab-statusio-2020-09-05-planned-maintenance.json",
    ),
    (
        Format::CachetComponents,
        "cachet/yoti-cachet-api-v1-components-2020-10-doc-excerpt.json",
    ),
    (
        Format::CstateIndex,
        "cstate/torproject-cstate-index-2025-05-01.json",
    ),
    (
        Format::HerokuStatus,
        "heroku/heroku-current-status-v4-incident.json",
    ),
    (
        Format::SlackCurrent,
        "slack/slack-current-2020-07-30-active.json",
    ),
    (
        Format::GoogleIncidents,
        "gcp/gcp-incident-2023-03-10-bigquery-checkmk-agent-output.json",
    ),
    (
        Format::AppleStatus,
        "apple/apple-developer-system-status-2020-02-inner-json.json",
    ),
    (
        Format::AwsEvents,
        "aws/aws-health-public-currentevents-2026-ai-status-fixture.json",
    ),
    (
        Format::Feed,
        "statuspage/github-history-atom-2026-08-22.atom",
    ),
    (
        Format::StatuspageEndpoint,
        "statuspage/github-incidents-2026-07-31.json",
    ),
    (
        Format::StatuspalSummary,
        "statuspal/exoscale-summary-2025-10-17-emergency-maintenance.json",
    ),
    (
        Format::UptimerobotMonitors,
        "uptimerobot/bsky-getMonitorList-2025-04-24-psp-9-down-go-literal.json",
    ),
    (
        Format::UptimekumaStatusPage,
        "uptimekuma/open-slum-status-page-2026-06-22-pinned-incident.json",
    ),
    (
        Format::Feed,
        "site24x7-statusiq/kobv-statusiq-rss-2025-03-06-major-outage.xml",
    ),
    (
        Format::RiotPlatformData,
        "riot/lol-status-v4-oc1-2023-01-19-incident-info-swift-comment.json",
    ),
    (
        Format::XboxServiceStatus,
        "xbox/xbox-servicestatusv4-us-2026-09-19-all-none.xml",
    ),
    (
        Format::MicrosoftPosts,
        "microsoft/m365-status-cloud-api-posts-mac-2026-09-18-available-doc-excerpt.json",
    ),
    (
        Format::NintendoStatus,
        "nintendo/netinfo-status-en-us-sample-2021-02-converted-from-python.json",
    ),
    (
        Format::UptimecomPage,
        "uptimecom/uptime-com-history-2026-09-12-maintenance-active-trimmed.json",
    ),
    (
        Format::PagerdutyPage,
        "pagerduty/pagerduty-status-page-minor-2023-12-15.html",
    ),
    (
        Format::SalesforceInstances,
        "salesforce/trust-instances-status-preview-2020-07-29-na137-minor-incident-core.json",
    ),
];

fn parse_throughput(full: bool) {
    println!("## Parse throughput (one core)\n");
    println!("| format | fixture | bytes | parses/s | MB/s |");
    println!("|---|---|---|---|---|");
    // Readers that measure windows against the clock read at one fixed time.
    let now = chrono::DateTime::parse_from_rfc3339("2026-12-01T00:00:00Z")
        .map(|t| t.with_timezone(&chrono::Utc))
        .unwrap_or_default();
    // Formats with no capture are measured on their documented-shape inputs.
    use downbeat_core::sources::documented as doc;
    let documented = [
        (
            Format::PlaystationRegion,
            "documented: PLAYSTATION_SCEA",
            doc::PLAYSTATION_SCEA,
        ),
        (
            Format::SorryPage,
            "documented: SORRY_COMPONENTS",
            doc::SORRY_COMPONENTS,
        ),
        (
            Format::AdobeEvents,
            "documented: ADOBE_STATUS_EVENTS",
            doc::ADOBE_STATUS_EVENTS,
        ),
        (
            Format::StatushubStatuses,
            "documented: STATUSHUB_STATUSES",
            doc::STATUSHUB_STATUSES,
        ),
        (
            Format::StatuscakeReport,
            "documented: STATUSCAKE_REPORT",
            doc::STATUSCAKE_REPORT,
        ),
        (
            Format::HundStatuses,
            "documented: HUND_STATUSES",
            doc::HUND_STATUSES,
        ),
    ];
    let inputs = FORMATS
        .iter()
        .map(|(format, path)| (*format, *path, fixture(path)))
        .chain(
            documented
                .iter()
                .map(|(format, name, text)| (*format, *name, text.as_bytes().to_vec())),
        );
    for (format, path, bytes) in inputs {
        let format = &format;
        // The GCP fixture wraps incidents.json in an agent's output: read the inner array.
        let bytes = if *format == Format::GoogleIncidents {
            gcp_inner(&bytes)
        } else {
            bytes
        };
        let budget = if full {
            Duration::from_millis(700)
        } else {
            Duration::ZERO
        };
        let started = Instant::now();
        let mut runs = 0u64;
        loop {
            // Hund reads three documents: the row is all three.
            let (companion, extra) = if *format == Format::HundStatuses {
                (
                    Some(doc::HUND_COMPONENTS.as_bytes()),
                    Some(doc::HUND_ISSUES.as_bytes()),
                )
            } else {
                (None, None)
            };
            let snapshot = plan::parse_with_extra(*format, &bytes, companion, extra, now)
                .unwrap_or_else(|e| panic!("{path}: {e}"));
            std::hint::black_box(snapshot);
            runs += 1;
            if started.elapsed() >= budget {
                break;
            }
        }
        let seconds = started.elapsed().as_secs_f64();
        let per_second = runs as f64 / seconds;
        let name = path.rsplit('/').next().unwrap_or(path);
        println!(
            "| {format:?} | {name} | {} | {per_second:.0} | {:.1} |",
            bytes.len(),
            per_second * bytes.len() as f64 / 1e6
        );
    }
    println!();
}

fn gcp_inner(bytes: &[u8]) -> Vec<u8> {
    let value: serde_json::Value = serde_json::from_slice(bytes).expect("gcp fixture");
    let inner = value.get("health_info").cloned().unwrap_or(value);
    match inner {
        serde_json::Value::String(text) => text.into_bytes(),
        other => other.to_string().into_bytes(),
    }
}

/// A status page on loopback that answers 304 to a matching If-None-Match,
/// counting every byte in and out.
async fn counting_page(body: Arc<Vec<u8>>, wire: Arc<AtomicU64>) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let base = format!("http://{}", listener.local_addr().expect("addr"));
    tokio::spawn(async move {
        while let Ok((mut stream, _)) = listener.accept().await {
            let (body, wire) = (body.clone(), wire.clone());
            tokio::spawn(async move {
                let mut buffer = vec![0u8; 8192];
                let mut pending = Vec::new();
                loop {
                    let Ok(read) = stream.read(&mut buffer).await else {
                        return;
                    };
                    if read == 0 {
                        return;
                    }
                    wire.fetch_add(read as u64, Ordering::Relaxed);
                    pending.extend_from_slice(&buffer[..read]);
                    while let Some(end) = pending.windows(4).position(|w| w == b"\r\n\r\n") {
                        let request = String::from_utf8_lossy(&pending[..end]).to_ascii_lowercase();
                        pending.drain(..end + 4);
                        let fresh = request.contains("if-none-match: \"v1\"");
                        let response = if fresh {
                            b"HTTP/1.1 304 Not Modified\r\netag: \"v1\"\r\n\r\n".to_vec()
                        } else {
                            let mut r = format!(
                                "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\netag: \"v1\"\r\ncontent-length: {}\r\n\r\n",
                                body.len()
                            )
                            .into_bytes();
                            r.extend_from_slice(&body);
                            r
                        };
                        wire.fetch_add(response.len() as u64, Ordering::Relaxed);
                        if stream.write_all(&response).await.is_err() {
                            return;
                        }
                    }
                }
            });
        }
    });
    base
}

async fn bytes_on_the_wire(full: bool) {
    const SERVICES: usize = 20;
    // 60 s interval: 60 checks an hour.
    let rounds = if full { 60 } else { 2 };
    let path = "statuspage/github-summary-2022-11-25-packages-unresolved.json";
    let body = Arc::new(fixture(path));
    println!("## Bytes on the wire: {SERVICES} status pages, 60 s interval, one hour\n");
    println!("Each page serves {path} ({} bytes, uncompressed, with an ETag); counted at the server (request and response, headers included).\n", body.len());
    println!("| requests | bytes per hour | per service per hour |");
    println!("|---|---|---|");
    for conditional in [false, true] {
        let wire = Arc::new(AtomicU64::new(0));
        let mut sources = Vec::new();
        for _ in 0..SERVICES {
            let base = counting_page(body.clone(), wire.clone()).await;
            sources.push(
                SourceConfig::new(SourceKind::Statuspage, base)
                    .resolve()
                    .expect("source"),
            );
        }
        let checker = Checker::new(Fetcher::new(FetchOptions::default()).expect("fetcher"));
        for _ in 0..rounds {
            for source in &sources {
                let result = checker.check(source, conditional, chrono::Utc::now()).await;
                assert!(result.error.is_none(), "{result:?}");
            }
        }
        let per_hour = wire.load(Ordering::Relaxed) * 60 / rounds;
        let label = if conditional {
            "conditional (ETag → 304)"
        } else {
            "unconditional"
        };
        println!(
            "| {label} | {} | {} |",
            human(per_hour),
            human(per_hour / SERVICES as u64)
        );
    }
    println!();
}

fn human(bytes: u64) -> String {
    if bytes >= 1_000_000 {
        format!("{:.2} MB", bytes as f64 / 1e6)
    } else {
        format!("{:.1} kB", bytes as f64 / 1e3)
    }
}

fn main() {
    let full = std::env::args().any(|arg| arg == "--bench");
    parse_throughput(full);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("runtime");
    runtime.block_on(bytes_on_the_wire(full));
}
