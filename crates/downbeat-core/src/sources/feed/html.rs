//! Escaped HTML of feed entries → plain text, and the update trail of
//! Statuspage history feeds (`<p><small>Jul <var>9</var>, <var>06:01</var>
//! UTC</small><br><strong>Update</strong> - body</p>` …).
//!
//! Nothing is rendered or executed: tags are dropped (line breaks and
//! blocks become newlines, whitespace collapses as a browser would), the
//! content of `script` and `style` is skipped, entities are decoded, and the
//! result is literal text. Unknown entities stay as written.

/// One piece of an HTML string.
#[derive(Debug, PartialEq, Eq)]
enum Token<'a> {
    Text(&'a str),
    /// A tag's lower-case name; `closing` for `</name>`.
    Tag {
        name: String,
        closing: bool,
    },
}

/// Splits HTML into text and tags. A `<` that does not open a tag is text.
fn tokens(html: &str) -> Vec<Token<'_>> {
    let mut out = Vec::new();
    let mut rest = html;
    let mut skip_until: Option<&'static str> = None;
    while !rest.is_empty() {
        let Some(start) = rest.find('<') else {
            if skip_until.is_none() {
                out.push(Token::Text(rest));
            }
            break;
        };
        if start > 0 && skip_until.is_none() {
            out.push(Token::Text(&rest[..start]));
        }
        let tail = &rest[start..];
        if let Some(comment) = tail.strip_prefix("<!--") {
            rest = comment.find("-->").map_or("", |end| &comment[end + 3..]);
            continue;
        }
        let after = &tail[1..];
        let (closing, name_start) = match after.strip_prefix('/') {
            Some(name) => (true, name),
            None => (false, after),
        };
        let opens_tag = name_start
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphabetic());
        let end = tail.find('>');
        let (true, Some(end)) = (opens_tag, end) else {
            if skip_until.is_none() {
                out.push(Token::Text(&tail[..1]));
            }
            rest = after;
            continue;
        };
        let name: String = name_start
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .map(|c| c.to_ascii_lowercase())
            .collect();
        rest = &tail[end + 1..];
        match skip_until {
            Some(skipped) if closing && name == skipped => skip_until = None,
            Some(_) => {}
            None if !closing && (name == "script" || name == "style") => {
                skip_until = Some(if name == "script" { "script" } else { "style" });
            }
            None => out.push(Token::Tag { name, closing }),
        }
    }
    out
}

/// Builds plain text the way a browser lays out inline text: runs of
/// whitespace become one space, breaks become newlines.
#[derive(Default)]
struct TextBuilder {
    out: String,
    space: bool,
    newlines: usize,
}

impl TextBuilder {
    fn text(&mut self, raw: &str) {
        for c in decode_entities(raw).chars() {
            if c.is_whitespace() {
                self.space = true;
                continue;
            }
            if !self.out.is_empty() {
                if self.newlines > 0 {
                    self.out.push_str(&"\n".repeat(self.newlines));
                } else if self.space {
                    self.out.push(' ');
                }
            }
            self.space = false;
            self.newlines = 0;
            self.out.push(c);
        }
    }

    /// `<br>`: one more newline (at most a blank line).
    fn line_break(&mut self) {
        self.newlines = (self.newlines + 1).min(2);
    }

    /// A block boundary: at least `lines` newlines.
    fn block(&mut self, lines: usize) {
        self.newlines = self.newlines.max(lines);
    }

    fn tag(&mut self, name: &str) {
        match name {
            "br" => self.line_break(),
            "p" | "ul" | "ol" | "table" | "blockquote" | "pre" | "h1" | "h2" | "h3" | "h4"
            | "h5" | "h6" | "hr" => self.block(2),
            "div" | "li" | "tr" | "dt" | "dd" | "section" | "article" => self.block(1),
            _ => {}
        }
    }

    fn is_empty(&self) -> bool {
        self.out.is_empty()
    }

    fn finish(self) -> String {
        self.out
    }
}

/// HTML (already unescaped from the XML) → plain text with its line structure.
pub fn html_to_text(html: &str) -> String {
    let mut text = TextBuilder::default();
    for token in tokens(html) {
        match token {
            Token::Text(raw) => text.text(raw),
            Token::Tag { name, .. } => text.tag(&name),
        }
    }
    text.finish()
}

/// One update of a Statuspage trail, as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct TrailUpdate {
    /// The label: "Investigating", "Update", "In progress", …
    pub label: String,
    /// The date line: "Jul 9, 06:01 UTC".
    pub when: String,
    /// Plain text.
    pub body: String,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Part {
    Outside,
    When,
    Label,
    Body,
}

#[derive(Default)]
struct Partial {
    when: TextBuilder,
    label: TextBuilder,
    body: TextBuilder,
    labelled: bool,
}

impl Partial {
    fn finish(self) -> Option<TrailUpdate> {
        if !self.labelled || self.label.is_empty() || self.when.is_empty() {
            return None;
        }
        let body = self.body.finish();
        let body = body.trim_start();
        let body = body
            .strip_prefix('-')
            .or_else(|| body.strip_prefix('\u{2013}'))
            .unwrap_or(body);
        Some(TrailUpdate {
            label: self.label.finish(),
            when: self.when.finish(),
            body: body.trim().to_owned(),
        })
    }
}

/// The updates of a Statuspage history entry, in the order written (newest
/// first). Empty when the HTML is not such a trail.
pub(crate) fn parse_trail(html: &str) -> Vec<TrailUpdate> {
    let mut updates = Vec::new();
    let mut current = Partial::default();
    let mut part = Part::Outside;
    for token in tokens(html) {
        match token {
            Token::Text(raw) => match part {
                Part::When => current.when.text(raw),
                Part::Label => current.label.text(raw),
                Part::Body => current.body.text(raw),
                Part::Outside => {}
            },
            Token::Tag { name, closing } => match (name.as_str(), closing) {
                ("p", false) | ("small", false) if current.labelled => {
                    updates.extend(std::mem::take(&mut current).finish());
                    part = if name == "small" {
                        Part::When
                    } else {
                        Part::Outside
                    };
                }
                ("small", false) => part = Part::When,
                ("small", true) if part == Part::When => part = Part::Outside,
                ("strong", false) if !current.labelled && part != Part::When => {
                    part = Part::Label;
                }
                ("strong", true) if part == Part::Label => {
                    current.labelled = true;
                    part = Part::Body;
                }
                ("p", true) if part == Part::Body => part = Part::Outside,
                (other, false) if part == Part::Body => current.body.tag(other),
                _ => {}
            },
        }
    }
    updates.extend(current.finish());
    updates
}

/// Decodes HTML character references: numeric ones, the XML five and the
/// common HTML named ones. Anything else stays as written.
pub(crate) fn decode_entities(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.contains('&') {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find('&') {
        out.push_str(&rest[..start]);
        let tail = &rest[start..];
        let end = tail[1..]
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '#'))
            .map(|at| at + 1)
            .filter(|&at| tail[at..].starts_with(';') && at > 1 && at <= 33);
        match end.and_then(|at| entity(&tail[1..at]).map(|c| (at, c))) {
            Some((at, decoded)) => {
                out.push_str(&decoded);
                rest = &tail[at + 1..];
            }
            None => {
                out.push('&');
                rest = &tail[1..];
            }
        }
    }
    out.push_str(rest);
    std::borrow::Cow::Owned(out)
}

/// The text of `&name;` (without `&` and `;`), if known.
pub(crate) fn entity(name: &str) -> Option<String> {
    if let Some(number) = name.strip_prefix('#') {
        let code = match number.strip_prefix(['x', 'X']) {
            Some(hex) => u32::from_str_radix(hex, 16).ok()?,
            None => number.parse().ok()?,
        };
        return char::from_u32(code)
            .filter(|c| *c != '\0')
            .map(String::from);
    }
    let text = match name {
        "amp" => "&",
        "lt" => "<",
        "gt" => ">",
        "quot" => "\"",
        "apos" => "'",
        "nbsp" => "\u{a0}",
        "ndash" => "\u{2013}",
        "mdash" => "\u{2014}",
        "hellip" => "\u{2026}",
        "lsquo" => "\u{2018}",
        "rsquo" => "\u{2019}",
        "ldquo" => "\u{201c}",
        "rdquo" => "\u{201d}",
        "laquo" => "\u{ab}",
        "raquo" => "\u{bb}",
        "bull" => "\u{2022}",
        "middot" => "\u{b7}",
        "copy" => "\u{a9}",
        "reg" => "\u{ae}",
        "trade" => "\u{2122}",
        "deg" => "\u{b0}",
        "times" => "\u{d7}",
        "euro" => "\u{20ac}",
        _ => return None,
    };
    Some(text.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_becomes_plain_text_with_its_lines() {
        assert_eq!(
            html_to_text("<p>One  &amp;\n two.<br /><br />Three &lt;b&gt;</p><p>Four</p>"),
            "One & two.\n\nThree <b>\n\nFour"
        );
        assert_eq!(
            html_to_text("a<script>alert(1)</script>b<style>x{}</style> c<!-- hidden -->"),
            "ab c"
        );
        assert_eq!(html_to_text("<ul><li>x</li><li>y</li></ul>"), "x\ny");
        assert_eq!(
            html_to_text("1 < 2 && 3 > 2 &bogus; &#65;&#x42;&#0;"),
            "1 < 2 && 3 > 2 &bogus; AB&#0;"
        );
        assert_eq!(html_to_text("<img src=x onerror=alert(1)>&nbsp;ok"), "ok");
        assert_eq!(html_to_text("unclosed <a href='x"), "unclosed <a href='x");
    }

    #[test]
    fn a_trail_is_read_newest_first_with_labels_dates_and_bodies() {
        let html = "<p> <small>Jul <var data-var='date'> 9</var>, <var data-var='time'>06:01</var> UTC</small><br> \
            <strong>Update</strong> - We are <strong>still</strong> on it.<br /><br />More. </p>\
            <p><small>Jul <var data-var='date'>9</var>, <var data-var='time'>04:34</var> UTC</small><br>\
            <strong>Investigating</strong> - Looking.</p>";
        let trail = parse_trail(html);
        assert_eq!(
            trail,
            [
                TrailUpdate {
                    label: "Update".into(),
                    when: "Jul 9, 06:01 UTC".into(),
                    body: "We are still on it.\n\nMore.".into()
                },
                TrailUpdate {
                    label: "Investigating".into(),
                    when: "Jul 9, 04:34 UTC".into(),
                    body: "Looking.".into()
                },
            ]
        );
        // Bold text without a date line is not a trail.
        assert!(parse_trail("<p>Just a post, <strong>no</strong> trail</p>").is_empty());
        assert!(parse_trail("plain text").is_empty());
    }
}
