-- Live Photos and motion photos (docs/live-photos.md). A still names its video half, which has visibility 'hidden'
-- (migration 0023) so lists count one photo; the video's row goes with the still's (SET NULL only when the video is
-- deleted for good on its own). content_identifier is Apple's pairing key (the still's MakerNote 0x0011, the movie's
-- com.apple.quicktime.content.identifier), read by the metadata step; pairs are found through the index.
ALTER TABLE assets ADD COLUMN live_photo_video_id TEXT REFERENCES assets (id) ON DELETE SET NULL;
ALTER TABLE assets ADD COLUMN content_identifier TEXT;
CREATE INDEX assets_content_identifier ON assets (owner_id, content_identifier) WHERE content_identifier IS NOT NULL;
CREATE INDEX assets_live_photo_video ON assets (live_photo_video_id) WHERE live_photo_video_id IS NOT NULL;
