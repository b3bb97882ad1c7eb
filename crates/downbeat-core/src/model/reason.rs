//! Why a service (or the connection) is in its state, as plain facts: a code
//! and what it needs (names, hosts, counts, UTC instants, HTTP codes, the
//! vendor's own words). Stored as JSON in the store, it is turned into a
//! sentence only when shown, in the language of the moment
//! ([`Language::reason`](crate::model::i18n::Language::reason)), so a
//! change of language re-renders the history too.

use crate::model::i18n::Language;
use crate::model::{ErrorKind, Status};
use chrono::{DateTime, FixedOffset, Utc};
use serde::{Deserialize, Serialize};

/// The JSON names (`code`) are stored in the database: rename none.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "code", rename_all = "snake_case")]
pub enum Reason {
    /// A sentence stored by a version before reasons had codes, shown as it
    /// was written.
    Text {
        text: String,
    },
    /// No verdict yet; `failure` when a first check already failed.
    NotChecked {
        name: String,
        failure: Option<Failure>,
    },
    /// Up: the status page says so (`status_page`), and these hosts answer.
    Up {
        name: String,
        status_page: bool,
        answering: Vec<String>,
    },
    /// An endpoint answers, but above its latency limit.
    Slow {
        name: String,
        host: String,
        latency_ms: Option<u64>,
    },
    /// The status page reports trouble or maintenance (`status`), under the
    /// vendor's title for it when it gives one.
    VendorReports {
        name: String,
        status: Status,
        title: Option<String>,
    },
    /// Our own checks of `host` fail; `partly` when other endpoints answer.
    Failing {
        name: String,
        partly: bool,
        host: String,
        failures: u32,
        since: DateTime<Utc>,
        failure: Failure,
        vendor: VendorSays,
    },
    /// The status page could not be read `failures` times in a row.
    Unreadable {
        name: String,
        failures: u32,
        failure: Failure,
    },
    /// The status page answers without saying how the service is.
    Unclear {
        name: String,
    },
    /// A bare status, from tools and tests that have no source's word.
    Status {
        name: String,
        status: Status,
    },
    /// No connectivity anchors are configured.
    ChecksOff,
    /// `answered` of `total` anchors answered as expected.
    Online {
        answered: u32,
        total: u32,
    },
    /// The anchors answered with something else: a login page.
    CaptivePortal {
        sign: PortalSign,
    },
    /// Names do not resolve, addresses answer.
    DnsBroken,
    Offline {
        answered: u32,
        total: u32,
    },
    GoingToSleep,
    /// Back from sleep; checks resume after a grace period.
    Woke,
}

/// How one check failed, with the technical detail kept for the curious
/// (logs, a "details" disclosure) but not put in the sentence.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Failure {
    pub kind: Option<ErrorKind>,
    pub http_status: Option<u16>,
    #[serde(default)]
    pub detail: String,
}

/// What the status page says while our own checks fail.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum VendorSays {
    /// The service has no status page.
    NoPage,
    /// It cannot be read either.
    Unreadable,
    /// It reports no problem.
    NoIncident,
    /// It reports an incident, titled so.
    Headline(String),
    /// It reports this status without a title.
    Reports(Status),
}

/// What a connectivity anchor answered instead of the expected answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PortalSign {
    Redirect(String),
    Http(u16),
    OtherPage,
}

/// The codes of [`Reason`], without their facts: what `--json` outputs call
/// `reason_code`, and what the completeness test walks.
macro_rules! codes {
    ($($code:ident => $name:literal),* $(,)?) => {
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum ReasonCode { $($code),* }

        impl ReasonCode {
            /// Every code: written once, above, so none can be left out.
            pub const ALL: &'static [ReasonCode] = &[$(ReasonCode::$code),*];

            pub fn as_str(self) -> &'static str {
                match self { $(ReasonCode::$code => $name),* }
            }
        }
    };
}

codes! {
    Text => "text",
    NotChecked => "not_checked",
    Up => "up",
    Slow => "slow",
    VendorReports => "vendor_reports",
    Failing => "failing",
    Unreadable => "unreadable",
    Unclear => "unclear",
    Status => "status",
    ChecksOff => "checks_off",
    Online => "online",
    CaptivePortal => "captive_portal",
    DnsBroken => "dns_broken",
    Offline => "offline",
    GoingToSleep => "going_to_sleep",
    Woke => "woke",
}

impl Reason {
    pub fn code(&self) -> ReasonCode {
        match self {
            Reason::Text { .. } => ReasonCode::Text,
            Reason::NotChecked { .. } => ReasonCode::NotChecked,
            Reason::Up { .. } => ReasonCode::Up,
            Reason::Slow { .. } => ReasonCode::Slow,
            Reason::VendorReports { .. } => ReasonCode::VendorReports,
            Reason::Failing { .. } => ReasonCode::Failing,
            Reason::Unreadable { .. } => ReasonCode::Unreadable,
            Reason::Unclear { .. } => ReasonCode::Unclear,
            Reason::Status { .. } => ReasonCode::Status,
            Reason::ChecksOff => ReasonCode::ChecksOff,
            Reason::Online { .. } => ReasonCode::Online,
            Reason::CaptivePortal { .. } => ReasonCode::CaptivePortal,
            Reason::DnsBroken => ReasonCode::DnsBroken,
            Reason::Offline { .. } => ReasonCode::Offline,
            Reason::GoingToSleep => ReasonCode::GoingToSleep,
            Reason::Woke => ReasonCode::Woke,
        }
    }

    /// The stored form (a JSON object).
    pub fn to_stored(&self) -> String {
        // Serializing plain enums and strings cannot fail; an empty text
        // would read back as a legacy (empty) sentence, never lose a row.
        serde_json::to_string(self).unwrap_or_default()
    }

    /// Read a stored reason: a JSON object since reasons have codes, a
    /// plain sentence before (kept as [`Reason::Text`]).
    pub fn from_stored(stored: &str) -> Reason {
        if stored.trim_start().starts_with('{') {
            if let Ok(reason) = serde_json::from_str(stored) {
                return reason;
            }
        }
        Reason::Text {
            text: stored.to_owned(),
        }
    }

    /// The sentence in `language`, times in `offset`.
    pub fn render(&self, language: Language, offset: FixedOffset) -> String {
        language.reason(self, offset)
    }

    /// The technical cause of a failed check (the HTTP library's or the
    /// reader's words), for a "details" disclosure; `None` when there is
    /// none to add.
    pub fn detail(&self) -> Option<&str> {
        let failure = match self {
            Reason::NotChecked {
                failure: Some(failure),
                ..
            }
            | Reason::Failing { failure, .. }
            | Reason::Unreadable { failure, .. } => failure,
            _ => return None,
        };
        Some(failure.detail.trim()).filter(|detail| !detail.is_empty())
    }

    /// Whether there is anything to say (a legacy empty sentence is not).
    pub fn is_empty(&self) -> bool {
        matches!(self, Reason::Text { text } if text.is_empty())
    }
}

impl Default for Reason {
    fn default() -> Reason {
        Reason::Text {
            text: String::new(),
        }
    }
}

impl Failure {
    /// A failure known only by its HTTP code or its message.
    pub fn new(kind: Option<ErrorKind>, http_status: Option<u16>, detail: &str) -> Failure {
        Failure {
            kind,
            http_status,
            detail: detail.to_owned(),
        }
    }
}
