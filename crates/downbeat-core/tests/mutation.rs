//! Every reader against broken copies of every corpus file and of the
//! hand-made inputs of formats with no capture (seeded, so a
//! failure is reproducible): truncation at many points, byte flips, deep
//! nesting, UTF-16 with and without a byte-order mark, Latin-1, huge
//! numbers, duplicated keys. None may panic or hang; an input that is broken
//! reads as an error (the page then shows `unknown` with that error), never
//! as a status other than the intact file's.
//!
//! `DOWNBEAT_MUTATIONS` sets the number of random mutations per file (the
//! fixed ones always run). `per_format` mutates per format instead, from
//! reduced seeds, fast enough for ten million inputs per format. `make fuzz`
//! runs both in a release build and prints counts, rates and peak memory.
#![allow(clippy::expect_used, clippy::unwrap_used)]

use downbeat_core::model::Status;
use downbeat_core::sources::plan::{parse, Format};
use downbeat_core::sources::sniff::sniff;
use downbeat_core::testkit::{corpus_files, fixture};
use std::collections::BTreeMap;

#[path = "mutation/bounds.rs"]
mod bounds;
#[path = "mutation/per_format.rs"]
mod per_format;
#[path = "mutation/reduce.rs"]
mod reduce;

/// One fixed time of the check, so a reader that measures maintenance
/// windows against the clock reads every copy the same way.
fn now() -> chrono::DateTime<chrono::Utc> {
    chrono::DateTime::parse_from_rfc3339("2026-12-01T00:00:00Z")
        .unwrap()
        .with_timezone(&chrono::Utc)
}

/// splitmix64: small, seeded, the same sequence on every machine.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

/// A corpus file: its name, the format its content shows, its bytes and
/// the status it reads.
type Intact = (String, Format, Vec<u8>, Status);

/// Each corpus file that reads on its own, with the format its content
/// shows and the status it reads.
/// With the hand-made inputs of the formats no capture exists for.
fn corpus() -> Vec<Intact> {
    use downbeat_core::sources::documented as doc;
    let documented = [
        ("documented: PLAYSTATION_SCEA", doc::PLAYSTATION_SCEA),
        ("documented: SORRY_COMPONENTS", doc::SORRY_COMPONENTS),
        ("documented: ADOBE_STATUS_EVENTS", doc::ADOBE_STATUS_EVENTS),
        ("documented: STATUSHUB_STATUSES", doc::STATUSHUB_STATUSES),
        ("documented: STATUSCAKE_REPORT", doc::STATUSCAKE_REPORT),
        ("documented: HUND_STATUSES", doc::HUND_STATUSES),
        ("documented: GATUS_STATUSES", doc::GATUS_STATUSES),
        ("documented: PAYPAL_COMPONENTS", doc::PAYPAL_COMPONENTS),
        ("documented: INCIDENTIO_WIDGET", doc::INCIDENTIO_WIDGET),
    ];
    corpus_files()
        .into_iter()
        .map(|name| {
            let bytes = served(&name, fixture(&name));
            (name, bytes)
        })
        .chain(
            documented
                .iter()
                .map(|(name, text)| (name.to_string(), text.as_bytes().to_vec())),
        )
        .filter_map(|(name, bytes)| {
            let format = *sniff(&bytes).first()?;
            let status = parse(format, &bytes, None, now()).ok()?.status;
            Some((name, format, bytes, status))
        })
        .collect()
}

/// The bytes the real page serves: Checkmk's agent output (the Google
/// capture) holds the page's incidents.json as a string.
fn served(name: &str, bytes: Vec<u8>) -> Vec<u8> {
    if !name.starts_with("gcp/") {
        return bytes;
    }
    match serde_json::from_slice::<serde_json::Value>(&bytes)
        .ok()
        .and_then(|value| value.get("health_info").cloned())
    {
        Some(serde_json::Value::String(text)) => text.into_bytes(),
        Some(other) => other.to_string().into_bytes(),
        None => bytes,
    }
}

fn utf16(bytes: &[u8], big_endian: bool, bom: bool) -> Vec<u8> {
    let text = String::from_utf8_lossy(bytes);
    let mut out = Vec::new();
    if bom {
        out.extend(if big_endian {
            [0xFE, 0xFF]
        } else {
            [0xFF, 0xFE]
        });
    }
    for unit in text.encode_utf16() {
        out.extend(if big_endian {
            unit.to_be_bytes()
        } else {
            unit.to_le_bytes()
        });
    }
    out
}

fn latin1(bytes: &[u8]) -> Vec<u8> {
    String::from_utf8_lossy(bytes)
        .chars()
        .map(|c| u8::try_from(u32::from(c)).unwrap_or(b'?'))
        .collect()
}

/// The first number after a `:` replaced by `digits`.
fn huge_number(bytes: &[u8], digits: &str) -> Vec<u8> {
    let Some(at) = bytes
        .windows(2)
        .position(|w| w[0] == b':' && (w[1].is_ascii_digit() || w[1] == b' '))
    else {
        return bytes.to_vec();
    };
    let start = at + 1 + bytes[at + 1..].iter().take_while(|b| **b == b' ').count();
    let end = start
        + bytes[start..]
            .iter()
            .take_while(|b| b.is_ascii_digit() || **b == b'.')
            .count();
    [&bytes[..start], digits.as_bytes(), &bytes[end..]].concat()
}

/// The first `"key": value` pair of the top object written twice.
fn duplicated_key(bytes: &[u8]) -> Vec<u8> {
    let text = String::from_utf8_lossy(bytes);
    let Some(open) = text.find('{') else {
        return bytes.to_vec();
    };
    let Some(comma) = text[open..].find(",\n").or_else(|| text[open..].find(',')) else {
        return bytes.to_vec();
    };
    let pair = &text[open + 1..open + comma];
    format!("{}{{{pair},{}", &text[..open], &text[open + 1..]).into_bytes()
}

/// Reads `input` as `format` and checks the rules (no wrong status when
/// `strict`, a reason with every error, bounded time); returns whether it
/// read. Memory is checked per run or job (`bounds`).
fn check(
    name: &str,
    what: &str,
    format: Format,
    input: &[u8],
    intact: Status,
    strict: bool,
) -> bool {
    let started = std::time::Instant::now();
    let _ = sniff(input);
    let read = parse(format, input, None, now()).map(|page| page.status);
    let took = started.elapsed();
    assert!(
        took < bounds::HANG,
        "{name} ({what}): a hang, {took:?} for {} bytes",
        input.len()
    );
    match read {
        Ok(status) => {
            if strict {
                assert_eq!(
                    status, intact,
                    "{name} ({what}): a broken copy read as another status"
                );
            }
            true
        }
        Err(error) => {
            assert!(
                !error.message.is_empty(),
                "{name} ({what}): an error without a reason"
            );
            false
        }
    }
}

/// One random mutation: a few flipped bits, a truncation or a dropped run.
fn mutate(rng: &mut Rng, bytes: &[u8]) -> Vec<u8> {
    let mut input = bytes.to_vec();
    match rng.below(3) {
        0 => {
            for _ in 0..=rng.below(4) {
                let at = rng.below(input.len());
                if let Some(byte) = input.get_mut(at) {
                    *byte ^= 1 << rng.below(8);
                }
            }
        }
        1 => {
            let at = rng.below(input.len());
            input.truncate(at);
        }
        _ => {
            let at = rng.below(input.len());
            let len = rng.below(64);
            let end = (at + len).min(input.len());
            input.drain(at..end);
        }
    }
    input
}

#[test]
fn broken_copies_of_every_corpus_file_never_read_wrong() {
    let random: usize = std::env::var("DOWNBEAT_MUTATIONS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(8);
    bounds::reset_peak();
    let mut rng = Rng(0x00D0_B1EA_7000_0012);
    let mut counts: BTreeMap<String, u64> = BTreeMap::new();
    let mut deep_done = std::collections::BTreeSet::new();
    let corpus = corpus();
    assert!(
        corpus.len() >= 60,
        "only {} corpus files read on their own",
        corpus.len()
    );
    for (name, format, bytes, intact) in &corpus {
        let (format, intact) = (*format, *intact);
        let mut count = 0u64;
        // Truncation: a dropped connection at 32 points, and a random ones.
        for i in 1..32 {
            let cut = bytes.len() * i / 32;
            // What is left may still be whole (trailing whitespace, a page
            // whose data ends early): then it must read the same.
            check(name, "truncated", format, &bytes[..cut], intact, true);
            count += 1;
        }
        let encodings = [
            ("utf-16le+bom", utf16(bytes, false, true)),
            ("utf-16be+bom", utf16(bytes, true, true)),
            ("utf-16le", utf16(bytes, false, false)),
            ("utf-16be", utf16(bytes, true, false)),
            ("latin-1", latin1(bytes)),
        ];
        for (what, input) in &encodings {
            check(name, what, format, input, intact, true);
            count += 1;
        }
        let deep = [
            "[".repeat(200_000).into_bytes(),
            r#"{"a":"#.repeat(100_000).into_bytes(),
            [
                &b"<rss><channel>"[..],
                &"<item>".repeat(100_000).into_bytes(),
            ]
            .concat(),
        ];
        // Nesting does not depend on the file: once per format.
        if deep_done.insert(format!("{format:?}")) {
            for input in &deep {
                check(name, "deep nesting", format, input, intact, false);
                count += 1;
            }
        }
        for digits in [
            "1e999999",
            "99999999999999999999999999999999",
            "-0.0000000000000000000001",
        ] {
            check(
                name,
                "huge number",
                format,
                &huge_number(bytes, digits),
                intact,
                false,
            );
            count += 1;
        }
        check(
            name,
            "duplicated key",
            format,
            &duplicated_key(bytes),
            intact,
            false,
        );
        count += 1;
        for _ in 0..random {
            let input = mutate(&mut rng, bytes);
            check(name, "random", format, &input, intact, false);
            count += 1;
        }
        *counts.entry(format!("{format:?}")).or_default() += count;
    }
    let total: u64 = counts.values().sum();
    for (format, count) in &counts {
        println!("{format}: {count} broken inputs");
    }
    println!("total: {total} broken inputs over {} files", corpus.len());
    let largest = corpus.iter().map(|c| c.2.len()).max().unwrap_or(0);
    // Deep nesting and UTF-16 copies are the largest inputs.
    if let Some(peak) = bounds::assert_peak_within(largest.max(400_000) * 2, "fixed mutations") {
        println!("memory: peak resident size {} MiB", peak / (1024 * 1024));
    }
}

/// The formats that read more than one document (Hund: statuses,
/// components, standing issues; Sorry: page, components, notices): each
/// document broken in turn while the others stay whole. No panic, no hang;
/// a broken companion or extra never makes the page unreadable.
#[test]
fn broken_companions_and_extras_never_break_the_page() {
    use downbeat_core::sources::documented as doc;
    use downbeat_core::sources::plan::parse_with_extra;
    let random: usize = std::env::var("DOWNBEAT_MUTATIONS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(8);
    let sets = [
        (
            Format::HundStatuses,
            [doc::HUND_STATUSES, doc::HUND_COMPONENTS, doc::HUND_ISSUES],
        ),
        (
            Format::SorryPage,
            [doc::SORRY_PAGE, doc::SORRY_COMPONENTS, doc::SORRY_NOTICES],
        ),
    ];
    let mut rng = Rng(0x00D0_B1EA_7000_0E17);
    let mut count = 0u64;
    for (format, documents) in sets {
        for broken in 0..3 {
            let whole = documents[broken].as_bytes();
            let cuts = (1..16).map(|i| whole[..whole.len() * i / 16].to_vec());
            let randoms: Vec<Vec<u8>> = (0..random).map(|_| mutate(&mut rng, whole)).collect();
            for input in cuts.chain(randoms) {
                let mut docs: Vec<&[u8]> = documents.iter().map(|d| d.as_bytes()).collect();
                docs[broken] = &input;
                let started = std::time::Instant::now();
                let read = parse_with_extra(format, docs[0], Some(docs[1]), Some(docs[2]), now());
                assert!(started.elapsed() < bounds::HANG, "{format:?}: a hang");
                if broken > 0 {
                    assert!(
                        read.is_ok(),
                        "{format:?}: a broken document {broken} broke the page"
                    );
                }
                count += 1;
            }
        }
    }
    println!("companions and extras: {count} broken inputs");
}

/// What a reduced seed must keep of its file's reading: the status, the
/// component statuses it shows, and whether it has incidents and
/// maintenances.
fn reading(format: Format, bytes: &[u8]) -> Option<(Status, Vec<Status>, bool, bool)> {
    if sniff(bytes).first() != Some(&format) {
        return None;
    }
    let page = parse(format, bytes, None, now()).ok()?;
    let mut shown: Vec<Status> = page.components.iter().map(|c| c.status).collect();
    shown.sort_by_key(|s| *s as u8);
    shown.dedup();
    Some((
        page.status,
        shown,
        page.incidents.is_empty(),
        page.maintenances.is_empty(),
    ))
}
