//! What the catalog test holds the data against: real captures in the
//! shared fixtures, and the component names or product keys that peers'
//! code lists where no capture can show them all.
#![allow(clippy::expect_used, clippy::unwrap_used)]

use crate::sources::plan::Format;
use std::collections::HashSet;

/// Pages for which the shared fixtures hold a real capture: the page URL as
/// the catalog writes it, the capture, and how to read it.
pub(super) const CAPTURES: &[(&str, &str, Format)] = &[
    (
        "https://www.githubstatus.com",
        "statuspage/github-summary-2026-07-31-all-operational.json",
        Format::StatuspageSummary,
    ),
    (
        "https://status.twilio.com",
        "statuspage/twilio-summary-2020-06-16-unresolved-degraded-maintenances.json",
        Format::StatuspageSummary,
    ),
    (
        "https://discordstatus.com",
        "statuspage/discord-components-2022-02-15-doc-excerpt.json",
        Format::StatuspageEndpoint,
    ),
    (
        "https://api.status.io/1.0/status/5b36dc6502d06804c08349f7",
        "statusio/gitlab-statusio-2020-09-05-planned-maintenance.json",
        Format::StatusioStatus,
    ),
    (
        "https://api.status.io/1.0/status/533c6539221ae15e3f000031",
        "statusio/docker-statusio-2020-07-16-partial.json",
        Format::StatusioStatus,
    ),
    (
        "https://status.heroku.com",
        "heroku/heroku-current-status-v4-incident.json",
        Format::HerokuStatus,
    ),
    (
        "https://slack-status.com/api/v2.0.0/current",
        "slack/slack-current-2020-07-30-active.json",
        Format::SlackCurrent,
    ),
    (
        "https://xnotify.xboxlive.com",
        "xbox/xbox-servicestatusv4-us-2026-09-19-all-none.xml",
        Format::XboxServiceStatus,
    ),
    (
        "https://www.nintendo.co.jp",
        "nintendo/netinfo-status-en-us-sample-2021-02-converted-from-python.json",
        Format::NintendoStatus,
    ),
    (
        "https://www.apple.com/support/systemstatus/data/developer/system_status_en_US.js",
        "apple/apple-developer-system-status-2020-02-inner-json.json",
        Format::AppleStatus,
    ),
    (
        "https://health.aws.amazon.com/public/currentevents",
        "aws/aws-health-public-currentevents-2026-ai-status-fixture.json",
        Format::AwsEvents,
    ),
    (
        "https://status.cloud.google.com/incidents.json",
        "gcp/gcp-incident-2023-03-10-bigquery-checkmk-agent-output.json",
        Format::GoogleIncidents,
    ),
];

/// Component names that a peer's code lists for a page whose reader names
/// only the affected components (no capture can show them all): the page
/// URL, the citation an entry's provenance must carry, and the names.
pub(super) const PEER_NAMES: &[(&str, &str, &[&str])] = &[
    (
        "https://slack-status.com/api/v2.0.0/current",
        // SlackStatusTitle at 5728cc975b49b73583a0e30b522d5ea1a1c9d6e8.
        "hangyeol0531/slack-status-api src/slack-status/types/status.ts",
        &[
            "Login/SSO",
            "Connections",
            "Messaging",
            "Files",
            "Notifications",
            "Huddles",
            "Search",
            "Apps/Integrations/APIs",
            "Workspace/Org Administration",
            "Workflows",
            "Canvases",
        ],
    ),
    (
        "https://status.cloud.microsoft",
        // /api/posts/m365Consumer's ten ServiceDisplayName values, recorded
        // live on 2026-09-18 (at 8f941a59799ef25bc78ac2054d5ef794d846228e).
        "AlsoBeltrix/ExchangeAdminWeb docs/ServiceHealthPublicStatus-Plan.md",
        &[
            "Microsoft 365 (Consumer)",
            "Microsoft Copilot",
            "Microsoft Lists",
            "Microsoft Teams Free",
            "Microsoft To-Do",
            "Microsoft Whiteboard",
            "Office for the web (Consumer)",
            "OneDrive",
            "Outlook.com",
            "Phone Link",
        ],
    ),
];

/// Salesforce Trust product keys (`?products=`) that inket/stts asks for
/// (stts/Services/Generated/SalesforceProducts.swift at
/// 240c03a40fe69052036ce325d061437d65e3082a).
pub(super) const STTS_SALESFORCE_PRODUCTS: &[&str] = &[
    "B2C_Commerce_Cloud",
    "Community_Cloud",
    "Datorama",
    "Heroku",
    "MCAccountEngagement",
    "MCPersonalization",
    "Marketing_Cloud",
    "Mulesoft",
    "Salesforce_Services",
    "Spiff",
    "Tableau",
];

pub(super) const SALESFORCE_CAPTURE: &str =
    "salesforce/trust-instances-status-preview-2020-07-29-na137-minor-incident-core.json";

/// The product keys the Salesforce capture's instances carry.
pub(super) fn captured_salesforce_products() -> HashSet<String> {
    let value: serde_json::Value = serde_json::from_slice(&capture(SALESFORCE_CAPTURE)).unwrap();
    value
        .as_array()
        .into_iter()
        .flatten()
        .flat_map(|i| i["Products"].as_array().into_iter().flatten())
        .filter_map(|p| p["key"].as_str().map(str::to_owned))
        .collect()
}

/// The `products=` key of a Salesforce Trust URL, if it names one.
pub(super) fn salesforce_product(url: &str) -> Option<String> {
    let url = url::Url::parse(url).ok()?;
    let key = url.query_pairs().find(|(k, _)| k == "products")?.1;
    Some(key.into_owned())
}

/// A capture's bytes as the page serves them (the Google one is wrapped in
/// a monitoring agent's output, under `health_info`).
pub(super) fn capture(path: &str) -> Vec<u8> {
    // The shared, read-only fixtures (`DOWNBEAT_FIXTURES` overrides).
    let root = std::env::var_os("DOWNBEAT_FIXTURES").map_or_else(
        || {
            std::path::PathBuf::from(concat!(
                env!("CARGO_MANIFEST_DIR"),
                "/../../../shared/fixtures/status-pages"
            ))
        },
        std::path::PathBuf::from,
    );
    let bytes = std::fs::read(root.join(path)).unwrap_or_else(|e| panic!("fixture {path}: {e}"));
    if !path.starts_with("gcp/") {
        return bytes;
    }
    let wrapper: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
    serde_json::to_vec(&wrapper["health_info"]).unwrap()
}

/// The time captures are read at (readers that measure maintenance
/// windows against the clock need one; these tests read components).
pub(super) fn read_at() -> chrono::DateTime<chrono::Utc> {
    chrono::DateTime::from_timestamp(1_796_083_200, 0).unwrap_or_default()
}
