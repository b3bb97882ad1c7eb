//! Text from outside (status pages, URLs the user typed) made safe to show:
//! no control characters for terminals and CSV, only http(s) links, no
//! passwords printed back.

use std::borrow::Cow;

/// A control character or an invisible reordering one (bidi overrides can
/// make a terminal show text other than what it is).
fn is_hidden(c: char) -> bool {
    c.is_control() || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// `text` without control characters: line breaks are kept, a tab becomes
/// a space, anything else (escape sequences, BEL, NUL, C1, bidi) is removed.
pub fn plain(text: &str) -> Cow<'_, str> {
    if !text.chars().any(|c| is_hidden(c) && c != '\n') {
        return Cow::Borrowed(text);
    }
    Cow::Owned(
        text.chars()
            .filter_map(|c| match c {
                '\n' => Some('\n'),
                '\t' => Some(' '),
                c if is_hidden(c) => None,
                c => Some(c),
            })
            .collect(),
    )
}

/// [`plain`], on one line: line breaks become spaces too.
pub fn plain_line(text: &str) -> String {
    plain(text).replace('\n', " ")
}

/// `url` when it is an http(s) link; `javascript:`, `data:`, `file:` and
/// the like are not links Downbeat shows or opens.
pub fn http_link(url: &str) -> Option<&str> {
    let trimmed = url.trim();
    let scheme = trimmed.split_once(':').map(|(s, _)| s)?;
    let web = scheme.eq_ignore_ascii_case("http") || scheme.eq_ignore_ascii_case("https");
    (web && !trimmed.chars().any(is_hidden) && url::Url::parse(trimmed).is_ok()).then_some(trimmed)
}

/// `url` with its password (or a lone user name, often a token) hidden:
/// `https://user:***@host/`.
pub fn redact_url(url: &str) -> String {
    let Ok(mut parsed) = url::Url::parse(url) else {
        return url.to_owned();
    };
    if parsed.password().is_some() {
        let _ = parsed.set_password(Some("***"));
    } else if !parsed.username().is_empty() {
        let _ = parsed.set_username("***");
    } else {
        return url.to_owned();
    }
    parsed.to_string()
}

/// "api.example.com" from "https://api.example.com/health"; the address
/// itself (credentials hidden) when it has no host.
pub fn host(url: &str) -> String {
    url::Url::parse(url)
        .ok()
        .and_then(|u| u.host_str().map(str::to_owned))
        .unwrap_or_else(|| redact_url(url))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_are_removed() {
        assert_eq!(plain("fine"), Cow::Borrowed("fine"));
        assert_eq!(
            plain("\u{1b}[2J\u{1b}]0;pwned\u{7}Title\u{9b}31m\tbody\nnext\u{202E}"),
            "[2J]0;pwnedTitle31m body\nnext"
        );
        assert_eq!(plain_line("a\nb\r\nc"), "a b c");
    }

    #[test]
    fn only_web_links_are_links() {
        assert_eq!(
            http_link("https://status.example.com/i/1"),
            Some("https://status.example.com/i/1")
        );
        assert_eq!(http_link(" HTTP://x.example/ "), Some("HTTP://x.example/"));
        for bad in [
            "javascript:alert(1)",
            "JaVaScRiPt:alert(1)",
            "data:text/html,x",
            "file:///etc/passwd",
            "/relative",
            "https://x.example/\u{1b}[2J",
        ] {
            assert_eq!(http_link(bad), None, "{bad}");
        }
    }

    #[test]
    fn passwords_are_never_shown() {
        assert_eq!(
            redact_url("https://user:hunter2@api.example.com/x"),
            "https://user:***@api.example.com/x"
        );
        assert_eq!(
            redact_url("https://tok3n@api.example.com/"),
            "https://***@api.example.com/"
        );
        assert_eq!(
            redact_url("https://api.example.com/"),
            "https://api.example.com/"
        );
    }
}
