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
use crate::model::{CheckError, ErrorKind, Outcome, Status};
use chrono::{DateTime, Utc};
use futures_util::StreamExt;
use reqwest::header::HeaderMap;
use reqwest::Method;
use std::sync::Arc;
use std::time::{Duration, Instant};

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
    /// Why it is degraded: "answered in 2.4 s (limit 2 s)", "its TLS
    /// certificate expires in 5 days" (joined with "; " when both).
    pub note: Option<String>,
    pub certificate_expires: Option<DateTime<Utc>>,
}

impl ProbeResult {
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
        let error = |message: String| CheckError {
            kind: ErrorKind::Other,
            message,
        };
        let headers = header_map(&spec.headers).map_err(error)?;
        let redirect = match spec.max_redirects {
            0 => reqwest::redirect::Policy::none(),
            limit => reqwest::redirect::Policy::limited(limit),
        };
        let mut builder = reqwest::Client::builder()
            .user_agent(USER_AGENT)
            .connect_timeout(options.connect_timeout)
            .timeout(options.timeout)
            .redirect(redirect)
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
        let client = builder
            .build()
            .map_err(|e| error(format!("cannot build the HTTP client: {e}")))?;
        Ok(Prober {
            client,
            spec,
            headers,
            timeout: options.timeout,
            max_body: options.max_body,
        })
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

    async fn exchange(&self, url: &str) -> Result<Exchange, Failure> {
        let failure = |error: &reqwest::Error, http_status| {
            let (kind, message) = classify(error);
            Failure {
                kind,
                message,
                http_status,
            }
        };
        let response = self
            .client
            .request(self.spec.method.clone(), url)
            .headers(self.headers.clone())
            .send()
            .await
            .map_err(|error| failure(&error, None))?;
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
