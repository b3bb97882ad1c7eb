//! The user's config file: parse, validate against the catalog, write the
//! commented default on first run, save atomically. A bad file is reported
//! with its path, line and reason, and is never overwritten.

use crate::config::catalog::Catalog;
pub use crate::model::alerts::AlertLevel;
use serde::Deserialize;
use std::path::{Path, PathBuf};
use std::time::Duration;

pub mod catalog;
pub mod connectivity;
mod duration;
pub mod edit;
mod file;
pub mod hooks;
mod locate;
pub mod paths;
pub mod probe;
mod quiet;
mod retired;
mod source;

pub(crate) use duration::interval;
use duration::optional_interval;
pub use duration::{parse_interval, shown, MAX_DURATION};
pub use file::{
    read_config_file, utf8, write_atomically, write_bytes_atomically, MAX_CONFIG_BYTES,
};
pub(crate) use locate::line_and_column;
use locate::source_key_offset;

pub use quiet::QuietHours;
pub use retired::{why_retired, RetiredService};
pub use source::{SourceConfig, SourceFault};

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("{path}:{line}:{column}: {message}")]
    Invalid {
        path: PathBuf,
        line: usize,
        column: usize,
        message: String,
    },
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
}

/// The file as written, before the catalog fills in names and sources.
#[derive(Debug, Clone, Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    #[serde(default)]
    general: General,
    #[serde(default)]
    notifications: Notifications,
    #[serde(default)]
    connectivity: connectivity::ConnectivityConfig,
    #[serde(default)]
    metrics: MetricsEndpoint,
    #[serde(default)]
    services: Vec<RawService>,
    #[serde(default)]
    hooks: Vec<toml::Spanned<toml::Table>>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct General {
    #[serde(deserialize_with = "interval")]
    pub interval: Duration,
    pub language: String,
    /// Start the tray app when the user logs in. Unset until asked (once,
    /// after the first pick); the desktop app keeps the OS's login item in step with it.
    pub launch_at_login: Option<bool>,
}

impl Default for General {
    fn default() -> Self {
        General {
            interval: Duration::from_secs(60),
            language: "auto".into(),
            launch_at_login: None,
        }
    }
}

/// The tray app's Prometheus endpoint (`downbeat serve` has its own
/// flags): off unless asked for, and on the loopback address only.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields, default)]
pub struct MetricsEndpoint {
    pub enabled: bool,
    pub port: u16,
}

/// Prometheus's registered default port for this exporter's kind.
pub const METRICS_PORT: u16 = 9464;

impl Default for MetricsEndpoint {
    fn default() -> Self {
        MetricsEndpoint {
            enabled: false,
            port: METRICS_PORT,
        }
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Notifications {
    pub enabled: bool,
    pub degraded: bool,
    pub offline: bool,
    /// "22:00-07:00", local time; checked by `QuietHours::parse`.
    pub quiet_hours: Option<String>,
    /// Remind every this long while a service stays down; off when unset.
    #[serde(deserialize_with = "optional_interval")]
    pub reminders: Option<Duration>,
    /// How long a change is held so that others can join it in one
    /// notification (at most 60 s).
    #[serde(deserialize_with = "interval")]
    pub group_window: Duration,
}

impl Notifications {
    /// The alert level of a service whose config sets none: outages, and
    /// degraded too when `degraded = true`.
    pub fn default_level(&self) -> AlertLevel {
        if self.degraded {
            AlertLevel::All
        } else {
            AlertLevel::Outages
        }
    }
}

impl Default for Notifications {
    fn default() -> Self {
        Notifications {
            enabled: true,
            degraded: false,
            offline: true,
            quiet_hours: None,
            reminders: None,
            group_window: Duration::from_secs(15),
        }
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawService {
    id: String,
    name: Option<String>,
    #[serde(default, deserialize_with = "optional_interval")]
    interval: Option<Duration>,
    confirm: Option<u32>,
    #[serde(default)]
    components: Vec<String>,
    /// all | outages | off; unset follows `[notifications]`.
    #[serde(default)]
    alerts: Option<AlertLevel>,
    /// The old spelling of `alerts = "off"`, still read.
    #[serde(default)]
    muted: bool,
    #[serde(default)]
    sources: Vec<SourceConfig>,
}

pub use crate::sources::plan::SourceKind;

/// Failed checks in a row before a service counts as down, unless a service
/// says otherwise.
pub const DEFAULT_CONFIRM: u32 = 3;

/// A watched service, resolved: every field filled in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServiceSpec {
    pub id: String,
    pub name: String,
    pub interval: Duration,
    pub confirm: u32,
    pub components: Vec<String>,
    /// `None` follows `[notifications]` (see `Notifications::default_level`).
    pub alerts: Option<AlertLevel>,
    pub sources: Vec<SourceSpec>,
}

impl ServiceSpec {
    /// Alerts off: shown, marked, colours nothing.
    pub fn muted(&self) -> bool {
        self.alerts == Some(AlertLevel::Off)
    }

    pub fn alert_level(&self, notifications: &Notifications) -> AlertLevel {
        self.alerts.unwrap_or_else(|| notifications.default_level())
    }
}

/// A source, resolved to the URL that is polled.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceSpec {
    pub kind: SourceKind,
    /// The first URL polled (a status page's API, the probed endpoint), or
    /// for `auto` the address to detect.
    pub url: String,
    /// A status page's endpoints, best first (see `sources::plan`).
    pub endpoints: Vec<crate::sources::plan::Endpoint>,
    /// How to probe it: `Some` for http sources, `None` for status pages.
    pub probe: Option<crate::config::probe::ProbeSpec>,
}

#[derive(Debug, Clone)]
pub struct Config {
    pub general: General,
    pub notifications: Notifications,
    pub connectivity: connectivity::ConnectivityConfig,
    pub metrics: MetricsEndpoint,
    pub services: Vec<ServiceSpec>,
    pub hooks: Vec<hooks::HookSpec>,
    /// Hooks left out because they are wrong (see `config::hooks`).
    pub hook_errors: Vec<hooks::HookProblem>,
    /// Services the file names whose vendor has shut them down: left out.
    pub retired: Vec<RetiredService>,
}

impl Config {
    /// Parse and validate `text`; `path` only labels the errors.
    pub fn parse(text: &str, path: &Path, catalog: &Catalog) -> Result<Config, ConfigError> {
        let raw: RawConfig = toml::from_str(text).map_err(|error| {
            let (line, column) = error
                .span()
                .map(|span| line_and_column(text, span.start))
                .unwrap_or((1, 1));
            ConfigError::Invalid {
                path: path.to_owned(),
                line,
                column,
                message: error.message().trim().to_owned(),
            }
        })?;
        let invalid = |needle: &str, message: String| {
            let (line, column) = text
                .find(needle)
                .map(|offset| line_and_column(text, offset))
                .unwrap_or((1, 1));
            ConfigError::Invalid {
                path: path.to_owned(),
                line,
                column,
                message,
            }
        };

        let mut services: Vec<ServiceSpec> = Vec::with_capacity(raw.services.len());
        let mut seen = std::collections::HashSet::with_capacity(raw.services.len());
        let mut retired = Vec::new();
        for service in raw.services {
            let id_needle = format!("\"{}\"", service.id);
            if service.id.is_empty()
                || !service
                    .id
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_')
            {
                return Err(invalid(
                    &id_needle,
                    format!(
                        "service id {} must be lowercase letters, digits, '-' or '_'",
                        shown(&service.id)
                    ),
                ));
            }
            if !seen.insert(service.id.clone()) {
                return Err(invalid(
                    &id_needle,
                    format!("service {} is listed twice", shown(&service.id)),
                ));
            }
            let entry = catalog.get(&service.id);
            if let (None, true, Some((why, successor))) =
                (entry, service.sources.is_empty(), why_retired(&service.id))
            {
                let line = text
                    .find(&id_needle)
                    .map_or(1, |offset| line_and_column(text, offset).0);
                retired.push(RetiredService {
                    id: service.id.clone(),
                    line,
                    message: why.to_owned(),
                    successor: successor.map(str::to_owned),
                    successor_name: successor
                        .and_then(|id| catalog.get(id))
                        .map(|entry| entry.name.clone()),
                });
                continue;
            }
            let configured: Vec<SourceConfig> = if service.sources.is_empty() {
                entry.map(|entry| entry.sources.clone()).unwrap_or_default()
            } else {
                service.sources.clone()
            };
            if configured.is_empty() {
                return Err(invalid(
                    &id_needle,
                    format!(
                        "service {} is not in the catalog, so it needs a [[services.sources]] entry",
                        shown(&service.id)
                    ),
                ));
            }
            let mut sources = Vec::with_capacity(configured.len());
            for source in configured {
                let at_key = |key: &str, message: String| {
                    let offset = source_key_offset(text, &source.url, key)
                        .or_else(|| text.find(&source.url));
                    let (line, column) =
                        offset.map_or((1, 1), |offset| line_and_column(text, offset));
                    ConfigError::Invalid {
                        path: path.to_owned(),
                        line,
                        column,
                        message,
                    }
                };
                let spec = source.resolve().map_err(|fault| match fault.key {
                    Some(key) => at_key(key, fault.message),
                    // The text as written, up to any control character
                    // (written escaped in the file).
                    None => invalid(
                        source
                            .url
                            .split(char::is_control)
                            .next()
                            .unwrap_or_default(),
                        fault.message,
                    ),
                })?;
                sources.push(spec);
            }
            let interval = service.interval.unwrap_or(raw.general.interval);
            if interval < Duration::from_secs(1) {
                return Err(invalid(&id_needle, "interval must be at least 1s".into()));
            }
            let confirm = service.confirm.unwrap_or(DEFAULT_CONFIRM);
            if confirm == 0 {
                return Err(invalid("confirm", "confirm must be at least 1".into()));
            }
            let alerts = match (service.muted, service.alerts) {
                (false, level) => level,
                (true, None | Some(AlertLevel::Off)) => Some(AlertLevel::Off),
                (true, Some(level)) => {
                    return Err(invalid(
                        "muted",
                        format!(
                        "service {} has both muted = true and alerts = \"{}\"; keep alerts only",
                        shown(&service.id),
                        level.as_str()
                    ),
                    ))
                }
            };
            let name = service
                .name
                .or_else(|| entry.map(|entry| entry.name.clone()))
                .unwrap_or_else(|| service.id.clone());
            services.push(ServiceSpec {
                id: service.id,
                name,
                interval,
                confirm,
                // A catalog part ("Gmail") watches its components of the
                // parent's page, unless the user chose their own.
                components: match entry {
                    Some(entry) if service.components.is_empty() && service.sources.is_empty() => {
                        entry.components.clone()
                    }
                    _ => service.components,
                },
                alerts,
                sources,
            });
        }
        if raw.general.interval < Duration::from_secs(1) {
            return Err(invalid("interval", "interval must be at least 1s".into()));
        }
        if !matches!(raw.general.language.as_str(), "auto" | "en" | "fr") {
            return Err(invalid(
                "language",
                format!(
                    "language must be auto, en or fr, not {}",
                    shown(&raw.general.language)
                ),
            ));
        }
        let notifications = &raw.notifications;
        if let Some(hours) = &notifications.quiet_hours {
            if let Err(message) = QuietHours::parse(hours) {
                // The value itself, so that a commented example is not blamed.
                let quoted = format!("{hours:?}");
                let needle = if text.contains(&quoted) {
                    quoted.as_str()
                } else {
                    "quiet_hours"
                };
                return Err(invalid(needle, message));
            }
        }
        if notifications
            .reminders
            .is_some_and(|every| every < Duration::from_secs(1))
        {
            return Err(invalid(
                "reminders",
                "reminders must be at least 1s (remove the line to turn them off)".into(),
            ));
        }
        if notifications.group_window > Duration::from_secs(60) {
            return Err(invalid(
                "group_window",
                "group_window must be at most 60s".into(),
            ));
        }
        for anchor in &raw.connectivity.anchors {
            if !(anchor.url.starts_with("http://") || anchor.url.starts_with("https://")) {
                return Err(invalid(
                    &anchor.url,
                    format!(
                        "connectivity anchor {} is not an http(s) URL",
                        shown(&anchor.url)
                    ),
                ));
            }
        }
        if raw.connectivity.interval < Duration::from_secs(1) {
            return Err(invalid(
                "[connectivity]",
                "connectivity interval must be at least 1s".into(),
            ));
        }
        // A hook may still name a retired service: it is never triggered for
        // it, and the file stays valid.
        let ids: Vec<&str> = services
            .iter()
            .map(|s| s.id.as_str())
            .chain(retired.iter().map(|r| r.id.as_str()))
            .collect();
        let (hooks, hook_errors) = hooks::parse(raw.hooks, text, &ids);
        if raw.metrics.port == 0 {
            return Err(invalid(
                "[metrics]",
                "port must be between 1 and 65535".into(),
            ));
        }
        Ok(Config {
            hooks,
            hook_errors,
            retired,
            general: raw.general,
            notifications: raw.notifications,
            connectivity: raw.connectivity,
            metrics: raw.metrics,
            services,
        })
    }

    /// Read the config at `path`; when the file does not exist, write the
    /// commented default there first. An existing file is never rewritten.
    pub fn load_or_create(path: &Path, catalog: &Catalog) -> Result<Config, ConfigError> {
        Config::load_or_first_run(path, catalog).map(|(config, _)| config)
    }

    /// [`Config::load_or_create`], also saying whether this is the first
    /// run: the file did not exist and the default was written just now.
    pub fn load_or_first_run(
        path: &Path,
        catalog: &Catalog,
    ) -> Result<(Config, bool), ConfigError> {
        if let Some(config) = Config::load_existing(path, catalog)? {
            return Ok((config, false));
        }
        write_atomically(path, DEFAULT_CONFIG).map_err(|source| ConfigError::Io {
            path: path.to_owned(),
            source,
        })?;
        Config::parse(DEFAULT_CONFIG, path, catalog).map(|config| (config, true))
    }

    /// Read the config at `path`; `None` when there is no file there (the
    /// command line reads without writing one). A dangling symlink is an
    /// error, not a missing file: a config kept elsewhere (a drive not
    /// mounted) must not be replaced by a default.
    pub fn load_existing(path: &Path, catalog: &Catalog) -> Result<Option<Config>, ConfigError> {
        match read_config_file(path) {
            Ok(bytes) => Config::parse(&utf8(bytes, path)?, path, catalog).map(Some),
            Err(error)
                if error.kind() == std::io::ErrorKind::NotFound
                    && std::fs::symlink_metadata(path).is_err() =>
            {
                Ok(None)
            }
            Err(source) => Err(ConfigError::Io {
                path: path.to_owned(),
                source,
            }),
        }
    }

    /// The default config, in memory: what a missing file means.
    pub fn default_in(path: &Path, catalog: &Catalog) -> Result<Config, ConfigError> {
        Config::parse(DEFAULT_CONFIG, path, catalog)
    }
}

/// The file a first run writes: commented, watching nothing (the first run
/// asks what to watch).
pub const DEFAULT_CONFIG: &str = include_str!("default-config.toml");

#[cfg(test)]
mod hostile_tests;
#[cfg(test)]
mod tests;
