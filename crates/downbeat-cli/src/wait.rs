//! `downbeat wait SERVICE [--until up|down|any-change] [--timeout 30m]`: for
//! scripts. SERVICE is a configured id, else read as `check` reads a target:
//! a catalog id or a status page's URL (its kind detected). A configured
//! service is followed through a running Downbeat (tray app, `watch` or
//! `serve` on the same data dir), its database opened read-only and polled;
//! with none running, and for a service not in the config, the engine runs on
//! that one service by itself.
//!
//! Exit codes: 0 reached, 124 timed out (as `timeout(1)`), 3 the service
//! cannot be observed, 64 bad input.

use crate::cli::{Until, WaitArgs};
use crate::exit::{self, Exit};
use crate::format;
use crate::setup;
use crate::target;
use chrono::FixedOffset;
use downbeat_core::app::engine::Engine;
use downbeat_core::config::catalog::Catalog;
use downbeat_core::config::paths::Paths;
use downbeat_core::config::{Config, ServiceSpec, DEFAULT_CONFIRM};
use downbeat_core::io::fetch::{FetchOptions, Fetcher};
use downbeat_core::io::notifier::NoNotifier;
use downbeat_core::model::clock::SystemClock;
use downbeat_core::model::i18n::Language;
use downbeat_core::model::{Connectivity, Event, Reason, Status};
use downbeat_core::store::{writer_holder, Store};
use std::io::Write as _;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::broadcast::error::RecvError;

/// Exit code on timeout, as `timeout(1)`.
pub const TIMED_OUT: u8 = 124;
/// Exit code when the service cannot be observed, as `check`'s "unknown".
pub const UNOBSERVABLE: u8 = 3;
/// How often a running Downbeat's database is read.
const POLL: Duration = Duration::from_millis(500);

pub async fn run(args: &WaitArgs, paths: &Paths) -> anyhow::Result<u8> {
    let limit = args
        .timeout
        .as_deref()
        .map(downbeat_core::config::parse_interval)
        .transpose()
        .map_err(|error| exit::usage(format!("bad --timeout: {error}")))?;
    let config = setup::load_config(paths)?;
    let (spec, configured) = pick(&args.service, &config)?;
    let mut goal = Goal {
        until: args.until,
        first: None,
        last: None,
        words: format::words(&config),
    };
    let waited = match limit {
        Some(limit) => tokio::time::timeout(
            limit,
            follow(&mut goal, &spec, &config, configured.then_some(paths)),
        )
        .await
        .ok(),
        None => Some(follow(&mut goal, &spec, &config, configured.then_some(paths)).await),
    };
    match waited {
        Some(Ok(status)) => {
            let mut stdout = crate::out::human();
            writeln!(stdout, "{}: {status}", spec.id)?;
            stdout.flush()?;
            Ok(0)
        }
        Some(Err(error)) => Err(error),
        None => {
            let still = goal
                .last
                .map(|status| format!("; it is {status}"))
                .unwrap_or_default();
            Err(Exit::new(
                TIMED_OUT,
                format!(
                    "timed out after {} waiting for {} to be {}{still}",
                    args.timeout.as_deref().unwrap_or_default(),
                    spec.id,
                    args.until.describe()
                ),
            )
            .into())
        }
    }
}

struct Goal {
    until: Until,
    /// The status when the wait started (for `any-change`).
    first: Option<Status>,
    last: Option<Status>,
    words: (Language, FixedOffset),
}

impl Goal {
    /// Whether `status` is what is waited for; an error (exit 3) when it
    /// says the service cannot be observed.
    fn seen(&mut self, service: &str, status: Status, reason: &Reason) -> anyhow::Result<bool> {
        self.last = Some(status);
        if status == Status::Unknown {
            let why = self.words.0.reason(reason, self.words.1);
            return Err(unobservable(format!("{service} cannot be observed: {why}")));
        }
        let first = *self.first.get_or_insert(status);
        Ok(match self.until {
            Until::Up => matches!(status, Status::Operational | Status::Degraded),
            Until::Down => status.is_outage(),
            Until::AnyChange => status != first,
        })
    }
}

fn unobservable(message: String) -> anyhow::Error {
    Exit::new(UNOBSERVABLE, message).into()
}

/// The service to wait for, and whether it is in the config: a configured
/// id; else a catalog id or a URL as `check` reads them, which is the
/// configured service that watches the same page if there is one (so a
/// running Downbeat is followed), else a service of its own, checked at the
/// config's interval.
fn pick(input: &str, config: &Config) -> anyhow::Result<(ServiceSpec, bool)> {
    if let Some(spec) = config.services.iter().find(|s| s.id == input) {
        return Ok((spec.clone(), true));
    }
    let target = target::resolve(input, &Catalog::builtin()).map_err(|error| {
        match error.downcast_ref::<Exit>() {
            Some(why) if why.code == exit::USAGE => {
                let known: Vec<&str> = config.services.iter().map(|s| s.id.as_str()).collect();
                exit::usage(format!(
                    "{} is not a configured service (configured: {}); {}",
                    downbeat_core::config::shown(input),
                    if known.is_empty() {
                        "none".to_owned()
                    } else {
                        known.join(", ")
                    },
                    why.message
                ))
            }
            _ => error,
        }
    })?;
    if let Some(spec) = watched_by(config, &target) {
        tracing::info!("{input} is watched as {}", spec.id);
        return Ok((spec.clone(), true));
    }
    let spec = ServiceSpec {
        name: target.name.unwrap_or_else(|| target.authority.clone()),
        id: target.service,
        interval: config.general.interval,
        confirm: DEFAULT_CONFIRM,
        components: target.components,
        alerts: None,
        sources: target.sources,
    };
    Ok((spec, false))
}

/// The configured service that watches what `target` names: the same id,
/// or the same page seen through the same filter.
fn watched_by<'a>(config: &'a Config, target: &target::Target) -> Option<&'a ServiceSpec> {
    // The same page seen through the same filter: a part (GitHub Actions)
    // shares its service's page but is not the whole of it.
    let same_filter = |spec: &ServiceSpec| {
        let lowered = |names: &[String]| {
            let mut names: Vec<String> = names.iter().map(|n| n.to_lowercase()).collect();
            names.sort();
            names
        };
        lowered(&spec.components) == lowered(&target.components)
    };
    config.services.iter().find(|spec| {
        spec.id == target.service
            || same_filter(spec)
                && spec.sources.iter().any(|source| {
                    let urls = || {
                        std::iter::once(&source.url).chain(source.endpoints.iter().map(|e| &e.url))
                    };
                    target
                        .sources
                        .iter()
                        .any(|t| urls().any(|url| same_page(&t.url, url)))
                })
    })
}

/// Whether two URLs are the same page, or one is under the other: a status
/// page's address and the API a configured source polls (`/api/v2/…`).
fn same_page(a: &str, b: &str) -> bool {
    let split = |url: &str| {
        let rest = url.split_once("://").map_or(url, |(_, rest)| rest);
        let (authority, path) = rest.split_once('/').unwrap_or((rest, ""));
        let path = path.split('#').next().unwrap_or_default();
        // The query picks what is read (Salesforce's `?products=`).
        let (path, query) = path.split_once('?').unwrap_or((path, ""));
        // Compared by whole segments: `/a/` is not under `/ab/`.
        (
            authority.to_ascii_lowercase(),
            format!("/{}/", path.trim_end_matches('/')).replace("//", "/"),
            query.to_owned(),
        )
    };
    let ((host_a, path_a, query_a), (host_b, path_b, query_b)) = (split(a), split(b));
    host_a == host_b
        && query_a == query_b
        && (path_a.starts_with(&path_b) || path_b.starts_with(&path_a))
}

/// Until the goal is reached: through a running Downbeat while there is
/// one (`paths` given: the service is in the config), else by checking.
async fn follow(
    goal: &mut Goal,
    spec: &ServiceSpec,
    config: &Config,
    paths: Option<&Paths>,
) -> anyhow::Result<Status> {
    let Some(paths) = paths else {
        return check_myself(goal, spec, config).await;
    };
    let database = paths.database();
    while let Some(holder) = writer_holder(&database) {
        tracing::info!("following {holder}");
        if let Some(status) = follow_store(goal, spec, &holder, paths).await? {
            return Ok(status);
        }
        tracing::info!("{holder} stopped; checking by myself");
    }
    check_myself(goal, spec, config).await
}

/// Read the running writer's stored state of `spec` until the goal is
/// reached (`Some`) or the writer stops (`None`).
async fn follow_store(
    goal: &mut Goal,
    spec: &ServiceSpec,
    holder: &str,
    paths: &Paths,
) -> anyhow::Result<Option<Status>> {
    let database = paths.database();
    let store = setup::open_store(paths)?;
    // A state not checked within this long is not being watched now.
    let grace = spec.interval * 2 + Duration::from_secs(30);
    let started = tokio::time::Instant::now();
    loop {
        let now = chrono::Utc::now();
        let current = store
            .states()
            .map_err(|error| Exit::new(exit::FAILURE, error.to_string()))?
            .into_iter()
            .find(|state| state.service == spec.id)
            .filter(|state| {
                let checked = state.last_check.unwrap_or(state.since);
                chrono::Duration::from_std(grace).is_ok_and(|grace| now - checked <= grace)
            });
        match current {
            Some(state) if goal.seen(&spec.id, state.status, &state.reason)? => {
                return Ok(Some(state.status));
            }
            Some(_) => {}
            None if started.elapsed() > grace => {
                return Err(unobservable(format!(
                    "{} is not being checked by the running Downbeat ({holder}); is it in its config?",
                    spec.id
                )));
            }
            None => {}
        }
        tokio::time::sleep(POLL).await;
        if writer_holder(&database).is_none() {
            return Ok(None);
        }
    }
}

/// No Downbeat running: the engine on this one service, its history kept
/// in memory, no notification and no hook.
async fn check_myself(
    goal: &mut Goal,
    spec: &ServiceSpec,
    config: &Config,
) -> anyhow::Result<Status> {
    let mut config = config.clone();
    config.services = vec![spec.clone()];
    config.hooks.clear();
    config.hook_errors.clear();
    let store = Store::open(std::path::Path::new(":memory:"))
        .map_err(|error| Exit::new(exit::FAILURE, error.to_string()))?;
    let fetcher = Fetcher::new(FetchOptions::default())
        .map_err(|failure| anyhow::anyhow!("{}", failure.error.message))?;
    let engine = Engine::new(
        config,
        fetcher,
        store,
        Arc::new(NoNotifier),
        Arc::new(SystemClock),
    );
    let mut events = engine.subscribe();
    // The engine stops when the handle (its command sender) is dropped.
    let (_handle, _task) = engine.spawn(std::future::pending());
    loop {
        match events.recv().await {
            Ok(Event::State {
                service,
                to,
                reason,
                ..
            }) if service == spec.id => {
                if goal.seen(&spec.id, to, &reason)? {
                    return Ok(to);
                }
            }
            Ok(Event::Connectivity { state, reason, .. })
                if !matches!(state, Connectivity::Online | Connectivity::Asleep) =>
            {
                let why = goal.words.0.reason(&reason, goal.words.1);
                return Err(unobservable(format!(
                    "{} cannot be observed: your connection is {} ({why})",
                    spec.id,
                    state.as_str()
                )));
            }
            Ok(_) | Err(RecvError::Lagged(_)) => {}
            Err(RecvError::Closed) => anyhow::bail!("the engine stopped unexpectedly"),
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::{same_page, watched_by};
    use crate::target;
    use downbeat_core::config::{catalog::Catalog, Config};

    /// Which configured service `wait INPUT` follows with `ids` configured.
    fn followed(ids: &[&str], input: &str) -> Option<String> {
        let text: String = ids
            .iter()
            .map(|id| format!("[[services]]\nid = \"{id}\"\n"))
            .collect();
        let catalog = Catalog::builtin();
        let config = Config::parse(&text, std::path::Path::new("c.toml"), &catalog).unwrap();
        let target = target::resolve(input, &catalog).unwrap();
        watched_by(&config, &target).map(|spec| spec.id.clone())
    }

    #[test]
    fn a_part_is_not_its_whole_service_nor_one_product_another() {
        assert_eq!(followed(&["github"], "github").as_deref(), Some("github"));
        assert_eq!(
            followed(&["github"], "https://www.githubstatus.com").as_deref(),
            Some("github")
        );
        assert_eq!(followed(&["github"], "github-actions"), None);
        assert_eq!(followed(&["github-actions"], "github"), None);
        assert_eq!(
            followed(&["salesforce-services"], "salesforce-marketing-cloud"),
            None
        );
    }

    #[test]
    fn a_page_matches_the_api_under_it_and_nothing_beside_it() {
        let page = "https://www.githubstatus.com/";
        assert!(same_page(
            page,
            "https://www.githubstatus.com/api/v2/summary.json"
        ));
        assert!(same_page("https://WWW.githubstatus.com", page));
        assert!(same_page(
            "http://127.0.0.1:4000/api/v2/summary.json",
            "http://127.0.0.1:4000"
        ));
        assert!(!same_page(
            "http://127.0.0.1:4000/",
            "http://127.0.0.1:4001/"
        ));
        assert!(!same_page("https://h.example/a", "https://h.example/ab/x"));
        assert!(!same_page("https://h.example/a/x", "https://h.example/b/x"));
    }
}
