//! `auto` against loopback servers that play real status pages (the shared
//! fixtures) at the paths their formats live under: every format is found
//! from the page's address alone, explained, and then watched as what it is.
#![allow(clippy::expect_used, clippy::unwrap_used)]

use downbeat_core::config::{SourceConfig, SourceKind};
use downbeat_core::io::checker::Checker;
use downbeat_core::io::fetch::{FetchOptions, Fetcher};
use downbeat_core::model::{Outcome, Status};
use downbeat_core::testkit::fixture;

/// Serves `routes` (path → body); everything else is a 404.
async fn serve(routes: Vec<(&str, Vec<u8>)>) -> String {
    downbeat_core::testkit::serve_routes(
        routes
            .into_iter()
            .map(|(path, body)| (path.to_owned(), body))
            .collect(),
    )
    .await
}

fn checker() -> Checker {
    Checker::new(Fetcher::new(FetchOptions::default()).expect("fetcher"))
}

/// The routes a page serves, what it is, its status, and where it is found.
type World = (
    Vec<(&'static str, Vec<u8>)>,
    SourceKind,
    Status,
    &'static str,
);

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_page_format_is_detected_from_its_address() {
    let worlds: Vec<World> = vec![
        (
            vec![(
                "/api/v2/summary.json",
                fixture("statuspage/github-summary-2022-11-25-packages-unresolved.json"),
            )],
            SourceKind::Statuspage,
            Status::PartialOutage,
            "/api/v2/summary.json",
        ),
        (
            vec![(
                "/",
                fixture("incidentio/openai-status-page-major-2026-03-17.html"),
            )],
            SourceKind::Incidentio,
            Status::Degraded,
            "embedded in the page",
        ),
        (
            vec![
                (
                    "/summary.json",
                    fixture("instatus/perplexity-instatus-summary-ai-status-fixture.json"),
                ),
                (
                    "/v2/components.json",
                    fixture("instatus/perplexity-instatus-v2-components-ai-status-fixture.json"),
                ),
            ],
            SourceKind::Instatus,
            Status::Operational,
            "/summary.json",
        ),
        (
            vec![(
                "/index.json",
                fixture(
                    "betterstack/together-ai-betterstack-index-2026-09-04-ai-status-fixture.json",
                ),
            )],
            SourceKind::Betterstack,
            Status::Operational,
            "/index.json",
        ),
        (
            vec![(
                "/index.json",
                fixture("cstate/torproject-cstate-index-2025-05-01.json"),
            )],
            SourceKind::Cstate,
            Status::Degraded,
            "/index.json",
        ),
        (
            vec![(
                "/api/v1/components",
                fixture("cachet/yoti-cachet-api-v1-components-2020-10-doc-excerpt.json"),
            )],
            SourceKind::Cachet,
            Status::Operational,
            "/api/v1/components",
        ),
    ];
    for (routes, kind, status, where_found) in worlds {
        let base = serve(routes).await;
        let checker = checker();
        let result = checker
            .detect(&format!("{base}/"), chrono::Utc::now())
            .await;
        let detected = result.detected.clone().expect("detected");
        assert_eq!(result.outcome, Outcome::Ok, "{kind:?}: {result:?}");
        assert_eq!(detected.kind, kind, "{}", detected.explanation);
        assert!(
            detected.explanation.contains(where_found),
            "{kind:?}: {}",
            detected.explanation
        );
        assert_eq!(
            result.snapshot.as_ref().map(|s| s.status),
            Some(status),
            "{kind:?}"
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn instatus_components_come_from_the_companion_document() {
    let base = serve(vec![
        (
            "/summary.json",
            fixture("instatus/perplexity-instatus-summary-ai-status-fixture.json"),
        ),
        (
            "/v2/components.json",
            fixture("instatus/perplexity-instatus-v2-components-ai-status-fixture.json"),
        ),
    ])
    .await;
    let source = SourceConfig::new(SourceKind::Instatus, base.as_str())
        .resolve()
        .expect("source");
    let result = checker().check(&source, true, chrono::Utc::now()).await;
    let names: Vec<String> = result
        .snapshot
        .expect("snapshot")
        .components
        .into_iter()
        .map(|c| c.name)
        .collect();
    assert_eq!(names, ["Website", "API", "Computer"]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_page_of_no_known_format_is_watched_as_an_endpoint() {
    let base = serve(vec![("/", b"<!doctype html><h1>Our shop</h1>".to_vec())]).await;
    let checker = checker();
    let source = SourceConfig::new(SourceKind::Auto, format!("{base}/"))
        .resolve()
        .expect("source");
    let result = checker.check(&source, true, chrono::Utc::now()).await;
    assert_eq!(result.outcome, Outcome::Ok);
    assert_eq!(result.status, Status::Operational);
    let detected = result.detected.expect("detected");
    assert_eq!(detected.kind, SourceKind::Http);
    assert!(
        detected.explanation.contains("checked as an HTTP endpoint"),
        "{}",
        detected.explanation
    );
    // Remembered: the next check is one probe, not a new search.
    let again = checker.check(&source, true, chrono::Utc::now()).await;
    assert_eq!(again.detected.map(|d| d.kind), Some(SourceKind::Http));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_incidentio_source_falls_back_to_the_page_when_its_apis_are_absent() {
    let base = serve(vec![(
        "/",
        fixture("incidentio/linear-status-page-good-2026-03.html"),
    )])
    .await;
    let source = SourceConfig::new(SourceKind::Incidentio, format!("{base}/"))
        .resolve()
        .expect("source");
    let checker = checker();
    for _ in 0..2 {
        let result = checker.check(&source, true, chrono::Utc::now()).await;
        assert_eq!(result.outcome, Outcome::Ok, "{result:?}");
        assert_eq!(result.url, format!("{base}/"));
        assert_eq!(result.snapshot.map(|s| s.status), Some(Status::Operational));
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_uptimerobot_page_on_its_own_domain_is_followed_to_its_api() {
    let html =
        b"<html><script>window.pspApiPath = '/api/getMonitorList/wVLWNFLGN9';</script></html>";
    let base = serve(vec![
        ("/", html.to_vec()),
        (
            "/api/getMonitorList/wVLWNFLGN9",
            fixture("uptimerobot/trakt-getMonitorList-2026-09-19-new-format-data-plus-psp.json"),
        ),
    ])
    .await;
    let result = checker()
        .detect(&format!("{base}/"), chrono::Utc::now())
        .await;
    assert_eq!(result.outcome, Outcome::Ok, "{result:?}");
    let detected = result.detected.expect("detected");
    assert_eq!(detected.kind, SourceKind::Uptimerobot);
    assert!(detected
        .explanation
        .contains("/api/getMonitorList/wVLWNFLGN9"));
    assert_eq!(result.snapshot.map(|s| s.components.len()), Some(2));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_broken_pasted_endpoint_says_what_it_found_and_what_failed_once() {
    let base = serve(vec![(
        "/api/v2/incidents.json",
        br#"{"page": {"name": "Acme"}, "incidents": [1, 2]}"#.to_vec(),
    )])
    .await;
    let result = checker()
        .detect(&format!("{base}/api/v2/incidents.json"), chrono::Utc::now())
        .await;
    assert_eq!(result.outcome, Outcome::Failed);
    let message = result.error.expect("error").message;
    assert_eq!(message.matches("could not be read").count(), 1, "{message}");
    assert!(!message.to_lowercase().contains("google"), "{message}");
    let detected = result.detected.expect("detected");
    assert_eq!(detected.kind, SourceKind::Statuspage);
    assert!(
        detected.explanation.starts_with("Found what looks like"),
        "{}",
        detected.explanation
    );
}

/// A status.io vanity page (its own domain, HTML naming its page id) and
/// status.io's API on another server: the pasted address is read end to
/// end, through detection and then as a watched `auto` source.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_status_io_vanity_page_is_read_through_the_api_it_names() {
    const ID: &str = "5b36dc6502d06804c08349f7";
    let html = format!(
        "<!DOCTYPE html><html><head><title>GitLab System Status</title>\
         <script>var statuspageId = '{ID}';</script></head><body>Status</body></html>"
    );
    let page = serve(vec![("/", html.into_bytes())]).await;
    let api_path = format!("/1.0/status/{ID}");
    let api = serve(vec![(
        api_path.as_str(),
        fixture("statusio/gitlab-statusio-2020-09-05-planned-maintenance.json"),
    )])
    .await;
    let checker = checker().with_statusio_api(&api);
    let at = chrono::DateTime::parse_from_rfc3339("2020-09-05T12:00:00Z")
        .unwrap()
        .with_timezone(&chrono::Utc);

    let found = checker.detect(&format!("{page}/"), at).await;
    let detected = found.detected.clone().expect("detected");
    assert_eq!(detected.kind, SourceKind::Statusio, "{found:?}");
    let endpoint = detected.endpoint.expect("endpoint");
    assert_eq!(endpoint.url, format!("{api}{api_path}"));
    assert!(
        detected.explanation.contains("status.io"),
        "{}",
        detected.explanation
    );
    let snapshot = found.snapshot.expect("snapshot");
    assert_eq!(snapshot.status, Status::Maintenance);

    let source = SourceConfig::new(SourceKind::Auto, format!("{page}/"))
        .resolve()
        .unwrap();
    let watched = checker.check(&source, true, at).await;
    assert_eq!(watched.outcome, Outcome::Ok, "{:?}", watched.error);
    assert_eq!(watched.snapshot.expect("read").status, Status::Maintenance);

    // The page without the id is no status.io page.
    let plain = serve(vec![("/", b"<html><body>Status</body></html>".to_vec())]).await;
    let other = checker.detect(&format!("{plain}/"), at).await;
    assert_ne!(other.detected.map(|d| d.kind), Some(SourceKind::Statusio));
}

/// The formats built from documented shapes (no capture exists; the inputs
/// are `sources::documented`), served where the real pages serve them and
/// found from the page's address or the pasted endpoint, by content.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn formats_from_documented_shapes_are_found_where_they_live() {
    use downbeat_core::sources::documented as doc;
    let bytes = |text: &str| text.as_bytes().to_vec();
    type Routes = Vec<(&'static str, Vec<u8>)>;
    let worlds: Vec<(Routes, &str, SourceKind, Status)> = vec![
        (
            vec![
                ("/api/v1/", bytes(doc::SORRY_PAGE)),
                ("/api/v1/components", bytes(doc::SORRY_COMPONENTS)),
            ],
            "/",
            SourceKind::Sorry,
            Status::PartialOutage,
        ),
        (
            vec![("/api/statuses", bytes(doc::STATUSHUB_STATUSES))],
            "/",
            SourceKind::Statushub,
            Status::PartialOutage,
        ),
        (
            vec![(
                "/data/statuses/region/SCEA.json",
                bytes(doc::PLAYSTATION_SCEA),
            )],
            "/data/statuses/region/SCEA.json",
            SourceKind::Playstation,
            Status::MajorOutage,
        ),
        (
            vec![("/adobestatus/StatusEvents", bytes(doc::ADOBE_STATUS_EVENTS))],
            "/adobestatus/StatusEvents",
            SourceKind::Adobe,
            Status::Degraded,
        ),
        (
            vec![(
                "/Workfloor/PublicReportHandler.php",
                bytes(doc::STATUSCAKE_REPORT),
            )],
            "/Workfloor/PublicReportHandler.php?PublicID=abc",
            SourceKind::Statuscake,
            Status::PartialOutage,
        ),
        // A Sorry components list pasted where Cachet's would be.
        (
            vec![("/api/v1/components", bytes(doc::SORRY_COMPONENTS))],
            "/api/v1/components",
            SourceKind::Sorry,
            Status::PartialOutage,
        ),
    ];
    for (routes, pasted, kind, status) in worlds {
        let base = serve(routes).await;
        let result = checker()
            .detect(&format!("{base}{pasted}"), chrono::Utc::now())
            .await;
        let detected = result.detected.clone().expect("detected");
        assert_eq!(detected.kind, kind, "{pasted}: {}", detected.explanation);
        assert_eq!(
            result.snapshot.as_ref().map(|s| s.status),
            Some(status),
            "{kind:?}"
        );
        // Then watched as what it is, through its own endpoints.
        let endpoint = detected.endpoint.expect("endpoint");
        let source = SourceConfig::new(kind, &endpoint.url)
            .resolve()
            .expect("source");
        let watched = checker().check(&source, true, chrono::Utc::now()).await;
        assert_eq!(
            watched.snapshot.map(|s| s.status),
            Some(status),
            "{kind:?} watched: {:?}",
            watched.error
        );
    }
}
