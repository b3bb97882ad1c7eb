//! What the server reads from: the engine's overview, the metrics fed
//! from its events, the config, and a read connection to the store (for
//! the vendor pages, the incidents and the history).

use crate::config::Config;
use crate::model::clock::Clock;
use crate::model::Overview;
use crate::model::{Connectivity, Event};
use crate::store::{Store, StoreError};
use crate::views::metrics::Metrics;
use chrono::{DateTime, Offset as _, Utc};
use std::collections::{BTreeSet, HashSet};
use std::path::Path;
use std::sync::{Arc, Mutex, MutexGuard, RwLock};
use std::time::Duration;
use tokio::sync::broadcast::error::{RecvError, TryRecvError};
use tokio::sync::{broadcast, watch};
use tokio::time::Instant;

/// How far back an incident's detection lead is looked for.
const LEAD_WINDOW: chrono::Duration = chrono::Duration::days(7);

/// The shared read side of a running engine. Cheap to clone.
#[derive(Clone)]
pub struct Exporter {
    shared: Arc<Shared>,
}

struct Shared {
    metrics: Mutex<Metrics>,
    config: RwLock<Arc<Config>>,
    overview: watch::Receiver<Overview>,
    store: Mutex<Store>,
    /// When the feed last saw a check, or started.
    last_check: Mutex<Instant>,
    /// Incidents whose lead is counted (observed incident ids).
    counted: Mutex<HashSet<i64>>,
    clock: Arc<dyn Clock>,
}

impl Exporter {
    /// Start following an engine: `events` from `engine.subscribe()` (before
    /// `spawn`, to miss nothing) or `handle.events.subscribe()`, `overview`
    /// from its handle, `database` the file the engine writes. The feed runs
    /// on the current tokio runtime until the engine's events end.
    pub fn start(
        config: Config,
        database: &Path,
        events: broadcast::Receiver<Event>,
        overview: watch::Receiver<Overview>,
        clock: Arc<dyn Clock>,
    ) -> Result<Exporter, StoreError> {
        let store = Store::open(database)?;
        let metrics = Metrics::new(&config, env!("CARGO_PKG_VERSION"));
        let exporter = Exporter {
            shared: Arc::new(Shared {
                metrics: Mutex::new(metrics),
                config: RwLock::new(Arc::new(config)),
                overview,
                store: Mutex::new(store),
                last_check: Mutex::new(Instant::now()),
                counted: Mutex::new(HashSet::new()),
                clock,
            }),
        };
        tokio::spawn(exporter.clone().follow(events));
        Ok(exporter)
    }

    /// Take a new config (after the engine's `Command::Reload`).
    pub fn reload(&self, config: Config) {
        lock(&self.shared.metrics).reload(&config);
        let config = Arc::new(config);
        match self.shared.config.write() {
            Ok(mut current) => *current = config,
            Err(poisoned) => *poisoned.into_inner() = config,
        }
        let exporter = self.clone();
        tokio::task::spawn_blocking(move || exporter.refresh(None));
    }

    pub fn config(&self) -> Arc<Config> {
        match self.shared.config.read() {
            Ok(config) => config.clone(),
            Err(poisoned) => poisoned.into_inner().clone(),
        }
    }

    pub fn overview(&self) -> Overview {
        self.shared.overview.borrow().clone()
    }

    /// Whether the engine's task is gone (it ended or panicked).
    pub fn engine_stopped(&self) -> bool {
        self.shared.overview.has_changed().is_err()
    }

    pub fn since_last_check(&self) -> Duration {
        lock(&self.shared.last_check).elapsed()
    }

    pub fn render(&self, format: crate::views::metrics::MetricsFormat) -> String {
        let overview = self.shared.overview.borrow();
        lock(&self.shared.metrics).render(&overview.services, overview.connectivity, format)
    }

    /// Run `read` on the store connection, off the async threads.
    pub async fn read<T: Send + 'static>(
        &self,
        read: impl FnOnce(&Store, &Config) -> T + Send + 'static,
    ) -> Option<T> {
        let exporter = self.clone();
        tokio::task::spawn_blocking(move || {
            let config = exporter.config();
            let store = lock(&exporter.shared.store);
            read(&store, &config)
        })
        .await
        .ok()
    }

    pub fn now(&self) -> DateTime<Utc> {
        self.shared.clock.now()
    }

    pub fn connectivity(&self) -> Connectivity {
        self.shared.overview.borrow().connectivity
    }

    /// Count the engine's events, in batches; read the stored pages and
    /// incidents of the services they concern.
    async fn follow(self, mut events: broadcast::Receiver<Event>) {
        {
            let exporter = self.clone();
            let _ = tokio::task::spawn_blocking(move || exporter.refresh(None)).await;
        }
        loop {
            let first = match events.recv().await {
                Ok(event) => event,
                Err(RecvError::Lagged(skipped)) => {
                    tracing::warn!("metrics missed {skipped} engine events (too many at once)");
                    continue;
                }
                Err(RecvError::Closed) => return,
            };
            let mut pages = BTreeSet::new();
            let mut incidents = BTreeSet::new();
            let mut next = Some(first);
            while let Some(event) = next.take() {
                self.count(&event, &mut pages, &mut incidents);
                next = match events.try_recv() {
                    Ok(event) => Some(event),
                    Err(TryRecvError::Lagged(skipped)) => {
                        tracing::warn!("metrics missed {skipped} engine events (too many at once)");
                        events.try_recv().ok()
                    }
                    Err(TryRecvError::Empty | TryRecvError::Closed) => None,
                };
            }
            if pages.is_empty() && incidents.is_empty() {
                continue;
            }
            let exporter = self.clone();
            let _ = tokio::task::spawn_blocking(move || {
                exporter.refresh(Some(&pages));
                exporter.leads(&incidents, true);
            })
            .await;
        }
    }

    fn count(&self, event: &Event, pages: &mut BTreeSet<String>, incidents: &mut BTreeSet<String>) {
        let mut metrics = lock(&self.shared.metrics);
        metrics.apply(event);
        match event {
            Event::Observation { service, .. } => {
                *lock(&self.shared.last_check) = Instant::now();
                if metrics.has_page(service) {
                    pages.insert(service.clone());
                    // A vendor's post can give an incident its lead.
                    incidents.insert(service.clone());
                }
            }
            Event::State { service, .. } => {
                incidents.insert(service.clone());
            }
            _ => {}
        }
    }

    /// Read the stored pages of `services` (all when `None`) into the
    /// metrics; on the first pass, note the incidents already known so that
    /// only leads learnt from now on are counted.
    fn refresh(&self, services: Option<&BTreeSet<String>>) {
        let config = self.config();
        let ids: Vec<String> = match services {
            Some(services) => services.iter().cloned().collect(),
            None => config.services.iter().map(|s| s.id.clone()).collect(),
        };
        for id in &ids {
            let snapshot = lock(&self.shared.store).snapshot(id);
            match snapshot {
                Ok(Some(snapshot)) => lock(&self.shared.metrics).set_snapshot(id, &snapshot),
                Ok(None) => {}
                Err(error) => tracing::warn!("metrics cannot read the page of {id}: {error}"),
            }
        }
        if services.is_none() {
            self.leads(&ids.into_iter().collect(), false);
        }
    }

    /// Count each incident of `services` whose detection lead is known and
    /// was not counted yet (with `observe` false: only remember them).
    fn leads(&self, services: &BTreeSet<String>, observe: bool) {
        let config = self.config();
        let now: DateTime<Utc> = self.shared.clock.now();
        for spec in config.services.iter().filter(|s| services.contains(&s.id)) {
            let timelines = lock(&self.shared.store).timelines(
                &spec.id,
                &spec.components,
                now - LEAD_WINDOW,
                now,
                // Only the leads are read: no sentence is shown.
                crate::model::i18n::Language::En,
                chrono::Utc.fix(),
            );
            let timelines = match timelines {
                Ok(timelines) => timelines,
                Err(error) => {
                    tracing::warn!("metrics cannot read the incidents of {}: {error}", spec.id);
                    continue;
                }
            };
            for timeline in timelines {
                let (Some(observed), Some(lead)) = (&timeline.observed, timeline.detection_lead_ms)
                else {
                    continue;
                };
                if lock(&self.shared.counted).insert(observed.id) && observe {
                    lock(&self.shared.metrics).observe_lead(lead as f64 / 1000.0);
                }
            }
        }
    }
}

fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}
