//! The fetch layer against a chaos server on 127.0.0.1 that fails in every
//! way a status page can: each failure is classified, within the timeout
//! plus a second, with bounded memory and no panic.
#![allow(clippy::expect_used, clippy::unwrap_used)]

use downbeat_core::config::{SourceConfig, SourceKind};
use downbeat_core::io::checker::Checker;
use downbeat_core::io::fetch::{FetchOptions, Fetcher};
use downbeat_core::model::{ErrorKind, Outcome};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

const TIMEOUT: Duration = Duration::from_secs(2);
const MAX_BODY: usize = 1024 * 1024;

struct Chaos {
    base: String,
    requests: Arc<AtomicUsize>,
}

async fn start() -> Chaos {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let base = format!("http://{}", listener.local_addr().expect("addr"));
    let requests = Arc::new(AtomicUsize::new(0));
    let counter = requests.clone();
    tokio::spawn(async move {
        while let Ok((stream, _)) = listener.accept().await {
            counter.fetch_add(1, Ordering::SeqCst);
            tokio::spawn(serve(stream));
        }
    });
    Chaos { base, requests }
}

async fn read_path(stream: &mut TcpStream) -> String {
    let mut request = Vec::new();
    let mut buffer = [0u8; 1024];
    while !request.windows(4).any(|w| w == b"\r\n\r\n") {
        match stream.read(&mut buffer).await {
            Ok(0) | Err(_) => break,
            Ok(n) => request.extend_from_slice(&buffer[..n]),
        }
    }
    let text = String::from_utf8_lossy(&request);
    text.split_whitespace().nth(1).unwrap_or("/").to_owned()
}

async fn reply(stream: &mut TcpStream, status: &str, headers: &str, body: &[u8]) {
    let head = format!(
        "HTTP/1.1 {status}\r\ncontent-length: {}\r\nconnection: close\r\n{headers}\r\n",
        body.len()
    );
    let _ = stream.write_all(head.as_bytes()).await;
    let _ = stream.write_all(body).await;
}

async fn serve(mut stream: TcpStream) {
    let path = read_path(&mut stream).await;
    let path = path.split("/api/v2").next().unwrap_or("/").to_owned();
    match path.as_str() {
        "/reset" => {
            let _ = stream
                .write_all(b"HTTP/1.1 200 OK\r\ncontent-length: 100000\r\n\r\n{\"page\":")
                .await;
            tokio::time::sleep(Duration::from_millis(50)).await;
            // Linger 0: closing sends a reset, not a clean end.
            #[allow(deprecated)]
            let _ = stream.set_linger(Some(Duration::ZERO));
            drop(stream);
        }
        "/hang" => tokio::time::sleep(Duration::from_secs(60)).await,
        "/drip" => {
            let _ = stream
                .write_all(b"HTTP/1.1 200 OK\r\ncontent-length: 100000\r\n\r\n")
                .await;
            for _ in 0..600 {
                if stream.write_all(b" ").await.is_err() {
                    return;
                }
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
        }
        "/huge" => {
            // 100 MB announced and sent as fast as the client takes it.
            let _ = stream
                .write_all(b"HTTP/1.1 200 OK\r\ncontent-length: 104857600\r\ncontent-type: application/json\r\n\r\n")
                .await;
            let chunk = vec![b' '; 64 * 1024];
            for _ in 0..1600 {
                if stream.write_all(&chunk).await.is_err() {
                    return;
                }
            }
        }
        "/huge-chunked" => {
            // The same without a length: only reading the stream can tell.
            let _ = stream
                .write_all(b"HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n")
                .await;
            let chunk = format!("{:x}\r\n{}\r\n", 64 * 1024, " ".repeat(64 * 1024));
            for _ in 0..1600 {
                if stream.write_all(chunk.as_bytes()).await.is_err() {
                    return;
                }
            }
        }
        "/malformed" => {
            reply(
                &mut stream,
                "200 OK",
                "content-type: application/json\r\n",
                b"{\"page\": {\"name\": ",
            )
            .await
        }
        "/html" => {
            reply(
                &mut stream,
                "200 OK",
                "content-type: text/html\r\n",
                b"<!doctype html><title>Welcome</title>",
            )
            .await
        }
        "/loop" => reply(&mut stream, "302 Found", "location: /loop\r\n", b"").await,
        "/missing" => reply(&mut stream, "404 Not Found", "", b"not here").await,
        "/broken" => reply(&mut stream, "500 Internal Server Error", "", b"oops").await,
        "/busy" => {
            reply(
                &mut stream,
                "429 Too Many Requests",
                "retry-after: 120\r\n",
                b"slow down",
            )
            .await
        }
        "/bomb" => {
            // Deep nesting where a parser would recurse: it must refuse, not overflow.
            let mut bomb = String::from("{\"page\": {\"name\": \"x\"}, \"components\": ");
            bomb.push_str(&"[".repeat(200_000));
            bomb.push_str(&"]".repeat(200_000));
            reply(
                &mut stream,
                "200 OK",
                "content-type: application/json\r\n",
                bomb.as_bytes(),
            )
            .await;
        }
        _ => reply(&mut stream, "404 Not Found", "", b"").await,
    }
}

fn checker() -> Checker {
    let options = FetchOptions {
        connect_timeout: Duration::from_secs(1),
        timeout: TIMEOUT,
        max_body: MAX_BODY,
        ..FetchOptions::default()
    };
    Checker::new(Fetcher::new(options).expect("fetcher"))
}

/// Check a status page at `url`; the error kind and how long it took.
async fn check(checker: &Checker, url: &str) -> (Option<ErrorKind>, Option<u16>, Duration) {
    let source = SourceConfig::new(SourceKind::Statuspage, url)
        .resolve()
        .expect("source");
    let started = Instant::now();
    let result = checker.check(&source, true, chrono::Utc::now()).await;
    assert_eq!(result.outcome, Outcome::Failed, "{url}: {result:?}");
    (
        result.error.map(|e| e.kind),
        result.http_status,
        started.elapsed(),
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_failure_of_a_status_page_is_classified_within_the_timeout() {
    let chaos = start().await;
    let checker = checker();
    let refused = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
        let port = listener.local_addr().expect("addr").port();
        drop(listener);
        format!("http://127.0.0.1:{port}")
    };
    let cases: Vec<(String, ErrorKind, Option<u16>)> = vec![
        (refused, ErrorKind::Connect, None),
        (
            format!("{}/reset", chaos.base),
            ErrorKind::Connect,
            Some(200),
        ),
        (format!("{}/hang", chaos.base), ErrorKind::Timeout, None),
        (
            format!("{}/drip", chaos.base),
            ErrorKind::Timeout,
            Some(200),
        ),
        (
            format!("{}/huge", chaos.base),
            ErrorKind::TooLarge,
            Some(200),
        ),
        (
            format!("{}/huge-chunked", chaos.base),
            ErrorKind::TooLarge,
            Some(200),
        ),
        (
            format!("{}/malformed", chaos.base),
            ErrorKind::Parse,
            Some(200),
        ),
        (format!("{}/html", chaos.base), ErrorKind::Parse, Some(200)),
        (format!("{}/loop", chaos.base), ErrorKind::Redirect, None),
        (
            format!("{}/missing", chaos.base),
            ErrorKind::HttpStatus,
            Some(404),
        ),
        (
            format!("{}/broken", chaos.base),
            ErrorKind::HttpStatus,
            Some(500),
        ),
        (
            format!("{}/busy", chaos.base),
            ErrorKind::RateLimited,
            Some(429),
        ),
        (format!("{}/bomb", chaos.base), ErrorKind::Parse, Some(200)),
    ];
    for (url, kind, http_status) in cases {
        let (seen, status, took) = check(&checker, &url).await;
        assert_eq!(seen, Some(kind), "{url}");
        assert_eq!(status, http_status, "{url}");
        assert!(
            took <= TIMEOUT + Duration::from_secs(1),
            "{url} took {took:?}"
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_429_with_retry_after_is_honoured_without_asking_again() {
    let chaos = start().await;
    let checker = checker();
    let url = format!("{}/busy", chaos.base);
    let (kind, _, _) = check(&checker, &url).await;
    assert_eq!(kind, Some(ErrorKind::RateLimited));
    let asked = chaos.requests.load(Ordering::SeqCst);
    for _ in 0..3 {
        let (kind, status, _) = check(&checker, &url).await;
        assert_eq!((kind, status), (Some(ErrorKind::RateLimited), None));
    }
    assert_eq!(
        chaos.requests.load(Ordering::SeqCst),
        asked,
        "the server asked for 120 s of quiet"
    );
}

#[test]
fn retry_after_reads_seconds_and_http_dates() {
    use chrono::TimeZone;
    let now = chrono::Utc.with_ymd_and_hms(2026, 12, 1, 12, 0, 0).unwrap();
    let parse = |v| downbeat_core::io::fetch::parse_retry_after(v, now);
    assert_eq!(parse("120"), Some(Duration::from_secs(120)));
    assert_eq!(
        parse("Tue, 01 Dec 2026 12:01:30 GMT"),
        Some(Duration::from_secs(90))
    );
    assert_eq!(parse("Tue, 01 Dec 2026 11:00:00 GMT"), Some(Duration::ZERO));
    assert_eq!(parse("soon"), None);
}
