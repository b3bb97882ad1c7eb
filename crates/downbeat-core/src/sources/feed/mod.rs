//! RSS 2.0 and Atom incident feeds.
//!
//! Three kinds of entries are understood:
//! - **Statuspage history feeds** (`/history.atom`, `/history.rss`): each
//!   entry's escaped HTML holds the incident's whole update trail, newest
//!   first, each update with a date line (`Jul 9, 06:01 UTC`, the year taken
//!   from the entry's own time) and a `<strong>` label. Labels become stage
//!   words (`Investigating` → `investigating`, `In progress` →
//!   `in_progress`). The incident's stage is its newest label, except that
//!   `Update` continues the stage before it (an incident whose newest labels
//!   are Update, Update, Investigating is still `investigating`). Resolved,
//!   Completed and Postmortem close it. Entries with Scheduled / In progress /
//!   Verifying / Completed labels are maintenances. The feed carries no
//!   impact: an open incident is `degraded`, or a partial (major) outage
//!   when its updates speak of "degraded availability" or a "partial outage"
//!   ("major outage").
//! - **AWS's dashboard feeds** (`status.aws.amazon.com/rss/all.rss`): titles
//!   start with `Service is operating normally:` / `Informational message:` /
//!   `Performance issues:` / `Service disruption:`, resolved ones with
//!   `[RESOLVED]`. Items are grouped by the service-region in their guid
//!   (`#rds-us-east-1_1676072880`) into events, an event ending at a
//!   resolving item; vocabulary and page status as in [`aws`](super::aws).
//! - **Any other entry** is a post without a stage: its stage is `update`
//!   and its impact `unknown` (the feed does not say how things are), unless
//!   its title starts with `[Resolved]` or `Resolved:`; one dated after the
//!   time of the check is an upcoming maintenance (see [`generic`]).
//!
//! The page's status is the worst of the open incidents, `maintenance` when
//! a maintenance is under way, `operational` when nothing is open.
//! Incidents (resolved ones kept, marked resolved) are newest first;
//! maintenances not completed are soonest first.
//!
//! XML is read with `quick-xml` as a stream: no DTD is processed, so no
//! entity is ever expanded (an entity bomb stays literal text), nesting
//! deeper than 64 elements is refused, and a truncated document is an error.

mod aws_items;
mod generic;
pub(crate) mod html;
mod statusiq;
mod trail;

pub use html::html_to_text;

use chrono::{DateTime, Utc};
use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;

use super::{aws, payload, ParseError};
use crate::model::{Snapshot, Status, VendorIncident};

const FORMAT: &str = "feed";
const WHAT: &str = "an RSS or Atom feed";
const MAX_DEPTH: usize = 64;

/// When a current post of `snapshot` (a feed's) goes past, after `now`:
/// the feed then reads differently although its bytes have not changed (a
/// plain post stops being news; an Azure post stops being an incident).
pub fn next_post_change(snapshot: &Snapshot, now: DateTime<Utc>) -> Option<DateTime<Utc>> {
    snapshot
        .incidents
        .iter()
        .filter(|post| post.status == generic::POST)
        .filter_map(|post| post.started_at.and_then(generic::past_from))
        .filter(|end| *end > now)
        .min()
}

/// An RSS 2.0 or Atom feed → Snapshot, read at `now` (posts dated after it
/// are announcements of what is ahead).
pub fn parse_feed(bytes: &[u8], now: DateTime<Utc>) -> Result<Snapshot, ParseError> {
    let feed = read_feed(bytes)?;
    Ok(build_snapshot(feed, now))
}

fn error(message: impl Into<String>) -> ParseError {
    ParseError::new(FORMAT, message)
}

// ---------------------------------------------------------------------------
// XML → entries

#[derive(Default)]
struct RawFeed {
    title: String,
    /// Feed-level times (updated, lastBuildDate, pubDate).
    times: Vec<String>,
    entries: Vec<RawEntry>,
}

#[derive(Default)]
struct RawEntry {
    title: String,
    link: String,
    id: String,
    published: String,
    updated: String,
    /// Atom `content` or RSS `content:encoded`.
    content: String,
    /// RSS `description` or Atom `summary`.
    description: String,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Field {
    FeedTitle,
    FeedTime,
    Title,
    Link,
    Id,
    Published,
    Updated,
    Content,
    Description,
}

fn entry_field(name: &str) -> Option<Field> {
    Some(match name {
        "title" => Field::Title,
        "link" => Field::Link,
        "id" | "guid" => Field::Id,
        "pubdate" | "published" | "date" | "issued" => Field::Published,
        "updated" | "modified" => Field::Updated,
        "content" | "encoded" => Field::Content,
        "description" | "summary" => Field::Description,
        _ => return None,
    })
}

fn feed_field(name: &str) -> Option<Field> {
    Some(match name {
        "title" => Field::FeedTitle,
        "updated" | "lastbuilddate" | "pubdate" | "date" => Field::FeedTime,
        _ => return None,
    })
}

struct Capture {
    field: Field,
    depth: usize,
    text: String,
    /// The field is plain text (or XHTML) whose characters must not be read
    /// as HTML markup later: `<` and `&` in it are kept escaped.
    escape: bool,
}

impl Capture {
    fn push_text(&mut self, text: &str) {
        if self.escape {
            for c in text.chars() {
                match c {
                    '&' => self.text.push_str("&amp;"),
                    '<' => self.text.push_str("&lt;"),
                    '>' => self.text.push_str("&gt;"),
                    other => self.text.push(other),
                }
            }
        } else {
            self.text.push_str(text);
        }
    }
}

/// Whether a captured field's text is plain (escaped before the
/// HTML-to-text step): Atom text constructs are `text` unless they say
/// `html`; RSS titles are text, RSS descriptions HTML. Links, ids and
/// dates are never read as HTML.
fn plain_field(field: Field, atom: bool, start: &BytesStart<'_>) -> bool {
    if !matches!(
        field,
        Field::FeedTitle | Field::Title | Field::Content | Field::Description
    ) {
        return false;
    }
    if !atom {
        return matches!(field, Field::FeedTitle | Field::Title);
    }
    let kind = start
        .attributes()
        .flatten()
        .find(|attribute| attribute.key.local_name().as_ref() == "type")
        .map(|attribute| attribute.value.trim().to_ascii_lowercase());
    !matches!(kind.as_deref(), Some("html" | "text/html"))
}

fn store(feed: &mut RawFeed, entry: Option<&mut RawEntry>, field: Field, text: String) {
    let slot = match (field, entry) {
        (Field::FeedTitle, _) => &mut feed.title,
        (Field::FeedTime, _) => {
            feed.times.push(text);
            return;
        }
        (_, None) => return,
        (Field::Title, Some(e)) => &mut e.title,
        (Field::Link, Some(e)) => &mut e.link,
        (Field::Id, Some(e)) => &mut e.id,
        (Field::Published, Some(e)) => &mut e.published,
        (Field::Updated, Some(e)) => &mut e.updated,
        (Field::Content, Some(e)) => &mut e.content,
        (Field::Description, Some(e)) => &mut e.description,
    };
    if slot.trim().is_empty() {
        *slot = text;
    }
}

/// An Atom `<link href=… rel=…>`: the entry's link when it is the alternate
/// (or has no rel).
fn atom_link(start: &BytesStart<'_>) -> Option<String> {
    let mut href = None;
    let mut alternate = true;
    for attribute in start.attributes().flatten() {
        match attribute.key.local_name().as_ref() {
            "href" => href = Some(html::decode_entities(&attribute.value).into_owned()),
            "rel" => alternate = attribute.value.trim() == "alternate",
            _ => {}
        }
    }
    href.filter(|_| alternate)
}

fn read_feed(bytes: &[u8]) -> Result<RawFeed, ParseError> {
    let body = payload::trim_start(bytes);
    match body.first() {
        None => return Err(error(format!("empty body, expected {WHAT}"))),
        Some(b'<') => {}
        Some(b'{') | Some(b'[') => return Err(error(format!("got JSON, expected {WHAT}"))),
        Some(_) => return Err(error(format!("not XML, expected {WHAT}"))),
    }
    let text = String::from_utf8_lossy(body);
    let mut reader = Reader::from_str(&text);
    reader.config_mut().allow_dangling_amp = true;

    let mut feed = RawFeed::default();
    let mut stack: Vec<String> = Vec::new();
    let mut entry: Option<(RawEntry, usize)> = None;
    let mut capture: Option<Capture> = None;
    let mut seen_root = false;
    let mut atom = false;
    loop {
        let event = reader.read_event().map_err(|e| {
            error(format!(
                "invalid XML at byte {}: {e}",
                reader.error_position()
            ))
        })?;
        match event {
            Event::Start(ref start) | Event::Empty(ref start) => {
                let empty = matches!(event, Event::Empty(_));
                let name = start.local_name().as_ref().to_ascii_lowercase();
                if !seen_root {
                    seen_root = true;
                    atom = name == "feed";
                    if !matches!(name.as_str(), "rss" | "feed" | "rdf") {
                        let what = if name == "html" {
                            "an HTML page"
                        } else {
                            "XML"
                        };
                        return Err(error(format!(
                            "got {what} with root element <{name}>, expected {WHAT}"
                        )));
                    }
                }
                if stack.len() >= MAX_DEPTH {
                    return Err(error(format!(
                        "XML nested deeper than {MAX_DEPTH} elements, expected {WHAT}"
                    )));
                }
                if let Some(capture) = capture.as_mut() {
                    // Markup inside a field (Atom xhtml content): kept for
                    // the HTML-to-text step.
                    capture.text.push('<');
                    capture.text.push_str(&name);
                    capture.text.push_str(if empty { "/>" } else { ">" });
                } else {
                    let parent = stack.last().map(String::as_str);
                    let depth = stack.len() + 1;
                    let entry_depth = entry.as_ref().map(|(_, depth)| *depth);
                    let field = match entry_depth {
                        Some(entry_depth) if depth == entry_depth + 1 => entry_field(&name),
                        Some(_) => None,
                        None if matches!(parent, Some("channel" | "feed")) => {
                            if name == "item" || name == "entry" {
                                if !empty {
                                    entry = Some((RawEntry::default(), depth));
                                }
                                None
                            } else {
                                feed_field(&name)
                            }
                        }
                        None if name == "item" && !empty => {
                            // RSS 1.0 (RDF): items are children of the root.
                            entry = Some((RawEntry::default(), depth));
                            None
                        }
                        None => None,
                    };
                    let href = (field == Some(Field::Link))
                        .then(|| atom_link(start))
                        .flatten();
                    match (field, href) {
                        (Some(Field::Link), Some(href)) => {
                            if let Some((raw, _)) = entry.as_mut() {
                                store(&mut feed, Some(raw), Field::Link, href);
                            }
                        }
                        (Some(field), None) if !empty => {
                            capture = Some(Capture {
                                field,
                                depth,
                                text: String::new(),
                                escape: plain_field(field, atom, start),
                            });
                        }
                        _ => {}
                    }
                }
                if !empty {
                    stack.push(name);
                }
            }
            Event::End(_) => {
                let depth = stack.len();
                let name = stack.pop().unwrap_or_default();
                if capture.as_ref().is_some_and(|open| open.depth == depth) {
                    if let Some(done) = capture.take() {
                        store(
                            &mut feed,
                            entry.as_mut().map(|(e, _)| e),
                            done.field,
                            done.text,
                        );
                    }
                } else if let Some(open) = capture.as_mut() {
                    open.text.push_str("</");
                    open.text.push_str(&name);
                    open.text.push('>');
                }
                if entry.as_ref().is_some_and(|(_, d)| *d == depth) {
                    if let Some((done, _)) = entry.take() {
                        feed.entries.push(done);
                    }
                }
            }
            Event::Text(text) => {
                if let Some(capture) = capture.as_mut() {
                    capture.push_text(&text.xml10_content());
                }
            }
            Event::CData(data) => {
                if let Some(capture) = capture.as_mut() {
                    capture.push_text(&data.xml10_content());
                }
            }
            Event::GeneralRef(reference) => {
                if let Some(capture) = capture.as_mut() {
                    let name: &str = &reference;
                    match html::entity(name) {
                        Some(decoded) => capture.push_text(&decoded),
                        // Unknown (or DTD-declared) entities are never
                        // expanded: they stay as written.
                        None => capture.push_text(&format!("&{name};")),
                    }
                }
            }
            Event::Eof => break,
            Event::Decl(_) | Event::PI(_) | Event::Comment(_) | Event::DocType(_) => {}
        }
    }
    if !seen_root {
        return Err(error(format!("no XML element, expected {WHAT}")));
    }
    if let Some(open) = stack.last() {
        return Err(error(format!(
            "truncated XML: <{open}> is never closed, expected {WHAT}"
        )));
    }
    Ok(feed)
}

// ---------------------------------------------------------------------------
// Entries → snapshot

fn build_snapshot(feed: RawFeed, now: DateTime<Utc>) -> Snapshot {
    let feed_updated = feed.times.iter().filter_map(|t| feed_time(t)).max();
    if let Some(snapshot) = statusiq::snapshot(&feed, feed_updated) {
        return snapshot;
    }
    let alarm_feed = html_to_text(&feed.title).eq_ignore_ascii_case("Azure Status");
    let mut incidents = Vec::new();
    let mut past = Vec::new();
    let mut maintenances = Vec::new();
    let mut aws_items = Vec::new();
    let mut latest_entry = None;
    for entry in &feed.entries {
        let at = entry_time(entry);
        latest_entry = latest_entry.max(at);
        if let Some(item) = aws_items::aws_item(entry, at.or(feed_updated)) {
            aws_items.push(item);
            continue;
        }
        let html = if entry.content.trim().is_empty() {
            &entry.description
        } else {
            &entry.content
        };
        let trail = html::parse_trail(html);
        if trail.is_empty() {
            match generic::entry(entry, html, at.or(feed_updated), now) {
                // Azure posts only while something is wrong: a current
                // post there is an incident.
                generic::Post::Incident(post) if alarm_feed && !post.is_resolved() => {
                    incidents.push(VendorIncident {
                        impact: Status::Degraded,
                        ..post
                    });
                }
                generic::Post::Incident(post) => incidents.push(post),
                generic::Post::Upcoming(post) => maintenances.push(post),
                generic::Post::Past(post) => past.push(post),
            }
            continue;
        }
        let (incident, maintenance) = trail::statuspage_entry(entry, trail, at.or(feed_updated));
        match (maintenance, incident.is_resolved()) {
            (true, true) => {}
            (true, false) => maintenances.push(incident),
            (false, _) => incidents.push(incident),
        }
    }

    let mut statuses: Vec<Status> = incidents
        .iter()
        .filter(|incident| !incident.is_resolved())
        .map(|incident| incident.impact)
        .collect();
    statuses.extend(
        maintenances
            .iter()
            .filter(|m| matches!(m.status.as_str(), "in_progress" | "verifying"))
            .map(|_| Status::Maintenance),
    );
    let mut components = Vec::new();
    if !aws_items.is_empty() {
        let (events, services) = aws_items::aws_events(aws_items);
        statuses.push(aws::page_status(services.iter().map(|c| c.status)));
        incidents.extend(events);
        components = services;
    }
    incidents.append(&mut past);
    payload::sort_newest_first(&mut incidents);
    payload::sort_soonest_first(&mut maintenances);

    let title = html_to_text(&feed.title);
    let page_name = match title.strip_suffix(" - Incident History") {
        Some(name) => name.strip_suffix(" Status").unwrap_or(name),
        None => &title,
    };
    Snapshot {
        page_name: payload::non_empty(page_name),
        status: payload::worst(statuses).unwrap_or(Status::Operational),
        description: None,
        updated_at: feed_updated.or(latest_entry),
        components,
        incidents,
        maintenances,
    }
}

/// The later of an entry's published and updated times.
fn entry_time(entry: &RawEntry) -> Option<DateTime<Utc>> {
    feed_time(&entry.published).max(feed_time(&entry.updated))
}

/// An RFC 3339 (Atom) or RFC 2822 (RSS) time in UTC. RFC 2822's zone names
/// (`PST`, `EDT`, `GMT`…) are understood.
fn feed_time(text: &str) -> Option<DateTime<Utc>> {
    let text = text.trim();
    if text.is_empty() {
        return None;
    }
    if let Some(time) = payload::rfc3339(Some(text)) {
        return Some(time);
    }
    if let Ok(time) = DateTime::parse_from_rfc2822(text) {
        return Some(time.with_timezone(&Utc));
    }
    let (rest, zone) = text.rsplit_once(' ')?;
    let hours = payload::zone_offset_hours(zone)?;
    let numeric = format!(
        "{rest} {}{:02}00",
        if hours < 0 { '-' } else { '+' },
        hours.abs()
    );
    DateTime::parse_from_rfc2822(&numeric)
        .ok()
        .map(|time| time.with_timezone(&Utc))
}

/// The incident's code from its Statuspage link (`…/incidents/cstx3v63mklm`),
/// else the entry's id, link or title.
fn entry_id(entry: &RawEntry) -> String {
    let from_link = entry.link.split_once("/incidents/").and_then(|(_, tail)| {
        let code = tail.split(['/', '?', '#']).next().unwrap_or_default();
        payload::non_empty(code)
    });
    from_link
        .or_else(|| payload::non_empty(&entry.id))
        .or_else(|| payload::non_empty(&entry.link))
        .unwrap_or_else(|| html_to_text(&entry.title))
}

#[cfg(test)]
mod clock_tests;
#[cfg(test)]
mod tests;
