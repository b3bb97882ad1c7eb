//! A simulated world for the monitor: status pages, endpoints, the user's
//! connection and the computer's sleep, each a script over time. The monitor
//! runs through hours of it in milliseconds; what it decides is logged.

use chrono::{DateTime, TimeZone, Utc};
use downbeat_core::config::catalog::Catalog;
use downbeat_core::config::Config;
use downbeat_core::logic::monitor::{Effect, Monitor};
use downbeat_core::logic::reachability::Assessment;
use downbeat_core::model::i18n::Language;
use downbeat_core::model::{
    CheckError, Connectivity, ErrorKind, Event, NotificationKind, Observation, Outcome, Snapshot,
    Status, VendorIncident,
};
use std::collections::HashMap;
use std::path::Path;
use std::time::Duration;

pub const fn secs(n: u64) -> Duration {
    Duration::from_secs(n)
}

pub const fn mins(n: u64) -> Duration {
    Duration::from_secs(n * 60)
}

/// What a status page says.
#[derive(Debug, Clone, PartialEq)]
pub enum Page {
    Fine,
    Down(&'static str),
    Maintenance(&'static str),
    Unreachable,
}

/// What an endpoint does.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Endpoint {
    Up,
    /// Answers, after this many milliseconds.
    Slow(u64),
    Http(u16),
    Hang,
}

/// A value that changes at given times: (from, value), sorted.
#[derive(Debug, Clone)]
pub struct Script<T>(pub Vec<(Duration, T)>);

impl<T: Clone> Script<T> {
    pub fn always(value: T) -> Script<T> {
        Script(vec![(Duration::ZERO, value)])
    }

    pub fn then(mut self, at: Duration, value: T) -> Script<T> {
        self.0.push((at, value));
        self
    }

    fn at(&self, t: Duration) -> T {
        self.0
            .iter()
            .rev()
            .find(|(from, _)| *from <= t)
            .or(self.0.first())
            .map(|(_, v)| v.clone())
            .expect("empty script")
    }
}

/// Something the monitor decided, as the log records it.
#[derive(Debug, Clone, PartialEq)]
pub enum Happened {
    State {
        service: String,
        from: Option<Status>,
        to: Status,
    },
    Notified {
        kind: NotificationKind,
        services: Vec<String>,
        title: String,
        body: String,
    },
    Connection(Connectivity),
    Gap {
        length: Duration,
        why: Connectivity,
    },
}

pub struct Sim {
    monitor: Monitor,
    config: Config,
    pages: HashMap<String, Script<Page>>,
    endpoints: HashMap<String, Script<Endpoint>>,
    connection: Script<Connectivity>,
    /// (mono time, how long the computer sleeps from then).
    sleeps: Vec<(Duration, Duration)>,
    pub mono: Duration,
    pub wall: DateTime<Utc>,
    arrivals: Vec<(Duration, Arrival)>,
    pub log: Vec<(Duration, Happened)>,
    pub checks: usize,
}

enum Arrival {
    Checked {
        service: usize,
        results: Vec<(Observation, Option<Snapshot>)>,
    },
    Assessed(Assessment),
}

/// The wall clock at the start: 2026-03-02 09:00 UTC, a Monday.
pub fn start_wall() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 3, 2, 9, 0, 0)
        .single()
        .expect("date")
}

impl Sim {
    /// `config_services` is the TOML of the services; connectivity anchors
    /// are simulated (one placeholder anchor turns the checks on).
    pub fn new(toml: &str) -> Sim {
        let text = format!(
            "[connectivity]\nanchors = [{{ url = \"http://anchor.test/\" }}]\naddresses = []\n\n{toml}"
        );
        let config = Config::parse(&text, Path::new("scenario.toml"), &Catalog::builtin())
            .expect("scenario config");
        let offset = chrono::FixedOffset::east_opt(0).expect("offset");
        let monitor = Monitor::new(&config, &HashMap::new(), offset, Language::En);
        Sim {
            monitor,
            config,
            pages: HashMap::new(),
            endpoints: HashMap::new(),
            connection: Script::always(Connectivity::Online),
            sleeps: Vec::new(),
            mono: Duration::ZERO,
            wall: start_wall(),
            arrivals: Vec::new(),
            log: Vec::new(),
            checks: 0,
        }
    }

    pub fn page(mut self, service: &str, script: Script<Page>) -> Sim {
        self.pages.insert(service.into(), script);
        self
    }

    pub fn endpoint(mut self, service: &str, script: Script<Endpoint>) -> Sim {
        self.endpoints.insert(service.into(), script);
        self
    }

    pub fn connection(mut self, script: Script<Connectivity>) -> Sim {
        self.connection = script;
        self
    }

    pub fn sleep(mut self, at: Duration, length: Duration) -> Sim {
        self.sleeps.push((at, length));
        self
    }

    pub fn monitor(&mut self) -> &mut Monitor {
        &mut self.monitor
    }

    /// Run the world until `end` (monotonic time since start).
    pub fn run_until(&mut self, end: Duration) -> &mut Sim {
        loop {
            let effects = self.monitor.due(self.mono, self.wall);
            self.apply(effects);
            let mut next = self.monitor.next_wakeup(self.mono, self.wall).min(end);
            if let Some(arrival) = self.arrivals.iter().map(|(at, _)| *at).min() {
                next = next.min(arrival);
            }
            if let Some((at, _)) = self.sleeps.iter().find(|(at, _)| *at > self.mono) {
                next = next.min(*at);
            }
            let next = next.max(self.mono);
            self.wall += chrono::Duration::from_std(next - self.mono).expect("step");
            self.mono = next;
            // Asleep: the calendar moves on, the monotonic clock does not.
            if let Some(index) = self.sleeps.iter().position(|(at, _)| *at == self.mono) {
                let (_, length) = self.sleeps.remove(index);
                self.wall += chrono::Duration::from_std(length).expect("sleep");
            }
            let (due, later): (Vec<_>, Vec<_>) = std::mem::take(&mut self.arrivals)
                .into_iter()
                .partition(|(at, _)| *at <= self.mono);
            self.arrivals = later;
            for (_, arrival) in due {
                let effects = match arrival {
                    Arrival::Assessed(assessment) => self
                        .monitor
                        .connectivity_assessed(assessment, self.mono, self.wall),
                    Arrival::Checked { service, results } => {
                        let count = results.len();
                        let mut effects = Vec::new();
                        for (source, (observation, snapshot)) in results.into_iter().enumerate() {
                            effects.extend(self.monitor.checked(
                                service,
                                source,
                                observation,
                                snapshot.as_ref(),
                                source + 1 == count,
                                self.mono,
                                self.wall,
                            ));
                        }
                        effects
                    }
                };
                self.apply(effects);
            }
            if self.mono >= end && self.arrivals.iter().all(|(at, _)| *at > end) {
                let effects = self.monitor.due(self.mono, self.wall);
                self.apply(effects);
                return self;
            }
        }
    }

    /// Carry out what the monitor said outside `run_until` (OS events).
    pub fn apply_effects(&mut self, effects: Vec<Effect>) {
        self.apply(effects);
    }

    fn apply(&mut self, effects: Vec<Effect>) {
        for effect in effects {
            match effect {
                Effect::Check { service } => {
                    self.checks += 1;
                    let (results, took) = self.check(service);
                    self.arrivals
                        .push((self.mono + took, Arrival::Checked { service, results }));
                }
                Effect::CheckConnectivity => {
                    let state = self.connection.at(self.mono);
                    let assessment = Assessment {
                        state,
                        reason: downbeat_core::model::Reason::Text {
                            text: format!("simulated: {state:?}"),
                        },
                    };
                    self.arrivals.push((
                        self.mono + Duration::from_millis(300),
                        Arrival::Assessed(assessment),
                    ));
                }
                Effect::StateChanged(transition) => self.log(Happened::State {
                    service: transition.change.service,
                    from: transition.change.from,
                    to: transition.change.to,
                }),
                Effect::Notify(n) => self.log(Happened::Notified {
                    kind: n.kind,
                    services: n.services,
                    title: n.title,
                    body: n.body,
                }),
                Effect::Event(Event::Connectivity { state, .. }) => {
                    self.log(Happened::Connection(state))
                }
                Effect::Gap { from, to, why } => self.log(Happened::Gap {
                    length: (to - from).to_std().unwrap_or_default(),
                    why,
                }),
                Effect::Touch(_) | Effect::Event(_) => {}
            }
        }
    }

    fn log(&mut self, happened: Happened) {
        self.log.push((self.mono, happened));
    }

    /// What checking a service finds in the world now, and how long it takes.
    fn check(&self, service: usize) -> (Vec<(Observation, Option<Snapshot>)>, Duration) {
        let spec = &self.config.services[service];
        let mut took = Duration::from_millis(100);
        let results = spec
            .sources
            .iter()
            .map(|source| {
                let observation =
                    |outcome,
                     status,
                     latency,
                     http_status: Option<u16>,
                     error: Option<(ErrorKind, &str)>| Observation {
                        service: spec.id.clone(),
                        source: source.url.clone(),
                        at: self.wall,
                        outcome,
                        status,
                        latency_ms: Some(latency),
                        http_status,
                        error: error.map(|(kind, message)| CheckError {
                            kind,
                            message: message.into(),
                        }),
                    };
                if source.kind == downbeat_core::config::SourceKind::Statuspage {
                    let page = self
                        .pages
                        .get(&spec.id)
                        .map_or(Page::Fine, |s| s.at(self.mono));
                    match page {
                        Page::Unreachable => (
                            observation(
                                Outcome::Failed,
                                Status::Unknown,
                                100,
                                None,
                                Some((ErrorKind::Connect, "connection refused")),
                            ),
                            None,
                        ),
                        page => {
                            let snapshot = snapshot(&page);
                            (
                                observation(Outcome::Ok, snapshot.status, 100, Some(200), None),
                                Some(snapshot),
                            )
                        }
                    }
                } else {
                    let endpoint = self
                        .endpoints
                        .get(&spec.id)
                        .map_or(Endpoint::Up, |s| s.at(self.mono));
                    match endpoint {
                        Endpoint::Up => (
                            observation(Outcome::Ok, Status::Operational, 80, Some(200), None),
                            None,
                        ),
                        Endpoint::Slow(ms) => {
                            took = took.max(Duration::from_millis(ms));
                            (
                                observation(Outcome::Ok, Status::Degraded, ms, Some(200), None),
                                None,
                            )
                        }
                        Endpoint::Http(code) => (
                            observation(
                                Outcome::Failed,
                                Status::Unknown,
                                60,
                                Some(code),
                                Some((ErrorKind::HttpStatus, "HTTP error")),
                            ),
                            None,
                        ),
                        Endpoint::Hang => {
                            took = took.max(secs(10));
                            (
                                observation(
                                    Outcome::Failed,
                                    Status::Unknown,
                                    10_000,
                                    None,
                                    Some((ErrorKind::Timeout, "timed out after 10 s")),
                                ),
                                None,
                            )
                        }
                    }
                }
            })
            .collect();
        (results, took)
    }

    pub fn notifications(&self) -> Vec<(Duration, NotificationKind, String)> {
        self.log
            .iter()
            .filter_map(|(at, h)| match h {
                Happened::Notified { kind, title, .. } => Some((*at, *kind, title.clone())),
                _ => None,
            })
            .collect()
    }

    pub fn states(&self) -> Vec<(String, Status)> {
        self.log
            .iter()
            .filter_map(|(_, h)| match h {
                Happened::State { service, to, .. } => Some((service.clone(), *to)),
                _ => None,
            })
            .collect()
    }

    pub fn gaps(&self) -> Vec<(Duration, Connectivity)> {
        self.log
            .iter()
            .filter_map(|(_, h)| match h {
                Happened::Gap { length, why } => Some((*length, *why)),
                _ => None,
            })
            .collect()
    }
}

fn snapshot(page: &Page) -> Snapshot {
    let incident = |title: &str, status: &str, impact| VendorIncident {
        id: "i1".into(),
        title: title.into(),
        status: status.into(),
        impact,
        started_at: None,
        resolved_at: None,
        url: None,
        updates: vec![],
        components: vec![],
        scheduled_for: None,
        scheduled_until: None,
    };
    let (status, incidents, maintenances) = match page {
        Page::Down(title) => (
            Status::MajorOutage,
            vec![incident(title, "investigating", Status::MajorOutage)],
            vec![],
        ),
        Page::Maintenance(title) => (
            Status::Maintenance,
            vec![],
            vec![incident(title, "in_progress", Status::Maintenance)],
        ),
        _ => (Status::Operational, vec![], vec![]),
    };
    Snapshot {
        page_name: None,
        status,
        description: None,
        updated_at: None,
        components: vec![],
        incidents,
        maintenances,
    }
}
