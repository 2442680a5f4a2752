-- Hot/cold tiering of originals (docs/storage.md#cold-tier). original_path stays relative; original_tier says which
-- root it is under: 'hot' = the library, 'cold' = the cold-tier drive. Thumbnails, previews and the database stay hot.
ALTER TABLE assets ADD COLUMN original_tier TEXT NOT NULL DEFAULT 'hot' CHECK (original_tier IN ('hot', 'cold'));
-- When the original last moved to the cold tier: the done column of the asset.tier-cold job step (Pipeline/JobSteps).
ALTER TABLE assets ADD COLUMN tiered_at INTEGER;

-- Moves in flight, hot → cold. A row is committed before the first byte is copied and removed only once the move is
-- settled, so start-up (TierMoveRecovery) finds every move a crash cut off: the asset still 'hot' = undo (remove the
-- cold copy), 'cold' = finish (remove the hot copy). At most one move per asset.
CREATE TABLE tier_moves (
    asset_id      TEXT PRIMARY KEY, -- no foreign key: an asset purged mid-move still leaves the row, so its cold copy is found
    original_path TEXT NOT NULL, -- relative, the same under both roots
    started_at    INTEGER NOT NULL
) STRICT;

-- Selection: the oldest hot originals first.
CREATE INDEX assets_hot_by_age ON assets (taken_at, id) WHERE original_tier = 'hot' AND deleted_at IS NULL;
