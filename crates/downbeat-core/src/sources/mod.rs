//! Status-page formats: bytes in, normalized [`Snapshot`](crate::model::Snapshot) out.
//! Pure parsing, no I/O, so every format is tested on real saved payloads.

pub mod adobe;
pub mod apple;
pub mod aws;
pub mod betterstack;
pub mod cachet;
pub mod cstate;
pub(crate) mod dates;
pub mod detect;
pub mod documented;
pub mod feed;
pub mod follow;
pub mod gatus;
pub mod google;
pub mod heroku;
pub mod hund;
pub mod incidentio;
pub mod instatus;
pub mod microsoft;
pub mod nintendo;
pub mod pagerduty;
pub(crate) mod payload;
pub mod paypal;
pub mod plan;
pub mod playstation;
pub mod riot;
pub mod salesforce;
pub mod slack;
pub mod sniff;
pub mod sorry;
pub mod statuscake;
pub mod statushub;
pub mod statusio;
pub mod statuspage;
pub mod statuspal;
#[cfg(test)]
mod testing;
pub mod text;
pub mod uptimecom;
pub mod uptimekuma;
pub mod uptimerobot;
pub mod xbox;

/// A payload that could not be understood.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{format}: {message}")]
pub struct ParseError {
    pub format: &'static str,
    pub message: String,
}

impl ParseError {
    pub fn new(format: &'static str, message: impl Into<String>) -> Self {
        ParseError {
            format,
            message: message.into(),
        }
    }
}

/// Vendor text as plain text: line-break tags (which some pages put in
/// otherwise plain bodies) become newlines; nothing else is interpreted, so
/// any other markup stays visible as the literal text it is.
pub fn plain_text(body: &str) -> String {
    let mut out = String::with_capacity(body.len());
    let mut rest = body;
    while let Some(start) = rest.find('<') {
        out.push_str(&rest[..start]);
        let tail = &rest[start..];
        let tag_end = tail.find('>').map(|end| end + 1);
        let is_break = tag_end.is_some_and(|end| {
            let inner: String = tail[1..end - 1]
                .chars()
                .filter(|c| !c.is_whitespace() && *c != '/')
                .collect();
            inner.eq_ignore_ascii_case("br")
        });
        match (is_break, tag_end) {
            (true, Some(end)) => {
                out.push('\n');
                rest = &tail[end..];
            }
            _ => {
                out.push('<');
                rest = &tail[1..];
            }
        }
    }
    out.push_str(rest);
    out.trim().to_owned()
}

#[cfg(test)]
mod tests {
    use super::plain_text;

    #[test]
    fn line_breaks_become_newlines_and_other_markup_stays_literal() {
        assert_eq!(plain_text(" a<br />b<BR>c<br/> "), "a\nb\nc");
        assert_eq!(
            plain_text("<img src=x onerror=alert(1)> & <b>"),
            "<img src=x onerror=alert(1)> & <b>"
        );
        assert_eq!(plain_text("1 < 2 > 0 <br"), "1 < 2 > 0 <br");
    }
}
