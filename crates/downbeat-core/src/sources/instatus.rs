//! Instatus status pages: `<page>/summary.json` and `<page>/v2/components.json`.
//!
//! `summary.json` is `{"page": {"name", "url", "status"}, "activeIncidents":
//! [{"id", "name", "started", "status", "impact", "url", "updatedAt"}],
//! "activeMaintenances": [{"id", "name", "start", "status", "duration",
//! "url", "updatedAt"}]}` (the lists are left out when empty);
//! `v2/components.json` is `{"components": [{"id", "name", "description",
//! "status", "group": null | {"id", "name"}}]}`.
//!
//! Vocabulary (upper-case words; `_` and spaces are ignored): page `UP` →
//! operational, `HASISSUES` → degraded (at least: the active incidents'
//! impacts decide how bad), `UNDERMAINTENANCE` → maintenance; components and
//! impacts `OPERATIONAL`, `DEGRADEDPERFORMANCE` → degraded, `MINOROUTAGE` →
//! degraded, `PARTIALOUTAGE`, `MAJOROUTAGE`, `UNDERMAINTENANCE` →
//! maintenance. Stage words are lower-cased (`INVESTIGATING` →
//! `investigating`); maintenances read `NOTSTARTEDYET` → `scheduled`,
//! `INPROGRESS` → `in_progress`, `COMPLETED` → `completed`. A maintenance's
//! end is its start plus `duration` minutes. The summary carries no update
//! texts, so incidents come without updates.

use chrono::Duration;
use serde::{Deserialize, Deserializer};
use serde_json::Value;

use super::payload::{self, nullable, text_or_number, Shape};
use super::{plain_text, ParseError};
use crate::model::{Component, Snapshot, Status, VendorIncident};

const FORMAT: &str = "instatus";
const SUMMARY: &str = "Instatus summary.json";
const COMPONENTS: &str = "Instatus v2/components.json";

/// `summary.json` → Snapshot: page name, overall status (the worst of the
/// page's word, the active incidents' impacts and any maintenance under
/// way), active incidents newest first, open maintenances soonest first; no
/// components (they are in `v2/components.json`). `updated_at` is the newest
/// `updatedAt` of the incidents and maintenances.
pub fn parse_summary(bytes: &[u8]) -> Result<Snapshot, ParseError> {
    let raw: RawSummary = payload::decode_json(FORMAT, bytes, Shape::Object, SUMMARY)?;
    let Some(page) = raw.page else {
        return Err(error(format!("not an {SUMMARY}: missing field `page`")));
    };
    let Some(word) = page.status.as_deref().and_then(payload::non_empty) else {
        return Err(error(format!(
            "not an {SUMMARY}: the page has no \"status\" (UP, HASISSUES, UNDERMAINTENANCE)"
        )));
    };
    let updated_at = raw
        .active_incidents
        .iter()
        .map(|i| &i.updated_at)
        .chain(raw.active_maintenances.iter().map(|m| &m.updated_at))
        .filter_map(|at| payload::rfc3339(at.as_deref()))
        .max();

    let mut incidents = raw
        .active_incidents
        .into_iter()
        .enumerate()
        .map(|(index, incident)| convert_incident(incident, index))
        .collect::<Result<Vec<_>, _>>()?;
    incidents.retain(|incident| !incident.is_resolved());
    payload::sort_newest_first(&mut incidents);

    let mut maintenances = raw
        .active_maintenances
        .into_iter()
        .enumerate()
        .map(|(index, maintenance)| convert_maintenance(maintenance, index))
        .collect::<Result<Vec<_>, _>>()?;
    maintenances.retain(|maintenance| !maintenance.is_resolved());
    payload::sort_soonest_first(&mut maintenances);

    let status = payload::worst(
        std::iter::once(status_word(&word))
            .chain(incidents.iter().map(|i| i.impact))
            .chain(
                maintenances
                    .iter()
                    .filter(|m| m.status == "in_progress")
                    .map(|_| Status::Maintenance),
            ),
    )
    .unwrap_or(Status::Unknown);
    Ok(Snapshot {
        page_name: page.name.as_deref().and_then(payload::non_empty),
        status,
        description: None,
        updated_at,
        components: Vec::new(),
        incidents,
        maintenances,
    })
}

/// `v2/components.json` → components (group headers themselves left out;
/// grouped components carry their group's name).
pub fn parse_components(bytes: &[u8]) -> Result<Vec<Component>, ParseError> {
    let raw: RawComponents = payload::decode_json(FORMAT, bytes, Shape::Object, COMPONENTS)?;
    let Some(list) = raw.components else {
        return Err(error(format!(
            "not an {COMPONENTS}: missing field `components`"
        )));
    };
    let group_ids: Vec<&str> = list
        .iter()
        .filter_map(|c| c.group.as_ref())
        .map(|g| g.id.as_str())
        .filter(|id| !id.is_empty())
        .collect();
    let group_name = |id: &str| {
        list.iter()
            .find(|c| c.id == id)
            .map(|c| plain_text(&c.name))
            .filter(|n| !n.is_empty())
    };
    Ok(list
        .iter()
        .filter(|c| c.id.is_empty() || !group_ids.contains(&c.id.as_str()))
        .filter_map(|c| {
            let name = plain_text(&c.name);
            if name.is_empty() {
                return None;
            }
            let group = c.group.as_ref().and_then(|g| {
                payload::non_empty(&plain_text(&g.name)).or_else(|| group_name(&g.id))
            });
            Some(Component {
                name,
                group,
                status: status_word(&c.status),
            })
        })
        .collect())
}

/// Both payloads → one Snapshot: the summary's, with the components, the
/// status being the worst of the two.
pub fn parse_summary_and_components(
    summary: &[u8],
    components: &[u8],
) -> Result<Snapshot, ParseError> {
    let mut snapshot = parse_summary(summary)?;
    snapshot.components = parse_components(components)?;
    snapshot.status = payload::page_status(
        std::iter::once(snapshot.status).chain(snapshot.components.iter().map(|c| c.status)),
    );
    Ok(snapshot)
}

/// Any Instatus status word: page status, component status or impact.
fn status_word(word: &str) -> Status {
    let word: String = word
        .chars()
        .filter(|c| !matches!(c, '_' | ' ' | '-'))
        .collect::<String>()
        .to_ascii_uppercase();
    match word.as_str() {
        "UP" | "OPERATIONAL" => Status::Operational,
        "HASISSUES" | "DEGRADEDPERFORMANCE" | "MINOROUTAGE" => Status::Degraded,
        "PARTIALOUTAGE" => Status::PartialOutage,
        "MAJOROUTAGE" => Status::MajorOutage,
        "UNDERMAINTENANCE" | "MAINTENANCE" => Status::Maintenance,
        _ => Status::Unknown,
    }
}

/// A stage word, lower-cased; maintenance words in the Statuspage style.
fn stage(word: &str) -> String {
    match word.trim().to_ascii_uppercase().as_str() {
        "NOTSTARTEDYET" => "scheduled".to_owned(),
        "INPROGRESS" => "in_progress".to_owned(),
        other => other.to_ascii_lowercase(),
    }
}

#[derive(Deserialize)]
struct RawSummary {
    #[serde(default)]
    page: Option<RawPage>,
    #[serde(default, rename = "activeIncidents", deserialize_with = "nullable")]
    active_incidents: Vec<RawIncident>,
    #[serde(default, rename = "activeMaintenances", deserialize_with = "nullable")]
    active_maintenances: Vec<RawMaintenance>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct RawPage {
    name: Option<String>,
    status: Option<String>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct RawIncident {
    #[serde(deserialize_with = "text_or_number")]
    id: String,
    #[serde(deserialize_with = "nullable")]
    name: String,
    started: Option<String>,
    resolved: Option<String>,
    #[serde(deserialize_with = "nullable")]
    status: String,
    #[serde(deserialize_with = "nullable")]
    impact: String,
    url: Option<String>,
    #[serde(rename = "updatedAt")]
    updated_at: Option<String>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct RawMaintenance {
    #[serde(deserialize_with = "text_or_number")]
    id: String,
    #[serde(deserialize_with = "nullable")]
    name: String,
    start: Option<String>,
    #[serde(deserialize_with = "nullable")]
    status: String,
    #[serde(deserialize_with = "text_or_number")]
    duration: String,
    url: Option<String>,
    #[serde(rename = "updatedAt")]
    updated_at: Option<String>,
}

#[derive(Deserialize)]
struct RawComponents {
    #[serde(default)]
    components: Option<Vec<RawComponent>>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct RawComponent {
    #[serde(deserialize_with = "text_or_number")]
    id: String,
    #[serde(deserialize_with = "nullable")]
    name: String,
    #[serde(deserialize_with = "nullable")]
    status: String,
    #[serde(deserialize_with = "group")]
    group: Option<RawGroup>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct RawGroup {
    #[serde(deserialize_with = "text_or_number")]
    id: String,
    #[serde(deserialize_with = "nullable")]
    name: String,
}

/// `group`: an object, a group name, or nothing (`null`, `false`).
fn group<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<RawGroup>, D::Error> {
    Ok(match Value::deserialize(deserializer)? {
        Value::Object(object) => serde_json::from_value(Value::Object(object)).ok(),
        Value::String(name) if !name.trim().is_empty() => Some(RawGroup {
            id: String::new(),
            name,
        }),
        _ => None,
    })
}

fn convert_incident(raw: RawIncident, index: usize) -> Result<VendorIncident, ParseError> {
    let id = non_empty_id(&raw.id, &raw.name, "incident", index)?;
    let status = stage(&raw.status);
    let resolved_at = payload::rfc3339(raw.resolved.as_deref()).or_else(|| {
        (status == "resolved")
            .then(|| payload::rfc3339(raw.updated_at.as_deref()))
            .flatten()
    });
    Ok(VendorIncident {
        id,
        title: plain_text(&raw.name),
        status,
        impact: status_word(&raw.impact),
        started_at: payload::rfc3339(raw.started.as_deref()),
        resolved_at,
        url: raw.url.as_deref().and_then(payload::non_empty),
        updates: Vec::new(),
        components: Vec::new(),
        scheduled_for: None,
        scheduled_until: None,
    })
}

fn convert_maintenance(raw: RawMaintenance, index: usize) -> Result<VendorIncident, ParseError> {
    let id = non_empty_id(&raw.id, &raw.name, "maintenance", index)?;
    let status = match stage(&raw.status) {
        word if word.is_empty() => "scheduled".to_owned(),
        word => word,
    };
    let start = payload::rfc3339(raw.start.as_deref());
    // Minutes; a year at most (a bigger number is not a duration).
    let minutes = raw
        .duration
        .trim()
        .parse::<i64>()
        .ok()
        .filter(|m| (1..=525_600).contains(m));
    Ok(VendorIncident {
        id,
        title: plain_text(&raw.name),
        impact: Status::Maintenance,
        started_at: start.filter(|_| status == "in_progress"),
        resolved_at: None,
        url: raw.url.as_deref().and_then(payload::non_empty),
        updates: Vec::new(),
        components: Vec::new(),
        scheduled_for: start,
        scheduled_until: start.zip(minutes).map(|(s, m)| s + Duration::minutes(m)),
        status,
    })
}

fn non_empty_id(id: &str, name: &str, what: &str, index: usize) -> Result<String, ParseError> {
    payload::non_empty(id)
        .ok_or_else(|| error(format!("{what} #{} ({name:?}) has no id", index + 1)))
}

fn error(message: impl Into<String>) -> ParseError {
    ParseError::new(FORMAT, message)
}

#[cfg(test)]
mod tests;
