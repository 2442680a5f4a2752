-- Duplicate review (docs/duplicates.md). phash: the 64-bit DCT perceptual hash of the asset's preview, stored as a
-- signed INTEGER (the same 64 bits); null until the asset.duplicates step ran (or for what has no picture to hash).
ALTER TABLE assets ADD COLUMN phash INTEGER;
-- When the duplicate search last ran for the asset: the done column of the asset.duplicates job step (Pipeline/JobSteps).
ALTER TABLE assets ADD COLUMN duplicates_at INTEGER;

-- The neighbour search reads one owner's hashes.
CREATE INDEX assets_owner_phash ON assets (owner_id, phash) WHERE phash IS NOT NULL;

-- A group of assets that look like the same picture; its id is the duplicateId Immich clients see.
CREATE TABLE duplicate_groups (
    id         TEXT PRIMARY KEY,
    owner_id   TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at INTEGER NOT NULL
) STRICT;
CREATE INDEX duplicate_groups_owner ON duplicate_groups (owner_id, created_at);

-- An asset is in at most one group. A trashed member stays in the row (it comes back if restored) but every read
-- leaves it out; a purged one leaves by the cascade. source: what found it ('phash' now; 'clip' later).
CREATE TABLE duplicate_members (
    asset_id TEXT PRIMARY KEY REFERENCES assets (id) ON DELETE CASCADE,
    group_id TEXT NOT NULL REFERENCES duplicate_groups (id) ON DELETE CASCADE,
    source   TEXT NOT NULL
) STRICT;
CREATE INDEX duplicate_members_group ON duplicate_members (group_id);

-- Pairs the owner said are not duplicates (a dismissed group: every pair in it), so they never group again.
-- asset_a < asset_b, so a pair has one row.
CREATE TABLE duplicate_dismissals (
    asset_a      TEXT NOT NULL REFERENCES assets (id) ON DELETE CASCADE,
    asset_b      TEXT NOT NULL REFERENCES assets (id) ON DELETE CASCADE,
    dismissed_at INTEGER NOT NULL,
    PRIMARY KEY (asset_a, asset_b),
    CHECK (asset_a < asset_b)
) STRICT, WITHOUT ROWID;
CREATE INDEX duplicate_dismissals_b ON duplicate_dismissals (asset_b);
