-- Tags (docs/tags.md): per user, hierarchical by value ("Places/Italy/Rome"); each level is its own row whose parent_id
-- names the level above, so a tag's children go with it. tag_assets says which of the owner's assets carry a tag.
CREATE TABLE tags (
    id         TEXT PRIMARY KEY,
    owner_id   TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    value      TEXT NOT NULL, -- the full path, "Parent/Child"
    parent_id  TEXT REFERENCES tags (id) ON DELETE CASCADE,
    color      TEXT, -- "#rrggbb" or null
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    UNIQUE (owner_id, value)
) STRICT;
CREATE INDEX tags_parent ON tags (parent_id);

CREATE TABLE tag_assets (
    tag_id   TEXT NOT NULL REFERENCES tags (id) ON DELETE CASCADE,
    asset_id TEXT NOT NULL REFERENCES assets (id) ON DELETE CASCADE,
    PRIMARY KEY (tag_id, asset_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX tag_assets_asset ON tag_assets (asset_id, tag_id);
