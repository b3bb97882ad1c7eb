#![allow(clippy::expect_used, clippy::unwrap_used)]
use super::*;

fn urls(kind: SourceKind, url: &str) -> Vec<String> {
    endpoints(kind, url)
        .expect("endpoints")
        .into_iter()
        .map(|e| e.url)
        .collect()
}

#[test]
fn each_kind_polls_its_api_under_the_page_address() {
    assert_eq!(
        urls(SourceKind::Statuspage, "www.githubstatus.com"),
        ["https://www.githubstatus.com/api/v2/summary.json"]
    );
    assert_eq!(
        urls(SourceKind::Incidentio, "https://status.openai.com/"),
        [
            "https://status.openai.com/api/v1/summary",
            "https://status.openai.com/api/v2/summary.json",
            "https://status.openai.com/"
        ]
    );
    let instatus =
        endpoints(SourceKind::Instatus, "https://status.perplexity.com").expect("instatus");
    assert_eq!(
        instatus[0].url,
        "https://status.perplexity.com/summary.json"
    );
    assert_eq!(
        instatus[0].companion.as_deref(),
        Some("https://status.perplexity.com/v2/components.json")
    );
    assert_eq!(
        urls(
            SourceKind::Betterstack,
            "https://status.together.ai/index.json"
        ),
        ["https://status.together.ai/index.json"]
    );
    assert_eq!(
        urls(SourceKind::Cstate, "https://status.torproject.org"),
        ["https://status.torproject.org/index.json"]
    );
    let cachet = endpoints(SourceKind::Cachet, "https://status.yoti.com/").expect("cachet");
    assert_eq!(
        cachet[0].url,
        "https://status.yoti.com/api/v1/components?per_page=200"
    );
    assert_eq!(
        cachet[0].companion.as_deref(),
        Some("https://status.yoti.com/api/v1/components/groups?per_page=200")
    );
    assert_eq!(
        urls(SourceKind::Heroku, "https://status.heroku.com"),
        ["https://status.heroku.com/api/v4/current-status"]
    );
    assert_eq!(
        urls(
            SourceKind::Slack,
            "https://slack-status.com/api/v2.0.0/current"
        ),
        ["https://slack-status.com/api/v2.0.0/current"]
    );
    assert_eq!(
        urls(SourceKind::Google, "https://status.cloud.google.com"),
        ["https://status.cloud.google.com/incidents.json"]
    );
    assert!(urls(SourceKind::Http, "https://example.com").is_empty());
}

#[test]
fn bad_urls_are_refused_with_a_reason() {
    let message = |url: &str| endpoints(SourceKind::Feed, url).expect_err(url).message;
    assert!(message("ftp://example.com/feed").contains("unsupported scheme"));
    assert!(message("https://exa mple.com").contains("spaces"));
    assert!(message("").contains("empty"));
    assert!(message("http://").contains("malformed") || message("http://").contains("no host"));
}

#[test]
fn kinds_round_trip_through_their_names() {
    for kind in SourceKind::ALL {
        let parsed: SourceKind =
            serde_json::from_value(serde_json::Value::String(kind.as_str().into())).expect("kind");
        assert_eq!(parsed, kind);
    }
}

#[test]
fn pasted_endpoints_lead_to_the_page() {
    assert_eq!(
        urls(
            SourceKind::Statuspage,
            "https://www.githubstatus.com/api/v2/incidents/unresolved.json"
        ),
        [
            "https://www.githubstatus.com/api/v2/summary.json",
            "https://www.githubstatus.com/api/v2/incidents/unresolved.json"
        ]
    );
    let robot = endpoints(
        SourceKind::Uptimerobot,
        "https://status.bsky.app/api/getEventFeed/abc?x=1",
    )
    .expect("uptimerobot");
    assert_eq!(
        robot[0].url,
        "https://status.bsky.app/api/getMonitorList/abc"
    );
    assert_eq!(
        robot[0].companion.as_deref(),
        Some("https://status.bsky.app/api/getEventFeed/abc")
    );
    assert_eq!(
        urls(
            SourceKind::Uptimerobot,
            "https://stats.uptimerobot.com/wVLWNFLGN9"
        ),
        ["https://stats.uptimerobot.com/api/getMonitorList/wVLWNFLGN9"]
    );
    let kuma = endpoints(
        SourceKind::Uptimekuma,
        "https://open-slum.org/api/status-page/heartbeat/slum",
    )
    .expect("kuma");
    assert_eq!(kuma[0].url, "https://open-slum.org/api/status-page/slum");
    assert_eq!(
        kuma[0].companion.as_deref(),
        Some("https://open-slum.org/api/status-page/heartbeat/slum")
    );
    assert_eq!(
        urls(
            SourceKind::Uptimekuma,
            "https://status.example.org/status/main"
        ),
        ["https://status.example.org/api/status-page/main"]
    );
    assert_eq!(
        urls(SourceKind::Statuspal, "https://statuspal.eu/exoscalestatus"),
        ["https://statuspal.eu/api/v2/status_pages/exoscalestatus/summary"]
    );
    assert_eq!(
        urls(SourceKind::Salesforce, "https://status.salesforce.com"),
        ["https://api.status.salesforce.com/v1/instances/status/preview"]
    );
    assert_eq!(
        urls(
            SourceKind::Uptimecom,
            "https://status.uptime.com/statuspage/uptime-status"
        ),
        ["https://status.uptime.com/statuspage/uptime-status/ajax"]
    );
}

#[test]
fn every_status_format_has_the_name_a_person_knows_it_by() {
    for kind in SourceKind::ALL
        .into_iter()
        .filter(|kind| kind.is_status_page())
    {
        let brand = crate::model::i18n::format_brand(kind.as_str());
        assert_ne!(brand, kind.as_str(), "{kind:?} has no brand name");
    }
}
