//! Times as vendors write them, to UTC, never a panic: RFC 3339 with any
//! offset (`2020-06-16T14:00:29.031-07:00`), naive timestamps
//! (`2025-07-18T08:49:04`, `2026-01-05 14:45:42.123`; read as UTC, the
//! zone they are in is not written), RFC 2822 (`Mon, 07 Sep 2026 06:52:00 Z`),
//! a trailing zone label (`2020-02-10 14:30 PST`), and epoch seconds or
//! milliseconds as digits or numbers (told apart by size). Template leftovers
//! such as `<no value>`, empty text and out-of-range numbers read as absent.

use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};

/// Epoch values above this are milliseconds (1e11 s is the year 5138).
const MILLIS_FROM: i64 = 100_000_000_000;

/// A vendor time in UTC, or `None` when it is not one.
pub(crate) fn parse_time(text: &str) -> Option<DateTime<Utc>> {
    let text = text.trim();
    if text.is_empty() || text.len() > 64 || text.starts_with('<') {
        return None;
    }
    if text.bytes().all(|b| b.is_ascii_digit()) {
        return epoch(text.parse().ok()?);
    }
    if let Ok(time) = DateTime::parse_from_rfc3339(text) {
        return Some(time.with_timezone(&Utc));
    }
    // RFC 3339 with a space instead of the `T`.
    if let Ok(time) = DateTime::parse_from_rfc3339(&text.replacen(' ', "T", 1)) {
        return Some(time.with_timezone(&Utc));
    }
    if let Ok(time) = DateTime::parse_from_rfc2822(text) {
        return Some(time.with_timezone(&Utc));
    }
    if let Some(time) = naive(text) {
        return Some(time.and_utc());
    }
    let (rest, zone) = text.rsplit_once(' ')?;
    let hours = super::payload::zone_offset_hours(zone)?;
    let local = naive(rest).or_else(|| {
        let numeric = format!("{rest} +0000");
        DateTime::parse_from_rfc2822(&numeric)
            .ok()
            .map(|t| t.naive_utc())
    })?;
    local
        .checked_sub_signed(chrono::Duration::hours(hours))
        .map(|t| t.and_utc())
}

/// A JSON time: a string as [`parse_time`] reads it, or an epoch number.
pub(crate) fn json_time(value: &serde_json::Value) -> Option<DateTime<Utc>> {
    match value {
        serde_json::Value::String(text) => parse_time(text),
        serde_json::Value::Number(number) => epoch(number.as_i64().or_else(|| {
            number
                .as_f64()
                .filter(|f| f.is_finite() && f.abs() < 1e15)
                .map(|f| f as i64)
        })?),
        _ => None,
    }
}

/// Seconds or milliseconds since the epoch; zero and negatives are "no date".
pub(crate) fn epoch(value: i64) -> Option<DateTime<Utc>> {
    if value <= 0 {
        None
    } else if value >= MILLIS_FROM {
        DateTime::from_timestamp_millis(value)
    } else {
        DateTime::from_timestamp(value, 0)
    }
}

fn naive(text: &str) -> Option<NaiveDateTime> {
    const FORMATS: [&str; 6] = [
        "%Y-%m-%dT%H:%M:%S%.f",
        "%Y-%m-%d %H:%M:%S%.f",
        "%Y-%m-%dT%H:%M",
        "%Y-%m-%d %H:%M",
        "%m/%d/%Y %H:%M",
        "%m/%d/%Y %H:%M:%S",
    ];
    FORMATS
        .iter()
        .find_map(|format| NaiveDateTime::parse_from_str(text, format).ok())
        .or_else(|| {
            NaiveDate::parse_from_str(text, "%Y-%m-%d")
                .ok()
                .and_then(|d| d.and_hms_opt(0, 0, 0))
        })
}

/// A local time in one of the zones vendors leave unnamed, to UTC.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Zone {
    Utc,
    /// America/Los_Angeles: UTC−8, UTC−7 in daylight time.
    UsPacific,
    /// Asia/Tokyo: UTC+9 all year (no daylight time since 1951).
    Tokyo,
}

impl Zone {
    /// `local` in this zone as UTC. A time that occurs twice (the hour
    /// before daylight time ends) is the first; one that never occurs (the
    /// hour skipped when it starts) is read with the offset before the jump,
    /// so it lands an hour later, as clocks show it.
    pub(crate) fn to_utc(self, local: NaiveDateTime) -> Option<DateTime<Utc>> {
        let hours = match self {
            Zone::Utc => 0,
            Zone::Tokyo => 9,
            Zone::UsPacific if us_daylight(local) => -7,
            Zone::UsPacific => -8,
        };
        local
            .checked_sub_signed(chrono::Duration::hours(hours))
            .map(|t| t.and_utc())
    }
}

/// Whether a US wall-clock time is in daylight time: from 02:00 on the
/// second Sunday of March to 02:00 on the first Sunday of November (the
/// Energy Policy Act of 2005, in force since 2007); before 2007, from the
/// first Sunday of April to the last Sunday of October.
fn us_daylight(local: NaiveDateTime) -> bool {
    use chrono::{Datelike, NaiveTime, Weekday};
    let year = local.year();
    let sunday =
        |month: u32, n: u8| NaiveDate::from_weekday_of_month_opt(year, month, Weekday::Sun, n);
    let (start, end) = if year >= 2007 {
        (sunday(3, 2), sunday(11, 1))
    } else {
        let last_october = (1..=5).rev().find_map(|n| sunday(10, n));
        (sunday(4, 1), last_october)
    };
    let (Some(start), Some(end)) = (start, end) else {
        return false;
    };
    let at = |day: NaiveDate, hour: u32| {
        NaiveDateTime::new(day, NaiveTime::from_hms_opt(hour, 0, 0).unwrap_or_default())
    };
    // 02:00–02:59 on the start day does not exist: read before the jump.
    local >= at(start, 3) && local < at(end, 2)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn utc(text: &str) -> Option<DateTime<Utc>> {
        DateTime::parse_from_rfc3339(text)
            .ok()
            .map(|t| t.with_timezone(&Utc))
    }

    #[test]
    fn every_way_vendors_write_a_time_is_utc() {
        let cases = [
            ("2020-06-16T14:00:29.031-07:00", "2020-06-16T21:00:29.031Z"),
            ("2025-07-18T08:49:04", "2025-07-18T08:49:04Z"),
            ("2026-01-05 14:45:42", "2026-01-05T14:45:42Z"),
            ("2026-06-22 03:22:11.456", "2026-06-22T03:22:11.456Z"),
            ("2023-01-19 10:00:00+09:00", "2023-01-19T01:00:00Z"),
            ("Mon, 07 Sep 2026 06:52:00 Z", "2026-09-07T06:52:00Z"),
            ("Thu, 16 Feb 2023 10:12:00 PST", "2023-02-16T18:12:00Z"),
            ("02/10/2020 14:30 PST", "2020-02-10T22:30:00Z"),
            ("1788472198", "2026-09-03T21:49:58Z"),
            ("1788472198000", "2026-09-03T21:49:58Z"),
        ];
        for (text, expected) in cases {
            assert_eq!(parse_time(text), utc(expected), "{text}");
        }
        assert_eq!(
            json_time(&serde_json::json!(1_745_452_800)),
            utc("2025-04-24T00:00:00Z")
        );
        assert_eq!(
            json_time(&serde_json::json!(1_745_452_800_000_i64)),
            utc("2025-04-24T00:00:00Z")
        );
    }

    #[test]
    fn what_is_no_time_reads_as_absent_without_a_panic() {
        for text in [
            "",
            "<no value>",
            "null",
            "0",
            "99999999999999999999999",
            "9999-99-99T99:99:99",
            "2026-13-40 25:61",
            "Mon, 99 Foo 2026 06:52:00 XYZ",
            "ninety",
        ] {
            assert_eq!(parse_time(text), None, "{text}");
        }
        for value in [
            serde_json::json!(null),
            serde_json::json!(-5),
            serde_json::json!(1e300),
            serde_json::json!(i64::MAX),
            serde_json::json!(u64::MAX),
            serde_json::json!([1]),
        ] {
            assert_eq!(json_time(&value), None, "{value}");
        }
    }

    fn local(text: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M").unwrap()
    }

    #[test]
    fn us_pacific_follows_daylight_time_both_ways() {
        let cases = [
            // Winter: UTC−8. Nintendo's sample maintenance.
            ("2021-02-24 20:30", "2021-02-25T04:30:00Z"),
            // Summer: UTC−7.
            ("2021-07-04 12:00", "2021-07-04T19:00:00Z"),
            // 2021-03-14, the second Sunday of March: 01:59 is standard,
            // 02:30 never happens (read as 03:30 daylight), 03:00 daylight.
            ("2021-03-14 01:59", "2021-03-14T09:59:00Z"),
            ("2021-03-14 02:30", "2021-03-14T10:30:00Z"),
            ("2021-03-14 03:00", "2021-03-14T10:00:00Z"),
            // The day before: still standard.
            ("2021-03-13 12:00", "2021-03-13T20:00:00Z"),
            // 2021-11-07, the first Sunday of November: 01:30 happens twice
            // (the first, daylight, is taken); 02:00 is standard again.
            ("2021-11-07 01:30", "2021-11-07T08:30:00Z"),
            ("2021-11-07 02:00", "2021-11-07T10:00:00Z"),
            ("2021-11-06 23:00", "2021-11-07T06:00:00Z"),
            // Before 2007: first Sunday of April to last Sunday of October.
            ("2006-03-20 12:00", "2006-03-20T20:00:00Z"),
            ("2006-04-02 03:00", "2006-04-02T10:00:00Z"),
            ("2006-10-29 01:00", "2006-10-29T08:00:00Z"),
            ("2006-10-29 02:00", "2006-10-29T10:00:00Z"),
        ];
        for (text, expected) in cases {
            assert_eq!(Zone::UsPacific.to_utc(local(text)), utc(expected), "{text}");
        }
        assert_eq!(
            Zone::Tokyo.to_utc(local("2021-07-04 09:00")),
            utc("2021-07-04T00:00:00Z")
        );
        assert_eq!(
            Zone::Utc.to_utc(local("2021-07-04 09:00")),
            utc("2021-07-04T09:00:00Z")
        );
    }
}
