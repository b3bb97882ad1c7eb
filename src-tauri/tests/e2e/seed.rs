//! A history seeded into the store before the app starts, for the pages
//! that show what was watched over time.

use chrono::{DateTime, Duration as Span, Utc};
use downbeat_core::model::{
    IncidentUpdate, Observation, Outcome, Snapshot, Status, VendorIncident,
};
use downbeat_core::store::Store;
use std::path::Path;

/// Thirty days of Acme checked every minute, with one outage three days ago
/// that we caught six minutes before the vendor posted about it.
pub fn seed_history(path: &Path, source: &str, now: DateTime<Utc>) {
    let mut store = Store::open(path).expect("seed store");
    // Whole minutes, so that the loop below meets the outage's minutes.
    let start = DateTime::from_timestamp((now - Span::days(30)).timestamp() / 60 * 60, 0)
        .unwrap_or(now - Span::days(30));
    // 10:00 UTC three days ago: one whole day's bar, whatever the time now.
    let outage = (now - Span::days(3))
        .date_naive()
        .and_hms_opt(10, 0, 0)
        .map_or(now - Span::days(3), |t| t.and_utc());
    let change = |store: &mut Store, at, from, to, reason: &str| {
        downbeat_core::testkit::record_change(store, "acme", at, from, to, reason);
    };
    change(
        &mut store,
        start,
        None,
        Status::Operational,
        "Acme Cloud is up.",
    );
    let mut batch = Vec::new();
    let mut at = start;
    while at < now - Span::minutes(1) {
        let down = at >= outage && at < outage + Span::minutes(45);
        batch.push(Observation {
            service: "acme".into(),
            source: source.to_owned(),
            at,
            outcome: if down { Outcome::Failed } else { Outcome::Ok },
            status: if down {
                Status::Unknown
            } else {
                Status::Operational
            },
            latency_ms: Some(90 + (at.timestamp() / 60 % 40) as u64),
            http_status: Some(if down { 503 } else { 200 }),
            error: None,
        });
        if at == outage + Span::minutes(2) {
            store.record_observations(&batch).expect("seed");
            batch.clear();
            change(
                &mut store,
                at,
                Some(Status::Operational),
                Status::MajorOutage,
                "Acme Cloud does not answer as expected: HTTP 503 Service Unavailable.",
            );
        }
        if at == outage + Span::minutes(45) {
            store.record_observations(&batch).expect("seed");
            batch.clear();
            change(
                &mut store,
                at,
                Some(Status::MajorOutage),
                Status::Operational,
                "Acme Cloud is up.",
            );
        }
        at += Span::minutes(1);
    }
    store.record_observations(&batch).expect("seed");
    let posted = outage + Span::minutes(8);
    let update = |minutes: i64, status: &str, body: &str| IncidentUpdate {
        status: status.into(),
        body: body.into(),
        at: posted + Span::minutes(minutes),
    };
    let incident = VendorIncident {
        id: "inc-2041".into(),
        title: "Elevated error rates for API requests".into(),
        status: "resolved".into(),
        impact: Status::MajorOutage,
        started_at: Some(posted),
        resolved_at: Some(posted + Span::minutes(52)),
        url: None,
        updates: vec![
            update(
                52,
                "resolved",
                "This incident has been resolved. Error rates are back to normal.",
            ),
            update(
                21,
                "monitoring",
                "A fix has been deployed and we are monitoring the results.",
            ),
            update(
                0,
                "investigating",
                "We are investigating elevated error rates for API requests in all regions.",
            ),
        ],
        components: vec!["API".into()],
        scheduled_for: None,
        scheduled_until: None,
    };
    let page = Snapshot {
        page_name: Some("Acme Cloud".into()),
        status: Status::Operational,
        description: Some("All Systems Operational".into()),
        updated_at: None,
        components: Vec::new(),
        incidents: vec![incident],
        maintenances: Vec::new(),
    };
    store
        .save_snapshot("acme", source, posted + Span::minutes(60), &page)
        .expect("seed vendor");
    store.roll_up(now, Span::minutes(5)).expect("seed roll up");
}
