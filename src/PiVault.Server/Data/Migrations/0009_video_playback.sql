-- The video-playback step: when it last decided for a video (played as is, or a browser-friendly H.264 copy made).
-- NULL means not yet; the copy itself lives beside the thumbnails, so the original is never touched.

ALTER TABLE assets ADD COLUMN playback_at INTEGER;
