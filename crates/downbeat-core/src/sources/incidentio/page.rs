//! The incident.io status page as HTML: the JSON embedded in its Next.js
//! `self.__next_f.push([1, "…"])` chunks.
//!
//! Each chunk's second element is a JSON string; joined in order they form a
//! React Server Components stream of rows, `<hex id>:<JSON>\n` or
//! `<hex id>:T<hex byte length>,<text>` (long texts, referenced elsewhere as
//! `"$<id>"`). Inside the JSON, strings starting with `$` are React's own
//! (`"$undefined"`, references), and a literal leading `$` is written `$$`.
//! Nothing is executed: the chunks are read as JSON, and the objects wanted
//! are found by their keys with a string-aware bracket scan, then parsed.

use serde::Deserialize;
use serde_json::Value;
use std::collections::HashMap;

use super::stream::{flight_text, Rows};
use super::{
    component_status, error, lenient, lenient_list, merge_component, page_status,
    sort_newest_first, stage, Kind,
};
use crate::model::{Component, IncidentUpdate, Snapshot, Status, VendorIncident};
use crate::sources::{payload, plain_text, ParseError};

const PAGE: &str = "incident.io status page (HTML)";

/// A saved or fetched incident.io status page → Snapshot: page name, the
/// components of its structure (hidden ones left out, grouped ones carrying
/// their group's name) at their current status, ongoing incidents newest
/// first with every update, open maintenances soonest first. `updated_at`
/// is the newest update of those incidents and maintenances.
pub fn parse_page(bytes: &[u8]) -> Result<Snapshot, ParseError> {
    let body = payload::trim_start(bytes);
    match body.first() {
        None => return Err(error(format!("empty body, expected an {PAGE}"))),
        Some(b'{' | b'[') => {
            return Err(error(format!(
                "got JSON, expected an {PAGE} (the widget API answer is read by parse_widget)"
            )))
        }
        _ => {}
    }
    let html = String::from_utf8_lossy(body);
    let Some(flight) = flight_text(&html) else {
        return Err(error(format!(
            "no Next.js data chunks (self.__next_f.push) in the document: not an {PAGE}"
        )));
    };
    if !body.windows(7).any(|w| w.eq_ignore_ascii_case(b"</html>")) {
        return Err(error(format!(
            "the {PAGE} is incomplete: no closing </html> (truncated?)"
        )));
    }
    let rows = Rows::split(&flight);
    let page = rows
        .objects_with_key("ongoing_incidents")
        .find(|object| object.get("ongoing_incidents").is_some_and(Value::is_array))
        .and_then(|object| serde_json::from_value::<RawPage>(object).ok())
        .ok_or_else(|| {
            error(format!(
                "no status-page data (an object with \"ongoing_incidents\") in the {PAGE}"
            ))
        })?;
    let mut links = HashMap::new();
    for object in rows.objects_with_key("incident_links") {
        if let Ok(raw) = serde_json::from_value::<RawLinks>(object) {
            for link in raw.incident_links {
                if let Some(permalink) = payload::non_empty(&link.permalink) {
                    links.entry(link.id).or_insert(permalink);
                }
            }
        }
    }
    convert_page(page, &rows, &links)
}

// ---------------------------------------------------------------------------
// Raw shapes (every field lenient: React writes "$undefined" for absent ones)

#[derive(Deserialize, Default)]
#[serde(default)]
struct RawPage {
    #[serde(deserialize_with = "lenient")]
    name: String,
    #[serde(deserialize_with = "lenient")]
    public_url: String,
    #[serde(deserialize_with = "lenient_list")]
    components: Vec<RawPageComponent>,
    #[serde(deserialize_with = "lenient")]
    structure: RawStructure,
    #[serde(deserialize_with = "lenient_list")]
    affected_components: Vec<RawAffected>,
    #[serde(deserialize_with = "lenient_list")]
    ongoing_incidents: Vec<RawPageEvent>,
    #[serde(deserialize_with = "lenient_list")]
    scheduled_maintenances: Vec<RawPageEvent>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct RawPageComponent {
    #[serde(deserialize_with = "lenient")]
    id: String,
    #[serde(deserialize_with = "lenient")]
    name: String,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct RawStructure {
    #[serde(deserialize_with = "lenient_list")]
    items: Vec<RawItem>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct RawItem {
    #[serde(deserialize_with = "lenient")]
    component: Option<RawStructureComponent>,
    #[serde(deserialize_with = "lenient")]
    group: Option<RawGroup>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct RawGroup {
    #[serde(deserialize_with = "lenient")]
    name: String,
    #[serde(deserialize_with = "lenient")]
    hidden: bool,
    #[serde(deserialize_with = "lenient_list")]
    components: Vec<RawStructureComponent>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct RawStructureComponent {
    #[serde(deserialize_with = "lenient")]
    component_id: String,
    #[serde(deserialize_with = "lenient")]
    name: String,
    #[serde(deserialize_with = "lenient")]
    hidden: bool,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct RawAffected {
    #[serde(deserialize_with = "lenient")]
    component_id: String,
    #[serde(deserialize_with = "lenient")]
    status: String,
    #[serde(deserialize_with = "lenient")]
    current_status: String,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct RawPageEvent {
    #[serde(deserialize_with = "lenient")]
    id: String,
    #[serde(deserialize_with = "lenient")]
    name: String,
    #[serde(deserialize_with = "lenient")]
    status: String,
    #[serde(deserialize_with = "lenient")]
    published_at: String,
    #[serde(deserialize_with = "lenient")]
    starts_at: String,
    #[serde(deserialize_with = "lenient")]
    ends_at: String,
    #[serde(deserialize_with = "lenient_list")]
    affected_components: Vec<RawAffected>,
    #[serde(deserialize_with = "lenient_list")]
    updates: Vec<RawPageUpdate>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct RawPageUpdate {
    #[serde(deserialize_with = "lenient")]
    published_at: String,
    #[serde(deserialize_with = "lenient")]
    to_status: String,
    #[serde(deserialize_with = "lenient")]
    message_string: String,
    message: Value,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct RawLinks {
    #[serde(deserialize_with = "lenient_list")]
    incident_links: Vec<RawLink>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct RawLink {
    #[serde(deserialize_with = "lenient")]
    id: String,
    #[serde(deserialize_with = "lenient")]
    permalink: String,
}

// ---------------------------------------------------------------------------
// Conversion

/// A component of the page: its name, group, and status now.
struct Listed {
    id: String,
    name: String,
    group: Option<String>,
    status: Status,
}

fn convert_page(
    page: RawPage,
    rows: &Rows<'_>,
    links: &HashMap<String, String>,
) -> Result<Snapshot, ParseError> {
    let mut listed: Vec<Listed> = Vec::new();
    let list = |listed: &mut Vec<Listed>, id: &str, name: &str, group: Option<String>| {
        if let Some(name) = rows.text(name).map(|n| plain_text(&n)) {
            listed.push(Listed {
                id: id.to_owned(),
                name,
                group,
                status: Status::Operational,
            });
        }
    };
    for item in &page.structure.items {
        if let Some(component) = item.component.as_ref().filter(|c| !c.hidden) {
            list(&mut listed, &component.component_id, &component.name, None);
        }
        if let Some(group) = item.group.as_ref().filter(|g| !g.hidden) {
            let group_name = rows.text(&group.name).map(|n| plain_text(&n));
            for component in group.components.iter().filter(|c| !c.hidden) {
                list(
                    &mut listed,
                    &component.component_id,
                    &component.name,
                    group_name.clone(),
                );
            }
        }
    }
    if listed.is_empty() {
        for component in &page.components {
            list(&mut listed, &component.id, &component.name, None);
        }
    }
    // Names of every known component, for the incidents' component lists.
    let mut names: HashMap<&str, String> = HashMap::new();
    for component in &page.components {
        if let Some(name) = rows.text(&component.name) {
            names.insert(component.id.as_str(), plain_text(&name));
        }
    }
    for component in &listed {
        names.insert(component.id.as_str(), component.name.clone());
    }

    let mut now: Vec<(String, Status)> = page
        .affected_components
        .iter()
        .filter_map(|a| current(rows, a, None))
        .collect();
    let mut incidents = Vec::new();
    for (index, raw) in page.ongoing_incidents.iter().enumerate() {
        let incident = convert_event(raw, Kind::Incident, index, rows, &page, links, &names)?;
        if !incident.is_resolved() {
            let fallback = Some(incident.impact);
            now.extend(
                raw.affected_components
                    .iter()
                    .filter_map(|a| current(rows, a, fallback)),
            );
            incidents.push(incident);
        }
    }
    let mut maintenances = Vec::new();
    for (index, raw) in page.scheduled_maintenances.iter().enumerate() {
        let maintenance = convert_event(raw, Kind::Scheduled, index, rows, &page, links, &names)?;
        if maintenance.status == "in_progress" {
            let fallback = Some(Status::Maintenance);
            now.extend(
                raw.affected_components
                    .iter()
                    .filter_map(|a| current(rows, a, fallback)),
            );
        }
        if !maintenance.is_resolved() {
            maintenances.push(maintenance);
        }
    }
    sort_newest_first(&mut incidents);
    payload::sort_soonest_first(&mut maintenances);

    let mut components: Vec<Component> = Vec::new();
    for component in listed {
        let status = now
            .iter()
            .filter(|(id, _)| *id == component.id)
            .fold(component.status, |worst, (_, s)| {
                crate::sources::payload::worse(worst, *s)
            });
        merge_component(&mut components, component.name, component.group, status);
    }
    let status = page_status(&components, &incidents, &maintenances);
    let updated_at = incidents
        .iter()
        .chain(&maintenances)
        .filter_map(|i| i.updates.first().map(|u| u.at))
        .max();
    Ok(Snapshot {
        page_name: rows.text(&page.name).map(|n| plain_text(&n)),
        status,
        description: None,
        updated_at,
        components,
        incidents,
        maintenances,
    })
}

/// A component's status now: its `current_status`, else `fallback` (the
/// event's impact) when there is one, else its `status`.
fn current(
    rows: &Rows<'_>,
    affected: &RawAffected,
    fallback: Option<Status>,
) -> Option<(String, Status)> {
    let status = match rows.text(&affected.current_status) {
        Some(word) => component_status(&word),
        None => fallback.or_else(|| rows.text(&affected.status).map(|w| component_status(&w)))?,
    };
    Some((affected.component_id.clone(), status))
}

fn convert_event(
    raw: &RawPageEvent,
    kind: Kind,
    index: usize,
    rows: &Rows<'_>,
    page: &RawPage,
    links: &HashMap<String, String>,
    names: &HashMap<&str, String>,
) -> Result<VendorIncident, ParseError> {
    let title = rows
        .text(&raw.name)
        .map(|n| plain_text(&n))
        .unwrap_or_default();
    let Some(id) = payload::non_empty(&raw.id) else {
        return Err(error(format!("event #{} ({title:?}) has no id", index + 1)));
    };
    let mut updates: Vec<IncidentUpdate> = raw
        .updates
        .iter()
        .filter_map(|update| {
            let at = payload::rfc3339(rows.text(&update.published_at).as_deref())?;
            let body = match rows.text(&update.message_string) {
                Some(text) => text,
                None => {
                    let mut text = String::new();
                    document_text(rows, &update.message, &mut text, 0);
                    text
                }
            };
            Some(IncidentUpdate {
                status: rows
                    .text(&update.to_status)
                    .map(|s| stage(&s))
                    .unwrap_or_default(),
                body: plain_text(&body),
                at,
            })
        })
        .collect();
    updates.sort_by_key(|update| std::cmp::Reverse(update.at));

    let status = match rows.text(&raw.status).map(|s| stage(&s)) {
        Some(word) => word,
        None => match updates.first().filter(|u| !u.status.is_empty()) {
            Some(update) => update.status.clone(),
            None if kind == Kind::Incident => "investigating".to_owned(),
            None => "scheduled".to_owned(),
        },
    };
    let impact = match kind {
        Kind::Incident => payload::worst(
            raw.affected_components
                .iter()
                .filter_map(|a| rows.text(&a.status))
                .map(|word| component_status(&word))
                .filter(|s| *s != Status::Unknown),
        )
        .unwrap_or(Status::Degraded),
        Kind::InProgress | Kind::Scheduled => Status::Maintenance,
    };
    let scheduled_for = payload::rfc3339(rows.text(&raw.starts_at).as_deref());
    let started_at = if kind == Kind::Incident {
        // The earlier of publication and the first update (updates can be
        // back-dated to when the trouble began).
        let published = payload::rfc3339(rows.text(&raw.published_at).as_deref());
        match (published, updates.last().map(|u| u.at)) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        }
    } else if status == "in_progress" {
        scheduled_for
    } else {
        None
    };
    let mut components: Vec<String> = Vec::new();
    for affected in &raw.affected_components {
        if let Some(name) = names.get(affected.component_id.as_str()) {
            if !components.contains(name) {
                components.push(name.clone());
            }
        }
    }
    let url = links.get(&id).cloned().or_else(|| {
        payload::non_empty(&page.public_url)
            .filter(|u| u.starts_with("https://") || u.starts_with("http://"))
            .map(|u| format!("{}/incidents/{id}", u.trim_end_matches('/')))
    });
    Ok(VendorIncident {
        id,
        title,
        status,
        impact,
        started_at,
        resolved_at: None,
        url,
        updates,
        components,
        scheduled_for,
        scheduled_until: payload::rfc3339(rows.text(&raw.ends_at).as_deref()),
    })
}

/// The text of a rich-text document (`{"type": "doc", "content": [...]}`):
/// text nodes in order, a newline for line breaks and after each block.
fn document_text(rows: &Rows<'_>, node: &Value, out: &mut String, depth: usize) {
    if depth > 32 {
        return;
    }
    let kind = node.get("type").and_then(Value::as_str).unwrap_or_default();
    match kind {
        "text" => {
            if let Some(text) = node.get("text").and_then(Value::as_str) {
                out.push_str(rows.raw_text(text).unwrap_or_default());
            }
        }
        "lineBreak" | "hardBreak" => out.push('\n'),
        _ => {}
    }
    if let Some(Value::Array(children)) = node.get("content") {
        for child in children {
            document_text(rows, child, out, depth + 1);
        }
    }
    if matches!(kind, "paragraph" | "heading" | "listItem" | "blockquote") {
        out.push('\n');
    }
}
