//! incident.io status pages, read two ways.
//!
//! * The widget API, `<page>/api/v1/summary` ([`parse_widget`]):
//!   `{"page_title", "page_url", "ongoing_incidents": [...],
//!   "in_progress_maintenances": [...], "scheduled_maintenances": [...]}`;
//!   each event has `id`, `name`, `status`, `url`, `last_update_at`,
//!   `last_update_message` and `affected_components` (`id`, `name`,
//!   `group_name`, `current_status`); incidents add `current_worst_impact`,
//!   maintenances `started_at`/`scheduled_end_at` or `starts_at`/`ends_at`.
//!   It names only the components an event affects.
//! * The status page itself, HTML ([`parse_page`]): a Next.js page whose data
//!   travels in `self.__next_f.push([1, "…"])` chunks (React Server Components
//!   rows). The chunks are read as JSON strings and joined; the rows are then
//!   scanned, without executing anything, for the page object (the one with
//!   `ongoing_incidents`: name, `structure` of groups and components, current
//!   `affected_components`, ongoing incidents with their updates, scheduled
//!   maintenances) and for `incident_links` (incident permalinks).
//!
//! Vocabulary: `operational`, `degraded_performance` → degraded,
//! `partial_outage`, `full_outage` → major outage, `under_maintenance` →
//! maintenance. An incident's impact is the worst status it gives its
//! components (the widget's `current_worst_impact`); an ongoing incident that
//! names no impact counts as degraded, since the page shows it as an issue.
//! The page's status is the worst of its components' current statuses and of
//! its ongoing incidents' impacts, so an incident in `monitoring` whose
//! components have recovered still shows, as on the page ("We're currently
//! experiencing issues").

use serde::de::DeserializeOwned;
use serde::{Deserialize, Deserializer};
use serde_json::Value;

use super::payload::{self, nullable, text_or_number, Shape};
use super::{plain_text, ParseError};
use crate::model::{Component, IncidentUpdate, Snapshot, Status, VendorIncident};

mod page;
mod stream;

pub use page::parse_page;

const FORMAT: &str = "incidentio";
const WIDGET: &str = "incident.io widget API answer (/api/v1/summary)";

/// Either form: an HTML document goes to [`parse_page`], anything else to
/// [`parse_widget`].
pub fn parse(bytes: &[u8]) -> Result<Snapshot, ParseError> {
    match payload::trim_start(bytes).first() {
        Some(b'<') => parse_page(bytes),
        _ => parse_widget(bytes),
    }
}

/// `/api/v1/summary` → Snapshot: page title, the components the events name
/// (at their current status), ongoing incidents newest first, in-progress
/// and scheduled maintenances soonest first. `updated_at` is the newest
/// `last_update_at` of the events.
pub fn parse_widget(bytes: &[u8]) -> Result<Snapshot, ParseError> {
    let raw: RawWidget = payload::decode_json(FORMAT, bytes, Shape::Object, WIDGET)?;
    let Some(ongoing) = raw.ongoing_incidents else {
        return Err(error(format!(
            "not an {WIDGET}: missing field `ongoing_incidents`"
        )));
    };
    let mut components: Vec<Component> = Vec::new();
    let mut incidents = Vec::new();
    let mut maintenances = Vec::new();
    let mut newest = None;
    let events = ongoing
        .into_iter()
        .map(|event| (event, Kind::Incident))
        .chain(
            raw.in_progress_maintenances
                .into_iter()
                .flatten()
                .map(|event| (event, Kind::InProgress)),
        )
        .chain(
            raw.scheduled_maintenances
                .into_iter()
                .flatten()
                .map(|event| (event, Kind::Scheduled)),
        );
    for (index, (event, kind)) in events.enumerate() {
        let converted = convert_widget_event(event, kind, index, &mut components)?;
        newest = newest.max(converted.updates.first().map(|u| u.at));
        match kind {
            Kind::Incident => incidents.push(converted),
            Kind::InProgress | Kind::Scheduled => maintenances.push(converted),
        }
    }
    sort_newest_first(&mut incidents);
    payload::sort_soonest_first(&mut maintenances);

    let status = page_status(&components, &incidents, &maintenances);
    Ok(Snapshot {
        page_name: raw.page_title.as_deref().and_then(payload::non_empty),
        status,
        description: None,
        updated_at: newest,
        components,
        incidents,
        maintenances,
    })
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Incident,
    InProgress,
    Scheduled,
}

#[derive(Deserialize)]
struct RawWidget {
    #[serde(default)]
    page_title: Option<String>,
    #[serde(default)]
    ongoing_incidents: Option<Vec<RawEvent>>,
    #[serde(default)]
    in_progress_maintenances: Option<Vec<RawEvent>>,
    #[serde(default)]
    scheduled_maintenances: Option<Vec<RawEvent>>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct RawEvent {
    #[serde(deserialize_with = "text_or_number")]
    id: String,
    #[serde(deserialize_with = "nullable")]
    name: String,
    #[serde(deserialize_with = "nullable")]
    status: String,
    url: Option<String>,
    last_update_at: Option<String>,
    #[serde(deserialize_with = "nullable")]
    last_update_message: String,
    #[serde(deserialize_with = "nullable")]
    current_worst_impact: String,
    #[serde(deserialize_with = "nullable")]
    affected_components: Vec<RawWidgetComponent>,
    started_at: Option<String>,
    scheduled_end_at: Option<String>,
    starts_at: Option<String>,
    ends_at: Option<String>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct RawWidgetComponent {
    #[serde(deserialize_with = "nullable")]
    name: String,
    group_name: Option<String>,
    current_status: Option<String>,
}

fn convert_widget_event(
    raw: RawEvent,
    kind: Kind,
    index: usize,
    components: &mut Vec<Component>,
) -> Result<VendorIncident, ParseError> {
    if raw.id.is_empty() {
        return Err(error(format!(
            "event #{} ({:?}) has no id",
            index + 1,
            raw.name
        )));
    }
    let status = match stage(&raw.status) {
        word if !word.is_empty() => word,
        _ if kind == Kind::Incident => "investigating".to_owned(),
        _ if kind == Kind::InProgress => "in_progress".to_owned(),
        _ => "scheduled".to_owned(),
    };
    let impact = match kind {
        Kind::Incident => match raw.current_worst_impact.trim() {
            "" => Status::Degraded,
            word => component_status(word),
        },
        Kind::InProgress | Kind::Scheduled => Status::Maintenance,
    };
    let updates: Vec<IncidentUpdate> = payload::rfc3339(raw.last_update_at.as_deref())
        .map(|at| IncidentUpdate {
            status: status.clone(),
            body: plain_text(&raw.last_update_message),
            at,
        })
        .into_iter()
        .collect();
    let (start, end) = match kind {
        Kind::Incident => (None, None),
        Kind::InProgress => (raw.started_at, raw.scheduled_end_at),
        Kind::Scheduled => (raw.starts_at, raw.ends_at),
    };
    let scheduled_for = payload::rfc3339(start.as_deref());
    let mut names = Vec::new();
    for affected in raw.affected_components {
        let name = plain_text(&affected.name);
        if name.is_empty() {
            continue;
        }
        // Only what is happening now colours a component.
        let now = match (kind, affected.current_status.as_deref().map(str::trim)) {
            (Kind::Scheduled, _) => None,
            (_, Some(word)) if !word.is_empty() => Some(component_status(word)),
            _ => Some(impact),
        };
        if let Some(now) = now {
            let group = affected.group_name.as_deref().map(plain_text);
            merge_component(components, name.clone(), group, now);
        }
        if !names.contains(&name) {
            names.push(name);
        }
    }
    Ok(VendorIncident {
        id: raw.id,
        title: plain_text(&raw.name),
        status,
        impact,
        started_at: if kind == Kind::InProgress {
            scheduled_for
        } else {
            None
        },
        resolved_at: None,
        url: raw.url.as_deref().and_then(payload::non_empty),
        updates,
        components: names,
        scheduled_for,
        scheduled_until: payload::rfc3339(end.as_deref()),
    })
}

// ---------------------------------------------------------------------------
// Shared by both forms

/// A component status or impact word.
fn component_status(word: &str) -> Status {
    match word.trim().to_ascii_lowercase().as_str() {
        "operational" => Status::Operational,
        "degraded_performance" => Status::Degraded,
        "partial_outage" => Status::PartialOutage,
        "full_outage" | "major_outage" => Status::MajorOutage,
        "under_maintenance" | "maintenance" => Status::Maintenance,
        _ => Status::Unknown,
    }
}

/// The stage word, lower-cased, without the `maintenance_` prefix
/// (`maintenance_in_progress` → `in_progress`, `maintenance_complete` →
/// `completed`).
fn stage(word: &str) -> String {
    let word = word.trim().to_ascii_lowercase();
    let word = word.strip_prefix("maintenance_").unwrap_or(&word);
    match word {
        "complete" => "completed".to_owned(),
        other => other.to_owned(),
    }
}

/// Adds a component, or worsens the one of the same name and group.
fn merge_component(
    components: &mut Vec<Component>,
    name: String,
    group: Option<String>,
    status: Status,
) {
    let group = group.filter(|g| !g.is_empty());
    match components
        .iter_mut()
        .find(|c| c.name == name && c.group == group)
    {
        Some(existing) => existing.status = crate::sources::payload::worse(existing.status, status),
        None => components.push(Component {
            name,
            group,
            status,
        }),
    }
}

/// The worst of the components now, the ongoing incidents' impacts and any
/// maintenance under way; operational when there is nothing.
fn page_status(
    components: &[Component],
    incidents: &[VendorIncident],
    maintenances: &[VendorIncident],
) -> Status {
    payload::worst(payload::current_parts(components, incidents, maintenances))
        .unwrap_or(Status::Operational)
}

/// Newest first by start, or by newest update when the start is unknown.
fn sort_newest_first(incidents: &mut [VendorIncident]) {
    incidents.sort_by_key(|incident| {
        std::cmp::Reverse(
            incident
                .started_at
                .or_else(|| incident.updates.first().map(|u| u.at)),
        )
    });
}

/// Reads any JSON value as `T`, and anything that does not fit (React's
/// `"$undefined"`, `null`, a reference string) as `T::default()`.
fn lenient<'de, D, T>(deserializer: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: DeserializeOwned + Default,
{
    let value = Value::deserialize(deserializer)?;
    Ok(serde_json::from_value(value).unwrap_or_default())
}

/// A list whose unreadable elements are dropped; anything but a list is empty.
fn lenient_list<'de, D, T>(deserializer: D) -> Result<Vec<T>, D::Error>
where
    D: Deserializer<'de>,
    T: DeserializeOwned,
{
    Ok(match Value::deserialize(deserializer)? {
        Value::Array(items) => items
            .into_iter()
            .filter_map(|item| serde_json::from_value(item).ok())
            .collect(),
        _ => Vec::new(),
    })
}

fn error(message: impl Into<String>) -> ParseError {
    ParseError::new(FORMAT, message)
}

#[cfg(test)]
mod tests;
