//! A status page served on 127.0.0.1 for the integration and end-to-end
//! tests: it answers `/api/v2/summary.json` like an Atlassian Statuspage,
//! honours `If-None-Match`, and can be switched between states while the
//! code under test polls it.

use serde_json::{json, Value};
use std::net::SocketAddr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// A real status-page payload from the shared fixtures
/// (`../shared/fixtures/status-pages/`, or `DOWNBEAT_FIXTURES`), by its path
/// there: `"statuspage/github-summary-….json"`. Panics with the path when it
/// is missing: a test without its fixture cannot say anything.
pub fn fixture(path: &str) -> Vec<u8> {
    let file = fixtures_root().join(path);
    std::fs::read(&file).unwrap_or_else(|e| panic!("fixture {}: {e}", file.display()))
}

/// The shared status-page fixtures (`DOWNBEAT_FIXTURES` overrides).
pub fn fixtures_root() -> std::path::PathBuf {
    std::env::var_os("DOWNBEAT_FIXTURES")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| {
            std::path::PathBuf::from(concat!(
                env!("CARGO_MANIFEST_DIR"),
                "/../../../shared/fixtures/status-pages"
            ))
        })
}

/// Every corpus file (not SOURCES.md), by its path under the root, sorted.
pub fn corpus_files() -> Vec<String> {
    fn walk(dir: &std::path::Path, root: &std::path::Path, out: &mut Vec<String>) {
        let Ok(entries) = std::fs::read_dir(dir) else {
            panic!("fixture dir {}", dir.display());
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                walk(&path, root, out);
            } else if let Ok(relative) = path.strip_prefix(root) {
                out.push(relative.to_string_lossy().replace('\\', "/"));
            }
        }
    }
    let root = fixtures_root();
    let mut files = Vec::new();
    walk(&root, &root, &mut files);
    files.retain(|f| f != "SOURCES.md");
    files.sort();
    files
}

/// What the fake page says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PageState {
    Operational,
    /// A major outage with an unresolved incident of this title and body.
    MajorOutage {
        title: String,
        body: String,
    },
    /// Answer with this HTTP status and body instead of a page.
    Raw {
        status: u16,
        body: String,
    },
}

#[derive(Default)]
struct Shared {
    /// The state and its version, bumped on every change so the ETag and
    /// `updated_at` move with it (one lock: a request never pairs a new
    /// state with an old ETag).
    state: Mutex<(Option<PageState>, usize)>,
    requests: AtomicUsize,
    not_modified: AtomicUsize,
}

/// A running fake status page. Dropping it stops the server.
pub struct FakeStatusPage {
    addr: SocketAddr,
    name: String,
    shared: Arc<Shared>,
    task: tokio::task::JoinHandle<()>,
}

impl FakeStatusPage {
    /// Serve on `127.0.0.1:0` from the current tokio runtime.
    pub async fn start(name: &str) -> std::io::Result<FakeStatusPage> {
        let listener = TcpListener::bind("127.0.0.1:0").await?;
        let addr = listener.local_addr()?;
        let shared = Arc::new(Shared::default());
        shared
            .state
            .lock()
            .map(|mut s| s.0 = Some(PageState::Operational))
            .ok();
        let task = tokio::spawn(serve(listener, name.to_owned(), shared.clone()));
        Ok(FakeStatusPage {
            addr,
            name: name.to_owned(),
            shared,
            task,
        })
    }

    /// The page's home, as a user would paste it.
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    pub fn name(&self) -> &str {
        &self.name
    }

    pub fn set(&self, state: PageState) {
        if let Ok(mut current) = self.shared.state.lock() {
            *current = (Some(state), current.1 + 1);
        }
    }

    /// Requests answered so far.
    pub fn requests(&self) -> usize {
        self.shared.requests.load(Ordering::SeqCst)
    }

    /// Requests answered with 304 Not Modified.
    pub fn not_modified(&self) -> usize {
        self.shared.not_modified.load(Ordering::SeqCst)
    }
}

impl Drop for FakeStatusPage {
    fn drop(&mut self) {
        self.task.abort();
    }
}

async fn serve(listener: TcpListener, name: String, shared: Arc<Shared>) {
    loop {
        let Ok((stream, _)) = listener.accept().await else {
            continue;
        };
        let (name, shared) = (name.clone(), shared.clone());
        tokio::spawn(async move {
            let _ = answer(stream, &name, &shared).await;
        });
    }
}

async fn answer(mut stream: TcpStream, name: &str, shared: &Shared) -> std::io::Result<()> {
    let mut request = Vec::new();
    let mut buffer = [0u8; 4096];
    while !request.windows(4).any(|w| w == b"\r\n\r\n") && request.len() < 64 * 1024 {
        let read = stream.read(&mut buffer).await?;
        if read == 0 {
            return Ok(());
        }
        request.extend_from_slice(&buffer[..read]);
    }
    let text = String::from_utf8_lossy(&request);
    let path = text.split_whitespace().nth(1).unwrap_or("/").to_owned();
    let if_none_match = text.lines().find_map(|line| {
        let (key, value) = line.split_once(':')?;
        key.eq_ignore_ascii_case("if-none-match")
            .then(|| value.trim().to_owned())
    });
    shared.requests.fetch_add(1, Ordering::SeqCst);

    let (state, version) = shared
        .state
        .lock()
        .map(|s| (s.0.clone().unwrap_or(PageState::Operational), s.1))
        .unwrap_or((PageState::Operational, 0));
    let etag = format!("\"v{version}\"");
    let (status, content_type, body) = match (&state, path.as_str()) {
        (PageState::Raw { status, body }, _) => (*status, "text/plain", body.clone()),
        (_, "/api/v2/summary.json") => (
            200,
            "application/json",
            summary(name, &state, version).to_string(),
        ),
        _ => (404, "text/plain", "not found".to_owned()),
    };
    let response = if status == 200 && if_none_match.as_deref() == Some(etag.as_str()) {
        shared.not_modified.fetch_add(1, Ordering::SeqCst);
        format!("HTTP/1.1 304 Not Modified\r\nETag: {etag}\r\nConnection: close\r\n\r\n")
    } else {
        format!(
            "HTTP/1.1 {status} {}\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\nETag: {etag}\r\nConnection: close\r\n\r\n{body}",
            reason_phrase(status),
            body.len()
        )
    };
    stream.write_all(response.as_bytes()).await?;
    stream.shutdown().await
}

fn reason_phrase(status: u16) -> &'static str {
    match status {
        200 => "OK",
        404 => "Not Found",
        429 => "Too Many Requests",
        500 => "Internal Server Error",
        503 => "Service Unavailable",
        _ => "Status",
    }
}

/// A Statuspage v2 summary in the shape the real pages serve.
pub fn summary(name: &str, state: &PageState, version: usize) -> Value {
    let updated_at = format!(
        "2026-01-01T00:{:02}:{:02}.000Z",
        (version / 60) % 60,
        version % 60
    );
    let component = |id: &str, component_name: &str, status: &str| {
        json!({
            "id": id, "name": component_name, "status": status, "created_at": "2020-01-01T00:00:00.000Z",
            "updated_at": updated_at, "position": 1, "description": null, "showcase": true,
            "start_date": null, "group_id": null, "page_id": "fakepage", "group": false, "only_show_if_degraded": false
        })
    };
    let (indicator, description, api_status, incidents) = match state {
        PageState::MajorOutage { title, body } => (
            "critical",
            "Major System Outage",
            "major_outage",
            json!([{
                "id": format!("incident{version}"), "name": title, "status": "investigating",
                "created_at": updated_at, "updated_at": updated_at, "monitoring_at": null, "resolved_at": null,
                "impact": "critical", "shortlink": "http://127.0.0.1/incident", "started_at": updated_at,
                "page_id": "fakepage",
                "incident_updates": [{
                    "id": format!("update{version}"), "status": "investigating", "body": body,
                    "incident_id": format!("incident{version}"), "created_at": updated_at,
                    "updated_at": updated_at, "display_at": updated_at, "affected_components": null,
                    "deliver_notifications": true, "custom_tweet": null, "tweet_id": null
                }],
                "components": [component("api", "API", "major_outage")]
            }]),
        ),
        _ => ("none", "All Systems Operational", "operational", json!([])),
    };
    json!({
        "page": {"id": "fakepage", "name": name, "url": "http://127.0.0.1", "time_zone": "Etc/UTC", "updated_at": updated_at},
        "components": [component("api", "API", api_status), component("web", "Website", "operational")],
        "incidents": incidents,
        "scheduled_maintenances": [],
        "status": {"indicator": indicator, "description": description}
    })
}

/// Record in `store` that `service` changed to `to` at `at` (cause probe),
/// with the current state that change leaves: how tests and benches seed a
/// history through the store's own code. The reason is a sentence, as
/// versions before reasons had codes stored it.
pub fn record_change(
    store: &mut crate::store::Store,
    service: &str,
    at: chrono::DateTime<chrono::Utc>,
    from: Option<crate::model::Status>,
    to: crate::model::Status,
    reason: &str,
) {
    let reason = crate::model::Reason::Text {
        text: reason.to_owned(),
    };
    record_reason(store, service, at, from, to, reason);
}

/// Seed a state change of `service` with a reason as the verdict gives it.
pub fn record_reason(
    store: &mut crate::store::Store,
    service: &str,
    at: chrono::DateTime<chrono::Utc>,
    from: Option<crate::model::Status>,
    to: crate::model::Status,
    reason: crate::model::Reason,
) {
    let change = crate::model::StateChange {
        service: service.to_owned(),
        at,
        from,
        to,
        cause: crate::model::Cause::Probe,
        reason: reason.clone(),
    };
    let state = crate::model::ServiceState {
        reason,
        ..state(service, service, to, at)
    };
    if let Err(error) = store.record_state(&change, &state) {
        panic!("cannot seed a state change of {service}: {error}");
    }
}

/// A config from TOML text, read against the built-in catalog; panics with
/// the reason when the text is wrong (a test's config must be right).
pub fn config(text: &str) -> crate::config::Config {
    let catalog = crate::config::catalog::Catalog::builtin();
    crate::config::Config::parse(text, std::path::Path::new("test.toml"), &catalog)
        .unwrap_or_else(|error| panic!("test config: {error}"))
}

/// An engine as the integration tests run it: the default HTTP client, a
/// real SQLite file at `db`, the wall clock, and `notifier` to record what
/// would be shown.
pub fn engine(
    config: crate::config::Config,
    db: &std::path::Path,
    notifier: Arc<dyn crate::io::notifier::Notifier>,
) -> crate::app::engine::Engine {
    use crate::io::fetch::{FetchOptions, Fetcher};
    let fetcher = Fetcher::new(FetchOptions::default())
        .unwrap_or_else(|error| panic!("HTTP client: {}", error.error.message));
    let store = crate::store::Store::open(db)
        .unwrap_or_else(|error| panic!("store {}: {error}", db.display()));
    crate::app::engine::Engine::new(
        config,
        fetcher,
        store,
        notifier,
        Arc::new(crate::model::clock::SystemClock),
    )
}

/// The first engine event `pick` accepts, within `within`; panics when the
/// engine stops or the time runs out (a lagging receiver skips ahead).
pub async fn next_event<T>(
    events: &mut tokio::sync::broadcast::Receiver<crate::model::Event>,
    within: std::time::Duration,
    mut pick: impl FnMut(&crate::model::Event) -> Option<T>,
) -> T {
    use tokio::sync::broadcast::error::RecvError;
    let wait = async {
        loop {
            match events.recv().await {
                Ok(event) => {
                    if let Some(found) = pick(&event) {
                        return found;
                    }
                }
                Err(RecvError::Lagged(_)) => continue,
                Err(RecvError::Closed) => panic!("engine stopped"),
            }
        }
    };
    match tokio::time::timeout(within, wait).await {
        Ok(found) => found,
        Err(_) => panic!("no such event within {within:?}"),
    }
}

/// Serves `routes` (path → body) on 127.0.0.1 until the runtime ends;
/// any other path is a 404. Returns the base URL (`http://127.0.0.1:port`).
/// The query string is ignored, as real pages ignore unknown parameters.
pub async fn serve_routes(routes: Vec<(String, Vec<u8>)>) -> String {
    let routes: Arc<std::collections::HashMap<String, Vec<u8>>> =
        Arc::new(routes.into_iter().collect());
    let Ok(listener) = TcpListener::bind("127.0.0.1:0").await else {
        panic!("bind 127.0.0.1:0");
    };
    let base = match listener.local_addr() {
        Ok(address) => format!("http://{address}"),
        Err(e) => panic!("local address: {e}"),
    };
    tokio::spawn(async move {
        while let Ok((mut stream, _)) = listener.accept().await {
            let routes = routes.clone();
            tokio::spawn(async move {
                let mut request = Vec::new();
                let mut buffer = [0u8; 2048];
                while !request.windows(4).any(|w| w == b"\r\n\r\n") {
                    match stream.read(&mut buffer).await {
                        Ok(0) | Err(_) => return,
                        Ok(n) => request.extend_from_slice(&buffer[..n]),
                    }
                }
                let text = String::from_utf8_lossy(&request);
                let target = text.split_whitespace().nth(1).unwrap_or("/");
                let path = target.split('?').next().unwrap_or("/");
                let (status, body) = match routes.get(path) {
                    Some(body) => ("200 OK", body.clone()),
                    None => ("404 Not Found", b"not found".to_vec()),
                };
                let head = format!(
                    "HTTP/1.1 {status}\r\ncontent-length: {}\r\nconnection: close\r\n\r\n",
                    body.len()
                );
                let _ = stream.write_all(head.as_bytes()).await;
                let _ = stream.write_all(&body).await;
            });
        }
    });
    base
}

/// A server that answers every request with `status` after `delay`, or
/// never (`None`): the slow and the hung pages of the hostile-input tests
/// and benchmarks. Counts requests and the most in flight at once.
pub struct SlowServer {
    addr: SocketAddr,
    in_flight: Arc<AtomicUsize>,
    most_in_flight: Arc<AtomicUsize>,
    requests: Arc<AtomicUsize>,
    task: tokio::task::JoinHandle<()>,
}

impl SlowServer {
    pub async fn start(
        delay: Option<std::time::Duration>,
        status: u16,
    ) -> std::io::Result<SlowServer> {
        let listener = TcpListener::bind("127.0.0.1:0").await?;
        let addr = listener.local_addr()?;
        let in_flight = Arc::new(AtomicUsize::new(0));
        let most_in_flight = Arc::new(AtomicUsize::new(0));
        let requests = Arc::new(AtomicUsize::new(0));
        let counters = (in_flight.clone(), most_in_flight.clone(), requests.clone());
        let task = tokio::spawn(async move {
            while let Ok((mut stream, _)) = listener.accept().await {
                let (in_flight, most, requests) = counters.clone();
                tokio::spawn(async move {
                    if read_head(&mut stream).await.is_none() {
                        return;
                    }
                    requests.fetch_add(1, Ordering::SeqCst);
                    let now = in_flight.fetch_add(1, Ordering::SeqCst) + 1;
                    most.fetch_max(now, Ordering::SeqCst);
                    match delay {
                        Some(delay) => tokio::time::sleep(delay).await,
                        None => std::future::pending::<()>().await,
                    }
                    in_flight.fetch_sub(1, Ordering::SeqCst);
                    let head = format!(
                        "HTTP/1.1 {status} {}\r\ncontent-length: 2\r\nconnection: close\r\n\r\nno",
                        reason_phrase(status)
                    );
                    let _ = stream.write_all(head.as_bytes()).await;
                });
            }
        });
        Ok(SlowServer {
            addr,
            in_flight,
            most_in_flight,
            requests,
            task,
        })
    }

    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    pub fn requests(&self) -> usize {
        self.requests.load(Ordering::SeqCst)
    }

    /// The most requests that were waiting for an answer at once.
    pub fn most_in_flight(&self) -> usize {
        self.most_in_flight.load(Ordering::SeqCst)
    }

    pub fn in_flight(&self) -> usize {
        self.in_flight.load(Ordering::SeqCst)
    }
}

impl Drop for SlowServer {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// A server on 127.0.0.1 that records every request head (lowercased)
/// and answers it with `answer(head)`, a whole HTTP response. Returns the
/// base URL and the heads seen.
pub async fn answering(
    answer: impl Fn(&str) -> String + Send + Sync + 'static,
) -> (String, Arc<Mutex<Vec<String>>>) {
    let Ok(listener) = TcpListener::bind("127.0.0.1:0").await else {
        panic!("bind 127.0.0.1:0");
    };
    let base = match listener.local_addr() {
        Ok(address) => format!("http://{address}"),
        Err(e) => panic!("local address: {e}"),
    };
    let seen = Arc::new(Mutex::new(Vec::new()));
    let (log, answer) = (seen.clone(), Arc::new(answer));
    tokio::spawn(async move {
        while let Ok((mut stream, _)) = listener.accept().await {
            let (log, answer) = (log.clone(), answer.clone());
            tokio::spawn(async move {
                let Some(head) = read_head(&mut stream).await else {
                    return;
                };
                let text = String::from_utf8_lossy(&head).to_ascii_lowercase();
                if let Ok(mut log) = log.lock() {
                    log.push(text.clone());
                }
                let _ = stream.write_all(answer(&text).as_bytes()).await;
            });
        }
    });
    (base, seen)
}

/// The head of an HTTP request (up to the blank line), or `None` when the
/// client went away first.
pub async fn read_head(stream: &mut TcpStream) -> Option<Vec<u8>> {
    let mut request = Vec::new();
    let mut buffer = [0u8; 2048];
    while !request.windows(4).any(|w| w == b"\r\n\r\n") {
        match stream.read(&mut buffer).await {
            Ok(0) | Err(_) => return None,
            Ok(n) => request.extend_from_slice(&buffer[..n]),
        }
    }
    Some(request)
}

/// A service's state as a test wants it: `status` since `at`, checked at
/// `at`, by a probe, with no reason.
pub fn state(
    service: &str,
    name: &str,
    status: crate::model::Status,
    at: chrono::DateTime<chrono::Utc>,
) -> crate::model::ServiceState {
    crate::model::ServiceState {
        service: service.to_owned(),
        name: name.to_owned(),
        status,
        since: at,
        cause: crate::model::Cause::Probe,
        reason: crate::model::Reason::default(),
        outage_since: None,
        last_check: Some(at),
    }
}
