//! Which URL each kind of source polls and which parser reads the answer.
//! Pure: the engine and `downbeat check` do the fetching.
//!
//! A user writes a page's address (`https://status.openai.com`); each kind
//! knows the API path under it. Some kinds have fallbacks (incident.io pages
//! answer on their widget API, their Statuspage-compatible API, or only as
//! HTML with the data embedded), so a kind gives an ordered list of
//! [`Endpoint`]s: the first that answers and parses is the one used.

use super::ParseError;
use serde::{Deserialize, Serialize};

/// The `kind` of a configured source.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum SourceKind {
    /// Atlassian Statuspage v2 (and compatible pages).
    Statuspage,
    Incidentio,
    Instatus,
    Betterstack,
    Statusio,
    Cachet,
    Cstate,
    Heroku,
    Slack,
    /// Google Cloud or Google Workspace `incidents.json`.
    Google,
    /// Apple's system status JSONP.
    Apple,
    /// AWS Health Dashboard current events.
    Aws,
    /// RSS or Atom incident feed.
    Feed,
    Statuspal,
    /// UptimeRobot public status page.
    Uptimerobot,
    /// Uptime Kuma status page.
    Uptimekuma,
    /// Riot Games (lol-status v4 platform data).
    Riot,
    /// Xbox Live (servicestatusv4 XML).
    Xbox,
    /// Microsoft 365 public status posts.
    Microsoft,
    /// Nintendo network status.
    Nintendo,
    /// Uptime.com status page.
    Uptimecom,
    /// A status page hosted by PagerDuty.
    Pagerduty,
    /// Salesforce Trust.
    Salesforce,
    /// Gatus (`/api/v1/endpoints/statuses`).
    Gatus,
    /// PayPal's status components.
    Paypal,
    /// PlayStation Network region status.
    Playstation,
    /// Sorry™ status pages.
    Sorry,
    /// Adobe status (StatusEvents).
    Adobe,
    /// StatusHub pages (`/api/statuses`).
    Statushub,
    /// StatusCake public reports.
    Statuscake,
    /// Hund.io pages, through their key-scoped API.
    Hund,
    /// An HTTP(S) endpoint probe.
    Http,
    /// Detected from the URL and what it answers (see [`super::detect`]).
    Auto,
}

impl SourceKind {
    pub const ALL: [SourceKind; 33] = [
        SourceKind::Statuspage,
        SourceKind::Incidentio,
        SourceKind::Instatus,
        SourceKind::Betterstack,
        SourceKind::Statusio,
        SourceKind::Cachet,
        SourceKind::Cstate,
        SourceKind::Heroku,
        SourceKind::Slack,
        SourceKind::Google,
        SourceKind::Apple,
        SourceKind::Aws,
        SourceKind::Feed,
        SourceKind::Statuspal,
        SourceKind::Uptimerobot,
        SourceKind::Uptimekuma,
        SourceKind::Riot,
        SourceKind::Xbox,
        SourceKind::Microsoft,
        SourceKind::Nintendo,
        SourceKind::Uptimecom,
        SourceKind::Pagerduty,
        SourceKind::Salesforce,
        SourceKind::Gatus,
        SourceKind::Paypal,
        SourceKind::Playstation,
        SourceKind::Sorry,
        SourceKind::Adobe,
        SourceKind::Statushub,
        SourceKind::Statuscake,
        SourceKind::Hund,
        SourceKind::Http,
        SourceKind::Auto,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            SourceKind::Statuspage => "statuspage",
            SourceKind::Incidentio => "incidentio",
            SourceKind::Instatus => "instatus",
            SourceKind::Betterstack => "betterstack",
            SourceKind::Statusio => "statusio",
            SourceKind::Cachet => "cachet",
            SourceKind::Cstate => "cstate",
            SourceKind::Heroku => "heroku",
            SourceKind::Slack => "slack",
            SourceKind::Google => "google",
            SourceKind::Apple => "apple",
            SourceKind::Aws => "aws",
            SourceKind::Feed => "feed",
            SourceKind::Statuspal => "statuspal",
            SourceKind::Uptimerobot => "uptimerobot",
            SourceKind::Uptimekuma => "uptimekuma",
            SourceKind::Riot => "riot",
            SourceKind::Xbox => "xbox",
            SourceKind::Microsoft => "microsoft",
            SourceKind::Nintendo => "nintendo",
            SourceKind::Uptimecom => "uptimecom",
            SourceKind::Pagerduty => "pagerduty",
            SourceKind::Salesforce => "salesforce",
            SourceKind::Gatus => "gatus",
            SourceKind::Paypal => "paypal",
            SourceKind::Playstation => "playstation",
            SourceKind::Sorry => "sorry",
            SourceKind::Adobe => "adobe",
            SourceKind::Statushub => "statushub",
            SourceKind::Statuscake => "statuscake",
            SourceKind::Hund => "hund",
            SourceKind::Http => "http",
            SourceKind::Auto => "auto",
        }
    }

    /// Whether the page lists every component, or only those an incident
    /// names (Google, AWS, Slack, Microsoft 365 and Adobe list the affected
    /// products only), which decides what a component filter matching none
    /// of them means (see `Snapshot::status_through`).
    pub fn lists_every_component(self) -> bool {
        !matches!(
            self,
            SourceKind::Google
                | SourceKind::Aws
                | SourceKind::Slack
                | SourceKind::Microsoft
                | SourceKind::Adobe
        )
    }

    /// A status page (believed at once), as opposed to a probe.
    pub fn is_status_page(self) -> bool {
        !matches!(self, SourceKind::Http | SourceKind::Auto)
    }
}

/// Which parser reads an answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Format {
    StatuspageSummary,
    /// Any other Statuspage v2 endpoint (`incidents.json`, `status.json`, …).
    StatuspageEndpoint,
    IncidentioWidget,
    IncidentioPage,
    /// `summary.json`, with `v2/components.json` as the companion.
    InstatusSummary,
    BetterstackIndex,
    StatusioStatus,
    /// `api/v1/components`, with `api/v1/components/groups` as the companion.
    CachetComponents,
    CstateIndex,
    HerokuStatus,
    SlackCurrent,
    GoogleIncidents,
    AppleStatus,
    AwsEvents,
    Feed,
    StatuspalSummary,
    /// `api/getMonitorList/<id>`, with `api/getEventFeed/<id>` as the companion.
    UptimerobotMonitors,
    /// `api/status-page/<slug>`, with `api/status-page/heartbeat/<slug>` as
    /// the companion.
    UptimekumaStatusPage,
    RiotPlatformData,
    XboxServiceStatus,
    MicrosoftPosts,
    NintendoStatus,
    /// `…/statuspage/<slug>/ajax` (or `/history`).
    UptimecomPage,
    /// The page's HTML, with its data embedded.
    PagerdutyPage,
    /// `v1/instances/status/preview`, with `v1/localizations` as the companion.
    SalesforceInstances,
    GatusStatuses,
    PaypalComponents,
    /// `data/statuses/region/<region>.json`.
    PlaystationRegion,
    /// `api/v1/`, with `api/v1/components` as the companion (or a
    /// components list alone).
    SorryPage,
    AdobeEvents,
    StatushubStatuses,
    StatuscakeReport,
    /// `api/v1/statuses`, with `api/v1/components` as the companion and
    /// the standing issues as the extra document.
    HundStatuses,
}

impl Format {
    /// The kind of source this format belongs to.
    pub fn kind(self) -> SourceKind {
        match self {
            Format::StatuspageSummary | Format::StatuspageEndpoint => SourceKind::Statuspage,
            Format::IncidentioWidget | Format::IncidentioPage => SourceKind::Incidentio,
            Format::InstatusSummary => SourceKind::Instatus,
            Format::BetterstackIndex => SourceKind::Betterstack,
            Format::StatusioStatus => SourceKind::Statusio,
            Format::CachetComponents => SourceKind::Cachet,
            Format::CstateIndex => SourceKind::Cstate,
            Format::HerokuStatus => SourceKind::Heroku,
            Format::SlackCurrent => SourceKind::Slack,
            Format::GoogleIncidents => SourceKind::Google,
            Format::AppleStatus => SourceKind::Apple,
            Format::AwsEvents => SourceKind::Aws,
            Format::Feed => SourceKind::Feed,
            Format::StatuspalSummary => SourceKind::Statuspal,
            Format::UptimerobotMonitors => SourceKind::Uptimerobot,
            Format::UptimekumaStatusPage => SourceKind::Uptimekuma,
            Format::RiotPlatformData => SourceKind::Riot,
            Format::XboxServiceStatus => SourceKind::Xbox,
            Format::MicrosoftPosts => SourceKind::Microsoft,
            Format::NintendoStatus => SourceKind::Nintendo,
            Format::UptimecomPage => SourceKind::Uptimecom,
            Format::PagerdutyPage => SourceKind::Pagerduty,
            Format::SalesforceInstances => SourceKind::Salesforce,
            Format::GatusStatuses => SourceKind::Gatus,
            Format::PaypalComponents => SourceKind::Paypal,
            Format::PlaystationRegion => SourceKind::Playstation,
            Format::SorryPage => SourceKind::Sorry,
            Format::AdobeEvents => SourceKind::Adobe,
            Format::StatushubStatuses => SourceKind::Statushub,
            Format::StatuscakeReport => SourceKind::Statuscake,
            Format::HundStatuses => SourceKind::Hund,
        }
    }
}

/// One URL to poll and how to read it.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct Endpoint {
    pub url: String,
    pub format: Format,
    /// A second document that completes the first (component list, group
    /// names); optional: without it the snapshot is coarser, not wrong.
    pub companion: Option<String>,
    /// A third document, as optional as the companion (Hund's standing
    /// issues, Sorry's notices).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub extra: Option<String>,
    /// Headers every request of this page carries (a key-scoped API's
    /// key), from the source's config: never serialized, never printed.
    #[serde(skip)]
    pub headers: Headers,
}

impl Endpoint {
    fn new(url: String, format: Format) -> Endpoint {
        Endpoint {
            url,
            format,
            companion: None,
            extra: None,
            headers: Headers::default(),
        }
    }

    fn with_companion(url: String, format: Format, companion: String) -> Endpoint {
        Endpoint {
            companion: Some(companion),
            ..Endpoint::new(url, format)
        }
    }
}

/// Request headers that may hold a secret: their names show in `Debug`,
/// their values never do.
#[derive(Clone, Default, PartialEq, Eq, Hash)]
pub struct Headers(pub Vec<(String, HeaderValue)>);

/// A header's value: as written, or the value of an environment variable
/// read when the request is made (so that an unset one fails that check,
/// with its name, not the whole config).
#[derive(Clone, PartialEq, Eq, Hash)]
pub enum HeaderValue {
    Text(String),
    Env(String),
}

impl Headers {
    /// Headers whose values are all written out.
    pub fn literal(pairs: &[(&str, &str)]) -> Headers {
        Headers(
            pairs
                .iter()
                .map(|(name, value)| (name.to_string(), HeaderValue::Text(value.to_string())))
                .collect(),
        )
    }
}

impl std::fmt::Debug for Headers {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list()
            .entries(self.0.iter().map(|(name, value)| match value {
                HeaderValue::Text(_) => format!("{name}: ***"),
                HeaderValue::Env(env) => format!("{name}: ${env}"),
            }))
            .finish()
    }
}

/// A URL as typed, checked: a bare host gets `https://`; only http and https.
pub fn normalize_url(input: &str) -> Result<url::Url, ParseError> {
    let input = input.trim();
    let error = |message: String| ParseError::new("url", message);
    if input.is_empty() {
        return Err(error("empty URL".into()));
    }
    if input.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(error(format!("URL {input:?} contains spaces")));
    }
    let with_scheme = if input.contains("://") {
        input.to_owned()
    } else {
        format!("https://{input}")
    };
    let url = url::Url::parse(&with_scheme)
        .map_err(|e| error(format!("URL {input:?} is malformed: {e}")))?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err(error(format!(
            "URL {input:?}: unsupported scheme {:?} (use http or https)",
            url.scheme()
        )));
    }
    if url.host_str().is_none_or(str::is_empty) {
        return Err(error(format!("URL {input:?} has no host")));
    }
    Ok(url)
}

/// `base` with `path` appended to its path (query and fragment dropped),
/// unless its path already ends with `path`.
fn under(base: &url::Url, path: &str) -> String {
    let mut url = base.clone();
    url.set_query(None);
    url.set_fragment(None);
    let current = url.path().trim_end_matches('/').to_owned();
    if current
        .to_ascii_lowercase()
        .ends_with(&path.to_ascii_lowercase())
    {
        return url.to_string();
    }
    url.set_path(&format!("{current}{path}"));
    url.to_string()
}

/// `base` with its path replaced by `path` when it has none (a bare host).
fn or_default_path(base: &url::Url, path: &str) -> String {
    if base.path().trim_matches('/').is_empty() {
        let mut url = base.clone();
        url.set_path(path);
        url.to_string()
    } else {
        base.to_string()
    }
}

/// The endpoints to poll for a source of `kind` at `url`, best first.
/// `Http` and `Auto` have none: they are probed or detected instead.
pub fn endpoints(kind: SourceKind, url: &str) -> Result<Vec<Endpoint>, ParseError> {
    let base = normalize_url(url)?;
    let page = |format: Format, path: &str| Endpoint::new(under(&base, path), format);
    let fixed = |format: Format, path: &str| Endpoint::new(or_default_path(&base, path), format);
    Ok(match kind {
        SourceKind::Statuspage => statuspage_endpoints(&base)?,
        SourceKind::Incidentio => {
            let path = base.path().to_ascii_lowercase();
            if path.ends_with("/api/v1/summary") {
                vec![Endpoint::new(base.to_string(), Format::IncidentioWidget)]
            } else if path.ends_with(".json") {
                vec![Endpoint::new(base.to_string(), Format::StatuspageSummary)]
            } else {
                let home = {
                    let mut home = base.clone();
                    home.set_query(None);
                    home.set_fragment(None);
                    home.to_string()
                };
                vec![
                    page(Format::IncidentioWidget, "/api/v1/summary"),
                    page(Format::StatuspageSummary, "/api/v2/summary.json"),
                    Endpoint::new(home, Format::IncidentioPage),
                ]
            }
        }
        SourceKind::Instatus => {
            let summary = page(Format::InstatusSummary, "/summary.json");
            let root = summary.url.trim_end_matches("summary.json").to_owned();
            vec![Endpoint {
                companion: Some(format!("{root}v2/components.json")),
                ..summary
            }]
        }
        SourceKind::Betterstack => vec![page(Format::BetterstackIndex, "/index.json")],
        SourceKind::Cstate => vec![page(Format::CstateIndex, "/index.json")],
        SourceKind::Cachet => {
            let mut components = base.clone();
            let trimmed = components.path().trim_end_matches('/').to_owned();
            let root = trimmed
                .strip_suffix("/api/v1/components")
                .unwrap_or(&trimmed)
                .to_owned();
            components.set_fragment(None);
            components.set_path(&format!("{root}/api/v1/components"));
            // Cachet pages 20 components at a time by default.
            components.set_query(Some("per_page=200"));
            let mut groups = components.clone();
            groups.set_path(&format!("{root}/api/v1/components/groups"));
            vec![Endpoint::with_companion(
                components.to_string(),
                Format::CachetComponents,
                groups.to_string(),
            )]
        }
        SourceKind::Statusio => vec![Endpoint::new(base.to_string(), Format::StatusioStatus)],
        SourceKind::Heroku => vec![fixed(Format::HerokuStatus, "/api/v4/current-status")],
        SourceKind::Slack => vec![fixed(Format::SlackCurrent, "/api/v2.0.0/current")],
        SourceKind::Google => vec![fixed(Format::GoogleIncidents, "/incidents.json")],
        SourceKind::Apple => vec![fixed(
            Format::AppleStatus,
            "/support/systemstatus/data/system_status_en_US.js",
        )],
        SourceKind::Aws => vec![fixed(Format::AwsEvents, "/public/currentevents")],
        SourceKind::Feed => vec![Endpoint::new(base.to_string(), Format::Feed)],
        SourceKind::Statuspal => vec![Endpoint::new(
            statuspal_url(&base),
            Format::StatuspalSummary,
        )],
        SourceKind::Uptimerobot => vec![uptimerobot_endpoint(&base)],
        SourceKind::Uptimekuma => vec![uptimekuma_endpoint(&base)],
        SourceKind::Riot => vec![fixed(
            Format::RiotPlatformData,
            "/lol/status/v4/platform-data",
        )],
        SourceKind::Xbox => vec![fixed(
            Format::XboxServiceStatus,
            "/servicestatusv4/US/en-US",
        )],
        SourceKind::Microsoft => vec![fixed(Format::MicrosoftPosts, "/api/posts/m365Consumer")],
        SourceKind::Paypal => vec![fixed(Format::PaypalComponents, "/api/v1/components")],
        SourceKind::Gatus => vec![page(Format::GatusStatuses, "/api/v1/endpoints/statuses")],
        SourceKind::Pagerduty => {
            let mut home = base.clone();
            home.set_fragment(None);
            vec![Endpoint::new(home.to_string(), Format::PagerdutyPage)]
        }
        SourceKind::Salesforce => {
            // The page (status.salesforce.com) reads its API host.
            let mut api = base.clone();
            if api.host_str() == Some("status.salesforce.com") {
                api.set_host(Some("api.status.salesforce.com")).ok();
                api.set_path("/");
            }
            let instances = Endpoint::new(
                or_default_path(&api, "/v1/instances/status/preview"),
                Format::SalesforceInstances,
            );
            let mut localizations = api.clone();
            localizations.set_query(None);
            localizations.set_fragment(None);
            localizations.set_path("/v1/localizations");
            vec![Endpoint {
                companion: Some(localizations.to_string()),
                ..instances
            }]
        }
        SourceKind::Nintendo => vec![fixed(Format::NintendoStatus, "/netinfo/en_US/status.json")],
        SourceKind::Uptimecom => {
            let path = base.path().trim_end_matches('/');
            let url = if path.ends_with("/ajax") || path.ends_with("/history") {
                base.to_string()
            } else {
                under(&base, "/ajax")
            };
            vec![Endpoint::new(url, Format::UptimecomPage)]
        }
        SourceKind::Playstation => vec![fixed(
            Format::PlaystationRegion,
            "/data/statuses/region/SCEA.json",
        )],
        SourceKind::Sorry => sorry_endpoints(&base),
        SourceKind::Adobe => {
            // The page (status.adobe.com) reads its data host.
            let mut data = base.clone();
            if data.host_str() == Some("status.adobe.com") {
                data.set_host(Some("data.status.adobe.com")).ok();
                data.set_path("/");
            }
            vec![Endpoint::new(
                or_default_path(&data, "/adobestatus/StatusEvents"),
                Format::AdobeEvents,
            )]
        }
        SourceKind::Statushub => vec![page(Format::StatushubStatuses, "/api/statuses")],
        SourceKind::Statuscake => vec![statuscake_endpoint(&base)],
        SourceKind::Hund => vec![hund_endpoint(&base)],
        SourceKind::Http | SourceKind::Auto => Vec::new(),
    })
}

#[path = "plan_read.rs"]
mod read;
pub use read::{next_change, parse, parse_with_extra};

#[path = "plan_vendors.rs"]
mod vendors;
use vendors::{
    hund_endpoint, sorry_endpoints, statuscake_endpoint, statuspage_endpoints, statuspal_url,
    uptimekuma_endpoint, uptimerobot_endpoint,
};

#[cfg(test)]
#[path = "plan_tests.rs"]
mod tests;
