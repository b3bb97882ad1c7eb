//! Plain data shared by every part of Downbeat: statuses, vendor snapshots,
//! observations, service states and the events the engine emits.

pub mod alerts;
pub mod clock;
pub mod i18n;
pub mod probe_note;
pub mod reason;
mod snapshot;
pub mod text;

pub use reason::{Failure, PortalSign, Reason, ReasonCode, VendorSays};
pub use snapshot::{Component, IncidentUpdate, Snapshot, VendorIncident};

use chrono::{DateTime, FixedOffset, Utc};
use i18n::Language;
use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// The normalized status vocabulary every provider maps onto.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Operational,
    Degraded,
    PartialOutage,
    MajorOutage,
    Maintenance,
    Unknown,
}

impl Status {
    pub const ALL: [Status; 6] = [
        Status::Operational,
        Status::Degraded,
        Status::PartialOutage,
        Status::MajorOutage,
        Status::Maintenance,
        Status::Unknown,
    ];

    /// Rank used to pick "the worst": outages outrank degradation, which
    /// outranks maintenance; `unknown` sits below real trouble so that one
    /// unreachable page never hides a known outage.
    pub fn severity(self) -> u8 {
        match self {
            Status::Operational => 0,
            Status::Maintenance => 1,
            Status::Unknown => 2,
            Status::Degraded => 3,
            Status::PartialOutage => 4,
            Status::MajorOutage => 5,
        }
    }

    /// The status whose [`severity`](Status::severity) is `code` (how the
    /// store keeps statuses compactly).
    pub fn from_severity(code: i64) -> Option<Status> {
        Status::ALL
            .into_iter()
            .find(|status| i64::from(status.severity()) == code)
    }

    /// True for the states a user is told about as an outage.
    pub fn is_outage(self) -> bool {
        matches!(self, Status::PartialOutage | Status::MajorOutage)
    }

    pub fn worst(a: Status, b: Status) -> Status {
        if b.severity() > a.severity() {
            b
        } else {
            a
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Status::Operational => "operational",
            Status::Degraded => "degraded",
            Status::PartialOutage => "partial_outage",
            Status::MajorOutage => "major_outage",
            Status::Maintenance => "maintenance",
            Status::Unknown => "unknown",
        }
    }

    /// Words for a sentence: "Spotify is down", "GitHub is degraded".
    pub fn phrase(self) -> &'static str {
        match self {
            Status::Operational => "up",
            Status::Degraded => "degraded",
            Status::PartialOutage => "partly down",
            Status::MajorOutage => "down",
            Status::Maintenance => "under maintenance",
            Status::Unknown => "not observed",
        }
    }
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Status {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Status::ALL
            .into_iter()
            .find(|status| status.as_str() == s)
            .ok_or_else(|| format!("unknown status {s:?}"))
    }
}

/// "Is it me?": the state of the user's own connection. The names are part
/// of the JSON contract.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Connectivity {
    Online,
    Offline,
    /// The anchors answer with a redirect or another body: a login page.
    CaptivePortal,
    /// The anchors answer by address but names do not resolve.
    DnsBroken,
    /// A gap after the machine slept; checks resume after a grace period.
    Asleep,
}

impl Connectivity {
    /// Whether services can be observed at all.
    pub fn is_online(self) -> bool {
        self == Connectivity::Online
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Connectivity::Online => "online",
            Connectivity::Offline => "offline",
            Connectivity::CaptivePortal => "captive_portal",
            Connectivity::DnsBroken => "dns_broken",
            Connectivity::Asleep => "asleep",
        }
    }
}

/// How a check failed. The names are part of the JSON contract.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ErrorKind {
    Dns,
    Connect,
    Tls,
    Timeout,
    HttpStatus,
    Keyword,
    TooLarge,
    Parse,
    RateLimited,
    Redirect,
    /// The server answered with something that is not HTTP.
    Protocol,
    Other,
}

impl ErrorKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorKind::Dns => "dns",
            ErrorKind::Connect => "connect",
            ErrorKind::Tls => "tls",
            ErrorKind::Timeout => "timeout",
            ErrorKind::HttpStatus => "http_status",
            ErrorKind::Keyword => "keyword",
            ErrorKind::TooLarge => "too_large",
            ErrorKind::Parse => "parse",
            ErrorKind::RateLimited => "rate_limited",
            ErrorKind::Redirect => "redirect",
            ErrorKind::Protocol => "protocol",
            ErrorKind::Other => "other",
        }
    }
}

impl FromStr for ErrorKind {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        serde_json::from_value(serde_json::Value::String(s.to_owned()))
            .map_err(|_| format!("unknown error kind {s:?}"))
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CheckError {
    pub kind: ErrorKind,
    pub message: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// The source answered and was understood.
    Ok,
    /// The check failed; see the error.
    Failed,
}

impl Outcome {
    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Ok => "ok",
            Outcome::Failed => "failed",
        }
    }
}

/// One check of one source at one instant.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Observation {
    pub service: String,
    /// The URL that was checked.
    pub source: String,
    pub at: DateTime<Utc>,
    pub outcome: Outcome,
    /// What the source said (after the component filter); `unknown` on failure.
    pub status: Status,
    pub latency_ms: Option<u64>,
    pub http_status: Option<u16>,
    pub error: Option<CheckError>,
}

/// Why a service is in its state.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Cause {
    Probe,
    Vendor,
    Both,
}

impl Cause {
    pub fn as_str(self) -> &'static str {
        match self {
            Cause::Probe => "probe",
            Cause::Vendor => "vendor",
            Cause::Both => "both",
        }
    }
}

impl FromStr for Cause {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "probe" => Ok(Cause::Probe),
            "vendor" => Ok(Cause::Vendor),
            "both" => Ok(Cause::Both),
            other => Err(format!("unknown cause {other:?}")),
        }
    }
}

/// The verdict on one service.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ServiceState {
    pub service: String,
    pub name: String,
    pub status: Status,
    /// When the service entered this status.
    pub since: DateTime<Utc>,
    pub cause: Cause,
    /// Why: rendered into one sentence when shown ([`ServiceState::shown`]).
    pub reason: Reason,
    /// When the current outage began (first outage-level state), if any.
    pub outage_since: Option<DateTime<Utc>>,
    pub last_check: Option<DateTime<Utc>>,
}

impl ServiceState {
    /// Down as notifications say it: an outage, or unknown during one.
    pub fn shown_down(&self) -> bool {
        self.outage_since.is_some() || self.status.is_outage()
    }

    /// As the dashboard shows it: the reason in `language`, times in `offset`.
    pub fn shown(&self, language: Language, offset: FixedOffset) -> ShownState {
        ShownState {
            service: self.service.clone(),
            name: self.name.clone(),
            status: self.status,
            since: self.since,
            cause: self.cause,
            reason: language.reason(&self.reason, offset),
            reason_code: self.reason.code().as_str(),
            // Plain, one line: it is shown as text, and may hold a server's words.
            detail: self.reason.detail().map(text::plain_line),
            outage_since: self.outage_since,
            last_check: self.last_check,
        }
    }
}

/// A [`ServiceState`] with its reason in words: what the dashboard receives
/// (the same JSON as before reasons had codes, plus `reason_code`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ShownState {
    pub service: String,
    pub name: String,
    pub status: Status,
    pub since: DateTime<Utc>,
    pub cause: Cause,
    /// One sentence that explains the verdict.
    pub reason: String,
    pub reason_code: &'static str,
    /// The technical cause behind the sentence, when a check failed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
    pub outage_since: Option<DateTime<Utc>>,
    pub last_check: Option<DateTime<Utc>>,
}

impl ShownState {
    /// Down as notifications say it: an outage, or unknown during one.
    pub fn is_down(&self) -> bool {
        self.outage_since.is_some() || self.status.is_outage()
    }
}

/// Which notification this is. The names are part of the JSON contract.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NotificationKind {
    Outage,
    Degraded,
    Recovery,
    Offline,
    Online,
    Grouped,
    Reminder,
    /// A service went into maintenance (alert level "all" only).
    Maintenance,
    /// The history database was unreadable and a new one started (told by
    /// the tray app once; never an engine event).
    HistoryRestarted,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Notification {
    pub kind: NotificationKind,
    pub services: Vec<String>,
    pub title: String,
    pub body: String,
    /// It tells of something broken (an outage, a reminder, a group with
    /// one of those): shown as an alarm. Recoveries and "back online" are not.
    #[serde(default)]
    pub urgent: bool,
}

/// Everything the engine tells its subscribers (tray, notifier, dashboard,
/// `downbeat watch --json`). Serialized as the contract's event lines.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Event {
    /// The user's connection changed ("is it me?").
    Connectivity {
        at: DateTime<Utc>,
        state: Connectivity,
        reason: Reason,
    },
    Observation {
        at: DateTime<Utc>,
        service: String,
        source: String,
        outcome: Outcome,
        status: Status,
        latency_ms: Option<u64>,
        error_kind: Option<ErrorKind>,
    },
    State {
        at: DateTime<Utc>,
        service: String,
        from: Option<Status>,
        to: Status,
        cause: Cause,
        reason: Reason,
    },
    Notification {
        at: DateTime<Utc>,
        #[serde(flatten)]
        notification: Notification,
    },
    /// Notifications paused until the given time, or resumed (`None`).
    Paused {
        at: DateTime<Utc>,
        until: Option<DateTime<Utc>>,
    },
}

impl Event {
    pub fn observation(observation: &Observation) -> Event {
        Event::Observation {
            at: observation.at,
            service: observation.service.clone(),
            source: observation.source.clone(),
            outcome: observation.outcome,
            status: observation.status,
            latency_ms: observation.latency_ms,
            error_kind: observation.error.as_ref().map(|e| e.kind),
        }
    }

    /// The contract's event line: a `reason` is one sentence in `language`
    /// (times in `offset`), with its `reason_code` beside it.
    pub fn to_json(&self, language: Language, offset: FixedOffset) -> serde_json::Value {
        let mut value = serde_json::to_value(self).unwrap_or_default();
        if let (
            Event::Connectivity { reason, .. } | Event::State { reason, .. },
            serde_json::Value::Object(fields),
        ) = (self, &mut value)
        {
            fields.insert("reason".into(), language.reason(reason, offset).into());
            fields.insert("reason_code".into(), reason.code().as_str().into());
        }
        value
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_round_trip_through_their_contract_names() {
        for status in Status::ALL {
            let json = serde_json::to_string(&status).unwrap_or_default();
            assert_eq!(json, format!("\"{}\"", status.as_str()));
            assert_eq!(status.as_str().parse::<Status>(), Ok(status));
        }
        assert!("down".parse::<Status>().is_err());
    }

    #[test]
    fn worst_prefers_outages_over_maintenance_and_unknown() {
        assert_eq!(
            Status::worst(Status::Maintenance, Status::MajorOutage),
            Status::MajorOutage
        );
        assert_eq!(
            Status::worst(Status::Degraded, Status::Unknown),
            Status::Degraded
        );
        assert_eq!(
            Status::worst(Status::Operational, Status::Maintenance),
            Status::Maintenance
        );
    }
}

/// A recorded change of a service's status.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StateChange {
    pub service: String,
    pub at: DateTime<Utc>,
    pub from: Option<Status>,
    pub to: Status,
    pub cause: Cause,
    pub reason: Reason,
}

/// The engine's current picture, always available to late subscribers.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Overview {
    /// In the config's order.
    pub services: Vec<ServiceState>,
    pub paused_until: Option<DateTime<Utc>>,
    pub connectivity: Connectivity,
    /// The ids of the services the user muted: shown, marked, and left out
    /// of the tray's colour and the headline.
    pub muted: Vec<String>,
    /// Each service's alert level, snooze and "tell me when it's back".
    pub alerts: Vec<alerts::ServiceAlerts>,
}

impl Default for Overview {
    fn default() -> Self {
        Overview {
            services: Vec::new(),
            paused_until: None,
            connectivity: Connectivity::Online,
            muted: Vec::new(),
            alerts: Vec::new(),
        }
    }
}

impl Overview {
    /// The worst status among the services; `unknown` when no service is
    /// observed.
    pub fn worst(&self) -> Status {
        self.services
            .iter()
            .map(|s| s.status)
            .filter(|s| *s != Status::Unknown)
            .reduce(Status::worst)
            .unwrap_or(Status::Unknown)
    }

    pub fn is_muted(&self, service: &str) -> bool {
        self.muted.iter().any(|id| id == service)
    }

    pub fn alerts_of(&self, service: &str) -> Option<&alerts::ServiceAlerts> {
        self.alerts.iter().find(|a| a.service == service)
    }
}
