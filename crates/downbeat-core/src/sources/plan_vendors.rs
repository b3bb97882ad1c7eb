//! The addresses of vendors whose API is not simply a path under the page:
//! pasted endpoints that lead to the page's main one, hosted pages whose API
//! lives elsewhere, ids taken from the address.

use super::{Endpoint, Format, ParseError};
use crate::sources::statuspage;

/// A Statuspage: its summary; a pasted other endpoint of its API
/// (`…/api/v2/incidents.json`) leads to the summary first and is read as
/// itself when the summary is not there.
pub(super) fn statuspage_endpoints(base: &url::Url) -> Result<Vec<Endpoint>, ParseError> {
    let path = base.path().to_ascii_lowercase();
    let pasted = path.ends_with(".json") && !path.ends_with("/summary.json");
    if !pasted {
        return Ok(vec![Endpoint::new(
            statuspage::summary_url(base.as_str())?,
            Format::StatuspageSummary,
        )]);
    }
    let mut list = Vec::new();
    if let Some(at) = path.find("/api/v2/") {
        let mut summary = base.clone();
        summary.set_query(None);
        summary.set_fragment(None);
        summary.set_path(&format!("{}/api/v2/summary.json", &base.path()[..at]));
        list.push(Endpoint::new(
            summary.to_string(),
            Format::StatuspageSummary,
        ));
    }
    list.push(Endpoint::new(base.to_string(), Format::StatuspageEndpoint));
    Ok(list)
}

/// Statuspal's summary: `statuspal.io/<subdomain>` (or `.eu`) becomes
/// `…/api/v2/status_pages/<subdomain>/summary`; an API URL stays as it is.
pub(super) fn statuspal_url(base: &url::Url) -> String {
    let path = base.path().trim_end_matches('/');
    let host = base.host_str().unwrap_or_default();
    let hosted = host.ends_with("statuspal.io") || host.ends_with("statuspal.eu");
    let first = path
        .trim_start_matches('/')
        .split('/')
        .next()
        .unwrap_or_default();
    if path.contains("/status_pages/") || !hosted || first.is_empty() {
        return base.to_string();
    }
    let mut url = base.clone();
    url.set_query(None);
    url.set_fragment(None);
    url.set_path(&format!("/api/v2/status_pages/{first}/summary"));
    url.to_string()
}

/// UptimeRobot: a pasted `api/getMonitorList/<id>` or `api/getEventFeed/<id>`,
/// or `stats.uptimerobot.com/<id>`, → the monitor list with the event feed.
pub(super) fn uptimerobot_endpoint(base: &url::Url) -> Endpoint {
    let path = base.path().trim_end_matches('/');
    let lower = path.to_ascii_lowercase();
    let (root, id) = match [
        "/api/getmonitorlist/",
        "/api/geteventfeed/",
        "/api/getmonitor/",
    ]
    .iter()
    .find_map(|marker| lower.find(marker).map(|at| (at, marker.len())))
    {
        Some((at, len)) => (&path[..at], &path[at + len..]),
        None => ("", path.trim_start_matches('/')),
    };
    let id = id.split('/').next().unwrap_or_default();
    let mut url = base.clone();
    url.set_query(None);
    url.set_fragment(None);
    url.set_path(&format!("{root}/api/getMonitorList/{id}"));
    let list = url.to_string();
    url.set_path(&format!("{root}/api/getEventFeed/{id}"));
    Endpoint::with_companion(list, Format::UptimerobotMonitors, url.to_string())
}

/// Uptime Kuma: `…/status/<slug>`, `…/api/status-page/<slug>` or
/// `…/api/status-page/heartbeat/<slug>` → the page document with its
/// heartbeats.
pub(super) fn uptimekuma_endpoint(base: &url::Url) -> Endpoint {
    let path = base.path().trim_end_matches('/');
    let (root, slug) = [
        "/api/status-page/heartbeat/",
        "/api/status-page/",
        "/status/",
    ]
    .iter()
    .find_map(|marker| {
        path.find(marker)
            .map(|at| (&path[..at], &path[at + marker.len()..]))
    })
    .unwrap_or((path, "default"));
    let mut url = base.clone();
    url.set_query(None);
    url.set_fragment(None);
    url.set_path(&format!("{root}/api/status-page/{slug}"));
    let page = url.to_string();
    url.set_path(&format!("{root}/api/status-page/heartbeat/{slug}"));
    Endpoint::with_companion(page, Format::UptimekumaStatusPage, url.to_string())
}

/// Sorry: the hosted API (`api.sorryapp.com/v1/pages/<id>/components`) as
/// is; a page (or any of its `/api/v1/…` addresses) → `<page>/api/v1/` with
/// its components, else the components alone.
pub(super) fn sorry_endpoints(base: &url::Url) -> Vec<Endpoint> {
    if base.host_str() == Some("api.sorryapp.com") {
        return vec![Endpoint::new(base.to_string(), Format::SorryPage)];
    }
    let path = base.path();
    let root = path
        .find("/api/v1")
        .map_or(path.trim_end_matches('/'), |at| &path[..at]);
    let mut url = base.clone();
    url.set_query(None);
    url.set_fragment(None);
    url.set_path(&format!("{root}/api/v1/"));
    let page = url.to_string();
    url.set_path(&format!("{root}/api/v1/components"));
    let components = url.to_string();
    url.set_path(&format!("{root}/api/v1/notices"));
    url.set_query(Some("timeline_state=present"));
    vec![
        Endpoint {
            extra: Some(url.to_string()),
            ..Endpoint::with_companion(page, Format::SorryPage, components.clone())
        },
        Endpoint::new(components, Format::SorryPage),
    ]
}

/// Hund: the page's API (the page's own domain, or `api.hund.io`), key
/// scoped: current statuses, with the components (their groups expanded)
/// and the standing issues. 100 is the most a page may hold
/// (hundio/api-specification `resourceTypes/read-collection.raml`).
pub(super) fn hund_endpoint(base: &url::Url) -> Endpoint {
    let path = base.path();
    let root = path
        .find("/api/v1")
        .map_or(path.trim_end_matches('/'), |at| &path[..at]);
    let mut url = base.clone();
    url.set_fragment(None);
    let at = |url: &mut url::Url, path: &str, query: &str| {
        url.set_path(&format!("{root}/api/v1/{path}"));
        url.set_query(Some(query));
        url.to_string()
    };
    let statuses = at(&mut url, "statuses", "limit=100");
    let components = at(&mut url, "components", "limit=100&expand[]=data.group");
    let issues = at(&mut url, "issues", "standing=true&limit=100");
    Endpoint {
        extra: Some(issues),
        ..Endpoint::with_companion(statuses, Format::HundStatuses, components)
    }
}

/// StatusCake: a report address as is; a public page
/// (`uptime.statuscake.com/?TestID=…` or any address with `PublicID=…`) →
/// the report handler for that id.
pub(super) fn statuscake_endpoint(base: &url::Url) -> Endpoint {
    let id = base
        .query_pairs()
        .find(|(key, _)| key.eq_ignore_ascii_case("publicid") || key.eq_ignore_ascii_case("testid"))
        .map(|(_, value)| value.into_owned());
    let handler = base.path().ends_with("PublicReportHandler.php");
    match id {
        Some(id) if !handler => {
            let mut url = base.clone();
            if url.host_str() == Some("uptime.statuscake.com") {
                url.set_host(Some("app.statuscake.com")).ok();
            }
            url.set_fragment(None);
            url.set_path("/Workfloor/PublicReportHandler.php");
            url.query_pairs_mut().clear().append_pair("PublicID", &id);
            Endpoint::new(url.to_string(), Format::StatuscakeReport)
        }
        _ => Endpoint::new(base.to_string(), Format::StatuscakeReport),
    }
}
