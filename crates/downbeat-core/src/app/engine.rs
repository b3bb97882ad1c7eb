//! The engine: runs the [`Monitor`]'s decisions against the world. It fetches
//! and parses sources with a bounded number of requests in flight, assesses
//! the connection, stores what happens, shows notifications and tells its
//! subscribers.
//!
//! One task owns all state; checks run in a `JoinSet` and report back to it,
//! so nothing here needs a lock.

pub use crate::app::slots::Limits;
use crate::app::slots::Slots;
use crate::config::{Config, ServiceSpec, SourceKind, SourceSpec};
use crate::io::checker::Checker;
use crate::io::connectivity::ConnectivityChecker;
use crate::io::fetch::Fetcher;
use crate::io::hooks::{HookBoard, HookOptions, Hooks};
use crate::io::notifier::Notifier;
use crate::logic::monitor::{Effect, Monitor};
use crate::logic::reachability::Assessment;
use crate::model::clock::Clock;
use crate::model::i18n::Language;
use crate::model::{Connectivity, Event, Observation, Overview, ServiceState, Snapshot, Status};
use crate::store::Store;
use chrono::{DateTime, FixedOffset, Utc};
use futures_util::FutureExt as _;
use std::collections::HashMap;
use std::future::Future;
use std::sync::Arc;
use tokio::sync::{broadcast, mpsc, watch};
use tokio::task::JoinSet;
use tokio::time::Instant;

mod steering;
mod storage;

/// What the tray, the dashboard and the CLI ask of a running engine.
#[derive(Debug, Clone)]
pub enum Command {
    /// Check every service now ("Check now").
    CheckNow,
    /// What the operating system said (sleep, wake, network change).
    Os(crate::app::os_events::OsEvent),
    /// Pause notifications until the given time; `None` resumes them.
    Pause(Option<DateTime<Utc>>),
    /// Watch with this config from now on (the settings changed). States
    /// carry over through the store, the pause and snoozes with the engine;
    /// checks in flight are dropped.
    Reload(Box<Config>),
    /// Check one service now.
    CheckService(String),
    /// Snooze one service (or end its snooze); kept across restarts.
    Snooze {
        service: String,
        choice: crate::model::alerts::SnoozeChoice,
    },
    /// "Tell me when it's back" for a service that is down, or not any more.
    WhenBack { service: String, on: bool },
}

/// Handles to a running engine.
#[derive(Clone)]
pub struct EngineHandle {
    pub commands: mpsc::Sender<Command>,
    pub events: broadcast::Sender<Event>,
    pub overview: watch::Receiver<Overview>,
    /// The last outcome of each hook, for Settings.
    pub hooks: HookBoard,
}

pub struct Engine {
    config: Config,
    checker: Checker,
    connectivity: Option<ConnectivityChecker>,
    /// Only the engine's task uses it; the lock just lets `&self` methods write.
    store: std::sync::Mutex<Store>,
    notifier: Arc<dyn Notifier>,
    clock: Arc<dyn Clock>,
    events: broadcast::Sender<Event>,
    language: Language,
    offset: FixedOffset,
    /// Bumped by each reload: a check started under an older config names
    /// its service by an index that may mean another service now.
    generation: u64,
    limits: Limits,
    /// `None` while writes reach the store; else how many good ones in a
    /// row since the last failure (see `kept`).
    store_health: std::sync::Mutex<Option<u32>>,
    /// Started with the engine's task, and again on each reload.
    hooks: Hooks,
    hook_board: HookBoard,
    hook_options: HookOptions,
}

/// What a background task reports.
enum Done {
    Checked {
        service: usize,
        results: Vec<SourceResult>,
        generation: u64,
    },
    Assessed(Assessment),
}

struct SourceResult {
    observation: Observation,
    /// `Some` when the source is a status page that answered with a body that parsed.
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
        let connectivity =
            ConnectivityChecker::new(config.connectivity.clone(), fetcher.resolver())
                .inspect_err(|error| tracing::warn!("connectivity checks off: {error}"))
                .ok();
        let language = language_of(&config);
        Engine {
            config,
            checker: Checker::new(fetcher),
            connectivity,
            store: std::sync::Mutex::new(store),
            notifier,
            clock,
            events: broadcast::channel(256).0,
            language,
            offset: chrono::Local::now().offset().to_owned(),
            generation: 0,
            limits: Limits::default(),
            store_health: std::sync::Mutex::new(None),
            hooks: Hooks::none(),
            hook_board: HookBoard::default(),
            hook_options: HookOptions::default(),
        }
    }

    /// Other time limits and retries for hooks (tests shorten them).
    pub fn with_hook_options(mut self, options: HookOptions) -> Engine {
        self.hook_options = options;
        self
    }

    /// The hooks' reports; also on the [`EngineHandle`].
    pub fn hook_board(&self) -> HookBoard {
        self.hook_board.clone()
    }

    /// (Re)start the config's hooks; the old ones finish what they hold.
    fn start_hooks(&mut self) {
        self.hooks = Hooks::start(
            &self.config,
            (self.language, self.offset),
            self.checker.fetcher().options(),
            self.hook_options.clone(),
            self.clock.clone(),
            &self.hook_board,
        );
    }

    /// Other limits on checks in flight (the benchmarks compare them).
    pub fn with_limits(mut self, limits: Limits) -> Engine {
        self.limits = limits;
        self
    }

    /// Take a new config: its services, anchors and language.
    fn reload(&mut self, config: Config) {
        self.connectivity = ConnectivityChecker::new(
            config.connectivity.clone(),
            self.checker.fetcher().resolver(),
        )
        .inspect_err(|error| tracing::warn!("connectivity checks off: {error}"))
        .ok();
        self.language = language_of(&config);
        self.config = config;
        self.generation += 1;
    }

    fn stored_states(&self) -> HashMap<String, ServiceState> {
        match self.store().states() {
            Ok(states) => states.into_iter().map(|s| (s.service.clone(), s)).collect(),
            Err(error) => {
                tracing::error!("cannot read stored states: {error}");
                HashMap::new()
            }
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
        let hooks = self.hook_board.clone();
        let task = tokio::spawn(self.run(command_rx, overview_tx, shutdown));
        (
            EngineHandle {
                commands,
                events,
                overview,
                hooks,
            },
            task,
        )
    }

    /// Run until `shutdown` completes or every command sender is gone.
    async fn run(
        mut self,
        mut commands: mpsc::Receiver<Command>,
        overview: watch::Sender<Overview>,
        shutdown: impl Future<Output = ()> + Send,
    ) {
        self.start_hooks();
        let stored = self.stored_states();
        let mut monitor = Monitor::new(&self.config, &stored, self.offset, self.language);
        let mut snapshots = self.stored_snapshots();
        let limit = Slots::new(self.limits);
        let mut tasks: JoinSet<Done> = JoinSet::new();
        let start = Instant::now();
        let mut rolled_hour = None;
        let clock = self.clock.clone();
        let publish = |monitor: &Monitor| {
            let wall = clock.now();
            overview.send_replace(Overview {
                services: monitor.states(wall),
                paused_until: monitor.paused_until(wall),
                connectivity: monitor.connectivity(),
                muted: monitor.muted(),
                alerts: monitor.alerts(wall),
            });
        };
        let mut kept_steering = self.stored_steering();
        monitor.restore(&kept_steering, self.clock.now());
        publish(&monitor);
        tokio::pin!(shutdown);

        loop {
            let (mono, wall) = (start.elapsed(), self.clock.now());
            self.keep_steering(&monitor, &mut kept_steering, wall);
            let effects = monitor.due(mono, wall);
            let changed = !effects.is_empty();
            self.execute(effects, &monitor, &mut tasks, &limit);
            if changed {
                publish(&monitor);
            }
            self.hooks
                .tick(wall, &|| monitor.states(wall), monitor.connectivity());
            let mut wake = start + monitor.next_wakeup(start.elapsed(), self.clock.now());
            // Hooks hold their own groups (see `io::hooks`).
            if let Some(due) = self.hooks.next_deadline() {
                let wait = (due - self.clock.now()).to_std().unwrap_or_default();
                wake = wake.min(Instant::now() + wait);
            }

            tokio::select! {
                () = &mut shutdown => break,
                () = tokio::time::sleep_until(wake) => {}
                Some(joined) = tasks.join_next() => {
                    let Ok(done) = joined else { continue };
                    let (mono, wall) = (start.elapsed(), self.clock.now());
                    let effects = match done {
                        Done::Assessed(assessment) => monitor.connectivity_assessed(assessment, mono, wall),
                        Done::Checked { generation, .. } if generation != self.generation => Vec::new(),
                        Done::Checked { service, results, .. } => {
                            let count = results.len();
                            let mut effects = Vec::new();
                            for (source, result) in results.into_iter().enumerate() {
                                let (observation, snapshot) = self.settle_snapshot(&mut snapshots, service, source, result);
                                effects.extend(monitor.checked(service, source, observation, snapshot.as_ref(), source + 1 == count, mono, wall));
                            }
                            effects
                        }
                    };
                    self.execute(effects, &monitor, &mut tasks, &limit);
                    publish(&monitor);
                    self.roll_up(&mut rolled_hour, wall);
                }
                command = commands.recv() => match command {
                    Some(Command::CheckNow) => monitor.check_now(start.elapsed()),
                    Some(Command::Os(event)) => {
                        let (mono, wall) = (start.elapsed(), self.clock.now());
                        let effects = match event {
                            crate::app::os_events::OsEvent::Sleeping => monitor.os_sleeping(wall),
                            crate::app::os_events::OsEvent::Woke => monitor.os_woke(mono, wall),
                            crate::app::os_events::OsEvent::NetworkChanged => {
                                monitor.network_changed();
                                Vec::new()
                            }
                        };
                        self.execute(effects, &monitor, &mut tasks, &limit);
                        publish(&monitor);
                    }
                    Some(Command::Pause(until)) => {
                        let effects = monitor.pause(until, self.clock.now());
                        self.execute(effects, &monitor, &mut tasks, &limit);
                        publish(&monitor);
                    }
                    Some(Command::CheckService(service)) => monitor.check_service(&service, start.elapsed()),
                    Some(Command::Snooze { service, choice }) => {
                        monitor.snooze(&service, choice, self.clock.now());
                        publish(&monitor);
                    }
                    Some(Command::WhenBack { service, on }) => {
                        monitor.when_back(&service, on, self.clock.now());
                        publish(&monitor);
                    }
                    Some(Command::Reload(config)) => {
                        self.reload(*config);
                        self.start_hooks();
                        let steering = monitor.steering(self.clock.now());
                        monitor = Monitor::new(&self.config, &self.stored_states(), self.offset, self.language);
                        monitor.restore(&steering, self.clock.now());
                        snapshots = self.stored_snapshots();
                        publish(&monitor);
                    }
                    None => break,
                },
            }
        }
        // A snooze or "when back" set just before the stop is kept too.
        self.keep_steering(&monitor, &mut kept_steering, self.clock.now());
        tasks.shutdown().await;
    }

    fn execute(
        &self,
        effects: Vec<Effect>,
        monitor: &Monitor,
        tasks: &mut JoinSet<Done>,
        limit: &Slots,
    ) {
        for effect in effects {
            match effect {
                Effect::Check { service } => {
                    let Some(spec) = monitor.spec(service).cloned() else {
                        continue;
                    };
                    let (checker, clock, limit) =
                        (self.checker.clone(), self.clock.clone(), limit.clone());
                    let generation = self.generation;
                    tasks.spawn(async move {
                        let mut results = Vec::with_capacity(spec.sources.len());
                        for source in &spec.sources {
                            let _permits = limit.acquire(&source.url).await;
                            // A bug in one parser must not leave the service
                            // waiting forever for a result: it becomes a
                            // failed check, and the next one is scheduled.
                            let checked = std::panic::AssertUnwindSafe(check(
                                &spec,
                                source,
                                &checker,
                                clock.as_ref(),
                            ))
                            .catch_unwind()
                            .await;
                            results.push(
                                checked.unwrap_or_else(|_| panicked(&spec, source, clock.now())),
                            );
                        }
                        Done::Checked {
                            service,
                            results,
                            generation,
                        }
                    });
                }
                Effect::CheckConnectivity => match &self.connectivity {
                    Some(checker) => {
                        let checker = checker.clone();
                        tasks.spawn(async move { Done::Assessed(checker.check().await) });
                    }
                    None => {
                        tasks.spawn(async {
                            Done::Assessed(Assessment {
                                state: Connectivity::Online,
                                reason: crate::model::Reason::ChecksOff,
                            })
                        });
                    }
                },
                Effect::StateChanged(transition) => {
                    let recorded = self
                        .store()
                        .record_state(&transition.change, &transition.state);
                    self.kept(recorded);
                    let wall = self.clock.now();
                    self.hooks
                        .on_transition(&transition, wall, &|| monitor.states(wall));
                    let change = transition.change;
                    let _ = self.events.send(Event::State {
                        at: change.at,
                        service: change.service,
                        from: change.from,
                        to: change.to,
                        cause: change.cause,
                        reason: change.reason,
                    });
                }
                Effect::Touch(state) => {
                    let touched = self.store().touch_state(&state);
                    self.kept(touched);
                }
                Effect::Notify(notification) => {
                    self.notifier.notify(&notification);
                    let _ = self.events.send(Event::Notification {
                        at: self.clock.now(),
                        notification,
                    });
                }
                Effect::Event(event) => {
                    if let Event::Connectivity { state, at, .. } = &event {
                        self.hooks
                            .on_connectivity(*state, *at, &|| monitor.states(*at));
                    }
                    let _ = self.events.send(event);
                }
                Effect::Gap { from, to, why } => {
                    let recorded = self.store().record_gap(from, to, why);
                    self.kept(recorded);
                }
            }
        }
    }
}

/// The language of notifications for `config`, from its setting and the
/// system's locale.
pub fn language_of(config: &Config) -> Language {
    Language::from_setting(&config.general.language, system_locale().as_deref())
}

/// The system's language, for words said before a config is read (or when
/// it cannot be).
pub fn system_language() -> Language {
    Language::from_setting("auto", system_locale().as_deref())
}

/// The system's language setting, read where the engine starts (an edge).
fn system_locale() -> Option<String> {
    ["LC_ALL", "LC_MESSAGES", "LANG"]
        .iter()
        .find_map(|name| std::env::var(name).ok().filter(|v| !v.is_empty()))
}

/// What a check that panicked (a bug of ours) is recorded as.
fn panicked(spec: &ServiceSpec, source: &SourceSpec, at: DateTime<Utc>) -> SourceResult {
    tracing::error!(
        "checking {} ({}) panicked; counted as a failed check",
        spec.id,
        source.url
    );
    SourceResult {
        observation: Observation {
            service: spec.id.clone(),
            source: source.url.clone(),
            at,
            outcome: crate::model::Outcome::Failed,
            status: Status::Unknown,
            latency_ms: None,
            http_status: None,
            error: Some(crate::model::CheckError {
                kind: crate::model::ErrorKind::Other,
                message: "Downbeat failed while reading this source (a bug); it will try again."
                    .into(),
            }),
        },
        fresh: None,
        not_modified: false,
    }
}

/// Check one source and say what it means as an observation.
async fn check(
    spec: &ServiceSpec,
    source: &SourceSpec,
    checker: &Checker,
    clock: &dyn Clock,
) -> SourceResult {
    let at = clock.now();
    let conditional = source.kind != SourceKind::Http;
    let result = checker.check(source, conditional, at).await;
    let observation = Observation {
        service: spec.id.clone(),
        source: source.url.clone(),
        at,
        outcome: result.outcome,
        status: result.status,
        latency_ms: Some(result.latency_ms),
        http_status: result.http_status,
        error: result.error,
    };
    SourceResult {
        observation,
        fresh: result.snapshot,
        not_modified: result.not_modified,
    }
}
