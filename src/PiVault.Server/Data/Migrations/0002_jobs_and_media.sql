-- The persistent job queue and the outputs of the media pipeline.

CREATE TABLE jobs (
    id         INTEGER PRIMARY KEY,
    queue      TEXT NOT NULL,
    kind       TEXT NOT NULL,
    asset_id   TEXT REFERENCES assets (id) ON DELETE CASCADE,
    state      TEXT NOT NULL CHECK (state IN ('pending', 'running', 'failed')),
    attempts   INTEGER NOT NULL DEFAULT 0,
    run_after  INTEGER NOT NULL,
    last_error TEXT,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
) STRICT;
-- What a worker claims next: the oldest due pending job of its queue.
CREATE INDEX jobs_claim ON jobs (queue, state, run_after, id);
CREATE INDEX jobs_asset ON jobs (asset_id, kind);

CREATE TABLE queue_settings (
    queue  TEXT PRIMARY KEY,
    paused INTEGER NOT NULL DEFAULT 0
) STRICT;

ALTER TABLE assets ADD COLUMN width INTEGER;
ALTER TABLE assets ADD COLUMN height INTEGER;
ALTER TABLE assets ADD COLUMN duration_ms INTEGER;
ALTER TABLE assets ADD COLUMN thumbhash TEXT;
ALTER TABLE assets ADD COLUMN metadata_at INTEGER;   -- when metadata was last extracted
ALTER TABLE assets ADD COLUMN thumbnails_at INTEGER; -- when the thumbnail and preview were last written

-- What the metadata step learnt about an asset (EXIF, XMP, QuickTime, file name) and where it was taken.
CREATE TABLE asset_metadata (
    asset_id           TEXT PRIMARY KEY REFERENCES assets (id) ON DELETE CASCADE,
    taken_local        TEXT,    -- wall-clock time where it was taken, ISO-8601 without offset
    utc_offset_minutes INTEGER, -- NULL when unknown
    date_source        TEXT NOT NULL,
    latitude           REAL,
    longitude          REAL,
    altitude           REAL,
    city               TEXT,
    region             TEXT,
    country            TEXT,
    make               TEXT,
    model              TEXT,
    lens_model         TEXT,
    exposure_seconds   REAL,
    f_number           REAL,
    iso                INTEGER,
    focal_length_mm    REAL,
    orientation        INTEGER,
    description        TEXT,
    video_codec        TEXT
) STRICT;
