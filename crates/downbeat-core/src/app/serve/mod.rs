//! `downbeat serve`'s HTTP face, usable by any shell: Prometheus
//! `/metrics`, JSON `/api/v1/status` and `/api/v1/services/{id}`, and
//! `/healthz`. Read-only; loopback unless a bearer token guards it.
//!
//! ```ignore
//! let exporter = Exporter::start(config, &db, engine.subscribe(), handle.overview.clone(), clock)?;
//! let listener = serve::bind(addr, token.as_ref()).await?;
//! serve::run(listener, exporter, Options { token, ..Options::default() }, shutdown).await;
//! ```

mod exporter;
pub mod http;

pub use exporter::Exporter;
pub use http::Limits;

use crate::config::parse_interval;
use crate::views::api::{self, StatusList};
use crate::views::metrics::MetricsFormat;
use http::{Request, Response};
use std::collections::HashMap;
use std::future::Future;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;
use tokio::io::AsyncReadExt as _;
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::Semaphore;
use tokio::task::JoinSet;

/// Where the exporter listens unless told otherwise.
pub const DEFAULT_LISTEN: &str = "127.0.0.1:9464";
/// How long answers in flight may take once the server is told to stop.
const DRAIN: Duration = Duration::from_secs(1);
/// How long a connection over the limit may take to send its request
/// before its 503. Short: a real client sends it at once, and idle ones
/// must not hold the few slots of those answers for long.
const BUSY_READ: Duration = Duration::from_millis(250);

#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    #[error(
        "refusing to listen on {addr}: it is not a loopback address, and without --token FILE \
         anyone who can reach it could read what you watch. Give a token file, or listen on \
         127.0.0.1."
    )]
    NeedsToken { addr: SocketAddr },
    #[error("cannot read the token file {path}: {source}")]
    TokenFile {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("the token file {path} is empty (or only whitespace); put a long random secret in it")]
    EmptyToken { path: PathBuf },
    #[error("cannot listen on {addr}: {source}")]
    Bind {
        addr: SocketAddr,
        #[source]
        source: std::io::Error,
    },
}

/// A bearer token every request must present.
#[derive(Clone)]
pub struct Token(Arc<[u8]>);

impl std::fmt::Debug for Token {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Token(…)")
    }
}

impl Token {
    /// The file's content without surrounding whitespace (a trailing newline).
    pub fn read(path: &Path) -> Result<Token, ServeError> {
        let text = std::fs::read(path).map_err(|source| ServeError::TokenFile {
            path: path.to_owned(),
            source,
        })?;
        let trimmed = text.trim_ascii();
        if trimmed.is_empty() {
            return Err(ServeError::EmptyToken {
                path: path.to_owned(),
            });
        }
        Ok(Token(trimmed.into()))
    }

    fn admits(&self, request: &Request) -> bool {
        // The scheme's name is case-insensitive (RFC 9110, section 11.1).
        let presented = request
            .header("authorization")
            .and_then(|value| value.split_once(' '))
            .filter(|(scheme, _)| scheme.eq_ignore_ascii_case("bearer"))
            .map(|(_, token)| token.trim())
            .unwrap_or_default();
        http::constant_time_eq(&self.0, presented.as_bytes())
    }
}

#[derive(Debug, Clone, Default)]
pub struct Options {
    pub token: Option<Token>,
    pub limits: Limits,
}

/// Bind `addr`, refusing a non-loopback address without a token.
pub async fn bind(addr: SocketAddr, token: Option<&Token>) -> Result<TcpListener, ServeError> {
    if !addr.ip().is_loopback() && token.is_none() {
        return Err(ServeError::NeedsToken { addr });
    }
    TcpListener::bind(addr)
        .await
        .map_err(|source| ServeError::Bind { addr, source })
}

/// Serve until `shutdown` completes; answers in flight then get
/// [`DRAIN`] to finish. Connections beyond the limit are answered 503 as
/// soon as their request is read (within [`BUSY_READ`]), so idle clients
/// cost a bounded number of tasks and never the engine's checks.
pub async fn run(
    listener: TcpListener,
    exporter: Exporter,
    options: Options,
    shutdown: impl Future<Output = ()>,
) {
    let options = Arc::new(options);
    let permits = Arc::new(Semaphore::new(options.limits.max_connections));
    // 503s being written at once: as many as connections served, and at
    // least a few dozen, so a small limit still answers those it turns away.
    let busy = Arc::new(Semaphore::new(options.limits.max_connections.max(64)));
    let mut connections = JoinSet::new();
    tokio::pin!(shutdown);
    loop {
        let accepted = tokio::select! {
            () = &mut shutdown => break,
            accepted = listener.accept() => accepted,
            Some(_) = connections.join_next() => continue,
        };
        let (mut stream, _) = match accepted {
            Ok(accepted) => accepted,
            Err(error) => {
                // Out of descriptors, most likely: wait for some to close
                // rather than spin.
                tracing::warn!("cannot accept a connection: {error}");
                tokio::time::sleep(Duration::from_millis(100)).await;
                continue;
            }
        };
        let Ok(permit) = permits.clone().try_acquire_owned() else {
            // Over the limit: a 503, once the request is read (closing with
            // it unread would reset the connection, and the client would see
            // that instead of the answer). Those answers are bounded too;
            // beyond them the connection is simply closed.
            let Ok(busy_permit) = busy.clone().try_acquire_owned() else {
                drop(stream);
                continue;
            };
            let limits = Limits {
                head_timeout: options.limits.head_timeout.min(BUSY_READ),
                ..options.limits
            };
            connections.spawn(async move {
                // A client that asked nothing in time is closed, unanswered
                // (nothing unread: a clean close): it frees the slot sooner.
                if let Err(http::Refused::Gone | http::Refused::TooSlow) =
                    http::read_request(&mut stream, &limits).await
                {
                    return drop(busy_permit);
                }
                let answer = Response::text(503, "too many connections\n").with("Retry-After", "1");
                if answer.write(&mut stream, false, &limits).await.is_ok() {
                    linger(&mut stream).await;
                }
                drop(busy_permit);
            });
            continue;
        };
        let (exporter, options) = (exporter.clone(), options.clone());
        connections.spawn(async move {
            serve_connection(stream, &exporter, &options).await;
            drop(permit);
        });
    }
    drop(listener);
    let _ = tokio::time::timeout(DRAIN, async {
        while connections.join_next().await.is_some() {}
    })
    .await;
    connections.shutdown().await;
}

async fn serve_connection(mut stream: TcpStream, exporter: &Exporter, options: &Options) {
    let limits = &options.limits;
    let (response, head_only) = match http::read_request(&mut stream, limits).await {
        Ok(request) => (
            answer(&request, exporter, options).await,
            request.method == "HEAD",
        ),
        Err(refused) => match refused.response() {
            Some(response) => (response, false),
            None => return,
        },
    };
    if response.status >= 400 {
        tracing::debug!("answered {}", response.status);
    }
    if response.write(&mut stream, head_only, limits).await.is_ok() {
        linger(&mut stream).await;
    }
}

/// After answering, read (and drop) what the client is still sending for a
/// moment: closing with unread bytes resets the connection, and the client
/// might never see the answer (a 431 to a huge head, say).
async fn linger(stream: &mut TcpStream) {
    let _ = tokio::io::AsyncWriteExt::shutdown(stream).await;
    let mut sink = [0u8; 16 * 1024];
    let mut left = 4 * 1024 * 1024usize;
    let _ = tokio::time::timeout(Duration::from_secs(1), async {
        while left > 0 {
            match stream.read(&mut sink).await {
                Ok(0) | Err(_) => break,
                Ok(n) => left = left.saturating_sub(n),
            }
        }
    })
    .await;
}

async fn answer(request: &Request, exporter: &Exporter, options: &Options) -> Response {
    if !matches!(request.method.as_str(), "GET" | "HEAD") {
        return Response::text(405, "read-only: GET and HEAD only\n").with("Allow", "GET, HEAD");
    }
    if let Some(token) = &options.token {
        if !token.admits(request) {
            return Response::text(401, "a valid bearer token is required\n")
                .with("WWW-Authenticate", "Bearer realm=\"downbeat\"");
        }
    }
    match request.path.as_str() {
        "/metrics" => {
            let format = MetricsFormat::from_accept(request.header("accept"));
            let body = exporter.render(format);
            Response {
                status: 200,
                content_type: format.content_type(),
                extra: Vec::new(),
                body: body.into_bytes(),
            }
        }
        "/healthz" => healthz(exporter),
        "/api/v1/status" => {
            let overview = exporter.overview();
            let states = overview
                .services
                .iter()
                .map(|s| (s.service.as_str(), s))
                .collect::<HashMap<_, _>>();
            let config = exporter.config();
            let language = crate::app::engine::language_of(&config);
            let list = StatusList {
                services: api::status_rows(
                    &config,
                    &states,
                    language,
                    *chrono::Local::now().offset(),
                ),
                connectivity: Some(overview.connectivity),
            };
            Response::json(200, &list)
        }
        path => match path.strip_prefix("/api/v1/services/") {
            Some(id) if !id.is_empty() && !id.contains('/') => service(request, id, exporter).await,
            _ => Response::text(404, "not found\n"),
        },
    }
}

/// `/api/v1/services/{id}[?since=30d]`: the `history --json` shape.
async fn service(request: &Request, id: &str, exporter: &Exporter) -> Response {
    let window = match request.param("since").map(parse_interval) {
        None => Duration::from_secs(30 * 86_400),
        Some(Ok(window)) => window,
        Some(Err(error)) => return Response::text(400, &format!("bad since: {error}\n")),
    };
    let id = id.to_owned();
    let now = exporter.now();
    let read = exporter
        .read(move |store, config| {
            let spec = config.services.iter().find(|s| s.id == id)?;
            let since = now - chrono::Duration::from_std(window).unwrap_or(chrono::Duration::MAX);
            let offset = *chrono::Local::now().offset();
            Some(api::history_report(
                Some(store),
                config,
                spec,
                since,
                now,
                offset,
                crate::app::engine::language_of(config),
            ))
        })
        .await;
    match read {
        Some(Some(Ok(report))) => Response::json(200, &report),
        Some(None) => Response::text(404, "no such service\n"),
        Some(Some(Err(error))) => {
            tracing::warn!("cannot read a service's history: {error}");
            Response::text(500, "cannot read the history\n")
        }
        None => Response::text(500, "cannot read the history\n"),
    }
}

/// Up when the engine runs and checked something within two of the
/// shortest interval; while the watcher itself is offline it cannot check,
/// which the body says (and `downbeat_connectivity` shows).
fn healthz(exporter: &Exporter) -> Response {
    if exporter.engine_stopped() {
        return Response::text(503, "unhealthy: the engine stopped\n");
    }
    let config = exporter.config();
    let Some(shortest) = config.services.iter().map(|s| s.interval).min() else {
        return Response::text(200, "ok: no services configured\n");
    };
    let connectivity = exporter.connectivity();
    if !connectivity.is_online() {
        return Response::text(
            200,
            &format!(
                "ok: not checking, this machine is {}\n",
                connectivity.as_str()
            ),
        );
    }
    let quiet = exporter.since_last_check();
    // Re-checks of failures wait for a permit like any check: a little slack.
    if quiet > shortest * 2 + Duration::from_secs(5) {
        return Response::text(
            503,
            &format!(
                "unhealthy: no check for {} s (the shortest interval is {} s)\n",
                quiet.as_secs(),
                shortest.as_secs()
            ),
        );
    }
    let down = exporter
        .overview()
        .services
        .iter()
        .filter(|s| s.status.is_outage())
        .count();
    Response::text(200, &format!("ok: {down} service(s) in an outage\n"))
}
