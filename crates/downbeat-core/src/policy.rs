//! State changes in, notifications out. Pure and given the time, so that it
//! is tested with simulated hours.

use crate::config::Notifications;
use crate::model::{Notification, NotificationKind, Status};
use crate::verdict::Transition;
use chrono::{DateTime, Utc};

#[derive(Debug, Clone)]
pub struct Policy {
    prefs: Notifications,
    paused_until: Option<DateTime<Utc>>,
}

impl Policy {
    pub fn new(prefs: Notifications) -> Policy {
        Policy {
            prefs,
            paused_until: None,
        }
    }

    /// Pause every notification until `until`; `None` resumes.
    pub fn pause(&mut self, until: Option<DateTime<Utc>>) {
        self.paused_until = until;
    }

    pub fn paused_until(&self, now: DateTime<Utc>) -> Option<DateTime<Utc>> {
        self.paused_until.filter(|until| *until > now)
    }

    /// The notification a transition deserves, if any.
    pub fn on_transition(
        &self,
        transition: &Transition,
        muted: bool,
        now: DateTime<Utc>,
    ) -> Option<Notification> {
        if !self.prefs.enabled || muted || self.paused_until(now).is_some() {
            return None;
        }
        let state = &transition.state;
        let name = &state.name;
        let was_in_outage = transition.previous.as_ref().and_then(|p| p.outage_since);

        if state.status.is_outage() && was_in_outage.is_none() {
            return Some(Notification {
                kind: NotificationKind::Outage,
                services: vec![state.service.clone()],
                title: format!("{name} is {}", state.status.phrase()),
                body: state.reason.clone(),
            });
        }
        if let (Some(started), None) = (was_in_outage, state.outage_since) {
            return Some(Notification {
                kind: NotificationKind::Recovery,
                services: vec![state.service.clone()],
                title: format!("{name} is back up"),
                body: format!(
                    "{name} was down for {}. {}",
                    human_duration(state.since - started),
                    state.reason
                ),
            });
        }
        let from_healthy = matches!(
            transition.change.from,
            None | Some(Status::Operational | Status::Maintenance)
        );
        if self.prefs.degraded && state.status == Status::Degraded && from_healthy {
            return Some(Notification {
                kind: NotificationKind::Degraded,
                services: vec![state.service.clone()],
                title: format!("{name} is degraded"),
                body: state.reason.clone(),
            });
        }
        None
    }
}

/// "45 s", "12 min", "2 h 5 min", "3 d 4 h".
pub fn human_duration(duration: chrono::Duration) -> String {
    let seconds = duration.num_seconds().max(0);
    let (days, hours, minutes) = (
        seconds / 86_400,
        seconds % 86_400 / 3600,
        seconds % 3600 / 60,
    );
    match (days, hours, minutes) {
        (0, 0, 0) => format!("{seconds} s"),
        (0, 0, m) => format!("{m} min"),
        (0, h, 0) => format!("{h} h"),
        (0, h, m) => format!("{h} h {m} min"),
        (d, 0, _) => format!("{d} d"),
        (d, h, _) => format!("{d} d {h} h"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Cause, ServiceState};
    use crate::store::StateChange;
    use chrono::{Duration, TimeZone};

    fn at(minute: i64) -> DateTime<Utc> {
        Utc.timestamp_opt(1_700_000_000, 0)
            .single()
            .unwrap_or_default()
            + Duration::minutes(minute)
    }

    fn state(status: Status, minute: i64, outage_since: Option<i64>) -> ServiceState {
        ServiceState {
            service: "acme".into(),
            name: "Acme".into(),
            status,
            since: at(minute),
            cause: Cause::Vendor,
            reason: format!("Acme is {}.", status.phrase()),
            outage_since: outage_since.map(at),
            last_check: Some(at(minute)),
        }
    }

    fn transition(previous: Option<ServiceState>, state: ServiceState) -> Transition {
        Transition {
            change: StateChange {
                service: "acme".into(),
                at: state.since,
                from: previous.as_ref().map(|p| p.status),
                to: state.status,
                cause: Cause::Vendor,
                reason: state.reason.clone(),
            },
            previous,
            state,
        }
    }

    #[test]
    fn outage_then_recovery_with_its_duration() {
        let policy = Policy::new(Notifications::default());
        let down = transition(
            Some(state(Status::Operational, 0, None)),
            state(Status::MajorOutage, 2, Some(2)),
        );
        let outage = policy.on_transition(&down, false, at(2)).expect("outage");
        assert_eq!(outage.kind, NotificationKind::Outage);
        assert_eq!(outage.title, "Acme is down");

        // Worse or better inside the same outage: quiet.
        let partial = transition(
            Some(state(Status::MajorOutage, 2, Some(2))),
            state(Status::PartialOutage, 30, Some(2)),
        );
        assert_eq!(policy.on_transition(&partial, false, at(30)), None);

        let up = transition(
            Some(state(Status::PartialOutage, 30, Some(2))),
            state(Status::Operational, 74, None),
        );
        let recovery = policy.on_transition(&up, false, at(74)).expect("recovery");
        assert_eq!(recovery.kind, NotificationKind::Recovery);
        assert_eq!(recovery.title, "Acme is back up");
        assert!(
            recovery.body.starts_with("Acme was down for 1 h 12 min."),
            "{}",
            recovery.body
        );
    }

    #[test]
    fn muted_paused_disabled_and_degraded_preferences() {
        let down = transition(
            Some(state(Status::Operational, 0, None)),
            state(Status::MajorOutage, 2, Some(2)),
        );
        let mut policy = Policy::new(Notifications::default());
        assert_eq!(policy.on_transition(&down, true, at(2)), None, "muted");
        policy.pause(Some(at(60)));
        assert_eq!(policy.on_transition(&down, false, at(2)), None, "paused");
        assert!(
            policy.on_transition(&down, false, at(61)).is_some(),
            "pause expired"
        );
        policy.pause(None);

        let degraded = transition(
            Some(state(Status::Operational, 0, None)),
            state(Status::Degraded, 2, None),
        );
        assert_eq!(
            policy.on_transition(&degraded, false, at(2)),
            None,
            "degraded is off by default"
        );
        let prefs = Notifications {
            degraded: true,
            ..Notifications::default()
        };
        assert_eq!(
            Policy::new(prefs)
                .on_transition(&degraded, false, at(2))
                .map(|n| n.kind),
            Some(NotificationKind::Degraded)
        );
        let off = Notifications {
            enabled: false,
            ..Notifications::default()
        };
        assert_eq!(Policy::new(off).on_transition(&down, false, at(2)), None);

        // Unknown is never an alert, and coming back from it is not a recovery
        // unless an outage was under way.
        let lost = transition(
            Some(state(Status::Operational, 0, None)),
            state(Status::Unknown, 3, None),
        );
        assert_eq!(policy.on_transition(&lost, false, at(3)), None);
        let found = transition(
            Some(state(Status::Unknown, 3, None)),
            state(Status::Operational, 9, None),
        );
        assert_eq!(policy.on_transition(&found, false, at(9)), None);
    }

    #[test]
    fn durations_read_like_a_person_wrote_them() {
        assert_eq!(human_duration(Duration::seconds(45)), "45 s");
        assert_eq!(human_duration(Duration::minutes(12)), "12 min");
        assert_eq!(human_duration(Duration::minutes(125)), "2 h 5 min");
        assert_eq!(human_duration(Duration::hours(76)), "3 d 4 h");
    }
}

/// "Until tomorrow": 08:00 tomorrow in the user's time zone.
pub fn tomorrow_morning<Tz: chrono::TimeZone>(now: DateTime<Tz>) -> DateTime<Utc> {
    use chrono::Days;
    let tomorrow = now
        .date_naive()
        .checked_add_days(Days::new(1))
        .unwrap_or(now.date_naive());
    let eight = tomorrow.and_hms_opt(8, 0, 0).unwrap_or_default();
    now.timezone()
        .from_local_datetime(&eight)
        .earliest()
        .map(|at| at.with_timezone(&Utc))
        .unwrap_or_else(|| now.with_timezone(&Utc) + chrono::Duration::hours(12))
}

#[cfg(test)]
mod tomorrow_tests {
    use super::*;
    use chrono::{FixedOffset, TimeZone};

    #[test]
    fn tomorrow_morning_is_eight_local_the_next_day() {
        let paris = FixedOffset::east_opt(3600).expect("offset");
        let late = paris
            .with_ymd_and_hms(2026, 3, 1, 23, 30, 0)
            .single()
            .expect("time");
        assert_eq!(
            tomorrow_morning(late).to_rfc3339(),
            "2026-03-02T07:00:00+00:00"
        );
    }
}
