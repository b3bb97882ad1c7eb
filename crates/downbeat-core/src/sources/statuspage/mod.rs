//! Atlassian Statuspage v2 JSON API (`/api/v2/*.json`), also served by
//! Statuspage-compatible pages. Pure parsing: bytes in, normalized model out.
//!
//! Every vendor time is normalized to UTC (pages answer in their own time
//! zone, e.g. `2020-06-16T14:00:29.031-07:00`). Missing or `null` fields are
//! tolerated where the API is known to omit them; a payload of the wrong shape
//! (an HTML page, `[]`, `{}`, another endpoint's answer) is a [`ParseError`].

use chrono::{DateTime, Utc};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Deserializer};
use std::cmp::Ordering;
use std::collections::{HashMap, HashSet};

use super::ParseError;
use crate::model::{Component, IncidentUpdate, Snapshot, Status, VendorIncident};

mod endpoint;
pub(crate) use endpoint::endpoint_name;
pub use endpoint::parse_endpoint;

const FORMAT: &str = "statuspage";

/// `/api/v2/summary.json` → Snapshot: page name, overall status, description,
/// `page.updated_at`, components (group components excluded, children carry
/// their group's name), unresolved incidents newest first, active and
/// upcoming maintenances soonest first.
pub fn parse_summary(bytes: &[u8]) -> Result<Snapshot, ParseError> {
    let raw: RawSummary = decode(bytes, "summary.json")?;
    if raw.components.is_none() && raw.status.is_none() {
        return Err(error(
            "not a Statuspage summary.json: it has neither \"status\" nor \"components\"",
        ));
    }
    let components = convert_components(raw.components.unwrap_or_default());
    let indicator = raw.status.as_ref().map(|s| indicator_status(&s.indicator));
    let status = super::payload::page_status(
        indicator
            .into_iter()
            .chain(components.iter().map(|c| c.status)),
    );

    let mut incidents = convert_incidents(raw.incidents)?;
    incidents.retain(|incident| !incident.is_resolved());
    sort_newest_first(&mut incidents);

    let mut maintenances = convert_incidents(raw.scheduled_maintenances)?;
    maintenances.retain(|maintenance| !maintenance.is_resolved());
    sort_soonest_first(&mut maintenances);

    Ok(Snapshot {
        page_name: non_empty(raw.page.name),
        status,
        description: raw.status.and_then(|s| non_empty(s.description)),
        updated_at: time(raw.page.updated_at.as_deref()),
        components,
        incidents,
        maintenances,
    })
}

/// `/api/v2/incidents.json` (and `/api/v2/incidents/unresolved.json`) →
/// incidents newest first.
pub fn parse_incidents(bytes: &[u8]) -> Result<Vec<VendorIncident>, ParseError> {
    let raw: RawIncidents = decode(bytes, "incidents.json")?;
    let mut incidents = convert_incidents(raw.incidents)?;
    sort_newest_first(&mut incidents);
    Ok(incidents)
}

/// `/api/v2/incidents/<id>.json` (`{"page": …, "incident": {…}}`) → the
/// incident. A bare incident object (with `id` and `incident_updates`) is
/// accepted too.
pub fn parse_incident(bytes: &[u8]) -> Result<VendorIncident, ParseError> {
    let value: serde_json::Value = decode(bytes, "incident JSON")?;
    let mut object = match value {
        serde_json::Value::Object(object) => object,
        other => {
            return Err(error(format!(
                "not a Statuspage incident: expected a JSON object, got {}",
                json_kind(&other)
            )))
        }
    };
    let raw_value = match object.remove("incident") {
        Some(inner @ serde_json::Value::Object(_)) => inner,
        Some(other) => {
            return Err(error(format!(
                "not a Statuspage incident: \"incident\" is {}, expected an object",
                json_kind(&other)
            )))
        }
        None if object.contains_key("id") && object.contains_key("incident_updates") => {
            serde_json::Value::Object(object)
        }
        None => return Err(error("not a Statuspage incident: missing field `incident`")),
    };
    let raw: RawIncident = serde_json::from_value(raw_value)
        .map_err(|e| error(format!("not a Statuspage incident: {e}")))?;
    convert_incident(raw, 0)
}

/// `/api/v2/scheduled-maintenances*.json` → maintenances soonest first.
pub fn parse_scheduled_maintenances(bytes: &[u8]) -> Result<Vec<VendorIncident>, ParseError> {
    let raw: RawMaintenances = decode(bytes, "scheduled-maintenances.json")?;
    let mut maintenances = convert_incidents(raw.scheduled_maintenances)?;
    sort_soonest_first(&mut maintenances);
    Ok(maintenances)
}

/// `/api/v2/components.json` → components (group components themselves
/// excluded; children carry their group's name).
pub fn parse_components(bytes: &[u8]) -> Result<Vec<Component>, ParseError> {
    let raw: RawComponents = decode(bytes, "components.json")?;
    Ok(convert_components(raw.components))
}

/// `/api/v2/status.json` → (indicator status, description).
pub fn parse_status(bytes: &[u8]) -> Result<(Status, Option<String>), ParseError> {
    let raw: RawStatusPayload = decode(bytes, "status.json")?;
    Ok((
        indicator_status(&raw.status.indicator),
        non_empty(raw.status.description),
    ))
}

/// The `summary.json` URL to poll for what a user typed:
/// `https://www.githubstatus.com`, `https://www.githubstatus.com/`,
/// `githubstatus.com/api/v2/summary.json`, `https://abcd1234.statuspage.io`.
///
/// A bare host gets `https://`. A URL whose path already ends in `.json` is
/// kept as is (scheme and host lower-cased). Otherwise the query and fragment
/// are dropped and `/api/v2/summary.json` is appended to the path (or
/// `/summary.json` to a path ending in `/api/v2`).
pub fn summary_url(input: &str) -> Result<String, ParseError> {
    let input = input.trim();
    if input.is_empty() {
        return Err(error("empty URL"));
    }
    if input.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(error(format!("URL {input:?} contains spaces")));
    }
    // "scheme://" only counts when it is a scheme, not a "://" in a query.
    let scheme_end = input.find("://").filter(|&at| {
        input[..at]
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
    });
    let (scheme, rest) = match scheme_end {
        Some(at) => (input[..at].to_ascii_lowercase(), &input[at + 3..]),
        None => ("https".to_owned(), input),
    };
    if scheme != "http" && scheme != "https" {
        return Err(error(format!(
            "URL {input:?}: unsupported scheme {scheme:?} (use http or https)"
        )));
    }
    let authority_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let (authority, tail) = rest.split_at(authority_end);
    let authority = check_authority(input, authority)?;

    let path_end = tail.find(['?', '#']).unwrap_or(tail.len());
    let path = &tail[..path_end];
    if path.to_ascii_lowercase().ends_with(".json") {
        return Ok(format!("{scheme}://{authority}{tail}"));
    }
    let path = path.trim_end_matches('/');
    if path.to_ascii_lowercase().ends_with("/api/v2") {
        Ok(format!("{scheme}://{authority}{path}/summary.json"))
    } else {
        Ok(format!("{scheme}://{authority}{path}/api/v2/summary.json"))
    }
}

/// Checks `host[:port]` (or `[v6]:port`) and returns it lower-cased.
fn check_authority(input: &str, authority: &str) -> Result<String, ParseError> {
    if authority.contains('@') {
        return Err(error(format!(
            "URL {input:?}: credentials in a status-page URL are not supported"
        )));
    }
    let (host, port) = if let Some(v6) = authority.strip_prefix('[') {
        let Some(close) = v6.find(']') else {
            return Err(error(format!("URL {input:?}: unclosed '[' in host")));
        };
        let (address, after) = (&v6[..close], &v6[close + 1..]);
        if address.is_empty()
            || !address
                .chars()
                .all(|c| c.is_ascii_hexdigit() || c == ':' || c == '.')
        {
            return Err(error(format!("URL {input:?}: invalid IPv6 host")));
        }
        let port = match after.strip_prefix(':') {
            Some(port) => Some(port),
            None if after.is_empty() => None,
            None => return Err(error(format!("URL {input:?}: invalid host"))),
        };
        (&authority[..close + 2], port)
    } else {
        match authority.split_once(':') {
            Some((host, port)) => (host, Some(port)),
            None => (authority, None),
        }
    };
    if host.is_empty() {
        return Err(error(format!("URL {input:?} has no host")));
    }
    if !host.starts_with('[') {
        let valid_chars = host
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '-' | '.' | '_'));
        if !valid_chars || host.starts_with('.') || host.contains("..") {
            return Err(error(format!("URL {input:?}: invalid host {host:?}")));
        }
    }
    if let Some(port) = port {
        let valid = !port.is_empty()
            && port.len() <= 5
            && port.bytes().all(|b| b.is_ascii_digit())
            && port.parse::<u32>().is_ok_and(|p| (1..=65535).contains(&p));
        if !valid {
            return Err(error(format!("URL {input:?}: invalid port {port:?}")));
        }
    }
    Ok(authority.to_lowercase())
}

// ---------------------------------------------------------------------------
// Vocabulary

/// A component's status word.
fn component_status(word: &str) -> Status {
    match word.trim().to_ascii_lowercase().as_str() {
        "operational" => Status::Operational,
        "degraded_performance" => Status::Degraded,
        "partial_outage" => Status::PartialOutage,
        "major_outage" => Status::MajorOutage,
        "under_maintenance" => Status::Maintenance,
        _ => Status::Unknown,
    }
}

/// The page indicator (`status.indicator`).
fn indicator_status(word: &str) -> Status {
    match word.trim().to_ascii_lowercase().as_str() {
        "none" => Status::Operational,
        "minor" => Status::Degraded,
        "major" => Status::PartialOutage,
        "critical" => Status::MajorOutage,
        "maintenance" => Status::Maintenance,
        _ => Status::Unknown,
    }
}

/// An incident's or maintenance's impact: the same words as the indicator.
fn impact_status(word: &str) -> Status {
    indicator_status(word)
}

// ---------------------------------------------------------------------------
// Raw shapes

#[derive(Deserialize)]
struct RawSummary {
    page: RawPage,
    #[serde(default)]
    components: Option<Vec<RawComponent>>,
    #[serde(default, deserialize_with = "nullable")]
    incidents: Vec<RawIncident>,
    #[serde(default, deserialize_with = "nullable")]
    scheduled_maintenances: Vec<RawIncident>,
    #[serde(default)]
    status: Option<RawStatus>,
}

#[derive(Deserialize)]
struct RawIncidents {
    incidents: Vec<RawIncident>,
}

#[derive(Deserialize)]
struct RawMaintenances {
    scheduled_maintenances: Vec<RawIncident>,
}

#[derive(Deserialize)]
struct RawComponents {
    components: Vec<RawComponent>,
}

#[derive(Deserialize)]
struct RawStatusPayload {
    status: RawStatus,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct RawPage {
    #[serde(deserialize_with = "nullable")]
    name: String,
    updated_at: Option<String>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct RawStatus {
    #[serde(deserialize_with = "nullable")]
    indicator: String,
    #[serde(deserialize_with = "nullable")]
    description: String,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct RawComponent {
    #[serde(deserialize_with = "nullable")]
    id: String,
    #[serde(deserialize_with = "nullable")]
    name: String,
    #[serde(deserialize_with = "nullable")]
    status: String,
    group_id: Option<String>,
    #[serde(deserialize_with = "nullable")]
    group: bool,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct RawIncident {
    #[serde(deserialize_with = "nullable")]
    id: String,
    #[serde(deserialize_with = "nullable")]
    name: String,
    #[serde(deserialize_with = "nullable")]
    status: String,
    #[serde(deserialize_with = "nullable")]
    impact: String,
    created_at: Option<String>,
    started_at: Option<String>,
    resolved_at: Option<String>,
    scheduled_for: Option<String>,
    scheduled_until: Option<String>,
    shortlink: Option<String>,
    #[serde(deserialize_with = "nullable")]
    incident_updates: Vec<RawUpdate>,
    #[serde(deserialize_with = "nullable")]
    components: Vec<RawComponent>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct RawUpdate {
    #[serde(deserialize_with = "nullable")]
    status: String,
    #[serde(deserialize_with = "nullable")]
    body: String,
    created_at: Option<String>,
    display_at: Option<String>,
}

/// `null` reads as the type's default (empty list, empty string, false).
fn nullable<'de, D, T>(deserializer: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de> + Default,
{
    Ok(Option::<T>::deserialize(deserializer)?.unwrap_or_default())
}

// ---------------------------------------------------------------------------
// Conversion

fn decode<T: DeserializeOwned>(bytes: &[u8], what: &str) -> Result<T, ParseError> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let start = bytes
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(bytes.len());
    let body = &bytes[start..];
    if body.is_empty() {
        return Err(error(format!("empty body, expected Statuspage {what}")));
    }
    let kind = match body[0] {
        b'<' => {
            return Err(error(format!(
                "got an HTML/XML document, expected Statuspage {what}"
            )))
        }
        b'[' => Some("an array"),
        b'"' => Some("a string"),
        b'-' | b'0'..=b'9' => Some("a number"),
        b't' | b'f' => Some("a boolean"),
        b'n' => Some("null"),
        // An object, or not JSON at all: the parser says where it breaks.
        _ => None,
    };
    if let Some(kind) = kind {
        // Checked up front: a derived struct would also read a positional array.
        return Err(error(format!(
            "not a Statuspage {what}: expected a JSON object, got {kind}"
        )));
    }
    serde_json::from_slice(body).map_err(|e| {
        use serde_json::error::Category;
        match e.classify() {
            Category::Data => error(format!("not a Statuspage {what}: {e}")),
            Category::Syntax | Category::Eof | Category::Io => {
                error(format!("invalid JSON, expected Statuspage {what}: {e}"))
            }
        }
    })
}

fn convert_components(raw: Vec<RawComponent>) -> Vec<Component> {
    let names: HashMap<&str, &str> = raw
        .iter()
        .filter(|c| !c.id.is_empty())
        .map(|c| (c.id.as_str(), c.name.trim()))
        .collect();
    // A component is a group when it says so, or when another one names it
    // as its group.
    let groups: HashSet<&str> = raw
        .iter()
        .filter(|c| c.group)
        .map(|c| c.id.as_str())
        .chain(raw.iter().filter_map(|c| c.group_id.as_deref()))
        .collect();
    raw.iter()
        .filter(|c| !c.group && (c.id.is_empty() || !groups.contains(c.id.as_str())))
        .filter(|c| !c.name.trim().is_empty())
        .map(|c| Component {
            name: c.name.trim().to_owned(),
            group: c
                .group_id
                .as_deref()
                .and_then(|id| names.get(id))
                .filter(|name| !name.is_empty())
                .map(|name| (*name).to_owned()),
            status: component_status(&c.status),
        })
        .collect()
}

fn convert_incidents(raw: Vec<RawIncident>) -> Result<Vec<VendorIncident>, ParseError> {
    raw.into_iter()
        .enumerate()
        .map(|(index, incident)| convert_incident(incident, index))
        .collect()
}

fn convert_incident(raw: RawIncident, index: usize) -> Result<VendorIncident, ParseError> {
    let id = raw.id.trim().to_owned();
    if id.is_empty() {
        return Err(error(format!(
            "incident #{} ({:?}) has no id",
            index + 1,
            raw.name
        )));
    }
    let mut updates: Vec<IncidentUpdate> = raw
        .incident_updates
        .into_iter()
        .filter_map(|update| {
            // display_at is the time the page shows (it can be back-dated).
            let at = time(update.display_at.as_deref())
                .or_else(|| time(update.created_at.as_deref()))?;
            Some(IncidentUpdate {
                status: update.status.trim().to_owned(),
                body: super::plain_text(&update.body),
                at,
            })
        })
        .collect();
    updates.sort_by_key(|update| std::cmp::Reverse(update.at));

    let status = match raw.status.trim() {
        "" => updates
            .first()
            .map(|u| u.status.clone())
            .unwrap_or_default(),
        word => word.to_owned(),
    };
    // The earlier of started_at and created_at: back-filled incidents carry
    // the back-dated time in created_at and the posting time in started_at.
    let started_at = match (
        time(raw.started_at.as_deref()),
        time(raw.created_at.as_deref()),
    ) {
        (Some(started), Some(created)) => Some(started.min(created)),
        (started, created) => started.or(created),
    };
    Ok(VendorIncident {
        id,
        title: raw.name.trim().to_owned(),
        status,
        impact: impact_status(&raw.impact),
        started_at,
        resolved_at: time(raw.resolved_at.as_deref()),
        url: raw.shortlink.and_then(non_empty),
        updates,
        components: raw
            .components
            .into_iter()
            .map(|c| c.name.trim().to_owned())
            .filter(|name| !name.is_empty())
            .collect(),
        scheduled_for: time(raw.scheduled_for.as_deref()),
        scheduled_until: time(raw.scheduled_until.as_deref()),
    })
}

/// Newest first by start; incidents without a time go last.
fn sort_newest_first(incidents: &mut [VendorIncident]) {
    incidents.sort_by_key(|incident| std::cmp::Reverse(incident.started_at));
}

/// Soonest first by scheduled start; maintenances without a time go last.
fn sort_soonest_first(maintenances: &mut [VendorIncident]) {
    let key = |m: &VendorIncident| m.scheduled_for.or(m.started_at);
    maintenances.sort_by(|a, b| match (key(a), key(b)) {
        (Some(a), Some(b)) => a.cmp(&b),
        (Some(_), None) => Ordering::Less,
        (None, Some(_)) => Ordering::Greater,
        (None, None) => Ordering::Equal,
    });
}

/// An RFC 3339 vendor time in UTC; unreadable times read as absent.
fn time(text: Option<&str>) -> Option<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(text?.trim())
        .ok()
        .map(|t| t.with_timezone(&Utc))
}

fn non_empty(text: String) -> Option<String> {
    let trimmed = text.trim();
    if trimmed.is_empty() {
        None
    } else if trimmed.len() == text.len() {
        Some(text)
    } else {
        Some(trimmed.to_owned())
    }
}

fn json_kind(value: &serde_json::Value) -> &'static str {
    match value {
        serde_json::Value::Null => "null",
        serde_json::Value::Bool(_) => "a boolean",
        serde_json::Value::Number(_) => "a number",
        serde_json::Value::String(_) => "a string",
        serde_json::Value::Array(_) => "an array",
        serde_json::Value::Object(_) => "an object",
    }
}

fn error(message: impl Into<String>) -> ParseError {
    ParseError::new(FORMAT, message)
}

#[cfg(test)]
mod tests;
