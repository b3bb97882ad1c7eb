//! A real Prometheus (the Debian package, installed by
//! `scripts/install-deps test`) scrapes `downbeat serve` every second on
//! loopback; its query API must see `downbeat_service_up` follow an outage
//! and the recovery. Also: the shipped rules pass `promtool check rules`
//! and their unit tests (`promtool test rules`).

use super::{one_page_config, promtool, try_request, Serve};
use crate::{outage, Home};
use downbeat_core::testkit::{FakeStatusPage, PageState};
use serde_json::Value;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

fn docs() -> PathBuf {
    PathBuf::from(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../docs/prometheus"
    ))
}

struct Prometheus {
    child: Child,
    addr: SocketAddr,
}

impl Drop for Prometheus {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Prometheus {
    fn start(home: &Home, target: SocketAddr) -> Prometheus {
        // A free port: bind one, let it go, hand it to Prometheus.
        let addr = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .expect("free port");
        let dir = home.dir.path().join("prometheus");
        std::fs::create_dir_all(dir.join("data")).expect("prometheus dir");
        let config = dir.join("prometheus.yml");
        std::fs::write(
            &config,
            format!(
                "global:\n  scrape_interval: 1s\n  evaluation_interval: 1s\n\
                 scrape_configs:\n  - job_name: downbeat\n    scrape_timeout: 1s\n\
                 \x20   static_configs:\n      - targets: ['{target}']\n"
            ),
        )
        .expect("prometheus.yml");
        let child = Command::new("prometheus")
            .arg(format!("--config.file={}", config.display()))
            .arg(format!(
                "--storage.tsdb.path={}",
                dir.join("data").display()
            ))
            .arg(format!("--web.listen-address={addr}"))
            .current_dir(&dir)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(std::fs::File::create(dir.join("log")).expect("log"))
            .env_remove("HTTP_PROXY")
            .env_remove("http_proxy")
            .spawn()
            .expect("prometheus (run scripts/install-deps test)");
        Prometheus { child, addr }
    }

    /// The value of `downbeat_service_up{service="fake"}` Prometheus holds
    /// now, if any.
    async fn up(&self) -> Option<String> {
        let query = "downbeat_service_up%7Bservice%3D%22fake%22%7D";
        // Until Prometheus listens, the connection is refused: None.
        let reply = try_request(
            self.addr,
            &format!(
                "GET /api/v1/query?query={query} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
            ),
        )
        .await
        .ok()?;
        // The JSON object (a chunked reply wraps it in chunk sizes).
        let json = reply.body.trim_start_matches(|c: char| c != '{');
        let body: Value = serde_json::Deserializer::from_str(json)
            .into_iter::<Value>()
            .next()?
            .ok()?;
        body["data"]["result"][0]["value"][1]
            .as_str()
            .map(str::to_owned)
    }

    async fn until(&self, value: &str, home: &Home, serve: &Serve) {
        let deadline = tokio::time::Instant::now() + Duration::from_secs(60);
        loop {
            if self.up().await.as_deref() == Some(value) {
                return;
            }
            assert!(
                tokio::time::Instant::now() < deadline,
                "Prometheus never saw downbeat_service_up = {value}; its log: {}\nserve: {}",
                std::fs::read_to_string(home.dir.path().join("prometheus/log")).unwrap_or_default(),
                serve.logs()
            );
            tokio::time::sleep(Duration::from_millis(500)).await;
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn prometheus_sees_service_up_follow_an_outage_and_the_recovery() {
    let page = FakeStatusPage::start("Fake Status").await.expect("page");
    let home = Home::new();
    one_page_config(&home, &page);
    let serve = Serve::start(&home, &[]).await;
    let prometheus = Prometheus::start(&home, serve.addr);

    prometheus.until("1", &home, &serve).await;
    page.set(outage("Database on fire", "We are investigating."));
    prometheus.until("0", &home, &serve).await;
    page.set(PageState::Operational);
    prometheus.until("1", &home, &serve).await;
}

#[test]
fn the_shipped_rules_and_scrape_config_pass_promtool() {
    let dir = docs();
    for args in [
        vec!["check", "rules", "alerts.yml"],
        vec!["test", "rules", "alerts.test.yml"],
        vec!["check", "config", "prometheus.yml"],
    ] {
        let output = promtool(&args, None, &dir);
        assert!(
            output.status.success(),
            "promtool {}: {}{}",
            args.join(" "),
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        );
    }
}

#[test]
fn the_grafana_dashboard_is_json_that_queries_our_metrics() {
    let text = std::fs::read_to_string(docs().join("grafana-dashboard.json")).expect("dashboard");
    let dashboard: Value = serde_json::from_str(&text).expect("valid JSON");
    let exprs: Vec<String> = dashboard["panels"]
        .as_array()
        .expect("panels")
        .iter()
        .flat_map(|p| p["targets"].as_array().cloned().unwrap_or_default())
        .filter_map(|t| t["expr"].as_str().map(str::to_owned))
        .collect();
    assert!(!exprs.is_empty());
    for family in [
        "downbeat_service_up",
        "downbeat_connectivity",
        "downbeat_detection_lead_seconds",
    ] {
        assert!(
            exprs.iter().any(|e| e.contains(family)),
            "no panel uses {family}"
        );
    }
}
