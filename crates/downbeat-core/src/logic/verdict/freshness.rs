//! Which copy of a status page to believe. A CDN may serve an older copy
//! after a newer one, so a page dated before the one we hold is ignored; but
//! a vendor's clock can be wrong (an hour fast, or "9999-12-31"), so a date
//! in the future is clamped to now, and an "older" page that keeps coming
//! back is believed after a few checks: a stale copy never holds a state
//! against fresh evidence for long.

use crate::model::Snapshot;
use chrono::{DateTime, Utc};
use std::collections::HashMap;
use std::hash::Hash;

/// How far ahead of our clock a vendor's "updated at" may be before it is
/// clamped (clocks drift by seconds, rarely by minutes).
pub const CLOCK_ALLOWANCE: chrono::Duration = chrono::Duration::minutes(2);

/// An older copy is ignored this many checks in a row at most; the next one
/// is believed (a CDN edge flapping serves old copies now and then, not for
/// minutes on end).
pub const MAX_STALE_IN_A_ROW: u32 = 5;

/// The newest page held for each source, and how many older copies in a row
/// came after it (the last of them kept: a 304 repeats it).
#[derive(Debug, Clone)]
pub struct Pages<K> {
    held: HashMap<K, Held>,
}

#[derive(Debug, Clone)]
struct Held {
    page: Snapshot,
    stale_in_a_row: u32,
    /// The last older copy, which a 304 Not Modified answers again.
    rejected: Option<Snapshot>,
}

impl Held {
    fn new(page: Snapshot) -> Held {
        Held {
            page,
            stale_in_a_row: 0,
            rejected: None,
        }
    }
}

impl<K> Default for Pages<K> {
    fn default() -> Self {
        Pages {
            held: HashMap::new(),
        }
    }
}

/// What to make of a page that answered.
#[derive(Debug, Clone, PartialEq)]
pub enum Settled {
    /// Newer (or believed anyway): hold it, store it, judge by it.
    Took(Snapshot),
    /// An older copy: judge by the one held.
    Kept(Snapshot),
}

impl<K: Eq + Hash> Pages<K> {
    /// A page read back from the store at `now` (a restart).
    pub fn restore(&mut self, key: K, mut snapshot: Snapshot, now: DateTime<Utc>) {
        clamp(&mut snapshot, now);
        self.held.insert(key, Held::new(snapshot));
    }

    /// A page that answered at `now`.
    pub fn fresh(&mut self, key: K, mut snapshot: Snapshot, now: DateTime<Utc>) -> Settled {
        clamp(&mut snapshot, now);
        if let Some(held) = self.held.get_mut(&key) {
            let older = matches!(
                (snapshot.updated_at, held.page.updated_at),
                (Some(new), Some(old)) if new < old
            );
            if older && held.stale_in_a_row < MAX_STALE_IN_A_ROW {
                held.stale_in_a_row += 1;
                held.rejected = Some(snapshot);
                return Settled::Kept(held.page.clone());
            }
        }
        self.held.insert(key, Held::new(snapshot.clone()));
        Settled::Took(snapshot)
    }

    /// The server answered 304 Not Modified: the same page as last time,
    /// which is the one held, or again the older copy last refused (which
    /// counts as one more in a row).
    pub fn unchanged(&mut self, key: K, now: DateTime<Utc>) -> Option<Settled> {
        let held = self.held.get_mut(&key)?;
        match held.rejected.take() {
            Some(rejected) => Some(self.fresh(key, rejected, now)),
            None => Some(Settled::Kept(held.page.clone())),
        }
    }
}

/// A vendor date later than `now` (plus the allowance) becomes `now`.
fn clamp(snapshot: &mut Snapshot, now: DateTime<Utc>) {
    let latest = now.checked_add_signed(CLOCK_ALLOWANCE).unwrap_or(now);
    if snapshot.updated_at.is_some_and(|at| at > latest) {
        snapshot.updated_at = Some(now);
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::model::Status;
    use chrono::TimeZone;

    fn page(status: Status, updated_at: DateTime<Utc>) -> Snapshot {
        Snapshot {
            page_name: None,
            status,
            description: None,
            updated_at: Some(updated_at),
            components: Vec::new(),
            incidents: Vec::new(),
            maintenances: Vec::new(),
        }
    }

    fn at(h: u32, m: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 3, 1, h, m, 0).unwrap()
    }

    #[test]
    fn a_future_date_does_not_freeze_the_page() {
        let mut pages = Pages::default();
        let far = Utc.with_ymd_and_hms(9999, 12, 31, 23, 59, 59).unwrap();
        let took = pages.fresh(0, page(Status::MajorOutage, far), at(10, 0));
        assert!(matches!(took, Settled::Took(p) if p.updated_at == Some(at(10, 0))));
        // The next honest page, a minute later, is newer than the clamp.
        let honest = pages.fresh(0, page(Status::Operational, at(10, 1)), at(10, 1));
        assert!(matches!(honest, Settled::Took(p) if p.status == Status::Operational));
    }

    #[test]
    fn a_stored_future_page_is_clamped_on_restart() {
        let mut pages = Pages::default();
        let fast = at(11, 0);
        pages.restore(0, page(Status::MajorOutage, fast), at(10, 0));
        let honest = pages.fresh(0, page(Status::Operational, at(10, 0)), at(10, 0));
        assert!(matches!(honest, Settled::Took(_)), "{honest:?}");
    }

    #[test]
    fn an_older_copy_is_ignored_a_few_times_then_believed() {
        let mut pages = Pages::default();
        pages.fresh(0, page(Status::MajorOutage, at(10, 0)), at(10, 0));
        let old = page(Status::Operational, at(9, 0));
        for _ in 0..MAX_STALE_IN_A_ROW {
            let kept = pages.fresh(0, old.clone(), at(10, 1));
            assert!(matches!(kept, Settled::Kept(p) if p.status == Status::MajorOutage));
        }
        let believed = pages.fresh(0, old, at(10, 2));
        assert!(matches!(believed, Settled::Took(p) if p.status == Status::Operational));
        // Each source has its own.
        assert!(pages.unchanged(1, at(10, 2)).is_none());
    }

    #[test]
    fn a_304_repeats_the_older_copy_and_counts() {
        let mut pages = Pages::default();
        pages.fresh(0, page(Status::MajorOutage, at(10, 0)), at(10, 0));
        let old = page(Status::Operational, at(9, 0));
        assert!(matches!(pages.fresh(0, old, at(10, 1)), Settled::Kept(_)));
        // Then only 304s: the older copy, again and again.
        let mut believed = false;
        for _ in 0..MAX_STALE_IN_A_ROW + 1 {
            if let Some(Settled::Took(p)) = pages.unchanged(0, at(10, 2)) {
                believed = p.status == Status::Operational;
            }
        }
        assert!(believed);
        assert!(
            matches!(pages.unchanged(0, at(10, 3)), Some(Settled::Kept(p)) if p.status == Status::Operational)
        );
    }
}
