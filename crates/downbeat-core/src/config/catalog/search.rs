//! Catalog search: each entry's names lowered once, so that a query over the
//! whole catalog is a few string comparisons per entry.

use super::CatalogEntry;

/// A query, trimmed and lowered, with its words.
pub(super) struct Query {
    text: String,
}

impl Query {
    pub(super) fn new(query: &str) -> Query {
        Query {
            text: query
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
                .to_lowercase(),
        }
    }
}

/// Lower is better: the match rank, then a part after a service (so "git"
/// lists GitHub and GitLab before GitHub's Actions and Copilot), then less
/// popular after more popular.
pub(super) type Rank = (u8, bool, u8);

/// One entry's searchable text, lowered.
#[derive(Debug, Clone, Default)]
pub(super) struct Keys {
    /// The name, the id with spaces for dashes, and the aliases.
    names: Vec<String>,
    category: String,
    popularity: u8,
    part: bool,
}

impl Keys {
    pub(super) fn new(entry: &CatalogEntry) -> Keys {
        let mut names = vec![entry.name.to_lowercase(), entry.id.replace('-', " ")];
        names.extend(entry.aliases.iter().map(|a| a.to_lowercase()));
        Keys {
            names,
            category: entry.category.clone(),
            popularity: entry.popularity,
            part: entry.parent.is_some(),
        }
    }

    /// How well the entry matches (see `Catalog::search`); `None`: not at all.
    pub(super) fn rank(&self, query: &Query) -> Option<Rank> {
        let q = query.text.as_str();
        let level = if q.is_empty() {
            Some(4)
        } else if self.names.iter().any(|name| name == q) {
            Some(0)
        } else if self.names.iter().any(|name| name.starts_with(q)) {
            Some(1)
        } else if self.names.iter().any(|name| has_word_starting(name, q)) {
            Some(2)
        } else if self.names.iter().any(|name| name.contains(q)) {
            Some(3)
        } else if self.category.starts_with(q) {
            Some(4)
        } else {
            None
        }?;
        Some((level, self.part, u8::MAX - self.popularity))
    }
}

/// Whether a word of `name` (after a space, dash, dot, parenthesis…) starts
/// with `query`.
fn has_word_starting(name: &str, query: &str) -> bool {
    name.char_indices()
        .filter(|(at, _)| {
            *at > 0
                && name[..*at]
                    .chars()
                    .next_back()
                    .is_some_and(|c| !c.is_alphanumeric())
        })
        .any(|(at, _)| name[at..].starts_with(query))
}
