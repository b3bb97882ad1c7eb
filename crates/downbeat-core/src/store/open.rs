//! Opening the database safely: one writer per data dir, readers that never
//! write, and a corrupt file moved aside for a fresh one.
//!
//! The writer's lock is a small SQLite file beside the database (SQLite's
//! own file locks: portable, and released by the system when the holder
//! dies, even by `kill -9`). It names its holder, so a second writer can
//! say who is already watching.

use super::{Store, StoreError, SCHEMA_VERSION};
use chrono::{DateTime, Utc};
use rusqlite::{Connection, ErrorCode, OpenFlags};
use std::path::{Path, PathBuf};

/// A database that could not be read and was moved aside.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Recovered {
    /// Where the unreadable file now is.
    pub moved_to: PathBuf,
    /// What SQLite said about it.
    pub reason: String,
}

/// Held by the one writer of a data dir; released when dropped.
pub struct WriterLock {
    conn: Connection,
}

impl std::fmt::Debug for WriterLock {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("WriterLock").finish_non_exhaustive()
    }
}

impl WriterLock {
    /// Take the writer's lock of the database at `database`, naming
    /// `holder` ("downbeat watch") in it; or say who holds it.
    pub fn acquire(
        database: &Path,
        holder: &str,
        now: DateTime<Utc>,
    ) -> Result<WriterLock, StoreError> {
        let path = lock_path(database);
        let sqlite = |source| StoreError::Sqlite {
            path: path.clone(),
            source,
        };
        if let Some(dir) = path.parent().filter(|dir| !dir.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|source| StoreError::Io {
                path: dir.to_owned(),
                source,
            })?;
        }
        let conn = Connection::open(&path).map_err(sqlite)?;
        conn.busy_timeout(std::time::Duration::from_millis(200))
            .map_err(sqlite)?;
        conn.execute_batch(
            "CREATE TABLE IF NOT EXISTS holder (id INTEGER PRIMARY KEY CHECK (id = 1), what TEXT NOT NULL)",
        )
        .map_err(|error| locked_or(error, &conn, &path))?;
        // Say who we are, then hold the write lock (a reader can still read
        // the name; another writer cannot take the lock).
        let what = format!(
            "{holder} (process {}), since {}",
            std::process::id(),
            now.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
        );
        conn.execute_batch("BEGIN IMMEDIATE")
            .map_err(|error| locked_or(error, &conn, &path))?;
        conn.execute(
            "INSERT INTO holder (id, what) VALUES (1, ?1)
             ON CONFLICT (id) DO UPDATE SET what = excluded.what",
            [&what],
        )
        .map_err(sqlite)?;
        conn.execute_batch("COMMIT; BEGIN IMMEDIATE")
            .map_err(|error| locked_or(error, &conn, &path))?;
        Ok(WriterLock { conn })
    }
}

impl Drop for WriterLock {
    fn drop(&mut self) {
        let _ = self.conn.execute_batch("ROLLBACK");
    }
}

/// Who holds the writer's lock of the database at `database` (a running tray
/// app, `watch` or `serve`), or `None` when nobody does. Creates nothing.
pub fn writer_holder(database: &Path) -> Option<String> {
    let path = lock_path(database);
    let conn = Connection::open_with_flags(
        &path,
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .ok()?;
    conn.busy_timeout(std::time::Duration::ZERO).ok()?;
    match conn.execute_batch("BEGIN IMMEDIATE") {
        Ok(()) => {
            let _ = conn.execute_batch("ROLLBACK");
            None
        }
        Err(error) => match locked_or(error, &conn, &path) {
            StoreError::Locked { holder, .. } => Some(holder),
            _ => None,
        },
    }
}

fn lock_path(database: &Path) -> PathBuf {
    let mut name = database.as_os_str().to_owned();
    name.push(".lock");
    PathBuf::from(name)
}

/// A busy lock becomes `Locked` with its holder's name.
fn locked_or(error: rusqlite::Error, conn: &Connection, path: &Path) -> StoreError {
    let busy = matches!(
        error.sqlite_error_code(),
        Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked)
    );
    if !busy {
        return StoreError::Sqlite {
            path: path.to_owned(),
            source: error,
        };
    }
    let holder = conn
        .query_row("SELECT what FROM holder WHERE id = 1", [], |row| {
            row.get::<_, String>(0)
        })
        .unwrap_or_else(|_| "another Downbeat".to_owned());
    StoreError::Locked {
        path: path.to_owned(),
        holder,
    }
}

/// Whether SQLite says the file is not a readable database.
pub(super) fn is_corrupt(error: &StoreError) -> bool {
    match error {
        StoreError::Sqlite { source, .. } => matches!(
            source.sqlite_error_code(),
            Some(ErrorCode::DatabaseCorrupt | ErrorCode::NotADatabase)
        ),
        StoreError::Corrupt { .. } => true,
        _ => false,
    }
}

impl Store {
    /// The one writer of the database at `path`: takes the lock (or says
    /// who holds it), opens and migrates; a file SQLite cannot read is
    /// moved aside with a timestamp and a fresh one started (see
    /// [`Store::recovered`]).
    pub fn open_writer(path: &Path, holder: &str, now: DateTime<Utc>) -> Result<Store, StoreError> {
        // A newer Downbeat's file is refused before anything is written
        // beside it (the lock included).
        if path.exists() {
            if let Err(error @ StoreError::TooNew { .. }) = Store::open_read_only(path) {
                return Err(error);
            }
        }
        let lock = WriterLock::acquire(path, holder, now)?;
        let opened = Store::open(path).and_then(|store| store.touch_every_table().map(|()| store));
        let (mut store, recovered) = match opened {
            Ok(store) => (store, None),
            Err(error) if is_corrupt(&error) => {
                let moved_to = move_aside(path, now)?;
                let recovered = Recovered {
                    moved_to,
                    reason: error.to_string(),
                };
                (Store::open(path)?, Some(recovered))
            }
            Err(error) => return Err(error),
        };
        store.lock = Some(lock);
        store.recovered = recovered;
        Ok(store)
    }

    /// The database at `path` for reading only: never created, migrated or
    /// written (status, history and export use this).
    pub fn open_read_only(path: &Path) -> Result<Store, StoreError> {
        let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let sqlite = |source| StoreError::Sqlite {
            path: path.to_owned(),
            source,
        };
        let conn = Connection::open_with_flags(path, flags).map_err(sqlite)?;
        conn.busy_timeout(std::time::Duration::from_secs(5))
            .map_err(sqlite)?;
        let found: i64 = conn
            .query_row("PRAGMA user_version", [], |row| row.get(0))
            .map_err(sqlite)?;
        if found > SCHEMA_VERSION {
            return Err(StoreError::TooNew {
                path: path.to_owned(),
                found,
                known: SCHEMA_VERSION,
            });
        }
        if found < SCHEMA_VERSION {
            return Err(StoreError::TooOld {
                path: path.to_owned(),
                found,
                known: SCHEMA_VERSION,
            });
        }
        Ok(Store::from_connection(conn, path))
    }

    /// The database this store replaced because it could not be read.
    pub fn recovered(&self) -> Option<&Recovered> {
        self.recovered.as_ref()
    }

    /// Read the last row of every table: a truncated or damaged file fails
    /// here (in O(log n) per table) rather than in the middle of watching.
    fn touch_every_table(&self) -> Result<(), StoreError> {
        let sqlite = self.sqlite();
        let tables: Vec<String> = self
            .conn
            .prepare("SELECT name FROM sqlite_master WHERE type = 'table'")
            .and_then(|mut statement| {
                statement
                    .query_map([], |row| row.get(0))?
                    .collect::<Result<_, _>>()
            })
            .map_err(&sqlite)?;
        let quote = |name: &str| format!("\"{}\"", name.replace('"', "\"\""));
        for table in tables {
            // The key: the primary key's columns (WITHOUT ROWID tables), else rowid.
            let mut key: Vec<(i64, String)> = self
                .conn
                .prepare(&format!("PRAGMA table_info({})", quote(&table)))
                .and_then(|mut statement| {
                    statement
                        .query_map([], |row| {
                            Ok((row.get::<_, i64>(5)?, row.get::<_, String>(1)?))
                        })?
                        .collect::<Result<_, _>>()
                })
                .map_err(&sqlite)?;
            key.retain(|(pk, _)| *pk > 0);
            key.sort();
            let columns: Vec<String> = if key.is_empty() {
                vec!["rowid".to_owned()]
            } else {
                key.iter().map(|(_, name)| quote(name)).collect()
            };
            // The first and the last row: both edges of the table's tree.
            for order in ["ASC", "DESC"] {
                let by: Vec<String> = columns.iter().map(|c| format!("{c} {order}")).collect();
                let sql = format!(
                    "SELECT 1 FROM {} ORDER BY {} LIMIT 1",
                    quote(&table),
                    by.join(", ")
                );
                if let Err(error) = self.conn.query_row(&sql, [], |_| Ok(())) {
                    let error = sqlite(error);
                    if is_corrupt(&error) {
                        return Err(error);
                    }
                }
            }
        }
        Ok(())
    }
}

/// Rename the database (and its WAL files) to `<name>.corrupt-<time>`.
fn move_aside(path: &Path, now: DateTime<Utc>) -> Result<PathBuf, StoreError> {
    let stamp = now.format("%Y%m%dT%H%M%SZ");
    let with = |suffix: &str| {
        let mut name = path.as_os_str().to_owned();
        name.push(suffix);
        PathBuf::from(name)
    };
    let moved_to = with(&format!(".corrupt-{stamp}"));
    std::fs::rename(path, &moved_to).map_err(|source| StoreError::Io {
        path: path.to_owned(),
        source,
    })?;
    for side in ["-wal", "-shm"] {
        let _ = std::fs::rename(with(side), with(&format!(".corrupt-{stamp}{side}")));
    }
    Ok(moved_to)
}
