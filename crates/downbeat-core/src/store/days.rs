//! Complete local days: the sum of a day's hourly rollups, kept per UTC
//! offset in `local_days` so that the overview reads ~90 rows per service
//! instead of ~2,160. A cache: a missing day is summed from `rollups` and
//! written back; the rollup step deletes the days it touches.

use super::{Store, StoreError};
use crate::logic::history::Rollup;
use crate::model::Status;
use rusqlite::{params, CachedStatement, Row};

pub(super) const HOUR: i64 = 3_600_000;
pub(super) const DAY: i64 = 24 * HOUR;

/// The rollup columns, in the order both tables keep them.
pub(super) const ROLLUP_COLUMNS: &str = "up_ms, degraded_ms, down_ms, maintenance_ms, \
     unobserved_ms, worst, checks, failures, latency_p50, latency_p95, latency_max";

/// Placeholders for three key columns and the rollup columns.
pub(super) const ROLLUP_VALUES: &str =
    "?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14";

/// Run an insert of three key columns and `rollup` (see [`ROLLUP_VALUES`]).
pub(super) fn insert_rollup(
    insert: &mut CachedStatement<'_>,
    keys: [i64; 3],
    rollup: &Rollup,
) -> rusqlite::Result<usize> {
    let r = rollup;
    insert.execute(params![
        keys[0],
        keys[1],
        keys[2],
        r.up_ms,
        r.degraded_ms,
        r.down_ms,
        r.maintenance_ms,
        r.unobserved_ms,
        r.worst.map(Status::severity),
        r.checks,
        r.failures,
        r.latency_p50,
        r.latency_p95,
        r.latency_max
    ])
}

/// A rollup read from `row`, its columns starting at `first`.
pub(super) fn read_rollup(row: &Row<'_>, first: usize) -> rusqlite::Result<Rollup> {
    Ok(Rollup {
        up_ms: row.get(first)?,
        degraded_ms: row.get(first + 1)?,
        down_ms: row.get(first + 2)?,
        maintenance_ms: row.get(first + 3)?,
        unobserved_ms: row.get(first + 4)?,
        worst: row
            .get::<_, Option<i64>>(first + 5)?
            .and_then(Status::from_severity),
        checks: row.get(first + 6)?,
        failures: row.get(first + 7)?,
        latency_p50: row.get(first + 8)?,
        latency_p95: row.get(first + 9)?,
        latency_max: row.get(first + 10)?,
    })
}

impl Store {
    /// The local days of `service_id` that start in `[from, to)` (UTC
    /// milliseconds of local midnights at `offset_ms`), each the sum of its
    /// hourly rollups, oldest first, one entry per day (empty days too).
    /// Only complete, rolled-up days may be asked for: they never change.
    pub(super) fn local_days(
        &self,
        service_id: i64,
        offset_ms: i64,
        from: i64,
        to: i64,
    ) -> Result<Vec<(i64, Rollup)>, StoreError> {
        if to <= from {
            return Ok(Vec::new());
        }
        let offset_s = offset_ms / 1000;
        let mut cached = self.cached_days(service_id, offset_s, from, to)?;
        let expected = usize::try_from((to - from) / DAY).unwrap_or(0);
        if cached.len() == expected {
            return Ok(cached);
        }
        // Sum what is missing from the hourly rows, in one read.
        let missing: Vec<i64> = (0..)
            .map(|i| from + i * DAY)
            .take_while(|start| *start < to)
            .filter(|start| cached.binary_search_by_key(start, |(s, _)| *s).is_err())
            .collect();
        let (Some(&first), Some(&last)) = (missing.first(), missing.last()) else {
            return Ok(cached);
        };
        let hours = self.rollups(service_id, HOUR, first, last + DAY)?;
        let mut filled: Vec<(i64, Rollup)> = missing
            .iter()
            .map(|start| (*start, Rollup::default()))
            .collect();
        for (start, rollup) in &hours {
            let day = start - (start - first).rem_euclid(DAY);
            if let Ok(index) = filled.binary_search_by_key(&day, |(s, _)| *s) {
                filled[index].1.absorb(rollup);
            }
        }
        // A read-only connection, or a busy writer, leaves the cache for the
        // next reader: the figures are right either way.
        if let Err(error) = self.cache_days(service_id, offset_s, &filled) {
            tracing::debug!("local days not cached: {error}");
        }
        cached.extend(filled);
        cached.sort_by_key(|(start, _)| *start);
        Ok(cached)
    }

    fn cached_days(
        &self,
        service_id: i64,
        offset_s: i64,
        from: i64,
        to: i64,
    ) -> Result<Vec<(i64, Rollup)>, StoreError> {
        self.rollup_rows("local_days", "offset_s", [service_id, offset_s, from, to])
    }

    /// Rows of `table` (`rollups` or `local_days`) of one service whose
    /// `second` key column is `keys[1]`, starting in `[keys[2], keys[3])`.
    pub(super) fn rollup_rows(
        &self,
        table: &str,
        second: &str,
        keys: [i64; 4],
    ) -> Result<Vec<(i64, Rollup)>, StoreError> {
        let mut statement = self
            .conn
            .prepare_cached(&format!(
                "SELECT start, {ROLLUP_COLUMNS} FROM {table}
                 WHERE service_id = ?1 AND {second} = ?2 AND start >= ?3 AND start < ?4
                 ORDER BY start"
            ))
            .map_err(self.sqlite())?;
        let rows = statement
            .query_map(params![keys[0], keys[1], keys[2], keys[3]], |row| {
                Ok((row.get::<_, i64>(0)?, read_rollup(row, 1)?))
            })
            .map_err(self.sqlite())?;
        rows.collect::<Result<_, _>>().map_err(self.sqlite())
    }

    fn cache_days(
        &self,
        service_id: i64,
        offset_s: i64,
        days: &[(i64, Rollup)],
    ) -> rusqlite::Result<()> {
        let tx = self.conn.unchecked_transaction()?;
        {
            let mut insert = tx.prepare_cached(&format!(
                "INSERT OR REPLACE INTO local_days (service_id, offset_s, start, {ROLLUP_COLUMNS})
                 VALUES ({ROLLUP_VALUES})"
            ))?;
            for (start, rollup) in days {
                insert_rollup(&mut insert, [service_id, offset_s, *start], rollup)?;
            }
        }
        tx.commit()
    }
}
