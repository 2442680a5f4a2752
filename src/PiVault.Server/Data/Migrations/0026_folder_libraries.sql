-- Folder libraries (docs/libraries.md; Immich's external libraries): folders on the server indexed in place, read-only.
-- Import paths and exclusion patterns are newline-separated (a path or pattern holding a newline is refused).
CREATE TABLE libraries (
    id                 TEXT PRIMARY KEY,
    owner_id           TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE, -- the user whose assets the files become
    name               TEXT NOT NULL,
    import_paths       TEXT NOT NULL,
    exclusion_patterns TEXT NOT NULL DEFAULT '',
    created_at         INTEGER NOT NULL,
    updated_at         INTEGER NOT NULL,
    refreshed_at       INTEGER -- the end of the last scan
) STRICT;
CREATE INDEX libraries_owner ON libraries (owner_id);

-- An asset of a folder library: original_path is the file's absolute path (never under the library root), the
-- checksum is SHA-1 of "path:" + that path (Immich's rule for external assets: no file is read to index it, and the same
-- photo uploaded too is a second asset, not a clash), and the original is never moved, written or deleted
-- (OriginalLocator's one rule for OriginalTier.External). Deleting a library removes its assets first.
ALTER TABLE assets ADD COLUMN library_id TEXT REFERENCES libraries (id);
-- When a scan found the file gone: the asset went to the trash at the same moment and comes back if the file does.
ALTER TABLE assets ADD COLUMN offline_at INTEGER;
CREATE INDEX assets_library ON assets (library_id) WHERE library_id IS NOT NULL;
