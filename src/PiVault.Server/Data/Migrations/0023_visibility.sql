-- Immich's asset visibility replaces the archive flag: timeline (the main timeline), archive (out of the timeline,
-- still in favourites, albums and search), hidden (never listed: the video half of a Live Photo) and locked (the
-- locked folder: shown only there, behind its PIN). AssetVisibility.cs holds the rules that read it.
ALTER TABLE assets ADD COLUMN visibility TEXT NOT NULL DEFAULT 'timeline'
    CHECK (visibility IN ('timeline', 'archive', 'hidden', 'locked'));
UPDATE assets SET visibility = 'archive' WHERE is_archived = 1;

-- Month buckets counted from the index as before (migrations 0003, 0008), now by visibility; the expression must
-- match TimelineStore.Buckets exactly.
DROP INDEX assets_owner_months;
ALTER TABLE assets DROP COLUMN is_archived;
CREATE INDEX assets_owner_months ON assets (owner_id, visibility, strftime('%Y-%m', local_taken_at / 1000, 'unixepoch'))
    WHERE deleted_at IS NULL;
