//! A small simulated world for the policy's tests: services whose states
//! the tests set, a clock they advance, and what the policy said, with when.

use super::*;
use crate::model::alerts::SnoozeChoice;
use crate::model::StateChange;
use crate::model::{Cause, Reason, ServiceState, Status};
use chrono::TimeZone;

/// 2026-03-02 09:00 UTC, a Monday.
pub(crate) fn start() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 3, 2, 9, 0, 0)
        .single()
        .unwrap_or_default()
}

pub(crate) fn secs(n: i64) -> Duration {
    Duration::seconds(n)
}

pub(crate) fn mins(n: i64) -> Duration {
    Duration::minutes(n)
}

/// What was said: when (since the start), kind, services, title.
pub(crate) type Said = (Duration, NotificationKind, Vec<String>, String);

pub(crate) struct World {
    pub policy: Policy,
    pub now: DateTime<Utc>,
    states: BTreeMap<String, ServiceState>,
    pub said: Vec<(DateTime<Utc>, Notification)>,
}

impl World {
    pub fn new(prefs: Notifications) -> World {
        World::in_language(prefs, Language::En)
    }

    pub fn in_language(prefs: Notifications, language: Language) -> World {
        World {
            policy: Policy::new(prefs, language),
            now: start(),
            states: BTreeMap::new(),
            said: Vec::new(),
        }
    }

    /// A world whose services are already in these states (a previous run).
    pub fn with_states(mut self, states: &[(&str, Status)]) -> World {
        for (id, status) in states {
            let state = self.state(id, *status, None);
            self.states.insert((*id).to_owned(), state);
        }
        self
    }

    fn state(&self, id: &str, status: Status, previous: Option<&ServiceState>) -> ServiceState {
        let name = id[..1].to_uppercase() + &id[1..];
        // As the verdict does: an outage lasts through `unknown`.
        let outage_since = if status.is_outage() || status == Status::Unknown {
            previous
                .and_then(|p| p.outage_since)
                .or_else(|| status.is_outage().then_some(self.now))
        } else {
            None
        };
        ServiceState {
            service: id.to_owned(),
            reason: Reason::Status {
                name: name.clone(),
                status,
            },
            name,
            status,
            since: self.now,
            cause: Cause::Vendor,
            outage_since,
            last_check: Some(self.now),
        }
    }

    /// The service `id` changes to `status` now.
    pub fn set(&mut self, id: &str, status: Status) {
        self.change(id, status, None);
    }

    /// The service `id` changes to `status` now, for this reason.
    pub fn set_because(&mut self, id: &str, status: Status, reason: Reason) {
        self.change(id, status, Some(reason));
    }

    pub fn set_muted(&mut self, id: &str, status: Status) {
        self.policy.set_alert_level(id, Some(AlertLevel::Off));
        self.change(id, status, None);
    }

    /// The user snoozes `id` now (from the tray, the card or a notification).
    pub fn snooze(&mut self, id: &str, choice: SnoozeChoice) -> bool {
        let current = self.states.get(id).cloned();
        self.policy.snooze(id, choice, current.as_ref(), self.now)
    }

    /// The user asks to be told when `id` is back.
    pub fn when_back(&mut self, id: &str) -> bool {
        let Some(current) = self.states.get(id).cloned() else {
            return false;
        };
        self.policy.when_back(&current, true, self.now)
    }

    fn change(&mut self, id: &str, status: Status, reason: Option<Reason>) {
        let previous = self.states.get(id).cloned();
        let mut state = self.state(id, status, previous.as_ref());
        if let Some(reason) = reason {
            state.reason = reason;
        }
        let transition = Transition {
            change: StateChange {
                service: id.to_owned(),
                at: self.now,
                from: previous.as_ref().map(|p| p.status),
                to: status,
                cause: Cause::Vendor,
                reason: state.reason.clone(),
            },
            previous,
            state: state.clone(),
        };
        self.states.insert(id.to_owned(), state);
        let out = self.policy.on_transition(&transition, self.now);
        self.record(out);
    }

    pub fn connection(&mut self, from: Connectivity, to: Connectivity) {
        let out = self.policy.on_connectivity(from, to, self.now);
        self.record(out);
    }

    /// Let `duration` pass, ticking exactly when the policy asks to, as the
    /// engine does.
    pub fn wait(&mut self, duration: Duration) {
        let end = self.now + duration;
        let mut ticks = 0;
        while let Some(at) = self.policy.next_deadline().filter(|at| *at <= end) {
            ticks += 1;
            assert!(ticks < 10_000, "next_deadline keeps asking for {at}");
            self.now = self.now.max(at);
            let out = self.policy.tick(self.now);
            self.record(out);
        }
        self.now = end;
    }

    fn record(&mut self, out: Vec<Notification>) {
        let now = self.now;
        self.said.extend(out.into_iter().map(|n| (now, n)));
    }

    /// Everything said so far, timed from the start.
    pub fn said(&self) -> Vec<Said> {
        self.said
            .iter()
            .map(|(at, n)| (*at - start(), n.kind, n.services.clone(), n.title.clone()))
            .collect()
    }

    pub fn bodies(&self) -> Vec<String> {
        self.said.iter().map(|(_, n)| n.body.clone()).collect()
    }
}

pub(crate) fn ids(list: &[&str]) -> Vec<String> {
    list.iter().map(|id| (*id).to_owned()).collect()
}

pub(crate) fn said(at: Duration, kind: NotificationKind, services: &[&str], title: &str) -> Said {
    (at, kind, ids(services), title.to_owned())
}
