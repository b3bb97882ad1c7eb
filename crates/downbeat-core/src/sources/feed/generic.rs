//! Entries with no update trail (cState issues, blogs, any other feed): one
//! update, no stage word. Read with care, since such a feed does not say how
//! things are:
//! - a title that starts with a resolution marker is resolved: `[Resolved]`,
//!   `Resolved:`, and the same in German, French, Spanish, Italian, Dutch,
//!   Portuguese, Polish and Swedish (`[Gelöst]`, `[Résolu]`, `[Resuelto]`,
//!   `[Risolto]`, `[Opgelost]`, `[Resolvido]`, `[Rozwiązany]`, `[Löst]`);
//! - an entry dated after the time of the check (a maintenance announced
//!   ahead, as cState dates its issues at their start) is upcoming, listed
//!   with the maintenances, not current; from its date on it is current;
//! - an entry a day or more older than the time of the check is past;
//! - what remains is a current post: listed, impact unknown (it is news,
//!   not necessarily trouble), so it never decides the page by itself.

use chrono::{DateTime, Duration, Utc};

use super::{entry_id, html_to_text, RawEntry};
use crate::model::{IncidentUpdate, Status, VendorIncident};
use crate::sources::payload;

const RESOLVED: [&str; 11] = [
    "resolved",
    "gelöst",
    "behoben",
    "résolu",
    "resuelto",
    "risolto",
    "opgelost",
    "resolvido",
    "rozwiązany",
    "löst",
    "fixed",
];

pub(super) enum Post {
    Incident(VendorIncident),
    Upcoming(VendorIncident),
    /// Listed, but not deciding how the page is now.
    Past(VendorIncident),
}

/// The status word of a current post (and of a past one: the same post).
pub(super) const POST: &str = "update";

/// When a post dated `at` stops being current (a day on).
pub(super) fn past_from(at: DateTime<Utc>) -> Option<DateTime<Utc>> {
    at.checked_add_signed(Duration::days(1))
}

/// Whether a title starts with a resolution marker (`[Gelöst] …`, `Résolu: …`).
pub(super) fn resolved_marker(title: &str) -> bool {
    let lower = title.trim_start().to_lowercase();
    let word = match lower.strip_prefix('[') {
        Some(inner) => inner.split(']').next().unwrap_or_default(),
        None => lower
            .split(':')
            .next()
            .filter(|_| lower.contains(':'))
            .unwrap_or_default(),
    };
    RESOLVED.contains(&word.trim())
}

pub(super) fn entry(
    entry: &RawEntry,
    html: &str,
    at: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
) -> Post {
    let title = html_to_text(&entry.title);
    let resolved = resolved_marker(&title);
    let upcoming = !resolved && at.is_some_and(|at| at > now);
    let past = at.and_then(past_from).is_some_and(|end| end <= now);
    let status = if resolved {
        "resolved"
    } else if upcoming {
        "scheduled"
    } else {
        POST
    };
    let post = VendorIncident {
        id: entry_id(entry),
        title,
        status: status.to_owned(),
        impact: if upcoming {
            Status::Maintenance
        } else {
            Status::Unknown
        },
        started_at: at,
        resolved_at: if resolved { at } else { None },
        url: payload::non_empty(&entry.link),
        updates: at
            .map(|at| IncidentUpdate {
                status: status.to_owned(),
                body: html_to_text(html),
                at,
            })
            .into_iter()
            .collect(),
        components: Vec::new(),
        scheduled_for: if upcoming { at } else { None },
        scheduled_until: None,
    };
    match (upcoming, past) {
        (true, _) => Post::Upcoming(post),
        (false, true) => Post::Past(post),
        (false, false) => Post::Incident(post),
    }
}
