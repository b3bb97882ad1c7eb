//! The verdict, driven one observation at a time.
use super::*;
use crate::config::{SourceKind, SourceSpec};
use crate::model::{CheckError, ErrorKind, VendorIncident};
use chrono::{DateTime, Duration, Offset as _, TimeZone, Utc};
use std::time::Duration as StdDuration;

fn spec() -> ServiceSpec {
    ServiceSpec {
        id: "acme".into(),
        name: "Acme".into(),
        interval: StdDuration::from_secs(60),
        confirm: 3,
        components: vec![],
        alerts: None,
        sources: vec![SourceSpec {
            kind: SourceKind::Statuspage,
            url: "http://x/api/v2/summary.json".into(),
            endpoints: Vec::new(),
            probe: None,
        }],
    }
}

/// The state's reason in English, times in UTC.
fn said(state: &ServiceState) -> String {
    crate::model::i18n::Language::En.reason(&state.reason, Utc.fix())
}

fn at(minute: i64) -> DateTime<Utc> {
    Utc.timestamp_opt(1_700_000_000, 0)
        .single()
        .unwrap_or_default()
        + Duration::minutes(minute)
}

fn page(status: Status, incident: Option<&str>) -> Snapshot {
    Snapshot {
        page_name: Some("Acme".into()),
        status,
        description: None,
        updated_at: None,
        components: vec![],
        incidents: incident
            .map(|title| VendorIncident {
                id: "i1".into(),
                title: title.into(),
                status: "investigating".into(),
                impact: status,
                started_at: None,
                resolved_at: None,
                url: None,
                updates: vec![],
                components: vec![],
                scheduled_for: None,
                scheduled_until: None,
            })
            .into_iter()
            .collect(),
        maintenances: vec![],
    }
}

fn ok(minute: i64) -> Observation {
    Observation {
        service: "acme".into(),
        source: "http://x".into(),
        at: at(minute),
        outcome: Outcome::Ok,
        status: Status::Operational,
        latency_ms: Some(5),
        http_status: Some(200),
        error: None,
    }
}

fn failed(minute: i64) -> Observation {
    Observation {
        outcome: Outcome::Failed,
        status: Status::Unknown,
        http_status: Some(503),
        error: Some(CheckError {
            kind: ErrorKind::HttpStatus,
            message: "HTTP 503 Service Unavailable".into(),
        }),
        ..ok(minute)
    }
}

#[test]
fn the_vendor_is_believed_at_once_and_the_outage_span_is_kept() {
    let mut tracker = Tracker::new(&spec(), None);
    let first = tracker.observe(0, &ok(0), Some(&page(Status::Operational, None)));
    assert!(
        matches!(first, Verdict::Changed(ref t) if t.change.from.is_none() && t.state.status == Status::Operational)
    );
    assert!(matches!(
        tracker.observe(0, &ok(1), Some(&page(Status::Operational, None))),
        Verdict::Unchanged(_)
    ));

    let Verdict::Changed(down) = tracker.observe(
        0,
        &ok(2),
        Some(&page(Status::MajorOutage, Some("API errors"))),
    ) else {
        panic!("expected a change");
    };
    assert_eq!(down.state.outage_since, Some(at(2)));
    assert_eq!(
        said(&down.state),
        "Acme is down: its status page reports a major outage (“API errors”)."
    );

    // A partial outage inside the same outage keeps its start.
    let Verdict::Changed(partial) =
        tracker.observe(0, &ok(5), Some(&page(Status::PartialOutage, None)))
    else {
        panic!("expected a change");
    };
    assert_eq!(partial.state.outage_since, Some(at(2)));

    let Verdict::Changed(up) = tracker.observe(0, &ok(9), Some(&page(Status::Operational, None)))
    else {
        panic!("expected a change");
    };
    assert_eq!(
        up.previous.as_ref().and_then(|p| p.outage_since),
        Some(at(2))
    );
    assert_eq!(up.state.outage_since, None);
    assert_eq!(up.change.from, Some(Status::PartialOutage));
}

#[test]
fn an_unreadable_page_is_unknown_only_after_confirmation_and_keeps_the_outage() {
    let mut tracker = Tracker::new(&spec(), None);
    tracker.observe(0, &ok(0), Some(&page(Status::MajorOutage, None)));
    assert_eq!(tracker.observe(0, &failed(1), None), Verdict::Pending);
    assert_eq!(tracker.observe(0, &failed(2), None), Verdict::Pending);
    let Verdict::Changed(unknown) = tracker.observe(0, &failed(3), None) else {
        panic!("expected a change");
    };
    assert_eq!(unknown.state.status, Status::Unknown);
    assert_eq!(unknown.state.outage_since, Some(at(0)));
    assert!(
        said(&unknown.state).contains("failed 3 checks in a row (it answered HTTP 503)"),
        "{}",
        said(&unknown.state)
    );
    // The technical detail is kept beside the sentence.
    assert!(matches!(
        &unknown.state.reason,
        crate::model::Reason::Unreadable { failure, .. } if failure.detail == "HTTP 503 Service Unavailable"
    ));
    // One success resets the count.
    tracker.observe(0, &ok(4), Some(&page(Status::MajorOutage, None)));
    assert_eq!(tracker.observe(0, &failed(5), None), Verdict::Pending);
}

#[test]
fn an_unconfirmed_failure_still_counts_as_a_check() {
    let mut tracker = Tracker::new(&spec(), None);
    assert_eq!(tracker.current(at(0)).last_check, None);
    assert!(said(&tracker.current(at(0))).contains("not been checked yet"));

    assert_eq!(tracker.observe(0, &failed(1), None), Verdict::Pending);
    let shown = tracker.current(at(1));
    assert_eq!(
        (shown.status, shown.last_check),
        (Status::Unknown, Some(at(1)))
    );
    assert!(
        said(&shown).contains("could not be checked yet (it answered HTTP 503)"),
        "{}",
        said(&shown)
    );

    tracker.observe(0, &ok(2), Some(&page(Status::Operational, None)));
    assert_eq!(tracker.observe(0, &failed(3), None), Verdict::Pending);
    let shown = tracker.current(at(3));
    assert_eq!(
        (shown.status, shown.last_check),
        (Status::Operational, Some(at(3)))
    );
}

#[test]
fn the_component_filter_decides_the_status() {
    let mut spec = spec();
    spec.components = vec!["Voice".into()];
    let mut snapshot = page(Status::MajorOutage, None);
    snapshot.components = vec![
        crate::model::Component {
            name: "API".into(),
            group: None,
            status: Status::MajorOutage,
        },
        crate::model::Component {
            name: "Voice".into(),
            group: None,
            status: Status::Operational,
        },
    ];
    let mut tracker = Tracker::new(&spec, None);
    tracker.observe(0, &ok(0), Some(&snapshot));
    assert_eq!(tracker.state().map(|s| s.status), Some(Status::Operational));
}

#[test]
fn a_part_of_a_page_that_lists_only_affected_products_stays_green() {
    // Gmail (Google Workspace filtered to "Gmail") during a Drive incident:
    // the page names only Drive, so Gmail is not affected.
    let mut spec = spec();
    spec.components = vec!["Gmail".into()];
    spec.sources[0].kind = SourceKind::Google;
    let mut snapshot = page(Status::PartialOutage, None);
    snapshot.components = vec![crate::model::Component {
        name: "Google Drive".into(),
        group: None,
        status: Status::PartialOutage,
    }];
    let mut tracker = Tracker::new(&spec, None);
    tracker.observe(0, &ok(0), Some(&snapshot));
    assert_eq!(tracker.state().map(|s| s.status), Some(Status::Operational));
    // Once Gmail is named, its own status counts.
    snapshot.components.push(crate::model::Component {
        name: "Gmail".into(),
        group: None,
        status: Status::MajorOutage,
    });
    tracker.observe(0, &ok(1), Some(&snapshot));
    assert_eq!(tracker.state().map(|s| s.status), Some(Status::MajorOutage));
    // A Statuspage lists every component: a filter matching none is a typo,
    // and the page's own status stands.
    spec.sources[0].kind = SourceKind::Statuspage;
    snapshot.components.truncate(1);
    let mut tracker = Tracker::new(&spec, None);
    tracker.observe(0, &ok(2), Some(&snapshot));
    assert_eq!(
        tracker.state().map(|s| s.status),
        Some(Status::PartialOutage)
    );
}

fn with_probe(spec: ServiceSpec) -> ServiceSpec {
    let mut spec = spec;
    spec.sources.push(SourceSpec {
        kind: SourceKind::Http,
        url: "https://api.acme.test/health".into(),
        endpoints: Vec::new(),
        probe: Some(crate::config::probe::ProbeSpec::default()),
    });
    spec
}

fn probe_only() -> ServiceSpec {
    let mut spec = with_probe(spec());
    spec.sources.remove(0);
    spec
}

fn slow(minute: i64) -> Observation {
    Observation {
        status: Status::Degraded,
        latency_ms: Some(2400),
        ..ok(minute)
    }
}

#[test]
fn a_probe_is_down_after_confirmation_and_up_after_two_successes() {
    let mut tracker = Tracker::new(&probe_only(), None);
    assert!(
        matches!(tracker.observe(0, &ok(0), None), Verdict::Changed(ref t) if t.state.status == Status::Operational)
    );
    assert_eq!(
        tracker.state().map(said).as_deref(),
        Some("Acme is up: api.acme.test answers.")
    );

    // A single transient failure says nothing.
    assert_eq!(tracker.observe(0, &failed(1), None), Verdict::Pending);
    assert_eq!(tracker.unconfirmed_failures(), 1);
    assert!(matches!(
        tracker.observe(0, &ok(2), None),
        Verdict::Unchanged(_)
    ));
    assert_eq!(tracker.unconfirmed_failures(), 0);

    assert_eq!(tracker.observe(0, &failed(3), None), Verdict::Pending);
    assert_eq!(tracker.observe(0, &failed(4), None), Verdict::Pending);
    let Verdict::Changed(down) = tracker.observe(0, &failed(5), None) else {
        panic!("expected a change");
    };
    assert_eq!(down.state.status, Status::MajorOutage);
    assert_eq!(down.state.cause, Cause::Probe);
    assert_eq!(
        down.state.outage_since,
        Some(at(3)),
        "the outage began at the first failed check"
    );
    let since = at(3).format("%H:%M");
    assert_eq!(
        said(&down.state),
        format!("Acme is down: api.acme.test has failed 3 checks since {since} (it answered HTTP 503). Your connection is fine.")
    );

    // One success is not enough to call it up; two are.
    assert!(matches!(
        tracker.observe(0, &ok(6), None),
        Verdict::Unchanged(_)
    ));
    assert!(tracker.recovering());
    assert!(matches!(
        tracker.observe(0, &failed(7), None),
        Verdict::Unchanged(_) | Verdict::Pending
    ));
    assert_eq!(tracker.state().map(|s| s.status), Some(Status::MajorOutage));
    tracker.observe(0, &ok(8), None);
    let Verdict::Changed(up) = tracker.observe(0, &ok(9), None) else {
        panic!("expected a change");
    };
    assert_eq!(up.state.status, Status::Operational);
    assert_eq!(up.previous.and_then(|p| p.outage_since), Some(at(3)));
}

#[test]
fn probes_and_vendor_combine_with_their_cause() {
    let mut tracker = Tracker::new(&with_probe(spec()), None);
    tracker.observe(0, &ok(0), Some(&page(Status::Operational, None)));
    tracker.observe(1, &ok(0), None);
    assert_eq!(
        tracker.state().map(|s| (s.status, s.cause)),
        Some((Status::Operational, Cause::Both))
    );
    for minute in 1..=3 {
        tracker.observe(1, &failed(minute), None);
    }
    let state = tracker
        .state()
        .cloned()
        .unwrap_or_else(|| panic!("a state"));
    assert_eq!(
        (state.status, state.cause),
        (Status::MajorOutage, Cause::Probe)
    );
    assert!(
        said(&state).ends_with("Acme has not posted an incident yet."),
        "{}",
        said(&state)
    );

    // The vendor confirms: both agree.
    tracker.observe(
        0,
        &ok(4),
        Some(&page(Status::MajorOutage, Some("API errors"))),
    );
    let state = tracker
        .state()
        .cloned()
        .unwrap_or_else(|| panic!("a state"));
    assert_eq!(
        (state.status, state.cause),
        (Status::MajorOutage, Cause::Both)
    );
    assert!(
        said(&state).ends_with("Its status page reports “API errors”."),
        "{}",
        said(&state)
    );

    // The vendor posts an outage while our probe passes: believed at once.
    let mut tracker = Tracker::new(&with_probe(spec()), None);
    tracker.observe(1, &ok(0), None);
    let Verdict::Changed(vendor) = tracker.observe(
        0,
        &ok(1),
        Some(&page(Status::MajorOutage, Some("Login failures"))),
    ) else {
        panic!("expected a change");
    };
    assert_eq!(
        (vendor.state.status, vendor.state.cause),
        (Status::MajorOutage, Cause::Vendor)
    );
    assert_eq!(
        said(&vendor.state),
        "Acme is down: its status page reports a major outage (“Login failures”)."
    );
}

#[test]
fn a_slow_endpoint_is_degraded_and_maintenance_is_not_an_outage() {
    let mut tracker = Tracker::new(&probe_only(), None);
    let Verdict::Changed(slow) = tracker.observe(0, &slow(0), None) else {
        panic!("expected a change");
    };
    assert_eq!(slow.state.status, Status::Degraded);
    assert_eq!(
        said(&slow.state),
        "Acme is slow: api.acme.test answered in 2.4 s, above its limit."
    );

    let mut tracker = Tracker::new(&spec(), None);
    tracker.observe(0, &ok(0), Some(&page(Status::Maintenance, None)));
    let state = tracker
        .state()
        .cloned()
        .unwrap_or_else(|| panic!("a state"));
    assert_eq!(
        (state.status, state.outage_since),
        (Status::Maintenance, None)
    );
}
