//! The facts that explain a verdict, from what each source says; the
//! sentence is written when shown (`model::i18n`).

use super::{SourceTrack, View};
use crate::model::{Failure, Observation, Reason, Snapshot, Status, VendorSays};

pub(super) use crate::model::text::host;

/// What went wrong with one check.
pub(super) fn failure(observation: &Observation) -> Failure {
    Failure {
        kind: observation.error.as_ref().map(|e| e.kind),
        http_status: observation.http_status,
        detail: observation
            .error
            .as_ref()
            .map(|e| e.message.clone())
            .unwrap_or_default(),
    }
}

pub(super) fn not_yet_checked(name: &str, failure: Option<&Failure>) -> Reason {
    Reason::NotChecked {
        name: name.to_owned(),
        failure: failure.cloned(),
    }
}

/// The title of a maintenance in progress.
pub(super) fn maintenance_title(snapshot: &Snapshot) -> Option<String> {
    snapshot
        .maintenances
        .iter()
        .find(|m| m.status == "in_progress" || m.status == "verifying")
        .map(|m| m.title.clone())
}

pub(super) fn reason(name: &str, status: Status, sources: &[SourceTrack]) -> Reason {
    let name = name.to_owned();
    let vendor = sources.iter().find_map(|s| match &s.view {
        View::Vendor {
            status,
            headline,
            maintenance,
        } => Some((*status, headline.as_deref(), maintenance.as_deref())),
        _ => None,
    });
    let has_vendor = sources.iter().any(|s| !s.probe);
    let answering: Vec<&SourceTrack> = sources
        .iter()
        .filter(|s| matches!(s.view, View::Answering { .. }))
        .collect();

    // Our own checks fail: say which, since when, and what the vendor says.
    if let Some((track, since, failures, failure)) = sources.iter().find_map(|s| match &s.view {
        View::Failing {
            since,
            failures,
            failure,
        } => Some((s, *since, *failures, failure)),
        _ => None,
    }) {
        let vendor = match vendor {
            Some((Status::Operational, _, _)) => VendorSays::NoIncident,
            Some((_, Some(headline), _)) => VendorSays::Headline(headline.to_owned()),
            Some((status, None, _)) => VendorSays::Reports(status),
            None if has_vendor => VendorSays::Unreadable,
            None => VendorSays::NoPage,
        };
        return Reason::Failing {
            name,
            partly: !answering.is_empty(),
            host: track.label.clone(),
            failures,
            since,
            failure: failure.clone(),
            vendor,
        };
    }

    if let Some((vendor_status, headline, maintenance)) = vendor {
        if vendor_status == status && status != Status::Operational {
            let title = if status == Status::Maintenance {
                maintenance
            } else {
                headline
            };
            return Reason::VendorReports {
                name,
                status,
                title: title.map(str::to_owned),
            };
        }
    }

    if status == Status::Degraded {
        let slow = answering.iter().find_map(|s| match s.view {
            View::Answering {
                status: Status::Degraded,
                latency_ms,
            } => Some((s.label.clone(), latency_ms)),
            _ => None,
        });
        if let Some((host, latency_ms)) = slow {
            return Reason::Slow {
                name,
                host,
                latency_ms,
            };
        }
    }

    if status == Status::Operational {
        return Reason::Up {
            name,
            status_page: vendor.is_some(),
            answering: answering.iter().map(|s| s.label.clone()).collect(),
        };
    }

    // Nothing readable: say why.
    if let Some((failures, failure)) = sources.iter().find_map(|s| match &s.view {
        View::Unreadable { failures, failure } => Some((*failures, failure.clone())),
        _ => None,
    }) {
        return Reason::Unreadable {
            name,
            failures,
            failure,
        };
    }
    Reason::Unclear { name }
}
