-- The timeline groups by the wall-clock time where a photo was taken (as Google Photos and Immich do), not by UTC.
-- utc_offset_minutes is a copy of asset_metadata's, written by the metadata step with taken_at (NULL = unknown);
-- local_taken_at is the one rule for "local time": that wall clock as Unix ms read as if it were UTC, falling back
-- to UTC when the offset is unknown. Immich calls the same value localDateTime.
ALTER TABLE assets ADD COLUMN utc_offset_minutes INTEGER;
ALTER TABLE assets ADD COLUMN local_taken_at INTEGER GENERATED ALWAYS AS (taken_at + coalesce(utc_offset_minutes, 0) * 60000) VIRTUAL;

-- Filling the copy changes no asset as a phone sees it (localDateTime was already computed this way), so the sync
-- trigger stays out of it: phones need not download every asset again.
DROP TRIGGER assets_sync_update;
UPDATE assets SET utc_offset_minutes = (SELECT m.utc_offset_minutes FROM asset_metadata m WHERE m.asset_id = assets.id)
WHERE id IN (SELECT asset_id FROM asset_metadata WHERE utc_offset_minutes IS NOT NULL);
CREATE TRIGGER assets_sync_update AFTER UPDATE ON assets WHEN NEW.update_seq = OLD.update_seq BEGIN
    UPDATE sync_sequence SET value = value + 1 WHERE id = 1;
    UPDATE assets SET update_seq = (SELECT value FROM sync_sequence WHERE id = 1) WHERE id = NEW.id;
END;

-- Month buckets counted from the index as before (migration 0003), now over local time; the expression must match
-- TimelineStore.Buckets exactly. A month's tiles are a range on the same column.
DROP INDEX assets_owner_months;
CREATE INDEX assets_owner_months ON assets (owner_id, is_archived, strftime('%Y-%m', local_taken_at / 1000, 'unixepoch'))
    WHERE deleted_at IS NULL;
CREATE INDEX assets_owner_local_time ON assets (owner_id, local_taken_at) WHERE deleted_at IS NULL;
