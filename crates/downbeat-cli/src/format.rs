//! Small pieces shared by the human-readable outputs.

use chrono::{DateTime, FixedOffset, Local, Utc};
use downbeat_core::config::Config;
use downbeat_core::model::i18n::Language;
use downbeat_core::model::Status;

/// How reasons are written: in the config's `general.language` (else the
/// system's), times in the local offset.
pub fn words(config: &Config) -> (Language, FixedOffset) {
    (
        downbeat_core::app::engine::language_of(config),
        *Local::now().offset(),
    )
}

/// The tray's glyph for a status, so the CLI and the menu read alike.
pub fn glyph(status: Status) -> char {
    match status {
        Status::Operational => '●',
        Status::Degraded => '▲',
        Status::PartialOutage | Status::MajorOutage => '✖',
        Status::Maintenance => '◆',
        Status::Unknown => '?',
    }
}

/// The `check` exit code for a status: the monitoring-plugin convention.
pub fn exit_code(status: Status) -> u8 {
    match status {
        Status::Operational => 0,
        Status::Degraded | Status::Maintenance => 1,
        Status::PartialOutage | Status::MajorOutage => 2,
        Status::Unknown => 3,
    }
}

/// A time for people: local, to the minute (JSON keeps RFC 3339 UTC).
pub fn local_minute(at: DateTime<Utc>) -> String {
    at.with_timezone(&Local)
        .format("%Y-%m-%d %H:%M")
        .to_string()
}

/// A time for a running log: local, to the second.
pub fn local_second(at: DateTime<Utc>) -> String {
    at.with_timezone(&Local)
        .format("%Y-%m-%d %H:%M:%S")
        .to_string()
}

/// `text` padded with spaces to `width` characters (not bytes: names may be
/// non-ASCII).
pub fn pad(text: &str, width: usize) -> String {
    let count = text.chars().count();
    format!("{text}{}", " ".repeat(width.saturating_sub(count)))
}

/// "45 min", "2 h 5 min", "3 d 4 h": how long, for people.
pub fn duration(ms: i64) -> String {
    let minutes = ms.max(0) / 60_000;
    match minutes {
        0 => format!("{} s", ms.max(0) / 1000),
        1..=59 => format!("{minutes} min"),
        60..=1439 if minutes % 60 == 0 => format!("{} h", minutes / 60),
        60..=1439 => format!("{} h {} min", minutes / 60, minutes % 60),
        _ => format!("{} d {} h", minutes / 1440, minutes % 1440 / 60),
    }
}
