//! Slots for checks in flight: a pool, and a few per host.

use std::collections::HashMap;
use std::sync::Arc;
use tokio::sync::{OwnedSemaphorePermit, Semaphore};

/// How many checks may be in flight at once, and how many of them to one
/// host (`host:port`). A hung page holds one slot of its host's for at most
/// its check's deadline, and a host's queue holds none of the pool's, so
/// slow pages never delay the other services (issue 17).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    pub in_flight: usize,
    pub per_host: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            in_flight: 32,
            per_host: 2,
        }
    }
}

/// Hands out the pool's slots and each host's.
#[derive(Clone)]
pub(crate) struct Slots {
    pool: Arc<Semaphore>,
    hosts: Arc<std::sync::Mutex<HashMap<String, Arc<Semaphore>>>>,
    per_host: usize,
}

impl Slots {
    pub(crate) fn new(limits: Limits) -> Slots {
        Slots {
            pool: Arc::new(Semaphore::new(limits.in_flight.max(1))),
            hosts: Arc::default(),
            per_host: limits.per_host.max(1),
        }
    }

    /// Wait for a slot of `url`'s host, then one of the pool: a queue for a
    /// slow host holds nothing that other hosts need.
    pub(crate) async fn acquire(
        &self,
        url: &str,
    ) -> (Option<OwnedSemaphorePermit>, Option<OwnedSemaphorePermit>) {
        let host = url::Url::parse(url)
            .ok()
            .map(|u| {
                format!(
                    "{}:{}",
                    u.host_str().unwrap_or(""),
                    u.port_or_known_default().unwrap_or(0)
                )
            })
            .unwrap_or_default();
        let semaphore = {
            let mut hosts = self
                .hosts
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner);
            hosts
                .entry(host)
                .or_insert_with(|| Arc::new(Semaphore::new(self.per_host)))
                .clone()
        };
        let host_permit = semaphore.acquire_owned().await.ok();
        let pool_permit = self.pool.clone().acquire_owned().await.ok();
        (host_permit, pool_permit)
    }
}
