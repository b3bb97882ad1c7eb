//! HTTP(S) endpoint probes: send one request the way the user's config
//! says, then judge the answer: expected status codes, a keyword that must
//! or must not appear, latency, and the expiry of the TLS certificate.
//!
//! The I/O half ([`Prober`]) only gathers an [`Answer`]; the pure half
//! ([`judge`]) decides what it means. Every failure is classified with an
//! [`ErrorKind`] (timeouts, DNS, TLS, … through [`crate::io::fetch`]'s rules), a
//! probe never takes longer than the configured timeout, and the body is
//! read as a stream with the size cap, so memory stays bounded.

pub mod cert;
mod judge;

pub use judge::{judge, Answer};

use crate::config::probe::{header_map, ProbeSpec};
use crate::io::fetch::{classify, FetchOptions, USER_AGENT};
use crate::model::clock::{Clock, SystemClock};
use crate::model::i18n::Language;
use crate::model::probe_note::ProbeNote;
use crate::model::{CheckError, ErrorKind, Outcome, Status};
use chrono::{DateTime, Utc};
use futures_util::StreamExt;
use reqwest::header::HeaderMap;
use reqwest::Method;
use std::sync::Arc;
use std::time::{Duration, Instant};

static CLIENTS_BUILT: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);

/// What one probe found.
#[derive(Debug, Clone, PartialEq)]
pub struct ProbeResult {
    /// `Ok` when the endpoint answered as expected, else `Failed`.
    pub outcome: Outcome,
    /// `Operational` or `Degraded` when Ok; `Unknown` when Failed.
    pub status: Status,
    pub http_status: Option<u16>,
    pub latency_ms: u64,
    /// Why it failed, when it did.
    pub error: Option<CheckError>,
    /// Why it is degraded, in English for logs and the JSON: "answered in
    /// 2.4 s (limit 2 s)", "its TLS certificate expires in 5 days" (joined
    /// with "; " when both).
    pub note: Option<String>,
    /// The same as facts, for a person in their language.
    pub notes: Vec<ProbeNote>,
    pub certificate_expires: Option<DateTime<Utc>>,
}

impl ProbeResult {
    /// `result`, degraded for `notes`.
    fn degraded(notes: Vec<ProbeNote>, result: ProbeResult) -> ProbeResult {
        ProbeResult {
            status: Status::Degraded,
            note: Some(Language::En.probe_notes(&notes)),
            notes,
            ..result
        }
    }

    fn failed(
        kind: ErrorKind,
        message: String,
        http_status: Option<u16>,
        latency: Duration,
    ) -> ProbeResult {
        ProbeResult {
            outcome: Outcome::Failed,
            status: Status::Unknown,
            http_status,
            latency_ms: u64::try_from(latency.as_millis()).unwrap_or(u64::MAX),
            error: Some(CheckError { kind, message }),
            note: None,
            notes: Vec::new(),
            certificate_expires: None,
        }
    }
}

/// Probes endpoints with one spec. Each probe opens a fresh connection (no
/// idle pool): a probe stands for a user's first request, name resolution
/// and TLS handshake included, and always sees the current certificate.
pub struct Prober {
    client: reqwest::Client,
    spec: ProbeSpec,
    headers: HeaderMap,
    timeout: Duration,
    max_body: usize,
}

impl std::fmt::Debug for Prober {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Prober")
            .field("spec", &self.spec)
            .field("timeout", &self.timeout)
            .field("max_body", &self.max_body)
            .finish_non_exhaustive()
    }
}

/// What the I/O gathered before judging, or how it failed.
struct Exchange {
    http_status: u16,
    body: Vec<u8>,
    truncated: bool,
    certificate_expires: Option<DateTime<Utc>>,
}

struct Failure {
    kind: ErrorKind,
    message: String,
    http_status: Option<u16>,
}

impl Prober {
    /// A client for `spec` with the timeouts, size cap, name resolution and
    /// extra trusted roots of `options`. Fails on a header that cannot be
    /// sent or a root that is not a DER certificate.
    pub fn new(spec: ProbeSpec, options: &FetchOptions) -> Result<Prober, CheckError> {
        Prober::with_client(spec, Prober::client(options)?, options)
    }

    /// A prober that shares `client` (see [`Prober::client`]): thousands of
    /// probes need one client, not one each.
    pub fn with_client(
        spec: ProbeSpec,
        client: reqwest::Client,
        options: &FetchOptions,
    ) -> Result<Prober, CheckError> {
        let values = crate::io::fetch::resolve_headers(&spec.headers);
        let headers = values
            .and_then(|v| header_map(&v))
            .map_err(|message| CheckError {
                kind: ErrorKind::Other,
                message,
            })?;
        Ok(Prober {
            client,
            spec,
            headers,
            timeout: options.timeout,
            max_body: options.max_body,
        })
    }

    /// How many probe clients were built in this process (a client per
    /// probe would cost megabytes each for large watch lists).
    pub fn clients_built() -> usize {
        CLIENTS_BUILT.load(std::sync::atomic::Ordering::Relaxed)
    }

    /// The HTTP client probes use, for `options`: it depends on nothing in
    /// a probe's spec (headers, method and redirects are applied per request).
    pub fn client(options: &FetchOptions) -> Result<reqwest::Client, CheckError> {
        let error = |message: String| CheckError {
            kind: ErrorKind::Other,
            message,
        };
        CLIENTS_BUILT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        // Redirects are followed here, not by the client, so that the
        // user's headers go to the origin they were written for only.
        let mut builder = reqwest::Client::builder()
            .user_agent(USER_AGENT)
            .connect_timeout(options.connect_timeout)
            .timeout(options.timeout)
            .redirect(reqwest::redirect::Policy::none())
            .referer(false)
            .pool_max_idle_per_host(0)
            .tls_info(true);
        if let Some(resolver) = &options.resolver {
            builder = builder.dns_resolver(Arc::new(crate::io::connectivity::SharedResolver(
                resolver.clone(),
            )));
        }
        for der in &options.extra_roots {
            let root = reqwest::Certificate::from_der(der)
                .map_err(|e| error(format!("cannot trust the extra root certificate: {e}")))?;
            builder = builder.add_root_certificate(root);
        }
        builder
            .build()
            .map_err(|e| error(format!("cannot build the HTTP client: {e}")))
    }

    pub fn spec(&self) -> &ProbeSpec {
        &self.spec
    }

    /// Probe `url`, judging certificate expiry against the wall clock.
    pub async fn probe(&self, url: &str) -> ProbeResult {
        self.probe_with_clock(url, &SystemClock).await
    }

    /// Probe `url`; `clock` says when "now" is for certificate expiry.
    /// Returns within the timeout (plus scheduling), whatever the server does.
    pub async fn probe_with_clock(&self, url: &str, clock: &dyn Clock) -> ProbeResult {
        let started = Instant::now();
        let exchange = tokio::time::timeout(self.timeout, self.exchange(url)).await;
        let latency = started.elapsed();
        match exchange {
            Ok(Ok(exchange)) => judge(
                &self.spec,
                &Answer {
                    http_status: exchange.http_status,
                    latency,
                    body: exchange.body,
                    truncated: exchange.truncated,
                    certificate_expires: exchange.certificate_expires,
                    now: clock.now(),
                },
            ),
            Ok(Err(failure)) => {
                ProbeResult::failed(failure.kind, failure.message, failure.http_status, latency)
            }
            Err(_) => ProbeResult::failed(
                ErrorKind::Timeout,
                format!(
                    "no complete answer within {}",
                    judge::human_duration(self.timeout)
                ),
                None,
                latency,
            ),
        }
    }

    /// Send the request, following up to `max_redirects` redirects. The
    /// configured headers (and credentials in the URL) are sent to the
    /// URL's origin only: a redirect elsewhere gets neither, nor a Referer.
    async fn follow(&self, url: &str) -> Result<reqwest::Response, Failure> {
        let redirect_failure = |message: String| Failure {
            kind: ErrorKind::Redirect,
            message,
            http_status: None,
        };
        let mut current = reqwest::Url::parse(url).map_err(|error| Failure {
            kind: ErrorKind::Other,
            message: format!("bad URL: {error}"),
            http_status: None,
        })?;
        let origin = current.origin();
        let mut method = self.spec.method.clone();
        let mut hops = 0;
        loop {
            let mut request = self.client.request(method.clone(), current.clone());
            if current.origin() == origin {
                request = request.headers(self.headers.clone());
            }
            let response = request.send().await.map_err(|error| {
                let (kind, message) = classify(&error);
                Failure {
                    kind,
                    message,
                    http_status: None,
                }
            })?;
            let status = response.status();
            let location = response
                .headers()
                .get(reqwest::header::LOCATION)
                .and_then(|value| value.to_str().ok());
            let (true, Some(location)) = (status.is_redirection(), location) else {
                return Ok(response);
            };
            if self.spec.max_redirects == 0 {
                return Ok(response);
            }
            if hops == self.spec.max_redirects {
                return Err(redirect_failure(format!(
                    "more than {} redirects",
                    self.spec.max_redirects
                )));
            }
            hops += 1;
            let mut next = current.join(location).map_err(|_| {
                redirect_failure("a redirect to an address that is not a URL".into())
            })?;
            if !matches!(next.scheme(), "http" | "https") {
                return Err(redirect_failure(format!(
                    "a redirect to a {}: address",
                    next.scheme()
                )));
            }
            if next.origin() != origin {
                // Credentials were written for the first origin only.
                let _ = next.set_username("");
                let _ = next.set_password(None);
            }
            // As browsers do: 303 turns into GET, and so do 301/302 after a POST.
            if status == reqwest::StatusCode::SEE_OTHER && method != Method::HEAD
                || (matches!(status.as_u16(), 301 | 302) && method == Method::POST)
            {
                method = Method::GET;
            }
            current = next;
        }
    }

    async fn exchange(&self, url: &str) -> Result<Exchange, Failure> {
        let failure = |error: &reqwest::Error, http_status| {
            let (kind, message) = classify(error);
            Failure {
                kind,
                message,
                http_status,
            }
        };
        let response = self.follow(url).await?;
        let http_status = response.status().as_u16();
        let certificate_expires = response
            .extensions()
            .get::<reqwest::tls::TlsInfo>()
            .and_then(|info| info.peer_certificate())
            .and_then(cert::not_after);
        let mut exchange = Exchange {
            http_status,
            body: Vec::new(),
            truncated: false,
            certificate_expires,
        };
        if self.spec.method == Method::HEAD {
            // No body, whatever Content-Length announces.
            return Ok(exchange);
        }
        if response
            .content_length()
            .is_some_and(|length| length > self.max_body as u64)
        {
            exchange.truncated = true;
            return Ok(exchange);
        }
        let mut stream = response.bytes_stream();
        while let Some(chunk) = stream.next().await {
            let chunk = chunk.map_err(|error| failure(&error, Some(http_status)))?;
            let room = self.max_body.saturating_sub(exchange.body.len());
            if chunk.len() > room {
                exchange.body.extend_from_slice(&chunk[..room]);
                exchange.truncated = true;
                break;
            }
            exchange.body.extend_from_slice(&chunk);
        }
        Ok(exchange)
    }
}
