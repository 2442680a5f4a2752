-- A user's profile picture (Immich's POST /api/users/profile-image), stored as <data>/profile-images/<user id>.
-- profile_image_type is the content type read from its bytes (NULL = none); profile_changed_at tells clients to
-- fetch it again.
ALTER TABLE users ADD COLUMN profile_image_type TEXT;
ALTER TABLE users ADD COLUMN profile_changed_at INTEGER;
