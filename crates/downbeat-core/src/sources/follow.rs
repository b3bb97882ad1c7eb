//! A status page's HTML that names where its data is: a status.io vanity
//! page (`status.gitlab.com`) carries its 24-hex page id
//! (`statuspageId = '5b36dc6502d06804c08349f7'`, or links under
//! `/pages/<id>/`), whose status is at `api.status.io/1.0/status/<id>`; an
//! UptimeRobot page on its own domain names its API path
//! (`window.pspApiPath = '/api/getMonitorList/<id>'`). Pure: the checker
//! fetches what this names, asking status.io at the API base it is given
//! ([`STATUSIO_API`] unless set otherwise, as tests on loopback do).

use super::detect::Candidate;
use super::plan::{endpoints, SourceKind};

/// Where status.io serves its public API.
pub const STATUSIO_API: &str = "https://api.status.io";

/// How far into a page the markers are looked for.
const HEAD: usize = 512 * 1024;

/// The status.io page id named in `html`, if any.
pub fn statusio_page_id(html: &[u8]) -> Option<String> {
    let text = String::from_utf8_lossy(&html[..html.len().min(HEAD)]);
    let after_marker = |marker: &str| {
        text.match_indices(marker).find_map(|(at, _)| {
            let rest = text[at + marker.len()..].trim_start_matches([' ', '=', ':', '\'', '"']);
            hex24(rest)
        })
    };
    after_marker("statuspageId")
        .or_else(|| after_marker("statuspage_id"))
        .or_else(|| after_marker("/pages/"))
}

fn hex24(text: &str) -> Option<String> {
    let id: String = text.chars().take(24).collect();
    let next = text.chars().nth(24);
    let whole = id.len() == 24 && id.chars().all(|c| c.is_ascii_hexdigit());
    (whole && !next.is_some_and(|c| c.is_ascii_hexdigit())).then(|| id.to_ascii_lowercase())
}

/// The UptimeRobot API path named in `html` (`/api/getMonitorList/<id>`).
pub fn uptimerobot_api_path(html: &[u8]) -> Option<String> {
    let text = String::from_utf8_lossy(&html[..html.len().min(HEAD)]);
    let at = text.find("pspApiPath")?;
    let rest = text[at + "pspApiPath".len()..].trim_start_matches([' ', '=', ':', '\'', '"']);
    let path: String = rest
        .chars()
        .take_while(|c| !matches!(c, '\'' | '"' | ' ' | ';' | '<'))
        .collect();
    path.to_ascii_lowercase()
        .contains("/api/getmonitorlist/")
        .then_some(path)
}

/// Where the page at `page_url` says its data is, if it says so; a
/// status.io page's status is asked of `statusio_api`.
pub fn linked(html: &[u8], page_url: &str, statusio_api: &str) -> Option<Vec<Candidate>> {
    let base = url::Url::parse(page_url).ok()?;
    let target = if let Some(path) = uptimerobot_api_path(html) {
        (SourceKind::Uptimerobot, base.join(&path).ok()?.to_string())
    } else {
        let id = statusio_page_id(html)?;
        (
            SourceKind::Statusio,
            format!("{}/1.0/status/{id}", statusio_api.trim_end_matches('/')),
        )
    };
    Some(
        endpoints(target.0, &target.1)
            .ok()?
            .into_iter()
            .map(Candidate::from)
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    #![allow(clippy::expect_used)]
    use super::*;

    #[test]
    fn the_status_io_page_id_is_found_in_the_page() {
        let script = br#"<script>var statuspageId = '5b36dc6502d06804c08349f7';</script>"#;
        assert_eq!(
            statusio_page_id(script).as_deref(),
            Some("5b36dc6502d06804c08349f7")
        );
        let link =
            br#"<a href="https://status.gitlab.com/pages/5b36dc6502d06804c08349f7/rss">RSS</a>"#;
        assert_eq!(
            statusio_page_id(link).as_deref(),
            Some("5b36dc6502d06804c08349f7")
        );
        let list = linked(link, "https://status.gitlab.com/", STATUSIO_API).expect("linked");
        assert_eq!(
            list[0].url,
            "https://api.status.io/1.0/status/5b36dc6502d06804c08349f7"
        );
        // Not 24 hex digits: not an id.
        assert_eq!(statusio_page_id(b"statuspageId = '5b36dc65'"), None);
        assert_eq!(
            statusio_page_id(b"/pages/5b36dc6502d06804c08349f7aa/"),
            None
        );
        assert_eq!(statusio_page_id(b"<html>nothing</html>"), None);
    }

    #[test]
    fn an_uptimerobot_page_names_its_api_path() {
        let html = br#"<script>window.pspApiPath = '/api/getMonitorList/wVLWNFLGN9';</script>"#;
        let list = linked(html, "https://status.trakt.tv/", STATUSIO_API).expect("linked");
        assert_eq!(
            list[0].url,
            "https://status.trakt.tv/api/getMonitorList/wVLWNFLGN9"
        );
        assert_eq!(
            list[0].companion.as_deref(),
            Some("https://status.trakt.tv/api/getEventFeed/wVLWNFLGN9")
        );
    }
}
