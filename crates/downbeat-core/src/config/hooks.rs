//! `[[hooks]]`: programs to run and URLs to POST when a service goes down or
//! comes back (see `io::hooks`).
//!
//! A hook that is wrong (a missing program, a bad URL, an unknown event or
//! service) is left out and reported with its line in `Config::hook_errors`;
//! the rest of the config still loads, so a typo in a hook never stops the
//! watching. The CLI refuses such a file (exit 78); the desktop app starts
//! and shows the error beside the hook in Settings.

use super::{line_and_column, shown};
use super::{Config, ConfigError};
use crate::model::NotificationKind;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The event names a hook's `events` may list: the notification kinds of
/// the `watch --json` contract.
pub const EVENT_NAMES: [(&str, NotificationKind); 8] = [
    ("outage", NotificationKind::Outage),
    ("degraded", NotificationKind::Degraded),
    ("maintenance", NotificationKind::Maintenance),
    ("recovery", NotificationKind::Recovery),
    ("offline", NotificationKind::Offline),
    ("online", NotificationKind::Online),
    ("grouped", NotificationKind::Grouped),
    ("reminder", NotificationKind::Reminder),
];

/// The contract name of a notification kind (`"outage"`).
pub fn event_name(kind: NotificationKind) -> &'static str {
    // Exhaustive, so a new kind must be named here (and in EVENTS.md).
    match kind {
        NotificationKind::Outage => "outage",
        NotificationKind::Degraded => "degraded",
        NotificationKind::Maintenance => "maintenance",
        NotificationKind::Recovery => "recovery",
        NotificationKind::Offline => "offline",
        NotificationKind::Online => "online",
        NotificationKind::Grouped => "grouped",
        NotificationKind::Reminder => "reminder",
        // The tray app's own word, never sent to hooks (not in EVENT_NAMES).
        NotificationKind::HistoryRestarted => "history_restarted",
    }
}

/// One hook, checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HookSpec {
    pub target: HookTarget,
    /// `None`: every event.
    pub events: Option<Vec<NotificationKind>>,
    /// `None`: every service (and the connection's own events).
    pub services: Option<Vec<String>>,
    /// Where it is written, to name it in Settings and in logs.
    pub line: usize,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HookTarget {
    /// argv: the program (a path, or a name looked up in PATH) and its
    /// arguments. Never a shell.
    Command(Vec<String>),
    /// POST the event JSON here, with these headers.
    Url {
        url: String,
        headers: Vec<(String, HeaderSource)>,
    },
}

/// A header's value: written in the config, or read from the environment
/// when the request is made (`{ env = "NAME" }`), so that a secret never
/// sits in the file and never comes back out of an edit or an export.
#[derive(Clone, PartialEq, Eq, Deserialize)]
#[serde(untagged)]
pub enum HeaderSource {
    Literal(String),
    Env { env: String },
}

impl std::fmt::Debug for HeaderSource {
    // A literal value may still be a token: never in a log line.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            HeaderSource::Literal(_) => f.write_str("Literal(***)"),
            HeaderSource::Env { env } => write!(f, "Env({env})"),
        }
    }
}

impl HookSpec {
    /// "line 12: /usr/local/bin/page-me" or "line 15: https://hooks.example.com/…"
    /// (a URL without its query or password).
    pub fn label(&self) -> String {
        let what = match &self.target {
            HookTarget::Command(argv) => argv.first().cloned().unwrap_or_default(),
            HookTarget::Url { url, .. } => shown_url(url),
        };
        format!(
            "line {}: {}",
            self.line,
            crate::model::text::plain_line(&what)
        )
    }

    /// Whether a notification of `kind` about `services` goes to this hook.
    /// A grouped notification goes to every hook that asks for a change of
    /// a service (outage, degraded, recovery or grouped), so that an outage
    /// that came together with another change is never missed.
    pub fn wants(&self, kind: NotificationKind, services: &[String]) -> bool {
        let kind_ok = match &self.events {
            None => true,
            Some(events) if kind == NotificationKind::Grouped => events.iter().any(|e| {
                matches!(
                    e,
                    NotificationKind::Grouped
                        | NotificationKind::Outage
                        | NotificationKind::Degraded
                        | NotificationKind::Recovery
                )
            }),
            Some(events) => events.contains(&kind),
        };
        let service_ok = match &self.services {
            None => true,
            Some(wanted) => services.iter().any(|s| wanted.contains(s)),
        };
        kind_ok && service_ok
    }
}

/// A URL as logs and Settings show it: scheme, host, port and path; the
/// query (often a token) and any password left out.
pub fn shown_url(url: &str) -> String {
    match url::Url::parse(url) {
        Ok(mut parsed) => {
            parsed.set_query(None);
            parsed.set_fragment(None);
            crate::model::text::redact_url(parsed.as_str())
        }
        Err(_) => "(a bad URL)".into(),
    }
}

impl Config {
    /// The first wrong hook as a config error: for the CLI, which refuses
    /// such a file where the desktop app starts without the hook.
    pub fn hooks_checked(self, path: &Path) -> Result<Config, ConfigError> {
        match self.hook_errors.first() {
            Some(problem) => Err(ConfigError::Invalid {
                path: path.to_owned(),
                line: problem.line,
                column: problem.column,
                message: problem.message.clone(),
            }),
            None => Ok(self),
        }
    }
}

/// A hook left out, and why: an error of the config at this line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HookProblem {
    pub line: usize,
    pub column: usize,
    pub message: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawHook {
    command: Option<Vec<String>>,
    url: Option<String>,
    #[serde(default)]
    headers: BTreeMap<String, HeaderSource>,
    events: Option<Vec<String>>,
    services: Option<Vec<String>>,
}

/// Check every `[[hooks]]` table; the good ones, and an error for each bad one.
pub(super) fn parse(
    tables: Vec<toml::Spanned<toml::Table>>,
    text: &str,
    service_ids: &[&str],
) -> (Vec<HookSpec>, Vec<HookProblem>) {
    let mut hooks = Vec::new();
    let mut errors = Vec::new();
    for table in tables {
        let span = table.span();
        let region = text.get(span.clone()).unwrap_or_default();
        let error_at = |needle: Option<&str>, message: String| {
            let offset = needle
                .and_then(|needle| region.find(needle))
                .map_or(span.start, |at| span.start + at);
            let (line, column) = line_and_column(text, offset);
            HookProblem {
                line,
                column,
                message,
            }
        };
        let line = line_and_column(text, span.start).0;
        match check(table.into_inner(), line, service_ids) {
            Ok(hook) => hooks.push(hook),
            Err((needle, message)) => errors.push(error_at(needle.as_deref(), message)),
        }
    }
    (hooks, errors)
}

/// The hook, or the text to point at and what is wrong.
fn check(
    table: toml::Table,
    line: usize,
    service_ids: &[&str],
) -> Result<HookSpec, (Option<String>, String)> {
    let raw = RawHook::deserialize(toml::Value::Table(table))
        .map_err(|error| (None, format!("hook: {}", error.message().trim())))?;
    let target = match (raw.command, raw.url) {
        (Some(_), Some(_)) => {
            return Err((
                Some("url".into()),
                "a hook has either command or url, not both".into(),
            ))
        }
        (None, None) => {
            return Err((
                None,
                "a hook needs command = [\"program\", \"arg\"] or url = \"https://…\"".into(),
            ))
        }
        (Some(argv), None) => {
            if !raw.headers.is_empty() {
                return Err((Some("headers".into()), "headers are for url hooks".into()));
            }
            let program = argv
                .first()
                .filter(|p| !p.is_empty())
                .ok_or((Some("command".into()), "command must name a program".into()))?;
            if let Err(message) = find_program(program) {
                return Err((Some(format!("{program:?}")), message));
            }
            HookTarget::Command(argv)
        }
        (None, Some(url)) => {
            let quoted = format!("{url:?}");
            if crate::model::text::http_link(&url) != Some(url.as_str()) {
                return Err((
                    Some(quoted),
                    format!("hook URL {} is not an http:// or https:// URL", shown(&url)),
                ));
            }
            for (name, value) in &raw.headers {
                check_header(name, value).map_err(|m| (Some(name.clone()), m))?;
            }
            HookTarget::Url {
                url,
                headers: raw.headers.into_iter().collect(),
            }
        }
    };
    let events = match raw.events {
        None => None,
        Some(names) => {
            let mut kinds = Vec::with_capacity(names.len());
            for name in names {
                let kind = EVENT_NAMES
                    .iter()
                    .find(|(n, _)| *n == name)
                    .map(|(_, kind)| *kind)
                    .ok_or_else(|| {
                        let known: Vec<&str> = EVENT_NAMES.iter().map(|(n, _)| *n).collect();
                        (
                            Some(format!("{name:?}")),
                            format!(
                                "unknown hook event {}: use {}",
                                shown(&name),
                                known.join(", ")
                            ),
                        )
                    })?;
                kinds.push(kind);
            }
            Some(kinds)
        }
    };
    if let Some(services) = &raw.services {
        if let Some(unknown) = services.iter().find(|s| !service_ids.contains(&s.as_str())) {
            return Err((
                Some(format!("{unknown:?}")),
                format!(
                    "hook service {} is not one of the [[services]] in this file",
                    shown(unknown)
                ),
            ));
        }
    }
    Ok(HookSpec {
        target,
        events,
        services: raw.services,
        line,
    })
}

fn check_header(name: &str, value: &HeaderSource) -> Result<(), String> {
    if http::HeaderName::from_bytes(name.as_bytes()).is_err() {
        return Err(format!("{} is not a valid header name", shown(name)));
    }
    match value {
        HeaderSource::Literal(text) => http::HeaderValue::from_str(text)
            .map(|_| ())
            .map_err(|_| format!("header {name} holds a character a header cannot carry")),
        HeaderSource::Env { env } => {
            let fine = !env.is_empty()
                && env.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
                && !env.starts_with(|c: char| c.is_ascii_digit());
            if fine {
                Ok(())
            } else {
                Err(format!(
                    "header {name}: {} is not an environment variable name",
                    shown(env)
                ))
            }
        }
    }
}

/// The program a hook runs: a path (absolute, or relative to the working
/// directory) when it holds a `/`, else a name looked up in `PATH`. It must
/// be an executable file.
pub fn find_program(program: &str) -> Result<PathBuf, String> {
    if program.contains('/') || program.contains(std::path::MAIN_SEPARATOR) {
        let path = PathBuf::from(program);
        return match std::fs::metadata(&path) {
            Err(_) => Err(format!("hook program {} does not exist", shown(program))),
            Ok(meta) if !meta.is_file() => {
                Err(format!("hook program {} is not a file", shown(program)))
            }
            Ok(meta) if !is_executable(&meta) => Err(format!(
                "hook program {} is not executable (chmod +x it)",
                shown(program)
            )),
            Ok(_) => Ok(path),
        };
    }
    let path = std::env::var_os("PATH").unwrap_or_default();
    std::env::split_paths(&path)
        .map(|dir| dir.join(program))
        .find(|candidate| {
            std::fs::metadata(candidate).is_ok_and(|meta| meta.is_file() && is_executable(&meta))
        })
        .ok_or_else(|| {
            format!(
                "hook program {} is not found in PATH (give its full path)",
                shown(program)
            )
        })
}

#[cfg(unix)]
fn is_executable(meta: &std::fs::Metadata) -> bool {
    use std::os::unix::fs::PermissionsExt as _;
    meta.permissions().mode() & 0o111 != 0
}

#[cfg(not(unix))]
fn is_executable(_meta: &std::fs::Metadata) -> bool {
    true
}

#[cfg(test)]
#[path = "hooks_tests.rs"]
mod tests;
