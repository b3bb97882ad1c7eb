//! What `downbeat check TARGET` points at: a catalog id (its sources), or
//! any http(s) URL (detected: a status page of a known format, else an
//! endpoint to probe).

use crate::exit::{self, Exit};
use downbeat_core::config::catalog::Catalog;
use downbeat_core::config::{SourceConfig, SourceKind, SourceSpec};
use downbeat_core::sources::plan;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    /// The catalog id, or a slug of the URL's host (see [`slug`]).
    pub service: String,
    /// The catalog's name; `None` for a URL (the page names itself).
    pub name: Option<String>,
    /// What to check, the first being the main one.
    pub sources: Vec<SourceSpec>,
    /// `host[:port]` of the first source, the name of last resort.
    pub authority: String,
    /// A catalog part's components ("Gmail" of Google Workspace); empty: all.
    pub components: Vec<String>,
}

/// Resolve `input`. Unknown ids and malformed URLs are usage errors (64).
pub fn resolve(input: &str, catalog: &Catalog) -> anyhow::Result<Target> {
    let input = input.trim();
    if let Some(entry) = catalog.get(input) {
        let mut sources = Vec::with_capacity(entry.sources.len());
        for source in &entry.sources {
            // The catalog is tested, so a bad source here is our bug, not bad input.
            let spec = source.resolve().map_err(|fault| {
                Exit::new(
                    exit::SOFTWARE,
                    format!("catalog entry {:?}: {}", entry.id, fault.message),
                )
            })?;
            sources.push(spec);
        }
        let first = sources.first().ok_or_else(|| {
            Exit::new(
                exit::SOFTWARE,
                format!("catalog entry {:?} has no source", entry.id),
            )
        })?;
        return Ok(Target {
            service: entry.id.clone(),
            name: Some(entry.name.clone()),
            authority: authority(&first.url).to_owned(),
            sources,
            components: entry.components.clone(),
        });
    }
    // Catalog ids are bare words; anything with a scheme, a dot, a port or a
    // path is meant as a URL (`githubstatus.com`, `localhost:8080`).
    if !input.contains(['.', ':', '/']) {
        return Err(exit::usage(format!(
            "unknown service {input:?}: not a catalog id or an http(s) URL (try `downbeat catalog`)"
        )));
    }
    // A file path is no address (`../../etc/passwd` is not https://..).
    if input.starts_with(['.', '/', '~']) || input.contains("..") {
        return Err(exit::usage(format!(
            "{}: a file path, not an http(s) URL or a catalog id",
            downbeat_core::config::shown(input)
        )));
    }
    let url = plan::normalize_url(input).map_err(|error| exit::usage(error.message))?;
    let spec = SourceConfig::new(SourceKind::Auto, url.as_str())
        .resolve()
        .map_err(|fault| exit::usage(fault.message))?;
    let authority = authority(&spec.url).to_owned();
    Ok(Target {
        service: slug(&authority),
        name: None,
        sources: vec![spec],
        authority,
        components: Vec::new(),
    })
}

/// `host[:port]` of a URL, without any `user:password@`.
fn authority(url: &str) -> &str {
    let rest = url.split_once("://").map_or(url, |(_, rest)| rest);
    let authority = rest.split(['/', '?', '#']).next().unwrap_or(rest);
    authority
        .rsplit_once('@')
        .map_or(authority, |(_, host)| host)
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
            github.sources[0].url,
            "https://www.githubstatus.com/api/v2/summary.json"
        );

        let local = resolve("http://127.0.0.1:4000/", &catalog).expect("url");
        assert_eq!(local.service, "127-0-0-1-4000");
        assert_eq!(local.sources[0].kind, SourceKind::Auto);
        assert_eq!(local.sources[0].url, "http://127.0.0.1:4000/");
        assert_eq!(local.authority, "127.0.0.1:4000");
        assert_eq!(local.name, None);

        for bad in ["nope", "ftp://x", "http://", "http://a b"] {
            let error = resolve(bad, &catalog).expect_err(bad);
            let code = error.downcast_ref::<Exit>().map(|e| e.code);
            assert_eq!(code, Some(exit::USAGE), "{bad}: {error}");
        }
    }
}
