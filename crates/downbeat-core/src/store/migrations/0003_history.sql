-- History for years in a few megabytes.
--
-- Raw observations become compact: services and sources by number, statuses
-- as their severity codes (model::Status::severity), and the table is its own
-- index (WITHOUT ROWID). They are kept for a short window, then only the
-- rollups remain.
CREATE TABLE names (
    id   INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE
);

CREATE TABLE raw_observations (
    service_id    INTEGER NOT NULL,
    at            INTEGER NOT NULL,
    source_id     INTEGER NOT NULL,
    failed        INTEGER NOT NULL,
    status        INTEGER NOT NULL,
    latency_ms    INTEGER,
    http_status   INTEGER,
    error_kind    TEXT,
    error_message TEXT,
    PRIMARY KEY (service_id, at, source_id)
) WITHOUT ROWID;

INSERT OR IGNORE INTO names (name) SELECT DISTINCT service FROM observations;
INSERT OR IGNORE INTO names (name) SELECT DISTINCT source FROM observations;
INSERT OR REPLACE INTO raw_observations
SELECT service.id, o.at, source.id, o.outcome <> 'ok',
       CASE o.status WHEN 'operational' THEN 0 WHEN 'maintenance' THEN 1 WHEN 'unknown' THEN 2
                     WHEN 'degraded' THEN 3 WHEN 'partial_outage' THEN 4 ELSE 5 END,
       o.latency_ms, o.http_status, o.error_kind, o.error_message
FROM observations o
JOIN names service ON service.name = o.service
JOIN names source ON source.name = o.source;
DROP TABLE observations;

-- Time in each status per hour (span 3600) and per UTC day (span 86400),
-- in milliseconds; latency of the successful checks.
CREATE TABLE rollups (
    service_id     INTEGER NOT NULL,
    span           INTEGER NOT NULL,
    start          INTEGER NOT NULL,
    up_ms          INTEGER NOT NULL,
    degraded_ms    INTEGER NOT NULL,
    down_ms        INTEGER NOT NULL,
    maintenance_ms INTEGER NOT NULL,
    unobserved_ms  INTEGER NOT NULL,
    worst          INTEGER,
    checks         INTEGER NOT NULL,
    failures       INTEGER NOT NULL,
    latency_p50    INTEGER,
    latency_p95    INTEGER,
    latency_max    INTEGER,
    PRIMARY KEY (service_id, span, start)
) WITHOUT ROWID;

-- Bookkeeping: how far the rollups have got.
CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value INTEGER NOT NULL
);

-- What we observed: a span of non-operational verdicts. Kept for good.
CREATE TABLE incidents (
    id               INTEGER PRIMARY KEY,
    service          TEXT    NOT NULL,
    first_failure_at INTEGER NOT NULL,
    confirmed_at     INTEGER NOT NULL,
    resolved_at      INTEGER,
    worst            TEXT    NOT NULL,
    cause            TEXT    NOT NULL,
    reason           TEXT    NOT NULL
);
CREATE INDEX incidents_by_service_time ON incidents (service, confirmed_at);

-- What the vendor posted, incidents and maintenances alike. Plain text.
-- `source` is the status page it came from: one that no longer lists an open
-- incident has resolved it.
CREATE TABLE vendor_incidents (
    service        TEXT    NOT NULL,
    vendor_id      TEXT    NOT NULL,
    source         TEXT    NOT NULL,
    title          TEXT    NOT NULL,
    status         TEXT    NOT NULL,
    impact         TEXT    NOT NULL,
    started_at     INTEGER,
    resolved_at    INTEGER,
    url            TEXT,
    components     TEXT    NOT NULL,
    maintenance    INTEGER NOT NULL,
    first_seen_at  INTEGER NOT NULL,
    PRIMARY KEY (service, vendor_id)
);

CREATE TABLE vendor_updates (
    service   TEXT    NOT NULL,
    vendor_id TEXT    NOT NULL,
    at        INTEGER NOT NULL,
    status    TEXT    NOT NULL,
    body      TEXT    NOT NULL,
    PRIMARY KEY (service, vendor_id, at, status)
);
