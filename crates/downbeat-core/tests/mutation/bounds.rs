//! Time and memory bounds. Time per reading; memory as the process's peak
//! resident size, which Linux can reset (`/proc/self/clear_refs`, "5"), so
//! a run is checked job by job without counting allocations (the
//! workspace forbids the `unsafe` a counting allocator needs).

use std::time::Duration;

/// One reading taking longer than this is a hang, whatever the load.
pub const HANG: Duration = Duration::from_secs(10);

/// The most the process may hold while reading inputs of at most
/// `largest` bytes: a parsed JSON tree costs some tens of bytes per input
/// byte, two threads may read at once, plus the test's own data. Far above
/// what the readers need (the tests print the peak), far below a runaway.
pub fn memory_bound(largest: usize) -> u64 {
    512 * 1024 * 1024 + 2 * 64 * largest as u64
}

/// Starts a new peak; false where the system cannot (not Linux).
pub fn reset_peak() -> bool {
    std::fs::write("/proc/self/clear_refs", "5").is_ok()
}

/// The peak resident size since the last reset, in bytes.
pub fn peak() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb * 1024)
}

/// Fails when the peak since the last reset is above the bound; returns it.
pub fn assert_peak_within(largest: usize, what: &str) -> Option<u64> {
    let peak = peak()?;
    assert!(
        peak <= memory_bound(largest),
        "{what}: the process held {peak} bytes at once (inputs up to {largest} bytes)"
    );
    Some(peak)
}
