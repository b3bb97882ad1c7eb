//! SQLite storage: observations, state changes, current states and the last
//! vendor snapshot of each service. WAL mode; embedded migrations, each in a
//! transaction; a database from a newer Downbeat is refused untouched.

use crate::model::{Reason, ServiceState, Snapshot, StateChange, Status};
use chrono::{DateTime, TimeZone, Utc};
use rusqlite::{params, Connection, OpenFlags, OptionalExtension};
use std::cell::RefCell;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

mod days;
mod history;
mod incidents;
mod observations;
mod open;
mod steering;
mod vendor;

pub use open::{writer_holder, Recovered, WriterLock};

pub use history::{
    flag_windows, Day, Summary, Uptime, HOURLY_RETENTION, RAW_RETENTION, UPTIME_WINDOWS,
};

/// Migration `i` brings the schema from version `i` to `i + 1`.
const MIGRATIONS: &[&str] = &[
    include_str!("migrations/0001_initial.sql"),
    include_str!("migrations/0002_gaps.sql"),
    include_str!("migrations/0003_history.sql"),
    include_str!("migrations/0004_local_days.sql"),
];

/// A time not observed: from, to, and why (a connectivity state).
pub type Gap = (DateTime<Utc>, DateTime<Utc>, String);

pub const SCHEMA_VERSION: i64 = MIGRATIONS.len() as i64;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error(
        "{path}: this database was written by a newer Downbeat (schema {found}, this version knows {known}); \
         it was left untouched. Update Downbeat, or point --data-dir elsewhere."
    )]
    TooNew {
        path: PathBuf,
        found: i64,
        known: i64,
    },
    #[error("{path}: {source}")]
    Sqlite {
        path: PathBuf,
        #[source]
        source: rusqlite::Error,
    },
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{path}: corrupt row: {message}")]
    Corrupt { path: PathBuf, message: String },
    #[error("another Downbeat is already watching with this data dir: {holder} (lock {path})")]
    Locked { path: PathBuf, holder: String },
    #[error(
        "{path}: this database is from an older Downbeat (schema {found}, this version knows {known}); \
         it is upgraded when `downbeat watch` or the app next runs"
    )]
    TooOld {
        path: PathBuf,
        found: i64,
        known: i64,
    },
}

pub struct Store {
    conn: Connection,
    path: PathBuf,
    /// Service and source names by number, as stored (see `names`).
    names: RefCell<HashMap<String, i64>>,
    /// Held while this store is the data dir's writer.
    lock: Option<WriterLock>,
    recovered: Option<Recovered>,
}

impl Store {
    /// Open (creating if needed) the database file at `path` and migrate it.
    pub fn open(path: &Path) -> Result<Store, StoreError> {
        if let Some(dir) = path.parent().filter(|dir| !dir.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|source| StoreError::Io {
                path: dir.to_owned(),
                source,
            })?;
        }
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE
            | OpenFlags::SQLITE_OPEN_CREATE
            | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let conn =
            Connection::open_with_flags(path, flags).map_err(|source| StoreError::Sqlite {
                path: path.to_owned(),
                source,
            })?;
        // Owner-only: the history names what the user watches, with URLs.
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let _ = std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600));
        }
        let mut store = Store::from_connection(conn, path);
        store.prepare()?;
        Ok(store)
    }

    fn from_connection(conn: Connection, path: &Path) -> Store {
        Store {
            conn,
            path: path.to_owned(),
            names: RefCell::new(HashMap::new()),
            lock: None,
            recovered: None,
        }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    fn sqlite(&self) -> impl Fn(rusqlite::Error) -> StoreError + '_ {
        move |source| StoreError::Sqlite {
            path: self.path.clone(),
            source,
        }
    }

    fn corrupt(&self, message: String) -> StoreError {
        StoreError::Corrupt {
            path: self.path.clone(),
            message,
        }
    }

    fn prepare(&mut self) -> Result<(), StoreError> {
        self.conn
            .busy_timeout(std::time::Duration::from_secs(5))
            .map_err(self.sqlite())?;
        // Check the version before anything that could write (WAL switch included).
        let found: i64 = self
            .conn
            .query_row("PRAGMA user_version", [], |row| row.get(0))
            .map_err(self.sqlite())?;
        if found > SCHEMA_VERSION {
            return Err(StoreError::TooNew {
                path: self.path.clone(),
                found,
                known: SCHEMA_VERSION,
            });
        }
        // Switching a new file to WAL needs it to itself for a moment, and
        // SQLite answers "locked" at once, without the busy timeout, while
        // another opener holds it: try again for up to five seconds.
        let mut tries = 0;
        loop {
            match self.conn.execute_batch(
                "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON;",
            ) {
                Err(rusqlite::Error::SqliteFailure(e, _))
                    if e.code == rusqlite::ErrorCode::DatabaseBusy && tries < 250 =>
                {
                    tries += 1;
                    std::thread::sleep(std::time::Duration::from_millis(20));
                }
                other => break other.map_err(self.sqlite())?,
            }
        }
        let path = self.path.clone();
        if found == SCHEMA_VERSION {
            return Ok(());
        }
        loop {
            // IMMEDIATE: the write lock is taken before the version is read,
            // so two processes opening a new file cannot both migrate it.
            let tx = self
                .conn
                .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
                .map_err(|source| StoreError::Sqlite {
                    path: path.clone(),
                    source,
                })?;
            let current: i64 = tx
                .query_row("PRAGMA user_version", [], |row| row.get(0))
                .map_err(|source| StoreError::Sqlite {
                    path: path.clone(),
                    source,
                })?;
            let Some(sql) = usize::try_from(current)
                .ok()
                .and_then(|i| MIGRATIONS.get(i))
            else {
                // Migrated meanwhile by another process (or newer: checked above).
                return Ok(());
            };
            let to_version = current + 1;
            tx.execute_batch(sql)
                .and_then(|()| match to_version {
                    // History arrives with 0003: the outages already recorded
                    // become incidents too.
                    3 => incidents::backfill(&tx),
                    _ => Ok(()),
                })
                .and_then(|()| tx.pragma_update(None, "user_version", to_version))
                .and_then(|()| tx.commit())
                .map_err(|source| StoreError::Sqlite {
                    path: path.clone(),
                    source,
                })?;
        }
    }

    /// Record a change and the new current state in one transaction.
    pub fn record_state(
        &mut self,
        change: &StateChange,
        state: &ServiceState,
    ) -> Result<(), StoreError> {
        let path = self.path.clone();
        let wrap = |source| StoreError::Sqlite {
            path: path.clone(),
            source,
        };
        let tx = self.conn.transaction().map_err(wrap)?;
        tx.execute(
            "INSERT INTO state_changes (service, at, from_status, to_status, cause, reason)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![
                change.service,
                millis(change.at),
                change.from.map(Status::as_str),
                change.to.as_str(),
                change.cause.as_str(),
                change.reason.to_stored(),
            ],
        )
        .map_err(wrap)?;
        upsert_state(&tx, state).map_err(wrap)?;
        incidents::track(&tx, change).map_err(wrap)?;
        tx.commit().map_err(wrap)
    }

    /// Update the current state without a change of status (last check, reason).
    pub fn touch_state(&self, state: &ServiceState) -> Result<(), StoreError> {
        upsert_state(&self.conn, state).map_err(self.sqlite())
    }

    pub fn snapshot(&self, service: &str) -> Result<Option<Snapshot>, StoreError> {
        let json: Option<String> = self
            .conn
            .query_row(
                "SELECT json FROM snapshots WHERE service = ?1",
                [service],
                |row| row.get(0),
            )
            .optional()
            .map_err(self.sqlite())?;
        json.map(|json| {
            serde_json::from_str(&json).map_err(|error| StoreError::Corrupt {
                path: self.path.clone(),
                message: format!("snapshot of {service}: {error}"),
            })
        })
        .transpose()
    }

    pub fn states(&self) -> Result<Vec<ServiceState>, StoreError> {
        let mut statement = self
            .conn
            .prepare(
                "SELECT service, name, status, since, cause, reason, outage_since, last_check
                 FROM service_state ORDER BY service",
            )
            .map_err(self.sqlite())?;
        let rows = statement
            .query_map([], |row| {
                Ok((
                    row.get::<_, String>(0)?,
                    row.get::<_, String>(1)?,
                    row.get::<_, String>(2)?,
                    row.get::<_, i64>(3)?,
                    row.get::<_, String>(4)?,
                    row.get::<_, String>(5)?,
                    row.get::<_, Option<i64>>(6)?,
                    row.get::<_, Option<i64>>(7)?,
                ))
            })
            .map_err(self.sqlite())?;
        let mut states = Vec::new();
        for row in rows {
            let (service, name, status, since, cause, reason, outage_since, last_check) =
                row.map_err(self.sqlite())?;
            let corrupt = |message: String| StoreError::Corrupt {
                path: self.path.clone(),
                message,
            };
            states.push(ServiceState {
                status: status.parse().map_err(corrupt)?,
                cause: cause.parse().map_err(corrupt)?,
                since: from_millis(since),
                outage_since: outage_since.map(from_millis),
                last_check: last_check.map(from_millis),
                service,
                name,
                reason: Reason::from_stored(&reason),
            });
        }
        Ok(states)
    }

    /// Every recorded change of `service`, oldest first.
    pub fn state_changes(&self, service: &str) -> Result<Vec<StateChange>, StoreError> {
        self.state_changes_since(service, DateTime::<Utc>::MIN_UTC)
    }

    /// The changes of `service` at or after `since`, oldest first.
    pub fn state_changes_since(
        &self,
        service: &str,
        since: DateTime<Utc>,
    ) -> Result<Vec<StateChange>, StoreError> {
        let mut statement = self
            .conn
            .prepare_cached(
                "SELECT at, from_status, to_status, cause, reason FROM state_changes
                 WHERE service = ?1 AND at >= ?2 ORDER BY at, id",
            )
            .map_err(self.sqlite())?;
        let rows = statement
            .query_map(params![service, millis(since)], |row| {
                Ok((
                    row.get::<_, i64>(0)?,
                    row.get::<_, Option<String>>(1)?,
                    row.get::<_, String>(2)?,
                    row.get::<_, String>(3)?,
                    row.get::<_, String>(4)?,
                ))
            })
            .map_err(self.sqlite())?;
        let mut changes = Vec::new();
        for row in rows {
            let (at, from, to, cause, reason) = row.map_err(self.sqlite())?;
            let corrupt = |message: String| StoreError::Corrupt {
                path: self.path.clone(),
                message,
            };
            changes.push(StateChange {
                service: service.to_owned(),
                at: from_millis(at),
                from: from.map(|from| from.parse()).transpose().map_err(corrupt)?,
                to: to.parse().map_err(corrupt)?,
                cause: cause.parse().map_err(corrupt)?,
                reason: Reason::from_stored(&reason),
            });
        }
        Ok(changes)
    }

    /// Record time in which nothing was observed, and why.
    pub fn record_gap(
        &self,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
        why: crate::model::Connectivity,
    ) -> Result<(), StoreError> {
        let why = serde_json::to_value(why)
            .ok()
            .and_then(|v| v.as_str().map(str::to_owned))
            .unwrap_or_default();
        self.conn
            .execute(
                "INSERT INTO gaps (started_at, ended_at, why) VALUES (?1, ?2, ?3)",
                rusqlite::params![from.timestamp_millis(), to.timestamp_millis(), why],
            )
            .map(drop)
            .map_err(self.sqlite())
    }

    /// Every recorded gap, oldest first.
    pub fn gaps(&self) -> Result<Vec<Gap>, StoreError> {
        let mut statement = self
            .conn
            .prepare("SELECT started_at, ended_at, why FROM gaps ORDER BY started_at")
            .map_err(self.sqlite())?;
        let rows = statement
            .query_map([], |row| {
                Ok((
                    row.get::<_, i64>(0)?,
                    row.get::<_, i64>(1)?,
                    row.get::<_, String>(2)?,
                ))
            })
            .map_err(self.sqlite())?;
        let mut gaps = Vec::new();
        for row in rows {
            let (from, to, why) = row.map_err(self.sqlite())?;
            let time = |ms| DateTime::<Utc>::from_timestamp_millis(ms).unwrap_or_default();
            gaps.push((time(from), time(to), why));
        }
        Ok(gaps)
    }
}

fn upsert_state(conn: &Connection, state: &ServiceState) -> rusqlite::Result<()> {
    conn.execute(
        "INSERT INTO service_state (service, name, status, since, cause, reason, outage_since, last_check)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
         ON CONFLICT(service) DO UPDATE SET
           name = excluded.name, status = excluded.status, since = excluded.since,
           cause = excluded.cause, reason = excluded.reason,
           outage_since = excluded.outage_since, last_check = excluded.last_check",
        params![
            state.service,
            state.name,
            state.status.as_str(),
            millis(state.since),
            state.cause.as_str(),
            state.reason.to_stored(),
            state.outage_since.map(millis),
            state.last_check.map(millis),
        ],
    )?;
    Ok(())
}

fn millis(at: DateTime<Utc>) -> i64 {
    at.timestamp_millis()
}

fn from_millis(ms: i64) -> DateTime<Utc> {
    Utc.timestamp_millis_opt(ms).single().unwrap_or_default()
}

#[cfg(test)]
#[allow(clippy::expect_used, clippy::unwrap_used)]
mod tests;
