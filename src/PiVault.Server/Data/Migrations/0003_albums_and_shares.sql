-- Archive flag, albums shared within the household, public share links, and server settings from the setup wizard.

ALTER TABLE assets ADD COLUMN is_archived INTEGER NOT NULL DEFAULT 0;

CREATE TABLE albums (
    id             TEXT PRIMARY KEY,
    owner_id       TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name           TEXT NOT NULL,
    description    TEXT NOT NULL DEFAULT '',
    cover_asset_id TEXT REFERENCES assets (id) ON DELETE SET NULL,
    created_at     INTEGER NOT NULL,
    updated_at     INTEGER NOT NULL
) STRICT;
CREATE INDEX albums_owner ON albums (owner_id, created_at DESC);

CREATE TABLE album_assets (
    album_id TEXT NOT NULL REFERENCES albums (id) ON DELETE CASCADE,
    asset_id TEXT NOT NULL REFERENCES assets (id) ON DELETE CASCADE,
    added_at INTEGER NOT NULL,
    PRIMARY KEY (album_id, asset_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX album_assets_asset ON album_assets (asset_id);

-- Household members an album is shared with: viewers see it, editors may also add and remove their own assets.
CREATE TABLE album_users (
    album_id TEXT NOT NULL REFERENCES albums (id) ON DELETE CASCADE,
    user_id  TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    role     TEXT NOT NULL CHECK (role IN ('viewer', 'editor')),
    PRIMARY KEY (album_id, user_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX album_users_user ON album_users (user_id);

-- Public links: an album or a selection of assets, viewable without an account through the secret key only.
CREATE TABLE shared_links (
    id             TEXT PRIMARY KEY,
    owner_id       TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    key            TEXT NOT NULL UNIQUE, -- the secret in the URL (/s/<key>), 256 random bits; shown again to its owner
    type           TEXT NOT NULL CHECK (type IN ('album', 'individual')),
    album_id       TEXT REFERENCES albums (id) ON DELETE CASCADE,
    description    TEXT NOT NULL DEFAULT '',
    password_hash  TEXT,
    allow_download INTEGER NOT NULL DEFAULT 1,
    expires_at     INTEGER,
    created_at     INTEGER NOT NULL
) STRICT;
CREATE INDEX shared_links_owner ON shared_links (owner_id);

CREATE TABLE shared_link_assets (
    link_id  TEXT NOT NULL REFERENCES shared_links (id) ON DELETE CASCADE,
    asset_id TEXT NOT NULL REFERENCES assets (id) ON DELETE CASCADE,
    PRIMARY KEY (link_id, asset_id)
) STRICT, WITHOUT ROWID;

-- Server-wide settings as key → JSON text (time zone, device name, storage roles, ML on/off, setup completion).
CREATE TABLE settings (
    key        TEXT PRIMARY KEY,
    value      TEXT NOT NULL,
    updated_at INTEGER NOT NULL
) STRICT;

-- Timeline buckets: counting months straight from this index (no table rows, no per-row date maths) keeps
-- GET timeline/buckets fast at 50k assets. The expression must match TimelineStore.Buckets exactly.
CREATE INDEX assets_owner_months ON assets (owner_id, is_archived, strftime('%Y-%m', taken_at / 1000, 'unixepoch'))
    WHERE deleted_at IS NULL;
CREATE INDEX assets_owner_favorites ON assets (owner_id, taken_at DESC) WHERE deleted_at IS NULL AND is_favorite = 1;
