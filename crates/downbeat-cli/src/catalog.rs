//! `downbeat catalog [QUERY] [--json] [--stats]`: the built-in list of known
//! services, each with its parts indented under it.

use crate::cli::CatalogArgs;
use crate::format;
use downbeat_core::config::catalog::{Catalog, CatalogEntry};
use downbeat_core::config::SourceConfig;
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
    /// The service this is a part of, or null.
    parent: Option<&'a str>,
    aliases: &'a [String],
    /// The component filter; empty: the whole page.
    components: &'a [String],
    popularity: u8,
    verified: bool,
    provenance: &'a str,
    /// A status page among the sources (else probes only).
    vendor_declared: bool,
    sources: Vec<Source<'a>>,
}

#[derive(Debug, Serialize)]
struct Source<'a> {
    kind: &'static str,
    url: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    expect_status: Option<&'a [u16]>,
    #[serde(skip_serializing_if = "Option::is_none")]
    inconclusive_status: Option<&'a [u16]>,
    #[serde(skip_serializing_if = "Option::is_none")]
    keyword: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    keyword_absent: Option<&'a str>,
}

impl<'a> Source<'a> {
    fn new(source: &'a SourceConfig) -> Source<'a> {
        Source {
            kind: source.kind.as_str(),
            url: &source.url,
            expect_status: source.expect_status.as_deref(),
            inconclusive_status: source.inconclusive_status.as_deref(),
            keyword: source.keyword.as_deref(),
            keyword_absent: source.keyword_absent.as_deref(),
        }
    }
}

impl<'a> Entry<'a> {
    fn new(entry: &'a CatalogEntry) -> Entry<'a> {
        Entry {
            id: &entry.id,
            name: &entry.name,
            category: &entry.category,
            homepage: &entry.homepage,
            parent: entry.parent.as_deref(),
            aliases: &entry.aliases,
            components: &entry.components,
            popularity: entry.popularity,
            verified: entry.verified,
            provenance: &entry.provenance,
            vendor_declared: entry.vendor_declared(),
            sources: entry.sources.iter().map(Source::new).collect(),
        }
    }
}

/// One table row: the id (indented for a part), name, category and, in a
/// search, the service a part belongs to.
struct Row<'a> {
    id: String,
    entry: &'a CatalogEntry,
    note: String,
}

pub fn run(args: &CatalogArgs) -> anyhow::Result<u8> {
    let catalog = Catalog::builtin();
    let mut stdout = if args.json {
        crate::out::machine()
    } else {
        crate::out::human()
    };
    if args.stats {
        return stats(&catalog, args.json, &mut stdout);
    }
    let entries: Vec<&CatalogEntry> = match args.query.as_deref() {
        Some(query) => catalog.search(query).collect(),
        None => catalog.entries().iter().collect(),
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
        let rows = match args.query {
            Some(_) => ranked_rows(&catalog, &entries),
            None => tree_rows(&catalog),
        };
        let id_width = rows.iter().map(|r| r.id.chars().count()).max().unwrap_or(0);
        let name_width = rows
            .iter()
            .map(|r| r.entry.name.chars().count())
            .max()
            .unwrap_or(0);
        for row in rows {
            let line = format!(
                "{}  {}  {}  {}",
                format::pad(&row.id, id_width),
                format::pad(&row.entry.name, name_width),
                row.entry.category,
                row.note
            );
            writeln!(stdout, "{}", line.trim_end())?;
        }
    }
    stdout.flush()?;
    Ok(0)
}

/// Every service, each followed by its parts, indented.
fn tree_rows(catalog: &Catalog) -> Vec<Row<'_>> {
    let mut rows = Vec::with_capacity(catalog.entries().len());
    for service in catalog.entries().iter().filter(|e| !e.is_part()) {
        rows.push(Row {
            id: service.id.clone(),
            entry: service,
            note: String::new(),
        });
        rows.extend(catalog.parts(&service.id).map(|part| Row {
            id: format!("  {}", part.id),
            entry: part,
            note: String::new(),
        }));
    }
    rows
}

/// Search results, best first; a part says whose it is.
fn ranked_rows<'a>(catalog: &'a Catalog, entries: &[&'a CatalogEntry]) -> Vec<Row<'a>> {
    entries
        .iter()
        .map(|entry| Row {
            id: entry.id.clone(),
            entry,
            note: entry
                .parent
                .as_deref()
                .map(|parent| {
                    let name = catalog.get(parent).map_or(parent, |p| p.name.as_str());
                    format!("(part of {name})")
                })
                .unwrap_or_default(),
        })
        .collect()
}

fn stats(catalog: &Catalog, json: bool, out: &mut crate::out::Out) -> anyhow::Result<u8> {
    let stats = catalog.stats();
    if json {
        serde_json::to_writer(&mut *out, &stats)?;
        writeln!(out)?;
        out.flush()?;
        return Ok(0);
    }
    let total = stats.services + stats.parts;
    let share = |n: usize| n as f64 * 100.0 / total.max(1) as f64;
    writeln!(out, "{} services, {} parts", stats.services, stats.parts)?;
    writeln!(
        out,
        "services read from what the vendor declares: {} of {} ({:.1} %)",
        stats.services_vendor_declared,
        stats.services,
        stats.services_vendor_declared as f64 * 100.0 / stats.services.max(1) as f64
    )?;
    writeln!(
        out,
        "services and parts read from what the vendor declares: {} ({:.1} %); probes only: {} ({:.1} %); verified: {}",
        stats.vendor_declared,
        share(stats.vendor_declared),
        stats.probes_only,
        share(stats.probes_only),
        stats.verified
    )?;
    writeln!(out, "\ncategory    services  parts")?;
    for (category, services, parts) in &stats.by_category {
        writeln!(
            out,
            "{}  {services:>8}  {parts:>5}",
            format::pad(category, 10)
        )?;
    }
    writeln!(out, "\nkind         services  parts")?;
    for (kind, (services, parts)) in &stats.by_kind {
        writeln!(out, "{}  {services:>8}  {parts:>5}", format::pad(kind, 11))?;
    }
    out.flush()?;
    Ok(0)
}
