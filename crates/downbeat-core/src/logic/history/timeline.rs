//! Incidents as the user sees them: what we observed (first failing check,
//! confirmation, each change, recovery) merged with what the vendor posted,
//! and the detection lead. Pure: the store supplies the rows.

use crate::model::i18n::Language;
use crate::model::{Cause, Reason, Status, VendorIncident};
use chrono::{DateTime, Duration, FixedOffset, Utc};
use serde::Serialize;

/// How far apart our span and the vendor's may be and still be one incident:
/// vendors often post a while after trouble starts, or resolve late.
pub const MATCH_SLACK: Duration = Duration::minutes(30);

/// A span of non-operational verdicts, as the store keeps it (`R`, the
/// reasons, are [`Reason`]s) and as it is shown (`String`s, rendered).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ObservedIncident<R = Reason> {
    pub id: i64,
    pub service: String,
    /// The first failing check of the run that led to it.
    pub first_failure_at: DateTime<Utc>,
    /// When Downbeat declared it (and told the user).
    pub confirmed_at: DateTime<Utc>,
    pub resolved_at: Option<DateTime<Utc>>,
    pub worst: Status,
    pub cause: Cause,
    /// The reason given when it was declared.
    pub reason: R,
    /// Every change of verdict from confirmation to recovery, oldest first.
    pub changes: Vec<(DateTime<Utc>, Status, R)>,
}

impl ObservedIncident {
    /// Its reasons in `language`, times in `offset`.
    pub fn render(self, language: Language, offset: FixedOffset) -> ObservedIncident<String> {
        ObservedIncident {
            id: self.id,
            service: self.service,
            first_failure_at: self.first_failure_at,
            confirmed_at: self.confirmed_at,
            resolved_at: self.resolved_at,
            worst: self.worst,
            cause: self.cause,
            reason: language.reason(&self.reason, offset),
            changes: self
                .changes
                .into_iter()
                .map(|(at, status, reason)| (at, status, language.reason(&reason, offset)))
                .collect(),
        }
    }
}

/// A vendor incident as stored: what the page said, and when we first saw it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VendorRecord {
    pub service: String,
    pub incident: VendorIncident,
    pub first_seen_at: DateTime<Utc>,
}

impl VendorRecord {
    /// When the vendor acknowledged it: its first update, else its start,
    /// else when we first saw it posted.
    pub fn acknowledged_at(&self) -> DateTime<Utc> {
        let first_update = self.incident.updates.iter().map(|u| u.at).min();
        [first_update, self.incident.started_at]
            .into_iter()
            .flatten()
            .min()
            .unwrap_or(self.first_seen_at)
    }

    fn span(&self, now: DateTime<Utc>) -> (DateTime<Utc>, DateTime<Utc>) {
        let start = self.acknowledged_at();
        let end = self.incident.ended_at().unwrap_or(now);
        (start, end.max(start))
    }

    /// Whether it concerns the components the user watches (an incident
    /// that names none concerns everything).
    fn concerns(&self, watched: &[String]) -> bool {
        watched.is_empty()
            || self.incident.components.is_empty()
            || self
                .incident
                .components
                .iter()
                .any(|c| watched.iter().any(|w| w.eq_ignore_ascii_case(c)))
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Entry {
    /// The first check that failed (or saw the vendor report trouble).
    FirstFailure { at: DateTime<Utc> },
    /// A change of verdict; the first one is the confirmation.
    Verdict {
        at: DateTime<Utc>,
        status: Status,
        reason: String,
    },
    /// The service is back.
    Recovered { at: DateTime<Utc> },
    /// One update the vendor posted (plain text).
    Vendor {
        at: DateTime<Utc>,
        incident: String,
        status: String,
        body: String,
    },
}

impl Entry {
    pub fn at(&self) -> DateTime<Utc> {
        match self {
            Entry::FirstFailure { at }
            | Entry::Verdict { at, .. }
            | Entry::Recovered { at }
            | Entry::Vendor { at, .. } => *at,
        }
    }
}

/// One incident with everything known about it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Timeline {
    pub service: String,
    /// The vendor's title, else our own reason.
    pub title: String,
    pub worst: Status,
    pub started_at: DateTime<Utc>,
    pub ended_at: Option<DateTime<Utc>>,
    pub duration_ms: i64,
    /// How long before the vendor acknowledged it we knew; negative when the
    /// vendor was first. `None` without both sides.
    pub detection_lead_ms: Option<i64>,
    pub observed: Option<ObservedIncident<String>>,
    /// The vendor's incidents, with their ids, titles and links.
    pub vendor: Vec<VendorIncident>,
    /// Oldest first.
    pub entries: Vec<Entry>,
}

/// Merge one service's observed incidents with its vendor's (maintenances
/// left out), newest first. Vendor incidents outside `watched` components
/// are dropped; those matching nothing we observed stand alone. Our reasons
/// are written in `language`, times in `offset`.
pub fn merge(
    observed: Vec<ObservedIncident>,
    vendor: Vec<VendorRecord>,
    watched: &[String],
    now: DateTime<Utc>,
    language: Language,
    offset: FixedOffset,
) -> Vec<Timeline> {
    let mut vendor: Vec<Option<VendorRecord>> = vendor
        .into_iter()
        .filter(|record| record.concerns(watched))
        .map(Some)
        .collect();
    let mut timelines = Vec::new();
    for incident in observed {
        let ours = (
            incident.first_failure_at - MATCH_SLACK,
            incident.resolved_at.unwrap_or(now) + MATCH_SLACK,
        );
        let matched: Vec<VendorRecord> = vendor
            .iter_mut()
            .filter(|slot| {
                slot.as_ref().is_some_and(|record| {
                    let (start, end) = record.span(now);
                    start < ours.1 && end > ours.0
                })
            })
            .filter_map(Option::take)
            .collect();
        timelines.push(build(Some(incident.render(language, offset)), matched, now));
    }
    timelines.extend(
        vendor
            .into_iter()
            .flatten()
            .map(|r| build(None, vec![r], now)),
    );
    timelines.sort_by_key(|t| std::cmp::Reverse(t.started_at));
    timelines
}

fn build(
    observed: Option<ObservedIncident<String>>,
    vendor: Vec<VendorRecord>,
    now: DateTime<Utc>,
) -> Timeline {
    let mut entries = Vec::new();
    if let Some(incident) = &observed {
        entries.push(Entry::FirstFailure {
            at: incident.first_failure_at,
        });
        entries.extend(
            incident
                .changes
                .iter()
                .map(|(at, status, reason)| Entry::Verdict {
                    at: *at,
                    status: *status,
                    reason: reason.clone(),
                }),
        );
        entries.extend(incident.resolved_at.map(|at| Entry::Recovered { at }));
    }
    for record in &vendor {
        entries.extend(record.incident.updates.iter().map(|update| Entry::Vendor {
            at: update.at,
            incident: record.incident.title.clone(),
            status: update.status.clone(),
            body: update.body.clone(),
        }));
    }
    // Ties: our own entries first (stable sort keeps insertion order).
    entries.sort_by_key(Entry::at);

    let acknowledged = vendor.iter().map(VendorRecord::acknowledged_at).min();
    let spans = vendor.iter().map(|record| record.span(now));
    let vendor_start = spans.clone().map(|s| s.0).min();
    let vendor_open = vendor.iter().any(|r| !r.incident.is_resolved());
    let vendor_end = spans.map(|s| s.1).max();
    let (started_at, ended_at) = match &observed {
        Some(incident) => (
            incident
                .first_failure_at
                .min(vendor_start.unwrap_or(incident.first_failure_at)),
            incident.resolved_at,
        ),
        None => (
            vendor_start.unwrap_or(now),
            if vendor_open { None } else { vendor_end },
        ),
    };
    let worst = vendor
        .iter()
        .map(|r| r.incident.impact)
        .chain(observed.as_ref().map(|o| o.worst))
        .fold(Status::Operational, Status::worst);
    let title = vendor
        .first()
        .map(|r| r.incident.title.clone())
        .or_else(|| observed.as_ref().map(|o| o.reason.clone()))
        .unwrap_or_default();
    Timeline {
        service: observed
            .as_ref()
            .map(|o| o.service.clone())
            .or_else(|| vendor.first().map(|r| r.service.clone()))
            .unwrap_or_default(),
        title,
        worst,
        started_at,
        ended_at,
        duration_ms: (ended_at.unwrap_or(now) - started_at)
            .num_milliseconds()
            .max(0),
        detection_lead_ms: observed
            .as_ref()
            .zip(acknowledged)
            .map(|(o, ack)| (ack - o.confirmed_at).num_milliseconds()),
        observed,
        vendor: vendor.into_iter().map(|r| r.incident).collect(),
        entries,
    }
}

#[cfg(test)]
#[allow(clippy::expect_used, clippy::unwrap_used)]
mod tests;
