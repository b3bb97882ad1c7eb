//! StatusHub pages (`<page>/api/statuses`).
//!
//! **Built from a documented shape, not a capture** (none was found): the
//! answer's `counters{count_status_1, count_status_2, count_status_3}` are
//! how many services are up, affected and down, as inket/stts
//! `StatusHubService.swift` reads them. Nothing else of the answer is known,
//! so the page has no components: some down and none up or affected →
//! major outage; some down → partial outage; some affected → degraded; only
//! up → operational; no count at all → unknown.

use super::payload::{self, Shape};
use super::ParseError;
use crate::model::{Snapshot, Status};
use serde_json::Value;

const FORMAT: &str = "statushub";
const WHAT: &str = "StatusHub statuses (/api/statuses)";

/// `api/statuses` → Snapshot.
pub fn parse_statuses(bytes: &[u8]) -> Result<Snapshot, ParseError> {
    let value: Value = payload::decode_json(FORMAT, bytes, Shape::Object, WHAT)?;
    let counters = &value["counters"];
    let count = |key: &str| counters[key].as_u64();
    let (Some(up), Some(affected), Some(down)) = (
        count("count_status_1"),
        count("count_status_2"),
        count("count_status_3"),
    ) else {
        return Err(ParseError::new(
            FORMAT,
            format!("not {WHAT}: \"counters\" needs count_status_1, _2 and _3"),
        ));
    };
    let status = match (up, affected, down) {
        (0, 0, 0) => Status::Unknown,
        (0, 0, _) => Status::MajorOutage,
        (_, _, 1..) => Status::PartialOutage,
        (_, 1.., 0) => Status::Degraded,
        _ => Status::Operational,
    };
    Ok(Snapshot {
        page_name: None,
        status,
        description: Some(format!("{up} up, {affected} affected, {down} down")),
        updated_at: None,
        components: Vec::new(),
        incidents: Vec::new(),
        maintenances: Vec::new(),
    })
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::*;
    use crate::sources::testing::hostile_json_inputs;

    /// Written from the documented shape (inket/stts StatusHubService.swift).
    fn counters(up: u64, affected: u64, down: u64) -> Vec<u8> {
        format!(r#"{{"counters": {{"count_status_1": {up}, "count_status_2": {affected}, "count_status_3": {down}}}}}"#)
            .into_bytes()
    }

    #[test]
    fn the_counters_decide_the_page() {
        let cases = [
            ((12, 0, 0), Status::Operational),
            ((11, 1, 0), Status::Degraded),
            ((10, 1, 1), Status::PartialOutage),
            ((0, 0, 3), Status::MajorOutage),
            ((0, 0, 0), Status::Unknown),
        ];
        for ((up, affected, down), status) in cases {
            let page = parse_statuses(&counters(up, affected, down)).unwrap();
            assert_eq!(page.status, status, "{up}/{affected}/{down}");
        }
        let page = parse_statuses(&counters(10, 1, 1)).unwrap();
        assert_eq!(
            page.description.as_deref(),
            Some("10 up, 1 affected, 1 down")
        );
        for (what, bytes) in hostile_json_inputs() {
            assert!(parse_statuses(&bytes).is_err(), "{what}");
        }
        assert!(parse_statuses(br#"{"counters": {"count_status_1": "x"}}"#).is_err());
    }
}
