//! Site24x7 StatusIQ pages publish `<page>/rss` with one item per component,
//! titled `<component> - <status>` and described `<component> is <status>`;
//! the channel title carries the page's headline
//! (`KOBV Service Status -- ZIB Wartungstag am 11.03.2025 - Status`).
//! Such a feed is read as components, not posts.
//!
//! Words: `Operational`, `Informational` → operational; `Degraded
//! Performance` → degraded; `Partial Outage` → partial outage; `Major
//! Outage` → major outage; `Under Maintenance` / `Maintenance` →
//! maintenance. The page is the worst known component.

use chrono::{DateTime, Utc};

use super::{html_to_text, RawFeed};
use crate::model::{Component, Snapshot, Status};
use crate::sources::payload;

fn word_status(word: &str) -> Option<Status> {
    Some(match word.trim().to_ascii_lowercase().as_str() {
        "operational" | "informational" => Status::Operational,
        "degraded performance" | "degraded" => Status::Degraded,
        "partial outage" => Status::PartialOutage,
        "major outage" => Status::MajorOutage,
        "under maintenance" | "maintenance" => Status::Maintenance,
        _ => return None,
    })
}

/// The components of a StatusIQ feed; `None` when it is not one (every item
/// must read `<name> - <word>` / `<name> is <word>`).
pub(super) fn snapshot(feed: &RawFeed, updated_at: Option<DateTime<Utc>>) -> Option<Snapshot> {
    if feed.entries.is_empty() {
        return None;
    }
    let mut components = Vec::with_capacity(feed.entries.len());
    for entry in &feed.entries {
        let title = html_to_text(&entry.title);
        let (name, word) = title.rsplit_once(" - ")?;
        let status = word_status(word)?;
        let description = html_to_text(&entry.description);
        if description != format!("{name} is {word}") {
            return None;
        }
        components.push(Component {
            name: name.trim().to_owned(),
            group: None,
            status,
        });
    }
    let channel = html_to_text(&feed.title);
    let channel = channel.strip_suffix(" - Status").unwrap_or(&channel);
    let (name, headline) = match channel.split_once(" -- ") {
        Some((name, headline)) => (name, payload::non_empty(headline)),
        None => (channel, None),
    };
    Some(Snapshot {
        page_name: payload::non_empty(name),
        status: payload::page_status(components.iter().map(|c| c.status)),
        description: headline,
        updated_at,
        components,
        incidents: Vec::new(),
        maintenances: Vec::new(),
    })
}
