-- Immich's key/value metadata for the sync stream (docs/immich.md "Sync stream"), on 0004's global sequence:
-- * asset_metadata_items: what an upload's `metadata` field (the iOS app's {"key":"mobile-app","value":{"iCloudId":…}})
--   and /api/assets/{id}/metadata store per asset → AssetMetadataV1 / AssetMetadataDeleteV1;
-- * user_preferences (0007) and user_onboarding → UserMetadataV1 / UserMetadataDeleteV1 (keys "preferences", "onboarding");
-- * user_usage_changes: the number of the last change of a user's storage usage (an asset added, deleted for good or
--   resized), so AuthUserV1 (which carries the usage) is sent again without touching the user row that UserV1 follows.
CREATE TABLE asset_metadata_items (
    asset_id   TEXT NOT NULL REFERENCES assets (id) ON DELETE CASCADE,
    key        TEXT NOT NULL,
    owner_id   TEXT NOT NULL,
    value      TEXT NOT NULL, -- a JSON object
    updated_at INTEGER NOT NULL,
    update_seq INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (asset_id, key)
) STRICT, WITHOUT ROWID;
CREATE INDEX asset_metadata_items_owner_update_seq ON asset_metadata_items (owner_id, update_seq);

CREATE TABLE asset_metadata_item_deletions (
    asset_id TEXT NOT NULL, key TEXT NOT NULL, owner_id TEXT NOT NULL, seq INTEGER NOT NULL, deleted_at INTEGER NOT NULL) STRICT;
CREATE INDEX asset_metadata_item_deletions_owner_seq ON asset_metadata_item_deletions (owner_id, seq);

CREATE TRIGGER asset_metadata_items_sync_insert AFTER INSERT ON asset_metadata_items BEGIN
    UPDATE sync_sequence SET value = value + 1 WHERE id = 1;
    UPDATE asset_metadata_items SET update_seq = (SELECT value FROM sync_sequence WHERE id = 1) WHERE asset_id = NEW.asset_id AND key = NEW.key;
END;
CREATE TRIGGER asset_metadata_items_sync_update AFTER UPDATE ON asset_metadata_items WHEN NEW.update_seq = OLD.update_seq BEGIN
    UPDATE sync_sequence SET value = value + 1 WHERE id = 1;
    UPDATE asset_metadata_items SET update_seq = (SELECT value FROM sync_sequence WHERE id = 1) WHERE asset_id = NEW.asset_id AND key = NEW.key;
END;
CREATE TRIGGER asset_metadata_items_sync_delete AFTER DELETE ON asset_metadata_items BEGIN
    UPDATE sync_sequence SET value = value + 1 WHERE id = 1;
    INSERT INTO asset_metadata_item_deletions (asset_id, key, owner_id, seq, deleted_at)
    VALUES (OLD.asset_id, OLD.key, OLD.owner_id, (SELECT value FROM sync_sequence WHERE id = 1), CAST(unixepoch('subsec') * 1000 AS INTEGER));
END;

CREATE TABLE user_onboarding (
    user_id      TEXT PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    is_onboarded INTEGER NOT NULL,
    updated_at   INTEGER NOT NULL,
    update_seq   INTEGER NOT NULL DEFAULT 0
) STRICT;

ALTER TABLE user_preferences ADD COLUMN update_seq INTEGER NOT NULL DEFAULT 0;

CREATE TABLE user_metadata_deletions (user_id TEXT NOT NULL, key TEXT NOT NULL, seq INTEGER NOT NULL, deleted_at INTEGER NOT NULL) STRICT;
CREATE INDEX user_metadata_deletions_user_seq ON user_metadata_deletions (user_id, seq);

CREATE TRIGGER user_preferences_sync_insert AFTER INSERT ON user_preferences BEGIN
    UPDATE sync_sequence SET value = value + 1 WHERE id = 1;
    UPDATE user_preferences SET update_seq = (SELECT value FROM sync_sequence WHERE id = 1) WHERE user_id = NEW.user_id;
END;
CREATE TRIGGER user_preferences_sync_update AFTER UPDATE ON user_preferences WHEN NEW.update_seq = OLD.update_seq BEGIN
    UPDATE sync_sequence SET value = value + 1 WHERE id = 1;
    UPDATE user_preferences SET update_seq = (SELECT value FROM sync_sequence WHERE id = 1) WHERE user_id = NEW.user_id;
END;
CREATE TRIGGER user_preferences_sync_delete AFTER DELETE ON user_preferences BEGIN
    UPDATE sync_sequence SET value = value + 1 WHERE id = 1;
    INSERT INTO user_metadata_deletions (user_id, key, seq, deleted_at)
    VALUES (OLD.user_id, 'preferences', (SELECT value FROM sync_sequence WHERE id = 1), CAST(unixepoch('subsec') * 1000 AS INTEGER));
END;
-- Preferences stored before this migration get their number through the update trigger.
UPDATE user_preferences SET updated_at = updated_at;

CREATE TRIGGER user_onboarding_sync_insert AFTER INSERT ON user_onboarding BEGIN
    UPDATE sync_sequence SET value = value + 1 WHERE id = 1;
    UPDATE user_onboarding SET update_seq = (SELECT value FROM sync_sequence WHERE id = 1) WHERE user_id = NEW.user_id;
END;
CREATE TRIGGER user_onboarding_sync_update AFTER UPDATE ON user_onboarding WHEN NEW.update_seq = OLD.update_seq BEGIN
    UPDATE sync_sequence SET value = value + 1 WHERE id = 1;
    UPDATE user_onboarding SET update_seq = (SELECT value FROM sync_sequence WHERE id = 1) WHERE user_id = NEW.user_id;
END;
CREATE TRIGGER user_onboarding_sync_delete AFTER DELETE ON user_onboarding BEGIN
    UPDATE sync_sequence SET value = value + 1 WHERE id = 1;
    INSERT INTO user_metadata_deletions (user_id, key, seq, deleted_at)
    VALUES (OLD.user_id, 'onboarding', (SELECT value FROM sync_sequence WHERE id = 1), CAST(unixepoch('subsec') * 1000 AS INTEGER));
END;

CREATE TABLE user_usage_changes (user_id TEXT PRIMARY KEY, update_seq INTEGER NOT NULL) STRICT, WITHOUT ROWID;

CREATE TRIGGER assets_usage_insert AFTER INSERT ON assets BEGIN
    UPDATE sync_sequence SET value = value + 1 WHERE id = 1;
    INSERT OR REPLACE INTO user_usage_changes (user_id, update_seq) VALUES (NEW.owner_id, (SELECT value FROM sync_sequence WHERE id = 1));
END;
CREATE TRIGGER assets_usage_delete AFTER DELETE ON assets BEGIN
    UPDATE sync_sequence SET value = value + 1 WHERE id = 1;
    INSERT OR REPLACE INTO user_usage_changes (user_id, update_seq) VALUES (OLD.owner_id, (SELECT value FROM sync_sequence WHERE id = 1));
END;
CREATE TRIGGER assets_usage_update AFTER UPDATE OF file_size, owner_id ON assets
WHEN NEW.file_size IS NOT OLD.file_size OR NEW.owner_id IS NOT OLD.owner_id BEGIN
    UPDATE sync_sequence SET value = value + 1 WHERE id = 1;
    INSERT OR REPLACE INTO user_usage_changes (user_id, update_seq) VALUES (NEW.owner_id, (SELECT value FROM sync_sequence WHERE id = 1));
    INSERT OR REPLACE INTO user_usage_changes (user_id, update_seq) VALUES (OLD.owner_id, (SELECT value FROM sync_sequence WHERE id = 1));
END;
