//! The `/metrics` read model: counters and histograms fed from the engine's
//! events, current statuses from its overview, vendor components and open
//! incidents from the stored snapshots; rendered in the Prometheus text
//! format or OpenMetrics.
//!
//! Cardinality is bounded by the config: labels are service ids and names,
//! the fixed status, kind and error-kind vocabularies, and the watched
//! components of services that have a component filter (at most
//! [`MAX_COMPONENTS`] each). No incident id, title or other free text
//! becomes a label.

pub mod exposition;

use crate::config::Config;
use crate::model::{Connectivity, ErrorKind, Event, Outcome, ServiceState, Snapshot, Status};
use crate::sources::plan::SourceKind;
use chrono::{DateTime, Utc};
use exposition::{escape_label, Format, Histogram, Type, Writer};
use std::collections::{BTreeMap, HashMap};

pub use exposition::Format as MetricsFormat;

/// Components per service exported at most (a filter on a big group).
pub const MAX_COMPONENTS: usize = 50;
/// Characters of a label value kept at most.
const MAX_LABEL: usize = 128;

/// Check latency buckets, in seconds: a status page answers in tens of
/// milliseconds on a good day; the fetch timeout is tens of seconds.
static DURATION_BUCKETS: [f64; 11] = [0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 20.0, 30.0];
/// Detection lead buckets, in seconds: negative when the vendor said so
/// first, positive when Downbeat knew first.
static LEAD_BUCKETS: [f64; 13] = [
    -3600.0, -1800.0, -900.0, -300.0, -60.0, 0.0, 60.0, 300.0, 900.0, 1800.0, 3600.0, 7200.0,
    14400.0,
];

const CONNECTIVITY: [Connectivity; 5] = [
    Connectivity::Online,
    Connectivity::Offline,
    Connectivity::CaptivePortal,
    Connectivity::DnsBroken,
    Connectivity::Asleep,
];

#[derive(Debug, Clone, Default)]
struct Row {
    id: String,
    /// Escaped label values, computed once.
    service: String,
    name: String,
    /// Source URL → kind, to label each observation's latency.
    kinds: Vec<(String, &'static str)>,
    watched: Vec<String>,
    /// Watched components as the vendor last said: escaped name, status.
    components: Vec<(String, Status)>,
    /// Unresolved vendor incidents; `None` for a service with no status page.
    open_incidents: Option<usize>,
    has_page: bool,
    checks: u64,
    failures: BTreeMap<&'static str, u64>,
    last_check: Option<DateTime<Utc>>,
}

/// Everything `/metrics` says that the overview does not.
#[derive(Debug, Clone)]
pub struct Metrics {
    rows: Vec<Row>,
    index: HashMap<String, usize>,
    durations: BTreeMap<&'static str, Histogram>,
    lead: Histogram,
    version: String,
}

impl Metrics {
    pub fn new(config: &Config, version: &str) -> Metrics {
        let mut metrics = Metrics {
            rows: Vec::new(),
            index: HashMap::new(),
            durations: BTreeMap::new(),
            lead: Histogram::new(&LEAD_BUCKETS),
            version: escape_label(version, MAX_LABEL),
        };
        metrics.reload(config);
        metrics
    }

    /// Take a new config; counters of the services it keeps carry over.
    pub fn reload(&mut self, config: &Config) {
        let mut old: HashMap<String, Row> = std::mem::take(&mut self.rows)
            .into_iter()
            .map(|row| (row.id.clone(), row))
            .collect();
        self.index.clear();
        for (i, spec) in config.services.iter().enumerate() {
            let kept = old.remove(&spec.id).unwrap_or_default();
            let has_page = spec.sources.iter().any(|s| s.kind.is_status_page());
            self.rows.push(Row {
                name: escape_label(&spec.name, MAX_LABEL),
                kinds: spec
                    .sources
                    .iter()
                    .map(|s| (s.url.clone(), s.kind.as_str()))
                    .collect(),
                watched: spec.components.clone(),
                components: if spec.components.is_empty() {
                    Vec::new()
                } else {
                    kept.components
                },
                open_incidents: if has_page { kept.open_incidents } else { None },
                has_page,
                id: spec.id.clone(),
                service: escape_label(&spec.id, MAX_LABEL),
                ..kept
            });
            self.index.insert(spec.id.clone(), i);
        }
    }

    /// Count an event: observations feed the latency histograms, the check
    /// and failure counters and the last-check time.
    pub fn apply(&mut self, event: &Event) {
        let Event::Observation {
            at,
            service,
            source,
            outcome,
            latency_ms,
            error_kind,
            ..
        } = event
        else {
            return;
        };
        let Some(row) = self.index.get(service).and_then(|&i| self.rows.get_mut(i)) else {
            return;
        };
        row.checks += 1;
        row.last_check = Some(row.last_check.map_or(*at, |last| last.max(*at)));
        if *outcome == Outcome::Failed {
            let kind = error_kind.unwrap_or(ErrorKind::Other).as_str();
            *row.failures.entry(kind).or_default() += 1;
        }
        let kind = row
            .kinds
            .iter()
            .find(|(url, _)| url == source)
            .map_or(SourceKind::Auto.as_str(), |(_, kind)| *kind);
        if let Some(latency) = latency_ms {
            self.durations
                .entry(kind)
                .or_insert_with(|| Histogram::new(&DURATION_BUCKETS))
                .observe(*latency as f64 / 1000.0);
        }
    }

    /// What the vendor's page says now: watched components, open incidents.
    pub fn set_snapshot(&mut self, service: &str, snapshot: &Snapshot) {
        let Some(row) = self.index.get(service).and_then(|&i| self.rows.get_mut(i)) else {
            return;
        };
        row.open_incidents = Some(snapshot.open_incidents().count());
        if row.watched.is_empty() {
            return;
        }
        row.components = snapshot
            .components
            .iter()
            .filter(|c| {
                row.watched.iter().any(|w| {
                    w.eq_ignore_ascii_case(&c.name)
                        || c.group
                            .as_deref()
                            .is_some_and(|g| w.eq_ignore_ascii_case(g))
                })
            })
            .take(MAX_COMPONENTS)
            .map(|c| (escape_label(&c.name, MAX_LABEL), c.status))
            .collect();
    }

    /// One incident's detection lead became known.
    pub fn observe_lead(&mut self, lead_seconds: f64) {
        self.lead.observe(lead_seconds);
    }

    /// Whether `service` is configured with a status page.
    pub fn has_page(&self, service: &str) -> bool {
        self.index
            .get(service)
            .and_then(|&i| self.rows.get(i))
            .is_some_and(|row| row.has_page)
    }

    /// The whole page. `states` and `connectivity` are the engine's overview.
    pub fn render(
        &self,
        states: &[ServiceState],
        connectivity: Connectivity,
        format: Format,
    ) -> String {
        let mut w = Writer::new(format, 256 + self.rows.len() * 900);
        let by_id: HashMap<&str, &ServiceState> =
            states.iter().map(|s| (s.service.as_str(), s)).collect();
        let rows: Vec<(&Row, Option<&ServiceState>)> = self
            .rows
            .iter()
            .map(|row| (row, by_id.get(row.id.as_str()).copied()))
            .collect();

        w.family(
            "downbeat_service_status",
            Type::Gauge,
            "The service's current status: 1 for the status it is in, 0 for the others.",
        );
        for (row, state) in &rows {
            let current = state.map_or(Status::Unknown, |s| s.status);
            for status in Status::ALL {
                let labels = [
                    ("service", row.service.as_str()),
                    ("name", row.name.as_str()),
                    ("status", status.as_str()),
                ];
                w.sample(
                    "downbeat_service_status",
                    &labels,
                    f64::from(u8::from(status == current)),
                );
            }
        }

        w.family(
            "downbeat_service_up",
            Type::Gauge,
            "1 when the service works (operational, degraded or maintenance), 0 in a partial or major outage; absent while unknown or not observed.",
        );
        // Not observed is not down: while this watcher is offline its last
        // known states are no verdict, so no `up` at all.
        let observed = connectivity.is_online();
        for (row, state) in rows.iter().filter(|_| observed) {
            let Some(status) = state.map(|s| s.status) else {
                continue;
            };
            let up = match status {
                Status::Unknown => continue,
                s if s.is_outage() => 0.0,
                _ => 1.0,
            };
            w.sample("downbeat_service_up", &[("service", &row.service)], up);
        }

        w.family(
            "downbeat_component_status",
            Type::Gauge,
            "A watched component's status on the vendor's page (services with a component filter): 1 for its status, 0 for the others.",
        );
        for (row, _) in &rows {
            for (component, current) in &row.components {
                for status in Status::ALL {
                    let labels = [
                        ("service", row.service.as_str()),
                        ("component", component.as_str()),
                        ("status", status.as_str()),
                    ];
                    w.sample(
                        "downbeat_component_status",
                        &labels,
                        f64::from(u8::from(status == *current)),
                    );
                }
            }
        }

        w.family(
            "downbeat_check_duration_seconds",
            Type::Histogram,
            "How long one check of one source took, by source kind.",
        );
        for (kind, histogram) in &self.durations {
            w.histogram(
                "downbeat_check_duration_seconds",
                &[("kind", kind)],
                histogram,
            );
        }

        w.family(
            "downbeat_checks_total",
            Type::Counter,
            "Checks of the service's sources since the process started.",
        );
        for (row, _) in &rows {
            w.sample(
                "downbeat_checks_total",
                &[("service", &row.service)],
                row.checks as f64,
            );
        }

        w.family(
            "downbeat_check_failures_total",
            Type::Counter,
            "Failed checks since the process started, by error kind.",
        );
        for (row, _) in &rows {
            for (kind, count) in &row.failures {
                let labels = [("service", row.service.as_str()), ("kind", kind)];
                w.sample("downbeat_check_failures_total", &labels, *count as f64);
            }
        }

        w.family(
            "downbeat_last_check_timestamp_seconds",
            Type::Gauge,
            "When the service was last checked, in seconds since the Unix epoch.",
        );
        for (row, state) in &rows {
            let last = row.last_check.max(state.and_then(|s| s.last_check));
            if let Some(last) = last {
                w.sample(
                    "downbeat_last_check_timestamp_seconds",
                    &[("service", &row.service)],
                    last.timestamp_millis() as f64 / 1000.0,
                );
            }
        }

        w.family(
            "downbeat_vendor_incidents_open",
            Type::Gauge,
            "Unresolved incidents on the vendor's status page (services with a status page, once it was read).",
        );
        for (row, _) in &rows {
            if let Some(open) = row.open_incidents {
                w.sample(
                    "downbeat_vendor_incidents_open",
                    &[("service", &row.service)],
                    open as f64,
                );
            }
        }

        w.family(
            "downbeat_connectivity",
            Type::Gauge,
            "This watcher's own connection (is it me?): 1 for its current state, 0 for the others.",
        );
        for state in CONNECTIVITY {
            w.sample(
                "downbeat_connectivity",
                &[("state", state.as_str())],
                f64::from(u8::from(state == connectivity)),
            );
        }

        w.family(
            "downbeat_detection_lead_seconds",
            Type::Histogram,
            "Per incident, how long before the vendor acknowledged it Downbeat knew (negative: the vendor was first).",
        );
        w.histogram("downbeat_detection_lead_seconds", &[], &self.lead);

        w.family(
            "downbeat_build_info",
            Type::Info,
            "Always 1; the version of Downbeat serving these metrics.",
        );
        w.sample("downbeat_build_info", &[("version", &self.version)], 1.0);
        w.finish()
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests;
