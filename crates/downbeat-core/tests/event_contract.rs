//! docs/EVENTS.md states the event contract as built (it extends the shared
//! design): every notification kind the engine can print has a row there
//! under its JSON name.
#![allow(clippy::expect_used)]

use downbeat_core::config::hooks::EVENT_NAMES;

#[test]
fn every_notification_kind_is_documented_under_its_json_name() {
    let docs =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../docs/EVENTS.md"))
            .expect("docs/EVENTS.md");
    for (name, kind) in EVENT_NAMES {
        let json = serde_json::to_string(&kind).expect("a kind serializes");
        assert_eq!(
            json,
            format!("\"{name}\""),
            "the hook name is the JSON name"
        );
        let row = format!("| `{name}` |");
        assert!(
            docs.lines().any(|line| line.starts_with(&row)),
            "docs/EVENTS.md has no row for the kind {name}"
        );
    }
}
