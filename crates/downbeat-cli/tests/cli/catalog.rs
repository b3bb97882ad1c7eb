//! `downbeat catalog`: the tree of services and parts, search, --json and --stats.

use crate::{code, json, stderr, stdout, Home};
use serde_json::Value;

#[test]
fn catalog_lists_and_searches_the_builtin_services() {
    let home = Home::new();
    let output = home.run_blocking(&["catalog", "discord", "--json"]);
    assert_eq!(code(&output), Some(0), "stderr: {}", stderr(&output));
    let listing = json(&output);
    let discord = &listing["services"][0];
    assert_eq!(discord["id"], "discord");
    assert_eq!(discord["name"], "Discord");
    assert_eq!(discord["category"], "chat");
    assert_eq!(discord["parent"], Value::Null);
    assert_eq!(discord["sources"][0]["kind"], "statuspage");
    // Its part comes after it, saying whose it is.
    assert_eq!(listing["services"][1]["parent"], "discord", "{listing}");

    let output = home.run_blocking(&["catalog"]);
    assert_eq!(code(&output), Some(0));
    let text = stdout(&output);
    assert!(text.lines().count() >= 1000, "{text}");
    assert!(
        text.lines()
            .any(|l| l.split_whitespace().collect::<Vec<_>>() == ["github", "GitHub", "dev"]),
        "{text}"
    );
    // Parts are indented under their service, whatever their category.
    let lines: Vec<&str> = text.lines().collect();
    let workspace = lines
        .iter()
        .position(|l| l.starts_with("google-workspace "))
        .expect("google-workspace listed");
    let gmail = lines
        .iter()
        .position(|l| l.starts_with("  gmail "))
        .expect("gmail indented");
    assert!(gmail > workspace, "gmail after its service");
    assert!(
        lines[workspace + 1..gmail]
            .iter()
            .all(|l| l.starts_with("  ")),
        "only parts between google-workspace and gmail"
    );
    assert!(lines[gmail].split_whitespace().any(|w| w == "email"));

    let output = home.run_blocking(&["catalog", "no-such-thing-at-all"]);
    assert_eq!(code(&output), Some(0));
    assert_eq!(stdout(&output), "");
    assert!(
        stderr(&output).contains("No catalog entry"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn catalog_search_ranks_by_name_alias_and_popularity() {
    let home = Home::new();
    let first = |query: &str| -> Vec<String> {
        let output = home.run_blocking(&["catalog", query]);
        assert_eq!(code(&output), Some(0), "stderr: {}", stderr(&output));
        stdout(&output)
            .lines()
            .filter_map(|l| l.split_whitespace().next().map(str::to_owned))
            .collect()
    };
    assert_eq!(first("git")[..2], ["github", "gitlab"]);
    assert_eq!(first("psn")[0], "playstation-network");
    assert_eq!(first("ms teams")[0], "microsoft-teams");
    let output = home.run_blocking(&["catalog", "ms teams"]);
    assert!(
        stdout(&output).contains("(part of Microsoft"),
        "{}",
        stdout(&output)
    );
}

#[test]
fn catalog_json_lists_everything_with_kind_filter_parent_aliases_and_provenance() {
    let home = Home::new();
    let output = home.run_blocking(&["catalog", "--json"]);
    assert_eq!(code(&output), Some(0), "stderr: {}", stderr(&output));
    let listing = json(&output);
    let all = listing["services"].as_array().expect("a list");
    let find = |id: &str| all.iter().find(|e| e["id"] == id).cloned().expect(id);
    let gmail = find("gmail");
    assert_eq!(gmail["parent"], "google-workspace");
    assert_eq!(gmail["components"][0], "Gmail");
    assert_eq!(gmail["sources"][0]["kind"], "google");
    assert_eq!(gmail["category"], "email");
    assert!(gmail["provenance"].as_str().is_some_and(|p| !p.is_empty()));
    let teams = find("microsoft-teams");
    assert!(teams["aliases"]
        .as_array()
        .unwrap()
        .contains(&Value::from("ms teams")));
    let spotify = find("spotify");
    assert_eq!(spotify["verified"], false, "probed, so never verified");
    let probe = &spotify["sources"][0];
    assert_eq!(probe["kind"], "http");
    assert_eq!(probe["inconclusive_status"], serde_json::json!([403, 429]));
    let services = all.iter().filter(|e| e["parent"].is_null()).count();
    assert!(services >= 400, "{services} services");
    assert!(
        all.len() - services >= 600,
        "{} parts",
        all.len() - services
    );
    assert!(all
        .iter()
        .all(|e| e["provenance"].as_str().is_some_and(|p| !p.is_empty())));

    let output = home.run_blocking(&["catalog", "--stats", "--json"]);
    assert_eq!(code(&output), Some(0), "stderr: {}", stderr(&output));
    let stats = json(&output);
    assert_eq!(stats["services"], services);
    assert_eq!(
        stats["vendor_declared"].as_u64().unwrap() + stats["probes_only"].as_u64().unwrap(),
        all.len() as u64
    );
    let output = home.run_blocking(&["catalog", "--stats"]);
    assert!(
        stdout(&output).starts_with(&format!("{services} services, ")),
        "{}",
        stdout(&output)
    );
}
