//! Rollups, retention, and the history a person reads: uptime over windows,
//! 90 days of bars, a latency sparkline and incident timelines.

use super::days::{insert_rollup, DAY, HOUR, ROLLUP_COLUMNS, ROLLUP_VALUES};
use super::{from_millis, millis, Store, StoreError};
use crate::logic::history::{self, rollup::Span, Evidence, Rollup, Timeline};
use crate::model::i18n::Language;
use crate::model::Status;
use chrono::{DateTime, Duration, FixedOffset, NaiveDate, Utc};
use rusqlite::params;
use serde::Serialize;
use std::collections::BTreeMap;

/// Raw observations are kept this long, then only their rollups remain.
pub const RAW_RETENTION: Duration = crate::logic::history::RAW_RETENTION;
/// Hourly rollups are kept this long (they draw the 90-day bars in local
/// days); daily rollups are kept for good.
pub const HOURLY_RETENTION: Duration = Duration::days(100);

const ROLLED_UNTIL: &str = "rolled_until";

/// The windows uptime is reported over.
pub const UPTIME_WINDOWS: [(&str, Duration); 4] = [
    ("24h", Duration::hours(24)),
    ("7d", Duration::days(7)),
    ("30d", Duration::days(30)),
    ("90d", Duration::days(90)),
];

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Uptime {
    pub window: &'static str,
    /// Share of observed time not down; `None` when nothing was observed.
    pub uptime: Option<f64>,
    pub observed_ms: i64,
    pub down_ms: i64,
    /// The window was watched (nearly) whole: "99.95 % (90 d)". Else the
    /// figure covers only `observed_ms`: "100 % over 3 h watched".
    pub whole: bool,
    /// Worth showing: more was observed in it than in the smaller window
    /// shown before it. Four windows with one figure (or "100 % (90 d)"
    /// after 3 hours) mislead; the dashboard and `history` show only these.
    pub useful: bool,
}

/// Sets `whole` and `useful` on windows listed smallest first: the one rule
/// every surface follows.
pub fn flag_windows(windows: &mut [Uptime]) {
    // Less than a minute more is the same time watched (checks land a few
    // seconds apart).
    const MORE: i64 = 60_000;
    let mut shown_before: Option<i64> = None;
    for u in windows.iter_mut() {
        let length = UPTIME_WINDOWS
            .iter()
            .find(|(name, _)| *name == u.window)
            .map_or(i64::MAX, |(_, length)| length.num_milliseconds());
        u.whole = u.observed_ms.saturating_mul(100) >= length.saturating_mul(99);
        u.useful = shown_before.is_none_or(|before| u.observed_ms > before + MORE);
        if u.useful {
            shown_before = Some(u.observed_ms);
        }
    }
}

/// One day of one service, in the user's local calendar.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Day {
    pub date: NaiveDate,
    /// The worst status observed that day; `None` when nothing was.
    pub worst: Option<Status>,
    #[serde(flatten)]
    pub figures: Rollup,
}

/// What the overview shows of one service's past.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Summary {
    pub uptime: Vec<Uptime>,
    /// Oldest first; the last one is today.
    pub days: Vec<Day>,
    /// Median latency of each of the last 24 hours, oldest first.
    pub sparkline: Vec<Option<u32>>,
}

fn floor(at: i64, span: i64) -> i64 {
    at.div_euclid(span) * span
}

impl Store {
    /// Roll every complete hour (and UTC day) since the last call into
    /// rollups, then drop what retention no longer keeps. `coverage` is how
    /// long one check vouches for the verdict (see [`history::Evidence`]).
    /// Returns the number of rollups written.
    pub fn roll_up(&mut self, now: DateTime<Utc>, coverage: Duration) -> Result<usize, StoreError> {
        self.roll_up_keeping(now, coverage, RAW_RETENTION)
    }

    /// [`roll_up`](Self::roll_up), keeping raw checks for `raw` (a large
    /// watcher keeps fewer days: `logic::history::raw_retention`).
    pub fn roll_up_keeping(
        &mut self,
        now: DateTime<Utc>,
        coverage: Duration,
        raw: Duration,
    ) -> Result<usize, StoreError> {
        let until = floor(millis(now), HOUR);
        let rolled = match self.meta(ROLLED_UNTIL)? {
            Some(value) => value,
            None => match self.first_observation()? {
                Some(first) => floor(first, HOUR),
                None => return Ok(0),
            },
        };
        if rolled >= until {
            return Ok(0);
        }
        let gaps = self.gap_spans(from_millis(rolled - DAY), from_millis(until))?;
        // A day that ends inside this step is rolled from its start, so its
        // checks are read from there; otherwise only this step's.
        let day_ends = floor(until, DAY) > rolled;
        let step_from = if day_ends { floor(rolled, DAY) } else { rolled };
        let load_from = step_from - coverage.num_milliseconds();
        let services = self.services_checked(from_millis(load_from), from_millis(until))?;
        let mut rows = Vec::new();
        for (service_id, service) in services {
            let states =
                self.state_timeline(&service, from_millis(load_from), from_millis(until))?;
            let checks = self.checks(service_id, from_millis(load_from), from_millis(until))?;
            let evidence = Evidence {
                states: &states,
                checks: &checks,
                gaps: &gaps,
                coverage,
            };
            let mut hour = rolled;
            while hour < until {
                let next = hour + HOUR;
                let vouching = history::rollup::within(
                    &checks,
                    from_millis(hour) - coverage,
                    from_millis(next),
                );
                if !vouching.is_empty() {
                    let rollup = history::roll_up(&evidence, from_millis(hour), from_millis(next));
                    rows.push((service_id, HOUR, hour, rollup));
                }
                if next % DAY == 0 && next - DAY >= load_from {
                    let rollup =
                        history::roll_up(&evidence, from_millis(next - DAY), from_millis(next));
                    if rollup.checks > 0 || rollup.observed_ms() > 0 {
                        rows.push((service_id, DAY, next - DAY, rollup));
                    }
                }
                hour = next;
            }
        }
        let written = rows.len();
        let path = self.path.clone();
        let wrap = |source| StoreError::Sqlite {
            path: path.clone(),
            source,
        };
        let tx = self.conn.transaction().map_err(wrap)?;
        {
            let mut insert = tx
                .prepare_cached(&format!(
                    "INSERT OR REPLACE INTO rollups (service_id, span, start, {ROLLUP_COLUMNS})
                     VALUES ({ROLLUP_VALUES})"
                ))
                .map_err(wrap)?;
            for (service_id, span, start, r) in rows {
                insert_rollup(&mut insert, [service_id, span / 1000, start], &r).map_err(wrap)?;
            }
            tx.execute(
                "INSERT INTO meta (key, value) VALUES (?1, ?2)
                 ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                params![ROLLED_UNTIL, until],
            )
            .map_err(wrap)?;
            // Retention: raw rows only once rolled up, with a day to spare.
            let raw_until = (millis(now) - raw.num_milliseconds()).min(until - DAY);
            // `service_id IN names` lets SQLite walk each service's primary
            // key range instead of scanning every row once an hour.
            tx.execute(
                "DELETE FROM raw_observations WHERE service_id IN (SELECT id FROM names) AND at < ?1",
                [raw_until],
            )
            .map_err(wrap)?;
            tx.execute(
                "DELETE FROM rollups WHERE service_id IN (SELECT id FROM names) AND span = 3600 AND start < ?1",
                [millis(now) - HOURLY_RETENTION.num_milliseconds()],
            )
            .map_err(wrap)?;
            // Cached local days this step wrote hours into are summed again
            // when next read (only a day not complete could be, so this is a
            // guard); those older than the hourly rows go with them.
            tx.execute(
                "DELETE FROM local_days WHERE service_id IN (SELECT id FROM names) AND start > ?1",
                [rolled - DAY],
            )
            .map_err(wrap)?;
            tx.execute(
                "DELETE FROM local_days WHERE service_id IN (SELECT id FROM names) AND start < ?1",
                [millis(now) - HOURLY_RETENTION.num_milliseconds()],
            )
            .map_err(wrap)?;
        }
        tx.commit().map_err(wrap)?;
        Ok(written)
    }

    /// Uptime over each window, 90 local days and the sparkline of `service`.
    ///
    /// Complete local days come from the local-day cache (one row a day);
    /// hours are read only where a window starts inside a day and for the
    /// day not complete yet; the part not rolled up is summed from the raw
    /// checks. About 90 + 100 rows a service, whatever the history's age.
    pub fn summary(
        &self,
        service: &str,
        now: DateTime<Utc>,
        offset: FixedOffset,
        coverage: Duration,
    ) -> Result<Summary, StoreError> {
        let now_ms = millis(now);
        let rolled = self
            .meta(ROLLED_UNTIL)?
            .unwrap_or(floor(now_ms, HOUR))
            .min(now_ms);
        let offset_ms = i64::from(offset.local_minus_utc()) * 1000;
        // Local midnights, as UTC milliseconds.
        let midnight = |at: i64| floor(at + offset_ms, DAY) - offset_ms;
        let next_midnight = |at: i64| {
            let m = midnight(at);
            if m == at {
                m
            } else {
                m + DAY
            }
        };
        let first_day = midnight(now_ms) - 89 * DAY;
        // Days before this are complete and rolled up: the cache holds them.
        let cached_until = midnight(rolled).max(first_day);
        let windows: Vec<(&'static str, i64)> = UPTIME_WINDOWS
            .iter()
            .map(|&(window, length)| (window, floor(now_ms, HOUR) - length.num_milliseconds()))
            .collect();
        // Hours a window needs before its first whole cached day.
        let partial = |from: i64| (from, next_midnight(from).min(cached_until).max(from));

        let mut days_cached: Vec<(i64, Rollup)> = Vec::new();
        let mut hours: BTreeMap<i64, Rollup> = BTreeMap::new();
        if let Some(service_id) = self.known_name(service)? {
            let days_from = windows
                .iter()
                .map(|(_, from)| partial(*from).1)
                .fold(first_day, i64::min);
            days_cached = self.local_days(service_id, offset_ms, days_from, cached_until)?;
            let mut ranges: Vec<(i64, i64)> =
                windows.iter().map(|(_, from)| partial(*from)).collect();
            ranges.push((cached_until, rolled));
            // The sparkline's hours (a whole cached day may hold them).
            ranges.push((floor(now_ms, HOUR) - 23 * HOUR, cached_until));
            for (from, to) in ranges {
                if from < to {
                    hours.extend(self.rollups(service_id, HOUR, from, to)?);
                }
            }
            // The part not rolled up yet, from the raw observations.
            let live_from = from_millis(rolled);
            let states = self.state_timeline(service, live_from, now)?;
            let checks = self.checks(service_id, live_from - coverage, now)?;
            let gaps = self.gap_spans(live_from, now)?;
            let evidence = Evidence {
                states: &states,
                checks: &checks,
                gaps: &gaps,
                coverage,
            };
            let mut hour = rolled;
            while hour < now_ms {
                let end = (hour + HOUR).min(now_ms);
                hours.insert(
                    hour,
                    history::roll_up(&evidence, from_millis(hour), from_millis(end)),
                );
                hour = floor(hour, HOUR) + HOUR;
            }
        }
        let mut uptime = windows
            .iter()
            .map(|&(window, from)| {
                let (_, whole_days_from) = partial(from);
                let mut total = Rollup::default();
                for (_, rollup) in days_cached
                    .iter()
                    .filter(|(start, _)| *start >= whole_days_from)
                {
                    total.absorb(rollup);
                }
                for (_, rollup) in hours.iter().filter(|(start, _)| {
                    (**start >= from && **start < whole_days_from) || **start >= cached_until
                }) {
                    total.absorb(rollup);
                }
                Uptime {
                    window,
                    uptime: total.uptime(),
                    observed_ms: total.observed_ms(),
                    down_ms: total.down_ms,
                    whole: false,
                    useful: false,
                }
            })
            .collect::<Vec<_>>();
        flag_windows(&mut uptime);
        let mut days: Vec<Day> = (0..90)
            .map(|i| Day {
                date: from_millis(first_day + offset_ms + i * DAY).date_naive(),
                worst: None,
                figures: Rollup::default(),
            })
            .collect();
        let bar_hours = hours.range(cached_until..).map(|(start, r)| (*start, r));
        for (start, rollup) in days_cached.iter().map(|(s, r)| (*s, r)).chain(bar_hours) {
            let index = (midnight(start) - first_day) / DAY;
            if let Some(day) = usize::try_from(index).ok().and_then(|i| days.get_mut(i)) {
                day.figures.absorb(rollup);
                day.worst = day.figures.worst;
            }
        }
        // Hours with no check have no row: what a day did not observe is
        // what it had minus what it saw.
        for (i, day) in (0_i64..).zip(days.iter_mut()) {
            let length = (now_ms - (first_day + i * DAY)).clamp(0, DAY);
            day.figures.unobserved_ms = length - day.figures.observed_ms();
        }
        let sparkline = (0..24)
            .map(|i| {
                let start = floor(now_ms, HOUR) - (23 - i) * HOUR;
                hours
                    .range(start..start + HOUR)
                    .filter_map(|(_, r)| r.latency_p50)
                    .max()
            })
            .collect();
        Ok(Summary {
            uptime,
            days,
            sparkline,
        })
    }

    /// The incidents of `service` since `since`, newest first, merged with
    /// the vendor's and filtered to the `watched` components.
    pub fn timelines(
        &self,
        service: &str,
        watched: &[String],
        since: DateTime<Utc>,
        now: DateTime<Utc>,
        language: Language,
        offset: FixedOffset,
    ) -> Result<Vec<Timeline>, StoreError> {
        let observed = self.observed_incidents(service, since)?;
        let vendor = self.vendor_incidents(service, since)?;
        Ok(history::merge(
            observed, vendor, watched, now, language, offset,
        ))
    }

    /// Daily rollups of `service` (UTC days) since `since`, for export.
    pub fn daily(
        &self,
        service: &str,
        since: DateTime<Utc>,
    ) -> Result<Vec<(DateTime<Utc>, Rollup)>, StoreError> {
        let Some(service_id) = self.known_name(service)? else {
            return Ok(Vec::new());
        };
        self.rollups(service_id, DAY, millis(since), i64::MAX)
            .map(|rows| {
                rows.into_iter()
                    .map(|(start, r)| (from_millis(start), r))
                    .collect()
            })
    }

    pub(super) fn rollups(
        &self,
        service_id: i64,
        span: i64,
        from: i64,
        to: i64,
    ) -> Result<Vec<(i64, Rollup)>, StoreError> {
        self.rollup_rows("rollups", "span", [service_id, span / 1000, from, to])
    }

    /// The verdicts of `service` from the last change at or before `from`
    /// to `to`, oldest first.
    fn state_timeline(
        &self,
        service: &str,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    ) -> Result<Vec<(DateTime<Utc>, Status)>, StoreError> {
        let mut statement = self
            .conn
            .prepare_cached(
                "SELECT at, to_status FROM state_changes
                 WHERE service = ?1 AND at < ?3 AND at >= COALESCE(
                   (SELECT MAX(at) FROM state_changes WHERE service = ?1 AND at <= ?2), ?2)
                 ORDER BY at, id",
            )
            .map_err(self.sqlite())?;
        let rows = statement
            .query_map(params![service, millis(from), millis(to)], |row| {
                Ok((row.get::<_, i64>(0)?, row.get::<_, String>(1)?))
            })
            .map_err(self.sqlite())?;
        let mut timeline = Vec::new();
        for row in rows {
            let (at, status) = row.map_err(self.sqlite())?;
            timeline.push((
                from_millis(at),
                status.parse().map_err(|m| self.corrupt(m))?,
            ));
        }
        Ok(timeline)
    }

    fn gap_spans(&self, from: DateTime<Utc>, to: DateTime<Utc>) -> Result<Vec<Span>, StoreError> {
        let mut statement = self
            .conn
            .prepare_cached(
                "SELECT started_at, ended_at FROM gaps WHERE ended_at > ?1 AND started_at < ?2",
            )
            .map_err(self.sqlite())?;
        let rows = statement
            .query_map(params![millis(from), millis(to)], |row| {
                Ok((from_millis(row.get(0)?), from_millis(row.get(1)?)))
            })
            .map_err(self.sqlite())?;
        rows.collect::<Result<_, _>>().map_err(self.sqlite())
    }

    /// Services with at least one check in `[from, to)`: (number, name).
    fn services_checked(
        &self,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    ) -> Result<Vec<(i64, String)>, StoreError> {
        let mut statement = self
            .conn
            .prepare_cached(
                "SELECT id, name FROM names WHERE EXISTS
                   (SELECT 1 FROM raw_observations WHERE service_id = names.id AND at >= ?1 AND at < ?2)",
            )
            .map_err(self.sqlite())?;
        let rows = statement
            .query_map(params![millis(from), millis(to)], |row| {
                Ok((row.get(0)?, row.get(1)?))
            })
            .map_err(self.sqlite())?;
        rows.collect::<Result<_, _>>().map_err(self.sqlite())
    }

    fn first_observation(&self) -> Result<Option<i64>, StoreError> {
        self.conn
            .query_row("SELECT MIN(at) FROM raw_observations", [], |row| row.get(0))
            .map_err(self.sqlite())
    }

    fn meta(&self, key: &str) -> Result<Option<i64>, StoreError> {
        use rusqlite::OptionalExtension;
        self.conn
            .query_row("SELECT value FROM meta WHERE key = ?1", [key], |row| {
                row.get(0)
            })
            .optional()
            .map_err(self.sqlite())
    }
}
