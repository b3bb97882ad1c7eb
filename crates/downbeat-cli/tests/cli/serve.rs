//! `downbeat serve`: the real binary on 127.0.0.1, fake status pages on
//! 127.0.0.1, and a plain TCP client that can misbehave on purpose.

use crate::{outage, stderr, Home};
use downbeat_core::testkit::FakeStatusPage;
use serde_json::Value;
use std::io::{BufRead, BufReader};
use std::net::SocketAddr;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

mod packaging;
mod prometheus;

/// A running `downbeat serve`, killed when dropped.
pub(crate) struct Serve {
    pub(crate) child: Child,
    pub(crate) addr: SocketAddr,
    pub(crate) stderr: Arc<Mutex<String>>,
}

impl Serve {
    /// Start it on a free loopback port and wait until it listens.
    pub(crate) async fn start(home: &Home, extra: &[&str]) -> Serve {
        let mut args = vec!["serve", "--listen", "127.0.0.1:0", "--log-level", "info"];
        args.extend_from_slice(extra);
        let mut child = home
            .command(&args)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start serve");
        let err = child.stderr.take().expect("stderr");
        let stderr = Arc::new(Mutex::new(String::new()));
        let (tx, rx) = std::sync::mpsc::channel();
        let collected = stderr.clone();
        std::thread::spawn(move || {
            for line in BufReader::new(err).lines() {
                let Ok(line) = line else { break };
                if let Some(url) = line.strip_prefix("downbeat: listening on http://") {
                    let _ = tx.send(url.to_owned());
                }
                if let Ok(mut all) = collected.lock() {
                    all.push_str(&line);
                    all.push('\n');
                }
            }
        });
        let listening =
            tokio::task::spawn_blocking(move || rx.recv_timeout(Duration::from_secs(20)))
                .await
                .expect("join");
        let addr = match listening {
            Ok(addr) => addr.parse().expect("address"),
            Err(_) => panic!(
                "serve did not start: {:?}",
                stderr.lock().map(|s| s.clone()).unwrap_or_default()
            ),
        };
        Serve {
            child,
            addr,
            stderr,
        }
    }

    pub(crate) fn logs(&self) -> String {
        self.stderr.lock().map(|s| s.clone()).unwrap_or_default()
    }

    pub(crate) fn signal(&self, name: &str) {
        let killed = Command::new("kill")
            .args([&format!("-{name}"), &self.child.id().to_string()])
            .status()
            .expect("kill");
        assert!(killed.success());
    }

    pub(crate) async fn get(&self, path: &str) -> Reply {
        request(
            self.addr,
            &format!("GET {path} HTTP/1.1\r\nHost: x\r\n\r\n"),
        )
        .await
    }

    /// GET `path` until `pick` holds for the body (30 s at most).
    pub(crate) async fn until(
        &self,
        path: &str,
        what: &str,
        pick: impl Fn(&str) -> bool,
    ) -> String {
        let deadline = tokio::time::Instant::now() + Duration::from_secs(30);
        loop {
            let reply = self.get(path).await;
            if reply.status == 200 && pick(&reply.body) {
                return reply.body;
            }
            assert!(
                tokio::time::Instant::now() < deadline,
                "{path} never showed {what}; last {reply:?}; logs {}",
                self.logs()
            );
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
    }

    /// SIGTERM, then the exit status (it must come within 5 s).
    pub(crate) async fn stop(&mut self) -> std::process::ExitStatus {
        self.signal("TERM");
        let started = tokio::time::Instant::now();
        loop {
            if let Some(status) = self.child.try_wait().expect("try_wait") {
                return status;
            }
            assert!(
                started.elapsed() < Duration::from_secs(5),
                "serve did not stop within 5 s: {}",
                self.logs()
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }
}

impl Drop for Serve {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[derive(Debug)]
pub(crate) struct Reply {
    pub(crate) status: u16,
    pub(crate) head: String,
    pub(crate) body: String,
}

/// Send `raw` on a new connection and read the whole reply (10 s at most).
pub(crate) async fn request(addr: SocketAddr, raw: &str) -> Reply {
    try_request(addr, raw)
        .await
        .unwrap_or_else(|error| panic!("{raw:.40?}: {error}"))
}

/// [`request`], or why it failed (refused, reset, closed unanswered, too slow).
pub(crate) async fn try_request(addr: SocketAddr, raw: &str) -> std::io::Result<Reply> {
    let exchange = async {
        let mut stream = TcpStream::connect(addr).await?;
        stream.write_all(raw.as_bytes()).await?;
        let mut reply = Vec::new();
        stream.read_to_end(&mut reply).await?;
        Ok::<_, std::io::Error>(reply)
    };
    let reply = tokio::time::timeout(Duration::from_secs(10), exchange)
        .await
        .map_err(|_| std::io::Error::from(std::io::ErrorKind::TimedOut))??;
    if reply.is_empty() {
        return Err(std::io::ErrorKind::UnexpectedEof.into());
    }
    Ok(parse_reply(&reply))
}

fn parse_reply(reply: &[u8]) -> Reply {
    let text = String::from_utf8_lossy(reply).into_owned();
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    let status = head
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("no status line in {text:?}"));
    Reply {
        status,
        head: head.to_owned(),
        body: body.to_owned(),
    }
}

/// One statuspage-backed service at a 1 s interval, no anchors.
pub(crate) fn one_page_config(home: &Home, page: &FakeStatusPage) {
    home.write_config(&format!(
        "[general]\ninterval = \"1s\"\n\n[connectivity]\nanchors = []\n\n\
         [[services]]\nid = \"fake\"\nname = \"Fake \\\"Status\\\"\"\n\
         [[services.sources]]\nkind = \"statuspage\"\nurl = \"{}\"\n",
        page.url()
    ));
}

/// `promtool` (from the Debian package `prometheus`, which
/// `scripts/install-deps test` installs) on the given arguments.
pub(crate) fn promtool(args: &[&str], stdin: Option<&str>, dir: &Path) -> std::process::Output {
    let mut child = Command::new("promtool")
        .args(args)
        .current_dir(dir)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("promtool (run scripts/install-deps test)");
    let mut input = child.stdin.take().expect("stdin");
    if let Some(text) = stdin {
        std::io::Write::write_all(&mut input, text.as_bytes()).expect("promtool stdin");
    }
    drop(input);
    child.wait_with_output().expect("promtool")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn serve_answers_metrics_the_api_and_health_then_stops_on_sigterm() {
    let page = FakeStatusPage::start("Fake Status").await.expect("page");
    let home = Home::new();
    one_page_config(&home, &page);
    let mut serve = Serve::start(&home, &[]).await;

    // The page's snapshot (open incidents) is stored just after the state
    // changes, and the check's duration comes with its observation event:
    // wait for all three, not for the first.
    let metrics = serve
        .until("/metrics", "the service up and its page read", |b| {
            b.contains("downbeat_service_up{service=\"fake\"} 1\n")
                && b.contains("downbeat_vendor_incidents_open{service=\"fake\"}")
                && b.contains("downbeat_check_duration_seconds_count{kind=\"statuspage\"} ")
        })
        .await;
    assert!(metrics.contains(
        "downbeat_service_status{service=\"fake\",name=\"Fake \\\"Status\\\"\",status=\"operational\"} 1\n"
    ));
    assert!(metrics.contains("downbeat_vendor_incidents_open{service=\"fake\"} 0\n"));
    assert!(metrics.contains("downbeat_check_duration_seconds_count{kind=\"statuspage\"} "));
    assert!(metrics.contains("# TYPE downbeat_checks_total counter\n"));
    // promtool reads the classic format and lints names, HELP and TYPE.
    let checked = promtool(&["check", "metrics"], Some(&metrics), home.dir.path());
    assert!(
        checked.status.success(),
        "promtool check metrics: {}{}",
        String::from_utf8_lossy(&checked.stdout),
        String::from_utf8_lossy(&checked.stderr)
    );

    let open = request(
        serve.addr,
        "GET /metrics HTTP/1.1\r\nAccept: application/openmetrics-text;version=1.0.0,text/plain;q=0.5\r\n\r\n",
    )
    .await;
    assert_eq!(open.status, 200);
    assert!(
        open.head
            .contains("application/openmetrics-text; version=1.0.0"),
        "{}",
        open.head
    );
    assert!(open.body.ends_with("# EOF\n"));
    assert!(open.body.contains("# TYPE downbeat_checks counter\n"));

    let status: Value =
        serde_json::from_str(&serve.get("/api/v1/status").await.body).expect("json");
    assert_eq!(status["services"][0]["service"], "fake");
    assert_eq!(status["services"][0]["status"], "operational");
    assert_eq!(status["services"][0]["cause"], "vendor");
    assert_eq!(status["connectivity"], "online");

    page.set(outage("Database on fire", "We are investigating."));
    serve
        .until("/metrics", "the outage", |b| {
            b.contains("downbeat_service_up{service=\"fake\"} 0\n")
                && b.contains("downbeat_vendor_incidents_open{service=\"fake\"} 1\n")
        })
        .await;
    let history = serve.get("/api/v1/services/fake?since=1d").await;
    assert_eq!(history.status, 200, "{history:?}");
    let history: Value = serde_json::from_str(&history.body).expect("json");
    assert_eq!(history["service"], "fake");
    assert!(
        history["uptime"].is_array() && history["incidents"].is_array(),
        "{history}"
    );
    assert_eq!(
        history["incidents"][0]["worst"], "major_outage",
        "{history}"
    );

    let health = serve.get("/healthz").await;
    assert_eq!(health.status, 200, "{health:?}");
    assert_eq!(serve.get("/api/v1/services/nope").await.status, 404);
    assert_eq!(serve.get("/etc/passwd").await.status, 404);
    assert_eq!(serve.get("/../../etc/passwd").await.status, 404);
    assert_eq!(serve.get("/").await.status, 404);
    assert_eq!(
        serve.get("/api/v1/services/fake?since=soon").await.status,
        400
    );
    let post = request(
        serve.addr,
        "POST /metrics HTTP/1.1\r\nContent-Length: 0\r\n\r\n",
    )
    .await;
    assert_eq!(post.status, 405);
    let head = request(serve.addr, "HEAD /metrics HTTP/1.1\r\n\r\n").await;
    assert_eq!((head.status, head.body.as_str()), (200, ""));

    let status = serve.stop().await;
    assert_eq!(status.code(), Some(0), "{}", serve.logs());
    assert!(
        serve.logs().contains("fake: operational -> major_outage"),
        "{}",
        serve.logs()
    );
    // Both connections closed: SQLite folds the WAL back and removes it.
    assert!(
        !home.database().with_extension("sqlite3-wal").exists(),
        "the database was not closed"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sighup_rereads_the_config_and_a_bad_one_is_kept_out() {
    let first = FakeStatusPage::start("First").await.expect("page");
    let second = FakeStatusPage::start("Second").await.expect("page");
    let home = Home::new();
    one_page_config(&home, &first);
    let serve = Serve::start(&home, &[]).await;
    serve
        .until("/metrics", "the first service", |b| {
            b.contains("service=\"fake\"} 1\n")
        })
        .await;

    let config = std::fs::read_to_string(home.config()).expect("config");
    home.write_config(&format!(
        "{config}\n[[services]]\nid = \"second\"\nname = \"Second\"\n\
         [[services.sources]]\nkind = \"statuspage\"\nurl = \"{}\"\n",
        second.url()
    ));
    serve.signal("HUP");
    serve
        .until("/metrics", "the added service", |b| {
            b.contains("downbeat_service_up{service=\"second\"} 1\n")
        })
        .await;

    home.write_config("[[services]]\nid = 42\n");
    serve.signal("HUP");
    tokio::time::sleep(Duration::from_secs(2)).await;
    let still = serve.get("/metrics").await;
    assert!(
        still.body.contains("service=\"second\""),
        "the old config stays"
    );
    assert!(serve.logs().contains("not reloaded"), "{}", serve.logs());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_public_address_without_a_token_is_refused_and_tokens_are_checked() {
    let home = Home::new();
    home.write_config("[connectivity]\nanchors = []\n");
    let refused = home.run(&["serve", "--listen", "0.0.0.0:0"]).await;
    crate::assert_usage_error(&refused, "--token");
    let refused = home.run(&["serve", "--listen", "[::]:0"]).await;
    crate::assert_usage_error(&refused, "not a loopback address");
    let empty = home.dir.path().join("empty-token");
    std::fs::write(&empty, "\n").expect("token");
    let refused = home
        .run(&[
            "serve",
            "--listen",
            "0.0.0.0:0",
            "--token",
            empty.to_str().expect("path"),
        ])
        .await;
    crate::assert_usage_error(&refused, "empty");
    let bad = home.run(&["serve", "--listen", "localhost"]).await;
    crate::assert_usage_error(&bad, "--listen");

    let token = home.dir.path().join("token");
    std::fs::write(&token, "s3cret-token-value\n").expect("token");
    let serve = Serve::start(&home, &["--token", token.to_str().expect("path")]).await;
    for (header, expected) in [
        ("", 401),
        ("Authorization: Bearer wrong\r\n", 401),
        ("Authorization: Bearer s3cret-token-valuX\r\n", 401),
        ("Authorization: Bearer s3cret-token-value-and-more\r\n", 401),
        ("Authorization: Basic czNjcmV0LXRva2VuLXZhbHVl\r\n", 401),
        ("Authorization: Bearer s3cret-token-value\r\n", 200),
        ("authorization: bearer s3cret-token-value\r\n", 200),
    ] {
        for path in ["/metrics", "/api/v1/status", "/healthz"] {
            let reply = request(serve.addr, &format!("GET {path} HTTP/1.1\r\n{header}\r\n")).await;
            assert_eq!(reply.status, expected, "{path} with {header:?}: {reply:?}");
            if expected == 401 {
                assert!(reply.head.contains("WWW-Authenticate: Bearer"), "{reply:?}");
                assert!(!reply.body.contains("downbeat_"), "nothing leaks");
            }
        }
    }
    let unknown = request(
        serve.addr,
        "GET /nope HTTP/1.1\r\nAuthorization: Bearer s3cret-token-value\r\n\r\n",
    )
    .await;
    assert_eq!(unknown.status, 404);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_one_megabyte_header_is_rejected() {
    let home = Home::new();
    home.write_config("[connectivity]\nanchors = []\n");
    let serve = Serve::start(&home, &[]).await;
    let huge = format!(
        "GET /metrics HTTP/1.1\r\nX-Big: {}\r\n\r\n",
        "a".repeat(1 << 20)
    );
    let reply = request(serve.addr, &huge).await;
    assert_eq!(reply.status, 431, "{reply:?}");
    let many: String = (0..200).map(|i| format!("X-{i}: {i}\r\n")).collect();
    let reply = request(serve.addr, &format!("GET /metrics HTTP/1.1\r\n{many}\r\n")).await;
    assert_eq!(reply.status, 431, "{reply:?}");
    let reply = request(serve.addr, "BREW /pot HTCPCP/1.0\r\n\r\n").await;
    assert_eq!(reply.status, 400);
    // And it still serves.
    assert_eq!(serve.get("/metrics").await.status, 200);
}

/// 2,000 clients connect and say nothing. The server answers the ones over
/// its limit at once and drops the silent ones after its head timeout;
/// meanwhile the engine goes on checking: the outage is recorded.
/// (10,000 is the figure in docs/BENCHMARKS.md, measured by `cargo bench`.)
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn idle_connections_do_not_starve_the_checks() {
    let page = FakeStatusPage::start("Fake Status").await.expect("page");
    let home = Home::new();
    one_page_config(&home, &page);
    let serve = Serve::start(&home, &[]).await;
    serve
        .until("/metrics", "the service up", |b| {
            b.contains("service=\"fake\"} 1\n")
        })
        .await;

    let mut idle = Vec::new();
    for _ in 0..2000 {
        idle.push(TcpStream::connect(serve.addr).await.expect("connect"));
    }
    page.set(outage("Down while flooded", "Investigating."));
    let deadline = tokio::time::Instant::now() + Duration::from_secs(20);
    loop {
        let status = home.run(&["status", "--json"]).await;
        let value: Value = serde_json::from_str(&crate::stdout(&status)).unwrap_or(Value::Null);
        if value["services"][0]["status"] == "major_outage" {
            break;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "no check recorded the outage while 2,000 connections idled: {value} {}",
            stderr(&status)
        );
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
    // Still answering: a 503 over the limit (read first, so it arrives as
    // an answer, not a reset) or, once the silent ones time out, a 200.
    // Beyond the 503s' own budget a burst's extra connections are closed
    // unanswered: on a loaded machine this one may land there, so it asks
    // again, briefly.
    let asked = tokio::time::Instant::now();
    let reply = loop {
        match try_request(serve.addr, "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n").await {
            Ok(reply) => break reply,
            Err(error) => assert!(
                asked.elapsed() < Duration::from_secs(5),
                "no answer within 5 s: {error}"
            ),
        }
        tokio::time::sleep(Duration::from_millis(250)).await;
    };
    assert!(matches!(reply.status, 200 | 503), "{reply:?}");
    drop(idle);
    serve
        .until("/metrics", "the outage", |b| {
            b.contains("service=\"fake\"} 0\n")
        })
        .await;
}

/// A check that hangs (the page accepts and never answers) is abandoned:
/// SIGTERM still ends the process within 5 s, exit 0.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sigterm_abandons_a_hanging_check_within_five_seconds() {
    let hanging = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = hanging.local_addr().expect("addr").port();
    let (accepted_tx, accepted) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let mut held = Vec::new();
        for stream in hanging.incoming().flatten() {
            held.push(stream);
            let _ = accepted_tx.send(());
        }
    });
    let home = Home::new();
    home.write_config(&format!(
        "[general]\ninterval = \"1s\"\n\n[connectivity]\nanchors = []\n\n\
         [[services]]\nid = \"hangs\"\nname = \"Hangs\"\n\
         [[services.sources]]\nkind = \"http\"\nurl = \"http://127.0.0.1:{port}/health\"\n"
    ));
    let mut serve = Serve::start(&home, &[]).await;
    tokio::task::spawn_blocking(move || accepted.recv_timeout(Duration::from_secs(20)))
        .await
        .expect("join")
        .expect("the check reached the hanging page");
    let status = serve.stop().await;
    assert_eq!(status.code(), Some(0), "{}", serve.logs());
}
