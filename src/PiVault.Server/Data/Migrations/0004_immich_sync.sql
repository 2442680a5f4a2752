-- Change tracking for Immich's sync stream. Every insert or update of a user, an asset or its metadata takes the
-- next number of one global sequence, inside the writing transaction; SQLite has one writer at a time, so the
-- numbers follow commit order and "everything after N" never misses a row that committed late. Permanent asset
-- deletions leave an audit row (same transaction, by trigger) so phones learn about them.

CREATE TABLE sync_sequence (
    id    INTEGER PRIMARY KEY CHECK (id = 1),
    value INTEGER NOT NULL
) STRICT;

ALTER TABLE users ADD COLUMN update_seq INTEGER NOT NULL DEFAULT 0;
ALTER TABLE assets ADD COLUMN update_seq INTEGER NOT NULL DEFAULT 0;
ALTER TABLE asset_metadata ADD COLUMN update_seq INTEGER NOT NULL DEFAULT 0;

-- Existing rows get distinct numbers; the sequence continues above all of them.
UPDATE users SET update_seq = rowid;
UPDATE assets SET update_seq = (SELECT coalesce(max(rowid), 0) FROM users) + rowid;
UPDATE asset_metadata SET update_seq = (SELECT coalesce(max(rowid), 0) FROM users) + (SELECT coalesce(max(rowid), 0) FROM assets) + rowid;
INSERT INTO sync_sequence (id, value) VALUES (1,
    (SELECT coalesce(max(rowid), 0) FROM users) + (SELECT coalesce(max(rowid), 0) FROM assets) + (SELECT coalesce(max(rowid), 0) FROM asset_metadata));

CREATE INDEX users_update_seq ON users (update_seq);
CREATE INDEX assets_owner_update_seq ON assets (owner_id, update_seq);
CREATE INDEX asset_metadata_update_seq ON asset_metadata (update_seq);

CREATE TABLE asset_deletions (
    asset_id   TEXT NOT NULL,
    owner_id   TEXT NOT NULL,
    seq        INTEGER NOT NULL,
    deleted_at INTEGER NOT NULL
) STRICT;
CREATE INDEX asset_deletions_owner_seq ON asset_deletions (owner_id, seq);

-- The WHEN guards stop a trigger's own "SET update_seq" from counting as another change.
CREATE TRIGGER users_sync_insert AFTER INSERT ON users BEGIN
    UPDATE sync_sequence SET value = value + 1 WHERE id = 1;
    UPDATE users SET update_seq = (SELECT value FROM sync_sequence WHERE id = 1) WHERE id = NEW.id;
END;
CREATE TRIGGER users_sync_update AFTER UPDATE ON users WHEN NEW.update_seq = OLD.update_seq BEGIN
    UPDATE sync_sequence SET value = value + 1 WHERE id = 1;
    UPDATE users SET update_seq = (SELECT value FROM sync_sequence WHERE id = 1) WHERE id = NEW.id;
END;

CREATE TRIGGER assets_sync_insert AFTER INSERT ON assets BEGIN
    UPDATE sync_sequence SET value = value + 1 WHERE id = 1;
    UPDATE assets SET update_seq = (SELECT value FROM sync_sequence WHERE id = 1) WHERE id = NEW.id;
END;
CREATE TRIGGER assets_sync_update AFTER UPDATE ON assets WHEN NEW.update_seq = OLD.update_seq BEGIN
    UPDATE sync_sequence SET value = value + 1 WHERE id = 1;
    UPDATE assets SET update_seq = (SELECT value FROM sync_sequence WHERE id = 1) WHERE id = NEW.id;
END;
CREATE TRIGGER assets_sync_delete AFTER DELETE ON assets BEGIN
    UPDATE sync_sequence SET value = value + 1 WHERE id = 1;
    INSERT INTO asset_deletions (asset_id, owner_id, seq, deleted_at)
    VALUES (OLD.id, OLD.owner_id, (SELECT value FROM sync_sequence WHERE id = 1), CAST(unixepoch('subsec') * 1000 AS INTEGER));
END;

CREATE TRIGGER asset_metadata_sync_insert AFTER INSERT ON asset_metadata BEGIN
    UPDATE sync_sequence SET value = value + 1 WHERE id = 1;
    UPDATE asset_metadata SET update_seq = (SELECT value FROM sync_sequence WHERE id = 1) WHERE asset_id = NEW.asset_id;
END;
CREATE TRIGGER asset_metadata_sync_update AFTER UPDATE ON asset_metadata WHEN NEW.update_seq = OLD.update_seq BEGIN
    UPDATE sync_sequence SET value = value + 1 WHERE id = 1;
    UPDATE asset_metadata SET update_seq = (SELECT value FROM sync_sequence WHERE id = 1) WHERE asset_id = NEW.asset_id;
END;

-- Where each logged-in device's sync stream got to, per entity type; acks are "<type>|<sequence>".
CREATE TABLE sync_acks (
    session_id TEXT NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
    type       TEXT NOT NULL,
    ack        TEXT NOT NULL,
    updated_at INTEGER NOT NULL,
    PRIMARY KEY (session_id, type)
) STRICT;
