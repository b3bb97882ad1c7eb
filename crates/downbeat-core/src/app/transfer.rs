//! Moving Downbeat between machines: the configuration as a versioned JSON
//! document (services and settings, exactly as the config file says them),
//! and the history as CSV for spreadsheets.

use crate::config::catalog::Catalog;
use crate::config::Config;
use crate::store::{Store, StoreError};
use crate::views::report::IncidentRow;
use chrono::{DateTime, Utc};
use serde_json::{json, Value};
use std::fmt::Write as _;
use std::path::Path;

/// The version of the export format this Downbeat writes and reads.
pub const EXPORT_VERSION: u64 = 1;
const FORMAT: &str = "downbeat-config";

#[derive(Debug, thiserror::Error)]
pub enum TransferError {
    #[error("not a Downbeat export: {0}")]
    NotAnExport(String),
    #[error(
        "this export was written by a newer Downbeat (format {found}, this version reads {EXPORT_VERSION}); nothing was imported"
    )]
    TooNew { found: u64 },
    #[error("the exported configuration is not valid: {0}")]
    Invalid(String),
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// The config file's text as an export document.
pub fn export_config(config_text: &str, now: DateTime<Utc>) -> Result<String, TransferError> {
    let config: toml::Value = toml::from_str(config_text)
        .map_err(|error| TransferError::Invalid(error.message().to_owned()))?;
    let document = json!({
        "format": FORMAT,
        "version": EXPORT_VERSION,
        "exported_at": now.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        "config": config,
    });
    serde_json::to_string_pretty(&document)
        .map(|mut text| {
            text.push('\n');
            text
        })
        .map_err(|error| TransferError::Invalid(error.to_string()))
}

/// The config file text an export document stands for, validated as the
/// config file would be (`path` labels errors).
pub fn import_config(
    document: &str,
    path: &Path,
    catalog: &Catalog,
) -> Result<String, TransferError> {
    let document: Value = serde_json::from_str(document)
        .map_err(|error| TransferError::NotAnExport(error.to_string()))?;
    if document.get("format").and_then(Value::as_str) != Some(FORMAT) {
        return Err(TransferError::NotAnExport(format!(
            "no \"format\": \"{FORMAT}\" field"
        )));
    }
    let version = document
        .get("version")
        .and_then(Value::as_u64)
        .ok_or_else(|| TransferError::NotAnExport("no \"version\" number".into()))?;
    if version > EXPORT_VERSION {
        return Err(TransferError::TooNew { found: version });
    }
    let config = document
        .get("config")
        .filter(|config| config.is_object())
        .ok_or_else(|| TransferError::NotAnExport("no \"config\" object".into()))?;
    let text =
        toml::to_string(config).map_err(|error| TransferError::Invalid(error.to_string()))?;
    let text = format!(
        "# Imported by Downbeat from an export (format {version}).\n\
         # Every setting is described in the default config: see the README.\n\n{text}"
    );
    Config::parse(&text, path, catalog)
        .map_err(|error| TransferError::Invalid(error.to_string()))?;
    Ok(text)
}

/// One row per service per UTC day, for good: the daily rollups.
pub fn history_csv(
    store: &Store,
    services: &[(String, String)],
    since: DateTime<Utc>,
) -> Result<String, TransferError> {
    let mut out = String::from(
        "service,name,date,up_s,degraded_s,down_s,maintenance_s,unobserved_s,uptime,checks,failures,latency_p50_ms,latency_p95_ms,latency_max_ms\n",
    );
    for (id, name) in services {
        for (day, r) in store.daily(id, since)? {
            let uptime = r.uptime().map(|u| format!("{u:.6}")).unwrap_or_default();
            let ms = |v: Option<u32>| v.map(|v| v.to_string()).unwrap_or_default();
            let _ = writeln!(
                out,
                "{},{},{},{},{},{},{},{},{uptime},{},{},{},{},{}",
                csv_field(id),
                csv_field(name),
                day.date_naive(),
                r.up_ms / 1000,
                r.degraded_ms / 1000,
                r.down_ms / 1000,
                r.maintenance_ms / 1000,
                r.unobserved_ms / 1000,
                r.checks,
                r.failures,
                ms(r.latency_p50),
                ms(r.latency_p95),
                ms(r.latency_max),
            );
        }
    }
    Ok(out)
}

/// One row per incident, newest first.
pub fn incidents_csv(rows: &[IncidentRow]) -> String {
    let mut out = String::from(
        "service,name,title,worst,started_at,ended_at,duration_s,detection_lead_s,vendor_updates\n",
    );
    let time = |at: Option<DateTime<Utc>>| {
        at.map(|at| at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true))
            .unwrap_or_default()
    };
    for IncidentRow { name, timeline: t } in rows {
        let updates = t
            .entries
            .iter()
            .filter(|e| matches!(e, crate::logic::history::Entry::Vendor { .. }))
            .count();
        let _ = writeln!(
            out,
            "{},{},{},{},{},{},{},{},{updates}",
            csv_field(&t.service),
            csv_field(name),
            csv_field(&t.title),
            t.worst.as_str(),
            time(Some(t.started_at)),
            time(t.ended_at),
            t.duration_ms / 1000,
            t.detection_lead_ms
                .map(|l| (l / 1000).to_string())
                .unwrap_or_default(),
        );
    }
    out
}

/// RFC 4180 quoting, no control characters (a terminal may show the file),
/// and a leading `'` before `=`, `+`, `-`, `@` so that a vendor's title
/// cannot become a spreadsheet formula.
fn csv_field(text: &str) -> String {
    let text = crate::model::text::plain(text);
    let text = if text.starts_with(['=', '+', '-', '@']) {
        format!("'{text}")
    } else {
        text.into_owned()
    };
    if text.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text
    }
}

#[cfg(test)]
#[allow(clippy::expect_used, clippy::unwrap_used)]
mod tests {
    use super::*;

    const CONFIG: &str = r#"
[general]
interval = "90s"
language = "fr"

[notifications]
quiet_hours = "22:00-07:00"

[[services]]
id = "github"

[[services]]
id = "my-api"
name = "My API"
components = ["Voice"]
[[services.sources]]
kind = "http"
url = "http://127.0.0.1:9/health"
expect_status = [200]
"#;

    #[test]
    fn a_config_survives_export_and_import() {
        let catalog = Catalog::builtin();
        let before = Config::parse(CONFIG, Path::new("a.toml"), &catalog).expect("config");
        let export = export_config(CONFIG, DateTime::<Utc>::UNIX_EPOCH).expect("export");
        assert!(export.contains("\"version\": 1"), "{export}");
        let text = import_config(&export, Path::new("b.toml"), &catalog).expect("import");
        let after = Config::parse(&text, Path::new("b.toml"), &catalog).expect("reparse");
        assert_eq!(before.services, after.services);
        assert_eq!(before.general.interval, after.general.interval);
        assert_eq!(after.general.language, "fr");
        assert_eq!(
            after.notifications.quiet_hours.as_deref(),
            Some("22:00-07:00")
        );
    }

    #[test]
    fn bad_or_newer_exports_are_refused_with_a_reason() {
        let catalog = Catalog::builtin();
        let path = Path::new("c.toml");
        let refuse = |text: &str| {
            import_config(text, path, &catalog)
                .expect_err(text)
                .to_string()
        };
        assert!(refuse("{").contains("not a Downbeat export"));
        assert!(refuse(r#"{"format":"other","version":1,"config":{}}"#).contains("format"));
        assert!(
            refuse(r#"{"format":"downbeat-config","version":7,"config":{}}"#)
                .contains("newer Downbeat")
        );
        let bad =
            r#"{"format":"downbeat-config","version":1,"config":{"general":{"interval":"0s"}}}"#;
        assert!(refuse(bad).contains("at least 1s"), "{}", refuse(bad));
    }

    #[test]
    fn csv_fields_are_quoted_and_never_formulas() {
        assert_eq!(csv_field("plain"), "plain");
        assert_eq!(csv_field("a, \"b\""), "\"a, \"\"b\"\"\"");
        assert_eq!(csv_field("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
        assert_eq!(
            csv_field("\u{1b}]0;pwned\u{7}Title\u{1b}[31m"),
            "]0;pwnedTitle[31m"
        );
    }
}
