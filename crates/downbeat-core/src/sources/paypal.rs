//! PayPal (`https://www.paypal-status.com/api/v1/components`):
//! `{result[{name, category{name product / api}, status{production,
//! sandbox}}]}`. No real capture was found; the shape is the one inket/stts
//! (`PayPal.swift`) and Strvm/is-it-down (`paypal.py`) read, and the tests'
//! input is written from it.
//!
//! The production status is the component's (sandbox is for developers and
//! is left out): `Operational` → operational, `Informational` →
//! operational, `Service Disruption` → partial outage, `Service Outage` →
//! major outage, `Under Maintenance` → maintenance, others → unknown.
//! Components are grouped by category; the page is the worst known one.

use super::payload::{self, Shape};
use super::ParseError;
use crate::model::{Component, Snapshot, Status};
use serde_json::Value;

const FORMAT: &str = "paypal";
const WHAT: &str = "PayPal status components (/api/v1/components)";

/// `api/v1/components` → Snapshot.
pub fn parse_components(bytes: &[u8]) -> Result<Snapshot, ParseError> {
    let value: Value = payload::decode_json(FORMAT, bytes, Shape::Object, WHAT)?;
    let Some(list) = value["result"].as_array() else {
        return Err(ParseError::new(
            FORMAT,
            format!("not {WHAT}: no \"result\" list"),
        ));
    };
    let components: Vec<Component> = list
        .iter()
        .filter_map(|raw| {
            Some(Component {
                name: payload::non_empty(&payload::vendor_text(raw["name"].as_str()?))?,
                group: raw["category"]["name"]
                    .as_str()
                    .and_then(payload::non_empty),
                status: word_status(raw["status"]["production"].as_str().unwrap_or_default()),
            })
        })
        .collect();
    if components.is_empty() && !list.is_empty() {
        return Err(ParseError::new(
            FORMAT,
            format!("not {WHAT}: no component has a name"),
        ));
    }
    Ok(Snapshot {
        page_name: Some("PayPal".to_owned()),
        status: payload::page_status(components.iter().map(|c| c.status)),
        description: None,
        updated_at: None,
        components,
        incidents: Vec::new(),
        maintenances: Vec::new(),
    })
}

fn word_status(word: &str) -> Status {
    match word.trim().to_ascii_lowercase().as_str() {
        "operational" | "informational" => Status::Operational,
        "service disruption" => Status::PartialOutage,
        "service outage" => Status::MajorOutage,
        "under maintenance" => Status::Maintenance,
        _ => Status::Unknown,
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::*;
    use crate::sources::testing::hostile_json_inputs;

    #[test]
    fn production_status_decides_and_sandbox_is_left_out() {
        let page =
            parse_components(crate::sources::documented::PAYPAL_COMPONENTS.as_bytes()).unwrap();
        assert_eq!(page.status, Status::PartialOutage);
        let statuses = crate::sources::testing::grouped_statuses(&page.components);
        assert_eq!(
            statuses,
            [
                ("Checkout", Some("product"), Status::PartialOutage),
                ("Payouts API", Some("api"), Status::Operational),
                ("Disputes", Some("product"), Status::Unknown),
            ]
        );
        for (what, bytes) in hostile_json_inputs() {
            assert!(parse_components(&bytes).is_err(), "{what}");
        }
    }
}
