-- Formats come from the reader registry, so the database no longer pins them.
-- PostgreSQL drops the CHECKs in place (SQLite rebuilds the table).
ALTER TABLE documents DROP CONSTRAINT IF EXISTS documents_format_check;
ALTER TABLE documents DROP CONSTRAINT IF EXISTS documents_extractor_check;
