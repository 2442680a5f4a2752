-- Text in photos (docs/ocr.md). ocr_at is the done column of the asset.ocr job step (Pipeline/JobSteps): when the OCR
-- model last read the asset's preview, whether or not it found text. NULL = not read yet (or the model was missing).
ALTER TABLE assets ADD COLUMN ocr_at INTEGER;

-- One row per line of text, in reading order. The box corners are normalised to 0..1 of the preview (Immich's
-- x1,y1 .. x4,y4, clockwise from the top-left as the text reads). seq is an explicit INTEGER PRIMARY KEY so the
-- full-text index's rowids survive VACUUM; id is the line's UUID for Immich clients.
CREATE TABLE asset_ocr (
    seq        INTEGER PRIMARY KEY,
    id         TEXT NOT NULL UNIQUE,
    asset_id   TEXT NOT NULL REFERENCES assets (id) ON DELETE CASCADE,
    line       INTEGER NOT NULL,
    x1 REAL NOT NULL, y1 REAL NOT NULL, x2 REAL NOT NULL, y2 REAL NOT NULL,
    x3 REAL NOT NULL, y3 REAL NOT NULL, x4 REAL NOT NULL, y4 REAL NOT NULL,
    box_score  REAL NOT NULL,
    text_score REAL NOT NULL,
    text       TEXT NOT NULL
) STRICT;
CREATE INDEX asset_ocr_asset ON asset_ocr (asset_id, line);

-- Substring search over the lines: FTS5 with the trigram tokenizer (case-insensitive, any 3+ character fragment),
-- an external-content index over asset_ocr kept in step by these triggers, so deleting an asset (cascade) or
-- re-reading it removes its lines from the index too.
CREATE VIRTUAL TABLE asset_ocr_search USING fts5(text, content = 'asset_ocr', content_rowid = 'seq', tokenize = 'trigram');
CREATE TRIGGER asset_ocr_indexed AFTER INSERT ON asset_ocr BEGIN
    INSERT INTO asset_ocr_search (rowid, text) VALUES (new.seq, new.text);
END;
CREATE TRIGGER asset_ocr_unindexed AFTER DELETE ON asset_ocr BEGIN
    INSERT INTO asset_ocr_search (asset_ocr_search, rowid, text) VALUES ('delete', old.seq, old.text);
END;
