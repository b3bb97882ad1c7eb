//! Random mutations per format, fast enough for ten million per format:
//! formats in turn, each format's seeds in turn, so a format with one file
//! gets as many inputs as one with twenty. The seeds are the corpus files
//! reduced to what their reading needs (`reduce`): a 1 MB Salesforce file
//! becomes a few hundred bytes that still sniff as Salesforce and read the
//! same status, so an input costs microseconds, not the 20 ms of the whole
//! file. One input in `FULL_EVERY` is a mutation of a whole file, so the
//! big pages stay in the loop (the fixed test mutates them all too).
//!
//! Work is cut into jobs of `JOB` inputs of one format, taken in turn by
//! `DOWNBEAT_FUZZ_THREADS` threads (default: the cores); each job's random
//! numbers come from its format and number, so a run reads the same inputs
//! whatever the number of threads. `DOWNBEAT_FUZZ_PER_FORMAT` inputs per
//! format (4 in `make test`), `DOWNBEAT_FUZZ_SECONDS` to stop earlier,
//! `DOWNBEAT_FUZZ_FORMATS=HundStatuses,Feed` for some formats only.

use super::{bounds, check, corpus, mutate, reading, reduce::reduce, Intact, Rng};
use std::collections::BTreeMap;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Inputs of one format per job.
const JOB: u64 = 20_000;
/// One input in this many mutates a whole file instead of a reduced seed.
const FULL_EVERY: u64 = 10_000;
/// Calls of the reading per file that the reduction may make.
const REDUCE_TRIES: usize = 3_000;

struct Seeds {
    files: Vec<Intact>,
    /// Reduced copies, one per file (duplicates dropped).
    reduced: Vec<Vec<u8>>,
}

/// Per format: inputs done and thread time spent.
type Tally = BTreeMap<String, (u64, Duration)>;

fn seeds() -> BTreeMap<String, Seeds> {
    let mut by_format: BTreeMap<String, Seeds> = BTreeMap::new();
    for file in corpus() {
        let want = reading(file.1, &file.2);
        assert!(want.is_some(), "{}: does not read on its own", file.0);
        let small = reduce(&file.2, REDUCE_TRIES, |c| reading(file.1, c) == want);
        let entry = by_format
            .entry(format!("{:?}", file.1))
            .or_insert_with(|| Seeds {
                files: Vec::new(),
                reduced: Vec::new(),
            });
        if !entry.reduced.contains(&small) {
            entry.reduced.push(small);
        }
        entry.files.push(file);
    }
    by_format
}

/// Runs job `number` of `format`: `count` inputs; stops early at the
/// deadline. Returns the inputs done.
fn job(format: usize, number: u64, count: u64, seeds: &Seeds, stop: &AtomicBool) -> u64 {
    let mut rng = Rng(0x00D0_B1EA_7000_F022 ^ ((format as u64) << 40) ^ number);
    let (_, kind, _, intact) = &seeds.files[0];
    for i in 0..count {
        if i % 1024 == 0 && stop.load(Ordering::Relaxed) {
            return i;
        }
        let overall = number * JOB + i;
        let (name, bytes) = if overall % FULL_EVERY == FULL_EVERY - 1 {
            let file = &seeds.files[(overall / FULL_EVERY) as usize % seeds.files.len()];
            (file.0.as_str(), file.2.as_slice())
        } else {
            let seed = &seeds.reduced[overall as usize % seeds.reduced.len()];
            ("reduced seed", seed.as_slice())
        };
        let input = mutate(&mut rng, bytes);
        check(name, "random (per format)", *kind, &input, *intact, false);
    }
    count
}

#[test]
fn random_mutations_per_format() {
    let env = |name: &str| std::env::var(name).ok().and_then(|n| n.parse::<u64>().ok());
    let seconds = env("DOWNBEAT_FUZZ_SECONDS");
    let per_format =
        env("DOWNBEAT_FUZZ_PER_FORMAT").unwrap_or(if seconds.is_some() { u64::MAX } else { 4 });
    let threads = env("DOWNBEAT_FUZZ_THREADS").map_or_else(
        || std::thread::available_parallelism().map_or(1, |n| n.get()),
        |n| n.max(1) as usize,
    );
    let reducing = Instant::now();
    let mut by_format = seeds();
    let reduced_in = reducing.elapsed();
    assert!(by_format.len() >= 29, "only {} formats", by_format.len());
    if let Ok(only) = std::env::var("DOWNBEAT_FUZZ_FORMATS") {
        let only: Vec<&str> = only.split(',').map(str::trim).collect();
        by_format.retain(|format, _| only.contains(&format.as_str()));
        assert!(!by_format.is_empty(), "no format named in {only:?}");
    }
    let formats: Vec<(&String, &Seeds)> = by_format.iter().collect();
    // Jobs in turn: job 0 of every format, then job 1 of every format…
    let jobs_per_format = per_format.div_ceil(JOB);
    let total_jobs = jobs_per_format.saturating_mul(formats.len() as u64);
    let next = AtomicUsize::new(0);
    let stop = AtomicBool::new(false);
    let tally: Mutex<Tally> = Mutex::new(Tally::new());
    let peak: Mutex<Option<u64>> = Mutex::new(None);
    let largest = by_format
        .values()
        .flat_map(|s| &s.files)
        .map(|f| f.2.len())
        .max()
        .unwrap_or(0);
    bounds::reset_peak();
    let started = Instant::now();
    let deadline = seconds.map(|s| started + Duration::from_secs(s));
    std::thread::scope(|scope| {
        for _ in 0..threads {
            scope.spawn(|| loop {
                if deadline.is_some_and(|d| Instant::now() >= d) {
                    stop.store(true, Ordering::Relaxed);
                }
                let taken = next.fetch_add(1, Ordering::Relaxed) as u64;
                if taken >= total_jobs || stop.load(Ordering::Relaxed) {
                    return;
                }
                let (which, number) = (
                    (taken % formats.len() as u64) as usize,
                    taken / formats.len() as u64,
                );
                let count = JOB.min(per_format - number * JOB);
                let job_started = Instant::now();
                let done = job(which, number, count, formats[which].1, &stop);
                // Jobs run on all threads at once, so the peak is checked
                // for the run so far against the largest input of any.
                let now = bounds::assert_peak_within(largest, "random mutations");
                let mut peak = peak.lock().unwrap();
                *peak = (*peak).max(now);
                drop(peak);
                let mut tally = tally.lock().unwrap();
                let entry = tally.entry(formats[which].0.clone()).or_default();
                entry.0 += done;
                entry.1 += job_started.elapsed();
            });
        }
    });
    let elapsed = started.elapsed().as_secs_f64();
    let tally = tally.into_inner().unwrap();
    println!("format: random inputs (files; reduced seed bytes; inputs/s of one thread)");
    for (format, seeds) in &by_format {
        let (count, time) = tally.get(format).copied().unwrap_or_default();
        let sizes: Vec<String> = seeds.reduced.iter().map(|s| s.len().to_string()).collect();
        println!(
            "{format}: {count} random inputs ({} files; {} bytes; {:.0}/s)",
            seeds.files.len(),
            sizes.join("+"),
            count as f64 / time.as_secs_f64().max(1e-9)
        );
    }
    let total: u64 = tally.values().map(|t| t.0).sum();
    println!(
        "per format: {total} random inputs over {} formats in {elapsed:.1} s on {threads} threads \
         ({:.0} inputs/s; seeds reduced in {:.1} s)",
        by_format.len(),
        total as f64 / elapsed.max(1e-9),
        reduced_in.as_secs_f64()
    );
    if let Some(peak) = peak.into_inner().unwrap() {
        println!("memory: peak resident size {} MiB", peak / (1024 * 1024));
    }
    assert!(by_format
        .keys()
        .all(|f| tally.get(f).is_some_and(|t| t.0 > 0)));
}
