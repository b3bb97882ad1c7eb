-- The overview's 90 bars are local days. Each complete local day's sum of
-- hourly rollups is kept here, per UTC offset (a move or a DST change reads
-- other rows), so a year of history is ~90 rows per service, not ~2,160.
-- A cache: rows are rebuilt from `rollups` whenever missing, and the rollup
-- step deletes the days it touches.
CREATE TABLE local_days (
    service_id     INTEGER NOT NULL,
    offset_s       INTEGER NOT NULL,
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
    PRIMARY KEY (service_id, offset_s, start)
) WITHOUT ROWID;
