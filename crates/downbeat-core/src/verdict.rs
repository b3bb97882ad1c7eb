//! Observations in, service state and its one-sentence reason out. Pure: the
//! engine feeds it, tests drive it directly.

use crate::config::ServiceSpec;
use crate::model::{Cause, Observation, Outcome, ServiceState, Snapshot, Status};
use crate::store::StateChange;
use chrono::{DateTime, Utc};

/// A change of a service's status, with the state before and after.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Transition {
    pub change: StateChange,
    pub previous: Option<ServiceState>,
    pub state: ServiceState,
}

/// The verdict on one service, updated one observation at a time.
#[derive(Debug, Clone)]
pub struct Tracker {
    id: String,
    name: String,
    components: Vec<String>,
    confirm: u32,
    state: Option<ServiceState>,
    consecutive_failures: u32,
    /// When the last unconfirmed failure happened and what it was, so the
    /// picture can say "checked, failed, trying again" before any verdict.
    unconfirmed: Option<(DateTime<Utc>, String)>,
}

/// What one observation did to a service.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    /// The status changed.
    Changed(Transition),
    /// Same status; the state's last check (and maybe its reason) moved on.
    Unchanged(ServiceState),
    /// A failure not yet confirmed: nothing to say.
    Pending,
}

impl Tracker {
    /// `previous` is the state stored by an earlier run, so a restart neither
    /// forgets an outage nor announces it again.
    pub fn new(spec: &ServiceSpec, previous: Option<ServiceState>) -> Tracker {
        let state = previous.map(|state| ServiceState {
            name: spec.name.clone(),
            ..state
        });
        Tracker {
            id: spec.id.clone(),
            name: spec.name.clone(),
            components: spec.components.clone(),
            confirm: spec.confirm,
            state,
            consecutive_failures: 0,
            unconfirmed: None,
        }
    }

    pub fn state(&self) -> Option<&ServiceState> {
        self.state.as_ref()
    }

    /// What to show now: the settled state, or, before the first verdict, a
    /// placeholder that says whether a check has been tried yet.
    pub fn current(&self, now: DateTime<Utc>) -> ServiceState {
        if let Some(state) = &self.state {
            return state.clone();
        }
        let (last_check, reason) = match &self.unconfirmed {
            Some((at, detail)) => (
                Some(*at),
                format!(
                    "{} could not be checked yet ({detail}); trying again.",
                    self.name
                ),
            ),
            None => (None, format!("{} has not been checked yet.", self.name)),
        };
        ServiceState {
            service: self.id.clone(),
            name: self.name.clone(),
            status: Status::Unknown,
            since: now,
            cause: Cause::Vendor,
            reason,
            outage_since: None,
            last_check,
        }
    }

    /// Feed one observation of the service's status page, with the snapshot
    /// parsed from it when the check succeeded.
    pub fn observe(&mut self, observation: &Observation, snapshot: Option<&Snapshot>) -> Verdict {
        let (status, reason) = match (observation.outcome, snapshot) {
            (Outcome::Ok, Some(snapshot)) => {
                self.consecutive_failures = 0;
                self.unconfirmed = None;
                let status = snapshot.status_for(&self.components);
                (status, vendor_reason(&self.name, status, snapshot))
            }
            _ => {
                self.consecutive_failures += 1;
                if self.consecutive_failures < self.confirm {
                    // Not a verdict yet, but the check did happen.
                    if let Some(state) = &mut self.state {
                        state.last_check = Some(observation.at);
                    }
                    self.unconfirmed = Some((observation.at, failure_detail(observation)));
                    return Verdict::Pending;
                }
                (Status::Unknown, self.unreachable_reason(observation))
            }
        };
        self.settle(status, reason, observation)
    }

    fn settle(&mut self, status: Status, reason: String, observation: &Observation) -> Verdict {
        let at = observation.at;
        match &mut self.state {
            Some(state) if state.status == status => {
                state.reason = reason;
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
                        .or_else(|| status.is_outage().then_some(at))
                } else {
                    None
                };
                let state = ServiceState {
                    service: self.id.clone(),
                    name: self.name.clone(),
                    status,
                    since: at,
                    cause: Cause::Vendor,
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
                        cause: Cause::Vendor,
                        reason,
                    },
                    previous,
                    state,
                })
            }
        }
    }

    fn unreachable_reason(&self, observation: &Observation) -> String {
        format!(
            "{} is not observed: its status page failed {} checks in a row ({}).",
            self.name,
            self.consecutive_failures,
            failure_detail(observation)
        )
    }
}

/// "connection refused (HTTP 503)": what went wrong with one check.
fn failure_detail(observation: &Observation) -> String {
    match (&observation.error, observation.http_status) {
        (Some(error), Some(code)) if !error.message.contains(&code.to_string()) => {
            format!("{} (HTTP {code})", error.message)
        }
        (Some(error), _) => error.message.clone(),
        (None, Some(code)) => format!("HTTP {code}"),
        (None, None) => "no answer".into(),
    }
}

/// "GitHub is down: its status page reports a major outage (“Git operations failing”)."
fn vendor_reason(name: &str, status: Status, snapshot: &Snapshot) -> String {
    let headline = snapshot
        .open_incidents()
        .next()
        .map(|incident| format!(" (“{}”)", incident.title))
        .unwrap_or_default();
    match status {
        Status::Operational => format!("{name} is up: its status page reports no problem."),
        Status::Maintenance => {
            let what = snapshot
                .maintenances
                .iter()
                .find(|m| m.status == "in_progress" || m.status == "verifying")
                .map(|m| format!(" (“{}”)", m.title))
                .unwrap_or_default();
            format!("{name} is under maintenance{what}, according to its status page.")
        }
        Status::Degraded => {
            format!("{name} is degraded: its status page reports degraded performance{headline}.")
        }
        Status::PartialOutage => {
            format!("{name} is partly down: its status page reports a partial outage{headline}.")
        }
        Status::MajorOutage => {
            format!("{name} is down: its status page reports a major outage{headline}.")
        }
        Status::Unknown => format!("{name}'s status page does not say how it is."),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::{SourceKind, SourceSpec};
    use crate::model::{CheckError, ErrorKind, VendorIncident};
    use chrono::{DateTime, Duration, TimeZone, Utc};
    use std::time::Duration as StdDuration;

    fn spec() -> ServiceSpec {
        ServiceSpec {
            id: "acme".into(),
            name: "Acme".into(),
            interval: StdDuration::from_secs(60),
            confirm: 3,
            components: vec![],
            muted: false,
            sources: vec![SourceSpec {
                kind: SourceKind::Statuspage,
                url: "http://x/api/v2/summary.json".into(),
            }],
        }
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
        let first = tracker.observe(&ok(0), Some(&page(Status::Operational, None)));
        assert!(
            matches!(first, Verdict::Changed(ref t) if t.change.from.is_none() && t.state.status == Status::Operational)
        );
        assert!(matches!(
            tracker.observe(&ok(1), Some(&page(Status::Operational, None))),
            Verdict::Unchanged(_)
        ));

        let Verdict::Changed(down) =
            tracker.observe(&ok(2), Some(&page(Status::MajorOutage, Some("API errors"))))
        else {
            panic!("expected a change");
        };
        assert_eq!(down.state.outage_since, Some(at(2)));
        assert_eq!(
            down.state.reason,
            "Acme is down: its status page reports a major outage (“API errors”)."
        );

        // A partial outage inside the same outage keeps its start.
        let Verdict::Changed(partial) =
            tracker.observe(&ok(5), Some(&page(Status::PartialOutage, None)))
        else {
            panic!("expected a change");
        };
        assert_eq!(partial.state.outage_since, Some(at(2)));

        let Verdict::Changed(up) = tracker.observe(&ok(9), Some(&page(Status::Operational, None)))
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
        tracker.observe(&ok(0), Some(&page(Status::MajorOutage, None)));
        assert_eq!(tracker.observe(&failed(1), None), Verdict::Pending);
        assert_eq!(tracker.observe(&failed(2), None), Verdict::Pending);
        let Verdict::Changed(unknown) = tracker.observe(&failed(3), None) else {
            panic!("expected a change");
        };
        assert_eq!(unknown.state.status, Status::Unknown);
        assert_eq!(unknown.state.outage_since, Some(at(0)));
        assert!(
            unknown
                .state
                .reason
                .contains("failed 3 checks in a row (HTTP 503 Service Unavailable)"),
            "{}",
            unknown.state.reason
        );
        // One success resets the count.
        tracker.observe(&ok(4), Some(&page(Status::MajorOutage, None)));
        assert_eq!(tracker.observe(&failed(5), None), Verdict::Pending);
    }

    #[test]
    fn an_unconfirmed_failure_still_counts_as_a_check() {
        let mut tracker = Tracker::new(&spec(), None);
        assert_eq!(tracker.current(at(0)).last_check, None);
        assert!(tracker
            .current(at(0))
            .reason
            .contains("not been checked yet"));

        assert_eq!(tracker.observe(&failed(1), None), Verdict::Pending);
        let shown = tracker.current(at(1));
        assert_eq!(
            (shown.status, shown.last_check),
            (Status::Unknown, Some(at(1)))
        );
        assert!(
            shown.reason.contains("could not be checked yet (HTTP 503"),
            "{}",
            shown.reason
        );

        tracker.observe(&ok(2), Some(&page(Status::Operational, None)));
        assert_eq!(tracker.observe(&failed(3), None), Verdict::Pending);
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
        tracker.observe(&ok(0), Some(&snapshot));
        assert_eq!(tracker.state().map(|s| s.status), Some(Status::Operational));
    }
}
