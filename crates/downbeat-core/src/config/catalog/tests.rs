//! The catalog test (`make test`): every entry is checked the way a user's
//! config is, and every component filter against a real capture where the
//! shared fixtures hold one for that page. `faults` is one function so that
//! a deliberately broken catalog shows the checks fail.
#![allow(clippy::expect_used, clippy::unwrap_used)]

use super::evidence::*;
use super::*;
use crate::config::{Config, SourceKind};
use crate::model::Status;
use crate::sources::plan::{self, Format};
use std::collections::{HashMap, HashSet};
use std::path::Path;

/// Whether a probe URL is a bare home page (no path, no query).
fn bare_home(url: &str) -> bool {
    url::Url::parse(url).is_ok_and(|u| u.path().trim_matches('/').is_empty() && u.query().is_none())
}

/// Everything wrong with `catalog`, one line each.
fn faults(catalog: &Catalog) -> Vec<String> {
    let mut faults = Vec::new();
    let mut names: HashMap<String, &str> = HashMap::new();
    let ids: HashSet<&str> = catalog.entries().iter().map(|e| e.id.as_str()).collect();
    let parsed: HashMap<&str, Vec<crate::model::Component>> = CAPTURES
        .iter()
        .map(|(url, path, format)| {
            let snapshot = plan::parse(*format, &capture(path), None, read_at()).expect(path);
            (*url, snapshot.components)
        })
        .collect();
    let salesforce_products = captured_salesforce_products();
    if ids.len() != catalog.entries().len() {
        faults.push("duplicate ids".to_owned());
    }
    // Two services reading the same page are one service listed twice.
    let mut pages: HashMap<&str, &str> = HashMap::new();
    for entry in catalog.entries().iter().filter(|e| !e.is_part()) {
        for source in entry.sources.iter().filter(|s| s.kind.is_status_page()) {
            if let Some(other) = pages.insert(source.url.as_str(), entry.id.as_str()) {
                faults.push(format!(
                    "{}: reads {} as {other} does",
                    entry.id, source.url
                ));
            }
        }
    }
    for entry in catalog.entries() {
        let id = &entry.id;
        let mut fault = |message: String| faults.push(format!("{id}: {message}"));
        if !CATEGORIES.contains(&entry.category.as_str()) {
            fault(format!(
                "category {} is not one of CATEGORIES",
                entry.category
            ));
        }
        if entry.provenance.trim().len() < 10 {
            fault("no provenance".into());
        }
        if !entry.homepage.starts_with("https://") {
            fault(format!("homepage {:?} is not https", entry.homepage));
        }
        // Aliases are unique, and no alias is another entry's id.
        for alias in &entry.aliases {
            let key = alias.trim().to_lowercase();
            if key.is_empty() || key != *alias {
                fault(format!("alias {alias:?} must be lowercase and trimmed"));
            }
            if let Some(other) = names.insert(key.clone(), id) {
                fault(format!("alias {alias:?} is also {other}'s"));
            }
            if ids.contains(key.replace(' ', "-").as_str()) && key.replace(' ', "-") != *id {
                fault(format!("alias {alias:?} is another entry's id"));
            }
        }
        if let Some(parent) = &entry.parent {
            match catalog.get(parent) {
                None => fault(format!("parent {parent} is not in the catalog")),
                Some(p) if p.parent.is_some() => fault("its parent is a part".into()),
                Some(_) => {}
            }
        }
        if entry.sources.is_empty() {
            fault("no sources".into());
        }
        let probes: Vec<&SourceConfig> = entry
            .sources
            .iter()
            .filter(|s| s.kind == SourceKind::Http)
            .collect();
        for source in &entry.sources {
            if !source.url.starts_with("https://") {
                fault(format!("{} is not https", source.url));
            }
            if source.kind == SourceKind::Salesforce {
                if let Some(key) = salesforce_product(&source.url) {
                    let captured = salesforce_products.contains(&key);
                    let cites = entry.provenance.contains(SALESFORCE_CAPTURE);
                    // A key the capture lacks is known only from stts, and
                    // then the entry must not claim the capture shows it.
                    let stts = STTS_SALESFORCE_PRODUCTS.contains(&key.as_str());
                    if !(captured || (stts && !cites)) {
                        fault(format!(
                            "Salesforce product {key:?} is not a known Trust key"
                        ));
                    }
                }
            }
            if source.kind == SourceKind::Auto {
                fault("the catalog says what each source is (no auto)".into());
            }
            if let Err(e) = source.resolve() {
                fault(e.message);
            }
            if source.kind == SourceKind::Http
                && !source
                    .inconclusive_status
                    .as_ref()
                    .is_some_and(|codes| codes.contains(&429))
            {
                fault(format!(
                    "probe {} does not read a 429 as inconclusive",
                    source.url
                ));
            }
        }
        if probes.len() == entry.sources.len() {
            if probes.len() < 2 {
                fault("a probe pack needs at least two probes".into());
            }
            let precise = probes.iter().any(|p| {
                !bare_home(&p.url)
                    || p.keyword.is_some()
                    || p.expect_status.as_ref().is_some_and(|c| c != &[200])
            });
            if !precise {
                fault("probes only home pages".into());
            }
            if entry.verified {
                fault("verified, yet only probed (see services/README.md)".into());
            }
        }
        if entry.components.is_empty() {
            continue;
        }
        let pages: Vec<&SourceConfig> = entry
            .sources
            .iter()
            .filter(|s| s.kind.is_status_page())
            .collect();
        for page in &pages {
            // A feed of posts has no components; a StatusIQ feed (`<page>/rss`,
            // one item per component) has, and a filter naming none of them
            // falls back to the page's own status (it lists every component).
            let statusiq = page.kind == SourceKind::Feed && page.url.ends_with("/rss");
            if matches!(page.kind, SourceKind::Riot | SourceKind::Feed) && !statusiq {
                fault(format!(
                    "{} pages have no components to filter",
                    page.kind.as_str()
                ));
            }
            for (url, citation, names) in PEER_NAMES {
                // An unverified entry says in its provenance what is missing.
                if *url != page.url || !entry.verified || !entry.provenance.contains(citation) {
                    continue;
                }
                for name in &entry.components {
                    if !names.iter().any(|n| n.eq_ignore_ascii_case(name)) {
                        fault(format!("component {name:?} is not in {citation}'s list"));
                    }
                }
            }
            let Some(components) = parsed.get(page.url.as_str()) else {
                continue;
            };
            // A page listing only affected components proves only the names
            // its capture shows: held to it when the entry cites it.
            let complete = page.kind.lists_every_component();
            let cites = CAPTURES.iter().any(|(u, path, _)| {
                *u == page.url
                    && entry
                        .provenance
                        .contains(path.rsplit('/').next().unwrap_or(path))
            });
            if !(complete || cites) {
                continue;
            }
            for name in &entry.components {
                if !components.iter().any(|c| c.matches(name)) {
                    fault(format!(
                        "component {name:?} is not on the captured page {}",
                        page.url
                    ));
                }
            }
        }
        if pages.is_empty() {
            fault("components, but no status page".into());
        }
    }
    faults
}

#[test]
fn the_builtin_catalog_passes_every_check() {
    let catalog = Catalog::from_files(&FILES).expect("the catalog loads");
    let faults = faults(&catalog);
    assert!(
        faults.is_empty(),
        "{} faults:\n{}",
        faults.len(),
        faults.join("\n")
    );
    let services = catalog.entries().iter().filter(|e| !e.is_part()).count();
    let parts = catalog.entries().len() - services;
    assert!(services >= 400, "{services} services");
    assert!(parts >= 600, "{parts} parts");
    for category in CATEGORIES {
        assert!(
            catalog.entries().iter().any(|e| e.category == category),
            "{category} is empty"
        );
    }
    assert_eq!(Catalog::builtin().entries().len(), catalog.entries().len());
}

#[test]
fn every_entry_passes_the_config_validation_a_user_gets() {
    let catalog = Catalog::builtin();
    let text: String = catalog
        .entries()
        .iter()
        .map(|e| format!("[[services]]\nid = \"{}\"\n", e.id))
        .collect();
    let config = Config::parse(&text, Path::new("all.toml"), &catalog).expect("valid");
    assert_eq!(config.services.len(), catalog.entries().len());
    let gmail = config.services.iter().find(|s| s.id == "gmail").unwrap();
    assert_eq!(gmail.components, ["Gmail"], "a part brings its filter");
    assert_eq!(gmail.sources[0].kind, SourceKind::Google);
    // A user's own filter or sources replace the part's.
    let text = "[[services]]\nid = \"gmail\"\ncomponents = [\"Google Chat\"]\n";
    let own = Config::parse(text, Path::new("a.toml"), &catalog).expect("valid");
    assert_eq!(own.services[0].components, ["Google Chat"]);
}

#[test]
fn the_checks_catch_a_broken_entry() {
    let broken = r#"
[[service]]
id = "github"
name = "GitHub"
homepage = "https://github.com"
verified = true
provenance = "statuspage/github-summary-2026-07-31-all-operational.json"
sources = [{ kind = "statuspage", url = "https://www.githubstatus.com" }]

[[service]]
id = "github-teleport"
name = "GitHub Teleport"
parent = "github"
components = ["Teleportation"]
aliases = ["gh"]
verified = true
provenance = "made up"

[[service]]
id = "lonely"
name = "Lonely"
homepage = "https://lonely.example"
aliases = ["gh"]
verified = true
provenance = "a home page and nothing else"
sources = [{ kind = "http", url = "https://lonely.example/" }]

[[service]]
id = "slack"
name = "Slack"
homepage = "https://slack.com"
verified = true
provenance = "slack/slack-current-2020-07-30-active.json"
sources = [{ kind = "slack", url = "https://slack-status.com/api/v2.0.0/current" }]

[[service]]
id = "slack-pigeons"
name = "Slack Pigeons"
parent = "slack"
components = ["Pigeons"]
verified = true
provenance = "hangyeol0531/slack-status-api src/slack-status/types/status.ts"

[[service]]
id = "sf-made-up"
name = "Made-up Cloud"
homepage = "https://www.salesforce.com"
verified = true
provenance = "a product key nobody lists"
sources = [{ kind = "salesforce", url = "https://api.status.salesforce.com/v1/instances/status/preview?products=Made_Up_Cloud" }]

[[service]]
id = "sf-tableau"
name = "Tableau, said to be captured"
homepage = "https://www.tableau.com"
verified = true
provenance = "salesforce/trust-instances-status-preview-2020-07-29-na137-minor-incident-core.json"
sources = [{ kind = "salesforce", url = "https://api.status.salesforce.com/v1/instances/status/preview?products=Tableau" }]
"#;
    let catalog = Catalog::from_files(&[("dev", broken)]).expect("it parses");
    let faults = faults(&catalog);
    let has = |needle: &str| faults.iter().any(|f| f.contains(needle));
    assert!(
        has("github-teleport: component \"Teleportation\""),
        "{faults:?}"
    );
    assert!(has("github-teleport: no provenance"), "{faults:?}");
    assert!(
        has("lonely: alias \"gh\" is also github-teleport's"),
        "{faults:?}"
    );
    assert!(
        has("lonely: a probe pack needs at least two probes"),
        "{faults:?}"
    );
    assert!(has("lonely: probes only home pages"), "{faults:?}");
    assert!(has("lonely: verified, yet only probed"), "{faults:?}");
    assert!(has("does not read a 429"), "{faults:?}");
    assert!(
        has("slack-pigeons: component \"Pigeons\" is not in hangyeol0531"),
        "{faults:?}"
    );
    assert!(
        has("sf-made-up: Salesforce product \"Made_Up_Cloud\""),
        "{faults:?}"
    );
    assert!(
        has("sf-tableau: Salesforce product \"Tableau\""),
        "{faults:?}"
    );
    // A part of a part and an unknown parent are refused when loading.
    let nested = format!("{broken}\n[[service]]\nid = \"x\"\nname = \"X\"\nparent = \"github-teleport\"\nverified = false\nprovenance = \"nested part\"\n");
    assert!(Catalog::from_files(&[("dev", &nested)]).is_err());
    let orphan = "[[service]]\nid = \"x\"\nname = \"X\"\nparent = \"nobody\"\nverified = false\nprovenance = \"orphan part\"\n";
    assert!(Catalog::from_files(&[("dev", orphan)]).is_err());
}

#[test]
fn parts_watch_only_their_components_on_the_real_captures() {
    let catalog = Catalog::builtin();
    let status =
        |id: &str, capture_path: &str, format: Format, edit: &dyn Fn(&mut serde_json::Value)| {
            let entry = catalog.get(id).expect(id);
            let mut value: serde_json::Value =
                serde_json::from_slice(&capture(capture_path)).unwrap();
            edit(&mut value);
            let snapshot = plan::parse(
                format,
                &serde_json::to_vec(&value).unwrap(),
                None,
                read_at(),
            )
            .unwrap();
            let every = entry.sources[0].kind.lists_every_component();
            (
                snapshot.status,
                snapshot.status_through(&entry.components, every),
            )
        };
    // Google Cloud: the BigQuery incident, made ongoing, leaves Compute Engine green.
    let gcp = "gcp/gcp-incident-2023-03-10-bigquery-checkmk-agent-output.json";
    let ongoing = |v: &mut serde_json::Value| {
        for incident in v.as_array_mut().into_iter().flatten() {
            incident.as_object_mut().map(|o| o.remove("end"));
        }
    };
    let (page, bigquery) = status("gcp-bigquery", gcp, Format::GoogleIncidents, &ongoing);
    assert_ne!(page, Status::Operational);
    assert_eq!(bigquery, page);
    let (_, compute) = status("gcp-compute-engine", gcp, Format::GoogleIncidents, &ongoing);
    assert_eq!(compute, Status::Operational);
    // AWS: a product in one region, not the same product elsewhere.
    let aws = "aws/aws-health-public-currentevents-2026-ai-status-fixture.json";
    let none = |_: &mut serde_json::Value| {};
    let (_, uae) = status("aws-me-central-1", aws, Format::AwsEvents, &none);
    assert_eq!(uae, Status::MajorOutage);
    let (_, oregon) = status("aws-us-west-2", aws, Format::AwsEvents, &none);
    assert_eq!(oregon, Status::Operational);
    let (_, ec2) = status("aws-ec2-us-east-1", aws, Format::AwsEvents, &none);
    assert_eq!(ec2, Status::Operational);
    // "Region / Service" is that service in that region only.
    let snapshot = plan::parse(Format::AwsEvents, &capture(aws), None, read_at()).unwrap();
    let through = |filter: &str| snapshot.status_through(&[filter.to_owned()], false);
    assert_eq!(through("UAE / Amazon Bedrock"), Status::MajorOutage);
    assert_eq!(through("uae / amazon bedrock"), Status::MajorOutage);
    assert_eq!(through("Oregon / Amazon Bedrock"), Status::Operational);
    assert_eq!(through("Amazon Bedrock"), Status::MajorOutage);
}

#[test]
fn search_ranks_names_aliases_and_popularity() {
    let catalog = Catalog::builtin();
    let first = |q: &str, n: usize| -> Vec<String> {
        catalog.search(q).take(n).map(|e| e.id.clone()).collect()
    };
    assert_eq!(first("git", 2), ["github", "gitlab"]);
    assert_eq!(first("psn", 1), ["playstation-network"]);
    assert_eq!(first("ms teams", 1), ["microsoft-teams"]);
    assert_eq!(first("  MS   Teams ", 1), ["microsoft-teams"]);
    assert_eq!(first("Spotify", 1), ["spotify"]);
    assert_eq!(first("gmail", 1), ["gmail"]);
    assert_eq!(first("fortnite", 1), ["fortnite"]);
    assert_eq!(first("gh", 1), ["github"]);
    assert_eq!(first("chatgpt", 1), ["openai"]);
    // A service before its parts when both match as well.
    assert_eq!(first("epic", 1), ["epic-games"]);
    // Services whose names start with the query before any part that does.
    let git: Vec<&CatalogEntry> = catalog.search("git").collect();
    let starts = |e: &&CatalogEntry| e.name.to_lowercase().starts_with("git");
    let last_service = git.iter().rposition(|e| e.parent.is_none() && starts(e));
    let first_part = git.iter().position(|e| e.parent.is_some() && starts(e));
    assert!(
        matches!((last_service, first_part), (Some(s), Some(p)) if s < p),
        "{:?}",
        git.iter().take(8).map(|e| &e.id).collect::<Vec<_>>()
    );
    let chat: Vec<String> = catalog.search("chat").map(|e| e.id.clone()).collect();
    assert!(chat.contains(&"discord".to_owned()) && chat.contains(&"slack".to_owned()));
    assert!(catalog.search("zzzz-nothing").next().is_none());
    assert_eq!(catalog.search("").count(), catalog.entries().len());
    assert!(catalog.parts("google-workspace").any(|p| p.id == "gmail"));
}

#[test]
fn a_salesforce_part_asks_trust_for_its_product_only() {
    let catalog = Catalog::builtin();
    let marketing = catalog.get("salesforce-marketing-cloud").expect("part");
    assert_eq!(marketing.parent.as_deref(), Some("salesforce"));
    let source = &marketing.sources[0];
    let endpoints = plan::endpoints(source.kind, &source.url).unwrap();
    assert_eq!(
        endpoints[0].url,
        "https://api.status.salesforce.com/v1/instances/status/preview?products=Marketing_Cloud"
    );
    assert_eq!(endpoints[0].format, Format::SalesforceInstances);
    // The titles come from the whole localizations list, not a product's.
    assert_eq!(
        endpoints[0].companion.as_deref(),
        Some("https://api.status.salesforce.com/v1/localizations")
    );
    // What Trust answers for that product: the capture's instances that carry it.
    let all: serde_json::Value = serde_json::from_slice(&capture(SALESFORCE_CAPTURE)).unwrap();
    let only: Vec<&serde_json::Value> = all
        .as_array()
        .unwrap()
        .iter()
        .filter(|i| {
            i["Products"]
                .as_array()
                .into_iter()
                .flatten()
                .any(|p| p["key"] == "Marketing_Cloud")
        })
        .collect();
    let snapshot = plan::parse(
        Format::SalesforceInstances,
        &serde_json::to_vec(&only).unwrap(),
        None,
        read_at(),
    )
    .unwrap();
    assert_eq!(snapshot.components.len(), only.len());
    assert!(snapshot.components.len() < all.as_array().unwrap().len());
    // The one degraded instance (NA137) is a Sales/Service instance, so
    // Marketing Cloud's page is green while the whole of Trust is not.
    assert_eq!(snapshot.status, Status::Operational);
    let whole = plan::parse(
        Format::SalesforceInstances,
        &capture(SALESFORCE_CAPTURE),
        None,
        read_at(),
    )
    .unwrap();
    assert_ne!(whole.status, Status::Operational);
}
