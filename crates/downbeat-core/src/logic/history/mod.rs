//! History: what the store's rows mean to a person. Rollups of time in each
//! status, uptime over windows, per-day bars, and incident timelines that
//! merge our observations with the vendor's posts. Pure functions; the store
//! (`crate::store`) feeds them.

pub mod rollup;
pub mod timeline;

pub use rollup::{roll_up, Check, Evidence, Rollup};
pub use timeline::{merge, Entry, ObservedIncident, Timeline, VendorRecord};

/// How long raw checks are kept before only their rollups remain, for a
/// watcher of a few dozen services.
pub const RAW_RETENTION: chrono::Duration = chrono::Duration::days(14);
/// The raw checks a watcher keeps at most (about 60 bytes each in SQLite:
/// some 120 MB). A large watcher (1,000 services at 60 s make 1.44 million
/// checks a day) keeps fewer days of them rather than growing past a GB.
pub const RAW_BUDGET: f64 = 2_000_000.0;
/// Never fewer: a day is rolled up once it ends, from its whole raw
/// checks, with a day to spare.
pub const RAW_RETENTION_MIN: chrono::Duration = chrono::Duration::days(2);

/// How long this config's raw checks are kept: [`RAW_RETENTION`], shortened
/// so that its rate of checks stays within [`RAW_BUDGET`], and never under
/// [`RAW_RETENTION_MIN`].
pub fn raw_retention(config: &crate::config::Config) -> chrono::Duration {
    let per_day: f64 = config
        .services
        .iter()
        .map(|service| {
            let interval = service.interval.as_secs_f64().max(1.0);
            service.sources.len() as f64 * 86_400.0 / interval
        })
        .sum();
    if per_day <= 0.0 {
        return RAW_RETENTION;
    }
    let seconds = (RAW_BUDGET / per_day * 86_400.0).min(RAW_RETENTION.num_seconds() as f64);
    chrono::Duration::seconds(seconds as i64).max(RAW_RETENTION_MIN)
}

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

    /// `count` statuspage services checked every `interval`.
    fn watcher(count: usize, interval: &str) -> crate::config::Config {
        let mut text = format!("[general]\ninterval = \"{interval}\"\n");
        for i in 0..count {
            text.push_str(&format!(
                "[[services]]\nid = \"s{i}\"\nname = \"S{i}\"\n\
                 [[services.sources]]\nkind = \"statuspage\"\nurl = \"https://s{i}.example\"\n"
            ));
        }
        let catalog = crate::config::catalog::Catalog::builtin();
        crate::config::Config::parse(&text, std::path::Path::new("c.toml"), &catalog).unwrap()
    }

    #[test]
    fn a_large_watcher_keeps_fewer_days_of_raw_checks() {
        use super::{raw_retention, RAW_RETENTION, RAW_RETENTION_MIN};
        let days = |config| raw_retention(&config).num_hours() as f64 / 24.0;
        // A person's few dozen services: the whole fortnight.
        assert_eq!(raw_retention(&watcher(20, "60s")), RAW_RETENTION);
        assert_eq!(raw_retention(&watcher(0, "60s")), RAW_RETENTION);
        // 200 services at 60 s: 288,000 checks a day, 2 million in ~6.9 days.
        assert!((days(watcher(200, "60s")) - 6.9).abs() < 0.1);
        // The same at 5 min keep the fortnight.
        assert_eq!(raw_retention(&watcher(200, "5m")), RAW_RETENTION);
        // 1,000 at 60 s would keep 1.4 days: never under two.
        assert_eq!(raw_retention(&watcher(1000, "60s")), RAW_RETENTION_MIN);
    }
}
