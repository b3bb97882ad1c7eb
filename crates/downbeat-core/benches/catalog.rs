//! How long a catalog search takes over the whole built-in catalog (the goal
//! is under 5 ms per query), and how long loading the catalog takes.
//!
//! `cargo bench -p downbeat-core --bench catalog`; `cargo test` runs each
//! query once as a smoke test.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use downbeat_core::config::catalog::Catalog;
use std::time::{Duration, Instant};

/// What people type: a prefix, an alias, a word, a miss, a category, the
/// empty box (everything, ranked), and a single letter (most entries).
const QUERIES: &[&str] = &[
    "git", "psn", "ms teams", "spotify", "gmail", "aws ec2", "google", "zzzz", "chat", "", "a",
];

fn main() {
    let full = std::env::args().any(|arg| arg == "--bench");
    let rounds = if full { 2_000 } else { 1 };

    let started = Instant::now();
    let loads = if full { 50 } else { 1 };
    let mut catalog = Catalog::default();
    for _ in 0..loads {
        catalog = Catalog::builtin();
    }
    let load = started.elapsed() / loads;
    let entries = catalog.entries().len();
    assert!(entries > 1000, "{entries} entries");
    println!("catalog: {entries} entries, loaded in {:.2} ms", ms(load));

    let mut worst = Duration::ZERO;
    for query in QUERIES {
        let mut found = 0;
        let started = Instant::now();
        for _ in 0..rounds {
            // Collected in full, as `downbeat catalog QUERY` and the picker do.
            found = catalog.search(query).count();
        }
        let each = started.elapsed() / rounds;
        worst = worst.max(each);
        println!(
            "search {query:>10?}: {found:>5} results in {:>7.1} µs",
            us(each)
        );
    }
    println!("slowest query: {:.3} ms (goal: under 5 ms)", ms(worst));
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

fn us(d: Duration) -> f64 {
    d.as_secs_f64() * 1e6
}
