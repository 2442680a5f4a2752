-- Memories ("on this day", docs/memories.md) and stacks (bursts, RAW+JPEG pairs, docs/stacks.md), with change tracking
-- for the sync stream's MemoryV1 / MemoryToAssetV1 / StackV1 lines and their deletions, on 0004's global sequence.

-- One memory of one user: the photos of one earlier year's same day. year is Immich's data.year; show_at/hide_at
-- bound the day it is shown on (the household's time zone); memory_at is that day in the earlier year.
CREATE TABLE memories (
    id         TEXT PRIMARY KEY,
    owner_id   TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    type       TEXT NOT NULL DEFAULT 'on_this_day' CHECK (type IN ('on_this_day')),
    year       INTEGER NOT NULL,
    memory_at  INTEGER NOT NULL,
    show_at    INTEGER,
    hide_at    INTEGER,
    seen_at    INTEGER,
    is_saved   INTEGER NOT NULL DEFAULT 0,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    update_seq INTEGER NOT NULL DEFAULT 0
) STRICT;
CREATE INDEX memories_owner_update_seq ON memories (owner_id, update_seq);
CREATE INDEX memories_owner_show ON memories (owner_id, show_at);

CREATE TABLE memory_assets (
    seq        INTEGER PRIMARY KEY,
    memory_id  TEXT NOT NULL REFERENCES memories (id) ON DELETE CASCADE,
    asset_id   TEXT NOT NULL REFERENCES assets (id) ON DELETE CASCADE,
    owner_id   TEXT NOT NULL,
    update_seq INTEGER NOT NULL DEFAULT 0,
    UNIQUE (memory_id, asset_id)
) STRICT;
CREATE INDEX memory_assets_owner_update_seq ON memory_assets (owner_id, update_seq);
CREATE INDEX memory_assets_asset ON memory_assets (asset_id);

-- The days a user's memories were built for: the nightly pass builds each day once, so a memory the user deleted
-- does not come back the same day.
CREATE TABLE memory_days (
    owner_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    day      TEXT NOT NULL, -- yyyy-MM-dd in the household's time zone
    PRIMARY KEY (owner_id, day)
) STRICT, WITHOUT ROWID;

-- A stack: one user's assets shown as one (the primary is the cover). is_auto marks the ones the metadata step made.
CREATE TABLE stacks (
    id               TEXT PRIMARY KEY,
    owner_id         TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    primary_asset_id TEXT NOT NULL,
    is_auto          INTEGER NOT NULL DEFAULT 0,
    created_at       INTEGER NOT NULL,
    updated_at       INTEGER NOT NULL,
    update_seq       INTEGER NOT NULL DEFAULT 0
) STRICT;
CREATE INDEX stacks_owner_update_seq ON stacks (owner_id, update_seq);

-- An asset's stack; changing it changes the asset as phones see it (AssetV1.stackId), so the asset trigger numbers it.
ALTER TABLE assets ADD COLUMN stack_id TEXT REFERENCES stacks (id) ON DELETE SET NULL;
CREATE INDEX assets_stack ON assets (stack_id) WHERE stack_id IS NOT NULL;

CREATE TABLE memory_deletions (memory_id TEXT NOT NULL, owner_id TEXT NOT NULL, seq INTEGER NOT NULL, deleted_at INTEGER NOT NULL) STRICT;
CREATE INDEX memory_deletions_owner_seq ON memory_deletions (owner_id, seq);
CREATE TABLE memory_asset_deletions (
    memory_id TEXT NOT NULL, asset_id TEXT NOT NULL, owner_id TEXT NOT NULL, seq INTEGER NOT NULL, deleted_at INTEGER NOT NULL) STRICT;
CREATE INDEX memory_asset_deletions_owner_seq ON memory_asset_deletions (owner_id, seq);
CREATE TABLE stack_deletions (stack_id TEXT NOT NULL, owner_id TEXT NOT NULL, seq INTEGER NOT NULL, deleted_at INTEGER NOT NULL) STRICT;
CREATE INDEX stack_deletions_owner_seq ON stack_deletions (owner_id, seq);

-- The WHEN guards stop a trigger's own "SET update_seq" from counting as another change.
CREATE TRIGGER memories_sync_insert AFTER INSERT ON memories BEGIN
    UPDATE sync_sequence SET value = value + 1 WHERE id = 1;
    UPDATE memories SET update_seq = (SELECT value FROM sync_sequence WHERE id = 1) WHERE id = NEW.id;
END;
CREATE TRIGGER memories_sync_update AFTER UPDATE ON memories WHEN NEW.update_seq = OLD.update_seq BEGIN
    UPDATE sync_sequence SET value = value + 1 WHERE id = 1;
    UPDATE memories SET update_seq = (SELECT value FROM sync_sequence WHERE id = 1) WHERE id = NEW.id;
END;
CREATE TRIGGER memories_sync_delete AFTER DELETE ON memories BEGIN
    UPDATE sync_sequence SET value = value + 1 WHERE id = 1;
    INSERT INTO memory_deletions (memory_id, owner_id, seq, deleted_at)
    VALUES (OLD.id, OLD.owner_id, (SELECT value FROM sync_sequence WHERE id = 1), CAST(unixepoch('subsec') * 1000 AS INTEGER));
END;

CREATE TRIGGER memory_assets_sync_insert AFTER INSERT ON memory_assets BEGIN
    UPDATE sync_sequence SET value = value + 1 WHERE id = 1;
    UPDATE memory_assets SET update_seq = (SELECT value FROM sync_sequence WHERE id = 1) WHERE seq = NEW.seq;
END;
CREATE TRIGGER memory_assets_sync_delete AFTER DELETE ON memory_assets BEGIN
    UPDATE sync_sequence SET value = value + 1 WHERE id = 1;
    INSERT INTO memory_asset_deletions (memory_id, asset_id, owner_id, seq, deleted_at)
    VALUES (OLD.memory_id, OLD.asset_id, OLD.owner_id, (SELECT value FROM sync_sequence WHERE id = 1), CAST(unixepoch('subsec') * 1000 AS INTEGER));
END;

CREATE TRIGGER stacks_sync_insert AFTER INSERT ON stacks BEGIN
    UPDATE sync_sequence SET value = value + 1 WHERE id = 1;
    UPDATE stacks SET update_seq = (SELECT value FROM sync_sequence WHERE id = 1) WHERE id = NEW.id;
END;
CREATE TRIGGER stacks_sync_update AFTER UPDATE ON stacks WHEN NEW.update_seq = OLD.update_seq BEGIN
    UPDATE sync_sequence SET value = value + 1 WHERE id = 1;
    UPDATE stacks SET update_seq = (SELECT value FROM sync_sequence WHERE id = 1) WHERE id = NEW.id;
END;
CREATE TRIGGER stacks_sync_delete AFTER DELETE ON stacks BEGIN
    UPDATE sync_sequence SET value = value + 1 WHERE id = 1;
    INSERT INTO stack_deletions (stack_id, owner_id, seq, deleted_at)
    VALUES (OLD.id, OLD.owner_id, (SELECT value FROM sync_sequence WHERE id = 1), CAST(unixepoch('subsec') * 1000 AS INTEGER));
END;

-- A photo deleted for good leaves its stack: the cover passes to the earliest other member, and a stack left with one
-- photo ends (the remaining photo's row changes, so phones hear of it).
CREATE TRIGGER assets_leave_stack AFTER DELETE ON assets WHEN OLD.stack_id IS NOT NULL BEGIN
    UPDATE stacks SET primary_asset_id = (SELECT id FROM assets WHERE stack_id = OLD.stack_id ORDER BY taken_at, id LIMIT 1)
    WHERE id = OLD.stack_id AND primary_asset_id = OLD.id;
    UPDATE assets SET stack_id = NULL WHERE stack_id = OLD.stack_id AND (SELECT count(*) FROM assets WHERE stack_id = OLD.stack_id) < 2;
    DELETE FROM stacks WHERE id = OLD.stack_id AND NOT EXISTS (SELECT 1 FROM assets WHERE stack_id = OLD.stack_id);
END;
