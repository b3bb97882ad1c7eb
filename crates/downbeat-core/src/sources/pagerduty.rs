//! Status pages hosted by PagerDuty (`status.pagerduty.com`, `<name>.trust.pagerduty.com`
//! and custom domains): the HTML page embeds one JSON document in
//! `<script id="data" type="application/json">`, read here without running
//! anything: `summary.open_incidents[{id, title, updates[]}]` (updates newest
//! first, each with `severity`, `status`, `message` (HTML), `reported_at`,
//! `impacted_business_services[{business_service_id, name, severity}]`) and
//! `layout.layout_settings` (`business_services` tree, the `statusPage`
//! headline).
//!
//! Severity: `all_good` → operational, `minor` → degraded, `major` → major
//! outage, `maintenance` → maintenance. An open incident's impact is the
//! severity of its newest update; a business service is at the worst
//! severity the open incidents give it; the page is the worst known of the
//! incidents and services, operational when nothing is open (the headline
//! then describes the page).

use super::dates::json_time;
use super::payload;
use super::ParseError;
use crate::model::{Component, IncidentUpdate, Snapshot, Status, VendorIncident};
use serde_json::Value;

const FORMAT: &str = "pagerduty";
const MARKER: &str = "<script id=\"data\"";

/// The page's HTML → Snapshot.
pub fn parse_page(bytes: &[u8]) -> Result<Snapshot, ParseError> {
    let text = String::from_utf8_lossy(payload::trim_start(bytes));
    let Some(start) = text.find(MARKER) else {
        return Err(ParseError::new(
            FORMAT,
            "not a PagerDuty status page: no <script id=\"data\"> in the page",
        ));
    };
    let after = &text[start..];
    let open_end = after.find('>').map(|at| at + 1).unwrap_or(after.len());
    let Some(close) = after[open_end..].find("</script>") else {
        return Err(ParseError::new(
            FORMAT,
            "truncated page: <script id=\"data\"> never ends",
        ));
    };
    let json = &after[open_end..open_end + close];
    let value: Value = serde_json::from_str(json).map_err(|e| {
        ParseError::new(FORMAT, format!("invalid JSON in <script id=\"data\">: {e}"))
    })?;
    let Some(open) = value["summary"]["open_incidents"].as_array() else {
        return Err(ParseError::new(
            FORMAT,
            "not a PagerDuty status page: no summary.open_incidents",
        ));
    };
    let settings = &value["layout"]["layout_settings"];
    let services: Vec<&Value> = settings["business_services"]
        .as_array()
        .into_iter()
        .flatten()
        .collect();
    let group_of = |head: &Value| {
        services
            .iter()
            .find(|s| s["id"] == *head && s["grouping_element"].as_bool() == Some(true))
            .and_then(|s| s["name"].as_str())
            .and_then(payload::non_empty)
    };
    let incidents: Vec<VendorIncident> = open.iter().filter_map(convert).collect();
    let mut components: Vec<Component> = services
        .iter()
        .filter(|s| s["grouping_element"].as_bool() != Some(true))
        .filter_map(|service| {
            let id = service["id"].as_str().unwrap_or_default();
            let status = payload::page_status(
                open.iter()
                    .filter_map(|incident| incident["updates"].get(0))
                    .flat_map(|update| {
                        update["impacted_business_services"]
                            .as_array()
                            .into_iter()
                            .flatten()
                    })
                    .filter(|impact| impact["business_service_id"].as_str() == Some(id))
                    .map(|impact| severity(impact["severity"].as_str().unwrap_or_default()))
                    .chain(std::iter::once(Status::Operational)),
            );
            Some(Component {
                name: payload::non_empty(&payload::vendor_text(service["name"].as_str()?))?,
                group: group_of(&service["Head_ID"]),
                status,
            })
        })
        .collect();
    components.dedup_by(|a, b| a.name == b.name && a.group == b.group);
    let status = payload::page_status(
        incidents
            .iter()
            .map(|i| i.impact)
            .chain(components.iter().map(|c| c.status))
            .chain(std::iter::once(Status::Operational)),
    );
    let headline = &settings["statusPage"]["globalStatusHeadline"];
    Ok(Snapshot {
        page_name: settings["name"].as_str().and_then(payload::non_empty),
        status,
        description: headline.as_str().and_then(payload::non_empty),
        updated_at: incidents
            .iter()
            .filter_map(|i| i.updates.first().map(|u| u.at))
            .max(),
        components,
        incidents,
        maintenances: Vec::new(),
    })
}

fn severity(word: &str) -> Status {
    match word {
        "all_good" | "none" => Status::Operational,
        "minor" => Status::Degraded,
        "major" => Status::MajorOutage,
        "maintenance" => Status::Maintenance,
        _ => Status::Unknown,
    }
}

fn convert(raw: &Value) -> Option<VendorIncident> {
    let title = payload::non_empty(&payload::vendor_text(raw["title"].as_str()?))?;
    let list: Vec<&Value> = raw["updates"].as_array().into_iter().flatten().collect();
    let mut updates: Vec<IncidentUpdate> = list
        .iter()
        .filter_map(|u| {
            Some(IncidentUpdate {
                status: u["status"]
                    .as_str()
                    .unwrap_or("update")
                    .to_ascii_lowercase(),
                body: super::feed::html_to_text(u["message"].as_str().unwrap_or_default()),
                at: json_time(&u["reported_at"]).or_else(|| json_time(&u["created_at"]))?,
            })
        })
        .collect();
    updates.sort_by_key(|u| std::cmp::Reverse(u.at));
    let newest = list
        .iter()
        .max_by_key(|u| json_time(&u["reported_at"]).or_else(|| json_time(&u["created_at"])));
    let impact = newest.map_or(Status::Degraded, |u| {
        severity(u["severity"].as_str().unwrap_or_default())
    });
    Some(VendorIncident {
        id: raw["id"].as_str().unwrap_or_default().to_owned(),
        title,
        status: updates
            .first()
            .map_or_else(|| "investigating".to_owned(), |u| u.status.clone()),
        impact,
        started_at: updates.last().map(|u| u.at),
        resolved_at: None,
        url: None,
        components: newest
            .into_iter()
            .flat_map(|u| {
                u["impacted_business_services"]
                    .as_array()
                    .into_iter()
                    .flatten()
            })
            .filter_map(|s| s["name"].as_str().and_then(payload::non_empty))
            .collect(),
        updates,
        scheduled_for: None,
        scheduled_until: None,
    })
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::*;
    use crate::sources::testing::{fixture, truncated, ts};

    #[test]
    fn a_good_day_is_operational_with_the_headline() {
        let page = parse_page(&fixture(
            "pagerduty",
            "pagerduty-status-page-good-2023-12.html",
        ))
        .unwrap();
        assert_eq!(page.status, Status::Operational);
        assert!(page.incidents.is_empty());
        assert_eq!(
            page.description.as_deref(),
            Some("Everything is running smoothly")
        );
        assert!(!page.components.is_empty());
        assert!(page
            .components
            .iter()
            .all(|c| c.status == Status::Operational));
    }

    #[test]
    fn inconsistent_service_statuses_is_a_minor_incident_of_two_services() {
        let page = parse_page(&fixture(
            "pagerduty",
            "pagerduty-status-page-minor-2023-12-15.html",
        ))
        .unwrap();
        assert_eq!(page.status, Status::Degraded);
        assert_eq!(page.incidents.len(), 1);
        let incident = &page.incidents[0];
        assert_eq!(incident.id, "P1VQT26");
        assert_eq!(incident.title, "Inconsistent Service Statuses");
        assert_eq!(incident.updates.len(), 3);
        assert_eq!(incident.updates[0].at, ts("2023-12-15T20:53:44Z"));
        assert_eq!(incident.updates[2].status, "detected");
        assert_eq!(incident.components, ["Services (US)", "Services (EU)"]);
        let degraded: Vec<&str> = page
            .components
            .iter()
            .filter(|c| c.status == Status::Degraded)
            .map(|c| c.name.as_str())
            .collect();
        assert_eq!(degraded, ["Services (US)", "Services (EU)"]);
    }

    #[test]
    fn broken_input_is_an_error() {
        let whole = fixture("pagerduty", "pagerduty-status-page-minor-2023-12-15.html");
        assert!(parse_page(&truncated(&whole)).is_err());
        for bad in [
            &b""[..],
            b"{}",
            b"<html><body>Status</body></html>",
            b"<script id=\"data\">{\"summary\":",
        ] {
            assert!(parse_page(bad).is_err());
        }
    }
}
