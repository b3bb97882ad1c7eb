//! The engine's decisions without its I/O: when to check what, what a result
//! means given the user's connection, when the machine slept, and what to
//! tell. The engine executes the [`Effect`]s; the scenario tests drive this
//! directly through hours of simulated time.
//!
//! Time comes in two kinds, both passed in: `mono`, a monotonic duration
//! since start (it does not advance while the machine sleeps), and `wall`,
//! the calendar time (it does). A wall jump much larger than the monotonic
//! step is a sleep.

use crate::config::{Config, ServiceSpec};
use crate::logic::policy::Policy;
use crate::logic::reachability::Assessment;
use crate::logic::verdict::{Tracker, Transition, Verdict};
use crate::model::alerts::{ServiceAlerts, Snooze, SnoozeChoice, Steering};
use crate::model::i18n::Language;
use crate::model::{
    Connectivity, Event, Notification, Observation, Outcome, Reason, ServiceState, Snapshot,
};
use chrono::{DateTime, FixedOffset, Utc};
use std::collections::HashMap;
use std::time::Duration;

/// Re-check a failing service after these delays, then fall back to its interval.
pub const FAST_RECHECKS: [Duration; 2] = [Duration::from_secs(5), Duration::from_secs(15)];
/// A connectivity verdict is trusted this long for judging a failure.
pub const CONNECTIVITY_FRESH: Duration = Duration::from_secs(10);
/// A wall-clock step this much larger than the monotonic one is a sleep.
pub const SLEEP_JUMP: Duration = Duration::from_secs(60);
/// After waking up, wait this long (network coming back) before checking.
pub const WAKE_GRACE: Duration = Duration::from_secs(15);

/// What the engine must do.
#[derive(Debug, Clone, PartialEq)]
// As `Verdict`: a transition is moved once, never kept in bulk.
#[allow(clippy::large_enum_variant)]
pub enum Effect {
    /// Check every source of this service, then report each with `checked`.
    Check {
        service: usize,
    },
    /// Assess the connection, then report with `connectivity`.
    CheckConnectivity,
    /// Store the change and tell subscribers.
    StateChanged(Transition),
    /// Store the state's new last check and reason.
    Touch(ServiceState),
    Notify(Notification),
    /// Tell subscribers (connectivity changes, pauses).
    Event(Event),
    /// Time in which services were not observed.
    Gap {
        from: DateTime<Utc>,
        to: DateTime<Utc>,
        why: Connectivity,
    },
}

struct Watched {
    spec: ServiceSpec,
    tracker: Tracker,
    next_due: Duration,
    in_flight: bool,
}

pub struct Monitor {
    services: Vec<Watched>,
    policy: Policy,
    connectivity: Connectivity,
    /// When the connection was last assessed (mono), and whether one is running.
    assessed_at: Option<Duration>,
    assessing: bool,
    connectivity_interval: Duration,
    connectivity_enabled: bool,
    /// Failures waiting for a fresh connectivity verdict.
    held: Vec<(usize, usize, Observation)>,
    /// Start of the current gap (offline, portal, asleep…).
    gap_since: Option<DateTime<Utc>>,
    asleep_until: Option<Duration>,
    last_clock: Option<(Duration, DateTime<Utc>)>,
}

impl Monitor {
    pub fn new(
        config: &Config,
        stored: &HashMap<String, ServiceState>,
        offset: FixedOffset,
        language: Language,
    ) -> Monitor {
        let services = config
            .services
            .iter()
            .map(|spec| Watched {
                tracker: Tracker::new(spec, stored.get(&spec.id).cloned()),
                spec: spec.clone(),
                next_due: Duration::ZERO,
                in_flight: false,
            })
            .collect();
        let mut policy =
            Policy::new(config.notifications.clone(), language).with_local_offset(offset);
        for spec in &config.services {
            policy.set_alert_level(&spec.id, spec.alerts);
        }
        Monitor {
            services,
            policy,
            connectivity: Connectivity::Online,
            assessed_at: None,
            assessing: false,
            connectivity_interval: config.connectivity.interval,
            connectivity_enabled: !config.connectivity.anchors.is_empty(),
            held: Vec::new(),
            gap_since: None,
            asleep_until: None,
            last_clock: None,
        }
    }

    /// The language of notifications, and of reasons where they are shown.
    pub fn language(&self) -> Language {
        self.policy.language()
    }

    pub fn connectivity(&self) -> Connectivity {
        self.connectivity
    }

    pub fn spec(&self, service: usize) -> Option<&ServiceSpec> {
        self.services.get(service).map(|w| &w.spec)
    }

    pub fn states(&self, wall: DateTime<Utc>) -> Vec<ServiceState> {
        self.services
            .iter()
            .map(|w| w.tracker.current(wall))
            .collect()
    }

    /// The ids of the muted services.
    pub fn muted(&self) -> Vec<String> {
        self.services
            .iter()
            .filter(|w| w.spec.muted())
            .map(|w| w.spec.id.clone())
            .collect()
    }

    pub fn paused_until(&self, wall: DateTime<Utc>) -> Option<DateTime<Utc>> {
        self.policy.paused_until(wall)
    }

    /// Each service's alert level, snooze and "tell me when it's back".
    pub fn alerts(&self, wall: DateTime<Utc>) -> Vec<ServiceAlerts> {
        self.services
            .iter()
            .map(|w| self.policy.service_alerts(&w.spec.id, wall))
            .collect()
    }

    /// The pause and snoozes to keep across a restart or a reload.
    pub fn steering(&self, wall: DateTime<Utc>) -> Steering {
        self.policy.steering(wall)
    }

    /// Take back the pause and snoozes, for the services still watched;
    /// "until it's back" and "tell me when it's back" only while it is down
    /// (it may have come back while Downbeat was not running).
    pub fn restore(&mut self, steering: &Steering, wall: DateTime<Utc>) {
        let mut kept = steering.clone();
        kept.services.retain(|id, steer| {
            let Some(current) = self.current(id, wall) else {
                return false;
            };
            if !current.shown_down() {
                steer.when_back = false;
                if steer.snooze == Some(Snooze::UntilBack) {
                    steer.snooze = None;
                }
            }
            !steer.is_empty()
        });
        self.policy.restore(&kept);
    }

    /// Snooze one service (or end its snooze); whether anything changed.
    pub fn snooze(&mut self, service: &str, choice: SnoozeChoice, wall: DateTime<Utc>) -> bool {
        let current = self.current(service, wall);
        self.policy.snooze(service, choice, current.as_ref(), wall)
    }

    /// "Tell me when it's back" for a service that is down; whether it took.
    pub fn when_back(&mut self, service: &str, on: bool, wall: DateTime<Utc>) -> bool {
        self.current(service, wall)
            .is_some_and(|current| self.policy.when_back(&current, on, wall))
    }

    fn current(&self, service: &str, wall: DateTime<Utc>) -> Option<ServiceState> {
        self.services
            .iter()
            .find(|w| w.spec.id == service)
            .map(|w| w.tracker.current(wall))
    }

    /// Time passed: notice sleep, start due checks, release held notifications.
    pub fn due(&mut self, mono: Duration, wall: DateTime<Utc>) -> Vec<Effect> {
        let mut effects = Vec::new();
        if let Some((last_mono, last_wall)) = self.last_clock {
            let wall_step = (wall - last_wall).to_std().unwrap_or_default();
            let mono_step = mono.saturating_sub(last_mono);
            if wall_step > mono_step + SLEEP_JUMP {
                self.fell_asleep(last_wall, mono, wall, &mut effects);
            }
        }
        self.last_clock = Some((mono, wall));

        if let Some(until) = self.asleep_until {
            if mono < until {
                effects.extend(self.policy_tick(wall));
                return effects;
            }
            self.asleep_until = None;
            // Awake: find out about the connection before anything else.
            self.request_connectivity(&mut effects);
            effects.extend(self.policy_tick(wall));
            return effects;
        }

        let connectivity_due = self.connectivity_enabled
            && !self.assessing
            && self
                .assessed_at
                .is_none_or(|at| mono >= at.saturating_add(self.connectivity_interval));
        if connectivity_due
            || (!self.connectivity.is_online() && !self.assessing && self.stale(mono))
        {
            self.request_connectivity(&mut effects);
        }
        // While not online, services are not observed: no checks at all.
        if self.connectivity.is_online() {
            for (index, service) in self.services.iter_mut().enumerate() {
                if !service.in_flight && service.next_due <= mono {
                    service.in_flight = true;
                    effects.push(Effect::Check { service: index });
                }
            }
        }
        effects.extend(self.policy_tick(wall));
        effects
    }

    /// When `due` next has something to do.
    pub fn next_wakeup(&self, mono: Duration, wall: DateTime<Utc>) -> Duration {
        let mut next = mono.saturating_add(Duration::from_secs(3600));
        if let Some(until) = self.asleep_until {
            next = next.min(until);
        } else if self.connectivity.is_online() {
            for service in self.services.iter().filter(|s| !s.in_flight) {
                next = next.min(service.next_due);
            }
        }
        // Asleep, nothing is assessed until the grace period is over.
        if self.connectivity_enabled && !self.assessing && self.asleep_until.is_none() {
            let at = self.assessed_at.map_or(mono, |at| {
                let interval = if self.connectivity.is_online() {
                    self.connectivity_interval
                } else {
                    CONNECTIVITY_FRESH
                };
                at.saturating_add(interval)
            });
            next = next.min(at);
        }
        // A deadline already past was handled by the last `due`.
        if let Some(wait) = self
            .policy
            .next_deadline()
            .and_then(|deadline| (deadline - wall).to_std().ok())
        {
            if !wait.is_zero() {
                next = next.min(mono.saturating_add(wait));
            }
        }
        next.max(mono)
    }

    /// "Check now" for one service.
    pub fn check_service(&mut self, service: &str, mono: Duration) {
        if let Some(watched) = self.services.iter_mut().find(|w| w.spec.id == service) {
            watched.next_due = mono;
        }
    }

    /// "Check now": everything, at once.
    pub fn check_now(&mut self, mono: Duration) {
        for service in &mut self.services {
            service.next_due = mono;
        }
        self.assessed_at = None;
    }

    pub fn pause(&mut self, until: Option<DateTime<Utc>>, wall: DateTime<Utc>) -> Vec<Effect> {
        self.policy.pause(until);
        vec![Effect::Event(Event::Paused { at: wall, until })]
    }

    /// One source of a service was checked.
    // Which check, what it found, and both clocks: each is needed here.
    #[allow(clippy::too_many_arguments)]
    pub fn checked(
        &mut self,
        service: usize,
        source: usize,
        observation: Observation,
        snapshot: Option<&Snapshot>,
        last_source: bool,
        mono: Duration,
        wall: DateTime<Utc>,
    ) -> Vec<Effect> {
        let mut effects = Vec::new();
        if last_source {
            if let Some(watched) = self.services.get_mut(service) {
                watched.in_flight = false;
            }
        }
        if !self.connectivity.is_online() || self.asleep_until.is_some() {
            // Checked as the connection dropped: says nothing about the service.
            self.reschedule(service, mono);
            return effects;
        }
        if observation.outcome == Outcome::Failed && self.connectivity_enabled && self.stale(mono) {
            // Is it me? Ask before blaming the service.
            self.held.push((service, source, observation));
            self.request_connectivity(&mut effects);
            return effects;
        }
        self.judge(service, source, &observation, snapshot, wall, &mut effects);
        self.reschedule(service, mono);
        effects
    }

    /// The connection was assessed.
    pub fn connectivity_assessed(
        &mut self,
        assessment: Assessment,
        mono: Duration,
        wall: DateTime<Utc>,
    ) -> Vec<Effect> {
        let mut effects = Vec::new();
        self.assessing = false;
        self.assessed_at = Some(mono);
        self.set_connectivity(assessment.state, assessment.reason, wall, &mut effects);
        let held = std::mem::take(&mut self.held);
        for (service, source, observation) in held {
            if self.connectivity.is_online() {
                self.judge(service, source, &observation, None, wall, &mut effects);
            }
            self.reschedule(service, mono);
        }
        if self.connectivity.is_online() {
            // Back from a gap: check everything now.
            for service in &mut self.services {
                if service.next_due > mono
                    && effects.iter().any(|e| matches!(e, Effect::Gap { .. }))
                {
                    service.next_due = mono;
                }
            }
        }
        effects
    }

    fn judge(
        &mut self,
        service: usize,
        source: usize,
        observation: &Observation,
        snapshot: Option<&Snapshot>,
        wall: DateTime<Utc>,
        effects: &mut Vec<Effect>,
    ) {
        let Some(watched) = self.services.get_mut(service) else {
            return;
        };
        match watched.tracker.observe(source, observation, snapshot) {
            Verdict::Changed(transition) => {
                let notifications = self.policy.on_transition(&transition, wall);
                effects.push(Effect::StateChanged(transition));
                effects.extend(notifications.into_iter().map(Effect::Notify));
            }
            Verdict::Unchanged(state) => effects.push(Effect::Touch(state)),
            Verdict::Pending => {}
        }
    }

    fn reschedule(&mut self, service: usize, mono: Duration) {
        let Some(watched) = self.services.get_mut(service) else {
            return;
        };
        let failures = watched.tracker.unconfirmed_failures() as usize;
        let delay = if failures > 0 {
            FAST_RECHECKS
                .get(failures - 1)
                .copied()
                .unwrap_or(watched.spec.interval)
        } else if watched.tracker.recovering() {
            FAST_RECHECKS[0]
        } else {
            watched.spec.interval
        };
        watched.next_due = mono.saturating_add(delay.min(watched.spec.interval));
    }

    fn stale(&self, mono: Duration) -> bool {
        self.assessed_at
            .is_none_or(|at| mono >= at.saturating_add(CONNECTIVITY_FRESH))
    }

    fn request_connectivity(&mut self, effects: &mut Vec<Effect>) {
        if !self.connectivity_enabled {
            return;
        }
        if !self.assessing {
            self.assessing = true;
            effects.push(Effect::CheckConnectivity);
        }
    }

    fn set_connectivity(
        &mut self,
        state: Connectivity,
        reason: Reason,
        wall: DateTime<Utc>,
        effects: &mut Vec<Effect>,
    ) {
        let from = self.connectivity;
        if from == state {
            return;
        }
        self.connectivity = state;
        effects.push(Effect::Event(Event::Connectivity {
            at: wall,
            state,
            reason,
        }));
        match (from.is_online(), state.is_online()) {
            (true, false) => self.gap_since = Some(wall),
            (false, true) => {
                if let Some(since) = self.gap_since.take() {
                    effects.push(Effect::Gap {
                        from: since,
                        to: wall,
                        why: from,
                    });
                }
                // Counts from before the gap were not about the services.
                for service in &mut self.services {
                    service.tracker.reset_counts();
                }
            }
            _ => {}
        }
        effects.extend(
            self.policy
                .on_connectivity(from, state, wall)
                .into_iter()
                .map(Effect::Notify),
        );
    }

    /// The OS says the machine is going to sleep: stop observing now, until
    /// it says it woke (or the clock shows it).
    pub fn os_sleeping(&mut self, wall: DateTime<Utc>) -> Vec<Effect> {
        let mut effects = Vec::new();
        if self.connectivity != Connectivity::Asleep {
            let from = self.connectivity;
            if from.is_online() {
                self.gap_since = Some(wall);
            }
            self.connectivity = Connectivity::Asleep;
            effects.push(Effect::Event(Event::Connectivity {
                at: wall,
                state: Connectivity::Asleep,
                reason: Reason::GoingToSleep,
            }));
            effects.extend(
                self.policy
                    .on_connectivity(from, Connectivity::Asleep, wall)
                    .into_iter()
                    .map(Effect::Notify),
            );
        }
        self.asleep_until = Some(Duration::MAX);
        self.held.clear();
        self.assessing = false;
        self.assessed_at = None;
        for service in &mut self.services {
            service.tracker.reset_counts();
            service.in_flight = false;
        }
        effects
    }

    /// The OS says the machine woke up: checks resume after the grace period.
    pub fn os_woke(&mut self, mono: Duration, wall: DateTime<Utc>) -> Vec<Effect> {
        let mut effects = Vec::new();
        let since = self.last_clock.map_or(wall, |(_, at)| at);
        self.fell_asleep(since, mono, wall, &mut effects);
        effects
    }

    /// The OS says the network changed: the last verdict on the connection
    /// no longer holds, so it is assessed again before anything is blamed.
    pub fn network_changed(&mut self) {
        self.assessed_at = None;
    }

    fn fell_asleep(
        &mut self,
        slept_at: DateTime<Utc>,
        mono: Duration,
        wall: DateTime<Utc>,
        effects: &mut Vec<Effect>,
    ) {
        if self.connectivity == Connectivity::Asleep {
            // Told twice (the OS and the clock): the gap already runs; the
            // grace period counts from now.
            self.asleep_until = Some(mono.saturating_add(WAKE_GRACE));
            for service in &mut self.services {
                service.next_due = mono.saturating_add(WAKE_GRACE);
            }
            if !self.connectivity_enabled {
                // Nothing will assess the connection: awake, checks after the grace period.
                self.asleep_until = None;
                self.set_connectivity(Connectivity::Online, Reason::ChecksOff, wall, effects);
            }
            return;
        }
        let from = self.connectivity;
        if from.is_online() {
            self.gap_since = Some(slept_at);
        }
        self.connectivity = Connectivity::Asleep;
        effects.push(Effect::Event(Event::Connectivity {
            at: wall,
            state: Connectivity::Asleep,
            reason: Reason::Woke,
        }));
        effects.extend(
            self.policy
                .on_connectivity(from, Connectivity::Asleep, wall)
                .into_iter()
                .map(Effect::Notify),
        );
        self.asleep_until = Some(mono.saturating_add(WAKE_GRACE));
        self.held.clear();
        self.assessing = false;
        self.assessed_at = None;
        for service in &mut self.services {
            service.tracker.reset_counts();
            service.next_due = mono.saturating_add(WAKE_GRACE);
            service.in_flight = false;
        }
        // Without anchors nothing will assess the connection: wake up online.
        if !self.connectivity_enabled {
            self.asleep_until = None;
            self.set_connectivity(Connectivity::Online, Reason::ChecksOff, wall, effects);
        }
    }

    fn policy_tick(&mut self, wall: DateTime<Utc>) -> Vec<Effect> {
        self.policy
            .tick(wall)
            .into_iter()
            .map(Effect::Notify)
            .collect()
    }
}
