-- Each user's preferences (Immich's UserPreferencesResponseDto, as JSON); a user without a row has Immich's defaults.
CREATE TABLE user_preferences (
    user_id    TEXT PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    value      TEXT NOT NULL,
    updated_at INTEGER NOT NULL
) STRICT;
