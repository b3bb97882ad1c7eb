//! Time arithmetic with the largest values a caller can hand in (issue 17,
//! item 1): nothing panics.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use chrono::{TimeZone, Utc};
use downbeat_core::config::catalog::Catalog;
use downbeat_core::config::Config;
use downbeat_core::logic::monitor::{Effect, Monitor};
use downbeat_core::logic::reachability::Assessment;
use downbeat_core::model::i18n::Language;
use downbeat_core::model::{CheckError, Connectivity, ErrorKind, Observation, Outcome, Status};
use std::collections::HashMap;
use std::path::Path;
use std::time::Duration;

const TEXT: &str = r#"
[connectivity]
anchors = [{ url = "http://127.0.0.1:9/" }]
[[services]]
id = "acme"
[[services.sources]]
kind = "http"
url = "http://127.0.0.1:9/health"
"#;

#[test]
fn a_failing_service_with_the_longest_intervals_does_not_panic() {
    let mut config = Config::parse(TEXT, Path::new("c.toml"), &Catalog::builtin()).unwrap();
    // Built in code, past what the config accepts.
    config.services[0].interval = Duration::MAX;
    config.connectivity.interval = Duration::MAX;
    let offset = chrono::FixedOffset::east_opt(0).unwrap();
    let mut monitor = Monitor::new(&config, &HashMap::new(), offset, Language::En);
    let start = Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).unwrap();
    let mut mono = Duration::from_secs(1);
    let mut checks = 0;
    for step in 0..20u64 {
        let wall = start + chrono::Duration::seconds(step as i64 * 30);
        for effect in monitor.due(mono, wall) {
            match effect {
                Effect::Check { service } => {
                    checks += 1;
                    let failed = Observation {
                        service: "acme".into(),
                        source: "http://127.0.0.1:9/health".into(),
                        at: wall,
                        outcome: Outcome::Failed,
                        status: Status::Unknown,
                        latency_ms: None,
                        http_status: None,
                        error: Some(CheckError {
                            kind: ErrorKind::Connect,
                            message: "refused".into(),
                        }),
                    };
                    monitor.checked(service, 0, failed, None, true, mono, wall);
                }
                Effect::CheckConnectivity => {
                    let online = Assessment {
                        state: Connectivity::Online,
                        reason: downbeat_core::model::Reason::Online {
                            answered: 1,
                            total: 1,
                        },
                    };
                    monitor.connectivity_assessed(online, mono, wall);
                }
                _ => {}
            }
        }
        let next = monitor.next_wakeup(mono, wall);
        assert!(next >= mono);
        mono = next.min(mono + Duration::from_secs(30));
    }
    assert!(checks >= 3, "the fast re-checks ran: {checks}");
}
