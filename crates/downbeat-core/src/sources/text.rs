//! Vendor text → plain text, once, for every format, before it is stored or
//! shown. Some pages put markup in titles and bodies ("API <b>errors</b>",
//! "<p>…</p>", "&amp;"): a person should read the words, not the tags. Tags
//! are dropped, entities decoded and paragraphs kept (see
//! [`super::feed::html::html_to_text`]); control and bidi characters are
//! dropped ([`crate::model::text::plain`]); a link is kept only when it is
//! http(s) ([`Snapshot::keep_http_links`]).
//!
//! The result is still untrusted text: every surface shows it as text,
//! never as markup (decoded entities may well spell a tag).

use super::feed::html::{decode_entities, html_to_text};
use crate::model::{Snapshot, VendorIncident};

/// `snapshot` with every vendor text made plain.
pub fn plain_snapshot(mut snapshot: Snapshot) -> Snapshot {
    let plain_opt = |text: &mut Option<String>| {
        if let Some(t) = text.as_mut() {
            *t = plain(t);
        }
    };
    plain_opt(&mut snapshot.page_name);
    plain_opt(&mut snapshot.description);
    for component in &mut snapshot.components {
        component.name = plain(&component.name);
        plain_opt(&mut component.group);
    }
    for incident in snapshot
        .incidents
        .iter_mut()
        .chain(snapshot.maintenances.iter_mut())
    {
        plain_incident(incident);
    }
    snapshot.keep_http_links();
    snapshot
}

fn plain_incident(incident: &mut VendorIncident) {
    incident.title = plain(&incident.title);
    incident.status = plain(&incident.status);
    for update in &mut incident.updates {
        update.body = plain(&update.body);
        update.status = plain(&update.status);
    }
    for component in &mut incident.components {
        *component = plain(component);
    }
}

/// One vendor text as a person reads it.
pub fn plain(text: &str) -> String {
    let text = if has_tags(text) {
        // Without block tags the line breaks as typed are the paragraphs;
        // HTML would fold them into spaces.
        let lower = text.to_ascii_lowercase();
        let blocks = [
            "<p", "<br", "<div", "<li", "<h1", "<h2", "<h3", "<ul", "<ol", "<table",
        ];
        if blocks.iter().any(|tag| lower.contains(tag)) {
            html_to_text(text)
        } else {
            html_to_text(&text.replace("\r\n", "\n").replace('\n', "<br>"))
        }
    } else if text.contains('&') {
        decode_entities(text).into_owned()
    } else {
        text.to_owned()
    };
    crate::model::text::plain(&text).into_owned()
}

/// Markup: a `<` that opens a tag (`<b>`, `</p>`, `<br/>`, `<!--`).
fn has_tags(text: &str) -> bool {
    text.match_indices('<').any(|(at, _)| {
        let rest = &text[at + 1..];
        let opens = rest
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphabetic() || c == '/' || c == '!');
        opens && rest.contains('>')
    })
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;
    use crate::model::{IncidentUpdate, Status};

    #[test]
    fn markup_becomes_the_words_it_stands_for() {
        assert_eq!(
            plain("Elevated <b>errors</b> on the API"),
            "Elevated errors on the API"
        );
        assert_eq!(
            plain("<p>We are investigating.</p><p>Next update in 30 min &amp; more.</p>"),
            "We are investigating.\n\nNext update in 30 min & more."
        );
        // Typed paragraphs are kept when the markup is inline only.
        assert_eq!(
            plain("First.\n\nSecond <i>one</i>."),
            "First.\n\nSecond one."
        );
        // Scripts are dropped with their content; a link leaves its text.
        assert_eq!(
            plain("<script>alert(1)</script>Details: <a href=\"javascript:x()\">here</a>"),
            "Details: here"
        );
        // Escaped markup is decoded into text that spells a tag: still text.
        assert_eq!(plain("&lt;img src=x&gt; down"), "<img src=x> down");
    }

    #[test]
    fn plain_text_is_left_as_written() {
        for text in [
            "Latency < 100 ms and > 50 ms",
            "A & B",
            "Line one\nLine two",
            "5 < 6",
        ] {
            assert_eq!(plain(text), text);
        }
        assert_eq!(plain("bell\u{7} clear\u{1b}[2J end"), "bell clear[2J end");
    }

    #[test]
    fn every_vendor_text_of_a_snapshot_is_made_plain_and_links_are_web_only() {
        let incident = VendorIncident {
            id: "1".into(),
            title: "API <b>down</b>".into(),
            status: "investigating".into(),
            impact: Status::MajorOutage,
            started_at: None,
            resolved_at: None,
            url: Some("javascript:alert(1)".into()),
            updates: vec![IncidentUpdate {
                status: "investigating".into(),
                body: "<p>Looking &amp; fixing</p>".into(),
                at: chrono::DateTime::UNIX_EPOCH,
            }],
            components: vec!["<i>API</i>".into()],
            scheduled_for: None,
            scheduled_until: None,
        };
        let snapshot = plain_snapshot(Snapshot {
            page_name: Some("Acme &amp; Co".into()),
            status: Status::MajorOutage,
            description: None,
            updated_at: None,
            components: Vec::new(),
            incidents: vec![incident.clone()],
            maintenances: vec![VendorIncident {
                url: Some("https://status.example/m/1".into()),
                ..incident
            }],
        });
        assert_eq!(snapshot.page_name.as_deref(), Some("Acme & Co"));
        let first = &snapshot.incidents[0];
        assert_eq!(first.title, "API down");
        assert_eq!(first.updates[0].body, "Looking & fixing");
        assert_eq!(first.components, ["API"]);
        assert_eq!(first.url, None, "a javascript: link is dropped");
        assert_eq!(
            snapshot.maintenances[0].url.as_deref(),
            Some("https://status.example/m/1")
        );
    }
}
