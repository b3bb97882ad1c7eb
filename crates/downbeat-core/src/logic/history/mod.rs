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
    // Bounded (the config allows at most a year) so the sum cannot overflow.
    let longest = chrono::Duration::from_std(longest)
        .unwrap_or(chrono::Duration::MAX)
        .min(chrono::Duration::days(366));
    (longest * 2 + chrono::Duration::seconds(30)).max(chrono::Duration::minutes(2))
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    #[test]
    fn coverage_of_an_absurd_interval_does_not_overflow() {
        let text = "[general]\ninterval = \"365d\"\n";
        let path = std::path::Path::new("c.toml");
        let catalog = crate::config::catalog::Catalog::builtin();
        let mut config = crate::config::Config::parse(text, path, &catalog).unwrap();
        assert_eq!(
            super::coverage(&config),
            chrono::Duration::days(730) + chrono::Duration::seconds(30)
        );
        // Built in code rather than parsed: still no panic.
        config.general.interval = std::time::Duration::MAX;
        assert_eq!(
            super::coverage(&config),
            chrono::Duration::days(732) + chrono::Duration::seconds(30)
        );
    }
}
