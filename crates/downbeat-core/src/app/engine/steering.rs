//! The pause and snoozes kept in the store, so that a restart (or a
//! reload of the config) does not forget them.

use super::Engine;
use crate::logic::monitor::Monitor;
use crate::model::alerts::Steering;
use chrono::{DateTime, Utc};

impl Engine {
    /// The pause and snoozes a previous run kept.
    pub(super) fn stored_steering(&self) -> Steering {
        self.store()
            .steering()
            .inspect_err(|error| tracing::warn!("cannot read the kept snoozes: {error}"))
            .unwrap_or_default()
    }

    /// Keep the pause and snoozes in the store whenever they change (a
    /// snooze that ended by itself included).
    pub(super) fn keep_steering(
        &self,
        monitor: &Monitor,
        kept: &mut Steering,
        wall: DateTime<Utc>,
    ) {
        let now = monitor.steering(wall);
        if now != *kept {
            let saved = self.store().save_steering(&now);
            self.kept(saved);
            *kept = now;
        }
    }
}
