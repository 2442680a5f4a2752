-- Backup rotation (docs/backup.md, "Drives and runs"): one row per backup run, started by the button or the web.
-- drive_id is the identity written on the drive (pivault-backup/drive.json), so rotated drives keep separate histories.
-- outcome: running, succeeded, failed, cancelled; times are Unix milliseconds (UTC). A row left running by a crash is closed at start-up.
CREATE TABLE backup_runs (
    id              INTEGER PRIMARY KEY,
    drive_id        TEXT NOT NULL,
    target          TEXT NOT NULL,
    started_at      INTEGER NOT NULL,
    finished_at     INTEGER,
    outcome         TEXT NOT NULL,
    trigger         TEXT NOT NULL,
    files_copied    INTEGER NOT NULL DEFAULT 0,
    bytes_copied    INTEGER NOT NULL DEFAULT 0,
    files_verified  INTEGER NOT NULL DEFAULT 0,
    files_on_backup INTEGER NOT NULL DEFAULT 0,
    bytes_on_backup INTEGER NOT NULL DEFAULT 0,
    error           TEXT
);

CREATE INDEX backup_runs_drive ON backup_runs (drive_id, started_at);
