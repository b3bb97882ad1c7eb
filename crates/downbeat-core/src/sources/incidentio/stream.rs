//! Reading the Next.js data of an incident.io page: the `self.__next_f`
//! chunks, the React Server Components rows they form, and the JSON objects
//! in those rows, found by key. Read as JSON only, never executed.

use serde_json::Value;
use std::collections::HashMap;

use crate::sources::payload;

const MARKER: &str = "self.__next_f.push(";

/// The joined text of the `[1, "…"]` chunks; `None` when there is none.
pub(super) fn flight_text(html: &str) -> Option<String> {
    let mut out = String::new();
    let mut found = false;
    let mut rest = html;
    while let Some(at) = rest.find(MARKER) {
        let after = &rest[at + MARKER.len()..];
        let mut stream = serde_json::Deserializer::from_str(after).into_iter::<Value>();
        match stream.next() {
            Some(Ok(Value::Array(items))) => {
                if let [kind, Value::String(text), ..] = items.as_slice() {
                    if kind.as_u64() == Some(1) {
                        found = true;
                        out.push_str(text);
                    }
                }
                rest = after.get(stream.byte_offset()..).unwrap_or("");
            }
            // Not a chunk we can read (cut off, or other code): skip it.
            _ => rest = after,
        }
    }
    found.then_some(out)
}

/// The rows of the stream: the JSON ones, and the text ones by id.
pub(super) struct Rows<'a> {
    json: Vec<&'a str>,
    texts: HashMap<&'a str, &'a str>,
}

impl<'a> Rows<'a> {
    pub(super) fn split(flight: &'a str) -> Self {
        let mut rows = Rows {
            json: Vec::new(),
            texts: HashMap::new(),
        };
        let mut rest = flight;
        while !rest.is_empty() {
            let id_len = rest.bytes().take_while(u8::is_ascii_hexdigit).count();
            let (id, after) = rest.split_at(id_len);
            let Some(after) = after.strip_prefix(':').filter(|_| id_len > 0) else {
                rest = split_line(rest).1;
                continue;
            };
            if let Some((text, remainder)) = after.strip_prefix('T').and_then(text_row) {
                rows.texts.insert(id, text);
                rest = remainder;
                continue;
            }
            let (line, remainder) = split_line(after);
            if line.starts_with(['[', '{']) {
                rows.json.push(line);
            }
            rest = remainder;
        }
        rows
    }

    /// Every JSON object (parsed) that has `key` among its own keys.
    pub(super) fn objects_with_key<'s>(&'s self, key: &'s str) -> impl Iterator<Item = Value> + 's {
        self.json
            .iter()
            .flat_map(move |row| object_starts(row, key))
            .filter_map(|start| {
                serde_json::Deserializer::from_str(start)
                    .into_iter::<Value>()
                    .next()
                    .and_then(Result::ok)
            })
    }

    /// A React string as text: `None` for `"$undefined"` and other React
    /// values, the referenced text row for `"$<id>"`, one `$` less for `$$`.
    pub(super) fn text(&self, value: &str) -> Option<String> {
        payload::non_empty(self.raw_text(value)?)
    }

    /// [`Rows::text`] without trimming.
    pub(super) fn raw_text<'v>(&'v self, value: &'v str) -> Option<&'v str> {
        match value.strip_prefix('$') {
            Some(escaped) if escaped.starts_with('$') => Some(escaped),
            Some(reference) => self.texts.get(reference).copied(),
            None => Some(value),
        }
    }
}

/// `<hex length>,<text>` → (text, the rest of the stream).
fn text_row(row: &str) -> Option<(&str, &str)> {
    let digits = row.bytes().take_while(u8::is_ascii_hexdigit).count();
    if digits == 0 || digits > 8 || row.as_bytes().get(digits) != Some(&b',') {
        return None;
    }
    let length = usize::from_str_radix(&row[..digits], 16).ok()?;
    let start = digits + 1;
    let end = start.checked_add(length)?;
    Some((row.get(start..end)?, row.get(end..)?))
}

fn split_line(text: &str) -> (&str, &str) {
    match text.find('\n') {
        Some(end) => (&text[..end], &text[end + 1..]),
        None => (text, ""),
    }
}

/// Where each object that has `key` as one of its own keys starts (to the
/// end of the row), found by a bracket scan that skips over strings.
fn object_starts<'a>(row: &'a str, key: &str) -> Vec<&'a str> {
    let needle = format!("\"{key}\":");
    let bytes = row.as_bytes();
    let mut open: Vec<(usize, bool)> = Vec::new();
    let mut starts = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'"' => {
                if let Some(&(start, true)) = open.last() {
                    if bytes[i..].starts_with(needle.as_bytes()) {
                        starts.push(&row[start..]);
                    }
                }
                i += 1;
                while i < bytes.len() && bytes[i] != b'"' {
                    i += if bytes[i] == b'\\' { 2 } else { 1 };
                }
            }
            b'{' => open.push((i, true)),
            b'[' => open.push((i, false)),
            b'}' | b']' => {
                open.pop();
            }
            _ => {}
        }
        i += 1;
    }
    starts
}
