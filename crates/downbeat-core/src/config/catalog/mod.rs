//! The built-in list of known services and how to watch them. The data is a
//! readable TOML file next to this module, embedded at build time.

use crate::config::SourceConfig;
use serde::Deserialize;

const BUILTIN: &str = include_str!("services.toml");

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CatalogEntry {
    pub id: String,
    pub name: String,
    pub category: String,
    pub homepage: String,
    /// Whether a maintainer checked the source URLs against the live pages.
    pub verified: bool,
    pub sources: Vec<SourceConfig>,
}

#[derive(Debug, Clone, Default)]
pub struct Catalog {
    entries: Vec<CatalogEntry>,
}

#[derive(Deserialize)]
struct CatalogFile {
    service: Vec<CatalogEntry>,
}

impl Catalog {
    /// The catalog shipped with Downbeat. Its data is tested, so a broken
    /// file is caught by `make test`, not by users; should it happen anyway,
    /// the catalog is empty rather than the app dead.
    pub fn builtin() -> Catalog {
        match toml::from_str::<CatalogFile>(BUILTIN) {
            Ok(file) => Catalog {
                entries: file.service,
            },
            Err(error) => {
                tracing::error!("the built-in catalog is invalid: {error}");
                Catalog::default()
            }
        }
    }

    pub fn get(&self, id: &str) -> Option<&CatalogEntry> {
        self.entries.iter().find(|entry| entry.id == id)
    }

    pub fn entries(&self) -> &[CatalogEntry] {
        &self.entries
    }

    /// Entries whose id, name or category contains `query` (case-insensitive).
    /// The entries matching `query`, best first: a name or id that is the
    /// query, then one that starts with it, then one with a word that starts
    /// with it, then one that merely contains it, then the category ("git"
    /// finds GitHub and GitLab before DigitalOcean). Ties keep the
    /// catalog's order.
    pub fn search<'a>(&'a self, query: &'a str) -> impl Iterator<Item = &'a CatalogEntry> + 'a {
        let query = query.trim().to_lowercase();
        let mut ranked: Vec<(u8, usize, &CatalogEntry)> = self
            .entries
            .iter()
            .enumerate()
            .filter_map(|(order, entry)| rank(entry, &query).map(|r| (r, order, entry)))
            .collect();
        ranked.sort_by_key(|(rank, order, _)| (*rank, *order));
        ranked.into_iter().map(|(_, _, entry)| entry)
    }
}

/// How well `entry` matches `query` (lower is better); `None`: not at all.
fn rank(entry: &CatalogEntry, query: &str) -> Option<u8> {
    let name = entry.name.to_lowercase();
    let id = entry.id.as_str();
    let words = || {
        name.split(|c: char| !c.is_alphanumeric())
            .chain(id.split('-'))
    };
    if query.is_empty() {
        Some(4)
    } else if name == query || id == query {
        Some(0)
    } else if name.starts_with(query) || id.starts_with(query) {
        Some(1)
    } else if words().any(|word| word.starts_with(query)) {
        Some(2)
    } else if name.contains(query) || id.contains(query) {
        Some(3)
    } else if entry.category.contains(query) {
        Some(4)
    } else {
        None
    }
}

#[cfg(test)]
#[allow(clippy::expect_used, clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn search_ranks_names_that_start_with_the_query_first() {
        let catalog = Catalog::builtin();
        let found: Vec<&str> = catalog
            .search("git")
            .map(|e| e.id.as_str())
            .take(2)
            .collect();
        assert!(
            found.iter().all(|id| id.starts_with("git")),
            "GitHub and GitLab first, not {found:?}"
        );
        let first = catalog.search("Spotify").next().map(|e| e.id.as_str());
        assert_eq!(first, Some("spotify"));
        assert!(catalog.search("zzzz-nothing").next().is_none());
    }

    #[test]
    fn the_builtin_catalog_has_100_services_whose_sources_all_resolve() {
        let file: CatalogFile = toml::from_str(BUILTIN).expect("catalog parses");
        assert!(file.service.len() >= 100, "{} entries", file.service.len());
        let mut ids: Vec<&str> = file.service.iter().map(|e| e.id.as_str()).collect();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), file.service.len(), "duplicate ids");
        let categories = [
            "music", "video", "chat", "meetings", "social", "dev", "work", "ai", "cloud", "gaming",
            "payments", "shopping", "email", "storage",
        ];
        for entry in &file.service {
            assert!(
                categories.contains(&entry.category.as_str()),
                "{}: category {}",
                entry.id,
                entry.category
            );
            assert!(entry.homepage.starts_with("https://"), "{}", entry.id);
            assert!(!entry.sources.is_empty(), "{}", entry.id);
            for source in &entry.sources {
                assert!(
                    source.url.starts_with("https://"),
                    "{}: {}",
                    entry.id,
                    source.url
                );
                assert_ne!(
                    source.kind,
                    crate::config::SourceKind::Auto,
                    "{}: the catalog says what each source is",
                    entry.id
                );
                if let Err(fault) = source.resolve() {
                    panic!("{}: {}", entry.id, fault.message);
                }
            }
        }
        let catalog = Catalog::builtin();
        assert_eq!(catalog.entries().len(), file.service.len());
        assert_eq!(
            catalog.get("github").map(|e| e.name.as_str()),
            Some("GitHub")
        );
        // Spotify's consumer app has no machine-readable page: a probe pack.
        let spotify = catalog.get("spotify").expect("spotify");
        assert!(spotify
            .sources
            .iter()
            .all(|s| s.kind == crate::config::SourceKind::Http));
        let chat: Vec<&str> = catalog.search("CHAT").map(|e| e.id.as_str()).collect();
        assert!(
            chat.contains(&"discord") && chat.contains(&"slack"),
            "{chat:?}"
        );
        assert!(catalog.search("zzz-nothing").next().is_none());
    }
}
