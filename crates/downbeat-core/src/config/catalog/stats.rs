//! Counts over the catalog, for `downbeat catalog --stats` and the figures
//! in docs/BENCHMARKS.md.

use super::{Catalog, CATEGORIES};
use std::collections::BTreeMap;

/// Services and parts by category and by source kind, and how many read
/// what the vendor declares rather than probes alone.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct Stats {
    pub services: usize,
    pub parts: usize,
    /// Category → (services, parts), in [`CATEGORIES`] order.
    pub by_category: Vec<(String, usize, usize)>,
    /// Source kind → (services, parts) that read at least one such source.
    pub by_kind: BTreeMap<String, (usize, usize)>,
    /// Entries (services and parts) with a status page among their sources.
    pub vendor_declared: usize,
    /// Entries read by probes only.
    pub probes_only: usize,
    /// Services (not parts) with a status page among their sources.
    pub services_vendor_declared: usize,
    pub verified: usize,
}

impl Catalog {
    pub fn stats(&self) -> Stats {
        let mut stats = Stats {
            by_category: CATEGORIES.iter().map(|c| ((*c).to_owned(), 0, 0)).collect(),
            ..Stats::default()
        };
        for entry in self.entries() {
            let part = entry.is_part();
            let bump = |pair: &mut (usize, usize)| {
                if part {
                    pair.1 += 1
                } else {
                    pair.0 += 1
                }
            };
            if part {
                stats.parts += 1;
            } else {
                stats.services += 1;
            }
            if let Some(row) = stats.by_category.iter_mut().find(|r| r.0 == entry.category) {
                if part {
                    row.2 += 1;
                } else {
                    row.1 += 1;
                }
            }
            let mut kinds: Vec<&str> = entry.sources.iter().map(|s| s.kind.as_str()).collect();
            kinds.sort_unstable();
            kinds.dedup();
            for kind in kinds {
                bump(stats.by_kind.entry(kind.to_owned()).or_default());
            }
            if entry.vendor_declared() {
                stats.vendor_declared += 1;
                stats.services_vendor_declared += usize::from(!part);
            } else {
                stats.probes_only += 1;
            }
            stats.verified += usize::from(entry.verified);
        }
        stats
    }
}
