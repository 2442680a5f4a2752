-- Smart search (CLIP): when an asset's image embedding was last stored (the asset.smart-search step's done column).
-- The embeddings themselves are in the vec0 table smart_search, created on first use by EmbeddingIndex: vec0 is
-- sqlite-vec's module, and a server without vec0.so must still be able to migrate and run everything else.
ALTER TABLE assets ADD COLUMN smart_search_at INTEGER;
