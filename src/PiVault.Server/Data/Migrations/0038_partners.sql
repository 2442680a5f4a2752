-- Partner sharing (docs/partners.md): a user shares their whole library (optionally only what was taken from a date on)
-- with another household member, who may show it in their own timeline. Change tracking for the sync stream's
-- PartnerV1 lines and their deletions, on 0004's global sequence. created_seq is the number the share got when it began:
-- a partner's assets reach the sharee's phone again from that number, so a new share sends the whole library once,
-- while turning "show in my timeline" on or off (update_seq) sends only the PartnerV1 line.
CREATE TABLE partners (
    shared_by_id   TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    shared_with_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    in_timeline    INTEGER NOT NULL DEFAULT 0,
    share_from     INTEGER, -- ms since the epoch: only assets taken at or after it are shared; null: all
    created_at     INTEGER NOT NULL,
    updated_at     INTEGER NOT NULL,
    created_seq    INTEGER NOT NULL DEFAULT 0,
    update_seq     INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (shared_by_id, shared_with_id),
    CHECK (shared_by_id <> shared_with_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX partners_shared_with ON partners (shared_with_id, shared_by_id);

CREATE TABLE partner_deletions (
    shared_by_id TEXT NOT NULL, shared_with_id TEXT NOT NULL, seq INTEGER NOT NULL, deleted_at INTEGER NOT NULL) STRICT;
CREATE INDEX partner_deletions_by_seq ON partner_deletions (shared_by_id, seq);
CREATE INDEX partner_deletions_with_seq ON partner_deletions (shared_with_id, seq);

CREATE TRIGGER partners_sync_insert AFTER INSERT ON partners BEGIN
    UPDATE sync_sequence SET value = value + 1 WHERE id = 1;
    UPDATE partners SET created_seq = (SELECT value FROM sync_sequence WHERE id = 1), update_seq = (SELECT value FROM sync_sequence WHERE id = 1)
    WHERE shared_by_id = NEW.shared_by_id AND shared_with_id = NEW.shared_with_id;
END;
CREATE TRIGGER partners_sync_update AFTER UPDATE ON partners WHEN NEW.update_seq = OLD.update_seq BEGIN
    UPDATE sync_sequence SET value = value + 1 WHERE id = 1;
    UPDATE partners SET update_seq = (SELECT value FROM sync_sequence WHERE id = 1)
    WHERE shared_by_id = NEW.shared_by_id AND shared_with_id = NEW.shared_with_id;
END;
CREATE TRIGGER partners_sync_delete AFTER DELETE ON partners BEGIN
    UPDATE sync_sequence SET value = value + 1 WHERE id = 1;
    INSERT INTO partner_deletions (shared_by_id, shared_with_id, seq, deleted_at)
    VALUES (OLD.shared_by_id, OLD.shared_with_id, (SELECT value FROM sync_sequence WHERE id = 1), CAST(unixepoch('subsec') * 1000 AS INTEGER));
END;
