//! State changes in, notifications out. Pure and given the time, so that it
//! is tested with simulated hours.
//!
//! The policy remembers, per service, what the user was last *told* (up,
//! degraded or down) beside what is *true* now. A notification is the
//! difference between the two, said at the right moment:
//!
//! - **Grouping.** A change opens a window of `group_window` (15 s by
//!   default); each further change pushes its end to that change plus the
//!   window (twice the window once two services changed), never more than
//!   [`GROUP_MAX`] after the first. When it closes, whatever differs is told:
//!   one service → its own notification, several → one `Grouped`. A service
//!   that went down and came back inside the window differs from nothing, so
//!   nothing is said about it.
//! - **Hysteresis.** A service that starts trouble twice (goes down twice, or
//!   degraded twice) within [`FLAP_WINDOW`] is *unstable*: one "X is
//!   unstable" notice if it is down while the user believes it up, then
//!   silence until it has not changed for [`SETTLE_AFTER`]; then whatever
//!   differs from what the user was told is told (nothing if it settled up).
//! - **Per service** (see `steer`): its alert level (`off` says nothing,
//!   `outages` leaves degraded out), a snooze (held like the global one, and
//!   what differs told once when it ends), and a one-shot "tell me when it's
//!   back" that is told whatever the level or snooze.
//! - **Silence.** While snoozed (`pause`) or in
//!   quiet hours nothing is shown; changes keep being tracked. When a snooze
//!   ends, what differs is told in one notification (an outage that started
//!   and ended during it is never mentioned). When quiet hours end, the same
//!   plus every service still down: a single morning summary.
//! - **Connectivity.** "You're offline" once the connection has been lost for
//!   the group window (a blip says nothing), "Back online" only after it, and
//!   never one per service: changes reported while not online are held, and
//!   after the connection (or the machine) comes back, for
//!   [`RECONNECT_SETTLE`] while first checks re-establish the picture.
//! - **Reminders** (off by default): every `reminders` while a service the
//!   user was told is down stays down.

mod compose;
mod steer;
pub use steer::actions;

#[cfg(test)]
mod scenarios;
#[cfg(test)]
mod steer_tests;
#[cfg(test)]
mod tests;
mod track;
#[cfg(test)]
mod world;

use crate::config::QuietHours;

use compose::Item;
use track::{Level, Tracked};

use crate::config::Notifications;
use crate::logic::verdict::Transition;
use crate::model::alerts::{AlertLevel, Snooze, Steer};
use crate::model::i18n::{Change, Language};
use crate::model::{Connectivity, Notification, NotificationKind};
use chrono::{DateTime, Duration, FixedOffset, Offset, Utc};
use std::collections::BTreeMap;

/// A group is released at the latest this long after its first change.
pub const GROUP_MAX: Duration = Duration::seconds(60);
/// Starting trouble twice within this span makes a service unstable.
pub const FLAP_WINDOW: Duration = Duration::minutes(10);
/// An unstable service is settled once it has not changed for this long.
pub const SETTLE_AFTER: Duration = Duration::minutes(5);
/// After the connection comes back, service changes wait this long.
pub const RECONNECT_SETTLE: Duration = Duration::seconds(60);

#[derive(Debug, Clone, Copy)]
struct Batch {
    opened: DateTime<Utc>,
    closes: DateTime<Utc>,
    changes: u32,
}

#[derive(Debug, Clone)]
pub struct Policy {
    prefs: Notifications,
    language: Language,
    local_offset: FixedOffset,
    quiet: Option<QuietHours>,
    group_window: Duration,
    reminders: Option<Duration>,
    paused_until: Option<DateTime<Utc>>,
    resumed: bool,
    /// The latest time the policy was given.
    last: Option<DateTime<Utc>>,
    services: BTreeMap<String, Tracked>,
    /// Alert levels set by the config; others follow `prefs`.
    levels: BTreeMap<String, AlertLevel>,
    /// Snoozes and "tell me when it's back", by service.
    steer: BTreeMap<String, Steer>,
    batch: Option<Batch>,
    /// Say what differs as soon as it may be said (a snooze ended, the
    /// connection came back, an unstable service settled).
    release_pending: bool,
    /// Quiet hours ended: say what differs and what is still down.
    summary_pending: bool,
    connectivity: Connectivity,
    offline_since: Option<DateTime<Utc>>,
    told_offline: bool,
    observable_from: Option<DateTime<Utc>>,
}

impl Policy {
    /// Quiet hours are read in UTC until [`Policy::set_local_offset`] says
    /// otherwise. An invalid `quiet_hours` (the config rejects them) is ignored.
    pub fn new(prefs: Notifications, language: Language) -> Policy {
        let quiet = prefs.quiet_hours.as_deref().and_then(|text| {
            QuietHours::parse(text)
                .map_err(|error| tracing::warn!("{error}"))
                .ok()
        });
        // Bounded so that adding them to a date never overflows.
        let bounded = |d: std::time::Duration| {
            Duration::from_std(d)
                .unwrap_or(Duration::MAX)
                .min(Duration::days(366))
        };
        Policy {
            quiet,
            group_window: bounded(prefs.group_window).min(GROUP_MAX),
            reminders: prefs
                .reminders
                .map(bounded)
                .filter(|every| *every > Duration::zero()),
            prefs,
            language,
            local_offset: Utc.fix(),
            paused_until: None,
            resumed: false,
            last: None,
            services: BTreeMap::new(),
            levels: BTreeMap::new(),
            steer: BTreeMap::new(),
            batch: None,
            release_pending: false,
            summary_pending: false,
            connectivity: Connectivity::Online,
            offline_since: None,
            told_offline: false,
            observable_from: None,
        }
    }

    /// The user's UTC offset, for quiet hours. The caller reads the system
    /// time zone (and calls again when daylight saving time changes it).
    pub fn set_local_offset(&mut self, offset: FixedOffset) {
        self.local_offset = offset;
    }

    pub fn with_local_offset(mut self, offset: FixedOffset) -> Policy {
        self.local_offset = offset;
        self
    }

    pub fn language(&self) -> Language {
        self.language
    }

    /// Pause every notification until `until` ("snooze"); `None` resumes.
    /// What changed meanwhile is told when the pause ends.
    pub fn pause(&mut self, until: Option<DateTime<Utc>>) {
        if until.is_none() && self.paused_until.is_some() {
            self.resumed = true;
        }
        self.paused_until = until;
    }

    pub fn paused_until(&self, now: DateTime<Utc>) -> Option<DateTime<Utc>> {
        self.paused_until.filter(|until| *until > now)
    }

    /// A service changed state. Returns the notifications due now: often
    /// none, the change being held for grouping.
    pub fn on_transition(
        &mut self,
        transition: &Transition,
        now: DateTime<Utc>,
    ) -> Vec<Notification> {
        let mut out = self.advance(now);
        if !self.prefs.enabled {
            return out;
        }
        let state = &transition.state;
        let alerts = self.alert_level(&state.service);
        let degraded = alerts == AlertLevel::All;
        let online = self.connectivity.is_online();
        let tracked = self
            .services
            .entry(state.service.clone())
            .or_insert_with(|| Tracked::new(transition.previous.as_ref(), state, degraded, now));
        let before = tracked.level;
        tracked.update(state, degraded);
        // Changes seen while not online are not trusted to start anything.
        let mut open = false;
        if tracked.level != before {
            tracked.changed_at = now;
            if before == Level::Down {
                tracked.recovered_at = Some(state.since);
            }
            // A service that says nothing is not counted as unstable (it
            // may still be owed "it's back", below).
            if online {
                open = alerts == AlertLevel::Off || tracked.record_change(before, now);
            }
        }
        let back = tracked.level != Level::Down;
        let steer = self.steer.get_mut(&state.service);
        let owed = steer.as_ref().is_some_and(|s| s.when_back) && back;
        if back {
            // "Until it's back" ends when it is; what differs is then told.
            if let Some(steer) = steer.filter(|s| s.snooze == Some(Snooze::UntilBack)) {
                steer.snooze = None;
                open = open || online;
            }
        }
        let heard = owed || !self.quiet_service(&state.service, now);
        if open && heard && !self.silenced(now) {
            self.open_batch(now);
        }
        out.extend(self.flush(now));
        out
    }

    /// The user's connection changed: one "you're offline" and one "back
    /// online", never one per service. `from` is informational: the policy
    /// keeps the state it was last told.
    pub fn on_connectivity(
        &mut self,
        _from: Connectivity,
        to: Connectivity,
        now: DateTime<Utc>,
    ) -> Vec<Notification> {
        let mut out = self.advance(now);
        let before = self.connectivity;
        self.connectivity = to;
        match to {
            Connectivity::Online => {
                self.offline_since = None;
                if before != Connectivity::Online {
                    self.observable_from = Some(now + RECONNECT_SETTLE);
                    self.release_pending = true;
                }
                if self.told_offline {
                    self.told_offline = false;
                    if self.may_show(now) && self.prefs.offline {
                        out.push(Notification {
                            kind: NotificationKind::Online,
                            services: vec![],
                            title: self.language.online_title(),
                            body: self.language.online_body(),
                            urgent: false,
                        });
                    }
                }
            }
            // A sleep gap: nothing notifies, and a loss of connection that
            // had not been told yet is forgotten.
            Connectivity::Asleep => self.offline_since = None,
            Connectivity::Offline | Connectivity::CaptivePortal | Connectivity::DnsBroken => {
                self.offline_since.get_or_insert(now);
            }
        }
        out.extend(self.flush(now));
        out
    }

    /// Releases what is due: held groups, the end of a snooze or of quiet
    /// hours, unstable services that settled, reminders. May be called at
    /// any time; should be called when [`Policy::next_deadline`] passes.
    pub fn tick(&mut self, now: DateTime<Utc>) -> Vec<Notification> {
        self.advance(now)
    }

    /// Says at once what is held for grouping, so that quitting does not
    /// lose it (a restart does not announce an outage again). Snoozes, quiet
    /// hours and the connection still apply.
    pub fn release_held(&mut self, now: DateTime<Utc>) -> Vec<Notification> {
        let mut out = self.advance(now);
        if let Some(batch) = &mut self.batch {
            batch.closes = batch.closes.min(now);
        }
        out.extend(self.flush(now));
        out
    }

    /// When `tick` next has something to do, if ever (without new events).
    pub fn next_deadline(&self) -> Option<DateTime<Utc>> {
        if !self.prefs.enabled {
            return None;
        }
        let snoozes = self.steer.values().filter_map(|s| match s.snooze {
            Some(Snooze::Until(at)) => Some(at),
            _ => None,
        });
        let Some(last) = self.last else {
            return self.paused_until.into_iter().chain(snoozes).min();
        };
        if self.resumed {
            return Some(last);
        }
        let mut times: Vec<DateTime<Utc>> = Vec::new();
        times.extend(self.batch.map(|batch| batch.closes));
        times.extend(self.paused_until);
        times.extend(snoozes);
        times.extend(self.observable_from);
        times.extend(
            self.quiet
                .map(|quiet| quiet.next_end(last, self.local_offset)),
        );
        if self.prefs.offline && !self.told_offline && !self.connectivity.is_online() {
            times.extend(self.offline_since.map(|since| since + self.group_window));
        }
        for tracked in self.services.values() {
            times.extend(
                tracked
                    .unstable
                    .as_ref()
                    .map(|u| u.last_change + SETTLE_AFTER),
            );
            times.extend(tracked.next_reminder);
        }
        // Anything earlier was handled by the last call, or waits for one of
        // these (a snooze's end, quiet hours' end, the connection).
        times.into_iter().filter(|at| *at > last).min()
    }

    fn silenced(&self, now: DateTime<Utc>) -> bool {
        self.paused_until(now).is_some()
            || self
                .quiet
                .is_some_and(|quiet| quiet.contains(now, self.local_offset))
    }

    /// Whether a notification may be shown at all now.
    fn may_show(&self, now: DateTime<Utc>) -> bool {
        self.prefs.enabled && !self.silenced(now)
    }

    /// Whether changes of services may be told now.
    fn may_tell_services(&self, now: DateTime<Utc>) -> bool {
        self.may_show(now)
            && self.connectivity.is_online()
            && !matches!(self.observable_from, Some(from) if now < from)
    }

    fn open_batch(&mut self, now: DateTime<Utc>) {
        let window = self.group_window;
        match &mut self.batch {
            Some(batch) => {
                batch.changes += 1;
                let extension = if batch.changes >= 2 {
                    window * 2
                } else {
                    window
                };
                let latest = batch.opened + GROUP_MAX.max(window);
                batch.closes = batch.closes.max((now + extension).min(latest));
            }
            None => {
                self.batch = Some(Batch {
                    opened: now,
                    closes: now + window,
                    changes: 1,
                })
            }
        }
    }

    /// Bookkeeping for the time that passed, then what is due.
    fn advance(&mut self, now: DateTime<Utc>) -> Vec<Notification> {
        if let Some(until) = self.paused_until {
            if until <= now {
                self.paused_until = None;
                self.release_pending = true;
            }
        }
        if std::mem::take(&mut self.resumed) {
            self.release_pending = true;
        }
        if self.end_snoozes(now) {
            self.release_pending = true;
        }
        if let (Some(quiet), Some(last)) = (self.quiet, self.last) {
            if quiet.ended_between(last, now, self.local_offset) {
                self.summary_pending = true;
            }
        }
        self.last = Some(self.last.map_or(now, |last| last.max(now)));
        for tracked in self.services.values_mut() {
            let settled = tracked
                .unstable
                .as_ref()
                .is_some_and(|u| now >= u.last_change + SETTLE_AFTER);
            if settled {
                tracked.unstable = None;
                tracked.starts.clear();
                self.release_pending = true;
            }
        }
        self.flush(now)
    }

    /// What may be said now.
    fn flush(&mut self, now: DateTime<Utc>) -> Vec<Notification> {
        let mut out = Vec::new();
        if !self.prefs.enabled {
            return out;
        }
        let offline_due = self
            .offline_since
            .is_some_and(|since| now >= since + self.group_window);
        if offline_due && !self.told_offline && self.prefs.offline && self.may_show(now) {
            self.told_offline = true;
            out.push(Notification {
                kind: NotificationKind::Offline,
                services: vec![],
                title: self.language.offline_title(),
                body: self.language.offline_body(self.connectivity),
                urgent: false,
            });
        }
        if !self.may_tell_services(now) {
            // Reminders missed meanwhile are skipped, not replayed.
            if let Some(every) = self.reminders {
                for tracked in self.services.values_mut() {
                    if tracked.next_reminder.is_some_and(|at| at <= now) {
                        tracked.next_reminder = Some(now + every);
                    }
                }
            }
            return out;
        }
        self.observable_from = None;
        let batch_due = self.batch.is_some_and(|batch| batch.closes <= now);
        if batch_due || self.release_pending || self.summary_pending {
            let summary = self.summary_pending;
            self.batch = None;
            self.release_pending = false;
            self.summary_pending = false;
            let items = self.release(now, summary);
            out.extend(self.compose(items, NotificationKind::Grouped));
        }
        let reminders = self.due_reminders(now);
        out.extend(self.compose(reminders, NotificationKind::Reminder));
        out
    }

    /// Tell what differs from what the user was told; with `summary`, also
    /// what is still down.
    fn release(&mut self, now: DateTime<Utc>, summary: bool) -> Vec<Item> {
        let mut items = Vec::new();
        let reminders = self.reminders;
        let (owed, quiet, off) = self.hushed(now);
        for (id, tracked) in &mut self.services {
            if owed.contains(id) && tracked.told == Level::Down && tracked.level != Level::Down {
                // "Tell me when it's back", whatever the level or a snooze.
                items.push(back_up(id, tracked, now));
                tracked.told = tracked.level;
                tracked.told_down_since = None;
                tracked.next_reminder = None;
                continue;
            }
            if off.contains(id) {
                // Says nothing, but keeps up, so that turning it on later
                // does not bring old news.
                tracked.told = tracked.level;
                tracked.told_down_since = tracked.outage_since;
                tracked.next_reminder = None;
                continue;
            }
            if quiet.contains(id) {
                continue;
            }
            if tracked.unstable.is_some() {
                let notice = tracked.told == Level::Up && tracked.level == Level::Down;
                if let Some(unstable) = tracked.unstable.as_mut().filter(|u| notice && !u.noticed) {
                    unstable.noticed = true;
                    let first = tracked.starts.front().map_or(now, |(at, _)| *at);
                    let latest = tracked.starts.back().map_or(now, |(at, _)| *at);
                    items.push(Item {
                        times: tracked.starts.len(),
                        duration: latest - first,
                        ..Item::new(id, tracked, Change::Unstable)
                    });
                }
                continue;
            }
            if tracked.level != tracked.told {
                let change = match (tracked.told, tracked.level) {
                    (_, Level::Down) => Change::Down,
                    (Level::Up | Level::Maintenance, Level::Degraded) => Change::Degraded,
                    (Level::Up | Level::Degraded, Level::Maintenance) => Change::Maintenance,
                    (Level::Down, _) => Change::BackUp,
                    _ => Change::Normal,
                };
                let told = if change == Change::BackUp {
                    back_up(id, tracked, now)
                } else {
                    Item::new(id, tracked, change)
                };
                tracked.told = tracked.level;
                let down = tracked.level == Level::Down;
                tracked.told_down_since =
                    down.then(|| tracked.outage_since.unwrap_or(tracked.changed_at));
                tracked.next_reminder = reminders.filter(|_| down).map(|every| now + every);
                items.push(told);
            } else if summary && tracked.told == Level::Down {
                let since = tracked.told_down_since.unwrap_or(now);
                tracked.next_reminder = reminders.map(|every| now + every);
                items.push(Item {
                    duration: now - since,
                    ..Item::new(id, tracked, Change::StillDown)
                });
            }
        }
        // Told it is back: the wish is granted.
        for item in items.iter().filter(|item| item.change == Change::BackUp) {
            if let Some(steer) = self.steer.get_mut(&item.service) {
                steer.when_back = false;
            }
        }
        self.steer.retain(|_, steer| !steer.is_empty());
        items.sort_by_key(|item| {
            let changed = self.services.get(&item.service).map(|t| t.changed_at);
            (item.change == Change::StillDown, changed)
        });
        items
    }

    fn due_reminders(&mut self, now: DateTime<Utc>) -> Vec<Item> {
        let Some(every) = self.reminders else {
            return Vec::new();
        };
        let mut items = Vec::new();
        let (_, quiet, off) = self.hushed(now);
        for (id, tracked) in &mut self.services {
            let due = tracked.next_reminder.is_some_and(|at| at <= now);
            if !due {
                continue;
            }
            if off.contains(id) || quiet.contains(id) {
                // Snoozed: reminders missed meanwhile are skipped.
                tracked.next_reminder = (!off.contains(id)).then_some(now + every);
                continue;
            }
            if tracked.unstable.is_some()
                || tracked.told != Level::Down
                || tracked.level != Level::Down
            {
                tracked.next_reminder = None;
                continue;
            }
            tracked.next_reminder = Some(now + every);
            items.push(Item {
                duration: now - tracked.told_down_since.unwrap_or(now),
                ..Item::new(id, tracked, Change::StillDown)
            });
        }
        items
    }
}

/// "X is back up", with how long the outage the user was told of lasted.
fn back_up(id: &str, tracked: &Tracked, now: DateTime<Utc>) -> Item {
    let end = tracked.recovered_at.unwrap_or(now);
    let mut item = Item::new(id, tracked, Change::BackUp);
    item.duration = tracked
        .told_down_since
        .map_or(Duration::zero(), |start| end - start);
    item
}

/// "45 s", "12 min", "2 h 5 min", "3 d 4 h".
pub fn human_duration(duration: Duration) -> String {
    Language::En.duration(duration)
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
        .unwrap_or_else(|| now.with_timezone(&Utc) + Duration::hours(12))
}
