//! `auto`: from any URL a person pastes, the places where a status page of
//! some known format could answer, best guess first. Pure; the fetching is
//! in [`crate::io::checker`], which tries them in order and keeps the first
//! that answers and parses.
//!
//! Known hosts (Slack, Heroku, Google, Apple, AWS, status.io, `*.statuspage.io`)
//! and telling paths (`…/summary.json`, `….rss`) go straight to their
//! format. Any other page is tried as each format that lives under a page
//! address, the cheapest and commonest first, and at last as the page
//! itself (incident.io's embedded data, or a feed).

use super::plan::{normalize_url, Endpoint, Format};
use super::ParseError;

/// One place to try, and the formats its answer may be in (tried in order).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Candidate {
    pub url: String,
    pub formats: Vec<Format>,
    pub companion: Option<String>,
    pub extra: Option<String>,
}

impl Candidate {
    fn new(url: String, formats: &[Format]) -> Candidate {
        Candidate {
            url,
            formats: formats.to_vec(),
            companion: None,
            extra: None,
        }
    }

    pub(crate) fn from(endpoint: Endpoint) -> Candidate {
        Candidate {
            url: endpoint.url,
            formats: vec![endpoint.format],
            companion: endpoint.companion,
            extra: endpoint.extra,
        }
    }

    /// The endpoint this candidate becomes when `format` parsed its answer.
    pub fn endpoint(&self, format: Format) -> Endpoint {
        Endpoint {
            url: self.url.clone(),
            format,
            companion: self.companion.clone(),
            extra: self.extra.clone(),
            headers: Default::default(),
        }
    }
}

/// An endpoint of a known format pasted as is, whatever the host: the URL
/// itself (its content decides the format, see [`super::sniff`]) and, for
/// one endpoint among several of a page, the page's main one first.
fn pasted_endpoint(url: &url::Url, path: &str) -> Result<Option<Vec<Candidate>>, ParseError> {
    use super::plan::{endpoints, SourceKind as K};
    let itself = |formats: &[Format]| Candidate::new(url.to_string(), formats);
    let known = |kind: K| -> Result<Option<Vec<Candidate>>, ParseError> {
        Ok(Some(
            endpoints(kind, url.as_str())?
                .into_iter()
                .map(Candidate::from)
                .collect(),
        ))
    };
    let path = path.trim_end_matches('/');
    if path.ends_with("/api/v2.0.0/current") {
        return known(K::Slack);
    }
    if path.ends_with("/api/v4/current-status") {
        return known(K::Heroku);
    }
    if path.ends_with("/public/currentevents") {
        return known(K::Aws);
    }
    if path.contains("/1.0/status/") {
        return known(K::Statusio);
    }
    if path.contains("system_status") && (path.ends_with(".js") || path.ends_with(".json")) {
        return Ok(Some(vec![itself(&[Format::AppleStatus])]));
    }
    if [".rss", ".atom", ".xml", "/feed", "/rss"]
        .iter()
        .any(|end| path.ends_with(end))
    {
        return known(K::Feed);
    }
    if path.contains("/api/getmonitorlist/")
        || path.contains("/api/geteventfeed/")
        || path.contains("/api/getmonitor/")
    {
        return known(K::Uptimerobot);
    }
    if path.ends_with("/lol/status/v4/platform-data") {
        return Ok(Some(vec![itself(&[Format::RiotPlatformData])]));
    }
    if path.contains("/servicestatusv4/") {
        return Ok(Some(vec![itself(&[Format::XboxServiceStatus])]));
    }
    if path.ends_with("/v1/instances/status/preview") || path.ends_with("/v1/instances/status") {
        return known(K::Salesforce);
    }
    if path.contains("/netinfo/") && path.ends_with("status.json") {
        return Ok(Some(vec![itself(&[Format::NintendoStatus])]));
    }
    if path.contains("/statuspage/") && (path.ends_with("/ajax") || path.ends_with("/history")) {
        return Ok(Some(vec![itself(&[Format::UptimecomPage])]));
    }
    if path.ends_with("/api/v1/endpoints/statuses") {
        return known(K::Gatus);
    }
    if path.contains("/data/statuses/region/") {
        return Ok(Some(vec![itself(&[Format::PlaystationRegion])]));
    }
    if path.ends_with("/adobestatus/statusevents") {
        return Ok(Some(vec![itself(&[Format::AdobeEvents])]));
    }
    if path.ends_with("/api/statuses") {
        return known(K::Statushub);
    }
    if path.ends_with("publicreporthandler.php") {
        return known(K::Statuscake);
    }
    if path.starts_with("/statuspage/") {
        return known(K::Uptimecom);
    }
    if path.contains("/api/posts/") {
        return Ok(Some(vec![itself(&[Format::MicrosoftPosts])]));
    }
    if path.contains("/api/status-page/") {
        return known(K::Uptimekuma);
    }
    if path.contains("/status_pages/") && path.ends_with("/summary") {
        return known(K::Statuspal);
    }
    if path.ends_with("/api/v1/summary") {
        return Ok(Some(vec![itself(&[Format::IncidentioWidget])]));
    }
    if path.contains("/api/v2/") && path.ends_with(".json") {
        // Statuspage's API: any endpoint leads to the page's summary.
        return known(K::Statuspage);
    }
    if path.ends_with("/summary.json") {
        let mut clean = url.clone();
        clean.set_query(None);
        clean.set_fragment(None);
        let clean = clean.to_string();
        let root = clean.strip_suffix("summary.json").unwrap_or(&clean);
        return Ok(Some(vec![Candidate {
            url: clean.clone(),
            formats: vec![Format::InstatusSummary, Format::StatuspageSummary],
            companion: Some(format!("{root}v2/components.json")),
            extra: None,
        }]));
    }
    if path.ends_with("/index.json") {
        return Ok(Some(vec![itself(&[
            Format::BetterstackIndex,
            Format::CstateIndex,
        ])]));
    }
    if path.ends_with("/api/v1/components") {
        // Cachet's and Sorry's: the content decides (see sniff).
        return known(K::Cachet);
    }
    if path == "/api/v1" {
        return known(K::Sorry);
    }
    if path.ends_with(".json") {
        return Ok(Some(vec![itself(&[
            Format::StatuspageEndpoint,
            Format::GoogleIncidents,
        ])]));
    }
    Ok(None)
}

/// Where to look for a status page behind `input`, best first.
pub fn candidates(input: &str) -> Result<Vec<Candidate>, ParseError> {
    use super::plan::{endpoints, SourceKind as K};
    let url = normalize_url(input)?;
    let host = url.host_str().unwrap_or_default().to_ascii_lowercase();
    let path = url.path().to_ascii_lowercase();
    let known = |kind: K| -> Result<Vec<Candidate>, ParseError> {
        Ok(endpoints(kind, url.as_str())?
            .into_iter()
            .map(Candidate::from)
            .collect())
    };

    if host == "slack-status.com" || host == "status.slack.com" {
        return known(K::Slack);
    }
    if host == "status.heroku.com" {
        return known(K::Heroku);
    }
    if host == "status.cloud.google.com"
        || (host == "www.google.com" && path.starts_with("/appsstatus"))
    {
        if path.ends_with("incidents.json") {
            return known(K::Google);
        }
        let mut json = url.clone();
        json.set_query(None);
        json.set_fragment(None);
        let root = if host == "www.google.com" {
            "/appsstatus/dashboard/incidents.json"
        } else {
            "/incidents.json"
        };
        json.set_path(root);
        return Ok(vec![Candidate::new(
            json.to_string(),
            &[Format::GoogleIncidents],
        )]);
    }
    if host.ends_with("apple.com") && path.contains("systemstatus") {
        if path.ends_with(".js") || path.ends_with(".json") {
            return Ok(vec![Candidate::new(
                url.to_string(),
                &[Format::AppleStatus],
            )]);
        }
        let mut js = url.clone();
        js.set_query(None);
        js.set_fragment(None);
        let developer = path.contains("/developer");
        js.set_path(if developer {
            "/support/systemstatus/data/developer/system_status_en_US.js"
        } else {
            "/support/systemstatus/data/system_status_en_US.js"
        });
        return Ok(vec![Candidate::new(js.to_string(), &[Format::AppleStatus])]);
    }
    if host == "health.aws.amazon.com" {
        return known(K::Aws);
    }
    if host == "api.status.io" {
        return known(K::Statusio);
    }
    if host.ends_with("statuspal.io") || host.ends_with("statuspal.eu") {
        return known(K::Statuspal);
    }
    if host.ends_with(".api.riotgames.com") {
        return known(K::Riot);
    }
    if host == "xnotify.xboxlive.com" || host == "support.xbox.com" {
        let mut xml = url.clone();
        xml.set_query(None);
        xml.set_fragment(None);
        xml.set_host(Some("xnotify.xboxlive.com")).ok();
        xml.set_path("/servicestatusv4/US/en-US");
        if path.contains("/servicestatusv4/") {
            return Ok(vec![Candidate::new(
                url.to_string(),
                &[Format::XboxServiceStatus],
            )]);
        }
        return Ok(vec![Candidate::new(
            xml.to_string(),
            &[Format::XboxServiceStatus],
        )]);
    }
    if host == "status.cloud.microsoft" && !path.contains("/api/") {
        return known(K::Microsoft);
    }
    if host == "status.salesforce.com" || host == "api.status.salesforce.com" {
        return known(K::Salesforce);
    }
    if host == "status.pagerduty.com" || host.ends_with(".trust.pagerduty.com") {
        return known(K::Pagerduty);
    }
    if host == "www.nintendo.co.jp" && path.contains("/netinfo") {
        return known(K::Nintendo);
    }
    if host == "www.paypal-status.com" {
        return known(K::Paypal);
    }
    if host == "stats.uptimerobot.com" {
        return known(K::Uptimerobot);
    }
    if host == "status.playstation.com" {
        return known(K::Playstation);
    }
    if host == "status.adobe.com" || host == "data.status.adobe.com" {
        return known(K::Adobe);
    }
    if host == "api.sorryapp.com" {
        return known(K::Sorry);
    }
    if host == "api.hund.io" || host.ends_with(".hund.io") || path.starts_with("/api/v1/statuses") {
        return known(K::Hund);
    }
    if host.ends_with("statuscake.com")
        && url
            .query()
            .is_some_and(|q| q.to_ascii_lowercase().contains("id="))
    {
        return known(K::Statuscake);
    }
    if let Some(list) = pasted_endpoint(&url, &path)? {
        return Ok(list);
    }
    if host.ends_with(".statuspage.io") {
        return known(K::Statuspage);
    }

    // A page address: strip what a person may have copied from the browser.
    let mut home = url.clone();
    home.set_query(None);
    home.set_fragment(None);
    for suffix in ["/history", "/incidents"] {
        if let Some(stripped) = home
            .path()
            .trim_end_matches('/')
            .to_owned()
            .strip_suffix(suffix)
        {
            let stripped = stripped.to_owned();
            home.set_path(&stripped);
        }
    }
    let under = |path: &str| {
        let mut url = home.clone();
        let base = url.path().trim_end_matches('/').to_owned();
        url.set_path(&format!("{base}{path}"));
        url.to_string()
    };
    let mut list = vec![
        // Statuspage, and incident.io's compatible endpoint.
        Candidate::new(under("/api/v2/summary.json"), &[Format::StatuspageSummary]),
        Candidate::new(under("/api/v1/summary"), &[Format::IncidentioWidget]),
        Candidate {
            url: under("/summary.json"),
            formats: vec![Format::InstatusSummary],
            companion: Some(under("/v2/components.json")),
            extra: None,
        },
        Candidate::new(
            under("/index.json"),
            &[Format::BetterstackIndex, Format::CstateIndex],
        ),
    ];
    // Uptime Kuma pages live at `/status/<slug>`.
    let segments: Vec<&str> = home.path().trim_matches('/').split('/').collect();
    if let ["status", slug] = segments.as_slice() {
        if !slug.is_empty() {
            list.insert(
                0,
                Candidate::from(endpoints(K::Uptimekuma, home.as_str())?.remove(0)),
            );
        }
    }
    // Sorry's page before Cachet: they share `/api/v1/components` (asked
    // once, as Cachet's; its content decides).
    let sorry = endpoints(K::Sorry, home.as_str())?;
    list.extend(sorry.into_iter().take(1).map(Candidate::from));
    let cachet = endpoints(K::Cachet, home.as_str())?;
    list.extend(cachet.into_iter().map(Candidate::from));
    list.push(Candidate::new(
        under("/api/statuses"),
        &[Format::StatushubStatuses],
    ));
    list.push(Candidate::new(
        home.to_string(),
        &[Format::IncidentioPage, Format::PagerdutyPage, Format::Feed],
    ));
    Ok(list)
}

/// What a format is, for a person: "an Atlassian Statuspage (summary API)".
pub fn what(format: Format) -> &'static str {
    match format {
        Format::StatuspageSummary => "an Atlassian Statuspage (summary API)",
        Format::StatuspageEndpoint => "an Atlassian Statuspage (one endpoint of its API)",
        Format::IncidentioWidget => "an incident.io status page (widget API)",
        Format::IncidentioPage => "an incident.io status page (data embedded in the page)",
        Format::InstatusSummary => "an Instatus page",
        Format::BetterstackIndex => "a Better Stack status page",
        Format::StatusioStatus => "a status.io page",
        Format::CachetComponents => "a Cachet page",
        Format::CstateIndex => "a cState page",
        Format::HerokuStatus => "Heroku's status API",
        Format::SlackCurrent => "Slack's status API",
        Format::GoogleIncidents => "a Google incidents feed",
        Format::AppleStatus => "Apple's system status",
        Format::AwsEvents => "the AWS Health Dashboard",
        Format::Feed => "an RSS/Atom incident feed",
        Format::StatuspalSummary => "a Statuspal page",
        Format::UptimerobotMonitors => "an UptimeRobot status page",
        Format::UptimekumaStatusPage => "an Uptime Kuma status page",
        Format::RiotPlatformData => "Riot Games' status (lol-status v4)",
        Format::XboxServiceStatus => "Xbox Live's service status",
        Format::MicrosoftPosts => "Microsoft's public status posts",
        Format::NintendoStatus => "Nintendo's network status",
        Format::UptimecomPage => "an Uptime.com status page",
        Format::PagerdutyPage => "a status page hosted by PagerDuty (data embedded in the page)",
        Format::SalesforceInstances => "Salesforce Trust",
        Format::GatusStatuses => "a Gatus status page",
        Format::PaypalComponents => "PayPal's status",
        Format::PlaystationRegion => "PlayStation Network's status",
        Format::SorryPage => "a Sorry status page",
        Format::AdobeEvents => "Adobe's status",
        Format::StatushubStatuses => "a StatusHub page",
        Format::StatuscakeReport => "a StatusCake public report",
        Format::HundStatuses => {
            "a Hund page, whose API needs its key (kind = \"hund\" with headers = { Authorization = { env = \"HUND_KEY\" } })"
        }
    }
}

#[cfg(test)]
#[allow(clippy::expect_used, clippy::unwrap_used)]
mod tests {
    use super::*;

    fn first(input: &str) -> (String, Vec<Format>) {
        let list = candidates(input).expect("candidates");
        (list[0].url.clone(), list[0].formats.clone())
    }

    #[test]
    fn known_hosts_and_telling_paths_go_straight_to_their_format() {
        assert_eq!(
            first("https://slack-status.com").0,
            "https://slack-status.com/api/v2.0.0/current"
        );
        assert_eq!(first("status.heroku.com").1, [Format::HerokuStatus]);
        assert_eq!(
            first("https://status.cloud.google.com/summary").0,
            "https://status.cloud.google.com/incidents.json"
        );
        assert_eq!(
            first("https://www.google.com/appsstatus/dashboard/").0,
            "https://www.google.com/appsstatus/dashboard/incidents.json"
        );
        assert_eq!(
            first("https://www.apple.com/support/systemstatus/").0,
            "https://www.apple.com/support/systemstatus/data/system_status_en_US.js"
        );
        assert_eq!(
            first("https://status.aws.amazon.com/rss/all.rss").1,
            [Format::Feed]
        );
        assert_eq!(
            first("https://abcd1234.statuspage.io").0,
            "https://abcd1234.statuspage.io/api/v2/summary.json"
        );
        assert_eq!(
            first("https://status.openai.com/api/v1/summary").1,
            [Format::IncidentioWidget]
        );
    }

    #[test]
    fn any_other_page_is_tried_as_every_format_under_it_then_as_itself() {
        let list =
            candidates("https://status.example.com/incidents?page=2#top").expect("candidates");
        let urls: Vec<&str> = list.iter().map(|c| c.url.as_str()).collect();
        assert_eq!(
            urls,
            [
                "https://status.example.com/api/v2/summary.json",
                "https://status.example.com/api/v1/summary",
                "https://status.example.com/summary.json",
                "https://status.example.com/index.json",
                "https://status.example.com/api/v1/",
                "https://status.example.com/api/v1/components?per_page=200",
                "https://status.example.com/api/statuses",
                "https://status.example.com/",
            ]
        );
        assert_eq!(
            list[3].formats,
            [Format::BetterstackIndex, Format::CstateIndex]
        );
        assert_eq!(
            list[2].companion.as_deref(),
            Some("https://status.example.com/v2/components.json")
        );
    }

    #[test]
    fn a_url_that_is_no_url_is_refused() {
        assert!(candidates("ftp://example.com").is_err());
        assert!(candidates("not a url").is_err());
    }
}
