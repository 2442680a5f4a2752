-- Shared albums in Immich's sync stream, on 0004's global sequence. Every number goes to exactly one row, so each
-- stream can page on "change number > N" alone: a member who joins an album gets fresh numbers for the album, its
-- owner's entry, every membership and every asset link (the new member must receive what existed before); removals
-- leave audit rows; an asset someone can no longer see through any album leaves one row per (user, asset).

-- Who sees an album: its owner and its members. The one definition, used by AssetAccess, the album list and sync.
CREATE VIEW album_viewers AS
    SELECT id AS album_id, owner_id AS user_id FROM albums
    UNION ALL
    SELECT album_id, user_id FROM album_users;

ALTER TABLE album_users ADD COLUMN update_seq INTEGER NOT NULL DEFAULT 0;
-- The change number of the album's owner entry in AlbumUsers (role "owner"): set at creation and when a member joins.
ALTER TABLE albums ADD COLUMN owner_seq INTEGER NOT NULL DEFAULT 0;

-- Existing rows get distinct numbers above the current sequence value, which then continues above all of them.
UPDATE album_users SET update_seq = (SELECT value FROM sync_sequence WHERE id = 1) + r.n
FROM (SELECT album_id, user_id, row_number() OVER (ORDER BY album_id, user_id) AS n FROM album_users) AS r
WHERE r.album_id = album_users.album_id AND r.user_id = album_users.user_id;
UPDATE sync_sequence SET value = value + (SELECT count(*) FROM album_users) WHERE id = 1;
-- Albums take two new numbers each, in one statement that changes update_seq, so 0005's update trigger stays quiet.
UPDATE albums SET update_seq = (SELECT value FROM sync_sequence WHERE id = 1) + 2 * rowid - 1,
                  owner_seq = (SELECT value FROM sync_sequence WHERE id = 1) + 2 * rowid;
UPDATE sync_sequence SET value = value + 2 * (SELECT coalesce(max(rowid), 0) FROM albums) WHERE id = 1;

CREATE INDEX album_users_update_seq ON album_users (update_seq);

-- A membership that ended (the member left or was removed, or the album was deleted).
CREATE TABLE album_user_deletions (
    album_id   TEXT NOT NULL,
    user_id    TEXT NOT NULL,
    seq        INTEGER NOT NULL,
    deleted_at INTEGER NOT NULL
) STRICT;
CREATE INDEX album_user_deletions_user_seq ON album_user_deletions (user_id, seq);
CREATE INDEX album_user_deletions_album_seq ON album_user_deletions (album_id, seq);

-- Another user's asset that a user could see through an album and no longer can (its phone must drop it).
CREATE TABLE album_asset_access_losses (
    seq      INTEGER PRIMARY KEY,
    user_id  TEXT NOT NULL,
    asset_id TEXT NOT NULL
) STRICT;
CREATE INDEX album_asset_access_losses_user_seq ON album_asset_access_losses (user_id, seq);

-- A member joins: new numbers for the album (AlbumV2), its owner entry, all memberships and all asset links.
CREATE TRIGGER album_users_sync_insert AFTER INSERT ON album_users BEGIN
    UPDATE sync_sequence SET value = value + 2 WHERE id = 1;
    UPDATE albums SET update_seq = (SELECT value - 1 FROM sync_sequence WHERE id = 1), owner_seq = (SELECT value FROM sync_sequence WHERE id = 1)
    WHERE id = NEW.album_id;
    UPDATE album_users SET update_seq = (SELECT value FROM sync_sequence WHERE id = 1) + r.n
    FROM (SELECT user_id, row_number() OVER (ORDER BY user_id) AS n FROM album_users WHERE album_id = NEW.album_id) AS r
    WHERE album_users.album_id = NEW.album_id AND album_users.user_id = r.user_id;
    UPDATE sync_sequence SET value = value + (SELECT count(*) FROM album_users WHERE album_id = NEW.album_id) WHERE id = 1;
    UPDATE album_assets SET update_seq = (SELECT value FROM sync_sequence WHERE id = 1) + r.n
    FROM (SELECT asset_id, row_number() OVER (ORDER BY asset_id) AS n FROM album_assets WHERE album_id = NEW.album_id) AS r
    WHERE album_assets.album_id = NEW.album_id AND album_assets.asset_id = r.asset_id;
    UPDATE sync_sequence SET value = value + (SELECT count(*) FROM album_assets WHERE album_id = NEW.album_id) WHERE id = 1;
END;
-- A role change. The WHEN guard stops the triggers' own "SET update_seq" from counting as another change.
CREATE TRIGGER album_users_sync_update AFTER UPDATE ON album_users WHEN NEW.update_seq = OLD.update_seq BEGIN
    UPDATE sync_sequence SET value = value + 1 WHERE id = 1;
    UPDATE album_users SET update_seq = (SELECT value FROM sync_sequence WHERE id = 1) WHERE album_id = NEW.album_id AND user_id = NEW.user_id;
END;
CREATE TRIGGER album_users_sync_delete AFTER DELETE ON album_users BEGIN
    UPDATE sync_sequence SET value = value + 1 WHERE id = 1;
    INSERT INTO album_user_deletions (album_id, user_id, seq, deleted_at)
    VALUES (OLD.album_id, OLD.user_id, (SELECT value FROM sync_sequence WHERE id = 1), CAST(unixepoch('subsec') * 1000 AS INTEGER));
END;
CREATE TRIGGER album_users_sync_access_loss AFTER DELETE ON album_users
WHEN EXISTS (SELECT 1 FROM albums WHERE id = OLD.album_id) BEGIN
    INSERT INTO album_asset_access_losses (seq, user_id, asset_id)
    SELECT (SELECT value FROM sync_sequence WHERE id = 1) + row_number() OVER (ORDER BY aa.asset_id), OLD.user_id, aa.asset_id
    FROM album_assets aa JOIN assets a ON a.id = aa.asset_id
    WHERE aa.album_id = OLD.album_id AND a.owner_id <> OLD.user_id AND NOT EXISTS (
        SELECT 1 FROM album_assets other JOIN album_viewers v ON v.album_id = other.album_id
        WHERE other.asset_id = aa.asset_id AND other.album_id <> OLD.album_id AND v.user_id = OLD.user_id);
    UPDATE sync_sequence SET value = max(value, (SELECT coalesce(max(seq), 0) FROM album_asset_access_losses)) WHERE id = 1;
END;

-- An asset leaves an album (also when it is deleted for good): everyone who saw it only there loses it.
CREATE TRIGGER album_assets_sync_access_loss AFTER DELETE ON album_assets
WHEN EXISTS (SELECT 1 FROM albums WHERE id = OLD.album_id) BEGIN
    INSERT INTO album_asset_access_losses (seq, user_id, asset_id)
    SELECT (SELECT value FROM sync_sequence WHERE id = 1) + row_number() OVER (ORDER BY v.user_id), v.user_id, OLD.asset_id
    FROM album_viewers v
    WHERE v.album_id = OLD.album_id AND v.user_id IS NOT (SELECT owner_id FROM assets WHERE id = OLD.asset_id) AND NOT EXISTS (
        SELECT 1 FROM album_assets other JOIN album_viewers ov ON ov.album_id = other.album_id
        WHERE other.asset_id = OLD.asset_id AND other.album_id <> OLD.album_id AND ov.user_id = v.user_id);
    UPDATE sync_sequence SET value = max(value, (SELECT coalesce(max(seq), 0) FROM album_asset_access_losses)) WHERE id = 1;
END;

-- An album is deleted: recorded before the cascade empties it.
CREATE TRIGGER albums_sync_access_loss BEFORE DELETE ON albums BEGIN
    INSERT INTO album_asset_access_losses (seq, user_id, asset_id)
    SELECT (SELECT value FROM sync_sequence WHERE id = 1) + row_number() OVER (ORDER BY v.user_id, aa.asset_id), v.user_id, aa.asset_id
    FROM album_assets aa JOIN assets a ON a.id = aa.asset_id JOIN album_viewers v ON v.album_id = aa.album_id
    WHERE aa.album_id = OLD.id AND a.owner_id <> v.user_id AND NOT EXISTS (
        SELECT 1 FROM album_assets other JOIN album_viewers ov ON ov.album_id = other.album_id
        WHERE other.asset_id = aa.asset_id AND other.album_id <> OLD.id AND ov.user_id = v.user_id);
    UPDATE sync_sequence SET value = max(value, (SELECT coalesce(max(seq), 0) FROM album_asset_access_losses)) WHERE id = 1;
END;

-- A new album's owner entry takes the number after the album's own (one statement, so the update trigger stays quiet).
DROP TRIGGER albums_sync_insert;
CREATE TRIGGER albums_sync_insert AFTER INSERT ON albums BEGIN
    UPDATE sync_sequence SET value = value + 2 WHERE id = 1;
    UPDATE albums SET update_seq = (SELECT value - 1 FROM sync_sequence WHERE id = 1), owner_seq = (SELECT value FROM sync_sequence WHERE id = 1)
    WHERE id = NEW.id;
END;
