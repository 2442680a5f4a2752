-- Google Takeout imports (Features/Takeout, docs/takeout.md). An import is a set of archive parts of one export; it is
-- scanned once (every entry of every part listed, sidecar JSON kept) and then imported entry by entry. Each entry's row
-- records its outcome in its own transaction, so after a restart or power cut the import goes on at the first entry
-- still pending, and re-running an entry is harmless (the checksum dedupe of the upload path decides).

CREATE TABLE imports (
    id            TEXT PRIMARY KEY,
    owner_id      TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE, -- whose library the files go into
    created_by    TEXT NOT NULL,                                         -- the user who started it (an admin may import for another)
    source        TEXT NOT NULL CHECK (source IN ('upload', 'path')),
    state         TEXT NOT NULL CHECK (state IN ('receiving', 'queued', 'scanning', 'importing', 'done', 'failed', 'cancelled')),
    error         TEXT,
    total_entries INTEGER NOT NULL DEFAULT 0, -- media entries found by the scan
    total_bytes   INTEGER NOT NULL DEFAULT 0,
    done_entries  INTEGER NOT NULL DEFAULT 0,
    done_bytes    INTEGER NOT NULL DEFAULT 0,
    imported      INTEGER NOT NULL DEFAULT 0,
    merged        INTEGER NOT NULL DEFAULT 0,
    skipped       INTEGER NOT NULL DEFAULT 0,
    created_at    INTEGER NOT NULL,
    started_at    INTEGER, -- when the import step (after the scan) began or last resumed, for the ETA
    started_done_bytes INTEGER NOT NULL DEFAULT 0, -- done_bytes at started_at
    finished_at   INTEGER,
    updated_at    INTEGER NOT NULL
) STRICT;
CREATE INDEX imports_owner ON imports (owner_id, created_at DESC);
CREATE INDEX imports_active ON imports (state) WHERE state IN ('queued', 'scanning', 'importing');

-- The archive files of an import: uploaded parts live in <data>/imports/<import id>/, a path import names them where they are.
CREATE TABLE import_parts (
    import_id TEXT NOT NULL REFERENCES imports (id) ON DELETE CASCADE,
    seq       INTEGER NOT NULL,
    path      TEXT NOT NULL, -- absolute
    name      TEXT NOT NULL, -- as the user knows it
    size      INTEGER NOT NULL,
    PRIMARY KEY (import_id, seq)
) STRICT, WITHOUT ROWID;

-- Every entry the scan met: media files to import, sidecar JSON (kept, for matching), album metadata, and the rest.
CREATE TABLE import_entries (
    import_id TEXT NOT NULL REFERENCES imports (id) ON DELETE CASCADE,
    part_seq  INTEGER NOT NULL,
    ordinal   INTEGER NOT NULL, -- the entry's position in its part
    folder    TEXT NOT NULL,    -- the entry's folder inside the archive, '/'-separated, no trailing '/'
    name      TEXT NOT NULL,    -- its file name
    kind      TEXT NOT NULL CHECK (kind IN ('media', 'sidecar', 'album', 'other')),
    size      INTEGER NOT NULL,
    json      TEXT,             -- a sidecar's or album metadata's text (bounded by the scan)
    state     TEXT NOT NULL CHECK (state IN ('pending', 'imported', 'merged', 'skipped')),
    reason    TEXT,             -- why it was skipped, or what the merge added
    asset_id  TEXT,
    sidecar   TEXT,             -- a media entry: the name of the sidecar (same folder) its metadata came from
    PRIMARY KEY (import_id, part_seq, ordinal)
) STRICT, WITHOUT ROWID;
CREATE INDEX import_entries_state ON import_entries (import_id, kind, state);
CREATE INDEX import_entries_folder ON import_entries (import_id, folder, kind);

-- Album folders already given an album by this import, so a resumed import never makes a second one.
CREATE TABLE import_albums (
    import_id TEXT NOT NULL REFERENCES imports (id) ON DELETE CASCADE,
    folder    TEXT NOT NULL,
    album_id  TEXT NOT NULL,
    PRIMARY KEY (import_id, folder)
) STRICT, WITHOUT ROWID;

-- Metadata that came with a file from outside it (a Takeout sidecar): what the Google Photos user saw. Keyed by content,
-- so it is in place before the asset's row exists and applies to whichever asset holds those bytes. The metadata step
-- (MetadataService) merges it over what the file says: 'prefer' = it wins, 'fill' = only where the file has nothing.
CREATE TABLE supplied_metadata (
    owner_id    TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    checksum    BLOB NOT NULL,
    mode        TEXT NOT NULL CHECK (mode IN ('prefer', 'fill')),
    taken_at    INTEGER,
    latitude    REAL,
    longitude   REAL,
    description TEXT,
    source      TEXT NOT NULL,
    PRIMARY KEY (owner_id, checksum)
) STRICT, WITHOUT ROWID;
