//! The folders of `src/` are the layers of the core (docs/ARCHITECTURE.md).
//! A module may use its own layer and the layers below it, never one above;
//! and the pure layers name no I/O crate. This test reads every `.rs` file's
//! code (comments left out) and fails on an arrow that runs the wrong way.
#![allow(clippy::expect_used, clippy::unwrap_used)]

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// Lowest first. `io` and `store` are siblings: neither uses the other.
const LAYERS: &[(&str, &[&str])] = &[
    ("model", &[]),
    ("sources", &["model"]),
    ("config", &["model", "sources"]),
    ("logic", &["model", "sources", "config"]),
    ("io", &["model", "sources", "config", "logic"]),
    ("store", &["model", "sources", "config", "logic"]),
    ("views", &["model", "sources", "config", "logic", "store"]),
    (
        "app",
        &[
            "model", "sources", "config", "logic", "io", "store", "views",
        ],
    ),
];

/// Crates and std modules that do I/O: the pure layers name none of them.
/// (`config` reads and writes its own files, so only the network, database
/// and desktop ones are kept from it.)
const IO_CRATES: &[&str] = &[
    "reqwest::",
    "rusqlite::",
    "zbus::",
    "notify_rust::",
    "tokio::net",
    "tokio::fs",
];
const FILE_IO: &[&str] = &["std::fs", "tokio::fs", "std::process", "directories::"];

fn pure(layer: &str) -> bool {
    matches!(layer, "model" | "sources" | "logic")
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("read src") {
        let path = entry.expect("entry").path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|ext| ext == "rs") {
            out.push(path);
        }
    }
}

/// The file's code without `//` comments (doc links are not dependencies).
fn code(text: &str) -> String {
    text.lines()
        .map(|line| match line.find("//") {
            // A "//" inside a string ("http://…") is kept: only a comment
            // that starts the trimmed line, or follows code after a space, is cut.
            Some(at) if line[..at].trim().is_empty() || line[..at].ends_with(' ') => {
                if line[..at].matches('"').count() % 2 == 0 {
                    &line[..at]
                } else {
                    line
                }
            }
            _ => line,
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The top-level modules a file names through `crate::`.
fn crate_uses(code: &str) -> BTreeSet<String> {
    let mut uses = BTreeSet::new();
    for (at, _) in code.match_indices("crate::") {
        // `downbeat_core::` from inside is not a thing; `$crate::` is a macro's.
        if at > 0 && code[..at].ends_with(|c: char| c.is_alphanumeric() || c == '_' || c == '$') {
            continue;
        }
        let rest = &code[at + "crate::".len()..];
        let name: String = rest
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .collect();
        if !name.is_empty() {
            uses.insert(name);
        }
    }
    uses
}

#[test]
fn each_layer_uses_only_the_layers_below_it() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let mut wrong = Vec::new();
    let mut seen_layers = BTreeSet::new();
    for file in &files {
        let relative = file.strip_prefix(&src).expect("under src");
        let mut parts = relative.components();
        let first = parts
            .next()
            .and_then(|c| c.as_os_str().to_str())
            .unwrap_or_default();
        if parts.next().is_none() {
            // lib.rs (the index) and testkit.rs (tests' helpers, feature-gated)
            // stand above the layers.
            assert!(
                matches!(first, "lib.rs" | "testkit.rs"),
                "{first}: a module at the top of src/ belongs in a layer's folder"
            );
            continue;
        }
        let Some((layer, allowed)) = LAYERS.iter().find(|(name, _)| *name == first) else {
            panic!("src/{first}/ is not a layer; add it to LAYERS and docs/ARCHITECTURE.md");
        };
        seen_layers.insert(*layer);
        let text = code(&std::fs::read_to_string(file).expect("read"));
        for used in crate_uses(&text) {
            if used != *layer && !allowed.contains(&used.as_str()) {
                wrong.push(format!("{}: {layer} uses {used}", relative.display()));
            }
        }
        // Test-only files read fixtures from disk; they ship in no build.
        let test_only = relative.components().any(|c| {
            matches!(
                c.as_os_str().to_str(),
                Some("tests" | "tests.rs" | "testing.rs")
            )
        });
        let forbidden: Vec<&str> = if test_only {
            Vec::new()
        } else if pure(layer) {
            IO_CRATES.iter().chain(FILE_IO).copied().collect()
        } else if *layer == "config" {
            IO_CRATES.to_vec()
        } else {
            Vec::new()
        };
        for name in forbidden {
            if text.contains(name) {
                wrong.push(format!(
                    "{}: the {layer} layer names {name}",
                    relative.display()
                ));
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "arrows the wrong way:\n{}",
        wrong.join("\n")
    );
    assert_eq!(seen_layers.len(), LAYERS.len(), "every layer has code");
}

#[test]
fn the_check_sees_a_wrong_arrow() {
    // The rule must be able to fail: a pure file naming the store or reqwest.
    let text = code(
        "use crate::store::Store; // crate::app in a comment\nlet c = reqwest::Client::new();",
    );
    let uses = crate_uses(&text);
    assert!(uses.contains("store"));
    assert!(!uses.contains("app"), "comments are not dependencies");
    assert!(text.contains("reqwest::"));
    let text = code(r#"let url = "http://x"; use crate::io::fetch;"#);
    assert!(
        crate_uses(&text).contains("io"),
        "a // inside a string is not a comment"
    );
}
