//! Observations in, service state and its one-sentence reason out. Pure: the
//! engine feeds it (only while the user's connection is online), tests drive
//! it directly.
//!
//! A service has sources of two natures. Its vendor's status page is a
//! human's verdict and is believed at once (filtered to the watched
//! components); only failing to *read* it needs confirmation, and then the
//! service is merely not observed. A probe of an endpoint is a machine's
//! guess: it takes `confirm` consecutive failures to call the service down
//! and two consecutive successes to call it up again.

pub mod freshness;
mod reason;

use crate::config::{ServiceSpec, SourceKind};
use crate::model::StateChange;
use crate::model::{Cause, Failure, Observation, Outcome, ServiceState, Snapshot, Status};
use chrono::{DateTime, Utc};

/// Consecutive successes a failed probe needs to count as up again.
pub const RECOVER_AFTER: u32 = 2;

/// A change of a service's status, with the state before and after.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Transition {
    pub change: StateChange,
    pub previous: Option<ServiceState>,
    pub state: ServiceState,
}

/// What one observation did to a service.
#[derive(Debug, Clone, PartialEq, Eq)]
// A transition carries three reasons with their facts; it is returned once
// per check and moved on at once, never kept in bulk: not worth a box.
#[allow(clippy::large_enum_variant)]
pub enum Verdict {
    /// The status changed.
    Changed(Transition),
    /// Same status; the state's last check (and maybe its reason) moved on.
    Unchanged(ServiceState),
    /// A failure not yet confirmed: nothing to say yet.
    Pending,
}

/// What one source says now.
#[derive(Debug, Clone, PartialEq, Eq)]
enum View {
    NotYet,
    /// The status page, read and filtered; its newest open incident's title.
    Vendor {
        status: Status,
        headline: Option<String>,
        maintenance: Option<String>,
    },
    /// The status page could not be read `confirm` times in a row.
    Unreadable {
        failures: u32,
        failure: Failure,
    },
    /// The endpoint answers (slowly, when degraded).
    Answering {
        status: Status,
        latency_ms: Option<u64>,
    },
    /// The endpoint failed `confirm` checks in a row.
    Failing {
        since: DateTime<Utc>,
        failures: u32,
        failure: Failure,
    },
}

#[derive(Debug, Clone)]
struct SourceTrack {
    probe: bool,
    /// Whether the page lists every component (see `Snapshot::status_through`).
    every_listed: bool,
    /// An `auto` source: a probe or a status page, as its answers show.
    auto: bool,
    /// Host (probes) or URL, for sentences.
    label: String,
    view: View,
    failures: u32,
    successes: u32,
    first_failure: Option<DateTime<Utc>>,
    last_failure: Option<Failure>,
}

/// The verdict on one service, updated one observation at a time.
#[derive(Debug, Clone)]
pub struct Tracker {
    id: String,
    name: String,
    components: Vec<String>,
    confirm: u32,
    sources: Vec<SourceTrack>,
    state: Option<ServiceState>,
    last_check: Option<DateTime<Utc>>,
}

impl Tracker {
    /// `previous` is the state stored by an earlier run, so a restart neither
    /// forgets an outage nor announces it again.
    pub fn new(spec: &ServiceSpec, previous: Option<ServiceState>) -> Tracker {
        let state = previous.map(|state| ServiceState {
            name: spec.name.clone(),
            ..state
        });
        let sources = spec
            .sources
            .iter()
            .map(|source| {
                let probe = !source.kind.is_status_page();
                SourceTrack {
                    probe,
                    every_listed: source.kind.lists_every_component(),
                    auto: source.kind == SourceKind::Auto,
                    label: if probe {
                        reason::host(&source.url)
                    } else {
                        source.url.clone()
                    },
                    view: View::NotYet,
                    failures: 0,
                    successes: 0,
                    first_failure: None,
                    last_failure: None,
                }
            })
            .collect();
        Tracker {
            id: spec.id.clone(),
            name: spec.name.clone(),
            components: spec.components.clone(),
            confirm: spec.confirm.max(1),
            last_check: state.as_ref().and_then(|s| s.last_check),
            state,
            sources,
        }
    }

    pub fn state(&self) -> Option<&ServiceState> {
        self.state.as_ref()
    }

    /// Whether a probe has failed without confirmation yet: the engine
    /// re-checks such a service sooner.
    pub fn unconfirmed_failures(&self) -> u32 {
        self.sources
            .iter()
            .filter(|s| !matches!(s.view, View::Failing { .. } | View::Unreadable { .. }))
            .map(|s| s.failures)
            .max()
            .unwrap_or(0)
    }

    /// Whether a failed probe is on its way back up (seen working, but not yet
    /// `RECOVER_AFTER` times): also worth a quick re-check.
    pub fn recovering(&self) -> bool {
        self.sources
            .iter()
            .any(|s| matches!(s.view, View::Failing { .. }) && s.successes > 0)
    }

    /// Forget half-counted failures and successes, e.g. after the machine
    /// slept or the connection dropped: they were not about the service.
    pub fn reset_counts(&mut self) {
        for source in &mut self.sources {
            source.failures = 0;
            source.successes = 0;
            if !matches!(source.view, View::Failing { .. }) {
                source.first_failure = None;
            }
        }
    }

    /// What to show now: the settled state, or, before the first verdict, a
    /// placeholder that says whether a check has been tried yet.
    pub fn current(&self, now: DateTime<Utc>) -> ServiceState {
        if let Some(state) = &self.state {
            return ServiceState {
                last_check: self.last_check.or(state.last_check),
                ..state.clone()
            };
        }
        let failure = self
            .sources
            .iter()
            .find(|s| s.failures > 0)
            .and_then(|s| s.last_failure.as_ref());
        let reason = reason::not_yet_checked(&self.name, failure);
        ServiceState {
            service: self.id.clone(),
            name: self.name.clone(),
            status: Status::Unknown,
            since: now,
            cause: Cause::Vendor,
            reason,
            outage_since: None,
            last_check: self.last_check,
        }
    }

    /// Feed one observation of source number `source` (its index in the
    /// service's sources), with the snapshot parsed from it when the source
    /// is a status page that was read.
    pub fn observe(
        &mut self,
        source: usize,
        observation: &Observation,
        snapshot: Option<&Snapshot>,
    ) -> Verdict {
        let at = observation.at;
        self.last_check = Some(at);
        let confirm = self.confirm;
        let components = self.components.clone();
        let Some(track) = self.sources.get_mut(source) else {
            return Verdict::Pending;
        };
        let before = track.view.clone();
        if track.auto && observation.outcome == Outcome::Ok {
            track.probe = snapshot.is_none();
        }
        match (observation.outcome, snapshot, track.probe) {
            (Outcome::Ok, Some(snapshot), false) => {
                track.failures = 0;
                track.first_failure = None;
                track.view = View::Vendor {
                    status: snapshot.status_through(&components, track.every_listed),
                    headline: snapshot.open_incidents().next().map(|i| i.title.clone()),
                    maintenance: reason::maintenance_title(snapshot),
                };
            }
            (Outcome::Ok, _, true) => {
                track.successes += 1;
                track.failures = 0;
                let answering = View::Answering {
                    status: observation.status,
                    latency_ms: observation.latency_ms,
                };
                let back_up =
                    !matches!(track.view, View::Failing { .. }) || track.successes >= RECOVER_AFTER;
                if back_up {
                    track.first_failure = None;
                    track.view = answering;
                }
            }
            _ => {
                track.failures += 1;
                track.successes = 0;
                track.first_failure.get_or_insert(at);
                let failure = reason::failure(observation);
                track.last_failure = Some(failure.clone());
                if track.failures >= confirm {
                    track.view = if track.probe {
                        View::Failing {
                            since: track.first_failure.unwrap_or(at),
                            failures: track.failures,
                            failure,
                        }
                    } else {
                        View::Unreadable {
                            failures: track.failures,
                            failure,
                        }
                    };
                }
            }
        }
        let changed_view = track.view != before;
        if !changed_view && matches!(track.view, View::NotYet) {
            return Verdict::Pending;
        }
        if !changed_view
            && observation.outcome == Outcome::Failed
            && !matches!(track.view, View::Failing { .. } | View::Unreadable { .. })
        {
            // A failure on its way to confirmation: the state stands.
            if let Some(state) = &mut self.state {
                state.last_check = Some(at);
            }
            return Verdict::Pending;
        }
        self.settle(at)
    }

    /// Combine every source into the service's status, cause and sentence.
    fn settle(&mut self, at: DateTime<Utc>) -> Verdict {
        let (status, cause) = self.combine();
        let reason = reason::reason(&self.name, status, &self.sources);
        match &mut self.state {
            Some(state) if state.status == status => {
                state.reason = reason;
                state.cause = cause;
                state.last_check = Some(at);
                Verdict::Unchanged(state.clone())
            }
            _ => {
                let previous = self.state.clone();
                // An outage lasts until the service is seen working again:
                // losing sight of it (unknown) does not end it.
                let outage_since = if status.is_outage() || status == Status::Unknown {
                    previous
                        .as_ref()
                        .and_then(|p| p.outage_since)
                        .or_else(|| status.is_outage().then(|| self.outage_start(at)))
                } else {
                    None
                };
                let state = ServiceState {
                    service: self.id.clone(),
                    name: self.name.clone(),
                    status,
                    since: at,
                    cause,
                    reason: reason.clone(),
                    outage_since,
                    last_check: Some(at),
                };
                self.state = Some(state.clone());
                Verdict::Changed(Transition {
                    change: StateChange {
                        service: self.id.clone(),
                        at,
                        from: previous.as_ref().map(|p| p.status),
                        to: status,
                        cause,
                        reason,
                    },
                    previous,
                    state,
                })
            }
        }
    }

    /// When a probe-declared outage began: its first failed check.
    fn outage_start(&self, at: DateTime<Utc>) -> DateTime<Utc> {
        self.sources
            .iter()
            .filter_map(|s| match s.view {
                View::Failing { since, .. } => Some(since),
                _ => None,
            })
            .min()
            .unwrap_or(at)
    }

    fn combine(&self) -> (Status, Cause) {
        let vendor = self
            .sources
            .iter()
            .filter_map(|s| match &s.view {
                View::Vendor { status, .. } => Some(*status),
                _ => None,
            })
            .reduce(Status::worst);
        let probes: Vec<&SourceTrack> = self.sources.iter().filter(|s| s.probe).collect();
        let failing = probes
            .iter()
            .filter(|s| matches!(s.view, View::Failing { .. }))
            .count();
        let answering = probes
            .iter()
            .filter_map(|s| match s.view {
                View::Answering { status, .. } => Some(status),
                _ => None,
            })
            .reduce(Status::worst);
        let probe = match (failing, answering) {
            (0, answering) => answering,
            (_, None) => Some(Status::MajorOutage),
            // Some of its endpoints fail, others answer.
            (_, Some(_)) => Some(Status::PartialOutage),
        };
        match (vendor, probe) {
            (None, None) => (Status::Unknown, Cause::Vendor),
            (Some(vendor), None) => (vendor, Cause::Vendor),
            (None, Some(probe)) => (probe, Cause::Probe),
            (Some(vendor), Some(probe)) => {
                let status = Status::worst(vendor, probe);
                let cause = match (vendor == Status::Operational, probe == Status::Operational) {
                    (true, false) => Cause::Probe,
                    (false, true) => Cause::Vendor,
                    _ if vendor == probe => Cause::Both,
                    _ if status == vendor => Cause::Vendor,
                    _ => Cause::Probe,
                };
                (status, cause)
            }
        }
    }
}

#[cfg(test)]
mod tests;
