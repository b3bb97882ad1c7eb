//! Time in each status over a span, from the state timeline, the checks that
//! vouch for it and the gaps in which nothing was observed. Pure: the store
//! feeds it rows and keeps what it returns.

use crate::model::Status;
use chrono::{DateTime, Duration, Utc};
use serde::Serialize;

/// A stretch of time, `[start, end)`.
pub type Span = (DateTime<Utc>, DateTime<Utc>);

/// One check, as far as rollups care.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Check {
    pub at: DateTime<Utc>,
    pub failed: bool,
    pub latency_ms: Option<u32>,
}

/// Everything known about one service around a span.
#[derive(Debug, Clone, Copy)]
pub struct Evidence<'a> {
    /// The verdict timeline, oldest first: the last change before the span,
    /// then every change inside it.
    pub states: &'a [(DateTime<Utc>, Status)],
    /// Checks from `coverage` before the span to its end, oldest first.
    pub checks: &'a [Check],
    /// Time in which nothing was observed (offline, asleep), any order.
    pub gaps: &'a [Span],
    /// How long one check vouches for the verdict after it: a service the
    /// app stopped checking (closed, crashed) is not observed, not "up".
    pub coverage: Duration,
}

/// What one span (an hour, a day) of one service looked like.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Default)]
pub struct Rollup {
    pub up_ms: i64,
    pub degraded_ms: i64,
    /// Partial and major outages.
    pub down_ms: i64,
    pub maintenance_ms: i64,
    /// Not checked, offline, asleep, or the verdict was `unknown`.
    pub unobserved_ms: i64,
    /// The worst status observed; `unknown` when nothing was.
    #[serde(skip)]
    pub worst: Option<Status>,
    pub checks: u32,
    pub failures: u32,
    pub latency_p50: Option<u32>,
    pub latency_p95: Option<u32>,
    pub latency_max: Option<u32>,
}

impl Rollup {
    pub fn observed_ms(&self) -> i64 {
        self.up_ms + self.degraded_ms + self.down_ms + self.maintenance_ms
    }

    /// Share of observed time not down (degraded and maintenance count as
    /// up); `None` when nothing was observed.
    pub fn uptime(&self) -> Option<f64> {
        let observed = self.observed_ms();
        (observed > 0).then(|| 1.0 - self.down_ms as f64 / observed as f64)
    }

    /// Add `other` (a later or neighbouring span). Latency figures become the
    /// worst of the two: percentiles do not add up, and the worst is the
    /// honest summary of several spans.
    pub fn absorb(&mut self, other: &Rollup) {
        self.up_ms += other.up_ms;
        self.degraded_ms += other.degraded_ms;
        self.down_ms += other.down_ms;
        self.maintenance_ms += other.maintenance_ms;
        self.unobserved_ms += other.unobserved_ms;
        self.worst = match (self.worst, other.worst) {
            (Some(a), Some(b)) => Some(Status::worst(a, b)),
            (a, b) => a.or(b),
        };
        self.checks += other.checks;
        self.failures += other.failures;
        let max = |a: Option<u32>, b: Option<u32>| a.max(b);
        self.latency_p50 = max(self.latency_p50, other.latency_p50);
        self.latency_p95 = max(self.latency_p95, other.latency_p95);
        self.latency_max = max(self.latency_max, other.latency_max);
    }
}

/// Roll up `[from, to)` of one service.
pub fn roll_up(evidence: &Evidence<'_>, from: DateTime<Utc>, to: DateTime<Utc>) -> Rollup {
    let mut rollup = Rollup::default();
    if to <= from {
        return rollup;
    }
    let observed = subtract(covered(evidence, from, to), evidence.gaps);
    let mut observed_total = 0;
    for (start, end) in observed {
        for (segment_start, segment_end, status) in segments(evidence.states, start, end) {
            let ms = (segment_end - segment_start).num_milliseconds();
            let bucket = match status {
                Status::Operational => &mut rollup.up_ms,
                Status::Degraded => &mut rollup.degraded_ms,
                Status::PartialOutage | Status::MajorOutage => &mut rollup.down_ms,
                Status::Maintenance => &mut rollup.maintenance_ms,
                Status::Unknown => continue,
            };
            *bucket += ms;
            observed_total += ms;
            rollup.worst = Some(rollup.worst.map_or(status, |w| Status::worst(w, status)));
        }
    }
    rollup.unobserved_ms = (to - from).num_milliseconds() - observed_total;

    let mut latencies = Vec::new();
    for check in within(evidence.checks, from, to) {
        rollup.checks += 1;
        rollup.failures += u32::from(check.failed);
        latencies.extend(check.latency_ms.filter(|_| !check.failed));
    }
    latencies.sort_unstable();
    rollup.latency_p50 = percentile(&latencies, 50);
    rollup.latency_p95 = percentile(&latencies, 95);
    rollup.latency_max = latencies.last().copied();
    rollup
}

/// The checks (sorted by time) in `[from, to)`, found by bisection: a day's
/// rollup looks at a few hours out of two weeks of checks.
pub fn within(checks: &[Check], from: DateTime<Utc>, to: DateTime<Utc>) -> &[Check] {
    let start = checks.partition_point(|c| c.at < from);
    let end = checks.partition_point(|c| c.at < to).max(start);
    &checks[start..end]
}

/// Nearest-rank percentile of sorted values.
fn percentile(sorted: &[u32], p: usize) -> Option<u32> {
    if sorted.is_empty() {
        return None;
    }
    let rank = (p * sorted.len()).div_ceil(100).max(1);
    sorted.get(rank - 1).copied()
}

/// The parts of `[from, to)` some check vouches for, merged, in order.
fn covered(evidence: &Evidence<'_>, from: DateTime<Utc>, to: DateTime<Utc>) -> Vec<Span> {
    let mut spans: Vec<Span> = Vec::new();
    for check in within(evidence.checks, from - evidence.coverage, to) {
        let (start, end) = (check.at.max(from), (check.at + evidence.coverage).min(to));
        if start >= end {
            continue;
        }
        match spans.last_mut() {
            Some(last) if start <= last.1 => last.1 = last.1.max(end),
            _ => spans.push((start, end)),
        }
    }
    spans
}

/// `spans` (ordered, disjoint) with every gap cut out.
fn subtract(spans: Vec<Span>, gaps: &[Span]) -> Vec<Span> {
    let mut result = spans;
    for &(gap_start, gap_end) in gaps {
        let mut next = Vec::with_capacity(result.len() + 1);
        for (start, end) in result {
            if gap_end <= start || gap_start >= end {
                next.push((start, end));
                continue;
            }
            if start < gap_start {
                next.push((start, gap_start));
            }
            if gap_end < end {
                next.push((gap_end, end));
            }
        }
        result = next;
    }
    result
}

/// `[start, end)` cut where the verdict changes, with the verdict of each
/// piece; before the first known state the verdict is `unknown`.
fn segments(
    states: &[(DateTime<Utc>, Status)],
    start: DateTime<Utc>,
    end: DateTime<Utc>,
) -> Vec<(DateTime<Utc>, DateTime<Utc>, Status)> {
    let mut current = Status::Unknown;
    let mut cursor = start;
    let mut pieces = Vec::new();
    for &(at, status) in states {
        if at <= cursor {
            current = status;
            continue;
        }
        if at >= end {
            break;
        }
        pieces.push((cursor, at, current));
        cursor = at;
        current = status;
    }
    pieces.push((cursor, end, current));
    pieces
}

#[cfg(test)]
#[allow(clippy::expect_used, clippy::unwrap_used)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn at(minute: i64) -> DateTime<Utc> {
        Utc.timestamp_opt(1_700_000_000 - 1_700_000_000 % 3600, 0)
            .single()
            .unwrap_or_default()
            + Duration::minutes(minute)
    }

    fn checks(minutes: impl IntoIterator<Item = i64>) -> Vec<Check> {
        minutes
            .into_iter()
            .map(|minute| Check {
                at: at(minute),
                failed: false,
                latency_ms: u32::try_from(100 + minute).ok(),
            })
            .collect()
    }

    const MINUTE: i64 = 60_000;

    #[test]
    fn an_hour_of_checks_splits_at_each_change_of_verdict() {
        let states = [
            (at(-30), Status::Operational),
            (at(10), Status::MajorOutage),
            (at(25), Status::Degraded),
            (at(40), Status::Operational),
        ];
        let checks = checks(0..60);
        let evidence = Evidence {
            states: &states,
            checks: &checks,
            gaps: &[],
            coverage: Duration::minutes(2),
        };
        let rollup = roll_up(&evidence, at(0), at(60));
        assert_eq!(rollup.up_ms, 30 * MINUTE);
        assert_eq!(rollup.down_ms, 15 * MINUTE);
        assert_eq!(rollup.degraded_ms, 15 * MINUTE);
        assert_eq!(rollup.unobserved_ms, 0);
        assert_eq!(rollup.worst, Some(Status::MajorOutage));
        assert_eq!(rollup.checks, 60);
        // Latencies 100..=159: the 30th and the 57th values.
        assert_eq!(rollup.latency_p50, Some(129));
        assert_eq!(rollup.latency_p95, Some(156));
        assert_eq!(rollup.latency_max, Some(159));
        assert_eq!(rollup.uptime(), Some(0.75));
    }

    #[test]
    fn gaps_and_unchecked_time_are_not_observed() {
        let states = [(at(-5), Status::MajorOutage)];
        // Checked for the first 20 minutes only (the app then quit), and
        // offline from minute 5 to 10.
        let checks = checks(0..20);
        let gaps = [(at(5), at(10))];
        let evidence = Evidence {
            states: &states,
            checks: &checks,
            gaps: &gaps,
            coverage: Duration::minutes(2),
        };
        let rollup = roll_up(&evidence, at(0), at(60));
        assert_eq!(rollup.down_ms, 16 * MINUTE, "0-5 and 10-21");
        assert_eq!(rollup.unobserved_ms, 44 * MINUTE);
        assert_eq!(rollup.uptime(), Some(0.0));
    }

    #[test]
    fn a_check_before_the_span_vouches_into_it_and_unknown_is_unobserved() {
        let states = [(at(-10), Status::Unknown), (at(30), Status::Operational)];
        let checks = checks([-1, 30, 31]);
        let evidence = Evidence {
            states: &states,
            checks: &checks,
            gaps: &[],
            coverage: Duration::minutes(2),
        };
        let rollup = roll_up(&evidence, at(0), at(60));
        assert_eq!(rollup.up_ms, 3 * MINUTE, "30 to 33");
        assert_eq!(rollup.unobserved_ms, 57 * MINUTE);
        assert_eq!(
            rollup.checks, 2,
            "the check at -1 belongs to the hour before"
        );
        assert_eq!(rollup.worst, Some(Status::Operational));
    }

    #[test]
    fn nothing_observed_has_no_uptime_and_absorb_adds_spans() {
        let evidence = Evidence {
            states: &[],
            checks: &[],
            gaps: &[],
            coverage: Duration::minutes(2),
        };
        let empty = roll_up(&evidence, at(0), at(60));
        assert_eq!(empty.unobserved_ms, 60 * MINUTE);
        assert_eq!(empty.uptime(), None);
        assert_eq!(empty.worst, None);
        let mut total = empty;
        total.absorb(&Rollup {
            up_ms: 30 * MINUTE,
            down_ms: 30 * MINUTE,
            worst: Some(Status::PartialOutage),
            latency_p95: Some(900),
            ..Rollup::default()
        });
        assert_eq!(total.uptime(), Some(0.5));
        assert_eq!(total.worst, Some(Status::PartialOutage));
        assert_eq!(total.latency_p95, Some(900));
        assert_eq!(total.unobserved_ms, 60 * MINUTE);
    }
}
