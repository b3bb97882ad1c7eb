-- Time in which services were not observed (offline, captive portal, broken
-- DNS, asleep): uptime leaves it out, and nothing is blamed on a service.
CREATE TABLE gaps (
    id         INTEGER PRIMARY KEY,
    started_at INTEGER NOT NULL,
    ended_at   INTEGER NOT NULL,
    why        TEXT    NOT NULL
);
CREATE INDEX gaps_by_time ON gaps (started_at);
