//! Hooks: programs to run and URLs to POST on what happens to the services,
//! off the check path.
//!
//! Each hook has its own notification [`Policy`]: the same grouping,
//! confirmation of trouble and flap damping as the desktop notifications,
//! fed only the services the hook names, told degraded services and the
//! connection only when its `events` ask for them, and deaf to the desktop's
//! silences (pause, quiet hours, mute, `enabled = false`): a webhook to a
//! team's chat does not stop for one laptop's night. Each hook also has its
//! own task and a small queue; when it is slower than the events, the oldest
//! waiting ones are dropped and counted, so a hanging program or receiver
//! delays nothing but itself.
//!
//! What a hook gets is the notification's `watch --json` line (one JSON
//! object); a program reads it on stdin with `DOWNBEAT_EVENT`,
//! `DOWNBEAT_SERVICE` and `DOWNBEAT_STATUS` in its environment, a URL gets
//! it POSTed. The last outcome of each hook is kept on a [`HookBoard`] for
//! Settings.

mod command;
mod post;

use crate::config::hooks::{event_name, HookProblem, HookSpec, HookTarget};
use crate::config::{Config, Notifications};
use crate::io::fetch::FetchOptions;
use crate::logic::policy::Policy;
use crate::logic::verdict::Transition;
use crate::model::clock::Clock;
use crate::model::i18n::Language;
use crate::model::{Connectivity, Event, Notification, NotificationKind, ServiceState, Status};
use chrono::{DateTime, FixedOffset, Offset as _, Utc};
use serde::Serialize;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::sync::broadcast;

/// Events waiting per hook before the oldest are dropped.
pub const QUEUE: usize = 16;

/// How hooks are run. The defaults are the documented ones; tests shorten them.
#[derive(Debug, Clone)]
pub struct HookOptions {
    /// A program is killed after this long; a POST gives up after this long.
    pub time_limit: Duration,
    /// Retries of a POST that failed (no answer, 5xx, 408 or 429).
    pub retries: u32,
    /// The first wait before a retry; it doubles each time, with ±50% jitter.
    pub backoff: Duration,
}

impl Default for HookOptions {
    fn default() -> Self {
        HookOptions {
            time_limit: Duration::from_secs(10),
            retries: 3,
            backoff: Duration::from_secs(1),
        }
    }
}

/// What one event means to a hook.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HookEvent {
    /// The `watch --json` line of the notification.
    pub json: String,
    /// `outage`, `recovery`, … (`DOWNBEAT_EVENT`).
    pub event: &'static str,
    /// The services it is about, comma-separated (`DOWNBEAT_SERVICE`).
    pub services: String,
    /// The worst status among them now, or the connection's state for
    /// `offline`/`online` (`DOWNBEAT_STATUS`).
    pub status: String,
    kind: NotificationKind,
    service_ids: Vec<String>,
}

impl HookEvent {
    /// What a notification event means to hooks: its `watch --json` line
    /// (reasons in `words`' language and offset) and the status now of its
    /// services (`states`) or of the connection. `None` for other events.
    pub fn of(
        event: &Event,
        words: (Language, FixedOffset),
        states: &[ServiceState],
        connectivity: Connectivity,
    ) -> Option<HookEvent> {
        let Event::Notification { notification, .. } = event else {
            return None;
        };
        let json = event.to_json(words.0, words.1).to_string();
        let status = match notification.kind {
            NotificationKind::Offline | NotificationKind::Online => connectivity.as_str(),
            _ => states
                .iter()
                .filter(|state| notification.services.contains(&state.service))
                .map(|state| state.status)
                .reduce(Status::worst)
                .unwrap_or(Status::Unknown)
                .as_str(),
        };
        Some(HookEvent::new(notification, json, status.to_owned()))
    }

    pub fn new(notification: &Notification, json: String, status: String) -> HookEvent {
        HookEvent {
            json,
            event: event_name(notification.kind),
            services: notification.services.join(","),
            status,
            kind: notification.kind,
            service_ids: notification.services.clone(),
        }
    }
}

/// One hook as Settings shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Default)]
pub struct HookReport {
    /// "line 12: /usr/local/bin/page-me"
    pub hook: String,
    pub last_ok: Option<DateTime<Utc>>,
    /// The last failure and when (a config error, with no time, for a hook
    /// left out).
    pub last_error: Option<String>,
    pub last_error_at: Option<DateTime<Utc>>,
    /// Events dropped because the hook was too slow.
    pub dropped: u64,
}

impl HookReport {
    /// A report per hook before any has run: the good ones blank, the
    /// wrong ones (left out) with their config error.
    pub fn listed(specs: &[HookSpec], problems: &[HookProblem]) -> Vec<HookReport> {
        let mut reports: Vec<HookReport> = specs
            .iter()
            .map(|spec| HookReport {
                hook: spec.label(),
                ..HookReport::default()
            })
            .collect();
        reports.extend(problems.iter().map(|problem| HookReport {
            hook: format!("line {}", problem.line),
            last_error: Some(format!(
                "left out: the config is wrong here ({})",
                problem.message
            )),
            ..HookReport::default()
        }));
        reports
    }
}

/// The reports of the running hooks, shared with whoever shows them.
#[derive(Debug, Clone, Default)]
pub struct HookBoard(Arc<Mutex<Vec<HookReport>>>);

impl HookBoard {
    /// One report per hook, in the config's order; wrong hooks first-class
    /// too, with their config error.
    pub fn reports(&self) -> Vec<HookReport> {
        self.lock().clone()
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Vec<HookReport>> {
        self.0
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    fn update(&self, index: usize, change: impl FnOnce(&mut HookReport)) {
        if let Some(report) = self.lock().get_mut(index) {
            change(report);
        }
    }
}

/// The hooks of one config: a policy, a queue and a task each.
pub struct Hooks {
    hooks: Vec<Slot>,
    words: (Language, FixedOffset),
}

struct Slot {
    spec: HookSpec,
    /// Only the engine's task uses it; the lock lets `&self` methods tell it.
    policy: Mutex<Policy>,
    queue: broadcast::Sender<HookEvent>,
}

impl Hooks {
    /// Start a task per hook of `config` on the current tokio runtime, and
    /// put their reports (and the wrong hooks') on `board`. Notification
    /// texts are in `words`' language, times in its offset. Dropping `Hooks`
    /// ends the tasks once they have said what was queued.
    pub fn start(
        config: &Config,
        words: (Language, FixedOffset),
        fetch: &FetchOptions,
        options: HookOptions,
        clock: Arc<dyn Clock>,
        board: &HookBoard,
    ) -> Hooks {
        for problem in &config.hook_errors {
            tracing::warn!(
                "the hook at line {} is left out: {}",
                problem.line,
                problem.message
            );
        }
        *board.lock() = HookReport::listed(&config.hooks, &config.hook_errors);
        let client = post::client(fetch);
        let hooks = config
            .hooks
            .iter()
            .enumerate()
            .map(|(index, spec)| {
                let (queue, receiver) = broadcast::channel(QUEUE);
                let worker = Worker {
                    index,
                    spec: spec.clone(),
                    options: options.clone(),
                    client: client.clone(),
                    clock: clock.clone(),
                    board: board.clone(),
                };
                tokio::spawn(worker.run(receiver));
                Slot {
                    spec: spec.clone(),
                    policy: Mutex::new(policy_for(spec, &config.notifications, words)),
                    queue,
                }
            })
            .collect();
        Hooks { hooks, words }
    }

    /// No hooks (the engine's state before it starts).
    pub fn none() -> Hooks {
        Hooks {
            hooks: Vec::new(),
            words: (Language::En, Utc.fix()),
        }
    }

    /// A service changed state. `states` (asked only when something is to
    /// be said) gives `DOWNBEAT_STATUS`.
    pub fn on_transition(
        &self,
        transition: &Transition,
        now: DateTime<Utc>,
        states: &dyn Fn() -> Vec<ServiceState>,
    ) {
        let service = &transition.state.service;
        self.tell(now, states, Connectivity::Online, |spec, policy| {
            let named = spec.services.as_ref().is_none_or(|s| s.contains(service));
            if named {
                policy.on_transition(transition, now)
            } else {
                Vec::new()
            }
        });
    }

    /// The connection changed.
    pub fn on_connectivity(
        &self,
        to: Connectivity,
        now: DateTime<Utc>,
        states: &dyn Fn() -> Vec<ServiceState>,
    ) {
        self.tell(now, states, to, |_, policy| {
            // `from` is informational to the policy.
            policy.on_connectivity(to, to, now)
        });
    }

    /// Release what is due (held groups, reminders); call at least at
    /// [`Hooks::next_deadline`].
    pub fn tick(
        &self,
        now: DateTime<Utc>,
        states: &dyn Fn() -> Vec<ServiceState>,
        connectivity: Connectivity,
    ) {
        self.tell(now, states, connectivity, |_, policy| policy.tick(now));
    }

    /// Queue `event` for every hook, past their policies (the tests of the
    /// runners themselves).
    #[cfg(test)]
    fn queue_all(&self, event: &HookEvent) {
        for slot in &self.hooks {
            let _ = slot.queue.send(event.clone());
        }
    }

    /// When [`Hooks::tick`] next has something to do.
    pub fn next_deadline(&self) -> Option<DateTime<Utc>> {
        self.hooks
            .iter()
            .filter_map(|slot| lock(&slot.policy).next_deadline())
            .min()
    }

    /// Ask each hook's policy, and queue what it says for that hook.
    fn tell(
        &self,
        now: DateTime<Utc>,
        states: &dyn Fn() -> Vec<ServiceState>,
        connectivity: Connectivity,
        mut ask: impl FnMut(&HookSpec, &mut Policy) -> Vec<Notification>,
    ) {
        let mut known: Option<Vec<ServiceState>> = None;
        for slot in &self.hooks {
            let said = ask(&slot.spec, &mut lock(&slot.policy));
            for notification in said {
                if !slot.spec.wants(notification.kind, &notification.services) {
                    continue;
                }
                let states = known.get_or_insert_with(states);
                let event = Event::Notification {
                    at: now,
                    notification,
                };
                if let Some(event) = HookEvent::of(&event, self.words, states, connectivity) {
                    // Never waits: a full queue drops its oldest event.
                    let _ = slot.queue.send(event);
                }
            }
        }
    }
}

/// A hook's own policy: the config's grouping and reminders, degraded
/// services and the connection only when its events ask for them, and none
/// of the desktop's silences.
fn policy_for(spec: &HookSpec, base: &Notifications, words: (Language, FixedOffset)) -> Policy {
    let wants = |kind| spec.events.as_ref().is_none_or(|e| e.contains(&kind));
    let prefs = Notifications {
        enabled: true,
        degraded: wants(NotificationKind::Degraded),
        offline: wants(NotificationKind::Offline) || wants(NotificationKind::Online),
        quiet_hours: None,
        reminders: base.reminders.filter(|_| wants(NotificationKind::Reminder)),
        ..base.clone()
    };
    Policy::new(prefs, words.0).with_local_offset(words.1)
}

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

struct Worker {
    index: usize,
    spec: HookSpec,
    options: HookOptions,
    client: Result<reqwest::Client, String>,
    clock: Arc<dyn Clock>,
    board: HookBoard,
}

impl Worker {
    async fn run(self, mut queue: broadcast::Receiver<HookEvent>) {
        loop {
            let event = match queue.recv().await {
                Ok(event) => event,
                Err(broadcast::error::RecvError::Lagged(dropped)) => {
                    tracing::warn!(
                        "hook {}: {dropped} events dropped, it is slower than the events",
                        self.spec.label()
                    );
                    self.board
                        .update(self.index, |report| report.dropped += dropped);
                    continue;
                }
                Err(broadcast::error::RecvError::Closed) => break,
            };
            let outcome = match &self.spec.target {
                HookTarget::Command(argv) => {
                    command::run(argv.clone(), event.clone(), self.options.time_limit).await
                }
                HookTarget::Url { url, headers } => match &self.client {
                    Ok(client) => post::send(client, url, headers, &event, &self.options).await,
                    Err(problem) => Err(problem.clone()),
                },
            };
            let now = self.clock.now();
            match outcome {
                Ok(()) => {
                    tracing::debug!("hook {}: {} delivered", self.spec.label(), event.event);
                    self.board
                        .update(self.index, |report| report.last_ok = Some(now));
                }
                Err(message) => {
                    let message = crate::model::text::plain_line(&message);
                    tracing::warn!(
                        "hook {} failed on {}: {message}",
                        self.spec.label(),
                        event.event
                    );
                    self.board.update(self.index, |report| {
                        report.last_error = Some(message);
                        report.last_error_at = Some(now);
                    });
                }
            }
        }
    }
}

#[cfg(test)]
mod tests;
