//! History: what the store's rows mean to a person. Rollups of time in each
//! status, uptime over windows, per-day bars, and incident timelines that
//! merge our observations with the vendor's posts. Pure functions; the store
//! (`crate::store`) feeds them.

pub mod rollup;
pub mod timeline;

pub use rollup::{roll_up, Check, Evidence, Rollup};
pub use timeline::{merge, Entry, ObservedIncident, Timeline, VendorRecord};

/// How long one check vouches for the verdict: two of the longest intervals
/// configured and a little slack, so one late or failed check is not a hole
/// in the history but an app that stopped checking is.
pub fn coverage(config: &crate::config::Config) -> chrono::Duration {
    let longest = config
        .services
        .iter()
        .map(|service| service.interval)
        .chain([config.general.interval])
        .max()
        .unwrap_or_default();
    let longest = chrono::Duration::from_std(longest).unwrap_or(chrono::Duration::hours(1));
    (longest * 2 + chrono::Duration::seconds(30)).max(chrono::Duration::minutes(2))
}
