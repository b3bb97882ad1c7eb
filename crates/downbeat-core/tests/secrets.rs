//! Secrets stay where the user wrote them (issue 17, item 6): custom
//! headers, credentials in a URL and the URL itself (a Referer) never cross
//! to another origin on a redirect, nor to the other addresses detection
//! tries.
#![allow(clippy::expect_used, clippy::unwrap_used)]

use downbeat_core::config::probe::ProbeSpec;
use downbeat_core::config::{SourceConfig, SourceKind};
use downbeat_core::io::checker::Checker;
use downbeat_core::io::fetch::{FetchOptions, Fetcher};
use downbeat_core::io::probe::Prober;
use downbeat_core::model::ErrorKind;
use std::sync::{Arc, Mutex};

/// Records every request head; answers `/go*` with a redirect to
/// `redirect_to`, `/garbage` with something that is not HTTP, else 200.
struct Recorder {
    base: String,
    seen: Arc<Mutex<Vec<String>>>,
}

async fn recorder(redirect_to: Option<String>) -> Recorder {
    let (base, seen) = downbeat_core::testkit::answering(move |text| {
        let path = text.split_whitespace().nth(1).unwrap_or("/").to_owned();
        match (&redirect_to, path.as_str()) {
            (Some(to), p) if p.starts_with("/go") => format!(
                "HTTP/1.1 302 Found\r\nlocation: {to}\r\ncontent-length: 0\r\nconnection: close\r\n\r\n"
            ),
            (_, "/garbage") => "SSH-2.0-OpenSSH_9.6\r\n\r\n".to_owned(),
            _ => "HTTP/1.1 200 OK\r\ncontent-length: 2\r\nconnection: close\r\n\r\nok".to_owned(),
        }
    })
    .await;
    Recorder { base, seen }
}

impl Recorder {
    fn seen(&self) -> Vec<String> {
        self.seen.lock().unwrap().clone()
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn headers_credentials_and_referer_stay_with_their_origin() {
    let elsewhere = recorder(None).await;
    let origin = recorder(Some(format!("{}/landing", elsewhere.base))).await;
    let spec = ProbeSpec {
        headers: downbeat_core::sources::plan::Headers::literal(&[("X-Api-Key", "k3y")]),
        ..ProbeSpec::default()
    };
    let prober = Prober::new(spec, &FetchOptions::default()).unwrap();
    let with_password = origin.base.replace("http://", "http://alice:hunter2@");
    let result = prober
        .probe(&format!("{with_password}/go?token=s3cret"))
        .await;
    assert_eq!(result.http_status, Some(200), "{result:?}");

    let first = origin.seen().join("\n");
    assert!(first.contains("x-api-key: k3y"), "{first}");
    assert!(first.contains("authorization: basic"), "{first}");
    let second = elsewhere.seen().join("\n");
    assert!(
        second.contains("/landing"),
        "the redirect was followed: {second}"
    );
    for secret in ["k3y", "x-api-key", "authorization", "s3cret", "referer"] {
        assert!(
            !second.contains(secret),
            "{secret} crossed the origin: {second}"
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn detection_sends_credentials_to_the_written_url_only() {
    let server = recorder(None).await;
    let url = server.base.replace("http://", "http://alice:hunter2@");
    let source = SourceConfig::new(SourceKind::Auto, url.as_str())
        .resolve()
        .unwrap();
    let checker = Checker::new(Fetcher::new(FetchOptions::default()).unwrap());
    let result = checker.check(&source, false, chrono::Utc::now()).await;
    let seen = server.seen();
    assert!(seen.len() >= 2, "{seen:?}");
    let with_auth: Vec<&String> = seen
        .iter()
        .filter(|r| r.contains("authorization:"))
        .collect();
    assert!(
        !with_auth.is_empty(),
        "the written URL gets them: {seen:#?}"
    );
    for request in with_auth {
        assert!(
            request.starts_with("get / "),
            "credentials sent elsewhere: {request}"
        );
    }
    // And what went wrong never prints the password.
    let shown = format!("{:?} {:?}", result.error, result.detected);
    assert!(!shown.contains("hunter2"), "{shown}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_answer_that_is_not_http_is_a_protocol_error() {
    let server = recorder(None).await;
    let prober = Prober::new(ProbeSpec::default(), &FetchOptions::default()).unwrap();
    let result = prober.probe(&format!("{}/garbage", server.base)).await;
    assert_eq!(
        result.error.map(|e| e.kind),
        Some(ErrorKind::Protocol),
        "an SSH banner is no connection failure"
    );
}
