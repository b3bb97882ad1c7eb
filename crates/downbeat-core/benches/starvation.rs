//! Starvation (issue 17, item 3): how often a fast service is checked while
//! five others hang, with the engine's old limits (4 checks in flight, no
//! per-host limit) and its current ones. Loopback servers, real engine,
//! real SQLite file; about 90 s of wall time.
//!
//! `cargo bench -p downbeat-core --bench starvation`
#![allow(clippy::expect_used, clippy::unwrap_used)]

use downbeat_core::app::engine::Limits;
use downbeat_core::io::notifier::NoNotifier;
use downbeat_core::model::Event;
use downbeat_core::testkit::{self, SlowServer};
use std::collections::HashMap;
use std::sync::Arc;
use std::time::{Duration, Instant};

/// How many of each, and for how long: the figure under `cargo bench`, a
/// quick smoke run under `cargo test --all-targets` (without `--bench`).
#[derive(Clone, Copy)]
struct Size {
    fast: usize,
    hung: usize,
    run: Duration,
}

async fn checks_per_minute(limits: Limits, size: Size) -> (f64, f64) {
    let Size { fast, hung, run } = size;
    let mut servers = Vec::new();
    let mut text = String::from("[connectivity]\nanchors = []\n");
    // The hung ones first: they are the first to ask for a slot.
    for n in 0..hung + fast {
        let delay = (n >= hung).then_some(Duration::ZERO);
        let server = SlowServer::start(delay, 200).await.expect("server");
        let id = if n < hung {
            format!("hung{n}")
        } else {
            format!("fast{n}")
        };
        text.push_str(&format!(
            "[[services]]\nid = \"{id}\"\ninterval = \"1s\"\n[[services.sources]]\nkind = \"http\"\nurl = \"{}/\"\n",
            server.url()
        ));
        servers.push(server);
    }
    let config = testkit::config(&text);
    let dir = tempfile::tempdir().expect("tempdir");
    let engine = testkit::engine(config, &dir.path().join("db.sqlite3"), Arc::new(NoNotifier))
        .with_limits(limits);
    let mut events = engine.subscribe();
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let (_handle, task) = engine.spawn(async move {
        let _ = stopped.await;
    });
    let mut counts: HashMap<String, usize> = HashMap::new();
    let started = Instant::now();
    while let Some(left) = run.checked_sub(started.elapsed()) {
        match tokio::time::timeout(left, events.recv()).await {
            Ok(Ok(Event::Observation { service, .. })) => *counts.entry(service).or_default() += 1,
            Ok(Ok(_)) | Ok(Err(tokio::sync::broadcast::error::RecvError::Lagged(_))) => {}
            Ok(Err(_)) | Err(_) => break,
        }
    }
    let _ = stop.send(());
    let _ = task.await;
    let minutes = run.as_secs_f64() / 60.0;
    let rates: Vec<f64> = (hung..hung + fast)
        .map(|n| *counts.get(&format!("fast{n}")).unwrap_or(&0) as f64 / minutes)
        .collect();
    let mean = rates.iter().sum::<f64>() / rates.len() as f64;
    let worst = rates.iter().copied().fold(f64::INFINITY, f64::min);
    (mean, worst)
}

fn main() {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("runtime");
    let before = Limits {
        in_flight: 4,
        per_host: usize::MAX >> 4,
    };
    let size = if std::env::args().any(|arg| arg == "--bench") {
        Size {
            fast: 20,
            hung: 5,
            run: Duration::from_secs(45),
        }
    } else {
        Size {
            fast: 2,
            hung: 1,
            run: Duration::from_secs(2),
        }
    };
    println!(
        "{} fast services (1 s interval) beside {} hung ones, {} s each:",
        size.fast,
        size.hung,
        size.run.as_secs()
    );
    for (label, limits) in [
        ("old limits (4 in flight)", before),
        ("current limits", Limits::default()),
    ] {
        let (mean, worst) = runtime.block_on(checks_per_minute(limits, size));
        println!(
            "  {label:<26} checks per minute of a fast service: mean {mean:.1}, worst {worst:.1}"
        );
    }
}
