//! The user's config file: parse, validate against the catalog, write the
//! commented default on first run, save atomically. A bad file is reported
//! with its path, line and reason, and is never overwritten.

use crate::catalog::Catalog;
use crate::sources::statuspage;
use serde::{Deserialize, Deserializer};
use std::path::{Path, PathBuf};
use std::time::Duration;

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
    connectivity: crate::connectivity::ConnectivityConfig,
    #[serde(default)]
    services: Vec<RawService>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct General {
    #[serde(deserialize_with = "interval")]
    pub interval: Duration,
    pub language: String,
}

impl Default for General {
    fn default() -> Self {
        General {
            interval: Duration::from_secs(60),
            language: "auto".into(),
        }
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Notifications {
    pub enabled: bool,
    pub degraded: bool,
    pub offline: bool,
    pub quiet_hours: Option<String>,
}

impl Default for Notifications {
    fn default() -> Self {
        Notifications {
            enabled: true,
            degraded: false,
            offline: true,
            quiet_hours: None,
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
    #[serde(default)]
    muted: bool,
    #[serde(default)]
    sources: Vec<SourceConfig>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SourceKind {
    Statuspage,
    /// An HTTP(S) endpoint probe.
    Http,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SourceConfig {
    pub kind: SourceKind,
    pub url: String,
}

/// A watched service, resolved: every field filled in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServiceSpec {
    pub id: String,
    pub name: String,
    pub interval: Duration,
    pub confirm: u32,
    pub components: Vec<String>,
    pub muted: bool,
    pub sources: Vec<SourceSpec>,
}

/// A source, resolved to the URL that is polled.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceSpec {
    pub kind: SourceKind,
    pub url: String,
}

#[derive(Debug, Clone)]
pub struct Config {
    pub general: General,
    pub notifications: Notifications,
    pub connectivity: crate::connectivity::ConnectivityConfig,
    pub services: Vec<ServiceSpec>,
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
                        "service id {:?} must be lowercase letters, digits, '-' or '_'",
                        service.id
                    ),
                ));
            }
            if services.iter().any(|known| known.id == service.id) {
                return Err(invalid(
                    &id_needle,
                    format!("service {:?} is listed twice", service.id),
                ));
            }
            let entry = catalog.get(&service.id);
            let configured: Vec<SourceConfig> = if service.sources.is_empty() {
                entry.map(|entry| entry.sources.clone()).unwrap_or_default()
            } else {
                service.sources.clone()
            };
            if configured.is_empty() {
                return Err(invalid(
                    &id_needle,
                    format!(
                        "service {:?} is not in the catalog, so it needs a [[services.sources]] entry",
                        service.id
                    ),
                ));
            }
            let mut sources = Vec::with_capacity(configured.len());
            for source in configured {
                let url = match source.kind {
                    SourceKind::Statuspage => {
                        statuspage::summary_url(&source.url).map_err(|error| {
                            invalid(
                                &source.url,
                                format!("bad status page URL {:?}: {}", source.url, error.message),
                            )
                        })?
                    }
                    SourceKind::Http => {
                        let parsed = reqwest::Url::parse(&source.url).ok().filter(|u| matches!(u.scheme(), "http" | "https"));
                        if parsed.is_none() {
                            return Err(invalid(&source.url, format!("bad endpoint URL {:?}: expected http:// or https://", source.url)));
                        }
                        source.url.clone()
                    }
                };
                sources.push(SourceSpec {
                    kind: source.kind,
                    url,
                });
            }
            let interval = service.interval.unwrap_or(raw.general.interval);
            if interval < Duration::from_secs(1) {
                return Err(invalid(&id_needle, "interval must be at least 1s".into()));
            }
            let confirm = service.confirm.unwrap_or(3);
            if confirm == 0 {
                return Err(invalid("confirm", "confirm must be at least 1".into()));
            }
            let name = service
                .name
                .or_else(|| entry.map(|entry| entry.name.clone()))
                .unwrap_or_else(|| service.id.clone());
            services.push(ServiceSpec {
                id: service.id,
                name,
                interval,
                confirm,
                components: service.components,
                muted: service.muted,
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
                    "language must be auto, en or fr, not {:?}",
                    raw.general.language
                ),
            ));
        }
        for anchor in &raw.connectivity.anchors {
            if !(anchor.url.starts_with("http://") || anchor.url.starts_with("https://")) {
                return Err(invalid(&anchor.url, format!("connectivity anchor {:?} is not an http(s) URL", anchor.url)));
            }
        }
        if raw.connectivity.interval < Duration::from_secs(1) {
            return Err(invalid("[connectivity]", "connectivity interval must be at least 1s".into()));
        }
        Ok(Config {
            general: raw.general,
            notifications: raw.notifications,
            connectivity: raw.connectivity,
            services,
        })
    }

    /// Read the config at `path`; when the file does not exist, write the
    /// commented default there first. An existing file is never rewritten.
    pub fn load_or_create(path: &Path, catalog: &Catalog) -> Result<Config, ConfigError> {
        let io = |source| ConfigError::Io {
            path: path.to_owned(),
            source,
        };
        match std::fs::read_to_string(path) {
            Ok(text) => Config::parse(&text, path, catalog),
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
                write_atomically(path, DEFAULT_CONFIG).map_err(io)?;
                Config::parse(DEFAULT_CONFIG, path, catalog)
            }
            Err(error) => Err(io(error)),
        }
    }
}

/// The file a first run writes: commented, watching a few services.
pub const DEFAULT_CONFIG: &str = include_str!("default-config.toml");

/// Write `text` to `path` through a temporary file and a rename, so a crash
/// or a full disk never leaves a half-written config behind.
pub fn write_atomically(path: &Path, text: &str) -> std::io::Result<()> {
    use std::io::Write;
    let dir = path
        .parent()
        .filter(|dir| !dir.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir)?;
    let file_name = path
        .file_name()
        .and_then(|name| name.to_str())
        .unwrap_or("config");
    let temp = dir.join(format!(".{file_name}.{}.tmp", std::process::id()));
    let result = (|| {
        let mut file = std::fs::File::create(&temp)?;
        file.write_all(text.as_bytes())?;
        file.sync_all()?;
        std::fs::rename(&temp, path)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&temp);
    }
    result
}

fn line_and_column(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let column = before
        .rsplit('\n')
        .next()
        .map_or(0, |tail| tail.chars().count())
        + 1;
    (line, column)
}

/// "90s", "5m", "1h", "1h30m" → Duration.
pub fn parse_interval(text: &str) -> Result<Duration, String> {
    let text = text.trim();
    if text.is_empty() {
        return Err("empty interval".into());
    }
    let mut total = 0u64;
    let mut digits = String::new();
    for c in text.chars() {
        if c.is_ascii_digit() {
            digits.push(c);
            continue;
        }
        let unit = match c {
            's' => 1,
            'm' => 60,
            'h' => 3600,
            'd' => 86_400,
            _ => {
                return Err(format!(
                    "interval {text:?}: unknown unit {c:?} (use s, m, h or d, e.g. \"90s\")"
                ))
            }
        };
        let value: u64 = digits
            .parse()
            .map_err(|_| format!("interval {text:?}: expected a number before {c:?}"))?;
        total = total.saturating_add(value.saturating_mul(unit));
        digits.clear();
    }
    if !digits.is_empty() {
        return Err(format!(
            "interval {text:?} needs a unit, e.g. \"{digits}s\""
        ));
    }
    Ok(Duration::from_secs(total))
}

pub(crate) fn interval<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Duration, D::Error> {
    let text = String::deserialize(deserializer)?;
    parse_interval(&text).map_err(serde::de::Error::custom)
}

fn optional_interval<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<Duration>, D::Error> {
    interval(deserializer).map(Some)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Config, ConfigError> {
        Config::parse(text, Path::new("config.toml"), &Catalog::builtin())
    }

    #[test]
    fn the_default_config_parses_and_resolves_catalog_services() {
        let config = parse(DEFAULT_CONFIG).expect("default config");
        assert!(config.services.len() >= 3);
        let github = config
            .services
            .iter()
            .find(|s| s.id == "github")
            .expect("github");
        assert_eq!(github.name, "GitHub");
        assert_eq!(
            github.sources[0].url,
            "https://www.githubstatus.com/api/v2/summary.json"
        );
        assert_eq!(github.interval, Duration::from_secs(60));
        assert_eq!(github.confirm, 3);
    }

    #[test]
    fn a_custom_statuspage_service_with_interval_and_components() {
        let config = parse(
            r#"
[general]
interval = "5m"

[[services]]
id = "acme"
name = "Acme"
interval = "2s"
components = ["API"]
[[services.sources]]
kind = "statuspage"
url = "http://127.0.0.1:8080"
"#,
        )
        .expect("valid");
        let acme = &config.services[0];
        assert_eq!(acme.interval, Duration::from_secs(2));
        assert_eq!(acme.components, vec!["API".to_string()]);
        assert_eq!(
            acme.sources[0].url,
            "http://127.0.0.1:8080/api/v2/summary.json"
        );
        assert_eq!(config.general.interval, Duration::from_secs(300));
    }

    #[test]
    fn errors_name_the_file_line_and_reason() {
        let cases = [
            ("[general]\ninterval = \"60\"\n", 2, "needs a unit"),
            ("[general]\nintervall = \"60s\"\n", 2, "unknown field `intervall`"),
            ("[[services]]\nid = \"nope-not-in-catalog\"\n", 2, "not in the catalog"),
            ("[general]\ninterval = \n", 2, ""),
            (
                "[[services]]\nid = \"x\"\n[[services.sources]]\nkind = \"statuspage\"\nurl = \"ftp://example.com\"\n",
                5,
                "bad status page URL",
            ),
            ("[[services]]\nid = \"github\"\n[[services]]\nid = \"github\"\n", 2, "listed twice"),
        ];
        for (text, line, reason) in cases {
            match parse(text) {
                Err(ConfigError::Invalid {
                    path,
                    line: got,
                    message,
                    ..
                }) => {
                    assert_eq!(path, Path::new("config.toml"));
                    assert_eq!(got, line, "line for {text:?}: {message}");
                    assert!(
                        message.contains(reason),
                        "{message:?} should mention {reason:?}"
                    );
                }
                other => panic!("{text:?} should be invalid, got {other:?}"),
            }
        }
    }

    #[test]
    fn intervals() {
        assert_eq!(parse_interval("90s"), Ok(Duration::from_secs(90)));
        assert_eq!(parse_interval("5m"), Ok(Duration::from_secs(300)));
        assert_eq!(parse_interval("1h30m"), Ok(Duration::from_secs(5400)));
        assert!(parse_interval("5 minutes").is_err());
        assert!(parse_interval("").is_err());
    }

    #[test]
    fn first_run_writes_the_default_and_a_bad_file_is_left_alone() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("sub/config.toml");
        let catalog = Catalog::builtin();
        Config::load_or_create(&path, &catalog).expect("created");
        assert_eq!(
            std::fs::read_to_string(&path).expect("written"),
            DEFAULT_CONFIG
        );

        std::fs::write(&path, "[general\n").expect("write");
        assert!(Config::load_or_create(&path, &catalog).is_err());
        assert_eq!(std::fs::read_to_string(&path).expect("kept"), "[general\n");
    }
}
