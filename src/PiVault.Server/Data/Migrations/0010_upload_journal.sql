-- Renames of uploads into the library that are in flight. A row is committed before an original is renamed to its
-- path and removed in the transaction that inserts the asset, so after a crash a row here whose path no asset holds
-- names a file that was never acknowledged: start-up removes it (UploadRecovery), and `pivault db check` reports it.

CREATE TABLE upload_journal (
    original_path TEXT PRIMARY KEY, -- relative to the library root, as assets.original_path
    started_at    INTEGER NOT NULL
) STRICT;
