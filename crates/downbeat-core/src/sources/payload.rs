//! Helpers shared by the vendor-format parsers of this directory (Slack,
//! Heroku, status.io, Google, Apple, AWS, feeds): reading a JSON payload of
//! the expected shape with clear errors, tolerant field readers, vendor times
//! in UTC and the sort orders of the model. Nothing here is a format.

use chrono::{DateTime, Utc};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Deserializer};
use std::cmp::Ordering;

use super::ParseError;
use crate::model::{Status, VendorIncident};

/// The JSON value a format's top level must be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Shape {
    Object,
    Array,
}

/// Reads `bytes` as the JSON `shape` a format expects. `what` names the
/// payload in errors ("Slack status API answer"). A byte-order mark and
/// leading whitespace are skipped; HTML, the other JSON shape, and JSON of
/// the wrong fields are errors that say so.
pub(crate) fn decode_json<T: DeserializeOwned>(
    format: &'static str,
    bytes: &[u8],
    shape: Shape,
    what: &str,
) -> Result<T, ParseError> {
    let text = decode_utf16(bytes)
        .map_err(|()| ParseError::new(format, format!("invalid UTF-16, expected {what}")))?;
    let body = trim_start(text.as_deref().map_or(bytes, str::as_bytes));
    let expected = match shape {
        Shape::Object => "a JSON object",
        Shape::Array => "a JSON array",
    };
    let Some(&first) = body.first() else {
        return Err(ParseError::new(
            format,
            format!("empty body, expected {what}"),
        ));
    };
    let kind = match first {
        b'<' => {
            return Err(ParseError::new(
                format,
                format!("got an HTML/XML document, expected {what}"),
            ))
        }
        b'{' if shape == Shape::Object => None,
        b'[' if shape == Shape::Array => None,
        b'{' => Some("an object"),
        b'[' => Some("an array"),
        b'"' => Some("a string"),
        b'-' | b'0'..=b'9' => Some("a number"),
        b't' | b'f' => Some("a boolean"),
        b'n' => Some("null"),
        // Not JSON at all: the parser says where it breaks.
        _ => None,
    };
    if let Some(kind) = kind {
        return Err(ParseError::new(
            format,
            format!("not a {what}: expected {expected}, got {kind}"),
        ));
    }
    serde_json::from_slice(body).map_err(|e| {
        use serde_json::error::Category;
        let message = match e.classify() {
            Category::Data => format!("not a {what}: {e}"),
            Category::Syntax | Category::Eof | Category::Io => {
                format!("invalid JSON, expected {what}: {e}")
            }
        };
        ParseError::new(format, message)
    })
}

/// The text of a UTF-16 payload (with a byte-order mark, or recognized by
/// its zero bytes: JSON and XML start with ASCII); `None` when the payload
/// is not UTF-16, an error when it is but does not decode.
pub(crate) fn decode_utf16(bytes: &[u8]) -> Result<Option<String>, ()> {
    let (little_endian, body) = match bytes {
        [0xFF, 0xFE, rest @ ..] => (true, rest),
        [0xFE, 0xFF, rest @ ..] => (false, rest),
        [a, 0, ..] if *a != 0 => (true, bytes),
        [0, b, ..] if *b != 0 => (false, bytes),
        _ => return Ok(None),
    };
    if body.len() % 2 != 0 {
        return Err(());
    }
    let units = body.chunks_exact(2).map(|pair| {
        if little_endian {
            u16::from_le_bytes([pair[0], pair[1]])
        } else {
            u16::from_be_bytes([pair[0], pair[1]])
        }
    });
    char::decode_utf16(units)
        .collect::<Result<String, _>>()
        .map(Some)
        .map_err(|_| ())
}

/// The payload without a UTF-8 byte-order mark and leading whitespace.
pub(crate) fn trim_start(bytes: &[u8]) -> &[u8] {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let start = bytes
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(bytes.len());
    &bytes[start..]
}

/// `null` reads as the type's default (empty list, empty string, false).
pub(crate) fn nullable<'de, D, T>(deserializer: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de> + Default,
{
    Ok(Option::<T>::deserialize(deserializer)?.unwrap_or_default())
}

/// A string or a number (vendors use both for ids and codes) as a trimmed
/// string; `null` and other JSON values read as empty.
pub(crate) fn text_or_number<'de, D>(deserializer: D) -> Result<String, D::Error>
where
    D: Deserializer<'de>,
{
    Ok(match serde_json::Value::deserialize(deserializer)? {
        serde_json::Value::String(text) => text.trim().to_owned(),
        serde_json::Value::Number(number) => number.to_string(),
        serde_json::Value::Bool(flag) => flag.to_string(),
        _ => String::new(),
    })
}

/// A vendor time in UTC (RFC 3339, or any way [`dates`](super::dates)
/// reads); unreadable times read as absent.
pub(crate) fn rfc3339(text: Option<&str>) -> Option<DateTime<Utc>> {
    super::dates::parse_time(text?)
}

/// Seconds since the Unix epoch, as digits ("1788472198"); absent if empty,
/// not a number or out of range.
pub(crate) fn epoch_seconds(text: &str) -> Option<DateTime<Utc>> {
    let seconds: i64 = text.trim().parse().ok()?;
    DateTime::from_timestamp(seconds, 0)
}

/// Milliseconds since the Unix epoch; absent when out of range or zero
/// (vendors write 0 for "no date").
pub(crate) fn epoch_millis(millis: i64) -> Option<DateTime<Utc>> {
    if millis == 0 {
        return None;
    }
    DateTime::from_timestamp_millis(millis)
}

/// The UTC offset in hours of a zone abbreviation vendors write after their
/// times: UTC, GMT, UT, Z and the US zones (PST, PDT, MST, MDT, CST, CDT,
/// EST, EDT).
pub(crate) fn zone_offset_hours(zone: &str) -> Option<i64> {
    Some(match zone.trim().to_ascii_uppercase().as_str() {
        "UTC" | "GMT" | "UT" | "Z" => 0,
        "PST" => -8,
        "PDT" | "MST" => -7,
        "MDT" | "CST" => -6,
        "CDT" | "EST" => -5,
        "EDT" => -4,
        _ => return None,
    })
}

/// Vendor text as plain text (see [`plain_text`](super::plain_text)), with
/// CRLF line ends made LF and the spaces at the ends of lines dropped.
pub(crate) fn vendor_text(body: &str) -> String {
    let lines: Vec<&str> = body.lines().map(str::trim_end).collect();
    super::plain_text(&lines.join("\n"))
}

pub(crate) fn non_empty(text: &str) -> Option<String> {
    let trimmed = text.trim();
    (!trimmed.is_empty()).then(|| trimmed.to_owned())
}

/// The worst of the statuses that are known; `unknown` only when every one
/// is unknown (a component the vendor does not monitor, a word no reader
/// knows), `None` when there are none. One unreadable part never decides a
/// page that is otherwise readable.
pub(crate) fn worst(statuses: impl IntoIterator<Item = Status>) -> Option<Status> {
    let mut any = false;
    let known = statuses
        .into_iter()
        .inspect(|_| any = true)
        .filter(|status| *status != Status::Unknown)
        .reduce(Status::worst);
    known.or(any.then_some(Status::Unknown))
}

/// The worse of two statuses, a known one before `unknown` (see [`worst`]).
pub(crate) fn worse(a: Status, b: Status) -> Status {
    page_status([a, b])
}

/// A maintenance as a page plans it: no updates, no components yet.
pub(crate) fn planned(
    id: String,
    title: String,
    stage: &str,
    from: Option<DateTime<Utc>>,
    until: Option<DateTime<Utc>>,
) -> VendorIncident {
    VendorIncident {
        id,
        title,
        status: stage.to_owned(),
        impact: Status::Maintenance,
        started_at: from,
        resolved_at: None,
        url: None,
        updates: Vec::new(),
        components: Vec::new(),
        scheduled_for: from,
        scheduled_until: until,
    }
}

/// What describes a page now: its components' statuses, its open
/// incidents' impacts, and `maintenance` for each maintenance under way.
pub(crate) fn current_parts(
    components: &[crate::model::Component],
    incidents: &[VendorIncident],
    maintenances: &[VendorIncident],
) -> Vec<Status> {
    components
        .iter()
        .map(|c| c.status)
        .chain(
            incidents
                .iter()
                .filter(|i| !i.is_resolved())
                .map(|i| i.impact),
        )
        .chain(
            maintenances
                .iter()
                .filter(|m| matches!(m.status.as_str(), "in_progress" | "verifying"))
                .map(|_| Status::Maintenance),
        )
        .collect()
}

/// A page of monitors (each one whole service checked from outside): some
/// down → partial outage; every monitor that is watched and not in
/// maintenance down → major outage; else the worst known monitor.
pub(crate) fn monitors_status(components: &[crate::model::Component]) -> Status {
    let down = components
        .iter()
        .filter(|c| c.status == Status::MajorOutage)
        .count();
    let watched = components
        .iter()
        .filter(|c| !matches!(c.status, Status::Unknown | Status::Maintenance))
        .count();
    match down {
        0 => page_status(components.iter().map(|c| c.status)),
        _ if down == watched => Status::MajorOutage,
        _ => Status::PartialOutage,
    }
}

/// A page's status from its parts: the worst known one (see [`worst`]),
/// `unknown` when nothing on the page can be read.
pub(crate) fn page_status(statuses: impl IntoIterator<Item = Status>) -> Status {
    worst(statuses).unwrap_or(Status::Unknown)
}

/// Newest first by start; incidents without a time go last.
pub(crate) fn sort_newest_first(incidents: &mut [VendorIncident]) {
    incidents.sort_by_key(|incident| std::cmp::Reverse(incident.started_at));
}

/// Soonest first by scheduled start (or start); no time goes last.
pub(crate) fn sort_soonest_first(maintenances: &mut [VendorIncident]) {
    let key = |m: &VendorIncident| m.scheduled_for.or(m.started_at);
    maintenances.sort_by(|a, b| match (key(a), key(b)) {
        (Some(a), Some(b)) => a.cmp(&b),
        (Some(_), None) => Ordering::Less,
        (None, Some(_)) => Ordering::Greater,
        (None, None) => Ordering::Equal,
    });
}
