//! Test support for the readers: the shared, read-only fixtures
//! (`DOWNBEAT_FIXTURES` overrides the `status-pages` directory) and inputs
//! no format accepts.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use chrono::{DateTime, Utc};
use std::path::PathBuf;

pub(crate) fn fixture(dir: &str, name: &str) -> Vec<u8> {
    let root = std::env::var_os("DOWNBEAT_FIXTURES")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            PathBuf::from(concat!(
                env!("CARGO_MANIFEST_DIR"),
                "/../../../shared/fixtures/status-pages"
            ))
        });
    let path = root.join(dir).join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("fixture {}: {e}", path.display()))
}

pub(crate) fn ts(text: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(text)
        .unwrap()
        .with_timezone(&Utc)
}

/// Inputs that no JSON format accepts: each parser must return an error
/// (never panic) for every one of them.
pub(crate) fn hostile_json_inputs() -> Vec<(&'static str, Vec<u8>)> {
    let html = b"<!DOCTYPE html>\n<html><head><title>Status</title></head><body>All Systems Operational</body></html>";
    vec![
        ("empty", b"".to_vec()),
        ("whitespace", b"  \n ".to_vec()),
        ("not json", b"All Systems Operational".to_vec()),
        ("null", b"null".to_vec()),
        ("number", b"42".to_vec()),
        ("string", b"\"ok\"".to_vec()),
        ("html", html.to_vec()),
        ("xml", b"<?xml version=\"1.0\"?><rss/>".to_vec()),
        ("deep array", "[".repeat(10_000).into_bytes()),
        ("deep object", r#"{"a":"#.repeat(10_000).into_bytes()),
        ("binary", vec![0xff, 0xfe, 0x00, 0x7b, 0x00]),
        ("trailing garbage", br#"{"status":"ok"} x"#.to_vec()),
    ]
}

/// The first half of a payload: cut mid-way, as a dropped connection leaves it.
pub(crate) fn truncated(bytes: &[u8]) -> Vec<u8> {
    bytes[..bytes.len() / 2].to_vec()
}

/// Each component's name and status, in order.
pub(crate) fn statuses(page: &crate::model::Snapshot) -> Vec<(&str, crate::model::Status)> {
    page.components
        .iter()
        .map(|c| (c.name.as_str(), c.status))
        .collect()
}

/// Each component's name, group and status, in the page's order.
pub(crate) fn grouped_statuses(
    components: &[crate::model::Component],
) -> Vec<(&str, Option<&str>, crate::model::Status)> {
    components
        .iter()
        .map(|c| (c.name.as_str(), c.group.as_deref(), c.status))
        .collect()
}
