//! Raw observations, kept compactly (see migration 0003) for a short window.

use super::{from_millis, millis, Store, StoreError};
use crate::logic::history::Check;
use crate::model::{CheckError, ErrorKind, Observation, Outcome, Status};
use chrono::{DateTime, Utc};
use rusqlite::{params, Connection, OptionalExtension};

impl Store {
    pub fn record_observation(&self, observation: &Observation) -> Result<(), StoreError> {
        self.insert_observation(observation)
    }

    /// Several observations in one transaction (all or none): a service's
    /// sources checked together, or an import.
    pub fn record_observations(&mut self, observations: &[Observation]) -> Result<(), StoreError> {
        self.conn.execute_batch("BEGIN").map_err(self.sqlite())?;
        let result = observations
            .iter()
            .try_for_each(|o| self.insert_observation(o));
        if result.is_err() {
            // Names created inside the transaction are gone with it.
            self.names.borrow_mut().clear();
        }
        let end = if result.is_ok() { "COMMIT" } else { "ROLLBACK" };
        self.conn.execute_batch(end).map_err(self.sqlite())?;
        result
    }

    fn insert_observation(&self, observation: &Observation) -> Result<(), StoreError> {
        let service = self.name_id(&observation.service)?;
        let source = self.name_id(&observation.source)?;
        self.conn
            .prepare_cached(
                "INSERT OR REPLACE INTO raw_observations
                   (service_id, at, source_id, failed, status, latency_ms, http_status, error_kind, error_message)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
            )
            .and_then(|mut statement| statement.execute(params![
                    service,
                    millis(observation.at),
                    source,
                    observation.outcome == Outcome::Failed,
                    observation.status.severity(),
                    observation.latency_ms.and_then(|ms| i64::try_from(ms).ok()),
                    observation.http_status,
                    observation.error.as_ref().map(|e| e.kind.as_str()),
                    observation.error.as_ref().map(|e| e.message.as_str()),
                ]))
            .map_err(self.sqlite())?;
        Ok(())
    }

    /// The raw observations of `service` still kept, oldest first.
    pub fn observations(&self, service: &str) -> Result<Vec<Observation>, StoreError> {
        let Some(service_id) = self.known_name(service)? else {
            return Ok(Vec::new());
        };
        let mut statement = self
            .conn
            .prepare(
                "SELECT source.name, o.at, o.failed, o.status, o.latency_ms, o.http_status,
                        o.error_kind, o.error_message
                 FROM raw_observations o JOIN names source ON source.id = o.source_id
                 WHERE o.service_id = ?1 ORDER BY o.at, o.source_id",
            )
            .map_err(self.sqlite())?;
        let rows = statement
            .query_map([service_id], |row| {
                Ok((
                    row.get::<_, String>(0)?,
                    row.get::<_, i64>(1)?,
                    row.get::<_, bool>(2)?,
                    row.get::<_, i64>(3)?,
                    row.get::<_, Option<i64>>(4)?,
                    row.get::<_, Option<u16>>(5)?,
                    row.get::<_, Option<String>>(6)?,
                    row.get::<_, Option<String>>(7)?,
                ))
            })
            .map_err(self.sqlite())?;
        let mut observations = Vec::new();
        for row in rows {
            let (source, at, failed, status, latency_ms, http_status, error_kind, error_message) =
                row.map_err(self.sqlite())?;
            let error = match error_kind {
                Some(kind) => Some(CheckError {
                    kind: kind
                        .parse::<ErrorKind>()
                        .map_err(|message| self.corrupt(message))?,
                    message: error_message.unwrap_or_default(),
                }),
                None => None,
            };
            observations.push(Observation {
                service: service.to_owned(),
                source,
                at: from_millis(at),
                outcome: if failed { Outcome::Failed } else { Outcome::Ok },
                status: self.status_code(status)?,
                latency_ms: latency_ms.and_then(|ms| u64::try_from(ms).ok()),
                http_status,
                error,
            });
        }
        Ok(observations)
    }

    /// The checks of one service in `[from, to)`, oldest first, for rollups.
    pub(super) fn checks(
        &self,
        service_id: i64,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    ) -> Result<Vec<Check>, StoreError> {
        let mut statement = self
            .conn
            .prepare_cached(
                "SELECT at, failed, latency_ms FROM raw_observations
                 WHERE service_id = ?1 AND at >= ?2 AND at < ?3 ORDER BY at",
            )
            .map_err(self.sqlite())?;
        let rows = statement
            .query_map(params![service_id, millis(from), millis(to)], |row| {
                Ok(Check {
                    at: from_millis(row.get(0)?),
                    failed: row.get(1)?,
                    latency_ms: row
                        .get::<_, Option<i64>>(2)?
                        .and_then(|ms| u32::try_from(ms).ok()),
                })
            })
            .map_err(self.sqlite())?;
        rows.collect::<Result<_, _>>().map_err(self.sqlite())
    }

    /// The number standing for a service or source name, created if new.
    pub(super) fn name_id(&self, name: &str) -> Result<i64, StoreError> {
        if let Some(id) = self.names.borrow().get(name) {
            return Ok(*id);
        }
        let id = name_id(&self.conn, name).map_err(self.sqlite())?;
        self.names.borrow_mut().insert(name.to_owned(), id);
        Ok(id)
    }

    /// The number of a name already stored, if any.
    pub(super) fn known_name(&self, name: &str) -> Result<Option<i64>, StoreError> {
        if let Some(id) = self.names.borrow().get(name) {
            return Ok(Some(*id));
        }
        self.conn
            .query_row("SELECT id FROM names WHERE name = ?1", [name], |row| {
                row.get(0)
            })
            .optional()
            .map_err(self.sqlite())
    }

    pub(super) fn status_code(&self, code: i64) -> Result<Status, StoreError> {
        Status::from_severity(code)
            .ok_or_else(|| self.corrupt(format!("unknown status code {code}")))
    }
}

pub(super) fn name_id(conn: &Connection, name: &str) -> rusqlite::Result<i64> {
    conn.execute("INSERT OR IGNORE INTO names (name) VALUES (?1)", [name])?;
    conn.query_row("SELECT id FROM names WHERE name = ?1", [name], |row| {
        row.get(0)
    })
}
