//! The dashboard's words (ui/i18n.js): every key the pages ask for by name
//! exists, and French has every English key. Read as text: no JavaScript
//! runs here, and no display is needed.

use std::collections::BTreeSet;
use std::path::Path;

/// String literals of `text` that are followed by a colon: an object's keys.
fn keys(text: &str) -> BTreeSet<String> {
    let mut found = BTreeSet::new();
    let mut chars = text.char_indices().peekable();
    while let Some((_, c)) = chars.next() {
        if c != '"' {
            continue;
        }
        let mut literal = String::new();
        while let Some((_, c)) = chars.next() {
            match c {
                '\\' => literal.extend(chars.next().map(|(_, c)| c)),
                '"' => break,
                c => literal.push(c),
            }
        }
        while chars.peek().is_some_and(|(_, c)| *c == ' ') {
            chars.next();
        }
        if chars.peek().is_some_and(|(_, c)| *c == ':') {
            found.insert(literal);
        }
    }
    found
}

/// The keys asked for by name: the string literals of each `t(…)` call's
/// first argument (`t("key", …)`, `t(one ? "a" : "b")`), but not a value it
/// is compared with (`kind === "http"`). A key made at run time (a
/// template) is left out.
fn asked(text: &str) -> BTreeSet<String> {
    let mut found = BTreeSet::new();
    let bytes = text.as_bytes();
    let mut from = 0;
    while let Some(at) = text[from..].find("t(").map(|i| i + from) {
        from = at + 2;
        let named =
            at > 0 && (bytes[at - 1].is_ascii_alphanumeric() || b"_.$".contains(&bytes[at - 1]));
        if named {
            continue; // split(, print(: not the words function
        }
        let (mut literals, mut depth, mut chars) = (Vec::new(), 0, text[from..].chars());
        // The last character before a literal: after `===` it is compared, not a key.
        let mut last = '(';
        while let Some(c) = chars.next() {
            let before = last;
            if c != ' ' {
                last = c;
            }
            match c {
                '"' => {
                    let mut literal = String::new();
                    while let Some(c) = chars.next() {
                        match c {
                            '\\' => literal.extend(chars.next()),
                            '"' => break,
                            c => literal.push(c),
                        }
                    }
                    if before != '=' {
                        literals.push(literal);
                    }
                }
                '`' => {
                    literals.clear();
                    break;
                }
                '(' | '[' | '{' => depth += 1,
                ')' | ']' | '}' if depth > 0 => depth -= 1,
                ',' | ')' if depth == 0 => break,
                _ => {}
            }
        }
        found.extend(literals);
    }
    found
}

#[test]
fn every_word_asked_for_exists_in_both_languages() {
    let ui = Path::new(env!("CARGO_MANIFEST_DIR")).join("../ui");
    let strings = std::fs::read_to_string(ui.join("i18n.js")).expect("ui/i18n.js");
    let (en, fr) = strings
        .split_once("\n  fr: {")
        .expect("an en block, then a fr block");
    let (en, fr) = (keys(en), keys(fr));
    assert!(en.len() > 100, "{} English keys read", en.len());
    let missing: Vec<_> = en.difference(&fr).collect();
    assert!(missing.is_empty(), "no French for {missing:?}");
    let extra: Vec<_> = fr.difference(&en).collect();
    assert!(extra.is_empty(), "French only: {extra:?}");

    let mut pages: Vec<_> = ["app.js", "catalog.js", "format.js", "bars.js"]
        .iter()
        .map(|f| ui.join(f))
        .collect();
    for entry in std::fs::read_dir(ui.join("pages")).expect("ui/pages") {
        pages.push(entry.expect("entry").path());
    }
    let mut unknown = Vec::new();
    for page in pages {
        let text = std::fs::read_to_string(&page).expect("a page");
        for key in asked(&text) {
            if !key.is_empty() && !en.contains(&key) {
                unknown.push(format!("{}: {key:?}", page.display()));
            }
        }
    }
    assert!(
        unknown.is_empty(),
        "words asked for but not written: {unknown:#?}"
    );
}
