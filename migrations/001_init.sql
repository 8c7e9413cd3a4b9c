-- The core schema: documents, their sections and actions, every repair, and
-- every import run with its failures.

CREATE TABLE documents (
  id            INTEGER PRIMARY KEY,
  sha256        TEXT NOT NULL UNIQUE,
  path          TEXT NOT NULL,            -- as given on the command line
  source        TEXT NOT NULL,            -- basename
  format        TEXT NOT NULL CHECK (format IN ('pdf', 'docx', 'image', 'text')),
  extractor     TEXT NOT NULL CHECK (extractor IN ('pdf-text', 'pdf-ocr', 'docx', 'image-ocr', 'text')),
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
CREATE INDEX documents_path ON documents(path);

CREATE TABLE sections (
  id           INTEGER PRIMARY KEY,
  document_id  INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
  path         TEXT NOT NULL,             -- outermost first, joined by ' > '
  UNIQUE (document_id, path)
);

CREATE TABLE actions (
  id           INTEGER PRIMARY KEY,
  document_id  INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
  section_id   INTEGER REFERENCES sections(id) ON DELETE SET NULL,
  position     INTEGER NOT NULL,          -- 0-based order within the document
  section      TEXT,
  ref          TEXT,
  action       TEXT,
  output       TEXT,
  outcome      TEXT,
  milestone    TEXT,
  due          TEXT,
  lead         TEXT,
  resources    TEXT,
  funding      TEXT,
  status       TEXT CHECK (status IN ('R', 'A', 'G')),
  progress     TEXT,
  due_date     TEXT,                      -- YYYY, YYYY-MM or YYYY-MM-DD
  cost_gbp     REAL,
  page         INTEGER NOT NULL,          -- 1-based source page
  row          INTEGER NOT NULL,          -- 1-based source row or line
  low_confidence TEXT,                    -- JSON array of OCR words below the threshold
  UNIQUE (document_id, position)
);
CREATE INDEX actions_document ON actions(document_id);

CREATE TABLE repairs (
  id          INTEGER PRIMARY KEY,
  action_id   INTEGER NOT NULL REFERENCES actions(id) ON DELETE CASCADE,
  field       TEXT NOT NULL,
  "from"      TEXT NOT NULL,
  "to"        TEXT NOT NULL,
  rule        TEXT NOT NULL,
  confidence  REAL NOT NULL
);
CREATE INDEX repairs_action ON repairs(action_id);

CREATE TABLE import_runs (
  id          INTEGER PRIMARY KEY,
  started_at  TEXT NOT NULL,
  finished_at TEXT,
  status      TEXT NOT NULL DEFAULT 'running' CHECK (status IN ('running', 'ok', 'failed', 'interrupted')),
  options     TEXT,                       -- JSON
  files_seen  INTEGER NOT NULL DEFAULT 0,
  imported    INTEGER NOT NULL DEFAULT 0,
  skipped     INTEGER NOT NULL DEFAULT 0,
  failed      INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE import_failures (
  id       INTEGER PRIMARY KEY,
  run_id   INTEGER NOT NULL REFERENCES import_runs(id) ON DELETE CASCADE,
  path     TEXT NOT NULL,
  stage    TEXT NOT NULL,
  reason   TEXT NOT NULL,
  at       TEXT NOT NULL
);
CREATE INDEX import_failures_run ON import_failures(run_id);
