//! How big the database gets and how fast history reads are.
//!
//! Simulates a year of 100 services checked every 60 s, through the store's
//! own code: every observation is recorded, an outage every ten days or so
//! per service (state changes, a vendor incident with three updates), the
//! rollup run each simulated hour as the engine does, retention applied.
//! Then it times building the overview (every service's uptime, 90 days of
//! bars and sparkline) and one service's incident timelines.
//!
//! `cargo bench -p downbeat-core --bench history` for the figures;
//! `cargo test` runs it small (3 services, 3 days) as a smoke test. With
//! `DOWNBEAT_BENCH_KEEP=FILE` the database is copied there afterwards.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use chrono::{DateTime, Duration, Offset, TimeZone, Utc};
use downbeat_core::model::{
    IncidentUpdate, Observation, Outcome, Snapshot, Status, VendorIncident,
};
use downbeat_core::store::Store;
use std::time::Instant;

const BODY: &str = "We are investigating reports of elevated error rates for API requests. \
    Some users may see failed requests or delays. We will post an update within 30 minutes.";

fn main() {
    let full = std::env::args().any(|arg| arg == "--bench");
    // 100 days by default: the overview then reads exactly what it reads
    // after a year (hourly rollups are kept 100 days, the bars cover 90),
    // in a third of the time. DOWNBEAT_BENCH_DAYS=365 simulates the whole
    // year for the database-size figure; 30 gives a quick look.
    let (mut services, mut days) = if full { (100, 100) } else { (3, 3) };
    if let Some(wanted) = wanted("DOWNBEAT_BENCH_DAYS") {
        days = wanted;
    }
    // DOWNBEAT_BENCH_SERVICES=1000: a team's watcher, whose raw checks are
    // kept fewer days (`raw_retention`); DOWNBEAT_BENCH_RAW_DAYS=14 keeps
    // them the fortnight anyway, for comparison.
    if let Some(wanted) = wanted("DOWNBEAT_BENCH_SERVICES") {
        services = wanted;
    }
    let raw = match wanted("DOWNBEAT_BENCH_RAW_DAYS") {
        Some(days) => Duration::days(days),
        None => downbeat_core::logic::history::raw_retention(&watcher(services)),
    };
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("downbeat.sqlite3");
    // DOWNBEAT_BENCH_FROM=<a kept database>: measure the reads on it again,
    // without simulating (its DOWNBEAT_BENCH_DAYS must be given too).
    let reuse = std::env::var_os("DOWNBEAT_BENCH_FROM");
    if let Some(from) = &reuse {
        std::fs::copy(from, &path).expect("copy the kept database");
    }
    let mut store = Store::open(&path).expect("store");
    let start = Utc
        .with_ymd_and_hms(2025, 12, 1, 0, 0, 0)
        .single()
        .expect("start");
    let now = start + Duration::days(days);
    let coverage = Duration::seconds(150);
    let ids: Vec<String> = (0..services).map(|i| format!("service-{i:03}")).collect();
    let began = Instant::now();
    let mut status = vec![Status::Operational; services];
    for id in ids.iter().filter(|_| reuse.is_none()) {
        change(&mut store, id, start, None, Status::Operational);
    }
    let mut hour = start;
    let mut incidents = 0;
    if reuse.is_some() {
        hour = now;
    }
    while hour < now {
        let mut batch = Vec::with_capacity(services * 60);
        for minute in 0..60 {
            let at = hour + Duration::minutes(minute);
            for (i, id) in ids.iter().enumerate() {
                // About one 30-minute outage every ten days, staggered.
                let cycle = (at - start).num_minutes() + i as i64 * 977;
                let down = cycle % 14_400 < 30;
                batch.push(Observation {
                    service: id.clone(),
                    source: format!("https://status.{id}.example/api/v2/summary.json"),
                    at,
                    outcome: if down { Outcome::Failed } else { Outcome::Ok },
                    status: if down {
                        Status::Unknown
                    } else {
                        Status::Operational
                    },
                    latency_ms: Some(80 + (cycle % 97) as u64),
                    http_status: Some(if down { 503 } else { 200 }),
                    error: None,
                });
                let wanted = if down {
                    Status::MajorOutage
                } else {
                    Status::Operational
                };
                if wanted != status[i] {
                    store.record_observations(&batch).expect("observations");
                    batch.clear();
                    change(&mut store, id, at, Some(status[i]), wanted);
                    if down {
                        incidents += 1;
                        vendor_post(&mut store, id, at);
                    } else {
                        store
                            .save_snapshot(id, "https://status.example", at, &page(Vec::new()))
                            .expect("resolved");
                    }
                    status[i] = wanted;
                }
            }
        }
        store.record_observations(&batch).expect("observations");
        hour += Duration::hours(1);
        store.roll_up_keeping(hour, coverage, raw).expect("roll up");
    }
    let simulated = began.elapsed();
    let bytes = file_size(&path);

    // The first read after a start sums the complete local days into the
    // cache; every later one reads them from it.
    let offset = Utc.fix();
    let read_overview = || {
        let began = Instant::now();
        let mut bars = 0;
        for id in &ids {
            bars += store
                .summary(id, now, offset, coverage)
                .expect("summary")
                .days
                .len();
        }
        (began.elapsed(), bars)
    };
    let (first_overview, _) = read_overview();
    let (overview, bars) = (0..5).map(|_| read_overview()).min().expect("five reads");
    let began = Instant::now();
    let timelines = store
        .timelines(
            &ids[0],
            &[],
            now - Duration::days(90),
            now,
            downbeat_core::model::i18n::Language::En,
            Utc.fix(),
        )
        .expect("timelines");
    let timeline = began.elapsed();
    println!(
        "history: {services} services × {days} days at 60 s: simulated in {:.1} s, {incidents} incidents",
        simulated.as_secs_f64()
    );
    println!(
        "history: database {:.1} MB ({bytes} bytes, WAL checkpointed), raw checks kept {:.1} days",
        bytes as f64 / 1e6,
        raw.num_hours() as f64 / 24.0
    );
    println!(
        "history: overview of {services} services ({bars} day bars, uptime, sparklines): {:.1} ms (best of 5; the first read, which fills the local-day cache: {:.1} ms)",
        overview.as_secs_f64() * 1e3,
        first_overview.as_secs_f64() * 1e3
    );
    println!(
        "history: 90 days of timelines of one service ({} incidents): {:.2} ms",
        timelines.len(),
        timeline.as_secs_f64() * 1e3
    );
    assert!(bars == services * 90);
    // Kept for scripts/measure-open-dashboard, which draws it in the app.
    if let Some(keep) = std::env::var_os("DOWNBEAT_BENCH_KEEP") {
        drop(store);
        file_size(&path);
        std::fs::copy(&path, &keep).expect("keep the database");
        println!(
            "history: database kept as {}",
            std::path::Path::new(&keep).display()
        );
    }
    assert!(!timelines.is_empty() || !full);
}

/// The config of `count` services checked every 60 s, for the retention.
fn watcher(count: usize) -> downbeat_core::config::Config {
    let mut text = String::from("[general]\ninterval = \"60s\"\n");
    for i in 0..count {
        text.push_str(&format!(
            "[[services]]\nid = \"service-{i:03}\"\nname = \"S{i}\"\n\
             [[services.sources]]\nkind = \"statuspage\"\nurl = \"https://s{i}.example\"\n"
        ));
    }
    let catalog = downbeat_core::config::catalog::Catalog::builtin();
    downbeat_core::config::Config::parse(&text, std::path::Path::new("bench.toml"), &catalog)
        .expect("config")
}

/// A number from the environment.
fn wanted<T: std::str::FromStr>(name: &str) -> Option<T> {
    std::env::var(name)
        .ok()
        .and_then(|value| value.parse().ok())
}

fn change(store: &mut Store, id: &str, at: DateTime<Utc>, from: Option<Status>, to: Status) {
    let reason = format!("{id} does not answer as expected: HTTP 503 Service Unavailable.");
    downbeat_core::testkit::record_change(store, id, at, from, to, &reason);
}

fn vendor_post(store: &mut Store, id: &str, at: DateTime<Utc>) {
    let updates = ["investigating", "identified", "monitoring"]
        .iter()
        .enumerate()
        .map(|(n, stage)| IncidentUpdate {
            status: (*stage).to_owned(),
            body: BODY.to_owned(),
            at: at + Duration::minutes(5 + 8 * n as i64),
        })
        .rev()
        .collect();
    let incident = VendorIncident {
        id: format!("{id}-{}", at.timestamp()),
        title: "Elevated error rates on the API".into(),
        status: "monitoring".into(),
        impact: Status::MajorOutage,
        started_at: Some(at + Duration::minutes(5)),
        resolved_at: None,
        url: Some(format!(
            "https://status.{id}.example/incidents/{}",
            at.timestamp()
        )),
        updates,
        components: vec!["API".into()],
        scheduled_for: None,
        scheduled_until: None,
    };
    store
        .save_snapshot(id, "https://status.example", at, &page(vec![incident]))
        .expect("vendor");
}

fn page(incidents: Vec<VendorIncident>) -> Snapshot {
    Snapshot {
        page_name: None,
        status: Status::Operational,
        description: None,
        updated_at: None,
        components: Vec::new(),
        incidents,
        maintenances: Vec::new(),
    }
}

/// The database and its WAL, after a checkpoint (what a user's disk holds).
fn file_size(path: &std::path::Path) -> u64 {
    let conn = rusqlite::Connection::open(path).expect("open");
    conn.execute_batch("PRAGMA wal_checkpoint(TRUNCATE);")
        .expect("checkpoint");
    let size = |p: &std::path::Path| std::fs::metadata(p).map(|m| m.len()).unwrap_or(0);
    size(path) + size(&path.with_extension("sqlite3-wal"))
}
