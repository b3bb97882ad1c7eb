//! Time is passed in, never read deep inside logic, so tests can run hours
//! of simulated time in milliseconds.

use chrono::{DateTime, Utc};

pub trait Clock: Send + Sync {
    fn now(&self) -> DateTime<Utc>;
}

/// The wall clock.
#[derive(Debug, Clone, Copy, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> DateTime<Utc> {
        Utc::now()
    }
}

/// Wall time that follows tokio's clock, so `tokio::time::pause()` and
/// `advance()` move it too.
#[derive(Debug, Clone, Copy)]
pub struct TokioClock {
    wall_at_start: DateTime<Utc>,
    started: tokio::time::Instant,
}

impl TokioClock {
    pub fn starting_at(wall_at_start: DateTime<Utc>) -> TokioClock {
        TokioClock {
            wall_at_start,
            started: tokio::time::Instant::now(),
        }
    }
}

impl Clock for TokioClock {
    fn now(&self) -> DateTime<Utc> {
        let elapsed = chrono::Duration::from_std(self.started.elapsed()).unwrap_or_default();
        self.wall_at_start + elapsed
    }
}

/// One instant, for a check that was given its time.
#[derive(Debug, Clone, Copy)]
pub struct FixedClock(pub DateTime<Utc>);

impl Clock for FixedClock {
    fn now(&self) -> DateTime<Utc> {
        self.0
    }
}
