//! One check has one deadline, and the candidates of an `auto` source are
//! asked at once (issue 17, item 4).
#![allow(clippy::expect_used, clippy::unwrap_used)]

use downbeat_core::config::{SourceConfig, SourceKind};
use downbeat_core::io::checker::Checker;
use downbeat_core::io::fetch::{FetchOptions, Fetcher};
use downbeat_core::model::{ErrorKind, Outcome};
use downbeat_core::testkit::SlowServer;
use std::time::Duration;

fn checker(request_timeout: Duration, deadline: Duration) -> Checker {
    let options = FetchOptions {
        timeout: request_timeout,
        ..FetchOptions::default()
    };
    Checker::new(Fetcher::new(options).unwrap()).with_deadline(deadline)
}

fn auto(url: &str) -> downbeat_core::config::SourceSpec {
    SourceConfig::new(SourceKind::Auto, url).resolve().unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_server_that_never_answers_meets_the_check_deadline() {
    let server = SlowServer::start(None, 200).await.unwrap();
    // Each request may take 30 s; the check as a whole only 1 s.
    let checker = checker(Duration::from_secs(30), Duration::from_secs(1));
    let result = checker
        .check(&auto(&server.url()), false, chrono::Utc::now())
        .await;
    assert_eq!(result.outcome, Outcome::Failed);
    let error = result.error.unwrap();
    assert_eq!(error.kind, ErrorKind::Timeout);
    assert_eq!(error.message, "no answer within 1 s");
    // Every probe, candidates and the address itself, was asked at once.
    assert!(server.requests() >= 2, "{} requests", server.requests());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_candidates_of_a_slow_server_are_asked_at_once() {
    let server = SlowServer::start(Some(Duration::from_millis(1500)), 404)
        .await
        .unwrap();
    let checker = checker(Duration::from_secs(30), Duration::from_secs(30));
    let result = checker
        .check(&auto(&server.url()), false, chrono::Utc::now())
        .await;
    assert_eq!(result.outcome, Outcome::Failed);
    assert_eq!(result.http_status, Some(404), "{result:?}");
    let asked = server.requests();
    assert!(asked >= 3, "{asked} requests");
    assert_eq!(
        server.most_in_flight(),
        asked,
        "all at once, not one after another"
    );
}
