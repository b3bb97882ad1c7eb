//! What the dashboard's pages show, joined from the config and the store:
//! the overview's history (uptime, 90-day bars, sparkline), one service's
//! page (timelines, components, uptime) and the incidents of every service.
//! The tray app's commands only call these.

use crate::config::{Config, SourceKind};
use crate::logic::history::{self, Timeline};
use crate::model::i18n::Language;
use crate::model::Component;
use crate::store::{Store, StoreError, Summary};
use chrono::{DateTime, Duration, FixedOffset, Utc};
use serde::Serialize;

/// How far back the service page and the incidents list look.
pub const INCIDENT_WINDOW: Duration = Duration::days(90);

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ServiceHistory {
    pub service: String,
    #[serde(flatten)]
    pub summary: Summary,
}

/// The overview's history of every configured service, in the config's order.
pub fn overview(
    store: &Store,
    config: &Config,
    now: DateTime<Utc>,
    offset: FixedOffset,
) -> Result<Vec<ServiceHistory>, StoreError> {
    let coverage = history::coverage(config);
    config
        .services
        .iter()
        .map(|spec| {
            Ok(ServiceHistory {
                service: spec.id.clone(),
                summary: store.summary(&spec.id, now, offset, coverage)?,
            })
        })
        .collect()
}

/// The page a person reads for a status source's URL: an API or feed
/// address (`/api/v2/summary.json`, `/history.rss`) leads to the site's
/// front page; any other page is itself. Only http(s).
pub fn human_page(url: &str) -> Option<String> {
    let mut parsed = url::Url::parse(url.trim()).ok()?;
    if !matches!(parsed.scheme(), "http" | "https") {
        return None;
    }
    let path = parsed.path().to_ascii_lowercase();
    let machine = path.contains("/api/")
        || [".json", ".xml", ".rss", ".atom", ".js"]
            .iter()
            .any(|ending| path.ends_with(ending));
    if machine {
        parsed.set_path("/");
        parsed.set_query(None);
    }
    parsed.set_fragment(None);
    Some(parsed.to_string())
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ServicePage {
    pub service: String,
    pub name: String,
    /// The components the user watches; empty means all.
    pub watched: Vec<String>,
    pub muted: bool,
    /// What the vendor's page says now (its newest snapshot), if any.
    pub page_description: Option<String>,
    pub components: Vec<Component>,
    pub sources: Vec<String>,
    /// The vendor's status page as a person reads it (not its API), for
    /// "Open status page"; `None` for a service watched by probes only.
    pub page_url: Option<String>,
    #[serde(flatten)]
    pub summary: Summary,
    /// Newest first.
    pub incidents: Vec<Timeline>,
}

/// One service's page; `None` when the id is not configured. Our reasons
/// are written in `language`, times in `offset`.
pub fn service_page(
    store: &Store,
    config: &Config,
    id: &str,
    now: DateTime<Utc>,
    offset: FixedOffset,
    language: Language,
) -> Result<Option<ServicePage>, StoreError> {
    let Some(spec) = config.services.iter().find(|s| s.id == id) else {
        return Ok(None);
    };
    let snapshot = store.snapshot(id)?;
    Ok(Some(ServicePage {
        service: spec.id.clone(),
        name: spec.name.clone(),
        watched: spec.components.clone(),
        muted: spec.muted(),
        page_description: snapshot.as_ref().and_then(|s| s.description.clone()),
        components: snapshot.map(|s| s.components).unwrap_or_default(),
        sources: spec.sources.iter().map(|s| s.url.clone()).collect(),
        page_url: spec
            .sources
            .iter()
            .find(|s| s.kind != SourceKind::Http)
            .and_then(|s| human_page(&s.url)),
        summary: store.summary(id, now, offset, history::coverage(config))?,
        incidents: store.timelines(
            id,
            &spec.components,
            now - INCIDENT_WINDOW,
            now,
            language,
            offset,
        )?,
    }))
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct IncidentRow {
    pub name: String,
    #[serde(flatten)]
    pub timeline: Timeline,
}

/// Every service's incidents since `since`, newest first; our reasons in
/// `language`, times in `offset`.
pub fn incidents(
    store: &Store,
    config: &Config,
    since: DateTime<Utc>,
    now: DateTime<Utc>,
    offset: FixedOffset,
    language: Language,
) -> Result<Vec<IncidentRow>, StoreError> {
    let mut rows = Vec::new();
    for spec in &config.services {
        for timeline in store.timelines(&spec.id, &spec.components, since, now, language, offset)? {
            rows.push(IncidentRow {
                name: spec.name.clone(),
                timeline,
            });
        }
    }
    rows.sort_by_key(|row| std::cmp::Reverse(row.timeline.started_at));
    Ok(rows)
}

#[cfg(test)]
mod tests {
    use super::human_page;

    #[test]
    fn an_api_address_leads_to_the_page_a_person_reads() {
        let page = |url: &str| human_page(url);
        assert_eq!(
            page("https://www.githubstatus.com/api/v2/summary.json").as_deref(),
            Some("https://www.githubstatus.com/")
        );
        assert_eq!(
            page("https://status.example.com/history.rss").as_deref(),
            Some("https://status.example.com/")
        );
        assert_eq!(
            page("https://status.slack.com/").as_deref(),
            Some("https://status.slack.com/")
        );
        assert_eq!(page("javascript:alert(1)"), None);
        assert_eq!(page("file:///etc/passwd"), None);
    }
}
