//! How long `/metrics` takes to render for 1,000 services (the goal is
//! under 10 ms), and how big the page is: every service observed a few
//! times with some failures, a tenth with a component filter.
//!
//! `cargo bench -p downbeat-core --bench metrics`; `cargo test` runs it
//! small as a smoke test.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use chrono::{TimeZone, Utc};
use downbeat_core::model::{
    Cause, Component, Connectivity, ErrorKind, Event, Outcome, ServiceState, Snapshot, Status,
};
use downbeat_core::views::metrics::{Metrics, MetricsFormat};
use std::time::{Duration, Instant};

fn main() {
    let full = std::env::args().any(|arg| arg == "--bench");
    let (services, rounds) = if full { (1000, 200) } else { (20, 3) };
    let mut text = String::new();
    for i in 0..services {
        text.push_str(&format!(
            "[[services]]\nid = \"service-{i:04}\"\nname = \"Service {i}\"\n{}\
             [[services.sources]]\nkind = \"statuspage\"\nurl = \"http://127.0.0.1:{}\"\n\n",
            if i % 10 == 0 {
                "components = [\"API\", \"Website\"]\n"
            } else {
                ""
            },
            10_000 + i
        ));
    }
    let config = downbeat_core::testkit::config(&text);
    let mut metrics = Metrics::new(&config, "bench");
    let at = Utc
        .with_ymd_and_hms(2026, 1, 1, 0, 0, 0)
        .single()
        .expect("time");
    let mut states = Vec::new();
    for (i, spec) in config.services.iter().enumerate() {
        for check in 0..5u64 {
            metrics.apply(&Event::Observation {
                at,
                service: spec.id.clone(),
                source: spec.sources[0].url.clone(),
                outcome: if check == 4 && i % 7 == 0 {
                    Outcome::Failed
                } else {
                    Outcome::Ok
                },
                status: Status::Operational,
                latency_ms: Some(20 + check * 30),
                error_kind: (check == 4 && i % 7 == 0).then_some(ErrorKind::Timeout),
            });
        }
        let component = |name: &str| Component {
            name: name.into(),
            group: None,
            status: Status::Operational,
        };
        metrics.set_snapshot(
            &spec.id,
            &Snapshot {
                page_name: None,
                status: Status::Operational,
                description: None,
                updated_at: None,
                components: vec![component("API"), component("Website"), component("CDN")],
                incidents: Vec::new(),
                maintenances: Vec::new(),
            },
        );
        states.push(ServiceState {
            service: spec.id.clone(),
            name: spec.name.clone(),
            status: if i % 50 == 0 {
                Status::MajorOutage
            } else {
                Status::Operational
            },
            since: at,
            cause: Cause::Vendor,
            reason: downbeat_core::model::Reason::Text {
                text: "All good.".into(),
            },
            outage_since: None,
            last_check: Some(at),
        });
    }
    for lead in [-120.0, 30.0, 240.0] {
        metrics.observe_lead(lead);
    }
    for format in [MetricsFormat::Prometheus, MetricsFormat::OpenMetrics] {
        let mut times: Vec<Duration> = Vec::with_capacity(rounds);
        let mut bytes = 0;
        for _ in 0..rounds {
            let began = Instant::now();
            let page = metrics.render(&states, Connectivity::Online, format);
            times.push(began.elapsed());
            bytes = page.len();
            std::hint::black_box(page);
        }
        times.sort();
        println!(
            "metrics render {format:?}, {services} services: median {:.2} ms, p95 {:.2} ms, {} KiB, {} lines",
            ms(times[times.len() / 2]),
            ms(times[(times.len() * 95 / 100).min(times.len() - 1)]),
            bytes / 1024,
            metrics.render(&states, Connectivity::Online, format).lines().count()
        );
    }
}

fn ms(duration: Duration) -> f64 {
    duration.as_secs_f64() * 1000.0
}
