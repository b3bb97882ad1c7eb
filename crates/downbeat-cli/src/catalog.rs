//! `downbeat catalog [QUERY] [--json]`: the built-in list of known services.

use crate::cli::CatalogArgs;
use crate::format;
use downbeat_core::config::catalog::{Catalog, CatalogEntry};
use serde::Serialize;
use std::io::Write as _;

#[derive(Debug, Serialize)]
struct Listing<'a> {
    services: Vec<Entry<'a>>,
}

#[derive(Debug, Serialize)]
struct Entry<'a> {
    id: &'a str,
    name: &'a str,
    category: &'a str,
    homepage: &'a str,
    verified: bool,
    sources: Vec<Source<'a>>,
}

#[derive(Debug, Serialize)]
struct Source<'a> {
    kind: &'static str,
    url: &'a str,
}

impl<'a> Entry<'a> {
    fn new(entry: &'a CatalogEntry) -> Entry<'a> {
        Entry {
            id: &entry.id,
            name: &entry.name,
            category: &entry.category,
            homepage: &entry.homepage,
            verified: entry.verified,
            sources: entry
                .sources
                .iter()
                .map(|source| Source {
                    kind: source.kind.as_str(),
                    url: &source.url,
                })
                .collect(),
        }
    }
}

pub fn run(args: &CatalogArgs) -> anyhow::Result<u8> {
    let catalog = Catalog::builtin();
    let entries: Vec<&CatalogEntry> = match args.query.as_deref() {
        Some(query) => catalog.search(query).collect(),
        None => catalog.entries().iter().collect(),
    };
    let mut stdout = if args.json {
        crate::out::machine()
    } else {
        crate::out::human()
    };
    if args.json {
        let listing = Listing {
            services: entries.iter().map(|entry| Entry::new(entry)).collect(),
        };
        serde_json::to_writer(&mut stdout, &listing)?;
        writeln!(stdout)?;
    } else if entries.is_empty() {
        // Not an error: an empty search is an answer. Said on stderr so a
        // script reading ids from stdout gets none.
        eprintln!(
            "No catalog entry matches {:?}.",
            args.query.as_deref().unwrap_or_default()
        );
    } else {
        let id_width = entries
            .iter()
            .map(|e| e.id.chars().count())
            .max()
            .unwrap_or(0);
        let name_width = entries
            .iter()
            .map(|e| e.name.chars().count())
            .max()
            .unwrap_or(0);
        for entry in entries {
            writeln!(
                stdout,
                "{}  {}  {}",
                format::pad(&entry.id, id_width),
                format::pad(&entry.name, name_width),
                entry.category
            )?;
        }
    }
    stdout.flush()?;
    Ok(0)
}
