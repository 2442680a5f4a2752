-- Accounts, sessions, API keys and assets. Times are Unix milliseconds (UTC); ids are UUID v7 strings.

CREATE TABLE users (
    id            TEXT PRIMARY KEY,
    email         TEXT NOT NULL UNIQUE COLLATE NOCASE,
    name          TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    is_admin      INTEGER NOT NULL DEFAULT 0,
    disabled_at   INTEGER,
    created_at    INTEGER NOT NULL,
    updated_at    INTEGER NOT NULL
) STRICT;

CREATE TABLE sessions (
    id           TEXT PRIMARY KEY,
    user_id      TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    token_hash   BLOB NOT NULL UNIQUE,
    device       TEXT,
    created_at   INTEGER NOT NULL,
    last_seen_at INTEGER NOT NULL,
    expires_at   INTEGER NOT NULL
) STRICT;
CREATE INDEX sessions_user ON sessions (user_id);

CREATE TABLE api_keys (
    id           TEXT PRIMARY KEY,
    user_id      TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name         TEXT NOT NULL,
    key_hash     BLOB NOT NULL UNIQUE,
    permissions  TEXT NOT NULL, -- space-separated permission names
    created_at   INTEGER NOT NULL,
    updated_at   INTEGER NOT NULL,
    last_used_at INTEGER
) STRICT;
CREATE INDEX api_keys_user ON api_keys (user_id);

CREATE TABLE assets (
    id                 TEXT PRIMARY KEY,
    owner_id           TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    checksum           BLOB NOT NULL, -- SHA-1 of the original, as Immich clients compute it
    type               TEXT NOT NULL CHECK (type IN ('image', 'video', 'other')),
    original_path      TEXT NOT NULL UNIQUE, -- relative to the library root: <owner>/<yyyy>/<mm>/<name>
    original_file_name TEXT NOT NULL,
    mime_type          TEXT NOT NULL,
    file_size          INTEGER NOT NULL,
    file_created_at    INTEGER NOT NULL,
    file_modified_at   INTEGER NOT NULL,
    taken_at           INTEGER NOT NULL, -- best known capture time; metadata extraction refines it
    device_asset_id    TEXT,
    device_id          TEXT,
    is_favorite        INTEGER NOT NULL DEFAULT 0,
    created_at         INTEGER NOT NULL, -- upload time
    updated_at         INTEGER NOT NULL,
    deleted_at         INTEGER           -- set while in the trash
) STRICT;
-- One original per user and content: the backstop behind the upload path's duplicate check.
CREATE UNIQUE INDEX assets_owner_checksum ON assets (owner_id, checksum);
CREATE INDEX assets_owner_timeline ON assets (owner_id, taken_at DESC, id DESC) WHERE deleted_at IS NULL;
CREATE INDEX assets_trashed ON assets (owner_id, deleted_at) WHERE deleted_at IS NOT NULL;
