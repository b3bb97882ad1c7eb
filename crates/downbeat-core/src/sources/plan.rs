//! Which URL each kind of source polls and which parser reads the answer.
//! Pure: the engine and `downbeat check` do the fetching.
//!
//! A user writes a page's address (`https://status.openai.com`); each kind
//! knows the API path under it. Some kinds have fallbacks (incident.io pages
//! answer on their widget API, their Statuspage-compatible API, or only as
//! HTML with the data embedded), so a kind gives an ordered list of
//! [`Endpoint`]s: the first that answers and parses is the one used.

use super::{
    apple, aws, betterstack, cachet, cstate, feed, google, heroku, incidentio, instatus, slack,
    statusio, statuspage, ParseError,
};
use crate::model::Snapshot;
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
    /// An HTTP(S) endpoint probe.
    Http,
    /// Detected from the URL and what it answers (see [`super::detect`]).
    Auto,
}

impl SourceKind {
    pub const ALL: [SourceKind; 15] = [
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
            SourceKind::Http => "http",
            SourceKind::Auto => "auto",
        }
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
}

impl Format {
    /// The kind of source this format belongs to.
    pub fn kind(self) -> SourceKind {
        match self {
            Format::StatuspageSummary => SourceKind::Statuspage,
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
}

impl Endpoint {
    fn new(url: String, format: Format) -> Endpoint {
        Endpoint {
            url,
            format,
            companion: None,
        }
    }
}

/// Parse an answer of `format`. `companion` is the companion document, when
/// it was fetched.
///
/// Vendor text comes out plain (see [`super::text`]), whatever the format.
pub fn parse(
    format: Format,
    bytes: &[u8],
    companion: Option<&[u8]>,
) -> Result<Snapshot, ParseError> {
    parse_format(format, bytes, companion).map(super::text::plain_snapshot)
}

fn parse_format(
    format: Format,
    bytes: &[u8],
    companion: Option<&[u8]>,
) -> Result<Snapshot, ParseError> {
    match format {
        Format::StatuspageSummary => statuspage::parse_summary(bytes),
        Format::IncidentioWidget => incidentio::parse_widget(bytes),
        Format::IncidentioPage => incidentio::parse_page(bytes),
        Format::InstatusSummary => match companion {
            Some(components) => instatus::parse_summary_and_components(bytes, components)
                .or_else(|_| instatus::parse_summary(bytes)),
            None => instatus::parse_summary(bytes),
        },
        Format::BetterstackIndex => betterstack::parse_index(bytes),
        Format::StatusioStatus => statusio::parse_status(bytes),
        Format::CachetComponents => {
            let groups = companion.and_then(|groups| cachet::parse_groups(groups).ok());
            match groups {
                Some(groups) => cachet::parse_components_with_groups(bytes, &groups),
                None => cachet::parse_components(bytes),
            }
        }
        Format::CstateIndex => cstate::parse_index(bytes),
        Format::HerokuStatus => heroku::parse_current_status(bytes),
        Format::SlackCurrent => slack::parse_current(bytes),
        Format::GoogleIncidents => google::parse_incidents(bytes),
        Format::AppleStatus => apple::parse_system_status(bytes),
        Format::AwsEvents => aws::parse_current_events(bytes),
        Format::Feed => feed::parse_feed(bytes),
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
        SourceKind::Statuspage => vec![Endpoint::new(
            statuspage::summary_url(base.as_str())?,
            Format::StatuspageSummary,
        )],
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
            vec![Endpoint {
                url: components.to_string(),
                format: Format::CachetComponents,
                companion: Some(groups.to_string()),
            }]
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
        SourceKind::Http | SourceKind::Auto => Vec::new(),
    })
}

#[cfg(test)]
#[allow(clippy::expect_used, clippy::unwrap_used)]
mod tests {
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
                serde_json::from_value(serde_json::Value::String(kind.as_str().into()))
                    .expect("kind");
            assert_eq!(parsed, kind);
        }
    }
}
