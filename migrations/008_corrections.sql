-- Review and correction. Each field of an action keeps the box of its source
-- cell (JSON, provenance.cells of the export). A correction replaces a field's
-- value in `actions` (so search, views and reports see it) and keeps the
-- extracted value here; it carries enough of the record (ref, position, the
-- extracted fields) to find the record again when the document is re-imported.
ALTER TABLE actions ADD COLUMN cells TEXT;

CREATE TABLE corrections (
  id               INTEGER PRIMARY KEY,
  action_id        INTEGER REFERENCES actions(id) ON DELETE SET NULL,  -- null while detached (re-import) or orphaned
  document_path    TEXT NOT NULL,          -- the document the correction was made in
  document_sha256  TEXT NOT NULL,
  record_ref       TEXT,                   -- the record as extracted: ref, position and text fields (JSON)
  record_position  INTEGER NOT NULL,
  record_fields    TEXT NOT NULL,
  field            TEXT NOT NULL,
  old_value        TEXT,                   -- as extracted (after repair)
  new_value        TEXT,
  derived          TEXT,                   -- JSON: due_date / cost_gbp that follow the new value
  kind             TEXT NOT NULL DEFAULT 'edit' CHECK (kind IN ('edit', 'undo-repair')),
  note             TEXT,
  author           TEXT NOT NULL,
  created_at       TEXT NOT NULL,          -- ISO 8601 UTC
  status           TEXT NOT NULL DEFAULT 'applied' CHECK (status IN ('applied', 'orphaned', 'superseded', 'reverted')),
  status_reason    TEXT,
  status_at        TEXT
);
CREATE INDEX corrections_action ON corrections(action_id);
CREATE INDEX corrections_path ON corrections(document_path);
CREATE INDEX corrections_sha ON corrections(document_sha256);
