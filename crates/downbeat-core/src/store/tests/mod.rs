use super::*;
use crate::model::i18n::Language;
use crate::model::{Cause, CheckError, ErrorKind, Failure, Observation, Outcome, VendorSays};
use chrono::{Duration, Offset as _};

fn at(minute: i64) -> DateTime<Utc> {
    Utc.timestamp_opt(1_700_000_000, 0)
        .single()
        .unwrap_or_default()
        + Duration::minutes(minute)
}

fn state(status: Status, minute: i64) -> ServiceState {
    ServiceState {
        service: "acme".into(),
        name: "Acme".into(),
        status,
        since: at(minute),
        cause: Cause::Vendor,
        reason: Reason::Status {
            name: "Acme".into(),
            status,
        },
        outage_since: status.is_outage().then(|| at(minute)),
        last_check: Some(at(minute)),
    }
}

#[test]
fn observations_and_states_survive_a_reopen() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("downbeat.sqlite3");
    {
        let mut store = Store::open(&path).expect("open");
        store
            .record_observation(&Observation {
                service: "acme".into(),
                source: "http://127.0.0.1/api/v2/summary.json".into(),
                at: at(0),
                outcome: Outcome::Failed,
                status: Status::Unknown,
                latency_ms: Some(12),
                http_status: Some(503),
                error: Some(CheckError {
                    kind: ErrorKind::HttpStatus,
                    message: "HTTP 503".into(),
                }),
            })
            .expect("observation");
        let change = StateChange {
            service: "acme".into(),
            at: at(1),
            from: Some(Status::Operational),
            to: Status::MajorOutage,
            cause: Cause::Vendor,
            reason: Reason::Status {
                name: "Acme".into(),
                status: Status::MajorOutage,
            },
        };
        store
            .record_state(&change, &state(Status::MajorOutage, 1))
            .expect("state");
    }
    let store = Store::open(&path).expect("reopen");
    let observations = store.observations("acme").expect("read");
    assert_eq!(observations.len(), 1);
    assert_eq!(observations[0].http_status, Some(503));
    assert_eq!(
        observations[0].error.as_ref().map(|e| e.kind),
        Some(ErrorKind::HttpStatus)
    );
    assert_eq!(
        store.states().expect("states"),
        vec![state(Status::MajorOutage, 1)]
    );
    let changes = store.state_changes("acme").expect("changes");
    assert_eq!(changes.len(), 1);
    assert_eq!(
        (changes[0].from, changes[0].to),
        (Some(Status::Operational), Status::MajorOutage)
    );
    let mode: String = store
        .conn
        .query_row("PRAGMA journal_mode", [], |row| row.get(0))
        .expect("mode");
    assert_eq!(mode, "wal");
}

#[test]
fn a_database_from_a_newer_version_is_refused_and_left_untouched() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("downbeat.sqlite3");
    {
        let conn = Connection::open(&path).expect("create");
        conn.execute_batch("CREATE TABLE future (x); PRAGMA user_version = 99;")
            .expect("future");
    }
    let before = std::fs::read(&path).expect("bytes");
    match Store::open(&path) {
        Err(error @ StoreError::TooNew { found: 99, .. }) => {
            assert!(error.to_string().contains("newer Downbeat"), "{error}");
        }
        Err(other) => panic!("expected TooNew, got {other}"),
        Ok(_) => panic!("expected TooNew, got a store"),
    }
    assert_eq!(std::fs::read(&path).expect("bytes"), before);
    assert!(!dir.path().join("downbeat.sqlite3-wal").exists());
}

#[test]
fn a_version_2_database_keeps_its_observations_through_the_history_migration() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("downbeat.sqlite3");
    {
        let conn = Connection::open(&path).expect("create");
        conn.execute_batch(MIGRATIONS[0]).expect("0001");
        conn.execute_batch(MIGRATIONS[1]).expect("0002");
        conn.execute_batch(
            "PRAGMA user_version = 2;
             INSERT INTO observations (service, source, at, outcome, status, latency_ms, http_status)
             VALUES ('acme', 'http://127.0.0.1/a', 1700000000000, 'ok', 'degraded', 42, 200),
                    ('acme', 'http://127.0.0.1/a', 1700000060000, 'failed', 'unknown', NULL, 503);
             INSERT INTO state_changes (service, at, from_status, to_status, cause, reason)
             VALUES ('acme', 1700000120000, 'operational', 'major_outage', 'probe', 'Acme is down.'),
                    ('acme', 1700000600000, 'major_outage', 'operational', 'probe', 'Acme is up.');",
        )
        .expect("old rows");
    }
    let store = Store::open(&path).expect("migrate");
    let observations = store.observations("acme").expect("read");
    assert_eq!(observations.len(), 2);
    assert_eq!(observations[0].status, Status::Degraded);
    assert_eq!(observations[0].latency_ms, Some(42));
    assert_eq!(observations[1].outcome, Outcome::Failed);
    assert_eq!(observations[1].http_status, Some(503));
    let version: i64 = store
        .conn
        .query_row("PRAGMA user_version", [], |row| row.get(0))
        .expect("version");
    assert_eq!(version, SCHEMA_VERSION);
    // The outage recorded before incidents were kept is one now.
    let incidents = store
        .observed_incidents("acme", DateTime::<Utc>::MIN_UTC)
        .expect("incidents");
    assert_eq!(incidents.len(), 1);
    // The degraded check before the failure was the first sign of trouble.
    assert_eq!(
        incidents[0].first_failure_at,
        from_millis(1_700_000_000_000)
    );
    assert_eq!(
        incidents[0].resolved_at,
        Some(from_millis(1_700_000_600_000))
    );
    // Their sentences, written before reasons had codes, read back as they were.
    assert_eq!(
        incidents[0].reason,
        Reason::Text {
            text: "Acme is down.".into()
        }
    );
    let changes = store.state_changes("acme").expect("changes");
    assert_eq!(
        changes[1].reason.render(Language::Fr, Utc.fix()),
        "Acme is up."
    );
}

#[test]
fn a_stored_reason_is_written_again_in_the_language_of_the_moment() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("downbeat.sqlite3");
    let reason = Reason::Failing {
        name: "Acme".into(),
        partly: false,
        host: "api.acme.test".into(),
        failures: 3,
        since: at(0),
        failure: Failure::new(Some(ErrorKind::Dns), None, "dns error: failed to lookup"),
        vendor: VendorSays::NoPage,
    };
    {
        let mut store = Store::open(&path).expect("open");
        let change = StateChange {
            service: "acme".into(),
            at: at(1),
            from: Some(Status::Operational),
            to: Status::MajorOutage,
            cause: Cause::Probe,
            reason: reason.clone(),
        };
        let state = ServiceState {
            reason: reason.clone(),
            ..state(Status::MajorOutage, 1)
        };
        store.record_state(&change, &state).expect("state");
    }
    let store = Store::open(&path).expect("reopen");
    // Kept as facts, not as a sentence in one language.
    let stored: String = store
        .conn
        .query_row("SELECT reason FROM service_state", [], |row| row.get(0))
        .expect("row");
    assert!(stored.contains("\"code\":\"failing\""), "{stored}");
    let states = store.states().expect("states");
    assert_eq!(states[0].reason, reason);
    let utc = Utc.fix();
    assert!(states[0].shown(Language::En, utc).reason.starts_with(
        "Acme is down: api.acme.test has failed 3 checks since 22:13 (the name doesn't resolve)."
    ));
    // The user switches to French: the same history now reads in French.
    let shown = states[0].shown(Language::Fr, utc);
    assert!(
        shown
            .reason
            .starts_with("Acme est en panne\u{a0}: api.acme.test a échoué à 3 vérifications depuis 22 h 13 (le nom ne se résout pas)."),
        "{}",
        shown.reason
    );
    assert_eq!(shown.reason_code, "failing");
    let french = store
        .timelines("acme", &[], at(0), at(60), Language::Fr, utc)
        .expect("timelines");
    assert_eq!(french[0].title, shown.reason);
    let english = store
        .timelines("acme", &[], at(0), at(60), Language::En, utc)
        .expect("timelines");
    assert!(
        english[0].title.starts_with("Acme is down:"),
        "{}",
        english[0].title
    );
}

#[cfg(test)]
mod history;
