-- Off-site backup through rclone (docs/offsite-backup.md). One row per remote the admin added: its kind and the
-- settings that are not secret (JSON object of strings); the credentials live only in <data>/offsite/rclone.conf (mode 0600).
-- Times are Unix milliseconds (UTC).
CREATE TABLE offsite_remotes (
    name           TEXT PRIMARY KEY,
    kind           TEXT NOT NULL,
    settings       TEXT NOT NULL,
    encrypted      INTEGER NOT NULL,
    interval_hours INTEGER NOT NULL,
    window         TEXT,
    bwlimit        TEXT,
    retention_days INTEGER NOT NULL,
    created_at     INTEGER NOT NULL
);

-- One row per off-site run. outcome: running, succeeded, failed, cancelled. A row a crash or power cut left running is
-- closed as failed at start-up and the scheduler runs that remote again at once (rclone skips what is already there).
CREATE TABLE offsite_runs (
    id              INTEGER PRIMARY KEY,
    remote          TEXT NOT NULL,
    started_at      INTEGER NOT NULL,
    finished_at     INTEGER,
    outcome         TEXT NOT NULL,
    trigger         TEXT NOT NULL,
    files_uploaded  INTEGER NOT NULL DEFAULT 0,
    bytes_uploaded  INTEGER NOT NULL DEFAULT 0,
    files_on_remote INTEGER NOT NULL DEFAULT 0,
    files_sampled   INTEGER NOT NULL DEFAULT 0,
    verify_cursor   TEXT,
    error           TEXT
);

CREATE INDEX offsite_runs_remote ON offsite_runs (remote, started_at);
