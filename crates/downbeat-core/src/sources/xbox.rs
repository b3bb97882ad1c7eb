//! Xbox Live status (`https://xnotify.xboxlive.com/servicestatusv4/<country>/<locale>`),
//! XML: `<ServiceStatus><Status><State>` (the page) and, under
//! `<CoreServices>`, `<Apps>`, `<Games>`, one `<Category>` per service
//! (`<Name>`, `<Status><Name>`), plus `<Website>`.
//!
//! The status word `None` means no issue → operational. Xbox publishes no
//! list of the other words; `Limited` / `Degraded` / `Minor` read as
//! degraded, `Major` / `Outage` / `Down` as major outage, `Maintenance` as
//! maintenance, and any other word as degraded (the notes of every reader of
//! this feed agree that anything but `None` is trouble).
//! Each category is a component grouped by its section (`Core services`,
//! `Apps`, `Games`); the page is the worst known of its state and services.
//!
//! Read as a stream with `quick-xml`: no DTD, no entity expansion, nesting
//! deeper than 32 elements refused, a truncated document is an error.

use quick_xml::events::Event;
use quick_xml::Reader;

use super::{payload, ParseError};
use crate::model::{Component, Snapshot, Status};

const FORMAT: &str = "xbox";
const WHAT: &str = "Xbox Live servicestatusv4 XML";
const MAX_DEPTH: usize = 32;

/// `servicestatusv4` → Snapshot.
pub fn parse_service_status(bytes: &[u8]) -> Result<Snapshot, ParseError> {
    let body = payload::trim_start(bytes);
    if body.first() != Some(&b'<') {
        return Err(ParseError::new(FORMAT, format!("not XML, expected {WHAT}")));
    }
    let text = std::str::from_utf8(body)
        .map_err(|e| ParseError::new(FORMAT, format!("not UTF-8 ({e}), expected {WHAT}")))?;
    let mut reader = Reader::from_str(text);
    let mut stack: Vec<String> = Vec::new();
    let mut page_state = None;
    let mut updated_at = None;
    let mut components = Vec::new();
    let mut current: Option<(String, String)> = None; // (name, status word)
    let mut seen_root = false;
    let mut leaf = String::new();
    loop {
        let event = reader.read_event().map_err(|e| {
            ParseError::new(
                FORMAT,
                format!("invalid XML at byte {}: {e}", reader.error_position()),
            )
        })?;
        match event {
            Event::Start(start) => {
                let name = start.local_name().into_inner().to_owned();
                if !seen_root {
                    seen_root = true;
                    if name != "ServiceStatus" {
                        return Err(ParseError::new(
                            FORMAT,
                            format!("root element <{name}>, expected {WHAT}"),
                        ));
                    }
                }
                if stack.len() >= MAX_DEPTH {
                    return Err(ParseError::new(FORMAT, "XML nested too deep"));
                }
                if matches!(name.as_str(), "Category" | "Website") {
                    current = Some((String::new(), String::new()));
                }
                leaf.clear();
                stack.push(name);
            }
            Event::Text(text) => leaf.push_str(&text.xml10_content()),
            Event::GeneralRef(reference) => {
                let name: &str = &reference;
                leaf.push_str(&xml_entity(name).unwrap_or_else(|| format!("&{name};")));
            }
            Event::End(_) => {
                let value = std::mem::take(&mut leaf).trim().to_owned();
                let path: Vec<&str> = stack.iter().map(String::as_str).collect();
                match (path.as_slice(), current.as_mut()) {
                    (["ServiceStatus", "Status", "State"], _) => page_state = Some(value),
                    (["ServiceStatus", "Status", "LastUpdated"], _) => {
                        updated_at = super::dates::parse_time(&value);
                    }
                    ([.., "Category" | "Website", "Name"], Some((name, _))) => *name = value,
                    ([.., "Category" | "Website", "Status", "Name"], Some((_, word))) => {
                        *word = value;
                    }
                    _ => {}
                }
                let closed = stack.pop().unwrap_or_default();
                if matches!(closed.as_str(), "Category" | "Website") {
                    if let Some((name, word)) = current.take() {
                        let group = match stack.last().map(String::as_str) {
                            Some("CoreServices") => Some("Core services".to_owned()),
                            Some("Apps") => Some("Apps".to_owned()),
                            Some("Games") => Some("Games".to_owned()),
                            _ => None,
                        };
                        if let Some(name) = payload::non_empty(&name) {
                            components.push(Component {
                                name,
                                group,
                                status: word_status(&word),
                            });
                        }
                    }
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    if !seen_root {
        return Err(ParseError::new(
            FORMAT,
            format!("no XML element, expected {WHAT}"),
        ));
    }
    if !stack.is_empty() {
        return Err(ParseError::new(
            FORMAT,
            format!("truncated XML, expected {WHAT}"),
        ));
    }
    let Some(state) = page_state else {
        return Err(ParseError::new(
            FORMAT,
            format!("no <Status><State>, expected {WHAT}"),
        ));
    };
    let status = payload::page_status(
        std::iter::once(word_status(&state)).chain(components.iter().map(|c| c.status)),
    );
    Ok(Snapshot {
        page_name: Some("Xbox Live".to_owned()),
        status,
        description: None,
        updated_at,
        components,
        incidents: Vec::new(),
        maintenances: Vec::new(),
    })
}

/// The XML entities and character references; others stay as written.
fn xml_entity(name: &str) -> Option<String> {
    let text = match name {
        "amp" => "&",
        "lt" => "<",
        "gt" => ">",
        "quot" => "\"",
        "apos" => "'",
        _ => {
            let code = match name.strip_prefix("#x").or_else(|| name.strip_prefix("#X")) {
                Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                None => name.strip_prefix('#')?.parse().ok()?,
            };
            return char::from_u32(code)
                .filter(|c| !c.is_control())
                .map(String::from);
        }
    };
    Some(text.to_owned())
}

fn word_status(word: &str) -> Status {
    match word.trim().to_ascii_lowercase().as_str() {
        "" => Status::Unknown,
        "none" => Status::Operational,
        "maintenance" => Status::Maintenance,
        "major" | "outage" | "down" => Status::MajorOutage,
        _ => Status::Degraded,
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::*;
    use crate::sources::testing::{fixture, truncated, ts};

    const FILE: &str = "xbox-servicestatusv4-us-2026-09-19-all-none.xml";

    #[test]
    fn all_none_is_operational_with_eleven_services() {
        let page = parse_service_status(&fixture("xbox", FILE)).unwrap();
        assert_eq!(page.status, Status::Operational);
        assert_eq!(page.updated_at, Some(ts("2026-09-19T03:53:56.2452844Z")));
        assert_eq!(page.components.len(), 11);
        assert!(page
            .components
            .iter()
            .all(|c| c.status == Status::Operational));
        let first = &page.components[0];
        assert_eq!(
            (first.name.as_str(), first.group.as_deref()),
            ("Xbox Live Core Services", Some("Core services"))
        );
        assert!(page.components.iter().any(|c| c.name == "Windows & Mobile"));
    }

    #[test]
    fn a_category_in_trouble_is_shown_and_decides_the_page() {
        let text = String::from_utf8(fixture("xbox", FILE)).unwrap().replacen(
            "<Name>Social and Gaming</Name><Status><Name>None</Name>",
            "<Name>Social and Gaming</Name><Status><Name>Limited</Name>",
            1,
        );
        let page = parse_service_status(text.as_bytes()).unwrap();
        assert_eq!(page.status, Status::Degraded);
        let social = page
            .components
            .iter()
            .find(|c| c.name == "Social and Gaming")
            .unwrap();
        assert_eq!(social.status, Status::Degraded);
    }

    #[test]
    fn broken_input_is_an_error() {
        let whole = fixture("xbox", FILE);
        assert!(parse_service_status(&truncated(&whole)).is_err());
        for bad in [
            &b""[..],
            b"{}",
            b"<rss/>",
            b"<ServiceStatus>",
            b"<ServiceStatus></ServiceStatus>",
        ] {
            assert!(parse_service_status(bad).is_err());
        }
        let deep = format!("<ServiceStatus>{}", "<a>".repeat(1000));
        assert!(parse_service_status(deep.as_bytes()).is_err());
    }
}
