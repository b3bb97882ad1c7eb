//! Microsoft's public service status (`https://status.cloud.microsoft`):
//! `/api/posts/<surface>` (`mac`, `ppac`, `azure`) answers one post
//! `{Id, Title, Message (HTML), Status, LastUpdatedTime, …}`;
//! `/api/posts/m365Consumer` a list of them, each naming its service
//! (`ServiceDisplayName`). Azure's own status is an RSS feed that is empty
//! while all is well, read by [`feed`](super::feed).
//!
//! `Status`: `Available`, `Operational`, `ServiceRestored` → operational;
//! `ServiceDegradation`, `Investigating`, `RestoringService`,
//! `ExtendedRecovery`, `FalsePositive` → degraded; `ServiceInterruption` →
//! major outage; `Unknown` and other words → unknown. Each post is a
//! component (its service, else "Microsoft 365"); a post that is not
//! operational is also an open incident titled by its `Title`.

use super::dates::json_time;
use super::payload::{self, Shape};
use super::ParseError;
use crate::model::{Component, IncidentUpdate, Snapshot, Status, VendorIncident};
use serde_json::Value;

const FORMAT: &str = "microsoft";
const WHAT: &str = "Microsoft status post (/api/posts/…)";

/// One post or a list of posts → Snapshot.
pub fn parse_posts(bytes: &[u8]) -> Result<Snapshot, ParseError> {
    let shape = match payload::trim_start(bytes).first() {
        Some(b'[') => Shape::Array,
        _ => Shape::Object,
    };
    let value: Value = payload::decode_json(FORMAT, bytes, shape, WHAT)?;
    let posts: Vec<&Value> = match &value {
        Value::Array(list) => list.iter().collect(),
        object => vec![object],
    };
    if posts.is_empty() || !posts.iter().all(|p| p["Status"].is_string()) {
        return Err(ParseError::new(
            FORMAT,
            format!("not a {WHAT}: every post needs a \"Status\""),
        ));
    }
    let mut components = Vec::new();
    let mut incidents = Vec::new();
    let mut updated_at = None;
    for post in posts {
        let status = word_status(post["Status"].as_str().unwrap_or_default());
        let name = post["ServiceDisplayName"]
            .as_str()
            .or(post["ServiceWorkloadName"].as_str())
            .and_then(payload::non_empty)
            .unwrap_or_else(|| "Microsoft 365".to_owned());
        let at =
            json_time(&post["LastUpdatedTime"]).or_else(|| json_time(&post["AuthoredDateTime"]));
        updated_at = updated_at.max(at);
        if !matches!(status, Status::Operational | Status::Unknown) {
            let title = post["Title"]
                .as_str()
                .and_then(payload::non_empty)
                .unwrap_or_else(|| {
                    format!("{name}: {}", post["Status"].as_str().unwrap_or_default())
                });
            incidents.push(VendorIncident {
                id: post["Id"].as_str().unwrap_or_default().to_owned(),
                title,
                status: post["Status"]
                    .as_str()
                    .unwrap_or_default()
                    .to_ascii_lowercase(),
                impact: status,
                started_at: json_time(&post["AuthoredDateTime"]),
                resolved_at: None,
                url: None,
                updates: at
                    .map(|at| IncidentUpdate {
                        status: "update".to_owned(),
                        body: super::feed::html_to_text(
                            post["Message"].as_str().unwrap_or_default(),
                        ),
                        at,
                    })
                    .into_iter()
                    .collect(),
                components: vec![name.clone()],
                scheduled_for: None,
                scheduled_until: None,
            });
        }
        components.push(Component {
            name,
            group: None,
            status,
        });
    }
    payload::sort_newest_first(&mut incidents);
    Ok(Snapshot {
        page_name: Some("Microsoft".to_owned()),
        status: payload::page_status(components.iter().map(|c| c.status)),
        description: None,
        updated_at,
        components,
        incidents,
        maintenances: Vec::new(),
    })
}

fn word_status(word: &str) -> Status {
    match word.trim().to_ascii_lowercase().as_str() {
        "available" | "operational" | "servicerestored" | "serviceoperational" => {
            Status::Operational
        }
        "servicedegradation"
        | "investigating"
        | "restoringservice"
        | "extendedrecovery"
        | "falsepositive"
        | "investigationsuspended" => Status::Degraded,
        "serviceinterruption" => Status::MajorOutage,
        _ => Status::Unknown,
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::*;
    use crate::sources::testing::{fixture, hostile_json_inputs, truncated, ts};

    const FILE: &str = "m365-status-cloud-api-posts-mac-2026-09-18-available-doc-excerpt.json";

    #[test]
    fn the_mac_post_is_available() {
        let page = parse_posts(&fixture("microsoft", FILE)).unwrap();
        assert_eq!(page.status, Status::Operational);
        assert_eq!(page.components.len(), 1);
        assert!(page.incidents.is_empty());
        assert_eq!(page.updated_at, Some(ts("2026-09-18T21:24:00.490309Z")));
    }

    #[test]
    fn a_degraded_post_is_an_open_incident() {
        let text = String::from_utf8(fixture("microsoft", FILE))
            .unwrap()
            .replace("\"Available\"", "\"ServiceDegradation\"")
            .replace("\"Title\": \"\"", "\"Title\": \"Users can't sign in\"");
        let page = parse_posts(text.as_bytes()).unwrap();
        assert_eq!(page.status, Status::Degraded);
        assert_eq!(page.incidents[0].title, "Users can't sign in");
        assert!(page.incidents[0].updates[0]
            .body
            .starts_with("This site is updated when"));
    }

    #[test]
    fn broken_input_is_an_error() {
        for (what, bytes) in hostile_json_inputs() {
            assert!(parse_posts(&bytes).is_err(), "{what}");
        }
        assert!(parse_posts(&truncated(&fixture("microsoft", FILE))).is_err());
        assert!(parse_posts(b"[]").is_err());
    }
}
