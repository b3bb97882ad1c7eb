//! One check of one source, whatever its kind: a status page is fetched
//! (conditionally) and parsed, trying its endpoints in order and keeping the
//! one that works; an `http` source is probed; an `auto` source is detected
//! once, then checked as what it turned out to be. The engine and
//! `downbeat check` share it.

use crate::config::probe::ProbeSpec;
use crate::config::SourceSpec;
use crate::io::fetch::{FetchError, Fetcher};
use crate::io::probe::Prober;
use crate::model::{CheckError, ErrorKind, Outcome, Snapshot, Status};
use crate::sources::detect::{self, Candidate};
use crate::sources::plan::{self, Endpoint, Format, SourceKind};
use crate::sources::sniff::sniff;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

/// What one check of one source found.
#[derive(Debug, Clone, PartialEq)]
pub struct SourceCheck {
    pub outcome: Outcome,
    /// For a probe: operational or degraded when it answered; unknown when
    /// it failed or for a status page (whose status is in the snapshot).
    pub status: Status,
    /// The URL that answered last (the endpoint used, or the probed URL).
    pub url: String,
    pub http_status: Option<u16>,
    pub latency_ms: u64,
    pub error: Option<CheckError>,
    /// A status page that answered with a page that parsed.
    pub snapshot: Option<Snapshot>,
    /// The page has not changed since the last check (HTTP 304).
    pub not_modified: bool,
    /// What the source was understood as (the kind and the endpoint).
    pub detected: Option<Detected>,
    /// Why a probe is degraded (slow, a certificate expiring, a bot wall).
    pub notes: Vec<crate::model::probe_note::ProbeNote>,
}

/// What a source turned out to be.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Detected {
    pub kind: SourceKind,
    /// `None` when it is probed as an HTTP endpoint.
    pub endpoint: Option<Endpoint>,
    /// One sentence for the user: what was found where.
    pub explanation: String,
}

impl SourceCheck {
    fn failed(
        url: &str,
        error: CheckError,
        http_status: Option<u16>,
        latency_ms: u64,
    ) -> SourceCheck {
        SourceCheck {
            outcome: Outcome::Failed,
            status: Status::Unknown,
            url: url.to_owned(),
            http_status,
            latency_ms,
            error: Some(error),
            snapshot: None,
            not_modified: false,
            detected: None,
            notes: Vec::new(),
        }
    }

    fn from_fetch_error(url: &str, failure: FetchError) -> SourceCheck {
        SourceCheck::failed(url, failure.error, failure.http_status, failure.latency_ms)
    }
}

/// Shared by every check; cheap to clone. Remembers which endpoint of each
/// source works and what each `auto` source is.
#[derive(Clone)]
pub struct Checker {
    fetcher: Fetcher,
    state: Arc<Mutex<Memory>>,
    /// One check, whatever it tries, is over by then.
    deadline: std::time::Duration,
    /// Where a status.io vanity page's status is asked for.
    statusio_api: Arc<str>,
}

/// How long one check may take by default, all its requests together.
pub const CHECK_DEADLINE: std::time::Duration = std::time::Duration::from_secs(20);

#[derive(Default)]
struct Memory {
    /// Source URL → the endpoint that answered last.
    working: HashMap<String, Endpoint>,
    /// `auto` source URL → what it is.
    detected: HashMap<String, Detected>,
    probers: HashMap<(String, ProbeSpec), Arc<Prober>>,
    /// The one client all probes share, built on first use.
    probe_client: Option<reqwest::Client>,
    /// Endpoint URL → when its last answer would read differently (a
    /// maintenance starts or ends): asked for in full then, not "if changed".
    reread: HashMap<String, Now>,
}

type Now = chrono::DateTime<chrono::Utc>;

impl Checker {
    pub fn new(fetcher: Fetcher) -> Checker {
        Checker {
            fetcher,
            state: Arc::default(),
            deadline: CHECK_DEADLINE,
            statusio_api: crate::sources::follow::STATUSIO_API.into(),
        }
    }

    /// Another base for status.io's API (a mirror; a loopback server in tests).
    pub fn with_statusio_api(mut self, base: &str) -> Checker {
        self.statusio_api = base.into();
        self
    }

    /// Another overall deadline for each check (`downbeat check --timeout`).
    pub fn with_deadline(mut self, deadline: std::time::Duration) -> Checker {
        self.deadline = deadline;
        self
    }

    pub fn fetcher(&self) -> &Fetcher {
        &self.fetcher
    }

    fn memory(&self) -> std::sync::MutexGuard<'_, Memory> {
        self.state
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// Check `source` once. `conditional` asks status pages for changes only.
    pub async fn check(
        &self,
        source: &SourceSpec,
        conditional: bool,
        now: chrono::DateTime<chrono::Utc>,
    ) -> SourceCheck {
        let started = std::time::Instant::now();
        match tokio::time::timeout(
            self.deadline,
            self.check_unbounded(source, conditional, now),
        )
        .await
        {
            // Links are already http(s) only: `plan::parse` makes every
            // snapshot's text plain (sources::text).
            Ok(result) => result,
            Err(_) => {
                let latency = u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX);
                let error = CheckError {
                    kind: ErrorKind::Timeout,
                    message: format!("no answer within {} s", self.deadline.as_secs_f64().round()),
                };
                SourceCheck::failed(&source.url, error, None, latency)
            }
        }
    }

    async fn check_unbounded(
        &self,
        source: &SourceSpec,
        conditional: bool,
        now: chrono::DateTime<chrono::Utc>,
    ) -> SourceCheck {
        match source.kind {
            SourceKind::Http => {
                let spec = source.probe.clone().unwrap_or_default();
                self.probe(&source.url, spec, now).await
            }
            SourceKind::Auto => self.check_auto(&source.url, conditional, now).await,
            _ => {
                self.check_page(&source.url, &source.endpoints, conditional, now)
                    .await
            }
        }
    }

    async fn probe(
        &self,
        url: &str,
        spec: ProbeSpec,
        now: chrono::DateTime<chrono::Utc>,
    ) -> SourceCheck {
        let prober = match self.prober(url, spec) {
            Ok(prober) => prober,
            Err(error) => return SourceCheck::failed(url, error, None, 0),
        };
        let result = prober
            .probe_with_clock(url, &crate::model::clock::FixedClock(now))
            .await;
        SourceCheck {
            outcome: result.outcome,
            status: result.status,
            url: url.to_owned(),
            http_status: result.http_status,
            latency_ms: result.latency_ms,
            error: result.error,
            snapshot: None,
            not_modified: false,
            detected: None,
            notes: result.notes,
        }
    }

    fn prober(&self, url: &str, spec: ProbeSpec) -> Result<Arc<Prober>, CheckError> {
        let key = (url.to_owned(), spec);
        if let Some(prober) = self.memory().probers.get(&key) {
            return Ok(prober.clone());
        }
        let shared = self.memory().probe_client.clone();
        let client = match shared {
            Some(client) => client,
            None => {
                let client = Prober::client(self.fetcher.options())?;
                self.memory().probe_client.get_or_insert(client).clone()
            }
        };
        let prober = Arc::new(Prober::with_client(
            key.1.clone(),
            client,
            self.fetcher.options(),
        )?);
        self.memory().probers.insert(key, prober.clone());
        Ok(prober)
    }

    /// A status page: the endpoint that worked last time, else each in turn.
    async fn check_page(
        &self,
        source_url: &str,
        endpoints: &[Endpoint],
        conditional: bool,
        now: Now,
    ) -> SourceCheck {
        let remembered = self.memory().working.get(source_url).cloned();
        if let Some(endpoint) = remembered.filter(|known| endpoints.contains(known)) {
            let result = self.fetch_endpoint(&endpoint, conditional, now).await;
            if result.outcome == Outcome::Ok || endpoints.len() == 1 {
                return result;
            }
            // It stopped answering in that form: look again, from the best.
            self.memory().working.remove(source_url);
            if !is_absent(&result) {
                return result;
            }
        }
        let mut last = None;
        for endpoint in endpoints {
            let result = self.fetch_endpoint(endpoint, conditional, now).await;
            if result.outcome == Outcome::Ok {
                self.memory()
                    .working
                    .insert(source_url.to_owned(), endpoint.clone());
                return result;
            }
            let absent = is_absent(&result);
            last = Some(result);
            // Only "not here" moves on; a timeout or a 503 is this page's answer.
            if !absent {
                break;
            }
        }
        last.unwrap_or_else(|| {
            SourceCheck::failed(
                source_url,
                CheckError {
                    kind: ErrorKind::Other,
                    message: "no endpoint to check".into(),
                },
                None,
                0,
            )
        })
    }

    async fn fetch_endpoint(
        &self,
        endpoint: &Endpoint,
        conditional: bool,
        now: Now,
    ) -> SourceCheck {
        // The same bytes read differently once a window opens or closes.
        let due = self
            .memory()
            .reread
            .get(&endpoint.url)
            .is_some_and(|at| *at <= now);
        let headers = &endpoint.headers;
        let fetched = match self
            .fetcher
            .get_with(&endpoint.url, conditional && !due, headers)
            .await
        {
            Ok(fetched) => fetched,
            Err(failure) => return SourceCheck::from_fetch_error(&endpoint.url, failure),
        };
        let mut check = SourceCheck {
            outcome: Outcome::Ok,
            status: Status::Unknown,
            url: endpoint.url.clone(),
            http_status: Some(fetched.http_status),
            latency_ms: fetched.latency_ms,
            error: None,
            snapshot: None,
            not_modified: fetched.body.is_none(),
            detected: Some(Detected {
                kind: endpoint.format.kind(),
                endpoint: Some(endpoint.clone()),
                explanation: explain(endpoint),
            }),
            notes: Vec::new(),
        };
        let Some(body) = fetched.body else {
            return check;
        };
        let companion = self.companion(endpoint.companion.as_deref(), headers).await;
        let extra = self.companion(endpoint.extra.as_deref(), headers).await;
        let read = plan::parse_with_extra(
            endpoint.format,
            &body,
            companion.as_deref(),
            extra.as_deref(),
            now,
        );
        match read {
            Ok(snapshot) => {
                let mut memory = self.memory();
                match plan::next_change(endpoint.format, &snapshot, now) {
                    Some(at) => memory.reread.insert(endpoint.url.clone(), at),
                    None => memory.reread.remove(&endpoint.url),
                };
                check.snapshot = Some(snapshot);
            }
            Err(error) => {
                // Do not let a 304 stand in for a page we could not read.
                self.fetcher.forget(&endpoint.url);
                check.outcome = Outcome::Failed;
                check.error = Some(CheckError {
                    kind: ErrorKind::Parse,
                    message: error.to_string(),
                });
            }
        }
        check
    }

    /// The companion (or extra) document, when there is one and it answers;
    /// without it the snapshot is coarser, not wrong.
    async fn companion(&self, url: Option<&str>, headers: &plan::Headers) -> Option<Vec<u8>> {
        self.fetcher.get_with(url?, false, headers).await.ok()?.body
    }

    async fn check_auto(
        &self,
        url: &str,
        conditional: bool,
        now: chrono::DateTime<chrono::Utc>,
    ) -> SourceCheck {
        let known = self.memory().detected.get(url).cloned();
        if let Some(detected) = known {
            let mut result = match &detected.endpoint {
                Some(endpoint) => self.fetch_endpoint(endpoint, conditional, now).await,
                None => self.probe(url, ProbeSpec::default(), now).await,
            };
            result.detected = Some(detected);
            return result;
        }
        let result = self.detect(url, now).await;
        if let Some(detected) = &result.detected {
            if result.outcome == Outcome::Ok {
                self.memory()
                    .detected
                    .insert(url.to_owned(), detected.clone());
            }
        }
        result
    }

    /// Find what `url` is: the first candidate whose answer parses as one of
    /// its formats; else, when the URL itself answers, an HTTP endpoint.
    pub async fn detect(&self, url: &str, now: chrono::DateTime<chrono::Utc>) -> SourceCheck {
        let candidates = match detect::candidates(url) {
            Ok(candidates) => without_credentials(candidates, url),
            Err(error) => {
                let error = CheckError {
                    kind: ErrorKind::Other,
                    message: error.message,
                };
                return SourceCheck::failed(url, error, None, 0);
            }
        };
        if let [only] = candidates.as_slice() {
            // The URL names one API (a known host, a telling path): its
            // failure is that status page's, not an endpoint's.
            return match self.try_candidate(only, true, now).await {
                Ok(found) => found,
                Err(mut failure) => {
                    // It did not answer: what was looked for is what the
                    // address names.
                    if failure.detected.is_none() && failure.snapshot.is_none() {
                        let unread = failure
                            .error
                            .as_ref()
                            .is_some_and(|e| e.kind != ErrorKind::Parse);
                        failure.detected = only.formats.first().filter(|_| unread).map(|format| {
                            let endpoint = only.endpoint(*format);
                            Detected {
                                kind: format.kind(),
                                explanation: explain(&endpoint),
                                endpoint: Some(endpoint),
                            }
                        });
                    }
                    failure
                }
            };
        }
        // The candidates, and the address itself as an endpoint to probe
        // (the answer when no format is known), are independent: all are
        // asked at once, so a slow server costs one wait, not one per path.
        let target = plan::normalize_url(url)
            .map(|u| u.to_string())
            .unwrap_or_else(|_| url.to_owned());
        let probe = self.probe(&target, ProbeSpec::default(), now);
        let (found, mut probed) = tokio::join!(self.first_candidate(&candidates, now), probe);
        if let Some(found) = found {
            return found;
        }
        let target = crate::model::text::redact_url(&target);
        let explanation = if probed.outcome == Outcome::Ok {
            format!("No status page format was recognised at {target}; it is checked as an HTTP endpoint (any 2xx answer is up).")
        } else {
            format!("No status page could be read at {target}, and as an HTTP endpoint it fails.")
        };
        probed.detected = Some(Detected {
            kind: SourceKind::Http,
            endpoint: None,
            explanation,
        });
        probed
    }

    /// The best-ranked candidate that is found (once every better-ranked one
    /// has failed), asking all at once; else a status page recognised by
    /// its content but unreadable, whose own failure is then the answer
    /// rather than an HTTP probe of the address.
    async fn first_candidate(&self, candidates: &[Candidate], now: Now) -> Option<SourceCheck> {
        use futures_util::stream::{FuturesUnordered, StreamExt as _};
        let mut pending: FuturesUnordered<_> = candidates
            .iter()
            .enumerate()
            .map(|(rank, candidate)| async move {
                (rank, self.try_candidate(candidate, true, now).await)
            })
            .collect();
        let mut results: Vec<Option<Result<SourceCheck, SourceCheck>>> =
            vec![None; candidates.len()];
        while let Some((rank, result)) = pending.next().await {
            if let Some(slot) = results.get_mut(rank) {
                *slot = Some(result);
            }
            for slot in &mut results {
                match slot {
                    Some(Ok(_)) => return slot.take().and_then(Result::ok),
                    Some(Err(_)) => continue,
                    None => break,
                }
            }
        }
        results
            .into_iter()
            .flatten()
            .find_map(|result| result.err().filter(|failure| failure.detected.is_some()))
    }

    /// Fetch a candidate and read its answer: first as the formats its
    /// content looks like (see [`sniff`]), then as those its address
    /// suggests. On failure, the error says what was found and what failed.
    async fn try_candidate(
        &self,
        candidate: &Candidate,
        follow: bool,
        now: Now,
    ) -> Result<SourceCheck, SourceCheck> {
        let fetched = self
            .fetcher
            .get(&candidate.url, false)
            .await
            .map_err(|failure| SourceCheck::from_fetch_error(&candidate.url, failure))?;
        let body = fetched.body.unwrap_or_default();
        let none = plan::Headers::default();
        let companion = self.companion(candidate.companion.as_deref(), &none).await;
        let extra = self.companion(candidate.extra.as_deref(), &none).await;
        let looks_like = sniff(&body);
        let mut order: Vec<Format> = looks_like.clone();
        for format in &candidate.formats {
            if !order.contains(format) {
                order.push(*format);
            }
        }
        let mut errors = Vec::new();
        for format in order {
            let read =
                plan::parse_with_extra(format, &body, companion.as_deref(), extra.as_deref(), now);
            match read {
                Ok(snapshot) => {
                    let endpoint = candidate.endpoint(format);
                    return Ok(SourceCheck {
                        outcome: Outcome::Ok,
                        status: Status::Unknown,
                        url: candidate.url.clone(),
                        http_status: Some(fetched.http_status),
                        latency_ms: fetched.latency_ms,
                        error: None,
                        snapshot: Some(snapshot),
                        not_modified: false,
                        detected: Some(Detected {
                            kind: format.kind(),
                            explanation: explain(&endpoint),
                            endpoint: Some(endpoint),
                        }),
                        notes: Vec::new(),
                    });
                }
                Err(error) => errors.push((format, error)),
            }
        }
        // A page that names where its data is (status.io, UptimeRobot): there.
        let linked = follow
            .then(|| crate::sources::follow::linked(&body, &candidate.url, &self.statusio_api))
            .flatten();
        for next in linked.into_iter().flatten() {
            if let Ok(found) = Box::pin(self.try_candidate(&next, false, now)).await {
                return Ok(found);
            }
        }
        // What was found is what the content looks like; what failed is
        // that format's reading of it. Content like no format: the first
        // format the address suggested, and why it is not that.
        let (found, failed) = match looks_like.first() {
            Some(format) => (Some(*format), errors.iter().find(|(f, _)| f == format)),
            None => (None, errors.first()),
        };
        let message = match (found, failed) {
            // The explanation names what was found; the error, what failed.
            (Some(_), Some((_, error))) => format!("it could not be read: {error}"),
            (None, Some((_, error))) => format!(
                "no status page format this app reads was recognised at {} ({error})",
                candidate.url
            ),
            (_, None) => format!("nothing to read at {}", candidate.url),
        };
        let mut failure = SourceCheck::failed(
            &candidate.url,
            CheckError {
                kind: ErrorKind::Parse,
                message,
            },
            Some(fetched.http_status),
            fetched.latency_ms,
        );
        failure.detected = found.map(|format| {
            let endpoint = candidate.endpoint(format);
            Detected {
                kind: format.kind(),
                explanation: format!(
                    "Found what looks like {} at {}.",
                    detect::what(format),
                    endpoint.url
                ),
                endpoint: Some(endpoint),
            }
        });
        Err(failure)
    }
}

/// Credentials in a URL are for that URL: the other addresses detection
/// tries get none.
fn without_credentials(mut candidates: Vec<Candidate>, written: &str) -> Vec<Candidate> {
    let written = plan::normalize_url(written).ok();
    let strip = |url: &mut String| {
        let Ok(mut parsed) = url::Url::parse(url) else {
            return;
        };
        if written.as_ref() == Some(&parsed) {
            return;
        }
        if parsed.username().is_empty() && parsed.password().is_none() {
            return;
        }
        let _ = parsed.set_username("");
        let _ = parsed.set_password(None);
        *url = parsed.to_string();
    };
    for candidate in &mut candidates {
        strip(&mut candidate.url);
        for other in [&mut candidate.companion, &mut candidate.extra]
            .into_iter()
            .flatten()
        {
            strip(other);
        }
    }
    candidates
}

/// The endpoint is not there (404 and kin), or answers with something else:
/// worth trying the next one.
fn is_absent(result: &SourceCheck) -> bool {
    match &result.error {
        Some(error) if error.kind == ErrorKind::Parse => true,
        Some(error) if error.kind == ErrorKind::HttpStatus => {
            matches!(
                result.http_status,
                Some(400 | 401 | 403 | 404 | 405 | 406 | 410 | 415 | 422)
            )
        }
        _ => false,
    }
}

fn explain(endpoint: &Endpoint) -> String {
    format!(
        "Found {} at {}.",
        detect::what(endpoint.format),
        crate::model::text::redact_url(&endpoint.url)
    )
}
