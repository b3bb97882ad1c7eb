//! The global pause and each service's snooze and "tell me when it's back",
//! kept in the `meta` table so that a restart does not forget them.

use super::{from_millis, millis, Store, StoreError};
use crate::model::alerts::{Snooze, Steering};
use rusqlite::params;

const PAUSED_UNTIL: &str = "steer:paused_until";
const SNOOZE: &str = "steer:snooze:";
const WHEN_BACK: &str = "steer:when_back:";
/// A snooze "until it's back" (no time).
const UNTIL_BACK: i64 = -1;

impl Store {
    pub fn steering(&self) -> Result<Steering, StoreError> {
        let mut statement = self
            .conn
            .prepare("SELECT key, value FROM meta WHERE key LIKE 'steer:%'")
            .map_err(self.sqlite())?;
        let rows = statement
            .query_map([], |row| {
                Ok((row.get::<_, String>(0)?, row.get::<_, i64>(1)?))
            })
            .map_err(self.sqlite())?;
        let mut steering = Steering::default();
        for row in rows {
            let (key, value) = row.map_err(self.sqlite())?;
            if key == PAUSED_UNTIL {
                steering.paused_until = Some(from_millis(value));
            } else if let Some(service) = key.strip_prefix(SNOOZE) {
                let snooze = match value {
                    UNTIL_BACK => Snooze::UntilBack,
                    at => Snooze::Until(from_millis(at)),
                };
                steering
                    .services
                    .entry(service.to_owned())
                    .or_default()
                    .snooze = Some(snooze);
            } else if let Some(service) = key.strip_prefix(WHEN_BACK) {
                steering
                    .services
                    .entry(service.to_owned())
                    .or_default()
                    .when_back = value != 0;
            }
        }
        Ok(steering)
    }

    /// Replace what is kept with `steering`, in one transaction.
    pub fn save_steering(&mut self, steering: &Steering) -> Result<(), StoreError> {
        let path = self.path.clone();
        let wrap = |source| StoreError::Sqlite {
            path: path.clone(),
            source,
        };
        let tx = self.conn.transaction().map_err(wrap)?;
        tx.execute("DELETE FROM meta WHERE key LIKE 'steer:%'", [])
            .map_err(wrap)?;
        let mut rows: Vec<(String, i64)> = Vec::new();
        rows.extend(
            steering
                .paused_until
                .map(|at| (PAUSED_UNTIL.to_owned(), millis(at))),
        );
        for (service, steer) in &steering.services {
            match steer.snooze {
                Some(Snooze::Until(at)) => rows.push((format!("{SNOOZE}{service}"), millis(at))),
                Some(Snooze::UntilBack) => rows.push((format!("{SNOOZE}{service}"), UNTIL_BACK)),
                None => {}
            }
            if steer.when_back {
                rows.push((format!("{WHEN_BACK}{service}"), 1));
            }
        }
        for (key, value) in rows {
            tx.execute(
                "INSERT INTO meta (key, value) VALUES (?1, ?2)",
                params![key, value],
            )
            .map_err(wrap)?;
        }
        tx.commit().map_err(wrap)
    }
}

#[cfg(test)]
#[allow(clippy::expect_used, clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::model::alerts::Steer;
    use chrono::{TimeZone, Utc};

    #[test]
    fn snoozes_and_the_pause_survive_reopening_the_file() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("downbeat.db");
        let at = Utc.with_ymd_and_hms(2026, 3, 2, 10, 0, 0).unwrap();
        let mut steering = Steering {
            paused_until: Some(at),
            ..Steering::default()
        };
        steering.services.insert(
            "acme".into(),
            Steer {
                snooze: Some(Snooze::Until(at)),
                when_back: false,
            },
        );
        steering.services.insert(
            "beta".into(),
            Steer {
                snooze: Some(Snooze::UntilBack),
                when_back: true,
            },
        );
        {
            let mut store = Store::open(&path).expect("open");
            assert_eq!(store.steering().expect("read"), Steering::default());
            store.save_steering(&steering).expect("save");
        }
        let mut store = Store::open(&path).expect("reopen");
        assert_eq!(store.steering().expect("read"), steering);
        steering.services.remove("acme");
        steering.paused_until = None;
        store.save_steering(&steering).expect("save");
        assert_eq!(store.steering().expect("read"), steering);
    }
}
