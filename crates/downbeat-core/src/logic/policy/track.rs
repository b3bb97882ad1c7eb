//! What the policy remembers of each service: what is true, what the user
//! was told, and how often it started trouble lately.

use super::FLAP_WINDOW;
use crate::model::{Reason, ServiceState, Status};
use chrono::{DateTime, Utc};
use std::collections::VecDeque;

/// What the user is told about a service: the three levels of trouble.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Level {
    Up,
    Degraded,
    /// Under maintenance, for a service whose level is "all".
    Maintenance,
    Down,
}

#[derive(Debug, Clone)]
pub(super) struct Unstable {
    pub(super) last_change: DateTime<Utc>,
    pub(super) noticed: bool,
}

#[derive(Debug, Clone)]
pub(super) struct Tracked {
    pub(super) name: String,
    /// What is true now.
    pub(super) level: Level,
    pub(super) reason: Reason,
    /// The outage-level status last seen: "down" or "partly down".
    pub(super) outage_status: Status,
    pub(super) outage_since: Option<DateTime<Utc>>,
    /// When the service last left an outage.
    pub(super) recovered_at: Option<DateTime<Utc>>,
    /// What the user was last told, and since when the outage they were told
    /// about has lasted.
    pub(super) told: Level,
    pub(super) told_down_since: Option<DateTime<Utc>>,
    /// When it last started trouble, with the level it went to.
    pub(super) starts: VecDeque<(DateTime<Utc>, Level)>,
    pub(super) unstable: Option<Unstable>,
    pub(super) next_reminder: Option<DateTime<Utc>>,
    /// When it last changed, to list changes in order.
    pub(super) changed_at: DateTime<Utc>,
}

impl Tracked {
    /// Counts a change (seen while online) toward instability. Whether it
    /// should be told in the next group: false while the service is unstable.
    pub(super) fn record_change(&mut self, before: Level, now: DateTime<Utc>) -> bool {
        let level = self.level;
        let starts_trouble =
            level == Level::Down || (before == Level::Up && level == Level::Degraded);
        if starts_trouble {
            self.starts.push_back((now, level));
        }
        while self
            .starts
            .front()
            .is_some_and(|(at, _)| *at + FLAP_WINDOW < now)
        {
            self.starts.pop_front();
        }
        if let Some(unstable) = &mut self.unstable {
            unstable.last_change = now;
            return false;
        }
        let again = self.starts.iter().filter(|(_, l)| *l == level).count() >= 2;
        if starts_trouble && again {
            self.unstable = Some(Unstable {
                last_change: now,
                noticed: false,
            });
        }
        true
    }

    /// A service seen for the first time: the user is taken to believe the
    /// state before the change (what a previous run told them, or "up").
    pub(super) fn new(
        previous: Option<&ServiceState>,
        state: &ServiceState,
        degraded: bool,
        now: DateTime<Utc>,
    ) -> Tracked {
        let believed = previous.map_or(Level::Up, |p| level_of(p, Level::Up, degraded));
        let mut tracked = Tracked {
            name: state.name.clone(),
            level: believed,
            reason: Reason::default(),
            outage_status: Status::MajorOutage,
            outage_since: previous.and_then(|p| p.outage_since),
            recovered_at: None,
            told: believed,
            told_down_since: previous.and_then(|p| p.outage_since),
            starts: VecDeque::new(),
            unstable: None,
            next_reminder: None,
            changed_at: now,
        };
        if let Some(previous) = previous {
            tracked.update(previous, degraded);
        }
        tracked
    }

    pub(super) fn update(&mut self, state: &ServiceState, degraded: bool) {
        self.name.clone_from(&state.name);
        self.level = level_of(state, self.level, degraded);
        self.reason.clone_from(&state.reason);
        if state.status.is_outage() {
            self.outage_status = state.status;
        }
        self.outage_since = state.outage_since;
    }
}

/// `unknown` says nothing new: the level before stands (an outage lasts
/// through it, see `ServiceState::outage_since`).
/// `degraded`: the service's alert level is "all", so degraded and
/// maintenance count.
pub(super) fn level_of(state: &ServiceState, before: Level, degraded: bool) -> Level {
    if state.outage_since.is_some() || state.status.is_outage() {
        Level::Down
    } else if state.status == Status::Unknown {
        before
    } else if state.status == Status::Degraded && degraded {
        Level::Degraded
    } else if state.status == Status::Maintenance && degraded {
        Level::Maintenance
    } else {
        Level::Up
    }
}
