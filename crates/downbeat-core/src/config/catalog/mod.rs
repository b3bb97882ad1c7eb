//! The built-in list of known services and how to watch them. The data is
//! readable TOML, one file per category under `services/`, embedded at build
//! time; `services/README.md` says what each key means (and what
//! `verified` means).
//!
//! An entry is a service ("Google Workspace") or a part of one ("Gmail"):
//! a part names its `parent`, shares the parent's sources unless it has its
//! own, and watches the `components` of the parent's page that are its own.

use crate::config::SourceConfig;
use serde::Deserialize;

pub use stats::Stats;

#[cfg(test)]
mod evidence;
mod search;
mod stats;
#[cfg(test)]
mod tests;

/// The categories, in the order a picker shows them; each is one file.
pub const CATEGORIES: [&str; 16] = [
    "chat", "email", "meetings", "music", "video", "gaming", "social", "storage", "work",
    "security", "ai", "dev", "cloud", "payments", "finance", "shopping",
];

/// `(category, text)`: a category may span several files (AWS and Google
/// Cloud have their own, for their hundreds of parts).
const FILES: [(&str, &str); 18] = [
    ("chat", include_str!("services/chat.toml")),
    ("email", include_str!("services/email.toml")),
    ("meetings", include_str!("services/meetings.toml")),
    ("music", include_str!("services/music.toml")),
    ("video", include_str!("services/video.toml")),
    ("gaming", include_str!("services/gaming.toml")),
    ("social", include_str!("services/social.toml")),
    ("storage", include_str!("services/storage.toml")),
    ("work", include_str!("services/work.toml")),
    ("security", include_str!("services/security.toml")),
    ("ai", include_str!("services/ai.toml")),
    ("dev", include_str!("services/dev.toml")),
    ("cloud", include_str!("services/cloud.toml")),
    ("cloud", include_str!("services/cloud-aws.toml")),
    ("cloud", include_str!("services/cloud-google.toml")),
    ("payments", include_str!("services/payments.toml")),
    ("finance", include_str!("services/finance.toml")),
    ("shopping", include_str!("services/shopping.toml")),
];

#[derive(Debug, Clone)]
pub struct CatalogEntry {
    pub id: String,
    pub name: String,
    /// One of [`CATEGORIES`]: the file the entry is in.
    pub category: String,
    pub homepage: String,
    /// The service this is a part of ("google-workspace" for Gmail).
    pub parent: Option<String>,
    /// Other names people search for ("gh", "ms teams", "psn").
    pub aliases: Vec<String>,
    /// The components of the page this entry watches; empty: all of them.
    pub components: Vec<String>,
    /// 0–100: how many people are likely to want it; ranks search ties.
    pub popularity: u8,
    /// The sources were confirmed from public material naming this URL
    /// with this format (see `services/README.md`).
    pub verified: bool,
    /// Where the URL, the format (and component names) were confirmed: a
    /// repository and path, a URL, or what is missing when `verified` is
    /// false.
    pub provenance: String,
    pub sources: Vec<SourceConfig>,
}

impl CatalogEntry {
    pub fn is_part(&self) -> bool {
        self.parent.is_some()
    }

    /// Whether the vendor declares this entry's status (a status page among
    /// its sources), rather than it being probed only.
    pub fn vendor_declared(&self) -> bool {
        self.sources.iter().any(|s| s.kind.is_status_page())
    }
}

/// An entry as written: a part may leave out what it shares with its parent.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawEntry {
    id: String,
    name: String,
    #[serde(default)]
    homepage: Option<String>,
    #[serde(default)]
    parent: Option<String>,
    #[serde(default)]
    aliases: Vec<String>,
    #[serde(default)]
    components: Vec<String>,
    #[serde(default)]
    popularity: u8,
    verified: bool,
    provenance: String,
    #[serde(default)]
    sources: Option<Vec<SourceConfig>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CatalogFile {
    service: Vec<RawEntry>,
}

#[derive(Debug, Clone, Default)]
pub struct Catalog {
    entries: Vec<CatalogEntry>,
    keys: Vec<search::Keys>,
}

/// What is wrong with the built-in data (caught by `make test`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CatalogFault(pub String);

impl Catalog {
    /// The catalog shipped with Downbeat. Its data is tested, so a broken
    /// file is caught by `make test`, not by users; should it happen anyway,
    /// the catalog is empty rather than the app dead.
    pub fn builtin() -> Catalog {
        match Catalog::from_files(&FILES) {
            Ok(catalog) => catalog,
            Err(CatalogFault(error)) => {
                tracing::error!("the built-in catalog is invalid: {error}");
                Catalog::default()
            }
        }
    }

    /// A catalog from `(category, toml)` files; parts get their parent's
    /// sources and homepage.
    fn from_files(files: &[(&str, &str)]) -> Result<Catalog, CatalogFault> {
        let mut raw: Vec<(&str, RawEntry)> = Vec::new();
        for (category, text) in files {
            let file: CatalogFile = toml::from_str(text)
                .map_err(|e| CatalogFault(format!("services/{category}.toml: {e}")))?;
            raw.extend(file.service.into_iter().map(|entry| (*category, entry)));
        }
        let find = |id: &str| raw.iter().find(|(_, e)| e.id == id).map(|(_, e)| e);
        let mut entries = Vec::with_capacity(raw.len());
        for (category, entry) in &raw {
            let parent = match &entry.parent {
                Some(id) => Some(find(id).ok_or_else(|| {
                    CatalogFault(format!("{}: parent {id} is not in the catalog", entry.id))
                })?),
                None => None,
            };
            if parent.is_some_and(|p| p.parent.is_some()) {
                return Err(CatalogFault(format!(
                    "{}: its parent is itself a part (one level only)",
                    entry.id
                )));
            }
            let sources = entry
                .sources
                .clone()
                .or_else(|| parent.and_then(|p| p.sources.clone()))
                .unwrap_or_default();
            let homepage = entry
                .homepage
                .clone()
                .or_else(|| parent.and_then(|p| p.homepage.clone()))
                .unwrap_or_default();
            entries.push(CatalogEntry {
                id: entry.id.clone(),
                name: entry.name.clone(),
                category: (*category).to_owned(),
                homepage,
                parent: entry.parent.clone(),
                aliases: entry.aliases.clone(),
                components: entry.components.clone(),
                popularity: entry.popularity,
                verified: entry.verified,
                provenance: entry.provenance.clone(),
                sources,
            });
        }
        let keys = entries.iter().map(search::Keys::new).collect();
        Ok(Catalog { entries, keys })
    }

    pub fn get(&self, id: &str) -> Option<&CatalogEntry> {
        self.entries.iter().find(|entry| entry.id == id)
    }

    pub fn entries(&self) -> &[CatalogEntry] {
        &self.entries
    }

    /// The parts of the service `id`, in catalog order.
    pub fn parts<'a>(&'a self, id: &'a str) -> impl Iterator<Item = &'a CatalogEntry> + 'a {
        self.entries
            .iter()
            .filter(move |entry| entry.parent.as_deref() == Some(id))
    }

    /// The entries matching `query`, best first: a name, id or alias that is
    /// the query, then one that starts with it, then one with a word that
    /// starts with it, then one that merely contains it, then the category;
    /// within a rank the more popular first, then services before their
    /// parts, then the catalog's order. ("git" finds GitHub and GitLab
    /// first; "psn" PlayStation Network; "ms teams" Microsoft Teams.)
    pub fn search<'a>(&'a self, query: &'a str) -> impl Iterator<Item = &'a CatalogEntry> + 'a {
        let query = search::Query::new(query);
        let mut ranked: Vec<(search::Rank, usize)> = self
            .keys
            .iter()
            .enumerate()
            .filter_map(|(order, keys)| keys.rank(&query).map(|rank| (rank, order)))
            .collect();
        ranked.sort_unstable();
        ranked
            .into_iter()
            .filter_map(|(_, order)| self.entries.get(order))
    }
}
