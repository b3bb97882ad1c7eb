use super::*;
use crate::model::{Cause, Component, VendorIncident};
use chrono::TimeZone;

fn config() -> Config {
    let catalog = crate::config::catalog::Catalog::builtin();
    let text = "[[services]]\nid = \"api\"\nname = \"My \\\"API\\\"\"\n\
         [[services.sources]]\nkind = \"http\"\nurl = \"http://127.0.0.1:1/health\"\n\n\
         [[services]]\nid = \"gh\"\nname = \"GitHub\"\ncomponents = [\"Git\"]\n\
         [[services.sources]]\nkind = \"statuspage\"\nurl = \"http://127.0.0.1:2\"\n";
    Config::parse(text, std::path::Path::new("test.toml"), &catalog).unwrap()
}

fn at(second: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, second)
        .single()
        .unwrap()
}

fn state(service: &str, status: Status) -> ServiceState {
    ServiceState {
        service: service.into(),
        name: service.into(),
        status,
        since: at(0),
        cause: Cause::Probe,
        reason: crate::model::Reason::default(),
        outage_since: None,
        last_check: Some(at(5)),
    }
}

fn observation(service: &str, source: &str, failed: Option<ErrorKind>, ms: u64) -> Event {
    Event::Observation {
        at: at(7),
        service: service.into(),
        source: source.into(),
        outcome: if failed.is_some() {
            Outcome::Failed
        } else {
            Outcome::Ok
        },
        status: Status::Unknown,
        latency_ms: Some(ms),
        error_kind: failed,
    }
}

/// The URL the config polls for the status page (its API, not its home).
fn gh_url() -> String {
    config().services[1].sources[0].url.clone()
}

fn lines<'a>(page: &'a str, prefix: &str) -> Vec<&'a str> {
    page.lines().filter(|l| l.starts_with(prefix)).collect()
}

#[test]
fn statuses_up_and_labels_follow_the_overview_and_are_escaped() {
    let metrics = Metrics::new(&config(), "1.2.3");
    let states = [
        state("api", Status::MajorOutage),
        state("gh", Status::Unknown),
    ];
    let page = metrics.render(&states, Connectivity::Online, Format::Prometheus);
    assert!(page.contains(
        "downbeat_service_status{service=\"api\",name=\"My \\\"API\\\"\",status=\"major_outage\"} 1\n"
    ));
    assert!(page.contains(
        "downbeat_service_status{service=\"api\",name=\"My \\\"API\\\"\",status=\"operational\"} 0\n"
    ));
    assert_eq!(lines(&page, "downbeat_service_status{").len(), 12);
    // Unknown: no up sample at all, so "up == 0" cannot fire on blindness.
    assert_eq!(
        lines(&page, "downbeat_service_up{"),
        ["downbeat_service_up{service=\"api\"} 0"]
    );
    assert!(page.contains("downbeat_connectivity{state=\"online\"} 1\n"));
    let offline = metrics.render(&states, Connectivity::Offline, Format::Prometheus);
    assert!(
        lines(&offline, "downbeat_service_up{").is_empty(),
        "not observed is not down"
    );
    assert!(offline.contains("downbeat_connectivity{state=\"offline\"} 1\n"));
    assert!(page.contains("downbeat_connectivity{state=\"offline\"} 0\n"));
    assert!(page.contains("downbeat_build_info{version=\"1.2.3\"} 1\n"));
    assert!(page.contains("downbeat_last_check_timestamp_seconds{service=\"api\"} 1767225605\n"));
    for family in [
        "downbeat_service_status",
        "downbeat_service_up",
        "downbeat_check_duration_seconds",
        "downbeat_check_failures_total",
        "downbeat_detection_lead_seconds",
    ] {
        assert!(page.contains(&format!("# HELP {family} ")), "{family}");
        assert!(page.contains(&format!("# TYPE {family} ")), "{family}");
    }
}

#[test]
fn observations_count_failures_by_kind_and_latency_by_source_kind() {
    let mut metrics = Metrics::new(&config(), "x");
    metrics.apply(&observation("api", "http://127.0.0.1:1/health", None, 40));
    metrics.apply(&observation(
        "api",
        "http://127.0.0.1:1/health",
        Some(ErrorKind::Timeout),
        3000,
    ));
    metrics.apply(&observation("gh", &gh_url(), None, 120));
    metrics.apply(&observation("unknown-service", "x", None, 1));
    let page = metrics.render(&[], Connectivity::Online, Format::OpenMetrics);
    assert!(page.contains("downbeat_check_failures_total{service=\"api\",kind=\"timeout\"} 1\n"));
    assert!(page.contains("# TYPE downbeat_check_failures counter\n"));
    assert!(page.contains("downbeat_checks_total{service=\"api\"} 2\n"));
    assert!(page.contains("downbeat_check_duration_seconds_bucket{kind=\"http\",le=\"0.05\"} 1\n"));
    assert!(page.contains("downbeat_check_duration_seconds_bucket{kind=\"http\",le=\"+Inf\"} 2\n"));
    assert!(page.contains("downbeat_check_duration_seconds_count{kind=\"statuspage\"} 1\n"));
    assert!(page.contains("# TYPE downbeat_build info\n"));
    assert!(page.ends_with("# EOF\n"));
}

#[test]
fn a_page_gives_watched_components_and_open_incidents_and_a_reload_keeps_counters() {
    let mut metrics = Metrics::new(&config(), "x");
    metrics.apply(&observation("gh", &gh_url(), Some(ErrorKind::Parse), 5));
    let incident = |id: &str, status: &str| VendorIncident {
        id: id.into(),
        title: "Free \"text\" never a label".into(),
        status: status.into(),
        impact: Status::MajorOutage,
        started_at: None,
        resolved_at: None,
        url: None,
        updates: Vec::new(),
        components: Vec::new(),
        scheduled_for: None,
        scheduled_until: None,
    };
    let component = |name: &str, status| Component {
        name: name.into(),
        group: None,
        status,
    };
    metrics.set_snapshot(
        "gh",
        &Snapshot {
            page_name: None,
            status: Status::MajorOutage,
            description: None,
            updated_at: None,
            components: vec![
                component("Git", Status::PartialOutage),
                component("Pages", Status::Operational),
            ],
            incidents: vec![incident("a", "investigating"), incident("b", "resolved")],
            maintenances: Vec::new(),
        },
    );
    metrics.observe_lead(-120.0);
    metrics.reload(&config());
    let page = metrics.render(&[], Connectivity::Offline, Format::Prometheus);
    assert!(page.contains(
        "downbeat_component_status{service=\"gh\",component=\"Git\",status=\"partial_outage\"} 1\n"
    ));
    assert!(!page.contains("Pages"));
    assert!(!page.contains("never a label"));
    assert!(page.contains("downbeat_vendor_incidents_open{service=\"gh\"} 1\n"));
    assert!(!page.contains("downbeat_vendor_incidents_open{service=\"api\"}"));
    assert!(page.contains("downbeat_check_failures_total{service=\"gh\",kind=\"parse\"} 1\n"));
    assert!(page.contains("downbeat_detection_lead_seconds_bucket{le=\"-60.0\"} 1\n"));
    assert!(page.contains("downbeat_detection_lead_seconds_bucket{le=\"-300.0\"} 0\n"));
    assert!(page.contains("downbeat_detection_lead_seconds_sum -120\n"));
}
