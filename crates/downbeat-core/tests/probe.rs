//! Endpoint probes against real servers on 127.0.0.1 (plain HTTP and HTTPS
//! with certificates made here), under made-up names resolved by a table.
//! Test names start with `probe_` so that `cargo test probe` runs them.
#![allow(clippy::expect_used, clippy::unwrap_used)]

use chrono::{DateTime, Utc};
use downbeat_core::config::probe::ProbeSpec;
use downbeat_core::io::connectivity::StaticNames;
use downbeat_core::io::fetch::FetchOptions;
use downbeat_core::io::probe::{ProbeResult, Prober};
use downbeat_core::model::clock::Clock;
use downbeat_core::model::{ErrorKind, Outcome, Status};
use std::net::SocketAddr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt};
use tokio::net::TcpListener;
use tokio_rustls::rustls;

const HUGE: usize = 100 * 1024 * 1024;

#[derive(Default)]
struct Seen {
    /// The head of every request, as received.
    requests: Mutex<Vec<String>>,
    /// Body bytes written for /huge and /huge-chunked.
    huge_sent: AtomicUsize,
}

/// A loopback server playing an endpoint that can misbehave in every way.
struct Server {
    addr: SocketAddr,
    seen: Arc<Seen>,
    task: tokio::task::JoinHandle<()>,
}

impl Drop for Server {
    fn drop(&mut self) {
        self.task.abort();
    }
}

impl Server {
    async fn start(tls: Option<Arc<rustls::ServerConfig>>) -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let addr = listener.local_addr().expect("addr");
        let seen = Arc::new(Seen::default());
        let shared = seen.clone();
        let task = tokio::spawn(async move {
            loop {
                let Ok((stream, _)) = listener.accept().await else {
                    continue;
                };
                let (seen, tls) = (shared.clone(), tls.clone());
                tokio::spawn(async move {
                    match tls {
                        Some(config) => {
                            let acceptor = tokio_rustls::TlsAcceptor::from(config);
                            if let Ok(stream) = acceptor.accept(stream).await {
                                let _ = respond(stream, &seen).await;
                            }
                        }
                        None => {
                            let _ = respond(stream, &seen).await;
                        }
                    }
                });
            }
        });
        Server { addr, seen, task }
    }

    fn requests(&self) -> Vec<String> {
        self.seen.requests.lock().unwrap().clone()
    }
}

async fn respond<S: AsyncRead + AsyncWrite + Unpin>(
    mut stream: S,
    seen: &Seen,
) -> std::io::Result<()> {
    let mut head = Vec::new();
    let mut buffer = [0u8; 4096];
    while !head.windows(4).any(|w| w == b"\r\n\r\n") && head.len() < 64 * 1024 {
        let read = stream.read(&mut buffer).await?;
        if read == 0 {
            return Ok(());
        }
        head.extend_from_slice(&buffer[..read]);
    }
    let head = String::from_utf8_lossy(&head).into_owned();
    seen.requests.lock().unwrap().push(head.clone());
    let path = head.split_whitespace().nth(1).unwrap_or("/").to_owned();

    let simple = |status: &str, extra: &str, body: &str| {
        format!(
            "HTTP/1.1 {status}\r\nContent-Type: text/plain\r\nContent-Length: {}\r\nConnection: close\r\n{extra}\r\n{body}",
            body.len()
        )
    };
    let answer = match path.as_str() {
        "/ok" => simple("200 OK", "", "{\"status\":\"ok\"}"),
        "/login" => simple(
            "401 Unauthorized",
            "WWW-Authenticate: Bearer\r\n",
            "login required",
        ),
        "/down" => simple("503 Service Unavailable", "", "{\"status\":\"ok\"}"),
        "/maintenance" => simple("200 OK", "", "{\"status\":\"ok\"} maintenance at 22:00"),
        "/echo" => simple("200 OK", "", &head),
        "/garbage" => "this is not HTTP at all\r\n\r\n".to_owned(),
        "/loop" => simple("302 Found", "Location: /loop\r\n", ""),
        "/slow" => {
            tokio::time::sleep(Duration::from_millis(1300)).await;
            simple("200 OK", "", "ok")
        }
        "/hang" => {
            tokio::time::sleep(Duration::from_secs(30)).await;
            return Ok(());
        }
        "/huge" | "/huge-chunked" => {
            let chunked = path == "/huge-chunked";
            let header = if chunked {
                "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
                    .to_owned()
            } else {
                format!("HTTP/1.1 200 OK\r\nContent-Length: {HUGE}\r\nConnection: close\r\n\r\n")
            };
            stream.write_all(header.as_bytes()).await?;
            let block = vec![b'x'; 64 * 1024];
            let mut sent = 0;
            while sent < HUGE {
                if chunked {
                    stream
                        .write_all(format!("{:x}\r\n", block.len()).as_bytes())
                        .await?;
                }
                stream.write_all(&block).await?;
                if chunked {
                    stream.write_all(b"\r\n").await?;
                }
                sent += block.len();
                seen.huge_sent.store(sent, Ordering::SeqCst);
            }
            return stream.shutdown().await;
        }
        hop if hop.starts_with("/hop/") => match hop["/hop/".len()..].parse::<u32>() {
            Ok(0) | Err(_) => simple("200 OK", "", "arrived"),
            Ok(n) => simple("302 Found", &format!("Location: /hop/{}\r\n", n - 1), ""),
        },
        _ => simple("404 Not Found", "", "not found"),
    };
    stream.write_all(answer.as_bytes()).await?;
    stream.shutdown().await
}

fn options(server: &Server, extra_roots: Vec<Vec<u8>>) -> FetchOptions {
    let names = StaticNames::default()
        .with("api.test", server.addr)
        .with("other.test", server.addr);
    FetchOptions {
        connect_timeout: Duration::from_secs(2),
        timeout: Duration::from_secs(3),
        max_body: 1024 * 1024,
        resolver: Some(Arc::new(names)),
        extra_roots,
    }
}

async fn probe(server: &Server, spec: ProbeSpec, path: &str) -> ProbeResult {
    let prober = Prober::new(spec, &options(server, vec![])).expect("prober");
    prober
        .probe(&format!("http://api.test:{}{path}", server.addr.port()))
        .await
}

fn kind(result: &ProbeResult) -> Option<ErrorKind> {
    result.error.as_ref().map(|error| error.kind)
}

#[tokio::test]
async fn probe_a_200_with_the_keyword_present_and_the_absent_one_absent_is_up() {
    let server = Server::start(None).await;
    let spec = ProbeSpec {
        keyword: Some("\"status\":\"ok\"".into()),
        keyword_absent: Some("maintenance".into()),
        ..ProbeSpec::default()
    };
    let result = probe(&server, spec, "/ok").await;
    assert_eq!(
        (result.outcome, result.status),
        (Outcome::Ok, Status::Operational),
        "{result:?}"
    );
    assert_eq!(result.http_status, Some(200));
    assert_eq!(
        (result.error, result.note, result.certificate_expires),
        (None, None, None)
    );
    assert!(result.latency_ms < 3000);
}

#[tokio::test]
async fn probe_a_401_counts_as_up_only_when_expected() {
    let server = Server::start(None).await;
    let spec = ProbeSpec {
        expect_status: vec![200, 401],
        ..ProbeSpec::default()
    };
    let result = probe(&server, spec, "/login").await;
    assert_eq!(
        (result.outcome, result.status),
        (Outcome::Ok, Status::Operational),
        "{result:?}"
    );
    assert_eq!(result.http_status, Some(401));

    let result = probe(&server, ProbeSpec::default(), "/login").await;
    assert_eq!(kind(&result), Some(ErrorKind::HttpStatus));
    assert_eq!(result.http_status, Some(401));
}

#[tokio::test]
async fn probe_a_503_fails_with_http_status_even_when_the_keyword_is_there() {
    let server = Server::start(None).await;
    let spec = ProbeSpec {
        keyword: Some("ok".into()),
        ..ProbeSpec::default()
    };
    let result = probe(&server, spec, "/down").await;
    assert_eq!(
        (result.outcome, result.status),
        (Outcome::Failed, Status::Unknown)
    );
    assert_eq!(kind(&result), Some(ErrorKind::HttpStatus));
    assert_eq!(result.http_status, Some(503));
    assert!(result.error.is_some_and(|e| e.message.contains("503")));
}

#[tokio::test]
async fn probe_keyword_rules_fail_with_keyword() {
    let server = Server::start(None).await;
    let missing = ProbeSpec {
        keyword: Some("healthy".into()),
        ..ProbeSpec::default()
    };
    let result = probe(&server, missing, "/ok").await;
    assert_eq!(
        (result.outcome, kind(&result)),
        (Outcome::Failed, Some(ErrorKind::Keyword))
    );
    assert_eq!(result.http_status, Some(200));

    let absent = ProbeSpec {
        keyword_absent: Some("maintenance".into()),
        ..ProbeSpec::default()
    };
    let result = probe(&server, absent, "/maintenance").await;
    assert_eq!(
        (result.outcome, kind(&result)),
        (Outcome::Failed, Some(ErrorKind::Keyword))
    );
}

#[tokio::test]
async fn probe_a_slow_answer_is_up_but_degraded_with_a_note() {
    let server = Server::start(None).await;
    let spec = ProbeSpec {
        degraded_above: Some(Duration::from_secs(1)),
        ..ProbeSpec::default()
    };
    let result = probe(&server, spec, "/slow").await;
    assert_eq!(
        (result.outcome, result.status),
        (Outcome::Ok, Status::Degraded),
        "{result:?}"
    );
    assert!(result.latency_ms >= 1300, "{}", result.latency_ms);
    let note = result.note.expect("note");
    assert!(
        note.starts_with("answered in 1.") && note.ends_with(" s (limit 1 s)"),
        "{note}"
    );
}

#[tokio::test]
async fn probe_a_hanging_server_times_out_within_the_timeout_plus_one_second() {
    let server = Server::start(None).await;
    let started = Instant::now();
    let result = probe(&server, ProbeSpec::default(), "/hang").await;
    let elapsed = started.elapsed();
    assert_eq!(
        (result.outcome, kind(&result)),
        (Outcome::Failed, Some(ErrorKind::Timeout)),
        "{result:?}"
    );
    assert!(
        elapsed >= Duration::from_secs(3) && elapsed < Duration::from_secs(4),
        "{elapsed:?}"
    );
}

#[tokio::test]
async fn probe_a_100_mb_body_is_too_large_and_is_not_loaded() {
    let server = Server::start(None).await;
    for path in ["/huge", "/huge-chunked"] {
        let started = Instant::now();
        let result = probe(&server, ProbeSpec::default(), path).await;
        assert_eq!(
            (result.outcome, kind(&result)),
            (Outcome::Failed, Some(ErrorKind::TooLarge)),
            "{path}: {result:?}"
        );
        assert_eq!(result.http_status, Some(200));
        assert!(started.elapsed() < Duration::from_secs(3), "{path}");
    }
    // Give the server a moment to notice the closed connections.
    tokio::time::sleep(Duration::from_millis(200)).await;
    let sent = server.seen.huge_sent.load(Ordering::SeqCst);
    assert!(sent < HUGE / 4, "the server got to send {sent} bytes");
}

#[tokio::test]
async fn probe_redirects_are_followed_up_to_the_limit() {
    let server = Server::start(None).await;
    let result = probe(&server, ProbeSpec::default(), "/loop").await;
    assert_eq!(
        (result.outcome, kind(&result)),
        (Outcome::Failed, Some(ErrorKind::Redirect)),
        "{result:?}"
    );

    let result = probe(&server, ProbeSpec::default(), "/hop/3").await;
    assert_eq!(
        (result.outcome, result.http_status),
        (Outcome::Ok, Some(200)),
        "{result:?}"
    );
    let two = ProbeSpec {
        max_redirects: 2,
        ..ProbeSpec::default()
    };
    assert_eq!(
        kind(&probe(&server, two, "/hop/3").await),
        Some(ErrorKind::Redirect)
    );

    // With 0 the redirect itself is the answer.
    let none = ProbeSpec {
        max_redirects: 0,
        ..ProbeSpec::default()
    };
    let result = probe(&server, none.clone(), "/hop/3").await;
    assert_eq!(
        (kind(&result), result.http_status),
        (Some(ErrorKind::HttpStatus), Some(302))
    );
    let expect_302 = ProbeSpec {
        expect_status: vec![302],
        ..none
    };
    assert_eq!(
        probe(&server, expect_302, "/hop/3").await.outcome,
        Outcome::Ok
    );
}

#[tokio::test]
async fn probe_custom_headers_and_the_method_reach_the_server() {
    let server = Server::start(None).await;
    let spec = ProbeSpec {
        headers: downbeat_core::sources::plan::Headers::literal(&[
            ("X-Probe-Token", "s3cret"),
            ("User-Agent", "acme-monitor/2"),
        ]),
        keyword: Some("s3cret".into()),
        ..ProbeSpec::default()
    };
    let result = probe(&server, spec, "/echo").await;
    assert_eq!(result.outcome, Outcome::Ok, "{result:?}");
    let head = server
        .requests()
        .pop()
        .expect("a request")
        .to_ascii_lowercase();
    assert!(head.starts_with("get /echo "), "{head}");
    assert!(head.contains("x-probe-token: s3cret\r\n"), "{head}");
    assert!(head.contains("user-agent: acme-monitor/2\r\n"), "{head}");
    assert!(
        !head.contains("downbeat"),
        "the custom User-Agent replaces Downbeat's: {head}"
    );

    for method in ["HEAD", "POST"] {
        let spec = ProbeSpec {
            method: downbeat_core::config::probe::parse_method(method).expect("method"),
            ..ProbeSpec::default()
        };
        let result = probe(&server, spec, "/ok").await;
        assert_eq!(result.outcome, Outcome::Ok, "{method}: {result:?}");
        let head = server.requests().pop().expect("a request");
        assert!(head.starts_with(&format!("{method} /ok ")), "{head}");
    }
    // HEAD reads no body, whatever Content-Length says.
    let head = ProbeSpec {
        method: reqwest::Method::HEAD,
        ..ProbeSpec::default()
    };
    assert_eq!(probe(&server, head, "/huge").await.outcome, Outcome::Ok);
}

#[tokio::test]
async fn probe_transport_failures_are_classified() {
    let server = Server::start(None).await;
    let prober = Prober::new(ProbeSpec::default(), &options(&server, vec![])).expect("prober");
    let result = prober
        .probe(&format!("http://nowhere.test:{}/ok", server.addr.port()))
        .await;
    assert_eq!(
        (result.outcome, kind(&result)),
        (Outcome::Failed, Some(ErrorKind::Dns)),
        "{result:?}"
    );

    let closed = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let port = closed.local_addr().expect("addr").port();
    drop(closed);
    let result = prober.probe(&format!("http://127.0.0.1:{port}/ok")).await;
    assert_eq!(kind(&result), Some(ErrorKind::Connect), "{result:?}");

    let result = probe(&server, ProbeSpec::default(), "/garbage").await;
    assert_eq!(result.outcome, Outcome::Failed, "{result:?}");

    let bad = ProbeSpec {
        headers: downbeat_core::sources::plan::Headers::literal(&[("bad header", "x")]),
        ..ProbeSpec::default()
    };
    assert!(Prober::new(bad, &FetchOptions::default()).is_err());
}

// ---- HTTPS ----

struct Pki {
    ca: rcgen::CertifiedIssuer<'static, rcgen::KeyPair>,
}

impl Pki {
    fn new() -> Pki {
        let mut params = rcgen::CertificateParams::new(Vec::<String>::new()).expect("params");
        params.is_ca = rcgen::IsCa::Ca(rcgen::BasicConstraints::Unconstrained);
        params
            .distinguished_name
            .push(rcgen::DnType::CommonName, "Downbeat test CA");
        let key = rcgen::KeyPair::generate().expect("key");
        Pki {
            ca: rcgen::CertifiedIssuer::self_signed(params, key).expect("ca"),
        }
    }

    fn root(&self) -> Vec<u8> {
        self.ca.der().to_vec()
    }

    /// A server config with a certificate for `name`, valid in the given span.
    fn server(
        &self,
        name: &str,
        not_before: DateTime<Utc>,
        not_after: DateTime<Utc>,
    ) -> Arc<rustls::ServerConfig> {
        let mut params = rcgen::CertificateParams::new(vec![name.to_owned()]).expect("params");
        params.not_before = rcgen::date_time_ymd(1970, 1, 1) + since_epoch(not_before);
        params.not_after = rcgen::date_time_ymd(1970, 1, 1) + since_epoch(not_after);
        let key = rcgen::KeyPair::generate().expect("key");
        let cert = params.signed_by(&key, &self.ca).expect("signed");
        let private = rustls::pki_types::PrivatePkcs8KeyDer::from(key.serialize_der());
        let config = rustls::ServerConfig::builder_with_provider(Arc::new(
            rustls::crypto::ring::default_provider(),
        ))
        .with_safe_default_protocol_versions()
        .expect("versions")
        .with_no_client_auth()
        .with_single_cert(vec![cert.der().clone()], private.into())
        .expect("server config");
        Arc::new(config)
    }
}

/// Seconds since the Unix epoch, to add to rcgen's `date_time_ymd(1970, 1, 1)`.
fn since_epoch(at: DateTime<Utc>) -> Duration {
    Duration::from_secs(u64::try_from(at.timestamp()).expect("after 1970"))
}

async fn https(server: &Server, root: Option<Vec<u8>>, spec: ProbeSpec) -> ProbeResult {
    let prober = Prober::new(spec, &options(server, root.into_iter().collect())).expect("prober");
    prober
        .probe(&format!("https://api.test:{}/ok", server.addr.port()))
        .await
}

fn days(n: i64) -> chrono::Duration {
    chrono::Duration::days(n)
}

#[tokio::test]
async fn probe_a_certificate_expiring_in_3_days_is_degraded_with_a_note() {
    let pki = Pki::new();
    let now = Utc::now();
    let not_after = now + days(3) + chrono::Duration::hours(2);
    let server = Server::start(Some(pki.server("api.test", now - days(60), not_after))).await;
    let result = https(&server, Some(pki.root()), ProbeSpec::default()).await;
    assert_eq!(
        (result.outcome, result.status),
        (Outcome::Ok, Status::Degraded),
        "{result:?}"
    );
    assert_eq!(
        result.note.as_deref(),
        Some("its TLS certificate expires in 3 days")
    );
    let expires = result.certificate_expires.expect("expiry read");
    assert!(
        (expires - not_after).num_seconds().abs() <= 1,
        "{expires} vs {not_after}"
    );

    // A warning of 2 days leaves it operational.
    let relaxed = ProbeSpec {
        tls_warning: Duration::from_secs(2 * 86_400),
        ..ProbeSpec::default()
    };
    let result = https(&server, Some(pki.root()), relaxed).await;
    assert_eq!((result.status, result.note), (Status::Operational, None));
}

struct FixedClock(DateTime<Utc>);

impl Clock for FixedClock {
    fn now(&self) -> DateTime<Utc> {
        self.0
    }
}

#[tokio::test]
async fn probe_a_healthy_certificate_is_operational_and_the_clock_is_passed_in() {
    let pki = Pki::new();
    let now = Utc::now();
    let server = Server::start(Some(pki.server("api.test", now - days(1), now + days(90)))).await;
    let result = https(&server, Some(pki.root()), ProbeSpec::default()).await;
    assert_eq!(
        (result.outcome, result.status),
        (Outcome::Ok, Status::Operational),
        "{result:?}"
    );
    assert!(result.certificate_expires.is_some());

    // Seen from 80 days later (the TLS check itself uses the real time).
    let prober =
        Prober::new(ProbeSpec::default(), &options(&server, vec![pki.root()])).expect("prober");
    let url = format!("https://api.test:{}/ok", server.addr.port());
    let result = prober
        .probe_with_clock(
            &url,
            &FixedClock(now + days(80) + chrono::Duration::hours(1)),
        )
        .await;
    assert_eq!(result.status, Status::Degraded);
    assert_eq!(
        result.note.as_deref(),
        Some("its TLS certificate expires in 9 days")
    );
}

#[tokio::test]
async fn probe_expired_wrong_name_and_untrusted_certificates_are_tls_errors() {
    let pki = Pki::new();
    let now = Utc::now();
    let cases = [
        (
            "expired",
            pki.server("api.test", now - days(400), now - days(2)),
            Some(pki.root()),
        ),
        (
            "wrong name",
            pki.server("other.test", now - days(1), now + days(90)),
            Some(pki.root()),
        ),
        (
            "untrusted",
            pki.server("api.test", now - days(1), now + days(90)),
            None,
        ),
    ];
    for (what, config, root) in cases {
        let server = Server::start(Some(config)).await;
        let started = Instant::now();
        let result = https(&server, root, ProbeSpec::default()).await;
        assert_eq!(
            (result.outcome, result.status),
            (Outcome::Failed, Status::Unknown),
            "{what}"
        );
        assert_eq!(kind(&result), Some(ErrorKind::Tls), "{what}: {result:?}");
        assert!(started.elapsed() < Duration::from_secs(3), "{what}");
    }
}
