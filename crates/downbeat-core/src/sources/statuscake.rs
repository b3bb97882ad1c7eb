//! StatusCake public reports
//! (`https://app.statuscake.com/Workfloor/PublicReportHandler.php?PublicID=<id>`,
//! plain or as JSONP with `&callback=`).
//!
//! **Built from a documented shape, not a capture** (none was found):
//! `{TestData[{Name, Status}]}` with `Status` `Up` or `Down`, as inket/stts
//! `StatusCakeService.swift` and pages that embed the report read it.
//!
//! Each test is a component: `Up` → operational, `Down` → major outage,
//! another word → unknown. The page: some down → partial outage, all down →
//! major outage, else the worst known test.

use super::payload::{self, Shape};
use super::ParseError;
use crate::model::{Component, Snapshot, Status};
use serde_json::Value;

const FORMAT: &str = "statuscake";
const WHAT: &str = "StatusCake public report";

/// `PublicReportHandler.php?PublicID=…` → Snapshot.
pub fn parse_report(bytes: &[u8]) -> Result<Snapshot, ParseError> {
    let value: Value = payload::decode_json(
        FORMAT,
        super::apple::unwrap_jsonp(bytes),
        Shape::Object,
        WHAT,
    )?;
    let Some(tests) = value["TestData"].as_array() else {
        return Err(ParseError::new(
            FORMAT,
            format!("not a {WHAT}: it needs a \"TestData\" list"),
        ));
    };
    let components: Vec<Component> = tests
        .iter()
        .filter_map(|test| {
            Some(Component {
                name: payload::non_empty(&payload::vendor_text(test["Name"].as_str()?))?,
                group: None,
                status: match test["Status"].as_str() {
                    Some("Up") => Status::Operational,
                    Some("Down") => Status::MajorOutage,
                    _ => Status::Unknown,
                },
            })
        })
        .collect();
    Ok(Snapshot {
        page_name: None,
        status: payload::monitors_status(&components),
        description: None,
        updated_at: None,
        components,
        incidents: Vec::new(),
        maintenances: Vec::new(),
    })
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::*;
    use crate::sources::testing::{hostile_json_inputs, statuses};

    use crate::sources::documented::STATUSCAKE_REPORT as DOCUMENTED;

    #[test]
    fn each_test_is_a_component() {
        let page = parse_report(DOCUMENTED.as_bytes()).unwrap();
        assert_eq!(
            statuses(&page),
            [
                ("Website", Status::Operational),
                ("API", Status::MajorOutage),
                ("Mail", Status::Unknown)
            ]
        );
        assert_eq!(page.status, Status::PartialOutage);
        let jsonp = format!("cb({DOCUMENTED});");
        assert_eq!(parse_report(jsonp.as_bytes()).unwrap().components.len(), 3);
        let all_up = br#"{"TestData": [{"Name": "Website", "Status": "Up"}]}"#;
        assert_eq!(parse_report(all_up).unwrap().status, Status::Operational);
        for (what, bytes) in hostile_json_inputs() {
            assert!(parse_report(&bytes).is_err(), "{what}");
        }
    }
}
