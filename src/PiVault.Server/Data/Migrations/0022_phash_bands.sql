-- The duplicate search's hash index (Features/Duplicates/PerceptualHashNeighbours, multi-index hashing): the 64-bit
-- phash cut into four 16-bit bands. Two hashes within 10 bits of each other differ by at most 2 bits in at least one
-- band (pigeonhole: 4 × 3 > 10), so the neighbours of a hash are among the assets whose band k is within 2 bits of its
-- band k for some k: 4 × 137 indexed look-ups instead of a scan of the owner's hashes. Virtual generated columns: nothing
-- to fill in and nothing to keep in step; only the indexes take room.
ALTER TABLE assets ADD COLUMN phash_band0 INTEGER GENERATED ALWAYS AS (phash & 65535) VIRTUAL;
ALTER TABLE assets ADD COLUMN phash_band1 INTEGER GENERATED ALWAYS AS ((phash >> 16) & 65535) VIRTUAL;
ALTER TABLE assets ADD COLUMN phash_band2 INTEGER GENERATED ALWAYS AS ((phash >> 32) & 65535) VIRTUAL;
ALTER TABLE assets ADD COLUMN phash_band3 INTEGER GENERATED ALWAYS AS ((phash >> 48) & 65535) VIRTUAL;
CREATE INDEX assets_owner_phash_band0 ON assets (owner_id, phash_band0) WHERE phash IS NOT NULL;
CREATE INDEX assets_owner_phash_band1 ON assets (owner_id, phash_band1) WHERE phash IS NOT NULL;
CREATE INDEX assets_owner_phash_band2 ON assets (owner_id, phash_band2) WHERE phash IS NOT NULL;
CREATE INDEX assets_owner_phash_band3 ON assets (owner_id, phash_band3) WHERE phash IS NOT NULL;
-- The scan's index is no longer read.
DROP INDEX assets_owner_phash;
