//! check, watch and status.

use super::*;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn check_json_reports_each_page_state_with_its_exit_code() {
    let page = FakeStatusPage::start("Fake Status").await.expect("page");
    let home = Home::new();
    let url = page.url();
    let port = url.rsplit(':').next().expect("port");
    let summary_url = format!("{url}/api/v2/summary.json");

    // Operational.
    let output = home.run(&["check", &url, "--json"]).await;
    assert_eq!(code(&output), Some(0), "stderr: {}", stderr(&output));
    let report = json(&output);
    assert_eq!(report["service"], format!("127-0-0-1-{port}"));
    assert_eq!(report["name"], "Fake Status");
    assert_eq!(report["kind"], "statuspage");
    assert_eq!(report["url"], summary_url);
    assert_eq!(report["status"], "operational");
    assert_eq!(
        report["components"],
        serde_json::json!([
            {"name": "API", "group": null, "status": "operational"},
            {"name": "Website", "group": null, "status": "operational"},
        ])
    );
    assert_eq!(report["incidents"], serde_json::json!([]));
    assert_eq!(report["maintenances"], serde_json::json!([]));
    assert_eq!(report["error"], Value::Null);
    assert!(report["latency_ms"].is_u64(), "{}", report["latency_ms"]);
    assert_rfc3339(&report["checked_at"], "checked_at");

    // Major outage, with its incident.
    page.set(outage("Database on fire", "We are investigating."));
    let output = home.run(&["check", &url, "--json"]).await;
    assert_eq!(code(&output), Some(2), "stderr: {}", stderr(&output));
    let report = json(&output);
    assert_eq!(report["status"], "major_outage");
    assert_eq!(report["components"][0]["name"], "API");
    assert_eq!(report["components"][0]["status"], "major_outage");
    let incident = &report["incidents"][0];
    assert_eq!(incident["title"], "Database on fire");
    assert_eq!(incident["status"], "investigating");
    assert_eq!(incident["impact"], "major_outage");
    assert_eq!(incident["resolved_at"], Value::Null);
    assert_rfc3339(&incident["started_at"], "started_at");
    assert!(incident["id"].is_string());
    // The incident shape of the contract, nothing more or less.
    let mut keys: Vec<&str> = incident
        .as_object()
        .expect("object")
        .keys()
        .map(String::as_str)
        .collect();
    keys.sort_unstable();
    assert_eq!(
        keys,
        [
            "id",
            "impact",
            "resolved_at",
            "started_at",
            "status",
            "title",
            "updates",
            "url"
        ]
    );
    assert_eq!(incident["updates"][0]["body"], "We are investigating.");
    assert_eq!(incident["updates"][0]["status"], "investigating");
    assert_rfc3339(&incident["updates"][0]["at"], "update at");
    assert_eq!(report["error"], Value::Null);

    // A server error: unknown, the error filled, the lists empty.
    page.set(PageState::Raw {
        status: 503,
        body: "down for maintenance".into(),
    });
    // Named by its API, the page's failure is unknown (the page is unreadable)…
    let output = home.run(&["check", &summary_url, "--json"]).await;
    assert_eq!(code(&output), Some(3), "stderr: {}", stderr(&output));
    let report = json(&output);
    assert_eq!(report["status"], "unknown");
    assert_eq!(report["kind"], "statuspage");
    assert_eq!(report["error"]["kind"], "http_status");
    assert!(
        report["error"]["message"]
            .as_str()
            .is_some_and(|m| m.contains("503")),
        "{}",
        report["error"]
    );
    assert_eq!(report["components"], serde_json::json!([]));
    assert_eq!(report["incidents"], serde_json::json!([]));
    assert_eq!(report["url"], summary_url);

    // A 200 that is not a status page.
    page.set(PageState::Raw {
        status: 200,
        body: "<html>".into(),
    });
    let output = home.run(&["check", &summary_url, "--json"]).await;
    assert_eq!(code(&output), Some(3), "stderr: {}", stderr(&output));
    let report = json(&output);
    assert_eq!(report["status"], "unknown");
    assert_eq!(report["error"]["kind"], "parse");

    // …while an address that answers no known format is an endpoint: up…
    let output = home.run(&["check", &url, "--json"]).await;
    assert_eq!(code(&output), Some(0), "stderr: {}", stderr(&output));
    let report = json(&output);
    assert_eq!(
        (&report["kind"], &report["status"]),
        (&Value::from("http"), &Value::from("operational"))
    );

    // …or down when it fails.
    page.set(PageState::Raw {
        status: 503,
        body: "down".into(),
    });
    let output = home.run(&["check", &url, "--json"]).await;
    assert_eq!(code(&output), Some(2), "stderr: {}", stderr(&output));
    let report = json(&output);
    assert_eq!(
        (&report["kind"], &report["status"]),
        (&Value::from("http"), &Value::from("major_outage"))
    );
    assert_eq!(report["error"]["kind"], "http_status");
    assert_eq!(report["components"], serde_json::json!([]));

    // A one-shot check leaves no files behind.
    assert!(!home.config().exists(), "check wrote a config");
    assert!(!home.data_dir().exists(), "check created the data dir");
}

/// "Is it me?" in a one-shot check: when nothing answers, the config's
/// anchors are asked first. Offline: nobody can tell, exit 3, and no service
/// is called down. Online: the service is down (exit 2).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn check_asks_is_it_me_before_calling_a_silent_service_down() {
    let anchor = FakeStatusPage::start("Anchor").await.expect("anchor");
    anchor.set(PageState::Raw {
        status: 200,
        body: "success".into(),
    });
    // A port that was open a moment ago and is closed now: refused.
    let silent = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
        format!("http://{}", listener.local_addr().expect("addr"))
    };
    let home = Home::new();
    let config = |anchor: &str| {
        format!(
            "[connectivity]\ntimeout = \"1s\"\naddresses = []\n\
             anchors = [{{ url = \"{anchor}/anchor\", expect_body = \"success\" }}]\n"
        )
    };
    home.write_config(&config(&anchor.url()));
    let output = home.run(&["check", &silent, "--json"]).await;
    assert_eq!(code(&output), Some(2), "online: {}", stdout(&output));
    assert_eq!(json(&output)["status"], "major_outage");
    assert!(json(&output).get("connectivity").is_none());
    // Said for a person; the HTTP library's error chain is the detail.
    assert_eq!(
        json(&output)["error"]["message"],
        "Couldn't reach 127.0.0.1: the connection was refused."
    );
    let detail = json(&output)["error"]["detail"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    assert!(
        detail.contains("refused") && detail != "the connection was refused",
        "{detail}"
    );

    // The anchor gone too: the user is offline, and Downbeat says it can't tell.
    home.write_config(&config(&silent));
    let output = home.run(&["check", &silent, "--json"]).await;
    assert_eq!(code(&output), Some(3), "offline: {}", stdout(&output));
    let report = json(&output);
    assert_eq!(
        (&report["status"], &report["connectivity"]),
        (&Value::from("unknown"), &Value::from("offline"))
    );
    let output = home.run(&["check", &silent]).await;
    assert_eq!(code(&output), Some(3));
    let text = stdout(&output);
    assert!(
        text.contains("unknown — can't tell whether it is down: You're offline"),
        "{text}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn check_without_json_summarizes_the_outage_and_its_latest_update() {
    let page = FakeStatusPage::start("Fake Status").await.expect("page");
    page.set(outage("Database on fire", "We are investigating."));
    let home = Home::new();
    let output = home.run(&["check", &page.url()]).await;
    assert_eq!(code(&output), Some(2), "stderr: {}", stderr(&output));
    let text = stdout(&output);
    let first = text.lines().next().unwrap_or_default();
    assert!(
        first.contains("Fake Status: major_outage") && first.contains("Major System Outage"),
        "{text}"
    );
    assert!(text.contains("Database on fire"), "{text}");
    assert!(text.contains("We are investigating."), "{text}");
    assert!(text.contains("API (major_outage)"), "{text}");

    // An address that answers no status page format is probed, and says so.
    page.set(PageState::Raw {
        status: 503,
        body: "busy".into(),
    });
    let output = home.run(&["check", &page.url()]).await;
    assert_eq!(code(&output), Some(2), "stderr: {}", stderr(&output));
    let text = stdout(&output);
    assert!(
        text.contains("major_outage — It does not answer as expected: it answered HTTP 503."),
        "{text}"
    );
    assert!(text.contains("as an HTTP endpoint it fails"), "{text}");
}

/// `status` in French: the table's words follow the config's language (the
/// statuses stay the contract's words).
#[test]
fn bad_input_exits_64_with_one_line() {
    let home = Home::new();
    let cases: [(&[&str], &str); 6] = [
        (&["check", "nope"], "unknown service \"nope\""),
        (&["check", "ftp://x"], "ftp"),
        (&["check", "http://"], "host"),
        (&["check", "--bogus", "github"], "--bogus"),
        (&["check"], "TARGET"),
        (&["--log-level", "loud", "catalog"], "loud"),
    ];
    for (args, needle) in cases {
        let output = home.run_blocking(args);
        assert_usage_error(&output, needle);
    }
    // Help is not an error.
    let help = home.run_blocking(&["--help"]);
    assert_eq!(code(&help), Some(0));
    assert!(stdout(&help).contains("check"), "{}", stdout(&help));
}

/// A running `downbeat watch --json`, its stdout read line by line.
struct Watch {
    child: Child,
    lines: mpsc::UnboundedReceiver<String>,
    seen: Vec<Value>,
    stderr: Arc<Mutex<String>>,
}

impl Watch {
    fn start(home: &Home, args: &[&str]) -> Watch {
        let mut child = home
            .command(args)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start watch");
        let (tx, lines) = mpsc::unbounded_channel();
        let out = child.stdout.take().expect("stdout");
        std::thread::spawn(move || {
            for line in BufReader::new(out).lines() {
                let Ok(line) = line else { break };
                if tx.send(line).is_err() {
                    break;
                }
            }
        });
        let stderr = Arc::new(Mutex::new(String::new()));
        let mut err = child.stderr.take().expect("stderr");
        let collected = stderr.clone();
        std::thread::spawn(move || {
            let mut text = String::new();
            let _ = err.read_to_string(&mut text);
            if let Ok(mut collected) = collected.lock() {
                collected.push_str(&text);
            }
        });
        Watch {
            child,
            lines,
            seen: Vec::new(),
            stderr,
        }
    }

    /// Read lines until one matches `pick` (20 s at most). Every line must
    /// be a JSON object with a `type` and an RFC 3339 `at`.
    async fn until(&mut self, what: &str, pick: impl Fn(&Value) -> bool) -> Value {
        let deadline = tokio::time::Instant::now() + Duration::from_secs(20);
        loop {
            let line = match tokio::time::timeout_at(deadline, self.lines.recv()).await {
                Ok(Some(line)) => line,
                Ok(None) | Err(_) => panic!(
                    "no {what} line; seen {:#?}; stderr {:?}",
                    self.seen,
                    self.stderr.lock().map(|s| s.clone()).unwrap_or_default()
                ),
            };
            let value: Value = serde_json::from_str(&line)
                .unwrap_or_else(|error| panic!("not JSON: {line:?}: {error}"));
            assert!(value["type"].is_string(), "no type: {line}");
            assert_rfc3339(&value["at"], "event at");
            self.seen.push(value.clone());
            if pick(&value) {
                return value;
            }
        }
    }

    /// Wait for the process to exit (10 s at most), then read what is left.
    async fn wait(&mut self) -> std::process::ExitStatus {
        let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
        loop {
            if let Some(status) = self.child.try_wait().expect("try_wait") {
                while let Some(line) = self.lines.recv().await {
                    if let Ok(value) = serde_json::from_str(&line) {
                        self.seen.push(value);
                    }
                }
                return status;
            }
            assert!(
                tokio::time::Instant::now() < deadline,
                "watch did not exit in time"
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }
}

impl Drop for Watch {
    fn drop(&mut self) {
        // A failed assertion must not leave the process running.
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn is_type(value: &Value, kind: &str) -> bool {
    value["type"] == kind
}

/// Real time, the real binary: the connection drops (the anchor and the
/// endpoint both stop answering). One "offline" notification, a connectivity
/// event, and the service is never blamed.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn watch_json_says_offline_once_and_blames_no_service() {
    let anchor = FakeStatusPage::start("Anchor").await.expect("anchor");
    anchor.set(PageState::Raw {
        status: 200,
        body: "success".into(),
    });
    let endpoint = FakeStatusPage::start("Endpoint").await.expect("endpoint");
    let home = Home::new();
    // No `addresses`: nothing may be dialled beyond loopback.
    home.write_config(&format!(
        "[general]\ninterval = \"1s\"\n\n[notifications]\ngroup_window = \"1s\"\n\n\
         [connectivity]\ninterval = \"1s\"\ntimeout = \"1s\"\naddresses = []\n\
         anchors = [{{ url = \"{}/anchor\", expect_body = \"success\" }}]\n\n\
         [[services]]\nid = \"api\"\nname = \"My API\"\n\
         [[services.sources]]\nkind = \"http\"\nurl = \"{}/api/v2/summary.json\"\n",
        anchor.url(),
        endpoint.url()
    ));
    let mut watch = Watch::start(&home, &["watch", "--json", "--no-notify"]);
    let first = watch.until("first state", |v| is_type(v, "state")).await;
    assert_eq!(first["to"], "operational");

    // The network goes: both servers stop answering.
    drop(anchor);
    drop(endpoint);
    let offline = watch.until("offline", |v| is_type(v, "connectivity")).await;
    assert_eq!(offline["state"], "offline", "{offline}");
    let told = watch
        .until("offline notification", |v| is_type(v, "notification"))
        .await;
    assert_eq!(told["kind"], "offline", "{told}");
    // A few more seconds of nothing answering: still not the service's fault.
    tokio::time::sleep(Duration::from_secs(4)).await;

    let pid = watch.child.id().to_string();
    let killed = Command::new("kill")
        .args(["-TERM", &pid])
        .status()
        .expect("kill");
    assert!(killed.success());
    watch.wait().await;
    let states: Vec<&Value> = watch.seen.iter().filter(|v| is_type(v, "state")).collect();
    assert_eq!(states.len(), 1, "only the first state: {states:#?}");
    let notifications: Vec<&Value> = watch
        .seen
        .iter()
        .filter(|v| is_type(v, "notification"))
        .collect();
    assert_eq!(notifications.len(), 1, "{notifications:#?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn watch_json_follows_an_outage_and_recovery_then_stops_on_sigterm() {
    let page = FakeStatusPage::start("Fake Status").await.expect("page");
    let home = Home::new();
    home.write_config(&format!(
        "[general]\ninterval = \"1s\"\n\n[connectivity]\nanchors = []\n\n[[services]]\nid = \"fake\"\nname = \"Fake\"\n\
         [[services.sources]]\nkind = \"statuspage\"\nurl = \"{}\"\n",
        page.url()
    ));
    let summary_url = format!("{}/api/v2/summary.json", page.url());
    let mut watch = Watch::start(&home, &["watch", "--json", "--no-notify"]);

    let observation = watch
        .until("observation", |v| is_type(v, "observation"))
        .await;
    assert_eq!(observation["service"], "fake");
    assert_eq!(observation["source"], summary_url);
    assert_eq!(observation["outcome"], "ok");
    assert!(observation["latency_ms"].is_u64(), "{observation}");
    assert_eq!(observation["error_kind"], Value::Null);
    let first = watch.until("first state", |v| is_type(v, "state")).await;
    assert_eq!(first["to"], "operational");
    assert_eq!(first["from"], Value::Null);

    page.set(outage("Database on fire", "We are investigating."));
    let down = watch.until("outage state", |v| is_type(v, "state")).await;
    assert_eq!(down["service"], "fake");
    assert_eq!(down["from"], "operational");
    assert_eq!(down["to"], "major_outage");
    assert_eq!(down["cause"], "vendor");
    assert_eq!(down["reason_code"], "vendor_reports", "{down}");
    assert!(
        down["reason"]
            .as_str()
            .is_some_and(|r| r.contains("Database on fire")),
        "{down}"
    );
    let alert = watch
        .until("outage notification", |v| is_type(v, "notification"))
        .await;
    assert_eq!(alert["kind"], "outage");
    assert_eq!(alert["services"], serde_json::json!(["fake"]));
    assert!(alert["title"].is_string() && alert["body"].is_string());

    page.set(PageState::Operational);
    let up = watch.until("recovery state", |v| is_type(v, "state")).await;
    assert_eq!(up["from"], "major_outage");
    assert_eq!(up["to"], "operational");
    let recovery = watch
        .until("recovery notification", |v| is_type(v, "notification"))
        .await;
    assert_eq!(recovery["kind"], "recovery");
    assert_eq!(recovery["services"], serde_json::json!(["fake"]));

    let pid = watch.child.id().to_string();
    let killed = Command::new("kill")
        .args(["-TERM", &pid])
        .status()
        .expect("kill");
    assert!(killed.success());
    let status = watch.wait().await;
    assert_eq!(
        status.code(),
        Some(0),
        "stderr: {:?}",
        watch.stderr.lock().map(|s| s.clone()).unwrap_or_default()
    );
    // The first operational state is no news: two notifications in all.
    let notifications: Vec<&Value> = watch
        .seen
        .iter()
        .filter(|v| is_type(v, "notification"))
        .collect();
    assert_eq!(notifications.len(), 2, "{notifications:#?}");

    // What the watch stored is what `status` shows.
    let output = home.run(&["status", "--json"]).await;
    assert_eq!(code(&output), Some(0), "stderr: {}", stderr(&output));
    let overview = json(&output);
    let services = overview["services"].as_array().expect("services");
    assert_eq!(services.len(), 1, "{overview}");
    let fake = &services[0];
    assert_eq!(fake["service"], "fake");
    assert_eq!(fake["name"], "Fake");
    assert_eq!(fake["status"], "operational");
    assert_eq!(fake["cause"], "vendor");
    assert_rfc3339(&fake["since"], "since");
    assert_rfc3339(&fake["last_check"], "last_check");
    // The store keeps milliseconds; the event line carries full precision.
    let millis = |value: &Value| {
        chrono::DateTime::parse_from_rfc3339(value.as_str().unwrap_or_default())
            .map(|at| at.timestamp_millis())
            .ok()
    };
    assert_eq!(
        millis(&fake["since"]),
        millis(&up["at"]),
        "since is the recovery's time"
    );

    // The outage is in the history: declared from the vendor's page, closed
    // at the recovery, with the vendor's post kept as text.
    let output = home.run(&["history", "fake", "--json"]).await;
    assert_eq!(code(&output), Some(0), "stderr: {}", stderr(&output));
    let report = json(&output);
    let incidents = report["incidents"].as_array().expect("incidents");
    let observed = incidents
        .iter()
        .find_map(|i| i["observed"].as_object())
        .expect("our incident");
    assert_eq!(observed["cause"], "vendor");
    assert_eq!(millis(&observed["confirmed_at"]), millis(&down["at"]));
    assert_eq!(millis(&observed["resolved_at"]), millis(&up["at"]));
    let bodies: Vec<&str> = incidents
        .iter()
        .flat_map(|i| i["entries"].as_array().into_iter().flatten())
        .filter_map(|e| e["body"].as_str())
        .collect();
    assert!(bodies.contains(&"We are investigating."), "{report:#}");
}
