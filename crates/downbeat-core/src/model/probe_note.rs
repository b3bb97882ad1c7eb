//! Why an endpoint that answered still counts as degraded, as facts; a
//! sentence only when shown, in the language of the moment
//! ([`Language::probe_notes`](crate::model::i18n::Language::probe_notes)).

use std::time::Duration;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ProbeNote {
    /// A bot wall or a rate limit answered (`status`: "403 Forbidden"): it
    /// says nothing of the service.
    Refused { status: String },
    /// It answered in `took`, above its `limit`.
    Slow { took: Duration, limit: Duration },
    /// Its TLS certificate expires in `seconds_left` (negative or zero:
    /// expired that long ago).
    Certificate { seconds_left: i64 },
}
