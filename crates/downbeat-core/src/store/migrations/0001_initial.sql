-- Times are Unix milliseconds, UTC. Statuses use the contract's names.
CREATE TABLE observations (
    id            INTEGER PRIMARY KEY,
    service       TEXT    NOT NULL,
    source        TEXT    NOT NULL,
    at            INTEGER NOT NULL,
    outcome       TEXT    NOT NULL,
    status        TEXT    NOT NULL,
    latency_ms    INTEGER,
    http_status   INTEGER,
    error_kind    TEXT,
    error_message TEXT
);
CREATE INDEX observations_by_service_time ON observations (service, at);

CREATE TABLE state_changes (
    id          INTEGER PRIMARY KEY,
    service     TEXT    NOT NULL,
    at          INTEGER NOT NULL,
    from_status TEXT,
    to_status   TEXT    NOT NULL,
    cause       TEXT    NOT NULL,
    reason      TEXT    NOT NULL
);
CREATE INDEX state_changes_by_service_time ON state_changes (service, at);

-- The current verdict of each service, so a restart resumes where it was
-- (and does not notify again for an outage it already announced).
CREATE TABLE service_state (
    service      TEXT PRIMARY KEY,
    name         TEXT    NOT NULL,
    status       TEXT    NOT NULL,
    since        INTEGER NOT NULL,
    cause        TEXT    NOT NULL,
    reason       TEXT    NOT NULL,
    outage_since INTEGER,
    last_check   INTEGER
);

-- The newest vendor snapshot of each service (components, open incidents).
CREATE TABLE snapshots (
    service TEXT PRIMARY KEY,
    at      INTEGER NOT NULL,
    json    TEXT    NOT NULL
);
