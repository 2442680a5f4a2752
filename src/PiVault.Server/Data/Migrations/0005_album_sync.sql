-- Change tracking for albums in Immich's sync stream, on 0004's global sequence: every insert or update of an album
-- or of an album's asset list takes the next number; removals leave audit rows (same transaction, by trigger).

ALTER TABLE albums ADD COLUMN update_seq INTEGER NOT NULL DEFAULT 0;
ALTER TABLE album_assets ADD COLUMN update_seq INTEGER NOT NULL DEFAULT 0;

-- Existing rows get distinct numbers above the current sequence value, which then continues above all of them.
UPDATE albums SET update_seq = (SELECT value FROM sync_sequence WHERE id = 1) + rowid;
UPDATE album_assets SET update_seq = (SELECT value FROM sync_sequence WHERE id = 1) + (SELECT coalesce(max(rowid), 0) FROM albums) + r.n
FROM (SELECT album_id, asset_id, row_number() OVER (ORDER BY album_id, asset_id) AS n FROM album_assets) AS r
WHERE r.album_id = album_assets.album_id AND r.asset_id = album_assets.asset_id;
UPDATE sync_sequence SET value = value + (SELECT coalesce(max(rowid), 0) FROM albums) + (SELECT count(*) FROM album_assets) WHERE id = 1;

CREATE INDEX albums_owner_update_seq ON albums (owner_id, update_seq);
CREATE INDEX album_assets_update_seq ON album_assets (update_seq);

CREATE TABLE album_deletions (
    album_id   TEXT NOT NULL,
    owner_id   TEXT NOT NULL,
    seq        INTEGER NOT NULL,
    deleted_at INTEGER NOT NULL
) STRICT;
CREATE INDEX album_deletions_owner_seq ON album_deletions (owner_id, seq);

-- An asset leaving an album; owner_id is the album's owner (whose phones hold the album).
CREATE TABLE album_asset_deletions (
    album_id   TEXT NOT NULL,
    asset_id   TEXT NOT NULL,
    owner_id   TEXT NOT NULL,
    seq        INTEGER NOT NULL,
    deleted_at INTEGER NOT NULL
) STRICT;
CREATE INDEX album_asset_deletions_owner_seq ON album_asset_deletions (owner_id, seq);

-- The WHEN guards stop a trigger's own "SET update_seq" from counting as another change.
CREATE TRIGGER albums_sync_insert AFTER INSERT ON albums BEGIN
    UPDATE sync_sequence SET value = value + 1 WHERE id = 1;
    UPDATE albums SET update_seq = (SELECT value FROM sync_sequence WHERE id = 1) WHERE id = NEW.id;
END;
CREATE TRIGGER albums_sync_update AFTER UPDATE ON albums WHEN NEW.update_seq = OLD.update_seq BEGIN
    UPDATE sync_sequence SET value = value + 1 WHERE id = 1;
    UPDATE albums SET update_seq = (SELECT value FROM sync_sequence WHERE id = 1) WHERE id = NEW.id;
END;
CREATE TRIGGER albums_sync_delete AFTER DELETE ON albums BEGIN
    UPDATE sync_sequence SET value = value + 1 WHERE id = 1;
    INSERT INTO album_deletions (album_id, owner_id, seq, deleted_at)
    VALUES (OLD.id, OLD.owner_id, (SELECT value FROM sync_sequence WHERE id = 1), CAST(unixepoch('subsec') * 1000 AS INTEGER));
END;

CREATE TRIGGER album_assets_sync_insert AFTER INSERT ON album_assets BEGIN
    UPDATE sync_sequence SET value = value + 1 WHERE id = 1;
    UPDATE album_assets SET update_seq = (SELECT value FROM sync_sequence WHERE id = 1)
    WHERE album_id = NEW.album_id AND asset_id = NEW.asset_id;
END;
-- When the whole album goes (the cascade runs after its row is gone), AlbumDeleteV1 says it all: no per-asset rows.
CREATE TRIGGER album_assets_sync_delete AFTER DELETE ON album_assets
WHEN EXISTS (SELECT 1 FROM albums WHERE id = OLD.album_id) BEGIN
    UPDATE sync_sequence SET value = value + 1 WHERE id = 1;
    INSERT INTO album_asset_deletions (album_id, asset_id, owner_id, seq, deleted_at)
    VALUES (OLD.album_id, OLD.asset_id, (SELECT owner_id FROM albums WHERE id = OLD.album_id),
            (SELECT value FROM sync_sequence WHERE id = 1), CAST(unixepoch('subsec') * 1000 AS INTEGER));
END;
