//! The catalog as the first run's picker and the settings browse it: one
//! shelf per category, the categories desktop users reach for first, and in
//! each the services most people use first.

use crate::app::settings::CatalogHit;
use crate::config::catalog::{Catalog, CatalogEntry};
use crate::config::Config;
use serde::Serialize;

/// Categories in the order a person setting up a desktop looks for them;
/// any other category the catalog has follows, by name.
const CATEGORY_ORDER: &[&str] = &[
    "music", "video", "chat", "meetings", "gaming", "email", "social", "storage", "work", "ai",
    "security", "dev", "cloud", "payments", "finance", "shopping",
];

/// Services many people use, first in their shelf, in this order; the rest
/// of a shelf follows in the catalog's order. (A popularity figure in the
/// catalog would replace this list.)
const POPULAR: &[&str] = &[
    "spotify",
    "apple-music",
    "youtube",
    "netflix",
    "twitch",
    "disney-plus",
    "prime-video",
    "discord",
    "whatsapp",
    "slack",
    "telegram",
    "signal",
    "zoom",
    "microsoft-teams",
    "google-meet",
    "steam",
    "playstation-network",
    "xbox-live",
    "nintendo",
    "epic-games",
    "riot-games",
    "battle-net",
    "roblox",
    "gmail",
    "outlook",
    "icloud-mail",
    "proton-mail",
    "reddit",
    "instagram",
    "x",
    "facebook",
    "bluesky",
    "linkedin",
    "google-drive",
    "dropbox",
    "icloud-drive",
    "onedrive",
    "google-workspace",
    "microsoft-365",
    "notion",
    "figma",
    "openai",
    "anthropic",
    "github",
    "gitlab",
    "npm",
    "docker-hub",
    "aws",
    "cloudflare",
    "google-cloud",
    "azure",
    "vercel",
    "paypal",
    "stripe",
    "amazon",
    "shopify",
];

/// One category's services, popular first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Shelf {
    pub category: String,
    pub services: Vec<CatalogHit>,
}

/// Every service of the catalog on its category's shelf, each saying if it
/// is watched already. A part of the same category sits under its service
/// (not hundreds of AWS products beside Spotify); one of another category
/// has a place of its own there (Gmail among mail, part of Google Workspace).
pub fn shelves(catalog: &Catalog, config: &Config) -> Vec<Shelf> {
    let mut services: Vec<&CatalogEntry> = catalog
        .entries()
        .iter()
        .filter(|entry| !nested(catalog, entry))
        .collect();
    // Stable: ties keep the catalog's order.
    services.sort_by_key(|entry| {
        (
            category_rank(&entry.category),
            entry.category.clone(),
            popularity(&entry.id),
            std::cmp::Reverse(entry.popularity),
        )
    });
    let mut shelves: Vec<Shelf> = Vec::new();
    for entry in services {
        let mut hit = CatalogHit::of(catalog, config, entry);
        let mut parts: Vec<&CatalogEntry> = catalog
            .parts(&entry.id)
            .filter(|part| nested(catalog, part))
            .collect();
        parts.sort_by_key(|part| (popularity(&part.id), std::cmp::Reverse(part.popularity)));
        hit.parts = parts
            .into_iter()
            .map(|part| CatalogHit::of(catalog, config, part))
            .collect();
        match shelves.last_mut() {
            Some(shelf) if shelf.category == entry.category => shelf.services.push(hit),
            _ => shelves.push(Shelf {
                category: entry.category.clone(),
                services: vec![hit],
            }),
        }
    }
    shelves
}

/// A part shown under its service: it has one, of the same category.
fn nested(catalog: &Catalog, entry: &CatalogEntry) -> bool {
    entry
        .parent
        .as_deref()
        .and_then(|parent| catalog.get(parent))
        .is_some_and(|parent| parent.category == entry.category)
}

fn category_rank(category: &str) -> usize {
    CATEGORY_ORDER
        .iter()
        .position(|known| *known == category)
        .unwrap_or(CATEGORY_ORDER.len())
}

fn popularity(id: &str) -> usize {
    POPULAR
        .iter()
        .position(|known| *known == id)
        .unwrap_or(POPULAR.len())
}

#[cfg(test)]
#[allow(clippy::expect_used, clippy::unwrap_used)]
mod tests {
    use super::*;
    use std::path::Path;

    #[test]
    fn every_entry_is_on_one_shelf_popular_first_and_watched_ones_say_so() {
        let catalog = Catalog::builtin();
        let config = Config::parse(
            "[[services]]\nid = \"spotify\"\n",
            Path::new("c.toml"),
            &catalog,
        )
        .unwrap();
        let shelves = shelves(&catalog, &config);
        // Services on the shelves, each part under its own service.
        let shelved: usize = shelves
            .iter()
            .flat_map(|s| &s.services)
            .map(|hit| 1 + hit.parts.len())
            .sum();
        assert_eq!(shelved, catalog.entries().len());
        for hit in shelves.iter().flat_map(|s| &s.services) {
            for part in &hit.parts {
                assert_eq!(part.category, hit.category);
                assert_eq!(
                    catalog
                        .get(&part.id)
                        .and_then(|e| e.parent.clone())
                        .as_deref(),
                    Some(hit.id.as_str())
                );
                assert_eq!(part.part_of.as_deref(), Some(hit.name.as_str()));
            }
        }
        let workspace = shelves
            .iter()
            .flat_map(|s| &s.services)
            .find(|hit| hit.id == "google-workspace")
            .expect("Google Workspace on a shelf");
        assert!(workspace
            .parts
            .iter()
            .all(|p| p.category == workspace.category));
        // Gmail is mail: on the mail shelf, saying whose part it is.
        let mail = shelves
            .iter()
            .find(|s| s.category == "email")
            .expect("a mail shelf");
        let gmail = mail
            .services
            .iter()
            .find(|h| h.id == "gmail")
            .expect("Gmail among mail");
        assert_eq!(gmail.part_of.as_deref(), Some(workspace.name.as_str()));
        // The cloud shelf lists clouds, their products under them.
        let cloud = shelves
            .iter()
            .find(|s| s.category == "cloud")
            .expect("a cloud shelf");
        assert!(
            cloud.services.len() < 150,
            "{} on the cloud shelf",
            cloud.services.len()
        );
        let aws = cloud
            .services
            .iter()
            .find(|h| h.id == "aws")
            .expect("AWS among clouds");
        assert!(aws.parts.len() > 100, "{} parts under AWS", aws.parts.len());
        let mut categories: Vec<&str> = shelves.iter().map(|s| s.category.as_str()).collect();
        assert_eq!(categories[..3], ["music", "video", "chat"]);
        categories.dedup();
        assert_eq!(categories.len(), shelves.len(), "one shelf per category");
        for shelf in &shelves {
            assert!(shelf.services.iter().all(|s| s.category == shelf.category));
        }
        let music = &shelves[0].services;
        assert_eq!(music[0].id, "spotify");
        assert!(music[0].watched);
        assert!(music[1..].iter().all(|s| !s.watched));
        let chat: Vec<&str> = shelves[2].services.iter().map(|s| s.id.as_str()).collect();
        assert_eq!(chat[0], "discord", "{chat:?}");
        // The popular list names only what the catalog has (so a renamed
        // id is noticed here, not by a person missing it on the shelf).
        for id in POPULAR {
            assert!(catalog.get(id).is_some(), "{id} is not in the catalog");
        }
    }
}
