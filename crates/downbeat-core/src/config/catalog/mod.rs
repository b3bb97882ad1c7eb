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
    pub fn search<'a>(&'a self, query: &'a str) -> impl Iterator<Item = &'a CatalogEntry> + 'a {
        let query = query.to_lowercase();
        self.entries.iter().filter(move |entry| {
            entry.id.contains(&query)
                || entry.name.to_lowercase().contains(&query)
                || entry.category.contains(&query)
        })
    }
}

#[cfg(test)]
#[allow(clippy::expect_used, clippy::unwrap_used)]
mod tests {
    use super::*;

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
