//! What `downbeat check TARGET` points at: a catalog id or a Statuspage URL,
//! resolved to the `summary.json` URL to fetch and a service id.

use crate::exit::{self, Exit};
use downbeat_core::catalog::Catalog;
use downbeat_core::config::SourceKind;
use downbeat_core::sources::statuspage;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    /// The catalog id, or a slug of the URL's host (see [`slug`]).
    pub service: String,
    /// The catalog's name; `None` for a URL (the page names itself).
    pub name: Option<String>,
    /// The polled URL (`…/api/v2/summary.json`).
    pub url: String,
    /// `host[:port]` of the polled URL, the name of last resort.
    pub authority: String,
}

/// Resolve `input`. Unknown ids and malformed URLs are usage errors (64).
pub fn resolve(input: &str, catalog: &Catalog) -> anyhow::Result<Target> {
    let input = input.trim();
    if let Some(entry) = catalog.get(input) {
        let source = entry
            .sources
            .iter()
            .find(|source| source.kind == SourceKind::Statuspage)
            .ok_or_else(|| {
                Exit::new(
                    exit::SOFTWARE,
                    format!("catalog entry {:?} has no status page", entry.id),
                )
            })?;
        // The catalog is tested, so a bad URL here is our bug, not bad input.
        let url = statuspage::summary_url(&source.url).map_err(|error| {
            Exit::new(
                exit::SOFTWARE,
                format!("catalog entry {:?}: {}", entry.id, error.message),
            )
        })?;
        return Ok(Target {
            service: entry.id.clone(),
            name: Some(entry.name.clone()),
            authority: authority(&url).to_owned(),
            url,
        });
    }
    // Catalog ids are bare words; anything with a scheme, a dot, a port or a
    // path is meant as a URL (`githubstatus.com`, `localhost:8080`).
    if !input.contains(['.', ':', '/']) {
        return Err(exit::usage(format!(
            "unknown service {input:?}: not a catalog id or an http(s) URL (try `downbeat catalog`)"
        )));
    }
    let url = statuspage::summary_url(input).map_err(|error| exit::usage(error.message))?;
    let authority = authority(&url).to_owned();
    Ok(Target {
        service: slug(&authority),
        name: None,
        url,
        authority,
    })
}

/// `host[:port]` of a URL that `summary_url` produced.
fn authority(url: &str) -> &str {
    let rest = url.split_once("://").map_or(url, |(_, rest)| rest);
    rest.split(['/', '?', '#']).next().unwrap_or(rest)
}

/// A service id for a page known only by URL, made from `host[:port]` so the
/// same page always gets the same id and it passes the config's id rules
/// (lowercase letters, digits, '-'):
///
/// - a domain name loses its top-level domain and leading `www.`/`status.`
///   labels, the rest joined with '-': `www.githubstatus.com` → `githubstatus`,
///   `status.digitalocean.com` → `digitalocean`, `acme.statuspage.io` →
///   `acme-statuspage`;
/// - an IP address or a one-label host is kept whole: `127.0.0.1:4000` →
///   `127-0-0-1-4000`, `localhost:8080` → `localhost-8080`;
/// - an explicit port is appended, so two local pages never share an id;
/// - any other character becomes '-', runs of '-' collapse.
pub fn slug(authority: &str) -> String {
    let authority = authority.to_lowercase();
    let (host, port) = split_host_port(&authority);
    let is_ip = host.starts_with('[') || host.parse::<std::net::Ipv4Addr>().is_ok();
    let mut parts: Vec<&str> = if is_ip {
        vec![host]
    } else {
        let mut labels: Vec<&str> = host.split('.').filter(|l| !l.is_empty()).collect();
        if labels.len() > 1 {
            labels.pop();
        }
        while labels.len() > 1 && matches!(labels[0], "www" | "status") {
            labels.remove(0);
        }
        labels
    };
    parts.extend(port);
    let mut slug = String::with_capacity(authority.len());
    for c in parts.join("-").chars() {
        let c = if c.is_ascii_alphanumeric() { c } else { '-' };
        if !(c == '-' && (slug.is_empty() || slug.ends_with('-'))) {
            slug.push(c);
        }
    }
    let slug = slug.trim_end_matches('-');
    if slug.is_empty() {
        "page".to_owned()
    } else {
        slug.to_owned()
    }
}

fn split_host_port(authority: &str) -> (&str, Option<&str>) {
    if authority.starts_with('[') {
        return match authority.find(']') {
            Some(close) => (
                &authority[..=close],
                authority[close + 1..].strip_prefix(':'),
            ),
            None => (authority, None),
        };
    }
    match authority.rsplit_once(':') {
        Some((host, port)) => (host, Some(port)),
        None => (authority, None),
    }
}

#[cfg(test)]
#[allow(clippy::expect_used)]
mod tests {
    use super::*;

    #[test]
    fn slugs_from_hosts() {
        assert_eq!(slug("www.githubstatus.com"), "githubstatus");
        assert_eq!(slug("status.digitalocean.com"), "digitalocean");
        assert_eq!(slug("acme.statuspage.io"), "acme-statuspage");
        assert_eq!(slug("127.0.0.1:4000"), "127-0-0-1-4000");
        assert_eq!(slug("localhost:8080"), "localhost-8080");
        assert_eq!(slug("[::1]:8080"), "1-8080");
        assert_eq!(slug("Status.Example.COM"), "example");
    }

    #[test]
    fn ids_and_urls_resolve_and_bad_input_is_a_usage_error() {
        let catalog = Catalog::builtin();
        let github = resolve("github", &catalog).expect("catalog id");
        assert_eq!(github.service, "github");
        assert_eq!(github.name.as_deref(), Some("GitHub"));
        assert_eq!(
            github.url,
            "https://www.githubstatus.com/api/v2/summary.json"
        );

        let local = resolve("http://127.0.0.1:4000/", &catalog).expect("url");
        assert_eq!(local.service, "127-0-0-1-4000");
        assert_eq!(local.url, "http://127.0.0.1:4000/api/v2/summary.json");
        assert_eq!(local.authority, "127.0.0.1:4000");
        assert_eq!(local.name, None);

        for bad in ["nope", "ftp://x", "http://", "http://a b"] {
            let error = resolve(bad, &catalog).expect_err(bad);
            let code = error.downcast_ref::<Exit>().map(|e| e.code);
            assert_eq!(code, Some(exit::USAGE), "{bad}: {error}");
        }
    }
}
