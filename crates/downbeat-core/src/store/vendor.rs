//! What vendors posted: the newest snapshot of each service, and every
//! incident and maintenance with its updates, kept for good as plain text.

use super::{from_millis, millis, Store, StoreError};
use crate::logic::history::VendorRecord;
use crate::model::{IncidentUpdate, Snapshot, VendorIncident};
use chrono::{DateTime, Utc};
use rusqlite::{params, Transaction};

impl Store {
    /// Keep `snapshot` as the newest page of `service` (read from `source`)
    /// and record its incidents and maintenances. An incident `source` listed
    /// as open before and no longer lists is resolved as of `at`: summaries
    /// drop incidents once they are over.
    pub fn save_snapshot(
        &mut self,
        service: &str,
        source: &str,
        at: DateTime<Utc>,
        snapshot: &Snapshot,
    ) -> Result<(), StoreError> {
        let json = serde_json::to_string(snapshot).map_err(|e| self.corrupt(e.to_string()))?;
        let path = self.path.clone();
        let wrap = |source| StoreError::Sqlite {
            path: path.clone(),
            source,
        };
        let tx = self.conn.transaction().map_err(wrap)?;
        tx.execute(
            "INSERT INTO snapshots (service, at, json) VALUES (?1, ?2, ?3)
             ON CONFLICT(service) DO UPDATE SET at = excluded.at, json = excluded.json",
            params![service, millis(at), json],
        )
        .map_err(wrap)?;
        let listed = snapshot
            .incidents
            .iter()
            .map(|i| (i, false))
            .chain(snapshot.maintenances.iter().map(|m| (m, true)));
        let mut ids = Vec::new();
        for (incident, maintenance) in listed {
            record_incident(&tx, service, source, at, incident, maintenance).map_err(wrap)?;
            ids.push(incident.id.as_str());
        }
        resolve_unlisted(&tx, service, source, at, &ids).map_err(wrap)?;
        tx.commit().map_err(wrap)
    }

    /// The vendor's incidents of `service` (maintenances left out) that were
    /// open at or began after `since`, oldest first, with their updates.
    pub fn vendor_incidents(
        &self,
        service: &str,
        since: DateTime<Utc>,
    ) -> Result<Vec<VendorRecord>, StoreError> {
        let mut statement = self
            .conn
            .prepare_cached(
                "SELECT vendor_id, title, status, impact, started_at, resolved_at, url, components,
                        first_seen_at
                 FROM vendor_incidents
                 WHERE service = ?1 AND NOT maintenance
                   AND (resolved_at IS NULL OR resolved_at >= ?2 OR COALESCE(started_at, first_seen_at) >= ?2)
                 ORDER BY COALESCE(started_at, first_seen_at)",
            )
            .map_err(self.sqlite())?;
        let rows = statement
            .query_map(params![service, millis(since)], |row| {
                Ok((
                    row.get::<_, String>(0)?,
                    row.get::<_, String>(1)?,
                    row.get::<_, String>(2)?,
                    row.get::<_, String>(3)?,
                    row.get::<_, Option<i64>>(4)?,
                    row.get::<_, Option<i64>>(5)?,
                    row.get::<_, Option<String>>(6)?,
                    row.get::<_, String>(7)?,
                    row.get::<_, i64>(8)?,
                ))
            })
            .map_err(self.sqlite())?;
        let mut records = Vec::new();
        for row in rows {
            let (id, title, status, impact, started, resolved, url, components, first_seen) =
                row.map_err(self.sqlite())?;
            let updates = self.vendor_updates(service, &id)?;
            records.push(VendorRecord {
                service: service.to_owned(),
                incident: VendorIncident {
                    id,
                    title,
                    status,
                    impact: impact.parse().map_err(|m| self.corrupt(m))?,
                    started_at: started.map(from_millis),
                    resolved_at: resolved.map(from_millis),
                    url,
                    updates,
                    components: serde_json::from_str(&components)
                        .map_err(|e| self.corrupt(format!("components of {service}: {e}")))?,
                    scheduled_for: None,
                    scheduled_until: None,
                },
                first_seen_at: from_millis(first_seen),
            });
        }
        Ok(records)
    }

    /// Newest first, as in the model.
    fn vendor_updates(&self, service: &str, id: &str) -> Result<Vec<IncidentUpdate>, StoreError> {
        let mut statement = self
            .conn
            .prepare_cached(
                "SELECT at, status, body FROM vendor_updates
                 WHERE service = ?1 AND vendor_id = ?2 ORDER BY at DESC",
            )
            .map_err(self.sqlite())?;
        let rows = statement
            .query_map(params![service, id], |row| {
                Ok(IncidentUpdate {
                    at: from_millis(row.get(0)?),
                    status: row.get(1)?,
                    body: row.get(2)?,
                })
            })
            .map_err(self.sqlite())?;
        rows.collect::<Result<_, _>>().map_err(self.sqlite())
    }
}

fn record_incident(
    tx: &Transaction<'_>,
    service: &str,
    source: &str,
    at: DateTime<Utc>,
    incident: &VendorIncident,
    maintenance: bool,
) -> rusqlite::Result<()> {
    let components = serde_json::to_string(&incident.components).unwrap_or_else(|_| "[]".into());
    let started = incident.started_at.or(incident.scheduled_for);
    let resolved = incident.ended_at();
    tx.execute(
        "INSERT INTO vendor_incidents
           (service, vendor_id, source, title, status, impact, started_at, resolved_at, url,
            components, maintenance, first_seen_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)
         ON CONFLICT(service, vendor_id) DO UPDATE SET
           source = excluded.source, title = excluded.title, status = excluded.status,
           impact = excluded.impact, started_at = excluded.started_at,
           resolved_at = excluded.resolved_at,
           url = excluded.url, components = excluded.components",
        params![
            service,
            incident.id,
            source,
            incident.title,
            incident.status,
            incident.impact.as_str(),
            started.map(millis),
            resolved.map(millis),
            incident.url,
            components,
            maintenance,
            millis(at),
        ],
    )?;
    let mut insert = tx.prepare_cached(
        "INSERT OR IGNORE INTO vendor_updates (service, vendor_id, at, status, body)
         VALUES (?1, ?2, ?3, ?4, ?5)",
    )?;
    for update in &incident.updates {
        insert.execute(params![
            service,
            incident.id,
            millis(update.at),
            update.status,
            update.body
        ])?;
    }
    Ok(())
}

fn resolve_unlisted(
    tx: &Transaction<'_>,
    service: &str,
    source: &str,
    at: DateTime<Utc>,
    listed: &[&str],
) -> rusqlite::Result<()> {
    let open: Vec<String> = {
        let mut statement = tx.prepare_cached(
            "SELECT vendor_id FROM vendor_incidents
             WHERE service = ?1 AND source = ?2 AND resolved_at IS NULL",
        )?;
        let rows = statement.query_map(params![service, source], |row| row.get(0))?;
        rows.collect::<Result<_, _>>()?
    };
    for id in open.iter().filter(|id| !listed.contains(&id.as_str())) {
        tx.execute(
            "UPDATE vendor_incidents SET resolved_at = ?3 WHERE service = ?1 AND vendor_id = ?2",
            params![service, id, millis(at)],
        )?;
    }
    Ok(())
}
