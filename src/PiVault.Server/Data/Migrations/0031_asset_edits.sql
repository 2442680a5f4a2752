-- What a user changed by hand (Immich's PUT /assets and PUT /assets/{id}), kept apart from what the metadata step
-- reads from the file and applied after it every time it runs (AssetEditStore.Apply, the one rule), so that a re-run
-- of the step never undoes an edit. A NULL column was not edited.
CREATE TABLE asset_edits (
    asset_id           TEXT PRIMARY KEY REFERENCES assets (id) ON DELETE CASCADE,
    taken_local        TEXT,    -- wall-clock time where it was taken, ISO-8601 without offset (with utc_offset_minutes)
    utc_offset_minutes INTEGER,
    latitude           REAL,    -- with longitude
    longitude          REAL,
    description        TEXT,    -- '' clears the file's
    rating             INTEGER, -- -1 rejected, 1..5 stars, 0 unrated by hand
    updated_at         INTEGER NOT NULL
) STRICT;

-- The star rating the app shows (Immich's exif rating); NULL = unrated.
ALTER TABLE asset_metadata ADD COLUMN rating INTEGER;
