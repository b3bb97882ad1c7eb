//! Sorry™ status pages (sorryapp.com): `<page>/api/v1/` (the page) with
//! `<page>/api/v1/components` as the companion, or the hosted API's
//! `https://api.sorryapp.com/v1/pages/<id>/components` on its own.
//!
//! **Built from a documented shape, not a capture** (none was found): the
//! page answers `{page{name, state, state_text, links{components,
//! notices}}}`, its components `{components[{id, name, state, parent_id}]}`
//! (TheLion/statuspage-HA `providers/sorry.py`); the hosted API answers
//! `{response[{name, state}]}` (inket/stts `SorryService.swift`). Notices
//! (`/api/v1/notices`) are not read: the page's own state already says how
//! it is.
//!
//! Words: page `operational` → operational, `degraded` → degraded,
//! `maintenance` → maintenance; component `operational` → operational,
//! `partially-degraded` → degraded, `degraded` → partial outage (Sorry's
//! worst component word); others → unknown. Components with a `parent_id`
//! carry their parent's name as group; parents are left out. The page: the
//! worst known of its state and its components.

use super::payload::{self, Shape};
use super::ParseError;
use crate::model::{Component, Snapshot, Status};
use serde_json::Value;

const FORMAT: &str = "sorry";
const WHAT: &str = "Sorry status page API (/api/v1/ or /api/v1/components)";

/// The page (or a components list) and, when fetched, its components.
pub fn parse_page(bytes: &[u8], components: Option<&[u8]>) -> Result<Snapshot, ParseError> {
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
    Ok(Snapshot {
        page_name: page["name"].as_str().and_then(payload::non_empty),
        status: payload::page_status(parts),
        description: page["state_text"].as_str().and_then(payload::non_empty),
        updated_at: None,
        components,
        incidents: Vec::new(),
        maintenances: Vec::new(),
    })
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
    use crate::sources::testing::hostile_json_inputs;

    use crate::sources::documented::SORRY_COMPONENTS as COMPONENTS;
    use crate::sources::documented::SORRY_HOSTED as HOSTED;
    use crate::sources::documented::SORRY_PAGE as PAGE;

    #[test]
    fn the_page_with_its_components() {
        let page = parse_page(PAGE.as_bytes(), Some(COMPONENTS.as_bytes())).unwrap();
        assert_eq!(page.page_name.as_deref(), Some("Acme"));
        assert_eq!(
            page.description.as_deref(),
            Some("Some systems are degraded")
        );
        let statuses: Vec<(&str, Option<&str>, Status)> = page
            .components
            .iter()
            .map(|c| (c.name.as_str(), c.group.as_deref(), c.status))
            .collect();
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
        let alone = parse_page(PAGE.as_bytes(), Some(b"not found")).unwrap();
        assert_eq!(alone.status, Status::Degraded);
        assert!(alone.components.is_empty());
    }

    #[test]
    fn a_components_list_alone_and_the_hosted_api() {
        let list = parse_page(COMPONENTS.as_bytes(), None).unwrap();
        assert_eq!(list.components.len(), 3);
        assert_eq!(list.status, Status::PartialOutage);
        let hosted = parse_page(HOSTED.as_bytes(), None).unwrap();
        assert_eq!(hosted.status, Status::Degraded);
        assert_eq!(hosted.components[1].name, "Checkout");
        let maintenance = br#"{"page": {"name": "Acme", "state": "maintenance"}}"#;
        assert_eq!(
            parse_page(maintenance, None).unwrap().status,
            Status::Maintenance
        );
        for (what, bytes) in hostile_json_inputs() {
            assert!(parse_page(&bytes, None).is_err(), "{what}");
        }
        // Statuspage's components.json has "status", not "state".
        assert!(parse_page(
            br#"{"components": [{"name": "x", "status": "operational"}]}"#,
            None
        )
        .is_err());
    }
}
