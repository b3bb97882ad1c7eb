//! The scheduler: checks each service on its interval with a bounded number
//! of requests in flight, turns results into verdicts and notifications,
//! stores them, and tells its subscribers.
//!
//! One task owns all state; checks run in a `JoinSet` and report back to it,
//! so nothing here needs a lock.

use crate::clock::Clock;
use crate::config::{Config, ServiceSpec, SourceKind};
use crate::fetch::{FetchError, Fetcher};
use crate::model::{
    CheckError, ErrorKind, Event, Observation, Outcome, ServiceState, Snapshot, Status,
};
use crate::notifier::Notifier;
use crate::policy::Policy;
use crate::sources::statuspage;
use crate::store::Store;
use crate::verdict::{Tracker, Verdict};
use chrono::{DateTime, Utc};
use serde::Serialize;
use std::collections::HashMap;
use std::future::Future;
use std::sync::Arc;
use tokio::sync::{broadcast, mpsc, watch, Semaphore};
use tokio::task::JoinSet;
use tokio::time::Instant;

/// How many checks may be in flight at once.
pub const MAX_IN_FLIGHT: usize = 4;

/// What the tray, the dashboard and the CLI ask of a running engine.
#[derive(Debug, Clone)]
pub enum Command {
    /// Check every service now ("Check now").
    CheckNow,
    /// Pause notifications until the given time; `None` resumes them.
    Pause(Option<DateTime<Utc>>),
}

/// The current picture, always available to late subscribers.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Overview {
    /// In the config's order.
    pub services: Vec<ServiceState>,
    pub paused_until: Option<DateTime<Utc>>,
}

impl Overview {
    /// The worst status among the services, for the tray icon; `unknown` when
    /// no service is observed.
    pub fn worst(&self) -> Status {
        let observed = self
            .services
            .iter()
            .map(|s| s.status)
            .filter(|s| *s != Status::Unknown);
        observed.reduce(Status::worst).unwrap_or(Status::Unknown)
    }
}

/// Handles to a running engine.
#[derive(Clone)]
pub struct EngineHandle {
    pub commands: mpsc::Sender<Command>,
    pub events: broadcast::Sender<Event>,
    pub overview: watch::Receiver<Overview>,
}

pub struct Engine {
    config: Config,
    fetcher: Fetcher,
    store: Store,
    notifier: Arc<dyn Notifier>,
    clock: Arc<dyn Clock>,
    events: broadcast::Sender<Event>,
}

struct Watched {
    spec: ServiceSpec,
    tracker: Tracker,
    next_due: Instant,
    in_flight: bool,
    /// The newest snapshot, reused when the page answers 304 Not Modified.
    last_snapshot: Option<Snapshot>,
}

struct CheckResult {
    index: usize,
    observation: Observation,
    /// `Some` when the page answered with a body that parsed.
    fresh: Option<Snapshot>,
    not_modified: bool,
}

impl Engine {
    pub fn new(
        config: Config,
        fetcher: Fetcher,
        store: Store,
        notifier: Arc<dyn Notifier>,
        clock: Arc<dyn Clock>,
    ) -> Engine {
        Engine {
            config,
            fetcher,
            store,
            notifier,
            clock,
            events: broadcast::channel(256).0,
        }
    }

    /// Subscribe before `spawn` to see every event from the first check on.
    pub fn subscribe(&self) -> broadcast::Receiver<Event> {
        self.events.subscribe()
    }

    /// Start the engine on the current tokio runtime.
    pub fn spawn(
        self,
        shutdown: impl Future<Output = ()> + Send + 'static,
    ) -> (EngineHandle, tokio::task::JoinHandle<()>) {
        let (commands, command_rx) = mpsc::channel(16);
        let events = self.events.clone();
        let (overview_tx, overview) = watch::channel(Overview::default());
        let task = tokio::spawn(self.run(command_rx, events.clone(), overview_tx, shutdown));
        (
            EngineHandle {
                commands,
                events,
                overview,
            },
            task,
        )
    }

    /// Run until `shutdown` completes or every command sender is gone.
    pub async fn run(
        self,
        mut commands: mpsc::Receiver<Command>,
        events: broadcast::Sender<Event>,
        overview: watch::Sender<Overview>,
        shutdown: impl Future<Output = ()> + Send,
    ) {
        let Engine {
            config,
            fetcher,
            mut store,
            notifier,
            clock,
            events: _,
        } = self;
        let stored: HashMap<String, ServiceState> = match store.states() {
            Ok(states) => states.into_iter().map(|s| (s.service.clone(), s)).collect(),
            Err(error) => {
                tracing::error!("cannot read stored states: {error}");
                HashMap::new()
            }
        };
        let start = Instant::now();
        let mut watched: Vec<Watched> = config
            .services
            .iter()
            .map(|spec| Watched {
                tracker: Tracker::new(spec, stored.get(&spec.id).cloned()),
                spec: spec.clone(),
                next_due: start,
                in_flight: false,
                last_snapshot: None,
            })
            .collect();
        let mut policy = Policy::new(config.notifications.clone());
        let limit = Arc::new(Semaphore::new(MAX_IN_FLIGHT));
        let mut checks: JoinSet<CheckResult> = JoinSet::new();
        let publish = |watched: &[Watched], policy: &Policy| {
            let now = clock.now();
            overview.send_replace(Overview {
                services: watched.iter().map(|w| current_state(w, now)).collect(),
                paused_until: policy.paused_until(now),
            });
        };
        publish(&watched, &policy);
        tokio::pin!(shutdown);

        loop {
            let now = Instant::now();
            for (index, service) in watched.iter_mut().enumerate() {
                if service.in_flight || service.next_due > now {
                    continue;
                }
                service.in_flight = true;
                // Missed ticks are skipped, not replayed.
                service.next_due = now + service.spec.interval;
                let spec = service.spec.clone();
                let (fetcher, clock, limit) = (fetcher.clone(), clock.clone(), limit.clone());
                checks.spawn(async move {
                    let _permit = limit.acquire_owned().await.ok();
                    check(index, &spec, &fetcher, clock.as_ref()).await
                });
            }
            let next_due = watched
                .iter()
                .filter(|w| !w.in_flight)
                .map(|w| w.next_due)
                .min()
                .unwrap_or(now + std::time::Duration::from_secs(3600));

            tokio::select! {
                () = &mut shutdown => break,
                () = tokio::time::sleep_until(next_due) => {}
                Some(joined) = checks.join_next() => {
                    let Ok(result) = joined else { continue };
                    let Some(service) = watched.get_mut(result.index) else { continue };
                    service.in_flight = false;
                    handle_result(service, result, &mut store, &policy, notifier.as_ref(), &events, clock.now());
                    publish(&watched, &policy);
                }
                command = commands.recv() => match command {
                    Some(Command::CheckNow) => {
                        let now = Instant::now();
                        for service in &mut watched {
                            service.next_due = now;
                        }
                    }
                    Some(Command::Pause(until)) => {
                        policy.pause(until);
                        let _ = events.send(Event::Paused { at: clock.now(), until });
                        publish(&watched, &policy);
                    }
                    None => break,
                },
            }
        }
        checks.shutdown().await;
    }
}

fn current_state(watched: &Watched, now: DateTime<Utc>) -> ServiceState {
    watched.tracker.current(now)
}

fn handle_result(
    service: &mut Watched,
    result: CheckResult,
    store: &mut Store,
    policy: &Policy,
    notifier: &dyn Notifier,
    events: &broadcast::Sender<Event>,
    now: DateTime<Utc>,
) {
    let CheckResult {
        observation,
        fresh,
        not_modified,
        ..
    } = result;
    let mut observation = observation;
    let snapshot = match (fresh, not_modified) {
        (Some(snapshot), _) => {
            // A CDN may serve an older copy after a newer one: never go back.
            let stale = matches!(
                (snapshot.updated_at, service.last_snapshot.as_ref().and_then(|s| s.updated_at)),
                (Some(new), Some(old)) if new < old
            );
            if !stale {
                if let Err(error) = store.save_snapshot(&service.spec.id, observation.at, &snapshot)
                {
                    tracing::warn!("cannot store the snapshot of {}: {error}", service.spec.id);
                }
                service.last_snapshot = Some(snapshot);
            }
            service.last_snapshot.clone()
        }
        (None, true) => service.last_snapshot.clone(),
        (None, false) => None,
    };
    if let Some(snapshot) = &snapshot {
        observation.status = snapshot.status_for(&service.spec.components);
    }
    if let Err(error) = store.record_observation(&observation) {
        tracing::warn!(
            "cannot store an observation of {}: {error}",
            service.spec.id
        );
    }
    let _ = events.send(Event::observation(&observation));

    match service.tracker.observe(0, &observation, snapshot.as_ref()) {
        Verdict::Changed(transition) => {
            if let Err(error) = store.record_state(&transition.change, &transition.state) {
                tracing::warn!(
                    "cannot store a state change of {}: {error}",
                    service.spec.id
                );
            }
            let _ = events.send(Event::State {
                at: transition.change.at,
                service: transition.change.service.clone(),
                from: transition.change.from,
                to: transition.change.to,
                cause: transition.change.cause,
                reason: transition.change.reason.clone(),
            });
            if let Some(notification) = policy.on_transition(&transition, service.spec.muted, now) {
                notifier.notify(&notification);
                let _ = events.send(Event::Notification {
                    at: now,
                    notification,
                });
            }
        }
        Verdict::Unchanged(state) => {
            if let Err(error) = store.touch_state(&state) {
                tracing::warn!("cannot store the state of {}: {error}", service.spec.id);
            }
        }
        Verdict::Pending => {}
    }
}

/// Check one service: fetch its status page and parse it.
async fn check(
    index: usize,
    spec: &ServiceSpec,
    fetcher: &Fetcher,
    clock: &dyn Clock,
) -> CheckResult {
    let at = clock.now();
    // Several sources per service come with the probe work; today the first decides.
    let url = spec
        .sources
        .first()
        .map(|s| s.url.clone())
        .unwrap_or_default();
    let kind = spec.sources.first().map(|s| s.kind);
    let fetched = fetcher.get(&url, true).await;
    let failed = |error: CheckError, http_status, latency_ms| Observation {
        service: spec.id.clone(),
        source: url.clone(),
        at,
        outcome: Outcome::Failed,
        status: Status::Unknown,
        latency_ms: Some(latency_ms),
        http_status,
        error: Some(error),
    };
    match fetched {
        Err(FetchError {
            error,
            http_status,
            latency_ms,
        }) => CheckResult {
            index,
            observation: failed(error, http_status, latency_ms),
            fresh: None,
            not_modified: false,
        },
        Ok(response) => {
            let ok = Observation {
                service: spec.id.clone(),
                source: url.clone(),
                at,
                outcome: Outcome::Ok,
                status: Status::Unknown,
                latency_ms: Some(response.latency_ms),
                http_status: Some(response.http_status),
                error: None,
            };
            let Some(body) = response.body else {
                return CheckResult {
                    index,
                    observation: ok,
                    fresh: None,
                    not_modified: true,
                };
            };
            let parsed = match kind {
                Some(SourceKind::Statuspage) | None => statuspage::parse_summary(&body),
                Some(SourceKind::Http) => Err(crate::sources::ParseError::new("http", "http probes are not wired in yet")),
            };
            match parsed {
                Ok(snapshot) => CheckResult {
                    index,
                    observation: ok,
                    fresh: Some(snapshot),
                    not_modified: false,
                },
                Err(error) => {
                    // Do not let a 304 stand in for a page we could not read.
                    fetcher.forget(&url);
                    CheckResult {
                        index,
                        observation: failed(
                            CheckError {
                                kind: ErrorKind::Parse,
                                message: error.to_string(),
                            },
                            Some(response.http_status),
                            response.latency_ms,
                        ),
                        fresh: None,
                        not_modified: false,
                    }
                }
            }
        }
    }
}
