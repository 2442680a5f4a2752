-- Sync at scale (Services/SyncFeedPlanTests): every change feed a phone's sync reads is an index search.
-- AlbumToAssetDeleteV1 reads the removals from the albums a user sees after a change number; without this index it
-- scanned every removal ever recorded.
CREATE INDEX album_asset_deletions_album_seq ON album_asset_deletions (album_id, seq);
