//! Observed incidents: opened when the verdict leaves `operational` for
//! trouble, closed when it comes back. Kept for good.

use super::{from_millis, millis, observations::name_id, StateChange, Store, StoreError};
use crate::logic::history::ObservedIncident;
use crate::model::{Reason, Status};
use chrono::{DateTime, Utc};
use rusqlite::{params, Connection, OptionalExtension};

/// Open, update or close the service's incident for a recorded change.
pub(super) fn track(conn: &Connection, change: &StateChange) -> rusqlite::Result<()> {
    let open: Option<(i64, String)> = conn
        .query_row(
            "SELECT id, worst FROM incidents WHERE service = ?1 AND resolved_at IS NULL
             ORDER BY id DESC LIMIT 1",
            [&change.service],
            |row| Ok((row.get(0)?, row.get(1)?)),
        )
        .optional()?;
    let trouble = matches!(
        change.to,
        Status::Degraded | Status::PartialOutage | Status::MajorOutage
    );
    match open {
        Some((id, worst)) if trouble => {
            let worst = worst.parse().unwrap_or(change.to);
            conn.execute(
                "UPDATE incidents SET worst = ?2 WHERE id = ?1",
                params![id, Status::worst(worst, change.to).as_str()],
            )?;
        }
        Some((id, _)) if change.to == Status::Operational => {
            conn.execute(
                "UPDATE incidents SET resolved_at = ?2 WHERE id = ?1",
                params![id, millis(change.at)],
            )?;
        }
        // Maintenance and `unknown` neither open nor close one.
        Some(_) => {}
        None if trouble => {
            let first_failure = first_failure(conn, &change.service, change.at)?;
            conn.execute(
                "INSERT INTO incidents (service, first_failure_at, confirmed_at, worst, cause, reason)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                params![
                    change.service,
                    first_failure.unwrap_or(millis(change.at)),
                    millis(change.at),
                    change.to.as_str(),
                    change.cause.as_str(),
                    change.reason.to_stored(),
                ],
            )?;
        }
        None => {}
    }
    Ok(())
}

/// Build the incidents of every change already stored, oldest first (a
/// database from before incidents were kept).
pub(super) fn backfill(conn: &Connection) -> rusqlite::Result<()> {
    let changes: Vec<StateChange> = {
        let mut statement = conn.prepare(
            "SELECT service, at, from_status, to_status, cause, reason FROM state_changes ORDER BY at, id",
        )?;
        let rows = statement.query_map([], |row| {
            let status = |text: String| text.parse::<Status>().unwrap_or(Status::Unknown);
            Ok(StateChange {
                service: row.get(0)?,
                at: from_millis(row.get(1)?),
                from: row.get::<_, Option<String>>(2)?.map(status),
                to: status(row.get(3)?),
                cause: row
                    .get::<_, String>(4)?
                    .parse()
                    .unwrap_or(crate::model::Cause::Probe),
                reason: Reason::from_stored(&row.get::<_, String>(5)?),
            })
        })?;
        rows.collect::<Result<_, _>>()?
    };
    changes.iter().try_for_each(|change| track(conn, change))
}

/// The first failing check (or check that saw trouble) since the last
/// healthy one and the end of the last incident, up to `at`.
fn first_failure(
    conn: &Connection,
    service: &str,
    at: DateTime<Utc>,
) -> rusqlite::Result<Option<i64>> {
    let service_id = name_id(conn, service)?;
    let healthy = [Status::Operational, Status::Maintenance].map(|s| i64::from(s.severity()));
    conn.query_row(
        "SELECT MIN(at) FROM raw_observations
         WHERE service_id = ?1 AND at <= ?2 AND (failed OR status NOT IN (?3, ?4))
           AND at > COALESCE((SELECT MAX(at) FROM raw_observations
                              WHERE service_id = ?1 AND at <= ?2 AND NOT failed
                                AND status IN (?3, ?4)), -1)
           AND at >= COALESCE((SELECT MAX(resolved_at) FROM incidents WHERE service = ?5), -1)",
        params![service_id, millis(at), healthy[0], healthy[1], service],
        |row| row.get(0),
    )
}

impl Store {
    /// Incidents of `service` still open or confirmed since `since`, oldest
    /// first, each with its changes of verdict.
    pub fn observed_incidents(
        &self,
        service: &str,
        since: DateTime<Utc>,
    ) -> Result<Vec<ObservedIncident>, StoreError> {
        let mut statement = self
            .conn
            .prepare_cached(
                "SELECT id, first_failure_at, confirmed_at, resolved_at, worst, cause, reason
                 FROM incidents WHERE service = ?1 AND (confirmed_at >= ?2 OR resolved_at IS NULL
                                                        OR resolved_at >= ?2)
                 ORDER BY confirmed_at",
            )
            .map_err(self.sqlite())?;
        let rows = statement
            .query_map(params![service, millis(since)], |row| {
                Ok((
                    row.get::<_, i64>(0)?,
                    row.get::<_, i64>(1)?,
                    row.get::<_, i64>(2)?,
                    row.get::<_, Option<i64>>(3)?,
                    row.get::<_, String>(4)?,
                    row.get::<_, String>(5)?,
                    row.get::<_, String>(6)?,
                ))
            })
            .map_err(self.sqlite())?;
        let mut incidents = Vec::new();
        for row in rows {
            let (id, first, confirmed, resolved, worst, cause, reason) =
                row.map_err(self.sqlite())?;
            let confirmed_at = from_millis(confirmed);
            let resolved_at = resolved.map(from_millis);
            incidents.push(ObservedIncident {
                id,
                service: service.to_owned(),
                first_failure_at: from_millis(first),
                confirmed_at,
                resolved_at,
                worst: worst.parse().map_err(|m| self.corrupt(m))?,
                cause: cause.parse().map_err(|m| self.corrupt(m))?,
                reason: Reason::from_stored(&reason),
                changes: self
                    .state_changes_between(service, confirmed_at, resolved_at)?
                    .into_iter()
                    .map(|change| (change.at, change.to, change.reason))
                    .collect(),
            });
        }
        Ok(incidents)
    }

    /// Changes of `service` in `[from, to)` (to the end when `to` is `None`).
    fn state_changes_between(
        &self,
        service: &str,
        from: DateTime<Utc>,
        to: Option<DateTime<Utc>>,
    ) -> Result<Vec<StateChange>, StoreError> {
        Ok(self
            .state_changes_since(service, from)?
            .into_iter()
            .filter(|change| to.is_none_or(|to| change.at < to))
            .collect())
    }
}
