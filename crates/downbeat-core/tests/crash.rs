//! A `kill -9` at any moment loses at most the observation being written.
//!
//! The test runs itself a second time as the writer (the same test binary,
//! with `DOWNBEAT_CRASH_WRITER` set): the writer records observations and
//! state changes into a real SQLite file and prints each number once it is
//! stored; the test kills it with SIGKILL at several moments and checks what
//! survived.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use chrono::{Duration, TimeZone, Utc};
use downbeat_core::model::{Observation, Outcome, Status};
use downbeat_core::store::Store;
use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Command, Stdio};

const WRITER: &str = "DOWNBEAT_CRASH_WRITER";
const TEST: &str = "a_kill_9_loses_at_most_the_observation_being_written";

#[test]
fn a_kill_9_loses_at_most_the_observation_being_written() {
    if let Some(db) = std::env::var_os(WRITER) {
        write_forever(Path::new(&db));
    }
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("downbeat.sqlite3");
    let mut acknowledged = 0_u64;
    // Kill after different amounts of work, so the kill lands in different
    // places: inside an observation, a state change, a rollup, a checkpoint.
    for round in [7_u64, 150, 401, 1203, 33] {
        let mut child = Command::new(std::env::current_exe().expect("exe"))
            .args(["--exact", TEST, "--nocapture", "--test-threads=1"])
            .env(WRITER, &db)
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("writer");
        let stdout = child.stdout.take().expect("stdout");
        let mut lines = BufReader::new(stdout).lines();
        let mut seen_this_round = 0;
        let number = |line: std::io::Result<String>| line.ok()?.trim().parse::<u64>().ok();
        for line in lines.by_ref() {
            if let Some(n) = number(line) {
                acknowledged = acknowledged.max(n);
                seen_this_round += 1;
                if seen_this_round >= round {
                    break;
                }
            }
        }
        child.kill().expect("kill -9");
        child.wait().expect("reap");
        // What the writer printed before it died is still in the pipe: the
        // last number it says it stored.
        for line in lines {
            if let Some(n) = number(line) {
                acknowledged = acknowledged.max(n);
            }
        }

        let store = Store::open(&db).expect("a killed writer leaves a database that opens");
        let observations = store.observations("acme").expect("observations");
        let stored = observations.len() as u64;
        assert!(
            stored >= acknowledged && stored <= acknowledged + 1,
            "{stored} stored, {acknowledged} acknowledged"
        );
        // Every observation is whole, and they are the numbers written.
        for (i, observation) in observations.iter().enumerate() {
            assert_eq!(observation.latency_ms, Some(i as u64 + 1), "row {i}");
            assert_eq!(observation.source, "http://127.0.0.1:9/");
        }
        // A state change and the current state are written together.
        let changes = store.state_changes("acme").expect("changes");
        let states = store.states().expect("states");
        match changes.last() {
            Some(last) => assert_eq!(states[0].status, last.to, "state and change agree"),
            None => assert!(states.is_empty()),
        }
        let incidents = store
            .observed_incidents("acme", chrono::DateTime::<Utc>::MIN_UTC)
            .expect("incidents");
        let outages = changes
            .iter()
            .filter(|c| c.to == Status::MajorOutage)
            .count();
        assert_eq!(incidents.len(), outages, "one incident per outage");
        acknowledged = stored;
    }
}

/// Write observation after observation, with an outage every 50 and a
/// recovery 10 later, and a rollup every 100; never returns.
fn write_forever(db: &Path) -> ! {
    let mut store = Store::open(db).expect("writer store");
    let start = Utc
        .with_ymd_and_hms(2026, 1, 1, 0, 0, 0)
        .single()
        .expect("time");
    let mut n = store.observations("acme").expect("resume").len() as u64;
    let mut status = store
        .states()
        .expect("states")
        .first()
        .map_or(Status::Operational, |s| s.status);
    loop {
        n += 1;
        let at = start + Duration::seconds(n as i64 * 60);
        let down = n % 50 >= 40;
        store
            .record_observation(&Observation {
                service: "acme".into(),
                source: "http://127.0.0.1:9/".into(),
                at,
                outcome: if down { Outcome::Failed } else { Outcome::Ok },
                status: if down {
                    Status::Unknown
                } else {
                    Status::Operational
                },
                latency_ms: Some(n),
                http_status: Some(200),
                error: None,
            })
            .expect("observation");
        let wanted = if down {
            Status::MajorOutage
        } else {
            Status::Operational
        };
        if wanted != status {
            let reason = "Acme changed.";
            downbeat_core::testkit::record_change(
                &mut store,
                "acme",
                at,
                Some(status),
                wanted,
                reason,
            );
            status = wanted;
        }
        if n.is_multiple_of(100) {
            store.roll_up(at, Duration::minutes(2)).expect("roll up");
        }
        println!("{n}");
    }
}
