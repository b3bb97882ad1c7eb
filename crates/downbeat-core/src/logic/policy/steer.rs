//! Each service's alert level, snooze and "tell me when it's back": what
//! the user asked for, and which services must keep quiet now.

use super::track::{Level, Tracked};
use super::{tomorrow_morning, Policy};
use crate::model::alerts::{
    AlertLevel, NotificationAction, ServiceAlerts, Snooze, SnoozeChoice, Steering,
};
use crate::model::{Notification, NotificationKind, ServiceState};
use chrono::{DateTime, Duration, SubsecRound, Utc};
use std::collections::BTreeSet;

impl Policy {
    /// The config's level for `service`; `None` follows `[notifications]`.
    pub fn set_alert_level(&mut self, service: &str, level: Option<AlertLevel>) {
        match level {
            Some(level) => self.levels.insert(service.to_owned(), level),
            None => self.levels.remove(service),
        };
    }

    pub fn alert_level(&self, service: &str) -> AlertLevel {
        self.levels
            .get(service)
            .copied()
            .unwrap_or_else(|| self.prefs.default_level())
    }

    /// Snooze `service` as the user chose ("until tomorrow" is 08:00 in the
    /// user's time zone), or end its snooze. `current` is its state now:
    /// "until it's back" is only for a service that is down. Whether
    /// anything changed.
    pub fn snooze(
        &mut self,
        service: &str,
        choice: SnoozeChoice,
        current: Option<&ServiceState>,
        now: DateTime<Utc>,
    ) -> bool {
        let snooze = match choice {
            // Whole seconds, so that the stored copy is the same time.
            SnoozeChoice::Hour => Some(Snooze::Until((now + Duration::hours(1)).trunc_subsecs(0))),
            SnoozeChoice::Tomorrow => Some(Snooze::Until(tomorrow_morning(
                now.with_timezone(&self.local_offset),
            ))),
            SnoozeChoice::UntilBack if current.is_some_and(is_down) => Some(Snooze::UntilBack),
            SnoozeChoice::UntilBack => return false,
            SnoozeChoice::End => None,
        };
        let steer = self.steer.entry(service.to_owned()).or_default();
        let was = steer.snooze;
        steer.snooze = snooze;
        if was.is_some() && snooze.is_none() {
            // As resuming: what differs is told at once.
            self.resumed = true;
        }
        self.steer.retain(|_, steer| !steer.is_empty());
        was != snooze
    }

    /// Arm (or disarm) a one-shot "tell me when it's back" for a service
    /// that is down now; the user knows it is down, so that is not told
    /// again. Whether anything changed.
    pub fn when_back(&mut self, current: &ServiceState, on: bool, now: DateTime<Utc>) -> bool {
        let id = current.service.clone();
        if !on {
            let changed = self.steer.get(&id).is_some_and(|s| s.when_back);
            if let Some(steer) = self.steer.get_mut(&id) {
                steer.when_back = false;
            }
            self.steer.retain(|_, steer| !steer.is_empty());
            return changed;
        }
        if !is_down(current) {
            return false;
        }
        let degraded = self.alert_level(&id) == AlertLevel::All;
        let tracked = self
            .services
            .entry(id.clone())
            .or_insert_with(|| Tracked::new(Some(current), current, degraded, now));
        if tracked.told != Level::Down {
            tracked.told = Level::Down;
            tracked.told_down_since = current.outage_since.or(Some(now));
        }
        let steer = self.steer.entry(id).or_default();
        let changed = !steer.when_back;
        steer.when_back = true;
        changed
    }

    /// What outlives a restart: the pause and the steers still in force.
    pub fn steering(&self, now: DateTime<Utc>) -> Steering {
        let mut services = self.steer.clone();
        for steer in services.values_mut() {
            if matches!(steer.snooze, Some(Snooze::Until(at)) if at <= now) {
                steer.snooze = None;
            }
        }
        services.retain(|_, steer| !steer.is_empty());
        Steering {
            paused_until: self.paused_until(now),
            services,
        }
    }

    /// Take back what a previous run (or the policy before a reload) kept.
    pub fn restore(&mut self, steering: &Steering) {
        self.paused_until = steering.paused_until;
        self.steer = steering.services.clone();
        self.steer.retain(|_, steer| !steer.is_empty());
    }

    /// One service's alerts as shown; `explicit` when the config sets the level.
    pub fn service_alerts(&self, service: &str, now: DateTime<Utc>) -> ServiceAlerts {
        let steer = self.steer.get(service).copied().unwrap_or_default();
        ServiceAlerts {
            service: service.to_owned(),
            level: self.alert_level(service),
            explicit: self.levels.contains_key(service),
            snoozed_until: match steer.snooze {
                Some(Snooze::Until(at)) if at > now => Some(at),
                _ => None,
            },
            snoozed_until_back: steer.snooze == Some(Snooze::UntilBack),
            when_back: steer.when_back,
        }
    }

    /// Whether `service` keeps quiet now: alerts off, or snoozed.
    pub(super) fn quiet_service(&self, service: &str, now: DateTime<Utc>) -> bool {
        self.alert_level(service) == AlertLevel::Off || self.snoozed(service, now)
    }

    fn snoozed(&self, service: &str, now: DateTime<Utc>) -> bool {
        self.steer
            .get(service)
            .and_then(|steer| steer.snooze)
            .is_some_and(|snooze| match snooze {
                Snooze::Until(at) => at > now,
                Snooze::UntilBack => true,
            })
    }

    /// The services owed "it's back", those snoozed, and those with alerts off.
    pub(super) fn hushed(
        &self,
        now: DateTime<Utc>,
    ) -> (BTreeSet<String>, BTreeSet<String>, BTreeSet<String>) {
        let owed = self
            .steer
            .iter()
            .filter(|(_, steer)| steer.when_back)
            .map(|(id, _)| id.clone())
            .collect();
        let snoozed = self
            .services
            .keys()
            .filter(|id| self.snoozed(id, now))
            .cloned()
            .collect();
        let off = self
            .services
            .keys()
            .filter(|id| self.alert_level(id) == AlertLevel::Off)
            .cloned()
            .collect();
        (owed, snoozed, off)
    }

    /// Timed snoozes that are over end; whether any did.
    pub(super) fn end_snoozes(&mut self, now: DateTime<Utc>) -> bool {
        let mut ended = false;
        for steer in self.steer.values_mut() {
            if matches!(steer.snooze, Some(Snooze::Until(at)) if at <= now) {
                steer.snooze = None;
                ended = true;
            }
        }
        self.steer.retain(|_, steer| !steer.is_empty());
        ended
    }
}

fn is_down(state: &ServiceState) -> bool {
    state.shown_down()
}

/// What a notification offers, where the server shows buttons: always
/// Open; about one service in trouble, Snooze 1 h; about one down, Tell me
/// when it's back.
pub fn actions(notification: &Notification) -> Vec<NotificationAction> {
    let mut actions = vec![NotificationAction::Open];
    if notification.services.len() != 1 {
        return actions;
    }
    let kind = notification.kind;
    if matches!(
        kind,
        NotificationKind::Outage | NotificationKind::Degraded | NotificationKind::Reminder
    ) {
        actions.push(NotificationAction::SnoozeHour);
    }
    if matches!(kind, NotificationKind::Outage | NotificationKind::Reminder) {
        actions.push(NotificationAction::WhenBack);
    }
    actions
}
