//! Durations as the user writes them ("90s", "1h30m"), bounded, and values
//! shown back in errors without flooding the terminal.

use serde::{Deserialize, Deserializer};
use std::time::Duration;

/// The longest duration any setting accepts: past a year, time arithmetic
/// stops meaning anything (and used to overflow).
pub const MAX_DURATION: Duration = Duration::from_secs(365 * 86_400);

/// Values longer than this are cut in error messages.
const SHOWN_CHARS: usize = 200;

/// "90s", "5m", "1h", "1h30m" → Duration, at most [`MAX_DURATION`].
pub fn parse_interval(text: &str) -> Result<Duration, String> {
    let text = text.trim();
    if text.is_empty() {
        return Err("empty interval".into());
    }
    let too_long = || format!("interval {} is too long (at most 365d)", shown(text));
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
                    "interval {}: unknown unit {c:?} (use s, m, h or d, e.g. \"90s\")",
                    shown(text)
                ))
            }
        };
        if digits.is_empty() {
            return Err(format!(
                "interval {}: expected a number before {c:?}",
                shown(text)
            ));
        }
        // Any number too large for u64 is too long anyway.
        let value: u64 = digits.parse().map_err(|_| too_long())?;
        total = value
            .checked_mul(unit)
            .and_then(|secs| total.checked_add(secs))
            .ok_or_else(too_long)?;
        digits.clear();
    }
    if !digits.is_empty() {
        return Err(format!(
            "interval {} needs a unit, e.g. \"{}s\"",
            shown(text),
            shown_plain(&digits)
        ));
    }
    let total = Duration::from_secs(total);
    if total > MAX_DURATION {
        return Err(too_long());
    }
    Ok(total)
}

/// `value` quoted for an error message, cut at 200 characters.
pub fn shown(value: &str) -> String {
    format!("{:?}", shown_plain(value))
}

fn shown_plain(value: &str) -> String {
    match value.char_indices().nth(SHOWN_CHARS) {
        Some((at, _)) => format!("{}…", &value[..at]),
        None => value.to_owned(),
    }
}

pub(crate) fn interval<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Duration, D::Error> {
    let text = String::deserialize(deserializer)?;
    parse_interval(&text).map_err(serde::de::Error::custom)
}

pub(super) fn optional_interval<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<Duration>, D::Error> {
    interval(deserializer).map(Some)
}
