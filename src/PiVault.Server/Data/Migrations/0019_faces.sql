-- Faces and people (docs/faces.md). Two job steps stamp the assets row: asset.faces (detect, align, embed on the
-- preview; faces_at) and asset.people (put the asset's new faces into people; people_at). The kNN index over the
-- embeddings is the vec0 table face_search (rowid = asset_faces.seq, partitioned by owner), created on first use
-- like smart_search: a server without vec0.so must still migrate and run everything else.
ALTER TABLE assets ADD COLUMN faces_at INTEGER;
ALTER TABLE assets ADD COLUMN people_at INTEGER;

-- A person is one user's: people are never shared, not even through a shared album. cover_face_id names one of
-- the person's faces (the person service keeps it valid); birth_date is yyyy-MM-dd.
CREATE TABLE people (
    id            TEXT PRIMARY KEY,
    owner_id      TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name          TEXT NOT NULL DEFAULT '',
    birth_date    TEXT,
    is_hidden     INTEGER NOT NULL DEFAULT 0,
    is_favorite   INTEGER NOT NULL DEFAULT 0,
    color         TEXT,
    cover_face_id TEXT,
    created_at    INTEGER NOT NULL,
    updated_at    INTEGER NOT NULL,
    update_seq    INTEGER NOT NULL DEFAULT 0
) STRICT;
CREATE INDEX people_owner_update_seq ON people (owner_id, update_seq);

-- One row per face. The box is in pixels of the preview it was found on (Immich's boundingBoxX1..Y2 with
-- imageWidth/imageHeight). embedding is the recogniser's L2-normalised float32 vector (little-endian), NULL for a
-- face tagged by hand; model names the recogniser, so a change of model re-runs the step. owner_id is the asset's
-- owner, kept here for per-owner clustering and the sync feed. seq is an explicit INTEGER PRIMARY KEY so the vec0
-- rowids survive VACUUM.
CREATE TABLE asset_faces (
    seq          INTEGER PRIMARY KEY,
    id           TEXT NOT NULL UNIQUE,
    asset_id     TEXT NOT NULL REFERENCES assets (id) ON DELETE CASCADE,
    owner_id     TEXT NOT NULL,
    person_id    TEXT REFERENCES people (id) ON DELETE SET NULL,
    image_width  INTEGER NOT NULL,
    image_height INTEGER NOT NULL,
    x1 INTEGER NOT NULL, y1 INTEGER NOT NULL, x2 INTEGER NOT NULL, y2 INTEGER NOT NULL,
    score        REAL NOT NULL,
    source       TEXT NOT NULL CHECK (source IN ('machine-learning', 'manual')),
    embedding    BLOB,
    model        TEXT,
    created_at   INTEGER NOT NULL,
    updated_at   INTEGER NOT NULL,
    update_seq   INTEGER NOT NULL DEFAULT 0
) STRICT;
CREATE INDEX asset_faces_asset ON asset_faces (asset_id);
CREATE INDEX asset_faces_person ON asset_faces (person_id);
CREATE INDEX asset_faces_owner_update_seq ON asset_faces (owner_id, update_seq);
CREATE INDEX asset_faces_unassigned ON asset_faces (owner_id) WHERE person_id IS NULL;

-- Change tracking for the sync stream's PersonV1 / AssetFaceV1-V2 and their deletions, on 0004's global sequence.
CREATE TABLE person_deletions (
    person_id  TEXT NOT NULL,
    owner_id   TEXT NOT NULL,
    seq        INTEGER NOT NULL,
    deleted_at INTEGER NOT NULL
) STRICT;
CREATE INDEX person_deletions_owner_seq ON person_deletions (owner_id, seq);

CREATE TABLE asset_face_deletions (
    face_id    TEXT NOT NULL,
    owner_id   TEXT NOT NULL,
    seq        INTEGER NOT NULL,
    deleted_at INTEGER NOT NULL
) STRICT;
CREATE INDEX asset_face_deletions_owner_seq ON asset_face_deletions (owner_id, seq);

-- The WHEN guards stop a trigger's own "SET update_seq" from counting as another change.
CREATE TRIGGER people_sync_insert AFTER INSERT ON people BEGIN
    UPDATE sync_sequence SET value = value + 1 WHERE id = 1;
    UPDATE people SET update_seq = (SELECT value FROM sync_sequence WHERE id = 1) WHERE id = NEW.id;
END;
CREATE TRIGGER people_sync_update AFTER UPDATE ON people WHEN NEW.update_seq = OLD.update_seq BEGIN
    UPDATE sync_sequence SET value = value + 1 WHERE id = 1;
    UPDATE people SET update_seq = (SELECT value FROM sync_sequence WHERE id = 1) WHERE id = NEW.id;
END;
CREATE TRIGGER people_sync_delete AFTER DELETE ON people BEGIN
    UPDATE sync_sequence SET value = value + 1 WHERE id = 1;
    INSERT INTO person_deletions (person_id, owner_id, seq, deleted_at)
    VALUES (OLD.id, OLD.owner_id, (SELECT value FROM sync_sequence WHERE id = 1), CAST(unixepoch('subsec') * 1000 AS INTEGER));
END;

CREATE TRIGGER asset_faces_sync_insert AFTER INSERT ON asset_faces BEGIN
    UPDATE sync_sequence SET value = value + 1 WHERE id = 1;
    UPDATE asset_faces SET update_seq = (SELECT value FROM sync_sequence WHERE id = 1) WHERE seq = NEW.seq;
END;
CREATE TRIGGER asset_faces_sync_update AFTER UPDATE ON asset_faces WHEN NEW.update_seq = OLD.update_seq BEGIN
    UPDATE sync_sequence SET value = value + 1 WHERE id = 1;
    UPDATE asset_faces SET update_seq = (SELECT value FROM sync_sequence WHERE id = 1) WHERE seq = NEW.seq;
END;
CREATE TRIGGER asset_faces_sync_delete AFTER DELETE ON asset_faces BEGIN
    UPDATE sync_sequence SET value = value + 1 WHERE id = 1;
    INSERT INTO asset_face_deletions (face_id, owner_id, seq, deleted_at)
    VALUES (OLD.id, OLD.owner_id, (SELECT value FROM sync_sequence WHERE id = 1), CAST(unixepoch('subsec') * 1000 AS INTEGER));
END;
