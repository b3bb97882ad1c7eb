//! What the engine keeps in the store: observations and the newest page of
//! each service, the hourly roll-up, and whether writes reach the disk.

use super::{Engine, SourceResult};
use crate::config::SourceKind;
use crate::logic::verdict::freshness::{Pages, Settled};
use crate::model::{Event, Observation, Snapshot};
use crate::store::Store;
use chrono::{DateTime, Utc};

/// Good writes in a row after which a failing store counts as well again.
const GOOD_WRITES_TO_RECOVER: u32 = 100;

impl Engine {
    /// The newest page seen of each service, from the store, so that a
    /// stale CDN copy cannot undo it after a restart either. Only for a
    /// service with one status page: the store keeps one snapshot each.
    pub(super) fn stored_snapshots(&self) -> Pages<(usize, usize)> {
        let mut snapshots = Pages::default();
        let now = self.clock.now();
        for (index, spec) in self.config.services.iter().enumerate() {
            let mut pages = spec
                .sources
                .iter()
                .enumerate()
                .filter(|(_, s)| s.kind != SourceKind::Http);
            let (Some((source, _)), None) = (pages.next(), pages.next()) else {
                continue;
            };
            match self.store().snapshot(&spec.id) {
                Ok(Some(snapshot)) => {
                    snapshots.restore((index, source), snapshot, now);
                }
                Ok(None) => {}
                Err(error) => tracing::warn!("cannot read the stored page of {}: {error}", spec.id),
            }
        }
        snapshots
    }

    /// Roll the history up once each hour (the first check after the hour
    /// turns), so the file stays small however long the app runs.
    pub(super) fn roll_up(&self, rolled_hour: &mut Option<i64>, wall: DateTime<Utc>) {
        let hour = wall.timestamp().div_euclid(3600);
        if *rolled_hour == Some(hour) {
            return;
        }
        *rolled_hour = Some(hour);
        let raw = crate::logic::history::raw_retention(&self.config);
        if let Err(error) =
            self.store()
                .roll_up_keeping(wall, crate::logic::history::coverage(&self.config), raw)
        {
            tracing::warn!("cannot roll the history up: {error}");
        }
    }

    /// Note whether a write reached the store. Monitoring goes on when the
    /// disk is full or the file is gone; that history is not being kept is
    /// said once, and that it is kept again only after a run of good writes
    /// (on a nearly full disk, some writes pass and others fail).
    pub(super) fn kept(&self, written: Result<(), crate::store::StoreError>) {
        let mut health = self
            .store_health
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        match (written, health.as_mut()) {
            (Ok(()), None) => {}
            (Ok(()), Some(good_in_a_row)) => {
                *good_in_a_row += 1;
                if *good_in_a_row >= GOOD_WRITES_TO_RECOVER {
                    *health = None;
                    tracing::warn!("the history is being kept again");
                }
            }
            (Err(error), None) => {
                *health = Some(0);
                tracing::error!("the history is not being kept (monitoring goes on): {error}");
            }
            (Err(error), Some(good_in_a_row)) => {
                *good_in_a_row = 0;
                tracing::debug!("the history is still not being kept: {error}");
            }
        }
    }

    pub(super) fn store(&self) -> std::sync::MutexGuard<'_, Store> {
        self.store
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// Record the observation, keep the newest snapshot (a stale CDN copy or
    /// a 304 reuses the last one), and say which snapshot the verdict uses.
    pub(super) fn settle_snapshot(
        &self,
        snapshots: &mut Pages<(usize, usize)>,
        service: usize,
        source: usize,
        result: SourceResult,
    ) -> (Observation, Option<Snapshot>) {
        let SourceResult {
            mut observation,
            fresh,
            not_modified,
        } = result;
        let key = (service, source);
        let settled = match (fresh, not_modified) {
            // A CDN may serve an older copy after a newer one (see `Pages`).
            (Some(snapshot), _) => Some(snapshots.fresh(key, snapshot, observation.at)),
            (None, true) => snapshots.unchanged(key, observation.at),
            (None, false) => None,
        };
        let snapshot = match settled {
            Some(settled) => match settled {
                Settled::Took(snapshot) => {
                    let saved = self.store().save_snapshot(
                        &observation.service,
                        &observation.source,
                        observation.at,
                        &snapshot,
                    );
                    self.kept(saved);
                    Some(snapshot)
                }
                Settled::Kept(held) => Some(held),
            },
            None => None,
        };
        if let Some(snapshot) = &snapshot {
            let spec = self.config.services.get(service);
            let components = spec.map(|s| s.components.clone()).unwrap_or_default();
            let every_listed = spec
                .and_then(|s| s.sources.get(source))
                .is_none_or(|s| s.kind.lists_every_component());
            observation.status = snapshot.status_through(&components, every_listed);
        }
        let recorded = self.store().record_observation(&observation);
        self.kept(recorded);
        let _ = self.events.send(Event::observation(&observation));
        (observation, snapshot)
    }
}
