//! The settings page's view of the config, and the small decisions behind
//! its edits: what a catalog search offers, what a detected URL is called,
//! which id a new service gets. The desktop app's commands call these.

use crate::config::catalog::{Catalog, CatalogEntry};
use crate::config::edit::ConfigEditor;
use crate::config::Config;
use crate::io::checker::SourceCheck;
use crate::model::i18n::{Language, Text};
use crate::model::{Component, Status};
use crate::store::{Store, StoreError};
use serde::Serialize;

/// Check intervals the settings offer (the config file takes any).
pub const INTERVALS: [u64; 7] = [30, 60, 120, 300, 600, 900, 1800];

#[derive(Debug, Clone, PartialEq, Serialize, Default)]
pub struct SettingsView {
    pub interval_s: u64,
    pub language: String,
    pub notifications: NotificationSettings,
    pub launch_at_login: Option<bool>,
    pub services: Vec<ServiceSettings>,
    /// Services the file names that their vendor shut down (left out).
    pub retired: Vec<crate::config::RetiredService>,
    pub intervals: Vec<u64>,
    /// The `[[hooks]]`, each with its last outcome when the engine runs
    /// them (the desktop app puts the engine's reports here).
    pub hooks: Vec<crate::io::hooks::HookReport>,
    /// Advanced: the Prometheus endpoint as the config asks for it, and why
    /// it is not served when it is not (the shell fills that in).
    pub metrics: crate::config::MetricsEndpoint,
    pub metrics_problem: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, serde::Deserialize, Default)]
pub struct NotificationSettings {
    pub enabled: bool,
    pub degraded: bool,
    pub offline: bool,
    pub quiet_hours: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ServiceSettings {
    pub id: String,
    pub name: String,
    pub muted: bool,
    /// The config's alert level; `None` follows the notification settings.
    pub alerts: Option<crate::model::alerts::AlertLevel>,
    /// The level in force.
    pub level: crate::model::alerts::AlertLevel,
    /// Watched components; empty means all.
    pub components: Vec<String>,
    /// The components its status page listed last, to choose from.
    pub known_components: Vec<Component>,
    pub sources: Vec<String>,
}

pub fn view(config: &Config, store: &Store) -> Result<SettingsView, StoreError> {
    let mut services = Vec::new();
    for spec in &config.services {
        services.push(ServiceSettings {
            id: spec.id.clone(),
            name: spec.name.clone(),
            muted: spec.muted(),
            alerts: spec.alerts,
            level: spec.alert_level(&config.notifications),
            components: spec.components.clone(),
            known_components: store
                .snapshot(&spec.id)?
                .map(|s| s.components)
                .unwrap_or_default(),
            sources: spec.sources.iter().map(|s| s.url.clone()).collect(),
        });
    }
    let n = &config.notifications;
    Ok(SettingsView {
        interval_s: config.general.interval.as_secs(),
        language: config.general.language.clone(),
        notifications: NotificationSettings {
            enabled: n.enabled,
            degraded: n.degraded,
            offline: n.offline,
            quiet_hours: n.quiet_hours.clone(),
        },
        launch_at_login: config.general.launch_at_login,
        services,
        retired: config.retired.clone(),
        intervals: INTERVALS.to_vec(),
        hooks: crate::io::hooks::HookReport::listed(&config.hooks, &config.hook_errors),
        metrics: config.metrics,
        metrics_problem: None,
    })
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CatalogHit {
    pub id: String,
    pub name: String,
    pub category: String,
    pub watched: bool,
    /// The name of the service this is a part of ("Google Workspace" for
    /// Gmail), so a search match says whose part it is.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub part_of: Option<String>,
    /// On a shelf: the service's parts, shown under it rather than beside it.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub parts: Vec<CatalogHit>,
}

impl CatalogHit {
    pub fn of(catalog: &Catalog, config: &Config, entry: &CatalogEntry) -> Self {
        CatalogHit {
            id: entry.id.clone(),
            name: entry.name.clone(),
            category: entry.category.clone(),
            watched: config.services.iter().any(|s| s.id == entry.id),
            part_of: entry
                .parent
                .as_deref()
                .and_then(|parent| catalog.get(parent))
                .map(|parent| parent.name.clone()),
            parts: Vec::new(),
        }
    }
}

/// Up to 20 catalog entries matching `query`, each saying if it is watched.
pub fn search(catalog: &Catalog, config: &Config, query: &str) -> Vec<CatalogHit> {
    catalog
        .search(query.trim())
        .take(20)
        .map(|entry| CatalogHit::of(catalog, config, entry))
        .collect()
}

/// What a pasted URL turned out to be, shown before it is saved.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Detection {
    pub url: String,
    /// The source kind to save (`statuspage`, `http`, …); `None` when
    /// nothing usable answered.
    pub kind: Option<String>,
    pub explanation: String,
    /// A name to offer: the page's own, else the host.
    pub name: String,
    pub status: Status,
    pub components: usize,
    pub error: Option<String>,
}

/// `language` writes the error's sentence; the technical cause goes to the log.
pub fn detection(url: &str, check: &SourceCheck, language: Language) -> Detection {
    let page_name = check.snapshot.as_ref().and_then(|s| s.page_name.clone());
    let host = reqwest::Url::parse(url)
        .ok()
        .and_then(|u| u.host_str().map(str::to_owned));
    Detection {
        url: url.to_owned(),
        kind: check
            .detected
            .as_ref()
            .filter(|_| check.error.is_none())
            .map(|d| d.kind.as_str().to_owned()),
        explanation: check
            .detected
            .as_ref()
            .map(|d| {
                let at = d.endpoint.as_ref().map_or(url, |e| e.url.as_str());
                language.found(
                    d.kind.as_str(),
                    &crate::model::text::redact_url(at),
                    &d.explanation,
                )
            })
            .or_else(|| (!check.notes.is_empty()).then(|| language.probe_notes(&check.notes)))
            .unwrap_or_default(),
        name: page_name
            .map(|name| name.trim_end_matches(" Status").to_owned())
            .or(host)
            .unwrap_or_else(|| url.to_owned()),
        status: check.snapshot.as_ref().map_or(check.status, |s| s.status),
        components: check.snapshot.as_ref().map_or(0, |s| s.components.len()),
        error: check.error.as_ref().map(|e| {
            tracing::info!(
                "detecting {}: {}",
                crate::model::text::redact_url(url),
                e.message
            );
            let failure = crate::model::Failure::new(Some(e.kind), check.http_status, &e.message);
            let page = check
                .detected
                .as_ref()
                .is_some_and(|d| d.kind != crate::config::SourceKind::Http);
            language.check_failed(&crate::model::text::host(&check.url), &failure, page)
        }),
    }
}

/// A config id for a new service named `name`: lowercase words joined by
/// '-', made unique against the config.
pub fn new_id(name: &str, config: &Config) -> String {
    let mut base = String::new();
    for c in name.chars() {
        if c.is_ascii_alphanumeric() {
            base.push(c.to_ascii_lowercase());
        } else if !base.ends_with('-') && !base.is_empty() {
            base.push('-');
        }
    }
    let base = match base.trim_end_matches('-') {
        "" => "service".to_owned(),
        trimmed => trimmed.to_owned(),
    };
    let taken = |id: &str| config.services.iter().any(|s| s.id == id);
    (1..)
        .map(|n| {
            if n == 1 {
                base.clone()
            } else {
                format!("{base}-{n}")
            }
        })
        .find(|id| !taken(id))
        .unwrap_or(base)
}

/// Add a catalog entry (by id) or a detected URL (kind, url, name).
pub fn add(
    edit: &mut ConfigEditor,
    config: &Config,
    catalog: &Catalog,
    request: &AddRequest,
) -> Result<(), String> {
    // The user's language, as the dashboard and the notifications use it.
    let language = super::engine::language_of(config);
    match request {
        AddRequest::Catalog { id } => {
            if catalog.get(id).is_none() {
                return Err(language.not_in_catalog(id));
            }
            edit.add_service(id, None, None)
        }
        AddRequest::Url { kind, url, name } => {
            let name = name.trim();
            if name.is_empty() {
                return Err(language.text(Text::NeedName));
            }
            if let Some(watching) = watching(config, url) {
                return Err(format!("{watching} already watches {}", url.trim()));
            }
            edit.add_service(&new_id(name, config), Some(name), Some((kind, url)))
        }
    }
}

/// The name of the service that already watches `url` (the same page,
/// written with or without its scheme, `www.` or a trailing slash).
pub fn watching(config: &Config, url: &str) -> Option<String> {
    let wanted = same_page(url)?;
    config
        .services
        .iter()
        .find(|spec| {
            spec.sources
                .iter()
                .any(|source| same_page(&source.url).as_deref() == Some(wanted.as_str()))
        })
        .map(|spec| spec.name.clone())
}

/// "HTTPS://www.Example.com/status/" and "example.com/status" are one page,
/// and so are a status page and its API ("…/api/v2/summary.json").
fn same_page(url: &str) -> Option<String> {
    let parsed = crate::sources::plan::normalize_url(url).ok()?;
    let page = crate::views::report::human_page(parsed.as_str())?;
    let parsed = url::Url::parse(&page).ok()?;
    let host = parsed
        .host_str()?
        .trim_start_matches("www.")
        .to_ascii_lowercase();
    let path = parsed.path().trim_end_matches('/');
    let port = parsed.port().map(|p| format!(":{p}")).unwrap_or_default();
    Some(format!("{host}{port}{path}"))
}

/// "300s" → "5m", "7200s" → "2h", "90s" → "90s": how a person writes it.
pub fn human_interval(seconds: u64) -> String {
    match seconds {
        0 => "0s".into(),
        s if s % 86_400 == 0 => format!("{}d", s / 86_400),
        s if s % 3_600 == 0 => format!("{}h", s / 3_600),
        s if s % 60 == 0 => format!("{}m", s / 60),
        s => format!("{s}s"),
    }
}

/// The form's quiet hours as sent ("22:00-07:00", "22:00-", "-07:00" or
/// nothing): both sides or neither.
pub fn quiet_hours_field(text: Option<&str>) -> Result<Option<String>, String> {
    let text = text.map(str::trim).unwrap_or_default();
    let (from, to) = text.split_once('-').unwrap_or((text, ""));
    quiet_hours(from, to)
}

/// Quiet hours from the two fields of the form: both or neither.
pub fn quiet_hours(from: &str, to: &str) -> Result<Option<String>, String> {
    match (from.trim(), to.trim()) {
        ("", "") => Ok(None),
        ("", _) => Err("quiet hours need a start time too".into()),
        (_, "") => Err("quiet hours need an end time too".into()),
        (from, to) => {
            let text = format!("{from}-{to}");
            crate::config::QuietHours::parse(&text)?;
            Ok(Some(text))
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Deserialize)]
#[serde(tag = "from", rename_all = "snake_case")]
pub enum AddRequest {
    Catalog {
        id: String,
    },
    Url {
        kind: String,
        url: String,
        name: String,
    },
}

#[cfg(test)]
#[allow(clippy::expect_used, clippy::unwrap_used)]
mod tests {
    use super::*;
    use std::path::Path;

    #[test]
    fn a_page_already_watched_is_named_and_forms_are_read_as_people_write() {
        let config = Config::parse("[[services]]\nid = \"acme\"\nname = \"Acme Cloud\"\n[[services.sources]]\nkind = \"statuspage\"\nurl = \"https://status.acme.example/\"\n", Path::new("c.toml"), &Catalog::builtin()).expect("config");
        for same in [
            "status.acme.example",
            "https://www.status.acme.example",
            "HTTPS://status.acme.example/",
            "https://status.acme.example/api/v2/summary.json",
        ] {
            assert_eq!(
                watching(&config, same).as_deref(),
                Some("Acme Cloud"),
                "{same}"
            );
        }
        assert_eq!(watching(&config, "https://status.other.example"), None);
        assert_eq!(
            [60, 90, 300, 7200, 86_400].map(human_interval),
            ["1m", "90s", "5m", "2h", "1d"]
        );
        assert_eq!(quiet_hours("", ""), Ok(None));
        assert_eq!(
            quiet_hours("22:00", "07:00"),
            Ok(Some("22:00-07:00".into()))
        );
        assert!(quiet_hours("22:00", "").is_err_and(|e| e.contains("end time")));
        assert!(quiet_hours("", "07:00").is_err_and(|e| e.contains("start time")));
        assert!(quiet_hours("25:00", "07:00").is_err());
        assert_eq!(
            quiet_hours_field(Some("22:00-07:00")),
            Ok(Some("22:00-07:00".into()))
        );
        assert!(quiet_hours_field(Some("22:00-")).is_err());
        assert_eq!(quiet_hours_field(None), Ok(None));
    }

    #[test]
    fn new_ids_are_slugs_unique_in_the_config() {
        let config = Config::parse("[[services]]\nid = \"acme-cloud\"\nname = \"x\"\n[[services.sources]]\nkind = \"http\"\nurl = \"http://127.0.0.1:9/\"\n", Path::new("c.toml"), &Catalog::builtin()).expect("config");
        assert_eq!(new_id("Acme Cloud", &config), "acme-cloud-2");
        assert_eq!(new_id("  Évian / Status!! ", &config), "vian-status");
        assert_eq!(new_id("???", &config), "service");
        let hits = search(&Catalog::builtin(), &config, "git");
        assert!(hits.iter().any(|h| h.id == "github"), "{hits:?}");
        assert!(hits.iter().all(|h| !h.watched));
    }
}
