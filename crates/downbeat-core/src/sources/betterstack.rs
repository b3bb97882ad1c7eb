//! Better Stack (formerly Better Uptime) status pages: `<page>/index.json`.
//!
//! JSON:API style: `data` is the `status_page` (`attributes.company_name`,
//! `aggregate_state`, `announcement`, `updated_at`), and `included` holds
//! the rest, told apart by `type`: `status_page_section` (`name`),
//! `status_page_resource` (a component: `public_name`, `status`,
//! `status_page_section_id`), `status_report` (an incident or, with
//! `report_type: maintenance`, a maintenance: `title`, `starts_at`,
//! `ends_at`, `aggregate_state`, `affected_resources`, and its updates under
//! `relationships.status_updates`) and `status_update` (`message`,
//! `published_at`). Ids are strings, but references to them may be numbers.
//!
//! Vocabulary: `operational` (and `resolved`, `recovered`) → operational,
//! `degraded` → degraded, `downtime` → major outage, `maintenance` →
//! maintenance; anything else (`not_monitored`, …) → unknown. Reports have no
//! stage words: a report reads `resolved` once its state is resolved, else
//! its state (`downtime`, `degraded`, `maintenance`); its updates read
//! `update`.

use serde::Deserialize;
use serde_json::Value;
use std::collections::HashMap;

use super::payload::{self, nullable, text_or_number, Shape};
use super::{plain_text, ParseError};
use crate::model::{Component, IncidentUpdate, Snapshot, Status, VendorIncident};

const FORMAT: &str = "betterstack";
const WHAT: &str = "Better Stack status page index.json";

/// `index.json` → Snapshot: company name, overall status (the worst of the
/// page's aggregate state and its resources), the announcement as the
/// description, resources as components (grouped by section), unresolved
/// reports as incidents newest first, unresolved maintenance reports
/// soonest first.
pub fn parse_index(bytes: &[u8]) -> Result<Snapshot, ParseError> {
    let index = Index::read(bytes)?;
    let (maintenances, incidents): (Vec<_>, Vec<_>) = index
        .reports()?
        .into_iter()
        .filter(|report| !report.is_resolved())
        .partition(|report| report.impact == Status::Maintenance);
    let mut incidents = incidents;
    let mut maintenances = maintenances;
    payload::sort_newest_first(&mut incidents);
    payload::sort_soonest_first(&mut maintenances);

    let components = index.components();
    let page = &index.page;
    let status = payload::worst(
        non_empty_status(&page.aggregate_state)
            .into_iter()
            .chain(components.iter().map(|c| c.status)),
    )
    .unwrap_or(Status::Unknown);
    Ok(Snapshot {
        page_name: payload::non_empty(&plain_text(&page.company_name)),
        status,
        description: payload::non_empty(&plain_text(&page.announcement)),
        updated_at: payload::rfc3339(page.updated_at.as_deref()),
        components,
        incidents,
        maintenances,
    })
}

/// Every status report of `index.json` (incidents and maintenances, resolved
/// ones included), newest first.
pub fn parse_reports(bytes: &[u8]) -> Result<Vec<VendorIncident>, ParseError> {
    let mut reports = Index::read(bytes)?.reports()?;
    payload::sort_newest_first(&mut reports);
    Ok(reports)
}

/// A state word (resource, report, page, history day).
fn state(word: &str) -> Status {
    match word.trim().to_ascii_lowercase().as_str() {
        "operational" | "resolved" | "recovered" => Status::Operational,
        "degraded" => Status::Degraded,
        "downtime" => Status::MajorOutage,
        "maintenance" => Status::Maintenance,
        _ => Status::Unknown,
    }
}

fn non_empty_status(word: &str) -> Option<Status> {
    payload::non_empty(word).map(|w| state(&w))
}

// ---------------------------------------------------------------------------
// Raw shapes

#[derive(Deserialize)]
struct RawIndex {
    #[serde(default)]
    data: Option<RawResource>,
    #[serde(default, deserialize_with = "nullable")]
    included: Vec<RawResource>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct RawResource {
    #[serde(deserialize_with = "text_or_number")]
    id: String,
    #[serde(rename = "type", deserialize_with = "nullable")]
    kind: String,
    attributes: Value,
    relationships: Value,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct RawPage {
    #[serde(deserialize_with = "nullable")]
    company_name: String,
    #[serde(deserialize_with = "nullable")]
    aggregate_state: String,
    #[serde(deserialize_with = "nullable")]
    announcement: String,
    updated_at: Option<String>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct RawSection {
    #[serde(deserialize_with = "nullable")]
    name: String,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct RawStatusResource {
    #[serde(deserialize_with = "text_or_number")]
    status_page_section_id: String,
    #[serde(deserialize_with = "nullable")]
    public_name: String,
    #[serde(deserialize_with = "nullable")]
    status: String,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct RawReport {
    #[serde(deserialize_with = "nullable")]
    title: String,
    #[serde(deserialize_with = "nullable")]
    report_type: String,
    starts_at: Option<String>,
    ends_at: Option<String>,
    #[serde(deserialize_with = "nullable")]
    aggregate_state: String,
    #[serde(deserialize_with = "nullable")]
    affected_resources: Vec<RawAffected>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct RawAffected {
    #[serde(deserialize_with = "text_or_number")]
    status_page_resource_id: String,
    #[serde(deserialize_with = "nullable")]
    status: String,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct RawUpdate {
    #[serde(deserialize_with = "nullable")]
    message: String,
    published_at: Option<String>,
    #[serde(deserialize_with = "text_or_number")]
    status_report_id: String,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct RawRelationships {
    status_updates: RawLinkage,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct RawLinkage {
    #[serde(deserialize_with = "nullable")]
    data: Vec<RawIdentifier>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct RawIdentifier {
    #[serde(deserialize_with = "text_or_number")]
    id: String,
}

/// Attributes of the type expected, or a clear error naming the resource.
fn attributes<T: serde::de::DeserializeOwned + Default>(
    resource: &RawResource,
) -> Result<T, ParseError> {
    match &resource.attributes {
        Value::Null => Ok(T::default()),
        value => T::deserialize(value).map_err(|e| {
            error(format!(
                "not a {WHAT}: {} {:?}: {e}",
                resource.kind, resource.id
            ))
        }),
    }
}

// ---------------------------------------------------------------------------
// Conversion

struct Index {
    page: RawPage,
    included: Vec<RawResource>,
}

impl Index {
    fn read(bytes: &[u8]) -> Result<Self, ParseError> {
        let raw: RawIndex = payload::decode_json(FORMAT, bytes, Shape::Object, WHAT)?;
        let Some(data) = raw.data else {
            return Err(error(format!("not a {WHAT}: missing field `data`")));
        };
        if data.kind != "status_page" {
            return Err(error(format!(
                "not a {WHAT}: `data` is {:?}, expected a \"status_page\"",
                data.kind
            )));
        }
        Ok(Index {
            page: attributes(&data)?,
            included: raw.included,
        })
    }

    fn of_kind<'a>(&'a self, kind: &'a str) -> impl Iterator<Item = &'a RawResource> + 'a {
        self.included.iter().filter(move |r| r.kind == kind)
    }

    /// Resources in page order, carrying their section's name.
    fn components(&self) -> Vec<Component> {
        let sections: HashMap<&str, String> = self
            .of_kind("status_page_section")
            .filter_map(|r| {
                let section: RawSection = attributes(r).ok()?;
                Some((
                    r.id.as_str(),
                    payload::non_empty(&plain_text(&section.name))?,
                ))
            })
            .collect();
        self.of_kind("status_page_resource")
            .filter_map(|r| {
                let resource: RawStatusResource = attributes(r).ok()?;
                Some(Component {
                    name: payload::non_empty(&plain_text(&resource.public_name))?,
                    group: sections
                        .get(resource.status_page_section_id.as_str())
                        .cloned(),
                    status: state(&resource.status),
                })
            })
            .collect()
    }

    fn reports(&self) -> Result<Vec<VendorIncident>, ParseError> {
        let names: HashMap<&str, String> = self
            .of_kind("status_page_resource")
            .filter_map(|r| {
                let resource: RawStatusResource = attributes(r).ok()?;
                Some((
                    r.id.as_str(),
                    payload::non_empty(&plain_text(&resource.public_name))?,
                ))
            })
            .collect();
        let updates: Vec<(&str, RawUpdate)> = self
            .of_kind("status_update")
            .filter_map(|r| Some((r.id.as_str(), attributes(r).ok()?)))
            .collect();
        self.of_kind("status_report")
            .map(|resource| {
                let report: RawReport = attributes(resource)?;
                let linked: RawRelationships =
                    RawRelationships::deserialize(&resource.relationships).unwrap_or_default();
                let linked: Vec<&str> = linked
                    .status_updates
                    .data
                    .iter()
                    .map(|d| d.id.as_str())
                    .collect();
                let own = updates.iter().filter(|(id, update)| {
                    linked.contains(id) || update.status_report_id == resource.id
                });
                convert_report(resource, report, own.map(|(_, u)| u), &names)
            })
            .collect()
    }
}

fn convert_report<'a>(
    resource: &RawResource,
    raw: RawReport,
    updates: impl Iterator<Item = &'a RawUpdate>,
    names: &HashMap<&str, String>,
) -> Result<VendorIncident, ParseError> {
    let Some(id) = payload::non_empty(&resource.id) else {
        return Err(error(format!("status report {:?} has no id", raw.title)));
    };
    let mut updates: Vec<IncidentUpdate> = updates
        .filter_map(|update| {
            Some(IncidentUpdate {
                status: "update".to_owned(),
                body: plain_text(&update.message),
                at: payload::rfc3339(update.published_at.as_deref())?,
            })
        })
        .collect();
    updates.sort_by_key(|update| std::cmp::Reverse(update.at));

    let maintenance = raw.report_type.trim().eq_ignore_ascii_case("maintenance");
    let state_word = raw.aggregate_state.trim().to_ascii_lowercase();
    let resolved = state_word == "resolved";
    let impact = if maintenance {
        Status::Maintenance
    } else {
        payload::worst(raw.affected_resources.iter().map(|a| state(&a.status)))
            .or_else(|| non_empty_status(&state_word).filter(|_| !resolved))
            .unwrap_or(Status::Unknown)
    };
    let starts = payload::rfc3339(raw.starts_at.as_deref());
    let ends = payload::rfc3339(raw.ends_at.as_deref());
    let mut components: Vec<String> = Vec::new();
    for affected in &raw.affected_resources {
        if let Some(name) = names.get(affected.status_page_resource_id.as_str()) {
            if !components.contains(name) {
                components.push(name.clone());
            }
        }
    }
    Ok(VendorIncident {
        id,
        title: plain_text(&raw.title),
        status: match state_word.as_str() {
            "" => "unknown".to_owned(),
            word => word.to_owned(),
        },
        impact,
        started_at: starts,
        resolved_at: if resolved {
            ends.or_else(|| updates.first().map(|u| u.at))
        } else {
            None
        },
        url: None,
        updates,
        components,
        scheduled_for: starts.filter(|_| maintenance),
        scheduled_until: ends.filter(|_| maintenance),
    })
}

fn error(message: impl Into<String>) -> ParseError {
    ParseError::new(FORMAT, message)
}

#[cfg(test)]
mod tests;
