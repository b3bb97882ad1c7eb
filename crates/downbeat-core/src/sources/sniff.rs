//! Which format an answer is in, from its content alone: the keys at the
//! top of a JSON document, the root of an XML one, the markers of an HTML
//! page. When two formats share a path (`incidents.json` is Google's and
//! Statuspage's; `index.json` is Better Stack's and cState's) the content
//! decides, not the order the paths were tried in. Pure and cheap next to a
//! parse: one JSON decode, or a look at the first bytes.

use super::payload;
use super::plan::Format;

/// How far into an XML or HTML document its markers are looked for.
const HEAD: usize = 64 * 1024;

/// The formats `bytes` looks like, most likely first; empty when none.
pub fn sniff(bytes: &[u8]) -> Vec<Format> {
    let text = payload::decode_utf16(bytes).ok().flatten();
    let body = payload::trim_start(text.as_deref().map_or(bytes, str::as_bytes));
    match body.first() {
        Some(b'{' | b'[') => json(body),
        Some(b'<') => markup(body),
        // JSONP (Apple, Nintendo): the JSON inside the callback decides.
        Some(_) if looks_like_jsonp(body) => {
            let inner = json(super::apple::unwrap_jsonp(body));
            if inner.is_empty() {
                vec![Format::AppleStatus]
            } else {
                inner
            }
        }
        _ => Vec::new(),
    }
}

fn looks_like_jsonp(body: &[u8]) -> bool {
    let head = &body[..body.len().min(256)];
    head.iter().position(|&b| b == b'(').is_some_and(|open| {
        open > 0
            && head[..open]
                .iter()
                .all(|b| b.is_ascii_alphanumeric() || *b == b'_')
    })
}

fn json(body: &[u8]) -> Vec<Format> {
    let Ok(value) = serde_json::from_slice::<serde_json::Value>(body) else {
        return Vec::new();
    };
    if let Some(list) = value.as_array() {
        let first = list.first();
        let has = |key: &str| first.is_some_and(|item| item.get(key).is_some());
        return if has("key") && has("results") && has("name") {
            vec![Format::GatusStatuses]
        } else if has("key") && has("environment") && has("Incidents") {
            vec![Format::SalesforceInstances]
        } else if has("titles") && (has("maintenance_status") || has("incident_severity")) {
            vec![Format::RiotPlatformData]
        } else if has("Status") && (has("ServiceDisplayName") || has("Message")) {
            vec![Format::MicrosoftPosts]
        } else if has("arn") || has("event_log") || has("region_name") {
            vec![Format::AwsEvents]
        } else if has("most_recent_update") || has("affected_products") || has("service_name") {
            vec![Format::GoogleIncidents]
        } else if list.is_empty() {
            // An empty list: no incidents of Google, no events of AWS.
            vec![Format::GoogleIncidents, Format::AwsEvents]
        } else {
            Vec::new()
        };
    }
    let has = |key: &str| value.get(key).is_some();
    let mut found = Vec::new();
    if super::statuspage::endpoint_name(&value).is_some() {
        found.push(if has("status") && has("components") {
            Format::StatuspageSummary
        } else {
            Format::StatuspageEndpoint
        });
    }
    if value
        .get("result")
        .and_then(|r| r.get("status_overall"))
        .is_some()
    {
        found.push(Format::StatusioStatus);
    }
    if value
        .get("data")
        .and_then(|d| d.get("attributes"))
        .is_some()
        && has("included")
    {
        found.push(Format::BetterstackIndex);
    }
    if has("summaryStatus") || has("systems") {
        found.push(Format::CstateIndex);
    }
    if has("data")
        && value
            .get("meta")
            .and_then(|m| m.get("pagination"))
            .is_some()
    {
        found.push(Format::CachetComponents);
    }
    if value
        .get("page")
        .and_then(|p| p.get("status"))
        .is_some_and(|s| s.is_string())
    {
        found.push(Format::InstatusSummary);
    }
    if value.get("status").is_some_and(|s| s.is_array()) && has("incidents") {
        found.push(Format::HerokuStatus);
    }
    if has("active_incidents") && value.get("status").is_some_and(|s| s.is_string()) {
        found.push(Format::SlackCurrent);
    }
    if has("drMessage") || value["services"][0].get("serviceName").is_some() {
        found.push(Format::AppleStatus);
    }
    if has("status_page") && has("services") {
        found.push(Format::StatuspalSummary);
    }
    let listed_monitor = value["data"][0].get("statusClass").is_some();
    if has("psp") || listed_monitor || (has("monitor") && has("statistics")) {
        found.push(Format::UptimerobotMonitors);
    }
    if has("publicGroupList") {
        found.push(Format::UptimekumaStatusPage);
    }
    if value["maintenances"].is_array() && value["incidents"].is_array() && has("locales") {
        found.push(Format::RiotPlatformData);
    }
    if value["Status"].is_string() && (has("Message") || has("ServiceDisplayName")) {
        found.push(Format::MicrosoftPosts);
    }
    if value["operational_statuses"].is_array() && value["temporary_maintenances"].is_array() {
        found.push(Format::NintendoStatus);
    }
    let data = &value["data"];
    if data.get("global_is_operational").is_some() || data["past_incidents"].is_array() {
        found.push(Format::UptimecomPage);
    }
    if value["result"][0]["status"].get("production").is_some() {
        found.push(Format::PaypalComponents);
    }
    if has("ongoing_incidents") {
        found.push(Format::IncidentioWidget);
    }
    if value["status"].is_array() && (has("regionName") || has("countries")) {
        found.push(Format::PlaystationRegion);
    }
    let state = |list: &serde_json::Value| list[0]["state"].is_string();
    if value["page"]["state"].is_string()
        || state(&value["components"])
        || state(&value["response"])
    {
        found.push(Format::SorryPage);
    }
    if value["incidentEvent"].is_object() && value["maintenanceEvent"].is_object() {
        found.push(Format::AdobeEvents);
    }
    if value["counters"].get("count_status_1").is_some() {
        found.push(Format::StatushubStatuses);
    }
    if value["TestData"].is_array() {
        found.push(Format::StatuscakeReport);
    }
    // Hund: a paged array of statuses (an empty one too: its other
    // collections only come with it, see `plan`).
    if value["type"] == "paged_array"
        && value["data"]
            .as_array()
            .is_some_and(|d| d.iter().all(|s| s["type"] == "status"))
    {
        found.push(Format::HundStatuses);
    }
    found
}

fn markup(body: &[u8]) -> Vec<Format> {
    let head = String::from_utf8_lossy(&body[..body.len().min(HEAD)]).to_ascii_lowercase();
    if head.contains("<servicestatus") {
        return vec![Format::XboxServiceStatus];
    }
    if head.contains("<rss") || head.contains("<feed") || head.contains("<rdf:rdf") {
        return vec![Format::Feed];
    }
    let whole = String::from_utf8_lossy(body);
    if whole.contains("<script id=\"data\"") && whole.contains("open_incidents") {
        return vec![Format::PagerdutyPage];
    }
    if whole.contains("self.__next_f") && whole.contains("ongoing_incidents") {
        return vec![Format::IncidentioPage];
    }
    Vec::new()
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::*;
    use crate::sources::testing::fixture;

    #[test]
    fn shared_paths_are_told_apart_by_content() {
        // incidents.json: Statuspage's and Google's.
        let statuspage = fixture("statuspage", "github-incidents-2026-07-31.json");
        assert_eq!(sniff(&statuspage), [Format::StatuspageEndpoint]);
        assert_eq!(
            sniff(br#"[{"id": "x", "most_recent_update": {}}]"#),
            [Format::GoogleIncidents]
        );
        // index.json: Better Stack's and cState's.
        let cstate = fixture("cstate", "torproject-cstate-index-2025-05-01.json");
        assert_eq!(sniff(&cstate), [Format::CstateIndex]);
        let betterstack = fixture(
            "betterstack",
            "together-ai-betterstack-index-2026-09-04-ai-status-fixture.json",
        );
        assert_eq!(sniff(&betterstack), [Format::BetterstackIndex]);
        // JSONP: the callback's JSON decides.
        let nintendo = br#"getJSON({"operational_statuses": [], "temporary_maintenances": []});"#;
        assert_eq!(sniff(nintendo), [Format::NintendoStatus]);
        assert_eq!(
            sniff(b"jsonCallback({\"services\": []});"),
            [Format::AppleStatus]
        );
        // UTF-16 with a byte-order mark reads as its text.
        let mut utf16 = vec![0xFF, 0xFE];
        utf16.extend("{\"psp\": {}}".encode_utf16().flat_map(u16::to_le_bytes));
        assert_eq!(sniff(&utf16), [Format::UptimerobotMonitors]);
        assert!(sniff(b"All Systems Operational").is_empty());
        assert!(sniff(b"<html><body>shop</body></html>").is_empty());
    }
}
