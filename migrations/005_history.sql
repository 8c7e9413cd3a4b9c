-- Earlier versions of documents: when a changed file at the same path (or a
-- forced re-import) replaces a document, the old version is kept here whole,
-- as its records export, so nothing once imported is lost.
CREATE TABLE document_history (
  id            INTEGER PRIMARY KEY,
  document_id   INTEGER NOT NULL,          -- id the document had
  sha256        TEXT NOT NULL,
  path          TEXT NOT NULL,
  ingested_at   TEXT NOT NULL,
  replaced_at   TEXT NOT NULL,
  replaced_by   TEXT NOT NULL,             -- sha256 of the new version
  reason        TEXT NOT NULL CHECK (reason IN ('changed', 'forced')),
  document      TEXT NOT NULL              -- JSON: the document as `export --format json` writes it
);
CREATE INDEX document_history_path ON document_history(path);
