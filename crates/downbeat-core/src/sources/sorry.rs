//! Sorry™ status pages (sorryapp.com): `<page>/api/v1/` (the page) with
//! `<page>/api/v1/components` as the companion, or the hosted API's
//! `https://api.sorryapp.com/v1/pages/<id>/components` on its own.
//!
//! **Built from a documented shape, not a capture** (none was found): the
//! page answers `{page{name, state, state_text, links{components,
//! notices}}}`, its components `{components[{id, name, state, parent_id}]}`
//! (TheLion/statuspage-HA `providers/sorry.py`); the hosted API answers
//! `{response[{name, state}]}` (inket/stts `SorryService.swift`). Notices,
//! the extra document (`/api/v1/notices?timeline_state=present`), are
//! `{notices[{id, type, state, subject, url, began_at, begins_at, ends_at,
//! latest_update{content}}]}` (TheLion/statuspage-HA `providers/sorry.py`
//! and its tests): `unplanned` ones are incidents (open unless `resolved`;
//! Sorry gives no severity, so their impact is unknown and the page's own
//! state decides), `planned` ones maintenances (`underway` → in progress,
//! `scheduled` → upcoming until its window opens by the clock, gone once
//! it ends).
//!
//! Words: page `operational` → operational, `degraded` → degraded,
//! `maintenance` → maintenance; component `operational` → operational,
//! `partially-degraded` → degraded, `degraded` → partial outage (Sorry's
//! worst component word); others → unknown. Components with a `parent_id`
//! carry their parent's name as group; parents are left out. The page: the
//! worst known of its state and its components.

use super::dates::json_time;
use super::payload::{self, Shape};
use super::ParseError;
use crate::model::{Component, IncidentUpdate, Snapshot, Status, VendorIncident};
use chrono::{DateTime, Utc};
use serde_json::Value;

const FORMAT: &str = "sorry";
const WHAT: &str = "Sorry status page API (/api/v1/ or /api/v1/components)";

/// The page (or a components list) and, when fetched, its components and
/// its present notices.
pub fn parse_page(
    bytes: &[u8],
    components: Option<&[u8]>,
    notices: Option<&[u8]>,
    now: DateTime<Utc>,
) -> Result<Snapshot, ParseError> {
    let value: Value = payload::decode_json(FORMAT, bytes, Shape::Object, WHAT)?;
    let page = &value["page"];
    let own = component_list(&value);
    if !page["state"].is_string() && own.is_none() {
        return Err(ParseError::new(
            FORMAT,
            format!("not a {WHAT}: it needs \"page.state\", \"components\" or \"response\""),
        ));
    }
    // A companion that is not a components list leaves the page coarser.
    let companion = components
        .and_then(|bytes| serde_json::from_slice::<Value>(bytes).ok())
        .and_then(|value| component_list(&value).map(<[Value]>::to_vec));
    let list = own.map(<[Value]>::to_vec).or(companion).unwrap_or_default();
    let parents: Vec<&Value> = list
        .iter()
        .filter_map(|c| c.get("parent_id").filter(|id| !id.is_null()))
        .collect();
    let name_of = |id: &Value| {
        list.iter()
            .find(|c| &c["id"] == id)
            .and_then(|c| c["name"].as_str())
            .and_then(payload::non_empty)
    };
    let components: Vec<Component> = list
        .iter()
        .filter(|c| !parents.contains(&&c["id"]) || c["id"].is_null())
        .filter_map(|c| {
            Some(Component {
                name: payload::non_empty(&payload::vendor_text(c["name"].as_str()?))?,
                group: c.get("parent_id").and_then(name_of),
                status: match c["state"].as_str().unwrap_or_default() {
                    "operational" => Status::Operational,
                    "partially-degraded" => Status::Degraded,
                    "degraded" => Status::PartialOutage,
                    _ => Status::Unknown,
                },
            })
        })
        .collect();
    let page_state = match page["state"].as_str() {
        Some("operational") => Some(Status::Operational),
        Some("degraded") => Some(Status::Degraded),
        Some("maintenance") => Some(Status::Maintenance),
        _ => None,
    };
    let parts = components.iter().map(|c| c.status).chain(page_state);
    let (incidents, maintenances) = read_notices(notices, now);
    Ok(Snapshot {
        page_name: page["name"].as_str().and_then(payload::non_empty),
        status: payload::page_status(parts),
        description: page["state_text"].as_str().and_then(payload::non_empty),
        updated_at: json_time(&page["updated_at"]),
        components,
        incidents,
        maintenances,
    })
}

/// Open incidents and current or upcoming maintenances of the notices; a
/// notices document that does not read leaves the page without them.
fn read_notices(
    notices: Option<&[u8]>,
    now: DateTime<Utc>,
) -> (Vec<VendorIncident>, Vec<VendorIncident>) {
    let value = notices.and_then(|b| serde_json::from_slice::<Value>(b).ok());
    let list = value
        .as_ref()
        .and_then(|v| v["notices"].as_array())
        .map(Vec::as_slice)
        .unwrap_or_default();
    let (mut incidents, mut maintenances) = (Vec::new(), Vec::new());
    for notice in list {
        let Some(title) = notice["subject"].as_str().and_then(payload::non_empty) else {
            continue;
        };
        let state = notice["state"].as_str().unwrap_or_default();
        let id = match &notice["id"] {
            Value::String(id) => id.clone(),
            other => other.to_string(),
        };
        let latest = &notice["latest_update"];
        let update = json_time(&notice["updated_at"]).map(|at| IncidentUpdate {
            status: state.to_owned(),
            body: latest["content"]
                .as_str()
                .map(payload::vendor_text)
                .unwrap_or_default(),
            at,
        });
        let url = notice["url"].as_str().map(str::to_owned);
        match notice["type"].as_str() {
            Some("unplanned") if state != "resolved" => incidents.push(VendorIncident {
                id,
                title,
                status: state.to_owned(),
                impact: Status::Unknown,
                started_at: json_time(&notice["began_at"]),
                resolved_at: None,
                url,
                updates: update.into_iter().collect(),
                components: Vec::new(),
                scheduled_for: None,
                scheduled_until: None,
            }),
            Some("planned") => {
                let from = json_time(&notice["begins_at"]);
                let until = json_time(&notice["ends_at"]);
                if until.is_some_and(|end| end <= now) || !matches!(state, "scheduled" | "underway")
                {
                    continue;
                }
                let started = state == "underway" || from.is_some_and(|at| at <= now);
                let stage = if started { "in_progress" } else { "scheduled" };
                let mut planned = payload::planned(id, title, stage, from, until);
                planned.url = url;
                maintenances.push(planned);
            }
            _ => {}
        }
    }
    payload::sort_newest_first(&mut incidents);
    payload::sort_soonest_first(&mut maintenances);
    (incidents, maintenances)
}

/// `components[]` (a page's API) or `response[]` (the hosted API), when
/// its entries have a `state`.
fn component_list(value: &Value) -> Option<&[Value]> {
    ["components", "response"].iter().find_map(|key| {
        let list = value[*key].as_array()?;
        (!list.is_empty() && list.iter().all(|c| c["state"].is_string())).then_some(list.as_slice())
    })
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::*;
    use crate::sources::testing::{hostile_json_inputs, ts};

    fn now() -> DateTime<Utc> {
        ts("2026-03-20T12:00:00Z")
    }

    use crate::sources::documented::SORRY_COMPONENTS as COMPONENTS;
    use crate::sources::documented::SORRY_HOSTED as HOSTED;
    use crate::sources::documented::SORRY_NOTICES as NOTICES;
    use crate::sources::documented::SORRY_PAGE as PAGE;

    #[test]
    fn the_page_with_its_components() {
        let page = parse_page(PAGE.as_bytes(), Some(COMPONENTS.as_bytes()), None, now()).unwrap();
        assert_eq!(page.page_name.as_deref(), Some("Acme"));
        assert_eq!(
            page.description.as_deref(),
            Some("Some systems are degraded")
        );
        let statuses = crate::sources::testing::grouped_statuses(&page.components);
        assert_eq!(
            statuses,
            [
                ("API", Some("Platform"), Status::Degraded),
                ("Dashboard", Some("Platform"), Status::Operational),
                ("Email", None, Status::PartialOutage)
            ]
        );
        assert_eq!(page.status, Status::PartialOutage);
        // Without the components, the page's own state.
        let alone = parse_page(PAGE.as_bytes(), Some(b"not found"), None, now()).unwrap();
        assert_eq!(alone.status, Status::Degraded);
        assert!(alone.components.is_empty());
    }

    #[test]
    fn a_components_list_alone_and_the_hosted_api() {
        let list = parse_page(COMPONENTS.as_bytes(), None, None, now()).unwrap();
        assert_eq!(list.components.len(), 3);
        assert_eq!(list.status, Status::PartialOutage);
        let hosted = parse_page(HOSTED.as_bytes(), None, None, now()).unwrap();
        assert_eq!(hosted.status, Status::Degraded);
        assert_eq!(hosted.components[1].name, "Checkout");
        let maintenance = br#"{"page": {"name": "Acme", "state": "maintenance"}}"#;
        assert_eq!(
            parse_page(maintenance, None, None, now()).unwrap().status,
            Status::Maintenance
        );
        for (what, bytes) in hostile_json_inputs() {
            assert!(parse_page(&bytes, None, None, now()).is_err(), "{what}");
        }
        // Statuspage's components.json has "status", not "state".
        assert!(parse_page(
            br#"{"components": [{"name": "x", "status": "operational"}]}"#,
            None,
            None,
            now()
        )
        .is_err());
    }

    #[test]
    fn notices_are_incidents_and_maintenances() {
        let read = |now: &str| {
            parse_page(
                PAGE.as_bytes(),
                Some(COMPONENTS.as_bytes()),
                Some(NOTICES.as_bytes()),
                ts(now),
            )
            .unwrap()
        };
        let page = read("2026-03-20T12:00:00Z");
        // The page's own state still decides; notices add what is going on.
        assert_eq!(page.status, Status::PartialOutage);
        let open: Vec<(&str, &str)> = page
            .incidents
            .iter()
            .map(|i| (i.title.as_str(), i.status.as_str()))
            .collect();
        assert_eq!(open, [("High latency on the API", "investigating")]);
        assert_eq!(page.incidents[0].impact, Status::Unknown);
        assert_eq!(page.incidents[0].updates[0].body, "Looking into it.");
        assert_eq!(
            page.incidents[0].url.as_deref(),
            Some("https://status.acme.test/notices/101")
        );
        let planned: Vec<(&str, &str)> = page
            .maintenances
            .iter()
            .map(|m| (m.title.as_str(), m.status.as_str()))
            .collect();
        assert_eq!(
            planned,
            [
                ("Queue upgrade", "in_progress"),
                ("Database migration", "scheduled")
            ]
        );
        // Once its window opens the migration is under way; once it ends, gone.
        let during = read("2026-03-25T03:00:00Z");
        assert_eq!(during.maintenances[1].status, "in_progress");
        let after = read("2026-03-25T05:00:00Z");
        assert_eq!(after.maintenances.len(), 1);
        // Notices that do not read leave the page as it was.
        let broken = parse_page(PAGE.as_bytes(), None, Some(b"<html>"), now()).unwrap();
        assert!(broken.incidents.is_empty() && broken.maintenances.is_empty());
        assert_eq!(broken.status, Status::Degraded);
    }
}
