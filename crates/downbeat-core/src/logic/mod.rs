//! Pure decisions: what the observations mean (verdict), when to tell the
//! person (policy), the engine's pure half (monitor), whether the connection
//! is the problem (reachability), and the history's arithmetic (rollups,
//! timelines). No I/O: time and evidence are passed in.

pub mod history;
pub mod monitor;
pub mod policy;
pub mod reachability;
pub mod verdict;
