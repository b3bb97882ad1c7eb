//! The one HTTP client: timeouts, a size cap read as a stream, conditional
//! requests, and every failure classified into an [`ErrorKind`].

use crate::model::{CheckError, ErrorKind};
use crate::sources::plan::{self, Headers};
use futures_util::StreamExt;
use reqwest::header::{HeaderValue, ETAG, IF_MODIFIED_SINCE, IF_NONE_MATCH, LAST_MODIFIED};
use std::collections::HashMap;
use std::error::Error as _;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

pub const USER_AGENT: &str = concat!("Downbeat/", env!("CARGO_PKG_VERSION"), " (status monitor)");

#[derive(Clone)]
pub struct FetchOptions {
    pub connect_timeout: Duration,
    /// The whole request, body included.
    pub timeout: Duration,
    /// Bodies larger than this are cut off and reported as `too_large`.
    pub max_body: usize,
    /// Replaces the system's name resolution (scenario tests give loopback
    /// servers real-looking names with it).
    pub resolver: Option<Arc<dyn reqwest::dns::Resolve>>,
    /// Certificates (DER) trusted in addition to the built-in roots, by the
    /// fetcher and by endpoint probes. Empty in real use; tests put the CA of
    /// their loopback HTTPS servers here.
    pub extra_roots: Vec<Vec<u8>>,
}

impl std::fmt::Debug for FetchOptions {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FetchOptions")
            .field("connect_timeout", &self.connect_timeout)
            .field("timeout", &self.timeout)
            .field("max_body", &self.max_body)
            .field("resolver", &self.resolver.as_ref().map(|_| "custom"))
            .field("extra_roots", &self.extra_roots.len())
            .finish()
    }
}

impl Default for FetchOptions {
    fn default() -> Self {
        FetchOptions {
            connect_timeout: Duration::from_secs(10),
            timeout: Duration::from_secs(20),
            max_body: 8 * 1024 * 1024,
            resolver: None,
            extra_roots: Vec::new(),
        }
    }
}

/// A successful HTTP exchange.
#[derive(Debug, Clone)]
pub struct Fetched {
    pub http_status: u16,
    /// `None` when the server answered 304 Not Modified.
    pub body: Option<Vec<u8>>,
    pub latency_ms: u64,
}

/// A failed exchange, classified.
#[derive(Debug, Clone)]
pub struct FetchError {
    pub error: CheckError,
    pub http_status: Option<u16>,
    pub latency_ms: u64,
}

#[derive(Debug, Clone, Default)]
struct Validators {
    etag: Option<HeaderValue>,
    last_modified: Option<HeaderValue>,
}

/// Cheap to clone; clones share the connection pool and the validator cache.
#[derive(Clone)]
pub struct Fetcher {
    client: reqwest::Client,
    /// The same, for requests carrying a source's own headers.
    keyed: reqwest::Client,
    options: FetchOptions,
    validators: Arc<Mutex<HashMap<String, Validators>>>,
    /// URLs the server asked us to leave alone for a while (429, or 503
    /// with Retry-After): until when, and how many times in a row.
    holds: Arc<Mutex<HashMap<String, Hold>>>,
}

#[derive(Debug, Clone, Copy)]
struct Hold {
    until: tokio::time::Instant,
    strikes: u32,
}

/// The longest wait a server can ask for; past it we ask again anyway.
pub const MAX_HOLD: Duration = Duration::from_secs(3600);
/// The first wait after a 429 that says not how long.
pub const FIRST_BACKOFF: Duration = Duration::from_secs(30);

/// A source's headers with their values, variables read now. An unset
/// variable fails the request with its name (the config stays valid: the
/// app may have been started without it).
pub fn resolve_headers(headers: &Headers) -> Result<Vec<(String, String)>, String> {
    headers
        .0
        .iter()
        .map(|(name, value)| match value {
            plan::HeaderValue::Text(text) => Ok((name.clone(), text.clone())),
            plan::HeaderValue::Env(env) => std::env::var(env)
                .map(|text| (name.clone(), text))
                .map_err(|_| format!("header {name}: the environment variable {env} is not set")),
        })
        .collect()
}

/// The HTTP client of a fetcher, with `redirects` as its redirect policy.
fn build_client(
    options: &FetchOptions,
    redirects: reqwest::redirect::Policy,
) -> Result<reqwest::Client, reqwest::Error> {
    let mut builder = reqwest::Client::builder()
        .user_agent(USER_AGENT)
        .connect_timeout(options.connect_timeout)
        .timeout(options.timeout)
        .redirect(redirects)
        // A Referer would carry the page's URL (query tokens included)
        // to wherever a redirect leads.
        .referer(false);
    if let Some(resolver) = &options.resolver {
        builder = builder.dns_resolver(Arc::new(crate::io::connectivity::SharedResolver(
            resolver.clone(),
        )));
    }
    for der in &options.extra_roots {
        if let Ok(root) = reqwest::Certificate::from_der(der) {
            builder = builder.add_root_certificate(root);
        }
    }
    builder.build()
}

impl Fetcher {
    pub fn new(options: FetchOptions) -> Result<Fetcher, FetchError> {
        let failed = |error: reqwest::Error| FetchError {
            error: CheckError {
                kind: ErrorKind::Other,
                message: format!("cannot build the HTTP client: {error}"),
            },
            http_status: None,
            latency_ms: 0,
        };
        let client =
            build_client(&options, reqwest::redirect::Policy::limited(5)).map_err(failed)?;
        // A source's own headers (a key) are for its origin: a redirect to
        // another one is not followed with them (reqwest drops only the
        // standard credential headers, not an `X-Api-Key`).
        let same_origin = reqwest::redirect::Policy::custom(|attempt| {
            let from = attempt.previous().last().map(url::Url::origin);
            if attempt.previous().len() > 5 {
                attempt.error("too many redirects")
            } else if from.is_some_and(|from| from != attempt.url().origin()) {
                attempt.stop()
            } else {
                attempt.follow()
            }
        });
        let keyed = build_client(&options, same_origin).map_err(failed)?;
        Ok(Fetcher {
            client,
            keyed,
            options,
            validators: Arc::default(),
            holds: Arc::default(),
        })
    }

    /// GET `url`. With `conditional`, sends the validators of the last 200 for
    /// this URL, so an unchanged page costs a 304 and no parsing.
    pub async fn get(&self, url: &str, conditional: bool) -> Result<Fetched, FetchError> {
        self.get_with(url, conditional, &Headers::default()).await
    }

    /// [`Fetcher::get`] with the source's own headers (a key-scoped API's
    /// key). A header that cannot be sent fails the request, naming the
    /// header, never its value.
    pub async fn get_with(
        &self,
        url: &str,
        conditional: bool,
        extra: &Headers,
    ) -> Result<Fetched, FetchError> {
        let started = Instant::now();
        let elapsed = || u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX);
        let fail = |kind, message: String, http_status| FetchError {
            error: CheckError { kind, message },
            http_status,
            latency_ms: elapsed(),
        };

        if let Some(wait) = self.held(url) {
            return Err(fail(
                ErrorKind::RateLimited,
                format!(
                    "the server asked us to wait; asking again in {} s",
                    wait.as_secs().max(1)
                ),
                None,
            ));
        }

        let mut headers = resolve_headers(extra)
            .and_then(|values| crate::config::probe::header_map(&values))
            .map_err(|message| fail(ErrorKind::Other, message, None))?;
        if conditional {
            if let Some(known) = self.known_validators(url) {
                if let Some(etag) = known.etag {
                    headers.insert(IF_NONE_MATCH, etag);
                }
                if let Some(modified) = known.last_modified {
                    headers.insert(IF_MODIFIED_SINCE, modified);
                }
            }
        }

        let client = if extra.0.is_empty() {
            &self.client
        } else {
            &self.keyed
        };
        let response = match client.get(url).headers(headers).send().await {
            Ok(response) => response,
            Err(error) => {
                let (kind, message) = classify(&error);
                return Err(fail(kind, message, None));
            }
        };
        let status = response.status();
        let code = status.as_u16();
        if status == reqwest::StatusCode::NOT_MODIFIED {
            return Ok(Fetched {
                http_status: code,
                body: None,
                latency_ms: elapsed(),
            });
        }
        let retry_after = response
            .headers()
            .get(reqwest::header::RETRY_AFTER)
            .and_then(|value| value.to_str().ok())
            .and_then(|value| parse_retry_after(value, chrono::Utc::now()));
        if status == reqwest::StatusCode::TOO_MANY_REQUESTS {
            let wait = self.hold(url, retry_after);
            return Err(fail(
                ErrorKind::RateLimited,
                format!(
                    "HTTP 429 Too Many Requests; asking again in {} s",
                    wait.as_secs()
                ),
                Some(code),
            ));
        }
        if status == reqwest::StatusCode::SERVICE_UNAVAILABLE && retry_after.is_some() {
            let wait = self.hold(url, retry_after);
            return Err(fail(
                ErrorKind::HttpStatus,
                format!(
                    "HTTP {status}; asking again in {} s, as the server asked",
                    wait.as_secs()
                ),
                Some(code),
            ));
        }
        if !status.is_success() {
            return Err(fail(
                ErrorKind::HttpStatus,
                format!("HTTP {status}"),
                Some(code),
            ));
        }
        if response
            .content_length()
            .is_some_and(|length| length > self.options.max_body as u64)
        {
            return Err(fail(
                ErrorKind::TooLarge,
                self.too_large_message(),
                Some(code),
            ));
        }
        let validators = Validators {
            etag: response.headers().get(ETAG).cloned(),
            last_modified: response.headers().get(LAST_MODIFIED).cloned(),
        };

        let mut body = Vec::new();
        let mut stream = response.bytes_stream();
        while let Some(chunk) = stream.next().await {
            match chunk {
                Ok(chunk) => {
                    if body.len() + chunk.len() > self.options.max_body {
                        return Err(fail(
                            ErrorKind::TooLarge,
                            self.too_large_message(),
                            Some(code),
                        ));
                    }
                    body.extend_from_slice(&chunk);
                }
                Err(error) => {
                    let (kind, message) = classify(&error);
                    return Err(fail(kind, message, Some(code)));
                }
            }
        }
        if let Ok(mut cache) = self.validators.lock() {
            cache.insert(url.to_owned(), validators);
        }
        if let Ok(mut holds) = self.holds.lock() {
            holds.remove(url);
        }
        Ok(Fetched {
            http_status: code,
            body: Some(body),
            latency_ms: elapsed(),
        })
    }

    /// Forget the validators of `url`, so the next request fetches a full body
    /// (used when a 304 arrives but the parsed body was lost).
    /// The name resolution override, for other clients that must agree with this one.
    pub fn resolver(&self) -> Option<Arc<dyn reqwest::dns::Resolve>> {
        self.options.resolver.clone()
    }

    pub fn options(&self) -> &FetchOptions {
        &self.options
    }

    pub fn forget(&self, url: &str) {
        if let Ok(mut cache) = self.validators.lock() {
            cache.remove(url);
        }
    }

    /// How long `url` is still held, if it is.
    fn held(&self, url: &str) -> Option<Duration> {
        let holds = self.holds.lock().ok()?;
        let hold = holds.get(url)?;
        let now = tokio::time::Instant::now();
        (hold.until > now).then(|| hold.until - now)
    }

    /// Hold `url` for what the server asked, or for a backoff that doubles
    /// with each strike (with jitter, so that many clients do not come back
    /// at once). Returns the wait.
    fn hold(&self, url: &str, asked: Option<Duration>) -> Duration {
        let Ok(mut holds) = self.holds.lock() else {
            return Duration::ZERO;
        };
        let strikes = holds.get(url).map_or(0, |hold| hold.strikes) + 1;
        let wait = match asked {
            Some(asked) => asked.min(MAX_HOLD),
            None => jittered(
                FIRST_BACKOFF
                    .saturating_mul(1 << (strikes - 1).min(7))
                    .min(MAX_HOLD),
            ),
        };
        holds.insert(
            url.to_owned(),
            Hold {
                until: tokio::time::Instant::now() + wait,
                strikes,
            },
        );
        wait
    }

    fn known_validators(&self, url: &str) -> Option<Validators> {
        self.validators.lock().ok()?.get(url).cloned()
    }

    fn too_large_message(&self) -> String {
        format!("response larger than {} bytes", self.options.max_body)
    }
}

/// `Retry-After` as seconds (`120`) or an HTTP date, relative to `now`.
pub fn parse_retry_after(value: &str, now: chrono::DateTime<chrono::Utc>) -> Option<Duration> {
    let value = value.trim();
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let at = chrono::DateTime::parse_from_rfc2822(value).ok()?;
    Some(
        (at.with_timezone(&chrono::Utc) - now)
            .to_std()
            .unwrap_or_default(),
    )
}

/// `wait` scaled by a random factor in [0.75, 1.25).
fn jittered(wait: Duration) -> Duration {
    use std::hash::{BuildHasher, Hasher};
    // A fresh random seed each time: enough randomness for spreading retries.
    let mut hasher = std::collections::hash_map::RandomState::new().build_hasher();
    hasher.write_u64(wait.as_nanos() as u64);
    let unit = (hasher.finish() % 10_000) as f64 / 10_000.0;
    wait.mul_f64(0.75 + unit / 2.0)
}

/// Map reqwest's error onto the contract's kinds, with a short message.
pub(crate) fn classify(error: &reqwest::Error) -> (ErrorKind, String) {
    let chain = error_chain(error);
    // Judge by the words of the error, not by the URL it names
    // ("https://tls.example" is no TLS error).
    let mut lower = chain.to_ascii_lowercase();
    if let Some(url) = error.url() {
        let shown = crate::model::text::redact_url(url.as_str());
        lower = lower.replace(&shown.to_ascii_lowercase(), "");
    }
    let kind = if error.is_timeout() || lower.contains("timed out") {
        ErrorKind::Timeout
    } else if lower.contains("dns error") || lower.contains("failed to lookup address") {
        ErrorKind::Dns
    } else if lower.contains("certificate") || lower.contains("tls") || lower.contains("handshake")
    {
        ErrorKind::Tls
    } else if error.is_redirect() {
        ErrorKind::Redirect
    } else if ["parsed", "message head is too large", "invalid chunk"]
        .iter()
        .any(|words| lower.contains(words))
    {
        // hyper's words for an answer that is not HTTP.
        ErrorKind::Protocol
    } else if error.is_connect() || error.is_body() || error.is_decode() || error.is_request() {
        // A connection that broke before or while the answer came.
        ErrorKind::Connect
    } else {
        ErrorKind::Other
    };
    // The message is the technical chain (without the URL's password): it
    // goes to the log and to the "details" disclosure; people read the
    // sentence `Language::unreachable` writes from the kind, in their
    // language, when it is shown.
    tracing::debug!("{chain}");
    (kind, chain)
}

fn error_chain(error: &reqwest::Error) -> String {
    let mut message = error.to_string();
    // reqwest names the URL, with any password the user put in it.
    if let Some(url) = error.url() {
        message = message.replace(url.as_str(), &crate::model::text::redact_url(url.as_str()));
    }
    let mut source = error.source();
    while let Some(cause) = source {
        let text = cause.to_string();
        if !message.contains(&text) {
            message.push_str(": ");
            message.push_str(&text);
        }
        source = cause.source();
    }
    message
}
