//! Rollups, retention, incidents and timelines on a real SQLite file.

use super::super::*;
use crate::logic::history::{Entry, Rollup};
use crate::model::{Cause, IncidentUpdate, Observation, Outcome, VendorIncident};
use chrono::{Duration, FixedOffset, Offset, TimeZone};

/// Midnight UTC, so that days and hours line up with the test's numbers.
fn t0() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 3, 1, 0, 0, 0)
        .single()
        .unwrap_or_default()
}

fn minutes(m: i64) -> DateTime<Utc> {
    t0() + Duration::minutes(m)
}

fn observe(store: &Store, at: DateTime<Utc>, failed: bool, status: Status) {
    store
        .record_observation(&Observation {
            service: "acme".into(),
            source: "http://127.0.0.1:9/api/v2/summary.json".into(),
            at,
            outcome: if failed { Outcome::Failed } else { Outcome::Ok },
            status,
            latency_ms: Some(80),
            http_status: Some(if failed { 503 } else { 200 }),
            error: None,
        })
        .expect("observation");
}

fn change(store: &mut Store, at: DateTime<Utc>, from: Option<Status>, to: Status) {
    let change = StateChange {
        service: "acme".into(),
        at,
        from,
        to,
        cause: Cause::Probe,
        reason: Reason::Status {
            name: "Acme".into(),
            status: to,
        },
    };
    let state = ServiceState {
        service: "acme".into(),
        name: "Acme".into(),
        status: to,
        since: at,
        cause: Cause::Probe,
        reason: change.reason.clone(),
        outage_since: None,
        last_check: Some(at),
    };
    store.record_state(&change, &state).expect("state");
}

fn page(incidents: Vec<VendorIncident>) -> Snapshot {
    Snapshot {
        page_name: Some("Acme".into()),
        status: Status::MajorOutage,
        description: None,
        updated_at: None,
        components: Vec::new(),
        incidents,
        maintenances: Vec::new(),
    }
}

fn vendor_incident(updates: &[(i64, &str, &str)]) -> VendorIncident {
    VendorIncident {
        id: "inc-1".into(),
        title: "Elevated errors <b>on</b> the API".into(),
        status: updates.last().map(|u| u.1).unwrap_or_default().into(),
        impact: Status::MajorOutage,
        started_at: updates.first().map(|u| minutes(u.0)),
        resolved_at: None,
        url: Some("https://status.acme.test/incidents/1".into()),
        updates: updates
            .iter()
            .rev()
            .map(|&(m, status, body)| IncidentUpdate {
                status: status.into(),
                body: body.into(),
                at: minutes(m),
            })
            .collect(),
        components: vec!["API".into()],
        scheduled_for: None,
        scheduled_until: None,
    }
}

#[test]
fn an_outage_becomes_one_incident_merged_with_the_vendor_and_its_lead() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut store = Store::open(&dir.path().join("db.sqlite3")).expect("open");
    const SOURCE: &str = "http://127.0.0.1:9/";
    change(&mut store, minutes(0), None, Status::Operational);
    observe(&store, minutes(0), false, Status::Operational);
    for m in 1..=3 {
        observe(&store, minutes(m), true, Status::Unknown);
    }
    change(
        &mut store,
        minutes(3),
        Some(Status::Operational),
        Status::MajorOutage,
    );
    store
        .save_snapshot(
            "acme",
            SOURCE,
            minutes(10),
            &page(vec![vendor_incident(&[(9, "investigating", "Looking.")])]),
        )
        .expect("snapshot");
    let both = vendor_incident(&[
        (9, "investigating", "Looking."),
        (18, "identified", "Found it."),
    ]);
    store
        .save_snapshot("acme", SOURCE, minutes(20), &page(vec![both]))
        .expect("snapshot");
    change(
        &mut store,
        minutes(25),
        Some(Status::MajorOutage),
        Status::Degraded,
    );
    change(
        &mut store,
        minutes(30),
        Some(Status::Degraded),
        Status::Operational,
    );
    // The summary no longer lists it: over.
    store
        .save_snapshot("acme", SOURCE, minutes(35), &page(Vec::new()))
        .expect("snapshot");

    let incidents = store
        .observed_incidents("acme", minutes(0))
        .expect("incidents");
    assert_eq!(incidents.len(), 1);
    assert_eq!(
        incidents[0].first_failure_at,
        minutes(1),
        "the first failing check"
    );
    assert_eq!(incidents[0].confirmed_at, minutes(3));
    assert_eq!(incidents[0].resolved_at, Some(minutes(30)));
    assert_eq!(
        incidents[0].worst,
        Status::MajorOutage,
        "degraded later does not lower it"
    );

    let vendor = store.vendor_incidents("acme", minutes(0)).expect("vendor");
    assert_eq!(vendor.len(), 1);
    assert_eq!(vendor[0].incident.resolved_at, Some(minutes(35)));
    assert_eq!(vendor[0].incident.updates.len(), 2);
    assert_eq!(
        vendor[0].incident.title, "Elevated errors <b>on</b> the API",
        "kept as it came, as text"
    );

    let timelines = store
        .timelines(
            "acme",
            &["API".to_owned()],
            minutes(0),
            minutes(60),
            crate::model::i18n::Language::En,
            Utc.fix(),
        )
        .expect("timelines");
    assert_eq!(timelines.len(), 1);
    let timeline = &timelines[0];
    assert_eq!(
        timeline.detection_lead_ms,
        Some(6 * 60_000),
        "we knew at 3, the vendor said so at 9"
    );
    assert_eq!(
        (timeline.started_at, timeline.ended_at),
        (minutes(1), Some(minutes(30)))
    );
    let at: Vec<i64> = timeline
        .entries
        .iter()
        .map(|e| (e.at() - t0()).num_minutes())
        .collect();
    assert_eq!(at, [1, 3, 9, 18, 25, 30]);
    assert!(matches!(&timeline.entries[3], Entry::Vendor { body, .. } if body == "Found it."));

    // Reopening changes nothing; a second outage is a second incident.
    drop(store);
    let mut store = Store::open(&dir.path().join("db.sqlite3")).expect("reopen");
    observe(&store, minutes(100), false, Status::PartialOutage);
    change(
        &mut store,
        minutes(100),
        Some(Status::Operational),
        Status::PartialOutage,
    );
    let incidents = store
        .observed_incidents("acme", minutes(0))
        .expect("incidents");
    assert_eq!(incidents.len(), 2);
    assert_eq!(
        incidents[1].first_failure_at,
        minutes(100),
        "a vendor-reported outage starts at its check"
    );
    assert_eq!(incidents[1].resolved_at, None);
}

#[test]
fn sixteen_days_roll_up_into_uptime_bars_and_the_raw_window_is_pruned() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("db.sqlite3");
    let mut store = Store::open(&path).expect("open");
    let coverage = Duration::minutes(12);
    let now = minutes(16 * 1440 + 30);
    let day = |d: i64, h: i64| minutes(d * 1440 + h * 60);
    change(&mut store, t0(), None, Status::Operational);
    change(
        &mut store,
        day(15, 10),
        Some(Status::Operational),
        Status::MajorOutage,
    );
    change(
        &mut store,
        day(15, 11),
        Some(Status::MajorOutage),
        Status::Operational,
    );
    store
        .record_gap(day(14, 0), day(14, 2), crate::model::Connectivity::Offline)
        .expect("gap");
    let mut at = t0();
    while at <= now {
        let inside = (day(14, 0)..day(14, 2)).contains(&at);
        if !inside {
            observe(&store, at, false, Status::Operational);
        }
        at += Duration::minutes(5);
    }

    let written = store.roll_up(now, coverage).expect("roll up");
    // Every hour but 01:00 on day 14 has a check vouching for it (the one at
    // 23:55 reaches into 00:00), and 16 whole days.
    assert_eq!(written, 16 * 24 - 1 + 16, "hours with checks, and 16 days");
    assert_eq!(
        store.roll_up(now, coverage).expect("again"),
        0,
        "nothing new"
    );

    let raw = store.observations("acme").expect("raw");
    assert!(
        raw.first().is_some_and(|o| o.at >= now - RAW_RETENTION),
        "older raw rows are gone"
    );
    assert!(raw.last().is_some_and(|o| o.at == now), "recent ones stay");

    let daily = store.daily("acme", t0()).expect("daily");
    assert_eq!(daily.len(), 16);
    assert_eq!(daily[15].1.down_ms, 3_600_000);
    assert_eq!(daily[14].1.unobserved_ms, 2 * 3_600_000, "the gap");
    assert_eq!(daily[3].1.up_ms, 24 * 3_600_000);

    drop(store);
    let store = Store::open(&path).expect("reopen");
    let summary = store
        .summary("acme", now, Utc.fix(), coverage)
        .expect("summary");
    let window = |name: &str| {
        summary
            .uptime
            .iter()
            .find(|u| u.window == name)
            .expect("window")
            .clone()
    };
    let day_ms = 24 * 3_600_000_i64;
    let day_observed = window("24h").observed_ms;
    assert_eq!(
        day_observed,
        day_ms + 30 * 60_000,
        "24 whole hours and the half hour so far"
    );
    assert_eq!(window("24h").down_ms, 3_600_000);
    let expected = 1.0 - 3_600_000.0 / day_observed as f64;
    assert!((window("24h").uptime.unwrap_or_default() - expected).abs() < 1e-9);
    assert_eq!(
        window("7d").observed_ms,
        7 * day_ms + 30 * 60_000 - 2 * 3_600_000,
        "the gap is left out"
    );
    assert_eq!(
        window("90d").observed_ms,
        16 * day_ms + 30 * 60_000 - 2 * 3_600_000
    );

    assert_eq!(summary.days.len(), 90);
    let today = summary.days.last().expect("today");
    assert_eq!(today.date, now.date_naive());
    assert_eq!(today.worst, Some(Status::Operational));
    let outage_day = &summary.days[88];
    assert_eq!(outage_day.worst, Some(Status::MajorOutage));
    assert_eq!(outage_day.figures.down_ms, 3_600_000);
    assert_eq!(summary.days[87].figures.unobserved_ms, 2 * 3_600_000);
    assert_eq!(summary.days[0].worst, None, "before the first check");
    assert_eq!(summary.sparkline.len(), 24);
    assert!(
        summary.sparkline.iter().all(|p| *p == Some(80)),
        "{:?}",
        summary.sparkline
    );

    // A user east of UTC sees the outage (10:00 UTC) on the same local day,
    // and today's bar begins at local midnight.
    let paris = FixedOffset::east_opt(3600).expect("offset");
    let local = store
        .summary("acme", now, paris, coverage)
        .expect("summary");
    assert_eq!(local.days[88].worst, Some(Status::MajorOutage));
    assert_eq!(
        local.days.last().map(|d| d.date),
        Some((now + Duration::hours(1)).date_naive())
    );
}

/// (window, observed, down) of each window; (worst, down, observed) of each day.
type Figures = (
    Vec<(&'static str, i64, i64)>,
    Vec<(Option<Status>, i64, i64)>,
);

/// The overview's figures from every hourly row, the way they were summed
/// before local days were cached: the reference the cache must match.
fn summed_from_hours(store: &Store, now: DateTime<Utc>, offset: FixedOffset) -> Figures {
    const HOUR: i64 = 3_600_000;
    const DAY: i64 = 24 * HOUR;
    let id = store.known_name("acme").expect("name").expect("known");
    let hours = store.rollups(id, HOUR, 0, i64::MAX).expect("hours");
    let now_ms = now.timestamp_millis();
    let off = i64::from(offset.local_minus_utc()) * 1000;
    let windows = UPTIME_WINDOWS
        .iter()
        .map(|&(name, length)| {
            let from = now_ms.div_euclid(HOUR) * HOUR - length.num_milliseconds();
            let mut total = Rollup::default();
            for (_, r) in hours.iter().filter(|(s, _)| *s >= from) {
                total.absorb(r);
            }
            (name, total.observed_ms(), total.down_ms)
        })
        .collect();
    let first_day = (now_ms + off).div_euclid(DAY) * DAY - 89 * DAY;
    let mut days = vec![Rollup::default(); 90];
    for (start, r) in &hours {
        let index = ((start + off).div_euclid(DAY) * DAY - first_day) / DAY;
        if let Some(day) = usize::try_from(index).ok().and_then(|i| days.get_mut(i)) {
            day.absorb(r);
        }
    }
    let days = days
        .iter()
        .map(|d| (d.worst, d.down_ms, d.observed_ms()))
        .collect();
    (windows, days)
}

#[test]
fn cached_local_days_give_the_figures_every_hour_gives() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut store = Store::open(&dir.path().join("db.sqlite3")).expect("open");
    let coverage = Duration::minutes(12);
    change(&mut store, t0(), None, Status::Operational);
    // An outage now and then, at odd hours, so days and windows cut them.
    let mut status = Status::Operational;
    let mut at = t0();
    let mut compare_at = Vec::new();
    let offsets = [0, 3600, 5 * 3600 + 1800, -8 * 3600];
    for hour in 1..=(40 * 24) {
        while at < t0() + Duration::hours(hour) {
            let minute = (at - t0()).num_minutes();
            let wanted = if minute % 4_321 < 95 {
                Status::MajorOutage
            } else {
                Status::Operational
            };
            if wanted != status {
                change(&mut store, at, Some(status), wanted);
                status = wanted;
            }
            observe(&store, at, wanted != Status::Operational, wanted);
            at += Duration::minutes(5);
        }
        let now = t0() + Duration::hours(hour);
        store.roll_up(now, coverage).expect("roll up");
        // Compare on whole hours (nothing left to sum from raw checks), at
        // several points: before, across and long after local midnights.
        if [30 * 24 + 1, 30 * 24 + 7, 31 * 24, 35 * 24 + 13, 40 * 24].contains(&hour) {
            compare_at.push(now);
            for seconds in offsets {
                let offset = FixedOffset::east_opt(seconds).expect("offset");
                let expected = summed_from_hours(&store, now, offset);
                // Twice: the first read fills the cache, the second reads it.
                for read in ["filling", "cached"] {
                    let summary = store
                        .summary("acme", now, offset, coverage)
                        .expect("summary");
                    let windows: Vec<_> = summary
                        .uptime
                        .iter()
                        .map(|u| (u.window, u.observed_ms, u.down_ms))
                        .collect();
                    assert_eq!(
                        windows, expected.0,
                        "{read} windows at {now}, offset {seconds}"
                    );
                    let days: Vec<_> = summary
                        .days
                        .iter()
                        .map(|d| (d.worst, d.figures.down_ms, d.figures.observed_ms()))
                        .collect();
                    assert_eq!(days, expected.1, "{read} days at {now}, offset {seconds}");
                }
            }
        }
    }
    assert_eq!(compare_at.len(), 5);
    let cached: i64 = store
        .conn
        .query_row("SELECT COUNT(*) FROM local_days", [], |row| row.get(0))
        .expect("count");
    assert!(cached > 0, "the local days were cached");
}

/// The one rule for which windows to show and how: after 3 hours watched
/// only the 24-hour window is shown, "over 3 h watched"; a window that
/// watched a minute more than the one before it adds nothing; a window
/// watched whole says its name.
#[test]
fn only_windows_that_add_something_are_shown_and_partial_ones_say_so() {
    let window = |name: &'static str, observed_ms: i64| Uptime {
        window: name,
        uptime: (observed_ms > 0).then_some(1.0),
        observed_ms,
        down_ms: 0,
        whole: true,
        useful: true,
    };
    let hours = |h: i64| h * 3_600_000;
    let flags = |mut list: Vec<Uptime>| {
        flag_windows(&mut list);
        list.iter()
            .map(|u| (u.window, u.useful, u.whole))
            .collect::<Vec<_>>()
    };
    // Three hours watched: one figure, not four, and not whole.
    assert_eq!(
        flags(vec![
            window("24h", hours(3)),
            window("7d", hours(3)),
            window("30d", hours(3) + 30_000),
            window("90d", hours(3)),
        ]),
        [
            ("24h", true, false),
            ("7d", false, false),
            ("30d", false, false),
            ("90d", false, false)
        ]
    );
    // Ten days: 24 h whole, 7 d whole, 30 d over ten days, 90 d the same.
    assert_eq!(
        flags(vec![
            window("24h", hours(24)),
            window("7d", hours(7 * 24)),
            window("30d", hours(240)),
            window("90d", hours(240)),
        ]),
        [
            ("24h", true, true),
            ("7d", true, true),
            ("30d", true, false),
            ("90d", false, false)
        ]
    );
    // Nothing watched yet: the first window stays, to say so.
    assert_eq!(
        flags(vec![window("24h", 0), window("7d", 0)]),
        [("24h", true, false), ("7d", false, false)]
    );
}

/// A large watcher's shorter raw retention: raw checks older than it go at
/// the rollup (their hours and days stay), newer ones stay.
#[test]
fn raw_checks_go_after_the_retention_given() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("db.sqlite3")).unwrap();
    let coverage = Duration::minutes(2);
    let start = Utc.with_ymd_and_hms(2026, 3, 1, 0, 0, 0).unwrap();
    let now = start + Duration::days(6);
    let mut at = start;
    while at <= now {
        store
            .record_observations(&[Observation {
                service: "acme".into(),
                source: "https://acme.test".into(),
                at,
                outcome: Outcome::Ok,
                status: Status::Operational,
                latency_ms: Some(80),
                http_status: Some(200),
                error: None,
            }])
            .unwrap();
        at += Duration::minutes(10);
    }
    store
        .roll_up_keeping(now, coverage, Duration::days(2))
        .unwrap();
    let raw = store.observations("acme").unwrap();
    let oldest = raw.first().map(|o| o.at).unwrap();
    assert!(oldest >= now - Duration::days(2), "{oldest}");
    assert!(
        oldest <= now - Duration::days(2) + Duration::minutes(10),
        "{oldest}"
    );
    // The days before are rolled up, not lost.
    assert_eq!(store.daily("acme", start).unwrap().len(), 6);
}
