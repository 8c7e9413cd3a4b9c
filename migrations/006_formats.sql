-- foreign_keys: off
-- Formats come from the reader registry, so the database no longer pins them:
-- documents is rebuilt without the CHECKs on format and extractor (SQLite
-- cannot drop a CHECK in place). The runner applies this migration with
-- foreign keys off, as SQLite's table-rebuild procedure asks, so dropping the
-- old table cascades nothing; every id is kept, so sections, actions and
-- repairs still point at their documents, and the runner checks every foreign
-- key before committing.

-- the views read documents: set aside while it is rebuilt
DROP VIEW IF EXISTS rag_by_area;
DROP VIEW IF EXISTS themes_by_area;
DROP VIEW IF EXISTS actions_flat;

CREATE TABLE documents_new (
  id            INTEGER PRIMARY KEY,
  sha256        TEXT NOT NULL UNIQUE,
  path          TEXT NOT NULL,            -- as given on the command line
  source        TEXT NOT NULL,            -- basename
  format        TEXT NOT NULL,            -- a registered format id (src/readers/registry.ts)
  extractor     TEXT NOT NULL,            -- an extractor that format names
  kind          TEXT NOT NULL CHECK (kind IN ('action_plan', 'narrative')),
  title         TEXT,
  organisation  TEXT,
  area          TEXT,
  period        TEXT,
  pages         INTEGER NOT NULL DEFAULT 0,
  size_bytes    INTEGER NOT NULL DEFAULT 0,
  notes         TEXT,                     -- JSON array of strings
  ingested_at   TEXT NOT NULL,            -- ISO 8601 UTC
  run_id        INTEGER REFERENCES import_runs(id) ON DELETE SET NULL
);

INSERT INTO documents_new (id, sha256, path, source, format, extractor, kind, title, organisation, area, period, pages, size_bytes, notes, ingested_at, run_id)
SELECT id, sha256, path, source, format, extractor, kind, title, organisation, area, period, pages, size_bytes, notes, ingested_at, run_id
FROM documents;

DROP TABLE documents;
-- legacy rename: the triggers on actions name "documents" and must not be
-- checked against a table that, for this one statement, does not exist
PRAGMA legacy_alter_table = ON;
ALTER TABLE documents_new RENAME TO documents;
PRAGMA legacy_alter_table = OFF;
CREATE INDEX documents_path ON documents(path);

-- dropped with the old table (migration 002)
CREATE TRIGGER actions_fts_document_update AFTER UPDATE OF title, area, organisation, source ON documents BEGIN
  UPDATE actions_fts SET title = new.title, area = new.area, organisation = new.organisation, source = new.source
  WHERE rowid IN (SELECT id FROM actions WHERE document_id = new.id);
END;

-- the views of migration 003, as they were
CREATE VIEW actions_flat AS
SELECT a.id AS action_id, d.id AS document_id,
       d.source, d.path, d.title, d.organisation, d.area, d.period, d.format, d.kind,
       a.position, a.section, a.ref, a.action, a.output, a.outcome, a.milestone, a.due, a.lead,
       a.resources, a.funding, a.status, a.progress, a.due_date, a.cost_gbp,
       CAST(substr(a.due_date, 1, 4) AS INTEGER) AS due_year,
       a.theme, a.theme_confidence, a.page, a.row
FROM actions a JOIN documents d ON d.id = a.document_id;

CREATE VIEW themes_by_area AS
SELECT coalesce(area, '(unknown)') AS area, coalesce(theme, '(unclassified)') AS theme, count(*) AS actions,
       round(1.0 * count(*) / sum(count(*)) OVER (PARTITION BY coalesce(area, '(unknown)')), 4) AS share
FROM actions_flat
GROUP BY 1, 2;

CREATE VIEW rag_by_area AS
SELECT coalesce(area, '(unknown)') AS area,
       sum(status = 'R') AS red, sum(status = 'A') AS amber, sum(status = 'G') AS green,
       sum(status IS NULL) AS no_status, count(*) AS actions
FROM actions_flat
GROUP BY 1;
