//! history, export and import, on a database the real store wrote.

use super::*;
use chrono::{DateTime, Duration as Span, Utc};
use downbeat_core::model::{
    IncidentUpdate, Observation, Outcome, Snapshot, Status, VendorIncident,
};
use downbeat_core::store::Store;

const CONFIG: &str = "[general]\ninterval = \"60s\"\n\n[connectivity]\nanchors = []\n\n\
    [[services]]\nid = \"acme\"\nname = \"Acme\"\n[[services.sources]]\nkind = \"statuspage\"\n\
    url = \"http://127.0.0.1:9\"\n";

/// Two days of checks every minute, with a 40-minute outage yesterday that
/// the vendor acknowledged six minutes after we declared it.
fn seed(home: &Home, now: DateTime<Utc>) -> DateTime<Utc> {
    let mut store = Store::open(&home.database()).expect("store");
    let start = now - Span::days(2);
    let outage = now - Span::days(1);
    let change = |store: &mut Store, at, from, to| {
        let reason = "Acme does not answer: HTTP 503.";
        downbeat_core::testkit::record_change(store, "acme", at, from, to, reason);
    };
    change(&mut store, start, None, Status::Operational);
    let mut at = start;
    while at <= now {
        let down = at >= outage && at < outage + Span::minutes(40);
        store
            .record_observation(&Observation {
                service: "acme".into(),
                source: "http://127.0.0.1:9".into(),
                at,
                outcome: if down { Outcome::Failed } else { Outcome::Ok },
                status: if down {
                    Status::Unknown
                } else {
                    Status::Operational
                },
                latency_ms: Some(120),
                http_status: Some(if down { 503 } else { 200 }),
                error: None,
            })
            .expect("observation");
        if at == outage + Span::minutes(2) {
            change(
                &mut store,
                at,
                Some(Status::Operational),
                Status::MajorOutage,
            );
            let incident = VendorIncident {
                id: "x1".into(),
                title: "Errors \u{1b}[2J<script>alert(1)</script>".into(),
                status: "investigating".into(),
                impact: Status::MajorOutage,
                started_at: Some(at + Span::minutes(6)),
                resolved_at: None,
                url: None,
                updates: vec![IncidentUpdate {
                    status: "investigating".into(),
                    body: "We are looking\ninto it.".into(),
                    at: at + Span::minutes(6),
                }],
                components: Vec::new(),
                scheduled_for: None,
                scheduled_until: None,
            };
            let page = Snapshot {
                page_name: None,
                status: Status::MajorOutage,
                description: None,
                updated_at: None,
                components: Vec::new(),
                incidents: vec![incident],
                maintenances: Vec::new(),
            };
            store
                .save_snapshot("acme", "http://127.0.0.1:9", at + Span::minutes(7), &page)
                .expect("snapshot");
        }
        if at == outage + Span::minutes(41) {
            change(
                &mut store,
                at,
                Some(Status::MajorOutage),
                Status::Operational,
            );
        }
        at += Span::minutes(1);
    }
    store.roll_up(now, Span::minutes(2)).expect("roll up");
    outage
}

#[test]
fn history_shows_the_incident_timeline_and_uptime() {
    let home = Home::new();
    home.write_config(CONFIG);
    let now = Utc::now();
    let outage = seed(&home, now);

    let output = home.run_blocking(&["history", "acme", "--json"]);
    assert_eq!(code(&output), Some(0), "stderr: {}", stderr(&output));
    let report = json(&output);
    assert_eq!(report["service"], "acme");
    let incidents = report["incidents"].as_array().expect("incidents");
    assert_eq!(incidents.len(), 1, "{report:#}");
    let incident = &incidents[0];
    assert_eq!(incident["worst"], "major_outage");
    assert_eq!(incident["detection_lead_ms"], 6 * 60_000);
    assert_eq!(
        incident["duration_ms"],
        41 * 60_000,
        "first failure to recovery"
    );
    assert_rfc3339(&incident["started_at"], "started_at");
    let started =
        chrono::DateTime::parse_from_rfc3339(incident["started_at"].as_str().unwrap_or_default())
            .map(|t| t.timestamp_millis())
            .ok();
    assert_eq!(started, Some(outage.timestamp_millis()));
    let kinds: Vec<&str> = incident["entries"]
        .as_array()
        .expect("entries")
        .iter()
        .filter_map(|e| e["kind"].as_str())
        .collect();
    assert_eq!(kinds, ["first_failure", "verdict", "vendor", "recovered"]);
    let day = report["uptime"]
        .as_array()
        .and_then(|u| u.first())
        .expect("24h");
    assert_eq!(day["window"], "24h");
    let share = day["uptime"].as_f64().expect("a figure");
    assert!(
        share > 0.96 && share < 0.975,
        "40 of about 1440 minutes down: {share}"
    );

    // For people: the lead in words, and the vendor's text on one line with
    // its control characters gone.
    let output = home.run_blocking(&["history", "acme"]);
    assert_eq!(code(&output), Some(0));
    let text = stdout(&output);
    // Two days watched: a whole 24 h, then the 7 d window over what was
    // watched; 30 d and 90 d would only repeat it.
    let uptime = text
        .lines()
        .find(|l| l.starts_with("Uptime"))
        .unwrap_or_default();
    assert!(
        uptime.contains("24h ") && uptime.contains(" watched"),
        "{uptime}"
    );
    assert!(
        !uptime.contains("30d") && !uptime.contains("90d"),
        "{uptime}"
    );
    assert!(
        text.contains("Detected 6 min before the vendor said so."),
        "{text}"
    );
    assert!(
        text.contains("vendor · investigating: We are looking into it."),
        "{text}"
    );
    assert!(
        text.contains("<script>alert(1)</script>"),
        "shown as text: {text}"
    );
    assert!(!text.contains('\u{1b}'), "no terminal escapes: {text:?}");

    assert_usage_error(
        &home.run_blocking(&["history", "nope"]),
        "not a configured service",
    );
    assert_usage_error(
        &home.run_blocking(&["history", "acme", "--since", "soon"]),
        "bad --since",
    );
}

#[test]
fn export_writes_csv_history_and_json_config_that_imports_back() {
    let home = Home::new();
    home.write_config(CONFIG);
    let now = Utc::now();
    seed(&home, now);

    let output = home.run_blocking(&["export", "--history"]);
    assert_eq!(code(&output), Some(0), "stderr: {}", stderr(&output));
    let csv = stdout(&output);
    let rows: Vec<&str> = csv.lines().collect();
    assert!(
        rows[0].starts_with("service,name,date,up_s,degraded_s,down_s"),
        "{csv}"
    );
    // Two days ago (partial), yesterday: the whole UTC days that have ended.
    assert!((2..=3).contains(&(rows.len() - 1)), "{csv}");
    let down: u64 = rows[1..]
        .iter()
        .filter_map(|row| row.split(',').nth(5)?.parse::<u64>().ok())
        .sum();
    assert!(down <= 40 * 60 && down > 0, "{csv}");

    let output = home.run_blocking(&["export", "--incidents"]);
    let csv = stdout(&output);
    assert_eq!(csv.lines().count(), 2, "{csv}");
    assert!(csv.contains(",major_outage,"), "{csv}");
    assert!(csv.contains(",360,"), "the lead in seconds: {csv}");

    let export = home.dir.path().join("export.json");
    let output = home.run_blocking(&["export", export.to_str().expect("path")]);
    assert_eq!(code(&output), Some(0), "stderr: {}", stderr(&output));
    assert!(
        stdout(&output).starts_with(&format!("Exported the config to {}", export.display())),
        "export says what it did: {}",
        stdout(&output)
    );
    // A missing folder is an error, not created behind the user's back.
    let astray = home.dir.path().join("no-such-folder").join("export.json");
    let output = home.run_blocking(&["export", astray.to_str().expect("path")]);
    assert_eq!(code(&output), Some(74), "stdout: {}", stdout(&output));
    assert!(
        stderr(&output).contains("no such folder"),
        "{}",
        stderr(&output)
    );
    assert!(!astray.parent().expect("parent").exists());
    std::fs::write(home.config(), "[general]\ninterval = \"5m\"\n").expect("other config");
    let output = home.run_blocking(&["import", export.to_str().expect("path")]);
    assert_eq!(code(&output), Some(0), "stderr: {}", stderr(&output));
    assert!(
        stderr(&output).contains("replaces 0 services with 1 (adds acme)"),
        "{}",
        stderr(&output)
    );
    let backups = crate::hostile::backups(&home);
    assert_eq!(backups.len(), 1, "{backups:?}");
    let backup = std::fs::read_to_string(&backups[0]).expect("backup");
    assert_eq!(backup, "[general]\ninterval = \"5m\"\n");
    let status = json(&home.run_blocking(&["status", "--json"]));
    assert_eq!(status["services"][0]["service"], "acme");

    // A broken export changes nothing.
    let before = std::fs::read(home.config()).expect("config");
    let broken = home.dir.path().join("broken.json");
    std::fs::write(
        &broken,
        r#"{"format":"downbeat-config","version":1,"config":{"services":[{"id":"Bad Id"}]}}"#,
    )
    .expect("broken");
    let output = home.run_blocking(&["import", broken.to_str().expect("path")]);
    assert_eq!(code(&output), Some(64), "stderr: {}", stderr(&output));
    assert!(stderr(&output).contains("not valid"), "{}", stderr(&output));
    assert_eq!(std::fs::read(home.config()).expect("config"), before);
}

/// Reasons are kept as facts and written in the config's language when
/// shown: switching to French re-renders the history too.
#[test]
fn reasons_follow_the_language_of_the_config() {
    use downbeat_core::model::{ErrorKind, Failure, Reason, VendorSays};
    let home = Home::new();
    let french = CONFIG.replace("[general]\n", "[general]\nlanguage = \"fr\"\n");
    home.write_config(&french);
    let now = Utc::now();
    let down_at = now - Span::hours(1);
    let reason = Reason::Failing {
        name: "Acme".into(),
        partly: false,
        host: "api.acme.test".into(),
        failures: 3,
        since: down_at,
        failure: Failure::new(Some(ErrorKind::Dns), None, "dns error: failed to lookup"),
        vendor: VendorSays::NoPage,
    };
    {
        let mut store = Store::open(&home.database()).expect("store");
        let up = Reason::Up {
            name: "Acme".into(),
            status_page: true,
            answering: Vec::new(),
        };
        downbeat_core::testkit::record_reason(
            &mut store,
            "acme",
            now - Span::hours(2),
            None,
            Status::Operational,
            up,
        );
        downbeat_core::testkit::record_reason(
            &mut store,
            "acme",
            down_at,
            Some(Status::Operational),
            Status::MajorOutage,
            reason,
        );
    }

    let status = json(&home.run_blocking(&["status", "--json"]));
    let row = &status["services"][0];
    assert_eq!(row["reason_code"], "failing", "{status}");
    let said = row["reason"].as_str().unwrap_or_default();
    assert!(
        said.starts_with(
            "Acme est en panne\u{a0}: api.acme.test a échoué à 3 vérifications depuis "
        ) && said.contains("(le nom ne se résout pas). Votre connexion fonctionne."),
        "{said}"
    );
    let history = json(&home.run_blocking(&["history", "acme", "--json"]));
    let incident = &history["incidents"][0];
    assert_eq!(incident["title"], said, "{history:#}");
    assert_eq!(incident["entries"][1]["reason"], said, "{history:#}");
    let text = stdout(&home.run_blocking(&["history", "acme"]));
    assert!(text.contains(said), "{text}");

    // Back to English: the same rows, in English.
    home.write_config(CONFIG);
    let status = json(&home.run_blocking(&["status", "--json"]));
    let said = status["services"][0]["reason"].as_str().unwrap_or_default();
    assert!(
        said.starts_with("Acme is down: api.acme.test has failed 3 checks since ")
            && said.contains("(the name doesn't resolve). Your connection is fine."),
        "{said}"
    );
}
